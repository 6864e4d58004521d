"""Memory on huge text stays flat (issue 11 A.8: a 200 MB .txt peaked at 5.8 GB, 28× the file).

Measured with ``tracemalloc`` (what Python allocates, deterministic; not wall-clock), on a
file above the windowed-check threshold: the peak must stay under 10× the file's size.
``benchmarks/huge_text.py`` measures the 200 MB case end to end."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest

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


def test_a_file_that_is_one_huge_line_is_checked_in_flat_memory(tmp_path: Path) -> None:
    """Issue 17: a 20 MB file without a line break peaked at 16× its size — every window of
    the windowed check reached back to the start of the one line, so windows grew to the
    whole text.  A one-line file of 1.5 × the windowed-check threshold must stay within the
    budget of a file with lines (4.0× here; 4.8× before the fix at this size, and growing
    with the number of windows: 16× of RSS at 20 MB)."""
    rng = random.Random(4)
    pieces = [PROSE.strip()] * (int(1.5 * LARGE_TEXT_CHARS) // len(PROSE))
    for i in range(0, len(pieces), 5000):
        pieces[i] = f"身份证号：{synthetic_id(rng)}，"
    path = tmp_path / "line.txt"
    path.write_text("".join(pieces), encoding="utf-8")
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
    assert peak < 6 * size, f"peak {peak / 2**20:.0f} MB for a {size / 2**20:.0f} MB file"


def test_windows_of_one_huge_line_stay_the_size_of_a_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same, sharper and smaller (the window sizes scaled down): the windowed check's
    working memory on a text that is one line follows the window, not the text — before the
    fix the last window was the whole text.  The bound is 8 bytes a character of the text, four
    times the text itself as a string."""
    from baomi_check import chunked

    monkeypatch.setattr(chunked, "MAX_LINE_SLACK", 2000)
    monkeypatch.setattr(chunked, "BLOCK_SLACK", 2000)
    monkeypatch.setattr(chunked, "REACH", 8000, raising=False)
    text = PROSE.strip() * 10_000  # 410 000 characters, no line break
    checker = Checker.default()
    checker.check(PROSE)  # tables built before measuring
    tracemalloc.start()
    try:
        report = chunked.check_large(text, checker=checker, chunk_chars=50_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.stats["chars"] == len(text) and not report.incomplete
    # 2.6 MB after the fix (one window's views), 10.7 MB before (the last window was the text)
    assert peak < 8 * len(text), f"peak {peak / 2**20:.1f} MB for {len(text)} characters"
