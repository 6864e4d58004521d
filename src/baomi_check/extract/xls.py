"""Excel 97–2003 ``.xls`` and WPS 表格 ``.et`` (BIFF8 in an OLE compound file), with ``xlrd``.

Old rosters (花名册, 公示名单) are the spreadsheets offices still hold as ``.xls``.  ``xlrd`` is
the maintained reader for exactly this format; it is opened with ``formatting_info`` because
only then does it read cell comments (NOTE records) and the hidden flags of rows and columns.

What is read, like the ``.xlsx`` reader: every cell of every sheet, hidden and "very hidden"
sheets too (a hidden sheet is published with the file), each row one line with cells separated
by tabs, located ``Sheet!B7``; then cell comments (``Sheet!B2（批注）``) and the summary
properties (``文档属性``).  A cell on a hidden sheet, row or column says so in its location
(``名单!C3（隐藏工作表）``): a reviewer who opens the file would otherwise not find it.

Numbers that are really identifiers — an ID, phone or bank card number typed into a number cell —
are shown as digits, never as ``1.3800000000e10`` or ``13800000000.0``: a whole-number float is
written as an integer (its digits are what the file publishes, rounded past 15 digits).

An encrypted workbook (a FILEPASS record: "password to open", also Excel's default
``VelvetSweatshop`` protection) cannot be read and says so.
"""

from __future__ import annotations

import datetime as dt
import os

from .document import Document, TextBuilder, add_properties
from .errors import ExtractError
from .ole import OLE_MAGIC, open_ole, summary_properties
from .xlsx import sheet_ref

_VISIBILITY = {1: "隐藏工作表", 2: "深度隐藏工作表"}
_EMPTY = {0, 6}  # xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK
_LABEL = {"xls": ".xls", "et": ".et"}


def column_letters(colx: int) -> str:
    """0-based column index → ``A``, ``Z``, ``AA`` …"""
    out = ""
    n = colx + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def _cell_text(cell, datemode: int) -> str:  # type: ignore[no-untyped-def]
    import xlrd

    ctype, value = cell.ctype, cell.value
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if ctype == xlrd.XL_CELL_TEXT:
        return str(value)
    if ctype == xlrd.XL_CELL_NUMBER:
        return _number_text(float(value))
    if ctype == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate.xldate_as_datetime(value, datemode)
        except Exception:  # out-of-range serials are shown as the number Excel stores
            return _number_text(float(value))
        if when.time() == dt.time(0) and value >= 1:
            return when.date().isoformat()
        return when.isoformat()
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    return str(value)


def _load(data: bytes, formatting: bool):  # type: ignore[no-untyped-def]
    import xlrd

    with open(os.devnull, "w") as log:  # xlrd prints warnings about odd records
        return xlrd.open_workbook(
            file_contents=data, formatting_info=formatting, logfile=log, ragged_rows=True
        )


def _workbook_stream(data: bytes) -> bytes | None:
    """The BIFF stream of a compound file whose container xlrd refuses (its sector checks are
    stricter than olefile's; xlrd reads a bare BIFF stream too)."""
    if not data.startswith(OLE_MAGIC):
        return None
    try:
        import olefile

        ole = olefile.OleFileIO(data)
        try:
            for name in ("Workbook", "Book"):
                if ole.exists(name):
                    return ole.openstream(name).read()  # type: ignore[no-any-return]
        finally:
            ole.close()
    except Exception:
        return None
    return None


