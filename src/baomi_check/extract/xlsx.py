"""Excel ``.xlsx``: every cell of every sheet (hidden sheets too), located as ``Sheet!B7``.

Rosters (公示名单, 花名册) are where ID and phone numbers leak, and they are spreadsheets.  The
workbook is opened read-only (streaming, flat memory on large sheets) with cached values
(``data_only``), i.e. what Excel shows rather than formulas.  A hidden sheet or column is still
published with the file, so it is read like any other.

Each row becomes one line with cells separated by tabs: the header cell ``身份证号`` and the
value beneath it are not adjacent in the text, but the name and the number on one row are, which
is what the identifier detectors' context windows use.  Sheet names that need quoting in an
Excel reference are quoted the same way (``'My Sheet'!B7``).

Cached values are not all a workbook publishes.  After the cells, each sheet's part is read once
more (a fast lxml pass over the XML, not openpyxl) for what openpyxl's read-only mode skips:

* **cell comments** (批注), located ``Sheet!B2（批注）`` — reviewers' notes are where a name or
  number gets written "just for us";
* **formulas holding constants** (``="1101…"`` or ``=IF(A1="…",…)``), located
  ``Sheet!C3（公式）``: a workbook written by a script has no cached values at all, and a cached
  ``否`` hides the literal the formula compares with.  Formulas without such a constant
  (``=SUM(A1:A9)``) and constants already shown by the cell's value are not repeated;
* **page headers and footers**, located ``Sheet（页眉）`` / ``Sheet（页脚）``, with Excel's
  ``&L``/``&"font"`` codes removed.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import lxml.etree as etree
import openpyxl

from .document import Document, Piece, PieceText, TextBuilder, add_properties
from .errors import ExtractError
from .ooxml import describe, open_main, repair

if TYPE_CHECKING:
    from ..redact import Editor

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
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        # Whole numbers as digits, also past 15 digits: an ID or bank card number typed into a
        # number cell is stored (rounded) as 1.10101188001010e17, and its digits are what the
        # file publishes; Python would write the float in exponent form, which no detector reads.
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HEADER_FOOTER = {
    f"{_MAIN}{tag}": label
    for tag, label in (
        ("oddHeader", "页眉"), ("evenHeader", "页眉"), ("firstHeader", "页眉"),
        ("oddFooter", "页脚"), ("evenFooter", "页脚"), ("firstFooter", "页脚"),
    )
}  # fmt: skip
_HF_CODES = re.compile(r'&"[^"]*"|&K[0-9A-Fa-f]{6}|&K\d\d[+-]\d{3}|&\d+|&[A-Za-z]')
_FORMULA_STRING = re.compile(r'"((?:[^"]|"")*)"')
_FORMULA_DIGITS = re.compile(r"(?<![A-Za-z$\d])\d{6,}")


def _parser() -> etree.XMLParser:
    # Untrusted input: no entities, no network, no DTD.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _header_footer_text(code: str) -> str:
    """Header/footer text without Excel's formatting codes (``&C``, ``&"宋体,加粗"``, ``&12``);
    ``&&`` is a literal ampersand."""
    return _HF_CODES.sub(" ", code.replace("&&", "\0")).replace("\0", "&").strip()


def _formula_constants(formula: str) -> list[str]:
    """The string and long-number constants written in a formula."""
    strings = [m.group(1).replace('""', '"') for m in _FORMULA_STRING.finditer(formula)]
    rest = _FORMULA_STRING.sub(" ", formula)
    return [c for c in strings if c.strip()] + _FORMULA_DIGITS.findall(rest)


def _sheet_extras(
    archive: zipfile.ZipFile, part: str, ref: str
) -> Iterator[tuple[str, str]]:
    """(location, text) of a sheet's comments, constant-holding formulas and headers/footers."""
    names = set(archive.namelist())
    if part in names:
        wanted = [f"{_MAIN}f", f"{_MAIN}row", *_HEADER_FOOTER]
        with archive.open(part) as fh:
            # Only formulas, rows (to free memory) and headers/footers reach Python: lxml
            # filters the cells in C, so a 100 000-row roster costs a fraction of a second.
            for _, el in etree.iterparse(
                fh, events=("end",), tag=wanted,
                resolve_entities=False, no_network=True, load_dtd=False,
            ):  # fmt: skip
                tag = el.tag
                if tag == f"{_MAIN}f":
                    cell = el.getparent()
                    if el.text and cell is not None:
                        # The cached value; a shared-string index when t="s", not the text.
                        v = cell.find(f"{_MAIN}v")
                        shown = (v.text or "") if v is not None and cell.get("t") != "s" else ""
                        if [c for c in _formula_constants(el.text) if c not in shown]:
                            yield f"{ref}!{cell.get('r', '')}（公式）", "=" + el.text
                elif tag == f"{_MAIN}row":
                    el.clear()
                    parent = el.getparent()
                    while parent is not None and el.getprevious() is not None:
                        del parent[0]  # flat memory on sheets of a million rows
                else:
                    text = _header_footer_text(el.text or "")
                    if text:
                        yield f"{ref}（{_HEADER_FOOTER[tag]}）", text
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in names:
        return
    root = etree.fromstring(archive.read(rels), _parser())
    for rel in root.iter(f"{_RELS}Relationship"):
        if not (rel.get("Type") or "").endswith("/comments") or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        )
        if path not in names:
            continue
        comments = etree.fromstring(archive.read(path), _parser())
        for c in comments.iter(f"{_MAIN}comment"):
            text = "".join(t.text or "" for t in c.iter(f"{_MAIN}t"))
            if text.strip():
                yield f"{ref}!{c.get('ref', '')}（批注）", text


