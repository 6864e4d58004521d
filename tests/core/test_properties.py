"""Property tests: check() never raises, and evidence is always the original text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import check
from baomi_check.normalize import normalize

# Pieces that exercise every normalization path, mixed with arbitrary text.
PIECES = [
    "机密★5年", "秘\u3000密★启用前", "\n", "鎮(zhèn)", "機(jī)", "國（guó）", "o\u0301",
    "\u200b", "\u200d", "\ufeff", "\u202e", "１３８", "ＡＶ", "…", "㎏", "赌*博", "六-合-彩",
    "扫黑险恶", "掃黑險惡", "免费av_", "国产精品_", "一区二区_", "在线观看", "（此件不公开）",
    "工作秘密", "\U0001d400", "\ud800", "①", "Ⅹ", "110101", "8800101001", "\r\n", "\t", " ",
]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30
).map("".join)

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text())
def test_never_raises_on_any_str(text: str) -> None:
    report = check(text)
    assert report.warnings == []
    for f in report.findings:
        assert text[f.start:f.end] == f.text


@SETTINGS
@given(texts)
def test_offsets_are_exact_through_every_normalization(text: str) -> None:
    report = check(text)
    assert report.warnings == []
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        line_start = text.rfind("\n", 0, f.start) + 1
        if "\r" not in text:
            assert f.line == text.count("\n", 0, f.start) + 1
            assert f.column == f.start - line_start + 1


@SETTINGS
@given(texts)
def test_offset_map_is_monotonic_and_in_range(text: str) -> None:
    doc = normalize(text)
    prev = 0
    for i in range(len(doc.text)):
        s, e = doc.to_original(i, i + 1)
        assert prev <= s < e <= len(text)
        prev = s
    prev = 0
    for i in range(len(doc.terms)):
        s, e = doc.terms_to_original(i, i + 1)
        assert prev <= s < e <= len(text)
        prev = s


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join))
def test_known_evidence_survives_surrounding_noise(prefix: str) -> None:
    text = prefix + "\n机密★5年\n" + prefix
    report = check(text)
    assert any(f.text == "机密★5年" and f.severity.value == "block" for f in report.findings)
