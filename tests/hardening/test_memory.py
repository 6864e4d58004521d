"""Memory on huge text stays flat (issue 11 A.8: a 200 MB .txt peaked at 5.8 GB, 28× the file).

Measured with ``tracemalloc`` (what Python allocates, deterministic; not wall-clock), on a
file above the windowed-check threshold: the peak must stay under 10× the file's size.
``benchmarks/huge_text.py`` measures the 200 MB case end to end."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

from baomi_check import Checker
from baomi_check.batch import BatchOptions, check_path
from baomi_check.engine import LARGE_TEXT_CHARS
from baomi_check.testing import synthetic_id

PROSE = "关于开展年度保密教育工作的通知，各科室要高度重视，认真组织学习，按时报送总结材料。\n"


def test_a_large_text_file_is_checked_in_flat_memory(tmp_path: Path) -> None:
    rng = random.Random(3)
    lines = [PROSE] * (LARGE_TEXT_CHARS // len(PROSE) + 20_000)
    for i in range(0, len(lines), 5000):
        lines[i] = f"身份证号：{synthetic_id(rng)}\n"
    path = tmp_path / "big.txt"
    path.write_text("".join(lines), encoding="utf-8")
    size = path.stat().st_size
    checker = Checker.default()
    tracemalloc.start()
    try:
        result = check_path(checker, str(path), BatchOptions(timeout=None))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error is None and result.report is not None
    assert sum(f.count for f in result.report.findings if f.category == "id_card") >= 10
    assert peak < 10 * size, f"peak {peak / 2**20:.0f} MB for a {size / 2**20:.0f} MB file"
