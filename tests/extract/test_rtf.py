"""RTF: the tokenizer decodes what Word and WPS write for Chinese text (``\\ansicpg936`` with
``\\'hh`` GBK pairs, ``\\uN`` with ``\\ucN`` fallbacks) and skips destinations without text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi_check import Checker
from baomi_check.extract import ExtractError
from baomi_check.extract.rtf import extract_rtf
from baomi_check.testing import id_number

ID = id_number("11010118800101001")


def gbk(text: str) -> str:
    return "".join(f"\\'{b:02x}" for b in text.encode("gbk"))


def uni(text: str, uc: int = 1) -> str:
    """``\\uN`` escapes with ``uc`` fallback characters each (as Word writes them)."""
    out = []
    for ch in text:
        code = ord(ch)
        out.append(f"\\u{code - 65536 if code > 32767 else code}" + "?" * uc)
    return "".join(out)


DOC = (
    r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 "
    + gbk("宋体")
    + r";}{\f1\froman Times;}}"
    r"{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 " + gbk("正文样式") + r";}}"
    r"{\info{\title " + gbk("标题机密") + r"}{\author " + gbk("张三") + r"}{\keywords kw}}"
    r"{\header \pard " + gbk("页眉文字") + r"\par}"
    r"\pard\f0 " + gbk("机密★5年") + r"\par "
    r"\uc2 \u26426\'bb\'fa\u23494\'c3\'dc\uc1 \par "
    r"{\field{\*\fldinst HYPERLINK \"http://x.invalid\"}{\fldrslt " + gbk("链接") + r"}}"
    r"{\footnote \pard " + gbk("脚注一") + r"\par}" + gbk("正文续") + r"\par "
    r"{\pict\pngblip 89504e470d0a1a0a}\par "
    r"\trowd\cellx1000\cellx2000 \intbl " + gbk("张三") + r"\cell " + ID + r"\cell\row "
    r"{\*\atnid a}{\*\atnauthor b}\chatn{\*\annotation{\*\atnref 0}" + gbk("批注内容") + r"}"
    r"{\upr{A-copy}{\*\ud{" + uni("中文") + r"}}}\par "
    r"{\*\unknowndest " + gbk("不应出现") + r"}\bin4 A}{B" + uni("末段") + r"\par}"
)


def parts(doc) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(s.location, doc.text[s.start : s.end]) for s in doc.segments]


def test_word_style_rtf_with_gbk_escapes() -> None:
    doc = extract_rtf(DOC.encode("ascii"))
    assert parts(doc) == [
        ("段落1", "机密★5年"),
        ("段落2", "机密"),
        ("段落3", "链接正文续"),
        ("段落5（表格）", f"张三\t{ID}"),
        ("段落6", "中文"),
        ("段落7", "末段"),
        ("页眉", "页眉文字"),
        ("脚注1", "脚注一"),
        ("批注1", "批注内容"),
        ("文档属性", "标题机密\nkw"),
    ]


def test_checker_finds_marking_and_id_in_rtf() -> None:
    doc = extract_rtf(DOC.encode("ascii"))
    report = Checker.default().check(doc.text)
    found = {(f.category, doc.location_at(f.start)) for f in report.findings}
    assert ("classified_marking", "段落1") in found
    assert ("id_card", "段落5（表格）") in found


def test_font_charset_decides_without_ansicpg() -> None:
    rtf = (
        r"{\rtf1\ansi{\fonttbl{\f0\fcharset134 SimSun;}{\f1\fcharset0 Arial;}}\f0 "
        + gbk("秘密")
        + r"\f1  caf\'e9\par}"
    )
    assert extract_rtf(rtf.encode("ascii")).text == "秘密 café"


def test_gbk_trail_byte_written_as_plain_ascii() -> None:
    # 0xB2 0x40: the trail byte of a GBK pair is an ASCII character and may be written as is.
    rtf = r"{\rtf1\ansi\ansicpg936 \'b2@\par}"
    assert extract_rtf(rtf.encode("ascii")).text == b"\xb2\x40".decode("gbk")


def test_surrogate_pairs_and_negative_u() -> None:
    rtf = r"{\rtf1\ansi \u-10179?\u-8704?\u-3913?\par}"
    assert extract_rtf(rtf.encode("ascii")).text == "😀\uf0b7"


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x9FFF, exclude_characters="\\{}"),
        min_size=1,
        max_size=40,
    ),
    st.integers(0, 3),
)
@settings(max_examples=60, deadline=None)
def test_unicode_escapes_with_any_fallback_length(text: str, uc: int) -> None:
    rtf = r"{\rtf1\ansi\ansicpg936\uc" + str(uc) + " " + uni(text, uc) + r"\par}"
    expected = text.strip()
    assert extract_rtf(rtf.encode("ascii")).text.strip() == expected


@given(st.text(alphabet="机密秘密绝密文件号张三李四，。０１２abc 12", min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_gbk_escapes_round_trip(text: str) -> None:
    rtf = r"{\rtf1\ansi\ansicpg936 " + gbk(text) + r"\par}"
    assert extract_rtf(rtf.encode("ascii")).text == (text if text.strip() else "")


def test_not_rtf_and_deep_nesting() -> None:
    with pytest.raises(ExtractError, match="不是 RTF"):
        extract_rtf(b"plain text")
    with pytest.raises(ExtractError, match="嵌套过深"):
        extract_rtf(b"{\\rtf1 " + b"{" * 10000 + b"x" + b"}" * 10000 + b"}")


def test_unbalanced_and_truncated_rtf_is_read_as_far_as_it_goes() -> None:
    data = DOC.encode("ascii")
    doc = extract_rtf(data[: len(data) * 2 // 3])
    assert doc.text.startswith("机密★5年")
    assert any("截断" in w for w in doc.warnings)
    assert "'" not in extract_rtf(data[: data.index(b"\\'c") + 3]).text
