"""Chunked checking of a large text must report exactly what one whole-text check reports.

Seams are placed deliberately: inside 密级 marks, inside ID numbers and phone numbers, inside
spam title runs, between ``\\r`` and ``\\n``, and right after header lines, for several core sizes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi_check import Checker, Finding
from baomi_check.chunked import check_large
from baomi_check.models import expand_findings

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id(rng: random.Random) -> str:
    """A synthetic ID number (pre-1900 birth date) with its computed check character."""
    body = f"110101{rng.randint(1850, 1899)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


_FILLER = (
    "　　深入贯彻落实安全生产各项任务，压实主体责任，强化督促检查，取得明显成效。",
    "　　严格执行保密工作责任制，开展保密教育12次，未发生失泄密事件。",
    "　　全年筹集福利彩票公益金300万元，全部用于养老服务和残疾人事业。",
    "　　联合公安部门开展打击六合彩等非法赌博活动专项行动。",
    "",
)


def _snippets(rng: random.Random) -> list[str]:
    return [
        "机密★5年",
        "内部资料　注意保存",
        f"联系人：张伟，身份证号码{_id(rng)}，手机13800000{rng.randint(100, 999)}",
        "免费av_国产精品_一区二区_在线观看",
        "坚决打好扫黑险恶专项斗争。",
        "鎮(zhèn)政府有關規(guī)定，建立長效機(jī)制，中國(guó)電信",
        "（此件不公开）",
        "　　本文件不得外传。",
    ]


def _document(rng: random.Random, n_paras: int) -> str:
    out: list[str] = ["市人民政府办公室", "关于加强信息发布审核的通知", ""]
    snippets = _snippets(rng)
    for i in range(n_paras):
        out.append(rng.choice(_FILLER))
        if i % 7 == 3:
            out.append(rng.choice(snippets))
    sep = rng.choice(("\n", "\r\n", "\n"))
    return sep.join(out)


def _key(f: Finding) -> tuple[object, ...]:
    return (f.rule_id, f.category, f.severity, f.start, f.end, f.text, f.line, f.column,
            f.end_line, f.end_column, f.message, f.suggestion, f.confidence, f.masked, f.count,
            tuple((o.start, o.end, o.line, o.column, o.end_line, o.end_column)
                  for o in f.occurrences))


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.default()


@pytest.fixture(scope="module")
def big_text() -> str:
    rng = random.Random(7)
    return "\n\n".join(_document(rng, rng.randint(20, 80)) for _ in range(25))


@pytest.mark.parametrize("chunk", [997, 4000, 15_000])
def test_chunked_equals_whole(checker: Checker, big_text: str, chunk: int) -> None:
    whole = checker.check(big_text)
    parts = check_large(big_text, checker=checker, chunk_chars=chunk)
    assert len(whole.findings) > 30  # the text really leaks, in many places
    assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]
    assert parts.verdict == whole.verdict
    assert parts.stats["chars"] == len(big_text)
    for f in parts.findings:
        assert big_text[f.start:f.end] == f.text


def test_findings_straddling_seams(checker: Checker) -> None:
    """Put a leak across every core boundary: the seam cuts each one in its middle."""
    rng = random.Random(11)
    chunk = 2000
    snippets = _snippets(rng)
    pieces: list[str] = []
    pos = 0
    k = 1
    for i in range(40):
        snip = snippets[i % len(snippets)]
        seam = k * chunk
        # Fill up to just before the seam so that the snippet's middle lands on it.
        gap = seam - len(snip) // 2 - pos - 1
        filler = ""
        while len(filler) < gap:
            filler += rng.choice(_FILLER[:4]) + "\n"
        filler = filler[:gap] if gap > 0 else ""
        line = filler + "\n" + snip + "\n"
        pieces.append(line)
        pos += len(line)
        k = pos // chunk + 1
    text = "".join(pieces)
    whole = checker.check(text)
    parts = check_large(text, checker=checker, chunk_chars=chunk)
    seams = range(chunk, len(text), chunk)
    straddling = [f for f in expand_findings(whole.findings)
                  if any(f.start < s < f.end for s in seams)]
    assert len(straddling) >= 10, "the construction should put findings across seams"
    assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]


def test_crlf_split_and_line_numbers(checker: Checker) -> None:
    rng = random.Random(3)
    text = "\r\n".join(_document(rng, 30).replace("\r\n", "\n").split("\n")) * 6
    whole = checker.check(text)
    for chunk in (501, 1000, 1777):
        parts = check_large(text, checker=checker, chunk_chars=chunk)
        assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]


def test_file_input_streams_the_same_findings(
    checker: Checker, big_text: str, tmp_path: Path
) -> None:
    path = tmp_path / "big.txt"
    path.write_text(big_text, encoding="utf-8", newline="")
    whole = checker.check(big_text)
    parts = check_large(path, checker=checker, chunk_chars=3000)
    assert parts.source == str(path)
    assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]


def test_pinyin_decision_is_document_level(checker: Checker) -> None:
    """Three annotations far apart: the whole document is gated in, so every window strips them
    and the single tampering finding carries the whole-document count."""
    filler = "　　深入贯彻落实安全生产各项任务，压实主体责任。\n" * 200
    text = "鎮(zhèn)政府\n" + filler + "有關規(guī)定\n" + filler + "長效機(jī)制\n"
    whole = checker.check(text)
    parts = check_large(text, checker=checker, chunk_chars=1500)
    assert any(f.rule_id == "tampering.pinyin_conversion" for f in whole.findings)
    assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]


def test_clean_text_and_tiny_inputs(checker: Checker) -> None:
    for text in ("", "a", "\n", "\r", "机密★5年"):
        assert [_key(f) for f in check_large(text, checker=checker, chunk_chars=1).findings] \
            == [_key(f) for f in checker.check(text).findings]


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        check_large(b"bytes")  # type: ignore[arg-type]


_PIECES = ["机密★5年", "\n", "\r\n", "\r", "　　", "内部资料", "注意保存", "110101188001010011",
           "13800000000", "免费av_国产精品_一区二区", "鎮(zhèn)", "有關規(guī)定", "。", "，",
           "附件1", "深入贯彻落实各项任务", "我们(men)", "打击六合彩", "\u200b", "ｘ", "😀", "\ud800"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=300), st.integers(min_value=1, max_value=400))
def test_chunked_equals_whole_on_arbitrary_mixtures(pieces: list[str], chunk: int) -> None:
    """Random mixtures of the constructs that matter at seams (line breaks of every kind,
    markings, identifiers, spam runs, pinyin, invisible and astral characters), tiny cores."""
    checker = Checker.default()
    text = "".join(pieces)
    whole = checker.check(text)
    parts = check_large(text, checker=checker, chunk_chars=chunk, margin=300)
    assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]


def test_long_tables_keep_their_header_across_seams(checker: Checker) -> None:
    """A roster whose rows run far past the margin: every window reaches back to the start of
    its block, so the table-column detector still reads each row under its header row."""
    rows = ["救助对象公示", "", "序号\t姓名\t家庭住址\t病情"]
    for i in range(1, 1501):
        rows.append(f"{i}\t王某{i % 7}\t柳塘乡红星村{i % 9 + 1}组{i % 40 + 1}号\t慢性肾病")
    rows += ["", "以上公示期为七个工作日。"]
    text = "\n".join(rows * 2)
    report = checker.check(text)
    whole = [_key(f) for f in report.findings]
    assert sum(f.count for f in report.findings if "column" in f.rule_id) >= 3000
    for chunk in (20_000, 61_111):
        chunked = [_key(f) for f in check_large(text, checker=checker, chunk_chars=chunk).findings]
        assert chunked == whole, chunk


def test_a_file_that_is_one_line_is_cut_into_bounded_windows(
    checker: Checker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: on a single line every window reached back to the line's start, so windows
    and the buffer grew to the whole text (a 20 MB one-line file peaked at 16× its size).
    Windows now reach back at most ``REACH``; the findings, columns included, are still those
    of the whole-text check.  Sizes scaled down (slack 1,000, reach 3,000) to stay fast."""
    from baomi_check import chunked

    monkeypatch.setattr(chunked, "MAX_LINE_SLACK", 1000)
    monkeypatch.setattr(chunked, "BLOCK_SLACK", 1000)
    monkeypatch.setattr(chunked, "REACH", 3000)
    rng = random.Random(5)
    pieces = []
    for i in range(900):
        pieces.append(rng.choice(_FILLER).strip() or "。")
        if i % 40 == 7:
            pieces.append(f"联系人身份证号码{_id(rng)}，手机13800000{rng.randint(100, 999)}，")
        if i % 150 == 99:
            pieces.append("免费av_国产精品_一区二区_在线观看")
    line = "".join(pieces)
    for text in (line, f"标题\n{line}\n结尾", f"标题\r\n{line}\r\n结尾"):
        sizes = [len(w.text) for w in chunked._windows(
            chunked._open_reader(text, "utf-8")()[0], 5000, 300, 5)]
        assert len(sizes) >= len(text) // 5000 and max(sizes) <= 5000 + 2 * 300 + 3000 + 1000
        whole = checker.check(text)
        parts = check_large(text, checker=checker, chunk_chars=5000, margin=300)
        assert sum(f.count for f in whole.findings if f.category == "id_card") >= 20
        assert [_key(f) for f in parts.findings] == [_key(f) for f in whole.findings]
        assert [(m.start, m.line, m.column) for m in parts._masked] == [
            (m.start, m.line, m.column) for m in whole._masked]
