"""Word 97–2003 ``.doc`` / WPS ``.wps``: the piece table read natively (files built at test time
from the [MS-DOC] structures by ``legacy_files``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_files import WordDoc, build_doc, compound_file

from baomi_check import Checker
from baomi_check.extract import ExtractError
from baomi_check.extract.doc import extract_doc
from baomi_check.testing import id_number

ID = id_number("11010118800101001")
FULL = WordDoc(
    paragraphs=[
        "机密★5年",
        "Draft v2 plain ASCII paragraph",
        '见\x13 HYPERLINK "http://x.invalid" \x14链接文字\x15。嵌套\x13 IF \x13 PAGE \x14 1\x15 = 1 "x" \x14结果\x15完',
        "姓名\x07身份证号\x07\x07",
        f"张三\x07{ID}\x07\x07",
        "末段\x0b换行\x02",
    ],
    footnotes=["脚注内容一", "脚注二"],
    comments=["批注内容"],
    endnotes=["尾注内容"],
    header="页眉文字",
    footer="页脚文字",
    textboxes=["文本框里的字"],
    title="标题机密",
    keywords="关键词",
)


def parts(doc) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(s.location, doc.text[s.start : s.end]) for s in doc.segments]


def test_every_story_is_read_with_its_location() -> None:
    doc = extract_doc(build_doc(FULL))
    assert parts(doc) == [
        ("段落1", "机密★5年"),
        ("段落2", "Draft v2 plain ASCII paragraph"),
        ("段落3", "见链接文字。嵌套结果完"),
        ("段落4（表格）", "姓名\t身份证号"),
        ("段落5（表格）", f"张三\t{ID}"),
        ("段落6", "末段\n换行"),
        ("页眉（第1节）", "页眉文字"),
        ("页脚（第1节）", "页脚文字"),
        ("脚注1", "脚注内容一"),
        ("脚注2", "脚注二"),
        ("尾注1", "尾注内容"),
        ("批注1", "批注内容"),
        ("文本框1", "文本框里的字"),
        ("文档属性", "标题机密\n关键词"),
    ]
    assert doc.warnings == []


def test_the_checker_finds_the_leaks_in_a_doc() -> None:
    doc = extract_doc(build_doc(FULL), "wps")
    report = Checker.default().check(doc.text)
    kinds = {(f.category, doc.location_at(f.start)) for f in report.findings}
    assert ("id_card", "段落5（表格）") in kinds
    assert ("classified_marking", "段落1") in kinds


@given(
    paragraphs=st.lists(
        st.text(alphabet=st.sampled_from("ab中文字 1é\t"), min_size=1, max_size=30),
        min_size=1,
        max_size=8,
    ),
    piece=st.integers(min_value=1, max_value=40),
)
@settings(max_examples=40, deadline=None)
def test_pieces_of_any_size_and_encoding_give_the_text(paragraphs: list[str], piece: int) -> None:
    """Whatever the cut into pieces (8-bit and UTF-16 mixed, stream order reversed), the text
    is the paragraphs, each at its own location."""
    doc = extract_doc(build_doc(WordDoc(paragraphs=paragraphs, piece_chars=piece)))
    expected = [(f"段落{i}", p) for i, p in enumerate(paragraphs, start=1) if p.strip()]
    assert parts(doc) == expected


def test_encrypted_doc_is_a_clear_error() -> None:
    with pytest.raises(ExtractError, match="已加密"):
        extract_doc(build_doc(WordDoc(paragraphs=["秘密"], encrypted=True)))


def test_word95_is_a_clear_error() -> None:
    with pytest.raises(ExtractError, match=r"Word 6.0/95"):
        extract_doc(build_doc(WordDoc(paragraphs=["秘密"], nfib=0x0068)))


@pytest.mark.parametrize("cut", [0.05, 0.3, 0.6])
def test_truncated_doc_is_a_clear_error(cut: float) -> None:
    data = build_doc(FULL)
    with pytest.raises(ExtractError, match=r"截断|损坏"):
        extract_doc(data[: int(len(data) * cut)])


def test_doc_cut_in_its_properties_is_read_with_a_warning() -> None:
    """Streams are laid out text first; a file cut in the summary properties still has all
    its text, which is checked, and the report says what was lost."""
    data = build_doc(FULL)
    doc = extract_doc(data[: len(data) - 2000])
    assert "机密★5年" in doc.text
    assert any("截断" in w and "SummaryInformation" in w for w in doc.warnings)


def test_old_wps_that_is_not_a_compound_file_says_convert() -> None:
    with pytest.raises(ExtractError, match=r"另存为 .docx"):
        extract_doc(b"WPS\x00\x01 some old binary" * 20, "wps")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04rest", "实际是 .docx"),
        (b"{\\rtf1\\ansi hi}", "RTF"),
        (b"", "为空"),
    ],
)
def test_other_files_named_doc(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_doc(data)


def test_compound_file_without_word_stream() -> None:
    with pytest.raises(ExtractError, match="Excel"):
        extract_doc(compound_file({"Workbook": b"\x09\x08" + b"\0" * 100}))
    with pytest.raises(ExtractError, match="WordDocument"):
        extract_doc(compound_file({"Other": b"x"}))


def test_garbage_fib_and_clx_never_crash() -> None:
    good = build_doc(WordDoc(paragraphs=["正文"]))
    import olefile

    ole = olefile.OleFileIO(good)
    word = ole.openstream("WordDocument").read()
    table = ole.openstream("1Table").read()
    ole.close()
    bad_clx = compound_file({"WordDocument": word, "1Table": b"\x07" * len(table)})
    with pytest.raises(ExtractError, match="Clx"):
        extract_doc(bad_clx)
    no_table = compound_file({"WordDocument": word})
    with pytest.raises(ExtractError, match="1Table"):
        extract_doc(no_table)
    short = compound_file({"WordDocument": word[:40], "1Table": table})
    with pytest.raises(ExtractError):
        extract_doc(short)


def test_doc_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "通知.doc"
    path.write_bytes(build_doc(FULL))
    assert "机密★5年" in extract_doc(path.read_bytes()).text


def test_table_rows_come_from_paragraph_properties() -> None:
    """A row whose middle cell is empty (``姓名 | | 身份证号``) stays one line: the row end is
    the paragraph Word marks with sprmPFTtp in its PAPX, not a guess from two cell marks."""
    rows = ["姓名\x07\x07身份证号\x07\x07", f"张三\x07\x07{ID}\x07\x07", "表后正文"]
    doc = extract_doc(build_doc(WordDoc(paragraphs=rows)))
    assert parts(doc) == [
        ("段落1（表格）", "姓名\t\t身份证号"),
        ("段落2（表格）", f"张三\t\t{ID}"),
        ("段落3", "表后正文"),
    ]
    # Without paragraph properties the heuristic reads the empty cell as the row end: the
    # name and the number land on separate lines (still read, still located).
    guessed = extract_doc(build_doc(WordDoc(paragraphs=rows, papx=False)))
    assert [text for _, text in parts(guessed)][:2] == ["姓名", "身份证号"]
