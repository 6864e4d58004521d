"""Redacted copies: formats, formatting kept, originals untouched, unsafe paths refused, and the
round trip — scanning OUT finds no unmasked identifier.

Synthetic values only: ID numbers are cn-formats vector bodies with computed check characters,
phones have all-zero tails.  The ``patterns`` checker adds two plain regex rules for ID and
mobile numbers, so most tests do not depend on the identifier detectors being registered; the
round trip through the default checker skips until they are.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_COLOR_INDEX
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment

from baomi_check import Checker, check
from baomi_check.baseline import IDENTIFIER_CATEGORIES
from baomi_check.extract import extract_file
from baomi_check.redact import RedactError, main, redact
from baomi_check.testing import id_number

ID = id_number("11010118800101001")
ID2 = id_number("31011518991231123")
PHONE = "13800000000"
RULES = """\
patterns:
  - id: test.id18
    regex: '(?<![0-9])[1-8][0-9]{16}[0-9X](?![0-9])'
    category: id_card
    severity: block
    message: 身份证号
  - id: test.mobile
    regex: '(?<![0-9])1[3-9][0-9]{9}(?![0-9])'
    category: mobile_phone
    severity: review
    message: 手机号码
"""


@pytest.fixture(scope="module")
def patterns(tmp_path_factory: pytest.TempPathFactory) -> Checker:
    d = tmp_path_factory.mktemp("rules")
    (d / "ids.yaml").write_text(RULES, encoding="utf-8")
    return Checker.from_rules(d)


def digest(path: Path) -> tuple[str, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns


def tree_digest(root: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(root)): digest(p) for p in sorted(root.rglob("*")) if p.is_file()}


def leaked(text: str) -> list[str]:
    return [v for v in (ID, ID2, PHONE) if v in text]


# --- txt / md / html --------------------------------------------------------------------------


def test_txt_masks_identifiers_and_replaces_markings(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "in.txt"
    text = f"机密★5年\r\n联系人张三，身份证号{ID}，手机{PHONE}。\r\n正文。\r\n"
    src.write_bytes(text.encode("gb18030"))
    before = digest(src)
    summary = redact(src, tmp_path / "out.txt", checker=patterns)
    assert digest(src) == before
    out = (tmp_path / "out.txt").read_bytes().decode("gb18030")
    assert out == (
        "■■■■■\r\n联系人张三，身份证号110101********0011，手机138****0000。\r\n正文。\r\n"
    )
    (f,) = summary.files
    assert (f.masked, f.replaced, f.highlighted) == (2, 1, 0)
    assert "脱敏 2 · 替换 1" in summary.as_text()


def test_md_highlight_mode(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "a.md"
    src.write_text("# 通知\n\n机密★5年\n\n电话 138 0000 0000\n", encoding="utf-8")
    redact(src, tmp_path / "b.md", checker=patterns, terms="highlight")
    out = (tmp_path / "b.md").read_text("utf-8")
    assert "<mark>机密★5年</mark>" in out
    assert PHONE not in out.replace(" ", "")


def test_keep_mode_and_severity_threshold(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "a.txt"
    src.write_text(f"机密★5年\n手机{PHONE}\n", encoding="utf-8")
    redact(src, tmp_path / "keep.txt", checker=patterns, terms="keep")
    assert (tmp_path / "keep.txt").read_text("utf-8") == "机密★5年\n手机138****0000\n"
    redact(src, tmp_path / "block.txt", checker=patterns, min_severity="block")
    # the phone is a review finding: below the threshold it stays
    assert (tmp_path / "block.txt").read_text("utf-8") == f"■■■■■\n手机{PHONE}\n"


def test_html_edits_text_and_attributes_never_tags(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "p.html"
    src.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知</title></head><body>\n'
        "<p>机密★5年</p>\n"
        f'<p>联系 <a href="tel:{PHONE}">{PHONE}</a>，证件 <b>{ID[:6]}</b>{ID[6:]}</p>\n'
        f"<!-- 备用 {ID2} -->\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    redact(src, tmp_path / "q.html", checker=patterns)
    out = (tmp_path / "q.html").read_text("utf-8")
    assert leaked(out) == []
    assert 'href="tel:138****0000"' in out
    assert "<p>■■■■■</p>" in out
    assert out.count("<p>") == 2 and "<b>" in out and "</b>" in out
    assert "310115********1237" in out


# --- docx -------------------------------------------------------------------------------------


def make_docx(path: Path) -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "机密★5年"
    p = d.add_paragraph("联系人张三，身份证号")
    # the number spans three runs with different formatting
    p.add_run(ID[:6]).bold = True
    p.add_run(ID[6:14]).italic = True
    p.add_run(ID[14:]).underline = True
    p.add_run("。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "手机"
    t.cell(0, 1).text = PHONE
    d.sections[0].footer.paragraphs[0].text = f"值班电话{PHONE}"
    d.add_paragraph("正文段落，没有问题。")
    d.core_properties.author = "张三"
    d.save(str(path))


def test_docx_keeps_run_formatting_across_split_numbers(tmp_path: Path,
                                                        patterns: Checker) -> None:
    src = tmp_path / "in.docx"
    make_docx(src)
    before = digest(src)
    summary = redact(src, tmp_path / "out.docx", checker=patterns)
    assert digest(src) == before
    out = docx.Document(str(tmp_path / "out.docx"))
    para = next(p for p in out.paragraphs if p.text.startswith("联系人"))
    runs = para.runs
    assert [r.text for r in runs[1:4]] == ["110101", "********", "0011"]
    assert (runs[1].bold, runs[2].italic, runs[3].underline) == (True, True, True)
    assert out.tables[0].cell(0, 1).text == "138****0000"
    assert out.sections[0].header.paragraphs[0].text == "■■■■■"
    assert out.sections[0].footer.paragraphs[0].text == "值班电话138****0000"
    (f,) = summary.files
    assert f.masked == 3 and f.replaced == 1
    assert any("文档属性" in w for w in f.warnings)


def test_docx_highlight_splits_the_run(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "in.docx"
    d = docx.Document()
    d.add_paragraph("前言：本文件为机密★5年级别，请注意。")
    d.save(str(src))
    redact(src, tmp_path / "out.docx", checker=patterns, terms="highlight")
    runs = docx.Document(str(tmp_path / "out.docx")).paragraphs[0].runs
    assert [(r.text, r.font.highlight_color) for r in runs] == [
        ("前言：本文件为", None),
        ("机密★5年", WD_COLOR_INDEX.YELLOW),
        ("级别，请注意。", None),
    ]


# --- xlsx -------------------------------------------------------------------------------------


def make_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "身份证号", "手机", "备注"])
    ws.append(["张三", ID, int(PHONE), "内部资料"])
    ws["B2"].font = openpyxl.styles.Font(bold=True, color="FF0000")
    ws["D3"] = CellRichText(["联系", TextBlock(InlineFont(b=True), PHONE)])
    ws["A4"] = "=1+1"
    ws["B4"].comment = Comment(f"核对 {ID2}", "审核人")
    wb.save(str(path))


def test_xlsx_cells_rich_text_numbers_and_comments(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "in.xlsx"
    make_xlsx(src)
    before = digest(src)
    summary = redact(src, tmp_path / "out.xlsx", checker=patterns, terms="highlight")
    assert digest(src) == before
    wb = openpyxl.load_workbook(str(tmp_path / "out.xlsx"), rich_text=True)
    ws = wb["名单"]
    assert ws["B2"].value == "110101********0011"
    assert ws["B2"].font.bold and ws["B2"].font.color.rgb == "00FF0000"
    assert ws["C2"].value == "138****0000"  # the integer cell became masked text
    rich = ws["D3"].value
    assert isinstance(rich, CellRichText) and str(rich) == "联系138****0000"
    assert ws["A4"].value == "=1+1"
    assert ID2 not in ws["B4"].comment.text
    assert summary.files[0].masked == 4


def test_xlsx_headers_footers_masked_and_formulas_named(tmp_path: Path) -> None:
    """The checker reads sheet headers/footers and formula constants; redact left both, so the
    redacted copy still failed the check.  Headers are masked now; formulas are named."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws["A1"] = "张三"
    ws["B2"] = f'="{ID}"'
    ws.oddFooter.center.text = f"联系人身份证{ID}"
    wb.save(tmp_path / "in.xlsx")
    summary = redact(tmp_path / "in.xlsx", tmp_path / "out.xlsx")
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")["名单"]
    assert ID not in (out.oddFooter.center.text or "") and "110101" in out.oddFooter.center.text
    assert out["B2"].value == f'="{ID}"'
    assert any("B2" in w and "公式" in w for w in summary.files[0].warnings)
    from baomi_check.extract import annotate

    doc = extract_file(tmp_path / "out.xlsx")
    report = annotate(doc, check(doc.text))
    assert [f.location for f in report.findings if f.category == "id_card"] == ["名单!B2（公式）"]


