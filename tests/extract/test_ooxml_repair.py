"""WPS-written and damaged OOXML: read (and redacted) when python-docx/openpyxl refuse the
package; unreadable only when the main part itself is missing or broken."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from baomi_testfiles import make_docx, make_xlsx, synthetic_id

from baomi_check.cli import main
from baomi_check.extract import ExtractError, extract_bytes
from baomi_check.redact import redact

NULL_REL = (
    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/image" Target="../NULL"/></Relationships>'
)


def rewrite(data: bytes, fn: Callable[[str, bytes], tuple[str, bytes] | None]) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            new = fn(info.filename, zin.read(info))
            if new is not None:
                z.writestr(new[0], new[1])
    return out.getvalue()


def wps_docx(tmp_path: Path, extra: str = "") -> bytes:
    """A .docx as WPS writes it after an image was deleted: a relationship to ``../NULL``."""
    d = docx.Document()
    d.add_paragraph("机密★5年")
    d.add_paragraph(f"联系人身份证号：{synthetic_id()}{extra}")
    d.sections[0].header.paragraphs[0].text = "页眉文字"
    buf = io.BytesIO()
    d.save(buf)

    def dangle(name: str, blob: bytes) -> tuple[str, bytes]:
        if name == "word/_rels/document.xml.rels":
            blob = blob.replace(b"</Relationships>", NULL_REL)
        return name, blob

    return rewrite(buf.getvalue(), dangle)


def test_dangling_image_relationship_is_checked_not_an_error_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = wps_docx(tmp_path)
    with pytest.raises(KeyError, match="NULL"):
        docx.Document(io.BytesIO(data))  # the library's own refusal, which used to be the row
    path = tmp_path / "WPS公文.docx"
    path.write_bytes(data)
    code = main(["--format", "json", "--no-progress", "--no-config", str(path)])
    rows = json.loads(capsys.readouterr().out)
    assert code == 1 and rows[0].get("error") is None
    rules = {f["rule_id"] for f in rows[0]["report"]["findings"]}
    assert "marking.classified" in rules and "pii.id_card" in rules
    assert any("../NULL" in w for w in rows[0]["report"]["warnings"])


def test_dangling_relationship_docx_is_redacted(tmp_path: Path) -> None:
    src = tmp_path / "wps.docx"
    src.write_bytes(wps_docx(tmp_path))
    summary = redact(src, tmp_path / "out.docx")
    change = summary.files[0]
    assert change.skipped is None and change.masked >= 1
    text = "\n".join(p.text for p in docx.Document(tmp_path / "out.docx").paragraphs)
    assert synthetic_id() not in text and "■" in text


def test_upper_case_part_and_missing_content_type(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "a.docx").read_bytes()
    plain = extract_bytes(data, "docx").text

    def mangle(name: str, blob: bytes) -> tuple[str, bytes]:
        if name == "word/document.xml":
            return "word/Document.xml", blob
        if name == "word/_rels/document.xml.rels":
            return name, blob.replace(b'Target="header1.xml"', b'Target="/word/header1.xml"')
        if name == "[Content_Types].xml":
            return name, re.sub(rb'<Override PartName="/word/document.xml"[^>]*/>', b"", blob)
        return name, blob

    doc = extract_bytes(rewrite(data, mangle), "docx")
    assert doc.text == plain and doc.warnings


def test_xlsx_without_workbook_content_type(tmp_path: Path) -> None:
    data = make_xlsx(tmp_path / "a.xlsx").read_bytes()
    plain = extract_bytes(data, "xlsx")

    def mangle(name: str, blob: bytes) -> tuple[str, bytes]:
        if name == "[Content_Types].xml":
            return name, re.sub(rb'<Override PartName="/xl/[^"]*"[^>]*/>', b"", blob)
        if name == "xl/worksheets/sheet1.xml":
            return "xl/worksheets/SHEET1.xml", blob
        return name, blob

    broken = rewrite(data, mangle)
    with pytest.raises(Exception):  # noqa: B017 - whatever openpyxl raises
        openpyxl.load_workbook(io.BytesIO(broken))
    doc = extract_bytes(broken, "xlsx")
    assert doc.text == plain.text
    assert [s.location for s in doc.segments] == [s.location for s in plain.segments]
    summary = redact(_write(tmp_path / "b.xlsx", broken), tmp_path / "out.xlsx")
    assert summary.files[0].skipped is None


def test_package_the_library_refuses_even_repaired_is_read_from_its_parts(tmp_path: Path) -> None:
    """A main part with a macro-enabled content type: python-docx refuses it by type."""
    data = wps_docx(tmp_path)

    def macro(name: str, blob: bytes) -> tuple[str, bytes]:
        if name == "[Content_Types].xml":
            blob = blob.replace(b"wordprocessingml.document.main+xml",
                                b"application/vnd.ms-word.document.macroEnabled.main+xml")
        return name, blob

    doc = extract_bytes(rewrite(data, macro), "docx")
    assert "机密★5年" in doc.text and "页眉文字" in doc.text
    assert any("直接读取" in w for w in doc.warnings)


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_missing_or_broken_main_part_is_unreadable(tmp_path: Path, damage: str) -> None:
    data = wps_docx(tmp_path)

    def hurt(name: str, blob: bytes) -> tuple[str, bytes] | None:
        if name == "word/document.xml":
            return None if damage == "missing" else (name, blob[: len(blob) // 2])
        return name, blob

    with pytest.raises(ExtractError, match="正文部件"):
        extract_bytes(rewrite(data, hurt), "docx")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
