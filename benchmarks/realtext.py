"""The real clean texts that the per-stage and per-lever benchmarks time (issue 17), found and
read one way for all of them."""

from __future__ import annotations

import sys
from pathlib import Path

REALTEXT = Path(__file__).resolve().parents[1].parent / "shared" / "realtext" / "clean"
"""84 real government texts, kept outside the repository (never copied into it)."""


def read_texts(folder: Path) -> list[str]:
    """Every ``*.txt`` under ``folder``, sorted by name.  Exits with status 2 when there is none:
    a benchmark of nothing would print a table that means nothing."""
    files = sorted(folder.glob("*.txt"))
    if not files:
        print(f"no *.txt under {folder}", file=sys.stderr)
        raise SystemExit(2)
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]
