"""OFD (GB/T 33190-2016), the national fixed-layout format of electronic official documents (公文),
invoices and e-licences: the text of every page in reading order, page templates, annotations,
attachments and document metadata.

An OFD file is a zip package of XML parts::

    OFD.xml                      DocBody → DocInfo (metadata), DocRoot → Doc_0/Document.xml
    Doc_0/Document.xml           CommonData/TemplatePage, Pages/Page(BaseLoc), Annotations,
                                 Attachments
    Doc_0/Pages/Page_0/Content.xml   Page → Template, Content → Layer → TextObject → TextCode
    Doc_0/Annots/Annotations.xml     Page(PageID) → FileLoc → PageAnnot → Annot → Remark, Appearance
    Doc_0/Attachs/Attachments.xml    Attachment(Name, Format) → FileLoc

Text is placed glyph by glyph: a ``TextCode`` carries its start ``X``/``Y`` (relative to the
``TextObject``'s ``Boundary``) and the advance of each further glyph in ``DeltaX`` (with the
``g N d`` repeat shorthand).  Producers write a line as one ``TextCode`` or one per glyph, in any
order, so the page text is rebuilt from the geometry: codes are grouped into lines by their
baseline ``Y`` (within a fraction of the font size) and each line is read left to right; a wide
horizontal gap (a table column) becomes a tab, so a name and the ID number next to it stay on
one line as the identifier detectors expect.

Locations: ``第N页``, ``第N页（模板）`` (template content, read once, at the first page using
it), ``第N页（批注）``, ``附件“名称”`` (an attached file is read by the reader of its own
format when it has one, its locations prefixed: ``附件“名单.xlsx” Sheet1!B2``; others are only
listed in a warning), ``文档属性`` (title, subject, abstract, keywords, custom data such as
``密级：机密``).  With several documents in one package (rare) pages say ``文档2 第1页``.

Namespaces differ between producers (``http://www.ofdspec.org/2016``, the pre-2016
``http://www.ofdspec.org``, none), so elements are matched by local name.  Parsing is safe for
untrusted input: no DTD, no entity expansion, no network.  A missing or broken page part costs
that page (a warning that names it), not the file; a package without its entry parts is an error.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import posixpath
import re
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree as etree

from .document import Document, TextBuilder, add_properties
from .errors import ExtractError

MAX_PART_BYTES = 64 << 20
"""Uncompressed size above which one XML part is not read (a page of text is kilobytes)."""
MAX_TOTAL_BYTES = 1 << 30
_MAX_ATTACHMENT_DEPTH = 2
_nesting = threading.local()
"""``depth``: how many OFD packages this thread is reading inside each other (an OFD attached
to an OFD …); per thread, because the service may read files in threads."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    for child in el:
        if _local(child) == name:
            yield child


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    return next(_children(el, name), None)


def _descendants(el: etree._Element, name: str) -> Iterator[etree._Element]:
    for child in el.iter():
        if _local(child) == name:
            yield child


def _text(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _floats(value: str | None) -> list[float]:
    out = []
    for token in (value or "").split():
        try:
            out.append(float(token))
        except ValueError:
            out.append(0.0)
    return out


def _deltas(value: str | None) -> list[float]:
    """``DeltaX``/``DeltaY``: numbers, where ``g N d`` stands for N times d."""
    tokens = (value or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            with contextlib.suppress(ValueError):
                out.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), 100_000))
            i += 3
        else:
            with contextlib.suppress(ValueError):
                out.append(float(tokens[i]))
            i += 1
    return out


@dataclass
class _Code:
    x: float
    y: float
    end: float
    size: float
    text: str