def open_xlsx(data: bytes, **kwargs: object) -> tuple[openpyxl.Workbook, list[str]]:
    """openpyxl's workbook from the package as it is or, when openpyxl refuses it (missing
    content types, upper-case part names, dangling relationships), from the package
    :func:`~baomi_check.extract.ooxml.repair` mended.  Shared by the reader and redaction."""
    try:
        return openpyxl.load_workbook(io.BytesIO(data), **kwargs), []  # type: ignore[arg-type]
    except Exception as first:
        try:
            fixed, notes = repair(data)
            wb = openpyxl.load_workbook(io.BytesIO(fixed), **kwargs)  # type: ignore[arg-type]
            return wb, [describe(notes)]
        except Exception:
            raise first from None


def extract_xlsx(data: bytes, kind: str = "xlsx") -> Document:
    try:
        wb, warnings = open_xlsx(data, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        return _extract_parts(data, kind, exc)
    out = TextBuilder()
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
        archive = getattr(wb, "_archive", None)
        if isinstance(archive, zipfile.ZipFile):
            for ws in wb.worksheets:
                part = getattr(ws, "_worksheet_path", None)
                if isinstance(part, str):
                    for location, text in _sheet_extras(archive, part, sheet_ref(ws.title)):
                        out.add(text, location)
        props = wb.properties
        add_properties(out, [props.title, props.subject, props.keywords, props.category])
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


_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _extract_parts(data: bytes, kind: str, refused: Exception) -> Document:
    """Cells of every sheet read straight from the SpreadsheetML parts, when openpyxl refuses
    the package even after repair: only a missing or broken workbook part makes a file
    unreadable (a sheet that is itself broken is named in a warning)."""
    pkg, main, book = open_main(data, refused, suffix=".xlsx", what="Excel 工作簿",
                                default="xl/workbook.xml", part="工作簿部件")
    rels = {rid: (reltype, member) for rid, reltype, member in pkg.rels(main)}
    shared: list[str] = []
    warnings = [
        "文件包结构损坏，Excel 工作簿库无法打开，已直接读取其 XML 部件（只读取单元格的值）"
        f"（技术信息：{type(refused).__name__}）"
    ]
    for reltype, member in rels.values():
        if reltype.endswith("/sharedStrings"):
            try:
                sst = pkg.xml(member)
            except (etree.XMLSyntaxError, KeyError, ValueError):
                warnings.append("共享字符串部件已损坏，文字单元格未能读取")
                break
            shared = ["".join(t.text or "" for t in si.iter(f"{_MAIN}t"))
                      for si in sst.iterchildren(f"{_MAIN}si")]  # fmt: skip
    out = TextBuilder()
    for sheet in book.iter(f"{_MAIN}sheet"):
        name = sheet.get("name") or ""
        target = rels.get(sheet.get(_REL_ID) or "")
        if target is None:
            continue
        ref = sheet_ref(name)
        try:
            root = pkg.xml(target[1])
        except (etree.XMLSyntaxError, KeyError, ValueError):
            warnings.append(f"工作表 {name} 已损坏，未能读取")
            continue
        for row in root.iter(f"{_MAIN}row"):
            first = True
            for c in row.iterchildren(f"{_MAIN}c"):
                text = _raw_cell(c, shared)
                if not text.strip():
                    continue
                out.add(text, f"{ref}!{c.get('r', '')}", sep=None if first else "\t")
                first = False
    text = out.text()
    if not text.strip():
        warnings.append("工作簿中没有可检查的文字")
    return Document(text, kind, segments=out.segments, warnings=warnings)


def _raw_cell(c: etree._Element, shared: list[str]) -> str:
    t = c.get("t")
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(f"{_MAIN}t"))
    v = c.find(f"{_MAIN}v")
    value = (v.text or "") if v is not None else ""
    if t == "s":
        try:
            return shared[int(value)]
        except (ValueError, IndexError):
            return ""
    if t in ("str", "e") or not value:
        return value
    try:
        return _cell_text(float(value)) if t != "b" else ("TRUE" if value == "1" else "FALSE")
    except ValueError:
        return value


