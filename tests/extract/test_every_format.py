"""Issue 12's "must show": a folder with one file of every supported format, each holding a
synthetic leak (a valid 18-digit ID from ``baomi_check.testing`` or ``机密★5年`` at the top),
scanned by the command line.  Every leak is found with a location a person can follow; broken
files (a truncated ``.doc``, an encrypted ``.xls``, an OFD whose page part is missing) get a
clear Chinese error row and the batch goes on.

Everything is built here, at test time, except the ``.xls``/``.et`` workbooks, which are small
committed files written by xlwt (``data/make_legacy_xls.py``)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from baomi_testfiles import make_cjk_pdf
from legacy_files import WordDoc, build_doc, with_filepass
from ofd_files import OfdSpec, build_ofd

from baomi_check.cli import main
from baomi_check.testing import id_number

ID = id_number("11010118800101001")
MARK = "机密★5年"
LEGACY = Path(__file__).parent / "data" / "legacy"
ID_XLS = id_number("11010118800101001")  # what data/legacy/roster.xls holds in 名单!B2


def _gbk_rtf(text: str) -> str:
    return "".join(f"\\'{b:02x}" for b in text.encode("gbk"))


def _pptx() -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    s1 = prs.slides.add_slide(prs.slide_layouts[6])
    s1.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = "年度汇报"
    s2 = prs.slides.add_slide(prs.slide_layouts[6])
    s3 = prs.slides.add_slide(prs.slide_layouts[6])
    s2.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = "第二张"
    table = s3.shapes.add_table(1, 2, Inches(1), Inches(1), Inches(4), Inches(1)).table
    table.cell(0, 0).text = "张三身份证号"
    table.cell(0, 1).text = ID
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(MARK)
    d.add_paragraph("关于开展年度检查工作的通知")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "身份证号"])
    ws.append(["张三", ID])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ROSTER_LINE = f"姓名,身份证号\n张三,{ID}\n"
# file name → (bytes builder, expected (category, location) of the leak)
EXPECTED: dict[str, tuple[str, str]] = {
    "notice.txt": ("classified_marking", "第1行"),
    "notice.md": ("classified_marking", "第1行"),
    "roster.csv": ("id_card", "第2行"),
    "roster.tsv": ("id_card", "第2行"),
    "page.html": ("id_card", "*"),
    "notice.docx": ("classified_marking", "段落1"),
    "roster.xlsx": ("id_card", "名单!B2"),
    "notice.pdf": ("classified_marking", "第1页"),
    "notice.doc": ("classified_marking", "段落1"),
    "roster.wps": ("id_card", "段落2（表格）"),
    "roster.xls": ("id_card", "名单!B2"),
    "roster.et": ("id_card", "名单!B2"),
    "letter.ofd": ("id_card", "第2页"),
    "slides.pptx": ("id_card", "第3张幻灯片 表格1 第1行"),
    "notice.rtf": ("classified_marking", "段落1"),
    "export.json": ("id_card", "$.data[0].身份证号"),
    "export.xml": ("id_card", "第3行（sfzh）"),
}
BROKEN = {
    "truncated.doc": "截断|损坏",
    "encrypted.xls": "已加密",
    "missing-page.ofd": "缺失",
}


def build_folder(root: Path) -> Path:
    root.mkdir()
    files: dict[str, bytes] = {
        "notice.txt": f"{MARK}\n关于开展年度检查工作的通知\n".encode(),
        "notice.md": f"{MARK}\n\n# 关于开展年度检查工作的通知\n".encode(),
        "roster.csv": ROSTER_LINE.encode("gbk"),
        "roster.tsv": ROSTER_LINE.replace(",", "\t").encode(),
        "page.html": f"<html><body><p>公示名单</p><table><tr><td>张三</td><td>{ID}</td></tr></table></body></html>".encode(),
        "notice.docx": _docx(),
        "roster.xlsx": _xlsx(),
        "notice.doc": build_doc(WordDoc(paragraphs=[MARK, "关于开展年度检查工作的通知"])),
        "roster.wps": build_doc(WordDoc(paragraphs=["人员名单", f"张三\x07{ID}\x07\x07"])),
        "roster.xls": (LEGACY / "roster.xls").read_bytes(),
        "roster.et": (LEGACY / "roster.et").read_bytes(),
        "letter.ofd": build_ofd(OfdSpec(pages=[[(20, 20, "公示名单")], [(20, 20, "张三"), (60, 20, ID)]])),
        "slides.pptx": _pptx(),
        "notice.rtf": (r"{\rtf1\ansi\ansicpg936 " + _gbk_rtf(MARK) + r"\par " + _gbk_rtf("关于开展检查的通知") + r"\par}").encode("ascii"),
        "export.json": json.dumps({"data": [{"姓名": "张三", "身份证号": ID}]}, ensure_ascii=False).encode(),
        "export.xml": f"<名单>\n<xm>张三</xm>\n<sfzh>{ID}</sfzh>\n</名单>\n".encode(),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    make_cjk_pdf(root / "notice.pdf", [f"{MARK}\n关于开展年度检查工作的通知"])
    doc = build_doc(WordDoc(paragraphs=[MARK, "正文"] * 50))
    (root / "truncated.doc").write_bytes(doc[: len(doc) // 2])
    (root / "encrypted.xls").write_bytes(with_filepass((LEGACY / "roster.xls").read_bytes()))
    (root / "missing-page.ofd").write_bytes(build_ofd(OfdSpec(pages=[[(20, 20, MARK)]], missing_pages={0})))
    return root


def test_every_format_leak_is_found_with_a_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = build_folder(tmp_path / "各种格式")
    code = main(["--format", "json", "--no-progress", "--no-config", "-j", "1", str(folder)])
    out = capsys.readouterr().out
    rows = {Path(r["path"]).name: r for r in json.loads(out)}
    assert ID not in out  # identifiers are masked in every output by default
    assert code == 2  # some files could not be checked: never a clean exit
    assert set(rows) == set(EXPECTED) | set(BROKEN)
    for name, (category, location) in EXPECTED.items():
        row = rows[name]
        assert row["error"] is None, (name, row["error"])
        findings = [f for f in row["report"]["findings"] if f["category"] == category]
        assert findings, (name, row["report"]["findings"])
        located = [f["location"] for f in findings]
        assert all(located), (name, located)
        if location != "*":
            assert location in located, (name, located)
    for name, message in BROKEN.items():
        row = rows[name]
        assert row["report"] is None and row["error"], (name, row)
        assert re.search(message, row["error"]), (name, row["error"])


def test_the_same_folder_zipped_gives_the_same_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every format is read the same way as a member of an archive (the walker hands members to
    the same readers), located ``附件.zip!/材料/<name>``."""
    import zipfile

    folder = build_folder(tmp_path / "各种格式")
    archive = tmp_path / "附件.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.iterdir()):
            z.write(path, f"材料/{path.name}")

    def scan(target: Path) -> dict[str, tuple[str | None, list[tuple[str, str]]]]:
        main(["--format", "json", "--no-progress", "--no-config", "-q", "-j", "1", str(target)])
        rows = json.loads(capsys.readouterr().out)
        return {
            r["path"].rsplit("/", 1)[-1]: (
                r["error"],
                sorted((f["category"], f["location"]) for f in (r["report"] or {}).get("findings", [])),
            )
            for r in rows
        }

    direct, zipped = scan(folder), scan(archive)
    assert zipped == direct
    assert set(zipped) == set(EXPECTED) | set(BROKEN)