class _Package:
    """The zip with case-insensitive part lookup and size limits."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ExtractError(
                f"无法打开 OFD 文件（不是有效的 zip 包，文件损坏或被截断）：{exc}"
            ) from exc
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise ExtractError("OFD 文件解压后过大，疑似压缩炸弹或异常文件，已跳过")
        self.names = {i.filename.lstrip("/").lower(): i for i in infos if not i.is_dir()}

    def resolve(self, loc: str, base: str) -> str | None:
        """A ``ST_Loc`` path (absolute from the package root, or relative to ``base``'s
        folder) as a part name present in the package, else ``None``."""
        loc = loc.strip().replace("\\", "/")
        if not loc:
            return None
        candidates = (
            [loc.lstrip("/")]
            if loc.startswith("/")
            else [posixpath.join(posixpath.dirname(base), loc), loc]
        )
        for c in candidates:
            norm = posixpath.normpath(c).lstrip("/")
            if norm.lower() in self.names:
                return self.names[norm.lower()].filename
        return None

    def read(self, part: str) -> bytes:
        info = self.names[part.lstrip("/").lower()]
        if info.file_size > MAX_PART_BYTES:
            raise ExtractError(f"部件 {part} 解压后过大（{info.file_size} 字节），未读取")
        try:
            return self.zip.read(info)
        except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, NotImplementedError
            raise ExtractError(f"部件 {part} 无法解压（{type(exc).__name__}: {exc}）") from exc

    def xml(self, part: str) -> etree._Element:
        try:
            return etree.fromstring(self.read(part), _parser())
        except etree.XMLSyntaxError as exc:
            raise ExtractError(f"部件 {part} 不是有效的 XML（{exc}）") from exc


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_UNIT_DEPTH = 4


def _compose(m: Matrix, n: Matrix) -> Matrix:
    """``m ∘ n`` (``n`` applied first) for OFD's ``CTM`` ``a b c d e f``:
    ``x' = a·x + c·y + e``, ``y' = b·x + d·y + f``."""
    a1, b1, c1, d1, e1, f1 = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2,
        a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1,
    )  # fmt: skip


def _placement(obj: etree._Element) -> Matrix:
    """Object space → its parent's space: the ``CTM`` inside the ``Boundary``'s origin."""
    box = _floats(obj.get("Boundary"))
    bx, by = ([*box, 0.0, 0.0])[:2]
    ctm = _floats(obj.get("CTM"))
    matrix: Matrix = tuple(ctm[:6]) if len(ctm) >= 6 else _IDENTITY  # type: ignore[assignment]
    return _compose((1.0, 0.0, 0.0, 1.0, bx, by), matrix)


def _text_codes(
    root: etree._Element,
    units: dict[str, etree._Element] | None = None,
    matrix: Matrix = _IDENTITY,
    depth: int = 0,
) -> list[_Code]:
    """Every text code under ``root`` at its page position: text objects' ``CTM`` applied, and
    ``CompositeObject`` s opened through their ``CompositeGraphicUnit`` resource (producers
    that write each page as reusable units keep all the text there)."""
    codes: list[_Code] = []
    for el in root:
        local = _local(el)
        if local == "TextObject":
            m = _compose(matrix, _placement(el))
            scale = max(abs(m[0]), abs(m[3])) or 1.0
            size = ((_floats(el.get("Size")) or [3.5])[0] or 3.5) * scale
            for code in _children(el, "TextCode"):
                text = code.text or ""
                if not text.strip():
                    continue
                x = (_floats(code.get("X")) or [0.0])[0]
                y = (_floats(code.get("Y")) or [0.0])[0]
                advance = sum(_deltas(code.get("DeltaX"))[: max(len(text) - 1, 0)])
                px = m[0] * x + m[2] * y + m[4]
                py = m[1] * x + m[3] * y + m[5]
                codes.append(_Code(px, py, px + (advance * scale) + size, size, text))
        elif local == "CompositeObject":
            unit = (units or {}).get(el.get("ResourceID", ""))
            content = _child(unit, "Content")
            if content is not None and depth < _MAX_UNIT_DEPTH:
                inner = _compose(matrix, _placement(el))
                codes.extend(_text_codes(content, units, inner, depth + 1))
        elif local not in ("PathObject", "ImageObject", "Clips", "Actions"):
            codes.extend(_text_codes(el, units, matrix, depth))
    return codes


def _lines(codes: list[_Code]) -> list[str]:
    """Codes grouped into lines by baseline, each line read left to right."""
    lines: list[list[_Code]] = []
    for code in sorted(codes, key=lambda c: (c.y, c.x)):
        if lines:
            last = lines[-1]
            tolerance = 0.4 * max(code.size, last[0].size)
            if abs(code.y - last[0].y) <= tolerance:
                last.append(code)
                continue
        lines.append([code])
    out = []
    for line in lines:
        line.sort(key=lambda c: c.x)
        parts = [line[0].text]
        for prev, code in itertools.pairwise(line):
            gap = code.x - prev.end
            parts.append(("\t" if gap > 1.5 * code.size else "") + code.text)
        out.append("".join(parts))
    return out


class _Reader:
    def __init__(self, pkg: _Package, out: TextBuilder, warnings: list[str]) -> None:
        self.pkg = pkg
        self.out = out
        self.warnings = warnings
        self.pages_read = 0
        self.pages_total = 0
        self.page_lines = 0
        self.glyph_pages: list[str] = []
        """Pages whose text is mostly private-use code points (glyph indexes of an embedded
        font without a Unicode mapping): what is read there is not the visible text."""
        self.res_cache: dict[str, dict[str, etree._Element]] = {}

    def _part(self, loc: str | None, base: str, what: str) -> tuple[str, etree._Element] | None:
        """The parsed part at ``loc``, or ``None`` with a warning naming it."""
        part = self.pkg.resolve(loc or "", base)
        if part is None:
            self.warnings.append(f"OFD 中{what}的部件 {loc or '（未指定）'} 缺失，未能检查")
            return None
        try:
            return part, self.pkg.xml(part)
        except ExtractError as exc:
            self.warnings.append(f"OFD 中{what}无法读取：{exc}")
            return None

    def document(self, doc_part: str, root: etree._Element, prefix: str) -> None:
        templates: dict[str, str] = {}  # template ID → BaseLoc
        common = _child(root, "CommonData")
        if common is not None:
            for t in _children(common, "TemplatePage"):
                if t.get("ID") and t.get("BaseLoc"):
                    templates[t.get("ID", "")] = t.get("BaseLoc", "")
        units = self.resources(common, doc_part)
        page_ids: dict[str, int] = {}
        templates_read: set[str] = set()
        pages = _child(root, "Pages")
        page_list = list(_children(pages, "Page")) if pages is not None else []
        for n, page in enumerate(page_list, start=1):
            self.pages_total += 1
            page_ids[page.get("ID", "")] = n
            where = f"{prefix}第{n}页"
            found = self._part(page.get("BaseLoc"), doc_part, f"第{n}页")
            if found is None:
                continue
            page_part, content = found
            self.pages_read += 1
            page_units = {**units, **self.resources(content, page_part)}
            lines = _lines(_text_codes(content, page_units))
            private = sum(1 for line in lines for ch in line if "\ue000" <= ch <= "\uf8ff")
            wide = sum(1 for line in lines for ch in line if ch >= "\u2e80")
            if private > 0.3 * max(wide, 1):
                self.glyph_pages.append(str(n))
            for line in lines:
                if line.strip():
                    self.out.add(line, where)
                    self.page_lines += 1
            for tref in _children(content, "Template"):
                tid = tref.get("TemplateID", "")
                if tid in templates_read or tid not in templates:
                    continue
                templates_read.add(tid)
                tfound = self._part(templates[tid], doc_part, f"第{n}页的模板")
                if tfound is not None:
                    for line in _lines(_text_codes(tfound[1], units)):
                        if line.strip():
                            self.out.add(line, f"{where}（模板）")
                            self.page_lines += 1
        self.annotations(root, doc_part, page_ids, prefix)
        self.attachments(root, doc_part, prefix)

    def resources(self, holder: etree._Element | None, base: str) -> dict[str, etree._Element]:
        """``CompositeGraphicUnit`` s by ID from the resource files a document or page lists
        (``PublicRes``, ``DocumentRes``, ``PageRes``; paths relative to ``base``)."""
        units: dict[str, etree._Element] = {}
        if holder is None:
            return units
        for name in ("PublicRes", "DocumentRes", "PageRes"):
            for ref in _children(holder, name):
                part = self.pkg.resolve(_text(ref), base)
                if part is None or part in self.res_cache:
                    units.update(self.res_cache.get(part or "", {}))
                    continue
                try:
                    root = self.pkg.xml(part)
                except ExtractError as exc:
                    self.warnings.append(f"OFD 资源文件无法读取：{exc}")
                    self.res_cache[part] = {}
                    continue
                found = {u.get("ID", ""): u for u in _descendants(root, "CompositeGraphicUnit")}
                self.res_cache[part] = found
                units.update(found)
        return units

    def annotations(
        self, root: etree._Element, doc_part: str, page_ids: dict[str, int], prefix: str
    ) -> None:
        loc = _text(_child(root, "Annotations"))
        if not loc:
            return
        found = self._part(loc, doc_part, "批注列表")
        if found is None:
            return
        index_part, index = found
        for page in _children(index, "Page"):
            n = page_ids.get(page.get("PageID", ""))
            where = f"{prefix}第{n}页（批注）" if n else f"{prefix}批注"
            for file_loc in _children(page, "FileLoc"):
                afound = self._part(_text(file_loc), index_part, "批注")
                if afound is None:
                    continue
                for annot in _descendants(afound[1], "Annot"):
                    texts = [_text(r) for r in _children(annot, "Remark")]
                    texts += _lines(_text_codes(annot, {}))
                    for text in texts:
                        if text.strip():
                            self.out.add(text, where)

    def attachments(self, root: etree._Element, doc_part: str, prefix: str) -> None:
        loc = _text(_child(root, "Attachments"))
        if not loc:
            return
        found = self._part(loc, doc_part, "附件列表")
        if found is None:
            return
        index_part, index = found
        unread: list[str] = []
        for att in _children(index, "Attachment"):
            name = att.get("Name") or att.get("ID") or "附件"
            fmt = (att.get("Format") or "").lower().lstrip(".")
            file_loc = _text(_child(att, "FileLoc"))
            part = self.pkg.resolve(file_loc, index_part)
            if part is None:
                self.warnings.append(
                    f"OFD 附件“{name}”的部件 {file_loc or '（未指定）'} 缺失，未能检查"
                )
                continue
            filename = name if "." in name else f"{name}.{fmt or posixpath.basename(part)}"
            try:
                inner = _read_attachment(self.pkg.read(part), filename)
            except ExtractError as exc:
                unread.append(f"{name}（{exc}）")
                continue
            if inner is None:
                unread.append(name)
                continue
            where = f"{prefix}附件“{name}”"
            for seg in inner.segments or []:
                self.out.add(inner.text[seg.start : seg.end], f"{where} {seg.location}")
            if not inner.segments and inner.text.strip():
                for i, line in enumerate(inner.text.splitlines(), start=1):
                    if line.strip():
                        self.out.add(line, f"{where} 第{i}行")
            self.warnings.extend(f"附件“{name}”：{w}" for w in inner.warnings)
        if unread:
            self.warnings.append("OFD 中的附件未能检查：" + "、".join(unread))


def _read_attachment(data: bytes, filename: str) -> Document | None:
    """An attached file through the reader of its format, ``None`` for a format without one."""
    from . import SUPPORTED_SUFFIXES, extract_bytes, kind_of

    suffix = posixpath.splitext(filename)[1].lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return None
    return extract_bytes(data, kind_of(filename))


_DOCINFO_TEXT = ("Title", "Subject", "Abstract")


def _doc_info(info: etree._Element | None) -> list[str | None]:
    if info is None:
        return []
    values: list[str | None] = [_text(_child(info, name)) for name in _DOCINFO_TEXT]
    keywords = _child(info, "Keywords")
    if keywords is not None:
        values.append("、".join(_text(k) for k in _children(keywords, "Keyword") if _text(k)))
    customs = _child(info, "CustomDatas")
    if customs is not None:
        for c in _children(customs, "CustomData"):
            value = _text(c)
            if value:
                values.append(f"{c.get('Name', '')}：{value}" if c.get("Name") else value)
    return values


_ENTRY = re.compile(r"^ofd\.xml$", re.IGNORECASE)


def extract_ofd(data: bytes, kind: str = "ofd") -> Document:
    depth = getattr(_nesting, "depth", 0)
    if not data:
        raise ExtractError("文件为空（0 字节），不是有效的 OFD 文件")
    if depth >= _MAX_ATTACHMENT_DEPTH:
        raise ExtractError("OFD 附件嵌套过深，未继续读取")
    pkg = _Package(data)
    entry = next((i.filename for i in pkg.names.values() if _ENTRY.match(i.filename)), None)
    if entry is None:
        raise ExtractError("文件不是 OFD 文档（包中没有 OFD.xml），可能已损坏或扩展名有误")
    ofd = pkg.xml(entry)
    if _local(ofd) != "OFD":
        raise ExtractError("OFD.xml 的根元素不是 OFD，文件可能已损坏")
    out = TextBuilder()
    warnings: list[str] = []
    reader = _Reader(pkg, out, warnings)
    properties: list[str | None] = []
    bodies = list(_children(ofd, "DocBody"))
    _nesting.depth = depth + 1
    try:
        for i, body in enumerate(bodies, start=1):
            prefix = f"文档{i} " if len(bodies) > 1 else ""
            properties.extend(_doc_info(_child(body, "DocInfo")))
            root_loc = _text(_child(body, "DocRoot"))
            doc_part = pkg.resolve(root_loc, entry)
            if doc_part is None:
                raise ExtractError(f"OFD 文档根部件 {root_loc or '（未指定）'} 缺失，文件已损坏")
            reader.document(doc_part, pkg.xml(doc_part), prefix)
    finally:
        _nesting.depth = depth
    add_properties(out, properties)
    if reader.glyph_pages:
        warnings.append(
            f"第{'、'.join(reader.glyph_pages)}页的文字以字体私有编码存储，无法还原为可读文字，"
            "请人工审查这些页"
        )
    if reader.pages_total and not reader.pages_read:
        raise ExtractError(
            "OFD 的页面部件全部缺失或无法读取，内容无法检查：" + "；".join(warnings[:3])
        )
    text = out.text()
    if reader.pages_total and not reader.page_lines:
        # Pages without text objects: a scanned document (page images), nothing checkable.
        raise ExtractError(
            "OFD 没有文字内容（可能是扫描件，页面只有图像），内容无法自动检查："
            "请先做文字识别（OCR）或人工审查"
        )
    return Document(text, kind, segments=out.segments, warnings=warnings)