def _open(data: bytes, label: str, warnings: list[str]):  # type: ignore[no-untyped-def]
    """The workbook with formatting information (comments, hidden rows and columns), or, when
    xlrd's formatting pass fails on a damaged record, without it (the cells still count)."""
    if not data:
        raise ExtractError(f"文件为空（0 字节），不是有效的 {label} 文件")
    try:
        return _load(data, True)
    except Exception as exc:  # XLRDError, struct.error, AssertionError, IndexError …
        message = str(exc)
        if "encrypted" in message.lower():
            raise ExtractError(
                f"{label} 工作簿已加密（设置了打开密码），无法读取；请去除密码后另存一份再检查"
            ) from exc
        if "xlsx" in message.lower():
            raise ExtractError(
                f"文件实际是 .xlsx 格式（只是扩展名为 {label}），请改扩展名为 .xlsx 后再检查"
            ) from exc
        stream = _workbook_stream(data)
        if stream is not None:
            try:
                book = _load(stream, True)
            except Exception:
                pass
            else:
                warnings.append(
                    f"{label} 文件的复合文档结构有误（{type(exc).__name__}），"
                    "已直接读取其工作簿数据"
                )
                return book
        try:
            book = _load(data, False)
        except Exception:
            raise ExtractError(
                f"无法打开 {label} 文件（文件损坏、被截断或不是 Excel 工作簿）："
                f"{type(exc).__name__}: {message}"
            ) from exc
        warnings.append(
            f"{label} 文件的格式信息无法读取（{type(exc).__name__}），单元格已检查，"
            "但批注和隐藏行列标记未能读取"
        )
        return book


def _hidden(info: dict, index: int) -> bool:  # type: ignore[type-arg]
    entry = info.get(index)
    return bool(getattr(entry, "hidden", 0)) if entry is not None else False


def extract_xls(data: bytes, kind: str = "xls") -> Document:
    label = _LABEL.get(kind, ".xls")
    warnings: list[str] = []
    book = _open(data, label, warnings)
    out = TextBuilder()
    notes: list[tuple[str, str]] = []
    hidden_sheets: list[str] = []
    try:
        for sheet in book.sheets():
            ref = sheet_ref(sheet.name)
            sheet_flag = _VISIBILITY.get(getattr(sheet, "visibility", 0))
            if sheet_flag:
                hidden_sheets.append(sheet.name)
            rowinfo = getattr(sheet, "rowinfo_map", {}) or {}
            colinfo = getattr(sheet, "colinfo_map", {}) or {}
            for rowx in range(sheet.nrows):
                if set(sheet.row_types(rowx)) <= _EMPTY:
                    continue  # formatted but empty rows: a styled sheet holds hundreds of thousands
                first = True
                row_hidden = _hidden(rowinfo, rowx)
                for colx, cell in enumerate(sheet.row(rowx)):
                    text = _cell_text(cell, book.datemode)
                    if not text.strip():
                        continue
                    location = f"{ref}!{column_letters(colx)}{rowx + 1}"
                    flag = sheet_flag or (
                        "隐藏行" if row_hidden else "隐藏列" if _hidden(colinfo, colx) else None
                    )
                    if flag:
                        location += f"（{flag}）"
                    out.add(text, location, sep=None if first else "\t")
                    first = False
            for (rowx, colx), note in sorted(getattr(sheet, "cell_note_map", {}).items()):
                text = getattr(note, "text", "") or ""
                if text.strip():
                    notes.append((f"{ref}!{column_letters(colx)}{rowx + 1}（批注）", text))
    except ExtractError:
        raise
    except Exception as exc:
        raise ExtractError(
            f"读取 {label} 内容时出错（文件可能已损坏）：{type(exc).__name__}: {exc}"
        ) from exc
    finally:
        book.release_resources()
    for location, text in notes:
        out.add(text, location)
    if data.startswith(OLE_MAGIC):
        ole = open_ole(data, label)
        try:
            add_properties(out, summary_properties(ole))
        finally:
            ole.close()
    if hidden_sheets:
        warnings.append(
            "工作簿含隐藏工作表（" + "、".join(hidden_sheets) + "），其内容随文件发布，已一并检查"
        )
    text = out.text()
    if not text.strip():
        warnings.append("工作簿中没有可检查的文字")
    return Document(text, kind, segments=out.segments, warnings=warnings)
