"""Extraction from real files created at test time, and from broken ones."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from baomi_testfiles import (
    HIDDEN_LINK_PAGE,
    MARK,
    make_cjk_pdf,
    make_docx,
    make_latin_pdf,
    make_xlsx,
)

from baomi_check import Checker
from baomi_check.extract import ExtractError, annotate, extract_bytes, extract_file
from baomi_check.extract.html import hidden_reason, parse_declarations
from baomi_check.models import expand_findings

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.from_rules(DATA / "locate.yaml")


def checked(checker: Checker, path: Path):  # type: ignore[no-untyped-def]
    doc = extract_file(path)
    report = annotate(doc, checker.check(doc.text))
    for f in report.findings:  # offsets are sacred, also for findings the extractor adds
        assert doc.text[f.start : f.end] == f.text
    return doc, report


def locations(report, rule: str = "test.locate") -> list[str]:  # type: ignore[no-untyped-def]
    """Every place of the rule's findings (a repeated value is one finding with occurrences,
    each with its own location)."""
    return [f.location for f in expand_findings(report.findings) if f.rule_id == rule]


# --- plain text and encodings -----------------------------------------------------------------

NOTICE = "机密★5年\n关于开展年度保密自查工作的通知\n各科室：请按要求完成自查。\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("gbk", b"", "gb18030"),
        ("gb18030", b"", "gb18030"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf_16_le"),
    ],
)
def test_text_encodings(tmp_path: Path, encoding: str, prefix: bytes, expected: str) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(prefix + NOTICE.encode(encoding))
    doc = extract_file(path)
    assert doc.text == NOTICE
    assert doc.encoding is not None
    assert doc.encoding.replace("-", "_") == expected.replace("-", "_")
    assert doc.warnings == []
    report = annotate(doc, Checker.default().check(doc.text))
    marking = [f for f in report.findings if f.category == "classified_marking"]
    assert marking and marking[0].location == "第1行"


def test_very_short_gbk_text_is_still_read_as_gbk(tmp_path: Path) -> None:
    # charset-normalizer guesses wrongly on 8 bytes; GB18030 is tried before its other guesses.
    path = tmp_path / "short.txt"
    path.write_bytes("机密★5年".encode("gbk"))
    assert extract_file(path).text == "机密★5年"


def test_binary_with_text_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ExtractError, match="二进制"):
        extract_file(path)


def test_empty_text_file_is_clean_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    doc = extract_file(path)
    assert doc.text == "" and doc.warnings


# --- HTML ---------------------------------------------------------------------------------------


def test_html_hidden_link_block_is_tampering(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HIDDEN_LINK_PAGE, encoding="utf-8")
    doc, report = checked(Checker.default(), path)
    assert doc.text.startswith("某县人民政府 政务公开\n")
    tampering = [f for f in report.findings if f.rule_id == "tampering.hidden_content"]
    reasons = sorted(f.message.split("（")[1].split("）")[0] for f in tampering)
    # the display:none class, the off-screen block and the zero-size marquee; not the hidden
    # drop-down menu, whose only link is the site's own
    assert reasons == ["display:none", "left:-9999px", "width:0;height:0"]
    assert all(f.severity.value == "review" and f.category == "tampering" for f in tampering)
    assert all(f.location and f.location.startswith("源码第") for f in tampering)
    spam = [f for f in report.findings if f.category == "spam"]
    assert spam and report.verdict == "block"
    assert not any("法定主动公开内容" in f.text for f in report.findings)


def test_html_clean_page_with_hidden_menu_passes(tmp_path: Path) -> None:
    page = HIDDEN_LINK_PAGE.split('<div class="sx">')[0] + "</body></html>"
    path = tmp_path / "clean.html"
    path.write_text(page, encoding="utf-8")
    doc, report = checked(Checker.default(), path)
    assert doc.hidden  # the drop-down menu is hidden ...
    assert report.verdict == "pass"  # ... but innocent


def test_html_text_after_a_comment_is_extracted() -> None:
    # A comment's tail is page text: injected spam placed after a comment must not vanish.
    page = "<html><body><p>正文<!-- 普通注释 -->免费av_国产精品_一区二区</p></body></html>"
    doc = extract_bytes(page.encode("utf-8"), "html")
    assert "免费av_国产精品_一区二区" in doc.text
    assert "普通注释" not in doc.text


def test_html_suppression_directives_survive_extraction(tmp_path: Path) -> None:
    from baomi_check.batch import BatchOptions, check_path

    page = (
        "<html><body>\n<p>值班电话：13800000000 <!-- baomi-check: allow mobile_phone --></p>\n"
        "<!-- baomi-check: allow-next-line -->\n<p>联系人手机：13900000000</p>\n"
        "<p>另一手机：13700000000</p>\n</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = check_path(Checker.default(), str(path), BatchOptions())
    assert result.report is not None
    assert [f.masked for f in result.report.findings] == ["137****0000"]


def test_html_gb2312_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="gb2312"><title>通知</title></head><body><p>机密★5年</p>'
    path = tmp_path / "gb.htm"
    path.write_bytes(page.encode("gbk"))
    doc = extract_file(path)
    assert "机密★5年" in doc.text and doc.encoding == "gb18030"


@pytest.mark.parametrize(
    ("style", "attrs", "hidden"),
    [
        ("display:none", {}, True),
        ("DISPLAY: NONE !important", {}, True),
        ("visibility:hidden", {}, True),
        ("position:absolute;left:-9999px", {}, True),
        ("top:-3000px", {}, True),
        ("font-size:0", {}, True),
        ("font-size:0px", {}, True),
        ("width:0;height:0", {}, True),
        ("height:0;overflow:hidden", {}, True),
        ("opacity:0", {}, True),
        ("", {"hidden": ""}, True),
        ("", {"width": "0", "height": "0"}, True),
        # look-alikes that are visible
        ("display:block", {}, False),
        ("position:relative;left:-10px", {}, False),
        ("font-size:12px", {}, False),
        ("width:0", {}, False),
        ("height:0", {}, False),
        ("opacity:0.5", {}, False),
        ("", {"width": "100", "height": "0"}, False),
    ],
)
def test_hidden_reason(style: str, attrs: dict[str, str], hidden: bool) -> None:
    assert (hidden_reason(parse_declarations(style), attrs) is not None) is hidden


# --- DOCX ---------------------------------------------------------------------------------------


def test_docx_every_part_is_read_with_its_location(tmp_path: Path, checker: Checker) -> None:
    path = make_docx(tmp_path / "draft.docx", footnote=f"脚注{MARK}", textbox=f"文本框{MARK}")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    _, report = checked(checker, path)
    assert locations(report) == [
        "段落3",
        "表格1 第2行第2列",
        "页眉（第1节）",
        "页脚（第1节）",
        "脚注1",
        "批注1",
        "文本框1",
    ]
    marking = [f for f in report.findings if f.category == "classified_marking"]
    assert marking and marking[0].location == "段落1" and marking[0].severity.value == "block"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # never modified


def test_docx_table_row_is_one_line() -> None:
    buf = io.BytesIO()
    import docx

    d = docx.Document()
    t = d.add_table(rows=1, cols=3)
    for i, v in enumerate(["张三", "男", "公民身份号码"]):
        t.cell(0, i).text = v
    d.save(buf)
    assert extract_bytes(buf.getvalue(), "docx").text == "张三\t男\t公民身份号码"


def test_truncated_docx_is_a_clear_error(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx").read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(ExtractError, match=r"无法打开 \.docx"):
        extract_file(path)


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ExtractError, match="不是 Word 文档"):
        extract_file(path)


def test_password_protected_office_file_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ExtractError, match="密码"):
        extract_file(path)


@pytest.mark.parametrize("name", ["empty.docx", "empty.xlsx", "empty.pdf"])
def test_empty_office_and_pdf_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(ExtractError, match="文件为空"):
        extract_file(path)


@pytest.mark.parametrize("name", ["a.doc", "a.wps", "a.xls", "a.et"])
def test_broken_legacy_files_are_clear_errors(tmp_path: Path, name: str) -> None:
    """Legacy formats are read natively now (tests/extract/test_doc.py, test_xls.py); four bytes
    of a compound-file header are a damaged file, said in plain Chinese."""
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExtractError, match="损坏"):
        extract_file(path)


# --- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_cells_with_sheet_locations(tmp_path: Path, checker: Checker) -> None:
    path = make_xlsx(tmp_path / "roster.xlsx")
    _, report = checked(checker, path)
    assert locations(report) == ["名单!C7", "'Sheet 2'!B3"]
    marking = [f for f in report.findings if f.category == "classified_marking"]
    assert [f.location for f in marking] == ["隐藏表!A1"]  # hidden sheets are published too


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = make_xlsx(tmp_path / "good.xlsx").read_bytes()
    path = tmp_path / "bad.xlsx"
    path.write_bytes(good[:300])
    with pytest.raises(ExtractError, match=r"无法打开 \.xlsx"):
        extract_file(path)


# --- PDF ----------------------------------------------------------------------------------------


def test_cjk_pdf_pages(tmp_path: Path, checker: Checker) -> None:
    path = make_cjk_pdf(
        tmp_path / "notice.pdf", ["机密★5年\n关于年度工作的通知", f"第二页正文{MARK}。"]
    )
    _, report = checked(checker, path)
    assert locations(report) == ["第2页"]
    marking = [f for f in report.findings if f.category == "classified_marking"]
    assert [f.location for f in marking] == ["第1页"]


def test_pdf_written_by_fpdf2(tmp_path: Path) -> None:
    # fpdf2 with a core font: Latin text only (no CJK font on this machine, see baomi_testfiles).
    path = make_latin_pdf(tmp_path / "latin.pdf", ["Annual report", "Visit 365bet today"])
    _, report = checked(Checker.default(), path)
    spam = [f for f in report.findings if f.category == "spam"]
    assert [(f.text, f.location) for f in spam] == [("365bet", "第2页")]


def test_encrypted_pdf_needs_a_password(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(0, 10, "secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(ExtractError, match="加密"):
        extract_file(path)


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner")  # "no printing" protection, empty user password
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(0, 10, "Visit 365bet today")
    path = tmp_path / "protected.pdf"
    pdf.output(str(path))
    assert "365bet" in extract_file(path).text


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("<html>this is not a pdf</html>")
    with pytest.raises(ExtractError, match="不是 PDF"):
        extract_file(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    good = make_cjk_pdf(tmp_path / "good.pdf", ["机密★5年"]).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(good[:200])
    with pytest.raises(ExtractError):
        extract_file(path)


def test_pdf_without_text_layer_is_an_error_not_a_pass(tmp_path: Path) -> None:
    # A scanned PDF cannot be reviewed automatically; passing it as clean would be a false pass.
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()  # an empty page: what a scanned page looks like to a text extractor
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ExtractError, match="扫描件"):
        extract_file(path)


# --- limits and non-regular files ----------------------------------------------------------------


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("正文" * 1000, encoding="utf-8")
    with pytest.raises(ExtractError, match=r"文件过大.*--max-file-size"):
        extract_file(path, max_bytes=1000)


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    # Opening a FIFO for reading blocks until a writer comes; it must be refused from stat().
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ExtractError, match="不是普通文件"):
        extract_file(fifo)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing; simulate the EACCES of open().
    path = tmp_path / "locked.txt"
    path.write_text("正文", encoding="utf-8")
    real_open = os.open

    def deny(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("os.open", deny)
    with pytest.raises(ExtractError, match="没有读取该文件的权限"):
        extract_file(path)


# --- what a file publishes beyond its current text -----------------------------------------------


def test_docx_tracked_deletions_are_read_with_their_location(tmp_path: Path) -> None:
    """A number deleted in revision mode is still in the file (“show markup” reveals it)."""
    import docx
    from baomi_testfiles import W_NS, synthetic_id
    from docx.oxml import parse_xml

    number = synthetic_id()
    d = docx.Document()
    p = d.add_paragraph("联系人张三")
    p._p.append(parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="a"><w:r>'
                          f"<w:delText>，身份证号{number}</w:delText></w:r></w:del>"))  # fmt: skip
    p._p.append(parse_xml(f'<w:moveFrom xmlns:w="{W_NS}" w:id="2" w:author="a"><w:r>'
                          "<w:t>挪走的字</w:t></w:r></w:moveFrom>"))  # fmt: skip
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).paragraphs[0]._p.append(parse_xml(
        f'<w:del xmlns:w="{W_NS}" w:id="3" w:author="a"><w:r><w:delText>{number}</w:delText>'
        "</w:r></w:del>"))  # fmt: skip
    path = tmp_path / "tracked.docx"
    d.save(path)
    doc = extract_file(path)
    assert doc.text.splitlines()[:2] == ["联系人张三", "姓名"]  # current text unchanged
    assert "挪走的字" not in doc.text  # moved text is read where it was moved to
    report = annotate(doc, Checker.default().check(doc.text))
    ids = [f for f in expand_findings(report.findings) if f.category == "id_card"]
    assert [f.location for f in ids] == ["修订删除（段落1）", "修订删除（表格1 第1行第2列）"]
    assert all(doc.text[f.start : f.end] == number for f in ids)


def test_xlsx_comments_formulas_and_headers_are_read(tmp_path: Path) -> None:
    from baomi_testfiles import synthetic_id
    from openpyxl.comments import Comment

    number = synthetic_id()
    wb = openpyxl_workbook()
    ws = wb.active
    ws.title = "名单"
    ws["A1"] = "张三"
    ws["B2"] = "见批注"
    ws["B2"].comment = Comment(f"身份证号{number}", "审核人")
    ws["C3"] = f'="{number}"'  # written by a script: no cached value
    ws["D4"] = '=IF(A1="张三","是","否")'  # constants, but nothing an identifier detector wants
    ws["E5"] = "=SUM(A1:A3)"  # no constant: not repeated
    ws.oddFooter.center.text = f"&\"宋体,加粗\"联系人身份证{number}"
    path = tmp_path / "extras.xlsx"
    wb.save(path)
    doc = extract_file(path)
    assert "=SUM" not in doc.text and "宋体" not in doc.text
    report = annotate(doc, Checker.default().check(doc.text))
    ids = sorted(f.location or "" for f in expand_findings(report.findings)
                 if f.category == "id_card")
    assert ids == ["名单!B2（批注）", "名单!C3（公式）", "名单（页脚）"]
    for f in report.findings:
        assert doc.text[f.start : f.end] == f.text


def test_xlsx_formula_constants_and_header_footer_codes() -> None:
    from baomi_check.extract.xlsx import _formula_constants, _header_footer_text

    assert _formula_constants('=IF(A1="a""b",123456,"")') == ['a"b', "123456"]
    assert _formula_constants("=SUM(A1:B200000)+$C$1234567") == []
    assert _header_footer_text('&L&"Arial,Bold"&12左 && 右&P') == "左 & 右"


def openpyxl_workbook():  # type: ignore[no-untyped-def]
    import openpyxl

    return openpyxl.Workbook()


def test_hidden_block_evidence_masks_the_identifiers_inside_it(tmp_path: Path) -> None:
    """The ``tampering`` finding's display form covered digit runs only: an e-mail address in
    the hidden block reached every report format unmasked."""
    from baomi_check.report.common import Masker, display

    path = tmp_path / "page.html"
    path.write_text(
        '<p>正文 <a href="https://gov.example.cn/">本站</a></p><div style="display:none">'
        "联系邮箱 zhangsan@example.com 手机13800000000 "
        '<a href="https://casino.example.com/">澳门赌场</a></div>',
        encoding="utf-8",
    )
    doc = extract_file(path)
    report = annotate(doc, Checker.default().check(doc.text))
    (hidden,) = [f for f in report.findings if f.rule_id == "tampering.hidden_content"]
    shown = display(hidden)
    assert "zhangsan@" not in shown and "13800000000" not in shown
    assert "138****0000" in shown and "@example.com" in shown
    assert "zhangsan@" not in Masker(report.findings, False).finding_text(hidden)


def test_html_links_written_by_script_and_noscript_are_read(tmp_path: Path) -> None:
    """``document.write`` 暗链 (escaped, concatenated) and ``<noscript>`` spam passed as clean."""
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><script>document.write('<div style=\"left:-9999px\">' + "
        "'<a href=\"https://casino.example.com/\">\\u6fb3\\u95e8\\u8d4c\\u573a</a></div>');"
        "</script></head><body><p>正文 <a href=\"https://gov.example.cn/\">本站</a></p>"
        '<noscript><a href="https://spam.example.net/">在线博彩</a></noscript>'
        "<script>var n = 1; // no text here</script></body></html>",
        encoding="utf-8",
    )
    doc = extract_file(path)
    assert doc.text.splitlines() == ["正文 本站", "澳门赌场", "在线博彩"]
    report = annotate(doc, Checker.default().check(doc.text))
    hidden = [f for f in report.findings if f.rule_id == "tampering.hidden_content"]
    assert [f.location for f in hidden] == ["<script> 源码第1行", "<noscript> 源码第1行"]
    assert "casino.example.com" in hidden[0].message and "由脚本写入" in hidden[0].message


def test_html_script_with_only_own_links_is_not_tampering(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<p>正文 <a href="https://gov.example.cn/">本站</a></p><script>'
        "document.write('<a href=\"https://gov.example.cn/about\">关于我们</a>');"
        'var cnzz = unescape("%3Cscript src=\'https://s4.cnzz.com/z.js\'%3E%3C/script%3E");'
        "</script>",
        encoding="utf-8",
    )
    doc = extract_file(path)
    report = annotate(doc, Checker.default().check(doc.text))
    assert report.verdict == "pass" and "关于我们" in doc.text


@pytest.mark.parametrize(
    ("code", "strings"),
    [
        ("a('x' + \"y\"\n + `z`)", ["xyz"]),
        ("a('x'); b('y')", ["x", "y"]),
        (r"'it\'s \x41\u{1F600}'", ["it's A\U0001f600"]),
        ('unescape("%u8d4c%u573a")', ["赌场"]),
    ],
)
def test_script_strings(code: str, strings: list[str]) -> None:
    from baomi_check.extract.html import script_strings

    assert script_strings(code) == strings


def test_document_properties_are_read_last(tmp_path: Path) -> None:
    """A 机密 title in File ▸ Properties is published with the file; it passed unchecked."""
    import docx
    import openpyxl
    import pypdf

    d = docx.Document()
    d.add_paragraph("关于开展年度检查工作的通知")
    d.core_properties.title = "机密★5年 年度计划"
    d.core_properties.keywords = "检查"
    d.save(tmp_path / "a.docx")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "名单"
    wb.properties.subject = "机密★5年 年度计划"
    wb.save(tmp_path / "a.xlsx")
    make_latin_pdf(tmp_path / "plain.pdf", ["page one"])
    writer = pypdf.PdfWriter(clone_from=str(tmp_path / "plain.pdf"))
    writer.add_metadata({"/Title": "机密★5年 年度计划", "/Author": "张三"})
    writer.write(tmp_path / "a.pdf")
    for name in ("a.docx", "a.xlsx", "a.pdf"):
        doc = extract_file(tmp_path / name)
        assert "机密★5年 年度计划" in doc.text.splitlines()[1:], name
        assert "张三" not in doc.text
        report = annotate(doc, Checker.default().check(doc.text))
        marks = [f for f in report.findings if f.category == "classified_marking"]
        assert marks and {f.location for f in marks} == {"文档属性"}, name
    assert extract_file(tmp_path / "a.docx").text.splitlines() == [
        "关于开展年度检查工作的通知", "机密★5年 年度计划", "检查"
    ]  # fmt: skip


def test_zip_bomb_is_refused_before_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small .docx whose part unpacks to gigabytes would take the worker down by memory (and
    a dead worker breaks the process pool for the rest of the batch)."""
    import baomi_check.extract as extract

    good = make_docx(tmp_path / "good.docx").read_bytes()
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(
        bomb, "w", zipfile.ZIP_DEFLATED
    ) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        zout.writestr("word/media/padding.xml", b"<a/>" * (17 << 20))  # 68 MiB, ratio ~1000
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(ExtractError, match="压缩炸弹"):
        extract_file(bomb)
    extract_file(tmp_path / "good.docx")
    monkeypatch.setattr(extract, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ExtractError, match="解压后过大"):
        extract_file(tmp_path / "good.docx")


