from __future__ import annotations

import sys
from pathlib import Path

# The document makers live beside the extraction tests; the CLI tests build the same files.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    config.addinivalue_line(
        "markers",
        "network: installs the hook environment from PyPI (deselect with -m 'not network')",
    )