# --- the redacted copy ---------------------------------------------------------------------------


@dataclass
class _CellRef:
    cell: Any
    """The cell; for ``hf`` the header/footer part (``ws.oddHeader.center`` …)."""
    kind: Literal["str", "int", "rich", "comment", "hf"]
    block: int = -1


def _xlsx_text(ws: Any) -> tuple[str, list[Piece]]:
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    built = PieceText()
    add = built.add
    comments = []
    for row in ws.iter_rows():
        for i, cell in enumerate(row):
            if i:
                add("\t", None)
            v = cell.value
            if cell.comment is not None and cell.comment.text:
                comments.append(cell)
            if v is None or cell.data_type == "f":
                continue
            if isinstance(v, CellRichText):
                for k, blk in enumerate(v):
                    s = blk.text if isinstance(blk, TextBlock) else str(blk)
                    if s:
                        add(s, _CellRef(cell, "rich", k))
            elif isinstance(v, str):
                if v:
                    add(v, _CellRef(cell, "str"))
            elif isinstance(v, bool):
                continue
            elif isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) < 1e16):
                add(str(int(v)), _CellRef(cell, "int"))
        add("\n", None)
    for cell in comments:
        add(cell.comment.text, _CellRef(cell, "comment"))
        add("\n", None)
    # Page headers and footers are printed on every page and read by the checker.
    for name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                 "firstFooter"):  # fmt: skip
        item = getattr(ws, name, None)
        for side in ("left", "center", "right"):
            part = getattr(item, side, None)
            if part is not None and isinstance(part.text, str) and part.text.strip():
                add(part.text, _CellRef(part, "hf"))
                add("\n", None)
    return built.result()


def _formulas_with_identifiers(ws: Any, edit: Editor) -> list[str]:
    """Cells whose formula text holds an identifier (``="1101…"``): formulas are not rewritten
    (a changed formula computes something else), so the user is told where to look."""
    out: list[str] = []
    for row in ws.iter_rows():
        for cell in row:
            formula = cell.value if cell.data_type == "f" else None
            if (
                isinstance(formula, str)
                and any(ch.isdigit() or ch == "@" for ch in formula)
                and edit.has_identifier(formula)
            ):
                out.append(cell.coordinate)
    return out


def redact_xlsx(data: bytes, kind: str, edit: Editor) -> bytes:
    """The redacted copy of a workbook: string and integer cells, rich text, comments, headers
    and footers; cell styles kept; a highlight is a yellow cell fill."""
    from openpyxl.cell.rich_text import TextBlock
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    try:
        wb, notes = open_xlsx(data, rich_text=True)
    except Exception as exc:
        raise ExtractError(
            "无法生成副本：文件包结构损坏，Excel 工作簿库无法打开（检查时只能直接读取单元格）"
            f"（技术信息：{type(exc).__name__}）"
        ) from exc
    for note in notes:
        edit.warn(note)
    fill = PatternFill(fill_type="solid", fgColor="FFFFFF00")
    for ws in wb.worksheets:
        text, pieces = _xlsx_text(ws)
        if not text.strip():
            continue
        p = edit.plan(text, where=f"!{ws.title}")
        spans = p.merged_highlights()
        for pc in pieces:
            ref = pc.elem
            if ref is None:
                continue
            new = "".join(p.chars[pc.start : pc.end])
            old = text[pc.start : pc.end]
            if new != old:
                if ref.kind == "rich":
                    blk = ref.cell.value[ref.block]
                    if isinstance(blk, TextBlock):
                        blk.text = new
                    else:
                        ref.cell.value[ref.block] = new
                elif ref.kind == "comment":
                    c = ref.cell.comment
                    ref.cell.comment = Comment(new, c.author or "", c.height, c.width)
                elif ref.kind == "hf":
                    ref.cell.text = new
                else:
                    ref.cell.value = new  # an integer that held an identifier becomes text
            if ref.kind not in ("comment", "hf") and any(
                a < pc.end and pc.start < b for a, b in spans
            ):
                ref.cell.fill = fill
        flagged = _formulas_with_identifiers(ws, edit)
        if flagged:
            edit.warn(
                f"工作表 {ws.title} 的公式中写有标识符（{'、'.join(flagged[:5])}"
                + ("等" if len(flagged) > 5 else "")
                + "），公式未改动，请人工修改"
            )
        if getattr(ws, "_pivots", None):
            edit.warn(f"工作表 {ws.title} 含数据透视表，其缓存中可能仍有原始数据")
    if wb.properties.creator or wb.properties.lastModifiedBy:
        edit.warn("文档属性（作者、最后修改者）未处理，发布前请检查")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