def test_xlsx_long_numbers_in_number_cells_are_read_as_digits(tmp_path: Path) -> None:
    """An ID number typed into a number cell: Excel keeps ~15 significant digits, and they are
    published; the exponent form (``1.1010118800101002e+17``) hid them from every detector."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["张三", "身份证号", float(int("110101188001010011"))])
    ws.append(["李四", "银行卡", float(6222020000000000)])
    ws.append(["序号", 3.0, 2.5])
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    lines = extract_file(path).text.splitlines()
    # The file keeps 15-17 significant digits (openpyxl, like Excel, rounds): digits, not 1.1e17.
    assert lines[0].startswith("张三\t身份证号\t110101188001010") and lines[0][-18:].isdigit()
    assert lines[1:3] == ["李四\t银行卡\t6222020000000000", "序号\t3\t2.5"]


def test_pdf_annotations_are_read_with_their_page(tmp_path: Path) -> None:
    """A sticky note on page 2 is shown by every PDF reader; it was not read."""
    import pypdf
    from baomi_testfiles import synthetic_id
    from pypdf.annotations import FreeText, Link, Text

    make_latin_pdf(tmp_path / "plain.pdf", ["page one", "page two"])
    writer = pypdf.PdfWriter(clone_from=str(tmp_path / "plain.pdf"))
    number = synthetic_id()
    note = Text(text=f"身份证号{number}", rect=(50, 550, 200, 650))
    writer.add_annotation(page_number=1, annotation=note)
    box = FreeText(text="机密★5年", rect=(50, 550, 200, 650))
    writer.add_annotation(page_number=0, annotation=box)
    writer.add_annotation(page_number=0, annotation=Link(rect=(0, 0, 9, 9), target_page_index=1))
    writer.write(tmp_path / "notes.pdf")
    doc = extract_file(tmp_path / "notes.pdf")
    report = annotate(doc, Checker.default().check(doc.text))
    found = {(f.category, f.location) for f in report.findings}
    assert ("id_card", "第2页（批注）") in found
    assert any(loc == "第1页（批注）" for _, loc in found)
    assert doc.text.splitlines()[:2] == ["page one", "page two"]


@pytest.mark.parametrize("text", ["秘密", "绝密★长期", "工作秘密", "此件不公开", "密级：机密"])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_a_few_bytes_of_gbk_are_read_as_gbk(text: str, encoding: str) -> None:
    """charset-normalizer read GBK ``秘密`` as Big5 (``贈躇``) and ``绝密★长期`` as UTF-16: the
    marking of a short GBK file vanished."""
    from baomi_check.extract.text import decode

    decoded, used, warnings = decode(text.encode(encoding))
    assert (decoded, used, warnings) == (text, "gb18030", [])


@pytest.mark.parametrize("text", ["機密文件 請勿外傳", "臺灣省政府公報"])
def test_big5_is_still_read_as_big5(text: str) -> None:
    from baomi_check.extract.text import decode

    assert decode(text.encode("big5"))[0] == text