# --- paths ------------------------------------------------------------------------------------


def test_refuses_unsafe_paths(tmp_path: Path, patterns: Checker) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(f"手机{PHONE}", encoding="utf-8")
    with pytest.raises(RedactError, match="输出不能覆盖输入"):
        redact(docs / "a.txt", docs / "a.txt", checker=patterns)
    with pytest.raises(RedactError, match="输出不能覆盖输入"):
        redact(docs / "a.txt", docs, checker=patterns)  # OUT is the folder holding IN
    for out in (docs, docs / "sub", tmp_path):
        with pytest.raises(RedactError, match="输出目录不能"):
            redact(docs, out, checker=patterns)
    (tmp_path / "exists.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RedactError, match="已存在"):
        redact(docs / "a.txt", tmp_path / "exists.txt", checker=patterns)
    redact(docs / "a.txt", tmp_path / "exists.txt", checker=patterns, overwrite=True)
    assert (tmp_path / "exists.txt").read_text("utf-8") == "手机138****0000"


def test_refuses_a_symlinked_output_that_is_the_input(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "a.txt"
    src.write_text(f"手机{PHONE}", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(src)
    with pytest.raises(RedactError):
        redact(src, tmp_path / "link.txt", checker=patterns, overwrite=True)
    assert src.read_text("utf-8") == f"手机{PHONE}"


def test_refuses_an_output_folder_that_links_back_into_the_input(
    tmp_path: Path, patterns: Checker
) -> None:
    """OUT/sub -> IN/sub: the lexical checks pass, but with --overwrite the redacted copy would
    have replaced the input file through the link (it did, before this check)."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(f"手机{PHONE}", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(src / "sub", target_is_directory=True)
    before = tree_digest(src)
    with pytest.raises(RedactError, match="符号链接"):
        redact(src, out, checker=patterns, overwrite=True)
    assert tree_digest(src) == before


def test_redacted_copies_get_ordinary_permissions(tmp_path: Path, patterns: Checker) -> None:
    """Not mkstemp's 0600: the copy is made to be published (and read by a web server)."""
    import os

    src = tmp_path / "a.txt"
    src.write_text(f"手机{PHONE}", encoding="utf-8")
    redact(src, tmp_path / "b.txt", checker=patterns)
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_folder_mirrors_supported_files_and_skips_others(tmp_path: Path,
                                                         patterns: Checker) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(f"手机{PHONE}", encoding="utf-8")
    make_docx(src / "sub" / "b.docx")
    (src / "c.pdf").write_bytes(b"%PDF-1.4 not really")
    (src / "broken.xlsx").write_bytes(b"not a zip")
    before = tree_digest(src)
    summary = redact(src, tmp_path / "out", checker=patterns)
    assert tree_digest(src) == before
    assert (tmp_path / "out" / "a.txt").is_file()
    assert (tmp_path / "out" / "sub" / "b.docx").is_file()
    assert not (tmp_path / "out" / "c.pdf").exists()
    assert not (tmp_path / "out" / "broken.xlsx").exists()
    skipped = {Path(f.source).name: f.skipped for f in summary.files if f.skipped}
    assert set(skipped) == {"c.pdf", "broken.xlsx"}
    assert "未复制" in skipped["c.pdf"] and "无法处理" in skipped["broken.xlsx"]


def test_main_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.txt"
    src.write_text("机密★5年\n正文", encoding="utf-8")
    assert main([str(src), str(tmp_path / "b.txt")]) == 0
    assert "替换 1" in capsys.readouterr().out
    assert main([str(src), str(src)]) == 2
    assert "输出不能覆盖输入" in capsys.readouterr().err


# --- the round trip ---------------------------------------------------------------------------


def test_round_trip_finds_no_unmasked_identifier(tmp_path: Path) -> None:
    """After redaction, the default checker finds no identifier in any output file."""
    probe = check(f"公民身份号码{ID}，联系电话{PHONE}")
    if not any(f.category == "id_card" for f in probe.findings):
        pytest.skip("identifier detectors are not registered in the default pack yet")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        f"关于公示的通知\n申请人张三，公民身份号码{ID}，联系电话 138-0000-0000。\n"
        f"申请人李四，身份证：{ID2}，手机：+86 {PHONE}\n", encoding="utf-8"
    )
    (src / "b.md").write_text(f"| 姓名 | 身份证号 |\n|---|---|\n| 王五 | {ID} |\n",
                              encoding="utf-8")
    (src / "c.html").write_text(
        f'<html><body><p>联系电话：<a href="tel:{PHONE}">{PHONE}</a></p>'
        f"<p>身份证号码：{ID2}</p></body></html>", encoding="utf-8"
    )
    make_docx(src / "d.docx")
    make_xlsx(src / "e.xlsx")
    originals = {p.name: check(extract_file(p).text) for p in src.iterdir()}
    assert all(any(f.category in IDENTIFIER_CATEGORIES for f in r.findings)
               for r in originals.values()), "the inputs must hold identifiers to begin with"
    redact(src, tmp_path / "out")
    for out in sorted((tmp_path / "out").iterdir()):
        text = extract_file(out).text
        found = [f for f in check(text).findings
                 if f.category in IDENTIFIER_CATEGORIES and f.severity.rank >= 1]
        assert found == [], (out.name, [(f.rule_id, f.text) for f in found])
        assert leaked(text) == [], out.name


def test_suppressed_findings_are_left_alone(tmp_path: Path, patterns: Checker) -> None:
    """What the author allowed (inline or in the allow-list) is not blacked out."""
    from baomi_check.suppress import Allowlist

    src = tmp_path / "a.md"
    src.write_text(
        "<!-- baomi-check: allow-next-line internal_marking -- 已审批公开 -->\n"
        "内部资料 注意保存\n"
        "机密★5年\n"
        f"值班手机{PHONE}\n",
        encoding="utf-8",
    )
    allow = Allowlist.parse(f"value: {PHONE}")
    summary = redact(src, tmp_path / "b.md", checker=patterns, allowlist=allow)
    out = (tmp_path / "b.md").read_text("utf-8").splitlines()
    assert out[1:] == ["内部资料 注意保存", "■■■■■", f"值班手机{PHONE}"]
    assert summary.files[0].suppressed >= 2
    assert "豁免" in summary.as_text()


def test_html_directive_in_a_comment(tmp_path: Path, patterns: Checker) -> None:
    src = tmp_path / "a.html"
    src.write_text(
        "<html><body>\n<!-- baomi-check: allow-next-line -->\n<p>机密★5年</p>\n"
        "<p>机密★5年</p>\n</body></html>\n",
        encoding="utf-8",
    )
    redact(src, tmp_path / "b.html", checker=patterns)
    out = (tmp_path / "b.html").read_text("utf-8")
    assert "<p>机密★5年</p>\n<p>■■■■■</p>" in out


def add_footnotes(path: Path, text: str) -> None:
    """Add a footnotes part (python-docx cannot write one) by editing the package directly."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{w}">'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text[:4]}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
        f"<w:t>{text[4:]}</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["word/footnotes.xml"] = footnotes.encode()
    ct = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = ct.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode()
    rels = files["word/_rels/document.xml.rels"].decode()
    files["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in files.items():
            z.writestr(n, data)


def test_docx_footnotes_and_comments(tmp_path: Path, patterns: Checker) -> None:
    import zipfile

    src = tmp_path / "in.docx"
    d = docx.Document()
    p = d.add_paragraph("正文段落")
    d.add_comment(p.runs, text=f"核对手机{PHONE}", author="审核")
    d.save(str(src))
    add_footnotes(src, f"证件号码{ID}")
    summary = redact(src, tmp_path / "out.docx", checker=patterns)
    assert summary.files[0].masked == 2
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        notes = z.read("word/footnotes.xml").decode()
        comments = z.read("word/comments.xml").decode()
    assert ID not in notes and "<w:b/>" in notes and "********0011" in notes
    assert PHONE not in comments and "138****0000" in comments
    docx.Document(str(tmp_path / "out.docx"))  # still a valid package


def test_legacy_and_layout_formats_are_refused_with_what_to_do(tmp_path: Path) -> None:
    """.doc/.xls/.ofd … are checked, but no redacted copy is written (a masked value could
    survive in a stream or layer the writer does not know): the summary says what to do."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.doc", "b.xls", "c.ofd", "d.pptx", "e.rtf", "f.png"):
        (src / name).write_bytes(b"x")
    summary = redact(src, tmp_path / "out")
    skipped = {Path(c.source).name: c.skipped for c in summary.files}
    assert "另存为 .docx" in skipped["a.doc"] and "无法安全地写回" in skipped["a.doc"]
    assert "另存为 .xlsx" in skipped["b.xls"]
    assert "无法安全地写回" in skipped["c.ofd"] and "无法安全地写回" in skipped["d.pptx"]
    assert "另存为 .docx" in skipped["e.rtf"]
    # Images are read by recognition (issue 15), never redacted: the message says why.
    assert "不支持对PNG 图片" in skipped["f.png"] and "脱敏" in skipped["f.png"]
    assert not (tmp_path / "out" / "a.doc").exists()
