"""Excel 97–2003 ``.xls`` / WPS ``.et`` (BIFF8) with xlrd.  The workbook fixtures are committed
files written by xlwt (``data/make_legacy_xls.py``); the encrypted one is derived from them at
test time by inserting a FILEPASS record."""

from __future__ import annotations

from pathlib import Path

import pytest
from legacy_files import compound_file, with_filepass

from baomi_check import Checker
from baomi_check.extract import ExtractError
from baomi_check.extract.xls import column_letters, extract_xls
from baomi_check.testing import id_number

LEGACY = Path(__file__).parent / "data" / "legacy"
ID_TEXT = id_number("11010118800101001")
ID_HIDDEN = id_number("11010218850505002")
ID_NOTE = id_number("11010318900303003")


def parts(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {s.location: doc.text[s.start : s.end] for s in doc.segments}


@pytest.mark.parametrize(("name", "kind"), [("roster.xls", "xls"), ("roster.et", "et")])
def test_every_sheet_with_cell_locations(name: str, kind: str) -> None:
    doc = extract_xls((LEGACY / name).read_bytes(), kind)
    got = parts(doc)
    assert got["名单!B2"] == ID_TEXT
    assert got["名单!C2"] == "13800000000"  # a phone in a number cell: no ".0", no exponent
    assert got["名单!D2"] == "110101188001010016"  # an ID typed as a number: its digits
    assert got["名单!E2"] == "2020-03-01"
    assert got["名单!F2（隐藏列）"] == "12.5"
    assert got["备份!B1（隐藏工作表）"] == ID_HIDDEN
    assert got["说明!A1（批注）"] == f"联系人身份证号 {ID_NOTE}"  # a cell comment (NOTE/TXO)
    assert any("隐藏工作表" in w and "备份" in w for w in doc.warnings)
    # One row, one line, cells separated by tabs (like the .xlsx reader).
    assert (
        doc.text.splitlines()[1]
        == f"张三\t{ID_TEXT}\t13800000000\t110101188001010016\t2020-03-01\t12.5"
    )


def test_the_checker_finds_ids_on_hidden_sheets() -> None:
    doc = extract_xls((LEGACY / "roster.xls").read_bytes())
    report = Checker.default().check(doc.text)
    where = {doc.location_at(f.start) for f in report.findings if f.category == "id_card"}
    assert {"名单!B2", "备份!B1（隐藏工作表）"} <= where
    assert "名单!B3" not in where  # 已脱敏 is not an identifier


def test_encrypted_workbook_is_a_clear_error() -> None:
    data = with_filepass((LEGACY / "roster.xls").read_bytes())
    with pytest.raises(ExtractError, match="已加密"):
        extract_xls(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "为空"),
        (b"<html><body>Excel HTML</body></html>", "无法打开"),
        (compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 100}), "无法打开"),
    ],
)
def test_broken_workbooks(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_xls(data)


def test_truncated_workbook() -> None:
    data = (LEGACY / "roster.xls").read_bytes()
    with pytest.raises(ExtractError, match=r"无法打开|损坏"):
        extract_xls(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letters(index) == letters


def test_container_xlrd_refuses_is_read_through_olefile(monkeypatch: pytest.MonkeyPatch) -> None:
    """xlrd checks compound-file sectors more strictly than olefile (real files from old
    tools fail its MSAT check): the workbook stream is then read directly, with a warning."""
    import baomi_check.extract.xls as xls

    real = xls._load

    def strict(data: bytes, formatting: bool):  # type: ignore[no-untyped-def]
        if data.startswith(xls.OLE_MAGIC):
            raise RuntimeError("CompDocError: MSAT: invalid sector")
        return real(data, formatting)

    monkeypatch.setattr(xls, "_load", strict)
    doc = extract_xls((LEGACY / "roster.xls").read_bytes())
    assert parts(doc)["名单!B2"] == ID_TEXT
    assert any("复合文档结构有误" in w for w in doc.warnings)
