"""``baomi-check redact IN OUT``: masked copies of documents, the originals untouched.

What changes, per finding at or above ``min_severity`` (default ``review``):

* identifiers (ID, phone, bank card … numbers) are masked *in place* by the mask policy of
  :mod:`baomi_check.mask` — same length, separators kept (``138 0000 0000`` → ``138 **** 0000``);
* marked wording (secrecy and internal markings, sensitive terms, spam, personal information)
  is replaced character by character with ``■`` (``terms="replace"``, the default), highlighted
  (``terms="highlight"``) or left alone (``terms="keep"``);
* wrong official wording and tampering traces are only highlighted: blacking them out would not
  make the text publishable, a person has to correct it.

Why every substitution keeps the length: a finding in a ``.docx`` often spans several runs (a
bold surname, an underlined number), and a same-length, character-by-character substitution can
be written back into each run's own text, so every run keeps its formatting and no run has to
be merged or rebuilt.  Highlighting is the one edit that adds structure: the run is split at the
finding's edges (when it holds a single text) and the middle run gets a yellow highlight.

Formats: ``.txt``/``.md`` (encoding and line ends kept), ``.html`` (edited as source: text nodes
and attribute values, tags never broken), ``.docx`` (body, tables, text boxes, headers, footers,
footnotes, endnotes, comments, tracked deletions), ``.xlsx`` (string and integer cells, rich
text, comments; cell styles kept; highlight is a cell fill).  Other files in a folder are
*skipped*, never copied: an unchecked copy could carry exactly what redaction is for.

Safety: the input is only ever opened for reading; the output may not be the input, inside an
input folder, or contain it; existing output files are refused unless ``overwrite=True``.
"""

from __future__ import annotations

import argparse
import copy
import io
import itertools
import json
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .engine import Checker
from .extract.errors import DEFAULT_MAX_BYTES, ExtractError
from .extract.registry import FORMATS, kind_for_suffix, sniff
from .mask import DEFAULT_POLICY, MaskPolicy, mask_in_place
from .models import IDENTIFIER_CATEGORIES, Finding, Severity
from .suppress import Allowlist, apply_suppressions
from .walk import printable

TermsMode = Literal["replace", "highlight", "keep"]
SUPPORTED = frozenset(s for f in FORMATS.values() if f.redact for s in f.suffixes)
"""Extensions redact writes copies of (the registry's ``redact`` flag)."""
REPLACEMENT = "■"
HIGHLIGHT_ONLY = frozenset({"wrong_expression", "tampering"})
TEXT_MARKS = {"txt": ("〖", "〗"), "md": ("<mark>", "</mark>"), "html": ("<mark>", "</mark>")}


class RedactError(Exception):
    """A refused or failed redaction; the message says which path and why."""


@dataclass
class FileChange:
    """What happened to one file."""

    source: str
    target: str | None
    kind: str | None
    masked: int = 0
    replaced: int = 0
    highlighted: int = 0
    suppressed: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.masked or self.replaced or self.highlighted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "masked": self.masked,
            "replaced": self.replaced,
            "highlighted": self.highlighted,
            "suppressed": self.suppressed,
            "categories": dict(self.categories),
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


@dataclass
class RedactSummary:
    files: list[FileChange] = field(default_factory=list)

    @property
    def written(self) -> list[FileChange]:
        return [f for f in self.files if f.skipped is None]

    def as_text(self) -> str:
        lines: list[str] = []
        for f in self.files:
            if f.skipped is not None:
                lines.append(f"跳过  {printable(f.source)}：{f.skipped}")
                continue
            what = "、".join(f"{c} {n}" for c, n in sorted(f.categories.items())) or "无改动"
            kept = f" · 豁免 {f.suppressed}" if f.suppressed else ""
            lines.append(
                f"写入  {printable(f.target or '')}  脱敏 {f.masked} · 替换 {f.replaced} · "
                f"标亮 {f.highlighted}"
                f"{kept}（{what}）"
            )
            lines.extend(f"      警告：{w}" for w in f.warnings)
        w = self.written
        lines.append(
            f"共 {len(w)} 个文件写入、{len(self.files) - len(w)} 个跳过；脱敏 "
            f"{sum(f.masked for f in w)} 处，替换 {sum(f.replaced for f in w)} 处，标亮 "
            f"{sum(f.highlighted for f in w)} 处"
        )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {"files": [f.as_dict() for f in self.files]}


