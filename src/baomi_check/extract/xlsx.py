"""Excel ``.xlsx``: every cell of every sheet (hidden sheets too), located as ``Sheet!B7``.

Rosters (公示名单, 花名册) are where ID and phone numbers leak, and they are spreadsheets.  The
workbook is opened read-only (streaming, flat memory on large sheets) with cached values
(``data_only``), i.e. what Excel shows rather than formulas.  A hidden sheet or column is still
published with the file, so it is read like any other.

Each row becomes one line with cells separated by tabs: the header cell ``身份证号`` and the
value beneath it are not adjacent in the text, but the name and the number on one row are, which
is what the identifier detectors' context windows use.  Sheet names that need quoting in an
Excel reference are quoted the same way (``'My Sheet'!B7``).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl

from .document import Document, TextBuilder
from .errors import ExtractError

_PLAIN_SHEET = re.compile(r"^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff.]*$")


def sheet_ref(name: str) -> str:
    """How Excel writes the sheet part of a reference."""
    if _PLAIN_SHEET.match(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def extract_xlsx(data: bytes, kind: str = "xlsx") -> Document:
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise ExtractError(
            "无法打开 .xlsx 文件（文件损坏、被截断或不是 Excel 工作簿）："
            f"{type(exc).__name__}: {exc}"
        ) from exc
    out = TextBuilder()
    warnings: list[str] = []
    try:
        for ws in wb.worksheets:
            ref = sheet_ref(ws.title)
            for row in ws.iter_rows():
                first = True
                for cell in row:
                    text = _cell_text(getattr(cell, "value", None))
                    if not text.strip():
                        continue
                    out.add(text, f"{ref}!{cell.coordinate}", sep=None if first else "\t")
                    first = False
        if wb.chartsheets:
            warnings.append(f"图表工作表（{len(wb.chartsheets)}个）中的文字未检查")
    except Exception as exc:
        raise ExtractError(
            f"读取 .xlsx 内容时出错（文件可能已损坏）：{type(exc).__name__}: {exc}"
        ) from exc
    finally:
        wb.close()
    text = out.text()
    if not text.strip():
        warnings.append("工作簿中没有可检查的文字")
    return Document(text, kind, segments=out.segments, warnings=warnings)