# --- deciding what to do with the text --------------------------------------------------------


@dataclass
class _Plan:
    """Per-character substitutions (same length) and highlight spans over one text."""

    chars: list[str]
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.chars)

    def merged_highlights(self) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for a, b in sorted(self.highlights):
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out


@dataclass
class RedactOptions:
    terms: TermsMode = "replace"
    min_severity: Severity = Severity.REVIEW
    policy: MaskPolicy = field(default_factory=lambda: DEFAULT_POLICY)
    overwrite: bool = False
    allowlist: Allowlist | None = None


def _check(
    checker: Checker,
    text: str,
    source: str,
    opts: RedactOptions,
    change: FileChange,
    directives_from: str | None = None,
) -> list[Finding]:
    """Check ``text`` and drop what the author allowed (inline directives, the allow-list):
    a redacted copy must not black out what the review itself accepts."""
    report = checker.check(text, source=source)
    kept, dropped = apply_suppressions(directives_from or text, report, opts.allowlist)
    change.suppressed += len(dropped)
    return list(kept.findings)


def _is_identifier(f: Finding) -> bool:
    return f.category in IDENTIFIER_CATEGORIES or f.masked is not None


def plan(
    text: str,
    findings: Sequence[Finding],
    opts: RedactOptions,
    change: FileChange,
    protected: Callable[[int], bool] | None = None,
) -> _Plan:
    """Decide the edits for ``findings`` on ``text``.

    ``protected(i)`` marks characters that must not be replaced by ``■`` (HTML markup)."""
    p = _Plan(list(text))
    seen: set[tuple[int, int, bool]] = set()
    for f in findings:
        if f.severity.rank < opts.min_severity.rank:
            continue
        # two detectors may report one span (a custom pattern and the built-in detector)
        key = (f.start, f.end, _is_identifier(f))
        if key in seen:
            continue
        seen.add(key)
        raw = text[f.start : f.end]
        if _is_identifier(f):
            masked = mask_in_place(f.category, raw, opts.policy)
            if masked == raw:
                continue
            for i, (old, new) in enumerate(zip(raw, masked, strict=True)):
                if old != new:
                    p.chars[f.start + i] = new
            change.masked += 1
            change.categories[f.category] += 1
        elif opts.terms == "keep":
            continue
        elif opts.terms == "highlight" or f.category in HIGHLIGHT_ONLY:
            p.highlights.append((f.start, f.end))
            change.highlighted += 1
            change.categories[f.category] += 1
        else:
            hit = False
            for i in range(f.start, f.end):
                ch = text[i]
                if ch.isspace() or (protected is not None and protected(i)):
                    continue
                p.chars[i] = REPLACEMENT
                hit = True
            if hit:
                change.replaced += 1
                change.categories[f.category] += 1
    return p


# --- plain text and Markdown ------------------------------------------------------------------


def _redact_text(
    src: Path, data: bytes, dst: Path, kind: str, checker: Checker, opts: RedactOptions,
    change: FileChange,
) -> None:
    from .extract.text import decode

    text, encoding, warnings = decode(data)
    change.warnings.extend(warnings)
    findings = _check(checker, text, str(src), opts, change)
    p = plan(text, findings, opts, change)
    out = _with_marks(p, TEXT_MARKS[kind])
    try:
        payload = out.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        payload = out.encode("utf-8")
        change.warnings.append(f"无法按原编码 {encoding} 写出替换字符，已改用 UTF-8")
    _write_bytes(dst, payload)


def _with_marks(p: _Plan, marks: tuple[str, str]) -> str:
    text = p.text()
    spans = p.merged_highlights()
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for a, b in spans:
        out.extend((text[pos:a], marks[0], text[a:b], marks[1]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


# --- HTML (edited as source) ------------------------------------------------------------------

_TAG = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*\?>|<[A-Za-z/][^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _redact_html(
    src: Path, data: bytes, dst: Path, checker: Checker, opts: RedactOptions, change: FileChange
) -> None:
    from .extract.html import _decode_html

    source, encoding, warnings = _decode_html(data)
    change.warnings.extend(warnings)
    markup: list[tuple[int, int]] = [m.span() for m in _TAG.finditer(source)]
    markup += [m.span() for m in _ENTITY.finditer(source)]
    markup.sort()
    in_markup = bytearray(len(source))
    for a, b in markup:
        in_markup[a:b] = b"\x01" * (b - a)
    # Pass 1: the text content with every tag blanked (same offsets, no markup noise).
    blank = "".join(c if not in_markup[i] or c in "\r\n" else " " for i, c in enumerate(source))
    # Directives sit in comments, which the blanked text lacks: suppress against the source
    # (same offsets, same lines).
    findings = _check(checker, blank, str(src), opts, change, directives_from=source)
    # Pass 2: identifiers written inside markup (href="tel:…", comments, attributes).
    for f in _check(checker, source, str(src), opts, FileChange(str(src), None, "html")):
        if (
            _is_identifier(f)
            and any(in_markup[i] for i in range(f.start, f.end))
            and not any(g.start < f.end and f.start < g.end for g in findings if _is_identifier(g))
        ):
            findings.append(f)
    findings.sort(key=lambda f: (f.start, f.end))
    p = plan(source, findings, opts, change, protected=lambda i: bool(in_markup[i]))
    kept: list[tuple[int, int]] = []
    for a, b in p.highlights:
        if any(in_markup[i] for i in range(a, b)):
            change.highlighted -= 1
            change.warnings.append(f"第{source.count(chr(10), 0, a) + 1}行的结果跨越标签，未标亮")
        else:
            kept.append((a, b))
    p.highlights = kept
    if "&#" in source:
        change.warnings.append("页面含字符实体（&#…;），实体编码的号码不会被识别，请人工核对")
    out = _with_marks(p, TEXT_MARKS["html"])
    try:
        payload = out.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        payload = out.encode("utf-8")
        change.warnings.append(f"无法按原编码 {encoding} 写出替换字符，已改用 UTF-8")
    _write_bytes(dst, payload)


# --- docx -------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_P, _W_R, _W_T, _W_DEL = (f"{{{_W}}}p", f"{{{_W}}}r", f"{{{_W}}}t", f"{{{_W}}}delText")
_W_TAB, _W_BR, _W_CR, _W_RPR = (f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}cr", f"{{{_W}}}rPr")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DOCX_PARTS = re.compile(r"^/word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


@dataclass
class _Piece:
    start: int
    end: int
    elem: Any | None
    """The ``w:t``/``w:delText`` element (or openpyxl holder) written back; ``None`` for
    separators that exist only in the checked text."""


class _PieceText:
    """Text assembled from document parts, remembering which part each stretch came from, so a
    span found in the text can be written back into the runs or cells that hold it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pieces: list[_Piece] = []
        self.pos = 0

    def add(self, s: str, elem: Any | None) -> None:
        self.parts.append(s)
        self.pieces.append(_Piece(self.pos, self.pos + len(s), elem))
        self.pos += len(s)

    def result(self) -> tuple[str, list[_Piece]]:
        return "".join(self.parts), self.pieces


def _docx_text(root: Any) -> tuple[str, list[_Piece]]:
    built = _PieceText()
    add = built.add
    for p in root.iter(_W_P):
        for el in p.iter(_W_T, _W_DEL, _W_TAB, _W_BR, _W_CR):
            if next(el.iterancestors(_W_P), None) is not p:
                continue  # belongs to a nested paragraph (text box): visited on its own
            if el.tag in (_W_T, _W_DEL):
                if el.text:
                    add(el.text, el)
            elif el.tag == _W_TAB:
                add("\t", None)
            else:
                add("\n", None)
        add("\n", None)
    return built.result()


def _highlight_docx(pieces: list[_Piece], spans: list[tuple[int, int]]) -> int:
    """Highlight ``spans``; returns how many runs could only be highlighted whole."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.text.run import Run

    coarse = 0
    for pc in pieces:
        if pc.elem is None or pc.elem.tag != _W_T:
            continue
        local = [
            (max(a, pc.start) - pc.start, min(b, pc.end) - pc.start)
            for a, b in spans
            if a < pc.end and pc.start < b
        ]
        if not local:
            continue
        r = pc.elem.getparent()
        if r is None or r.tag != _W_R:
            continue
        content = [c for c in r if c.tag != _W_RPR]
        text = pc.elem.text or ""
        if len(content) != 1 or local == [(0, len(text))]:
            Run(r, None).font.highlight_color = WD_COLOR_INDEX.YELLOW
            coarse += len(content) != 1
            continue
        cuts = sorted({0, len(text), *(x for ab in local for x in ab)})
        prev = r
        for a, b in itertools.pairwise(cuts):
            if a == b:
                continue
            seg = copy.deepcopy(r)
            t = next(seg.iter(_W_T))
            t.text = text[a:b]
            t.set(_XML_SPACE, "preserve")
            if any(x <= a and b <= y for x, y in local):
                Run(seg, None).font.highlight_color = WD_COLOR_INDEX.YELLOW
            prev.addnext(seg)
            prev = seg
        r.getparent().remove(r)
    return coarse


def _redact_docx(
    src: Path, data: bytes, dst: Path, checker: Checker, opts: RedactOptions, change: FileChange
) -> None:
    from docx.oxml.parser import parse_xml
    from lxml import etree

    from .extract.docx import open_docx

    try:
        document, notes = open_docx(data)  # WPS packages python-docx refuses are mended first
    except Exception as exc:
        raise ExtractError(
            "无法生成副本：文件包结构损坏，Word 文档库无法打开（检查时只能直接读取其文字）"
            f"（技术信息：{type(exc).__name__}）"
        ) from exc
    change.warnings.extend(notes)
    package = document.part.package
    for part in package.iter_parts():
        if not _DOCX_PARTS.match(str(part.partname)):
            continue
        element = getattr(part, "_element", None)
        from_blob = element is None
        root = parse_xml(part.blob) if from_blob else element
        text, pieces = _docx_text(root)
        if not text.strip():
            continue
        findings = _check(checker, text, f"{src}{part.partname}", opts, change)
        p = plan(text, findings, opts, change)
        for pc in pieces:
            if pc.elem is None:
                continue
            new = "".join(p.chars[pc.start : pc.end])
            if new != pc.elem.text:
                pc.elem.text = new
                pc.elem.set(_XML_SPACE, "preserve")
        spans = p.merged_highlights()
        if spans:
            coarse = _highlight_docx(pieces, spans)
            if coarse:
                change.warnings.append(f"{part.partname}：{coarse} 个文本段整段标亮")
        if from_blob:
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    props = document.core_properties
    if props.author or props.last_modified_by:
        change.warnings.append("文档属性（作者、最后修改者）未处理，发布前请在“文件→信息”中检查")
    buf = io.BytesIO()
    document.save(buf)
    _write_bytes(dst, buf.getvalue())


# --- xlsx -------------------------------------------------------------------------------------


@dataclass
class _CellRef:
    cell: Any
    """The cell; for ``hf`` the header/footer part (``ws.oddHeader.center`` …)."""
    kind: Literal["str", "int", "rich", "comment", "hf"]
    block: int = -1


def _xlsx_text(ws: Any) -> tuple[str, list[_Piece]]:
    from openpyxl.cell.rich_text import CellRichText, TextBlock

    built = _PieceText()
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


def _formulas_with_identifiers(ws: Any, checker: Checker) -> list[str]:
    """Cells whose formula text holds an identifier (``="1101…"``): formulas are not rewritten
    (a changed formula computes something else), so the user is told where to look."""
    out: list[str] = []
    for row in ws.iter_rows():
        for cell in row:
            formula = cell.value if cell.data_type == "f" else None
            if (
                isinstance(formula, str)
                and any(ch.isdigit() or ch == "@" for ch in formula)
                and any(_is_identifier(f) for f in checker.check(formula).findings)
            ):
                out.append(cell.coordinate)
    return out


def _redact_xlsx(
    src: Path, data: bytes, dst: Path, checker: Checker, opts: RedactOptions, change: FileChange
) -> None:
    from openpyxl.cell.rich_text import TextBlock
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from .extract.xlsx import open_xlsx

    try:
        wb, notes = open_xlsx(data, rich_text=True)
    except Exception as exc:
        raise ExtractError(
            "无法生成副本：文件包结构损坏，Excel 工作簿库无法打开（检查时只能直接读取单元格）"
            f"（技术信息：{type(exc).__name__}）"
        ) from exc
    change.warnings.extend(notes)
    fill = PatternFill(fill_type="solid", fgColor="FFFFFF00")
    for ws in wb.worksheets:
        text, pieces = _xlsx_text(ws)
        if not text.strip():
            continue
        findings = _check(checker, text, f"{src}!{ws.title}", opts, change)
        p = plan(text, findings, opts, change)
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
        flagged = _formulas_with_identifiers(ws, checker)
        if flagged:
            change.warnings.append(
                f"工作表 {ws.title} 的公式中写有标识符（{'、'.join(flagged[:5])}"
                + ("等" if len(flagged) > 5 else "")
                + "），公式未改动，请人工修改"
            )
        if getattr(ws, "_pivots", None):
            change.warnings.append(f"工作表 {ws.title} 含数据透视表，其缓存中可能仍有原始数据")
    if wb.properties.creator or wb.properties.lastModifiedBy:
        change.warnings.append("文档属性（作者、最后修改者）未处理，发布前请检查")
    buf = io.BytesIO()
    wb.save(buf)
    _write_bytes(dst, buf.getvalue())


# --- files and folders ------------------------------------------------------------------------


def _write_bytes(dst: Path, payload: bytes) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".redact-", dir=dst.parent)
    try:
        # mkstemp creates 0600; a copy meant for publishing gets the usual permissions.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
    except ValueError:
        return False
    return True


@dataclass
class _Pair:
    source: Path
    target: Path | None
    skipped: str | None = None


def _pairs(src: Path, dst: Path, overwrite: bool, out_is_dir: bool) -> list[_Pair]:
    """What to write where.  Folders are walked by the one walker (:mod:`baomi_check.walk`):
    the same excludes (``node_modules``, ``.git``, lock files) and the same idea of what is a
    file as ``check``; a file it skips for its type is listed as skipped, never copied."""
    from .walk import DEFAULT_EXCLUDES, SkipLog, iter_paths

    if not os.path.lexists(src):
        raise RedactError(f"{src}: 输入不存在")
    try:
        s, d = src.resolve(), dst.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop as IN or OUT
        raise RedactError(f"{src} 或 {dst}: 路径无法解析（符号链接循环？）：{exc}") from exc
    pairs: list[_Pair] = []
    if src.is_dir():
        if d == s or _inside(d, s) or _inside(s, d):
            raise RedactError(f"{dst}: 输出目录不能是输入目录、在输入目录之内或包含输入目录")
        if d.exists() and not d.is_dir():
            raise RedactError(f"{dst}: 输入是目录，输出也必须是目录")
        log = SkipLog()
        items = list(iter_paths([src], exclude=DEFAULT_EXCLUDES, skipped=log, archives=False))
        for item in items:
            f = Path(item.path)
            if item.error is not None:
                pairs.append(_Pair(f, None, item.error))
                continue
            kind = kind_for_suffix(f.name)
            if kind is None or not FORMATS[kind].redact:
                pairs.append(_Pair(f, None, _not_redactable(kind, f)))
            else:
                pairs.append(_Pair(f, d / f.relative_to(src)))
        pairs += [_Pair(Path(p), None, _not_redactable(None, Path(p))) for p in log.paths]
        pairs.sort(key=lambda p: str(p.source))
    else:
        # ``redact x.docx newdir/`` means a folder, as cp does: not a file named ``newdir``.
        target = d / src.name if (out_is_dir or d.is_dir()) else d
        if target == s or (target.exists() and _same_file(target, s)):
            raise RedactError(f"{dst}: 输出不能覆盖输入文件")
        pairs = [_Pair(src, target)]
    for pair in pairs:
        # A folder inside OUT may be a symlink back into IN (or a file a link to an input):
        # the lexical checks above pass, but writing would replace the input file itself.
        if pair.target is None:
            continue
        try:
            real = pair.target.resolve()
            same = real == pair.source.resolve()
        except (RuntimeError, OSError):
            pair.target, pair.skipped = None, "符号链接循环（链接直接或间接指向自身），已跳过"
            continue
        if same or (src.is_dir() and _inside(real, s)):
            raise RedactError(f"{pair.target}: 输出路径经符号链接指向输入（{real}），拒绝写入")
    if not overwrite:
        existing = [str(p.target) for p in pairs if p.target is not None and p.target.exists()]
        if existing:
            raise RedactError(
                f"输出文件已存在（用 --overwrite 覆盖）：{', '.join(existing[:5])}"
                + ("…" if len(existing) > 5 else "")
            )
    return pairs


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


_READ_ONLY = {"doc": ".docx", "wps": ".docx", "rtf": ".docx", "xls": ".xlsx", "et": ".xlsx",
              "ofd": None, "pptx": None, "pdf": None}  # fmt: skip
"""Formats ``check`` reads but whose redacted copy cannot be written back safely (binary Office
streams, fixed layouts, slides: a masked value could survive where the writer does not look),
with the format to save as first."""


def _not_redactable(kind: str | None, f: Path) -> str:
    if kind is None:
        return f"不支持的格式 {f.suffix or '（无扩展名）'}，未复制"
    label = f"{FORMATS[kind].label}（{f.suffix or kind}）"
    if kind in _READ_ONLY:
        target = _READ_ONLY[kind]
        how = f"请另存为 {target} 后再脱敏" if target else "请在原软件中修改后重新导出"
        return f"{label}可以检查，但无法安全地写回脱敏副本（二进制或版式格式）：{how}，未复制"
    return f"{label}不支持生成脱敏副本，未复制"


_WRITERS = {"txt": "text", "md": "text", "html": "html", "docx": "docx", "xlsx": "xlsx"}


def _redact_one(
    f: Path, target: Path, change: FileChange, checker: Checker, opts: RedactOptions,
    max_bytes: int,
) -> None:
    """Read ``f`` as ``check`` does, then write its redacted copy to ``target``."""
    from .extract import NO_TEXT_WARNING, extract_bytes
    from .walk import read_input

    data = read_input(f, max_bytes)
    claimed = kind_for_suffix(f.name) or "txt"
    kind = sniff(data, claimed)
    change.kind = kind
    if kind not in _WRITERS:
        raise ExtractError(_not_redactable(kind if kind in FORMATS else None, f))
    # The reader first: it refuses what check refuses (binary content, zip bombs, damaged
    # packages) with the same message, before any library inflates or rewrites the file.
    doc = extract_bytes(data, claimed)
    if not doc.text.strip():
        change.warnings.append(NO_TEXT_WARNING)
    if kind in ("txt", "md"):
        _redact_text(f, data, target, kind, checker, opts, change)
    elif kind == "html":
        _redact_html(f, data, target, checker, opts, change)
    elif kind == "docx":
        _redact_docx(f, data, target, checker, opts, change)
    else:
        _redact_xlsx(f, data, target, checker, opts, change)


def redact(
    in_path: str | Path,
    out_path: str | Path,
    *,
    checker: Checker | None = None,
    terms: TermsMode = "replace",
    min_severity: Severity | str = Severity.REVIEW,
    policy: MaskPolicy | None = None,
    overwrite: bool = False,
    allowlist: Allowlist | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RedactSummary:
    """Write redacted copies of ``in_path`` (a file or a folder) to ``out_path``.

    Every input goes through the same walker and reader as ``check`` (input limits, content
    recognition, zip-bomb limits, damaged packages); a file that cannot be read is skipped
    with the reader's message, never copied.

    Raises :class:`RedactError` before writing anything when the paths are unsafe; a file that
    fails on its own is reported as skipped and the others are still written."""
    if terms not in ("replace", "highlight", "keep"):
        raise RedactError(f"terms 必须是 replace、highlight 或 keep，而不是 {terms!r}")
    opts = RedactOptions(
        allowlist=allowlist,
        terms=terms,
        min_severity=Severity.parse(min_severity),
        policy=policy or DEFAULT_POLICY,
        overwrite=overwrite,
    )
    checker = checker or Checker.default()
    src, dst = Path(in_path), Path(out_path)
    out_is_dir = str(out_path).endswith(("/", os.sep))
    summary = RedactSummary()
    for pair in _pairs(src, dst, overwrite, out_is_dir):
        f, target = pair.source, pair.target
        change = FileChange(str(f), str(target) if target else None, kind_for_suffix(f.name))
        summary.files.append(change)
        if target is None:
            change.skipped = pair.skipped or "未处理"
            continue
        try:
            _redact_one(f, target, change, checker, opts, max_bytes)
        except ExtractError as exc:  # input limits, binary content, a damaged file
            change.skipped = f"无法处理：{exc}"
            change.target = None
        except Exception as exc:  # one broken file must not stop the folder
            from .report.common import mask_long_digits  # a library message may quote a cell

            change.skipped = (
                "无法处理：文件已损坏或格式异常，未生成副本"
                f"（技术信息：{type(exc).__name__}: {mask_long_digits(str(exc))[:200]}）"
            )
            change.target = None
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """``baomi-check redact IN OUT [options]``; exit 0 when written, 2 on refusal or errors."""
    ap = argparse.ArgumentParser(
        prog="baomi-check redact",
        description="生成脱敏副本：身份证号等标识符按脱敏规则遮盖，标记的词语替换或标亮；"
        "不修改原文件。支持 .txt .md .html .docx .xlsx。",
    )
    ap.add_argument("input", metavar="IN", help="输入文件或目录")
    ap.add_argument("output", metavar="OUT", help="输出文件或目录（不能与输入相同或互相包含）")
    ap.add_argument(
        "--terms",
        choices=("replace", "highlight", "keep"),
        default="replace",
        help="标记词语的处理：replace 用■替换（默认），highlight 标亮，keep 保留",
    )
    ap.add_argument(
        "--min-severity",
        choices=("block", "review", "info"),
        default="review",
        help="处理该级别及以上的结果（默认 review）",
    )
    ap.add_argument(
        "--rules", action="append", default=[], metavar="DIR", help="额外的规则包目录（可重复）"
    )
    ap.add_argument("--allowlist", metavar="FILE", help="允许清单文件：清单中的短语和值不处理")
    ap.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    ap.add_argument("--json", action="store_true", help="以 JSON 输出改动摘要")
    ap.add_argument("--max-file-size", metavar="SIZE", default="50MB",
                    help="单个文件大小上限，如 20MB（默认 50MB，与检查相同）")  # fmt: skip
    args = ap.parse_args(list(argv) if argv is not None else None)
    from .settings import parse_size

    try:
        max_bytes = parse_size(args.max_file_size)
    except ValueError:
        print(f"baomi-check redact: 无效的文件大小：{args.max_file_size}", file=sys.stderr)
        return 2
    try:
        checker = Checker.from_rules(*args.rules) if args.rules else None
        allowlist = Allowlist.load(args.allowlist) if args.allowlist else None
        summary = redact(
            args.input,
            args.output,
            checker=checker,
            terms=args.terms,
            min_severity=args.min_severity,
            overwrite=args.overwrite,
            allowlist=allowlist,
            max_bytes=max_bytes,
        )
    except RedactError as exc:
        print(f"baomi-check redact: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # rule-pack errors and the like: a clear message, not a trace
        print(f"baomi-check redact: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary.as_text())
    failed = [
        f for f in summary.files
        if f.skipped and not f.skipped.endswith("未复制")  # unreadable, not merely unsupported
    ]  # fmt: skip
    return 2 if failed else 0
