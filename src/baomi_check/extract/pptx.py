"""PowerPoint ``.pptx``: the text of every slide (shapes, grouped shapes, tables), speaker notes,
comments and document properties, read from the package's XML parts with lxml.

Why not python-pptx: it would only be used to find the parts, it validates the package strictly
(a WPS-written relationship to a missing part makes it refuse the whole file, as python-docx
does, see issue 12), and it pulls Pillow and XlsxWriter into the runtime.  The PresentationML a
reviewer needs is small: ``presentation.xml`` lists the slides in order (``sldIdLst``), each
slide's ``spTree`` holds shapes (``p:sp``), groups (``p:grpSp``, nested) and graphic frames
(``a:tbl`` tables), and each slide's relationships name its notes slide and comments.

Locations: ``第3张幻灯片`` (a hidden slide says ``第3张幻灯片（隐藏）``: it is published with the
file), ``第3张幻灯片 表格1 第2行`` (a table row is one line, cells separated by tabs, so a name
and the ID next to it stay on one line), ``第3张幻灯片（备注）``, ``第3张幻灯片（批注）``,
``文档属性``.  Slide-number and date placeholders are skipped in notes (they hold only fields).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator

import lxml.etree as etree

from .document import Document, TextBuilder, add_properties
from .errors import ExtractError

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_PART_BYTES = 64 << 20
_SKIP_PLACEHOLDERS = {"sldNum", "dt", "sldImg", "hdr"}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class _Package:
    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ExtractError(
                f"无法打开 .pptx 文件（文件损坏、被截断或不是演示文稿）：{exc}"
            ) from exc
        self.names = {i.filename.lstrip("/").lower(): i for i in infos if not i.is_dir()}
        self.ids: dict[tuple[str, str], str] = {}
        """(source part, relationship id) → target part, filled by :meth:`rels`."""

    def has(self, part: str) -> bool:
        return part.lower() in self.names

    def xml(self, part: str) -> etree._Element:
        info = self.names.get(part.lower())
        if info is None:
            raise ExtractError(f"演示文稿部件 {part} 缺失")
        if info.file_size > MAX_PART_BYTES:
            raise ExtractError(f"演示文稿部件 {part} 解压后过大，疑似压缩炸弹，已跳过")
        try:
            return etree.fromstring(self.zip.read(info), _parser())
        except Exception as exc:  # XMLSyntaxError, BadZipFile (CRC), zlib.error, EOFError
            raise ExtractError(
                f"演示文稿部件 {part} 无法读取（{type(exc).__name__}: {exc}）"
            ) from exc

    def rels(self, part: str) -> list[tuple[str, str]]:
        """``(type suffix, target part)`` of a part's internal relationships that exist."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if not self.has(rels_part):
            return []
        try:
            root = self.xml(rels_part)
        except ExtractError:
            return []
        out = []
        for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = (rel.get("Target") or "").replace("\\", "/")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            if self.has(path):
                out.append(((rel.get("Type") or "").rsplit("/", 1)[-1], path))
            out_id = rel.get("Id")
            if out_id:
                self.ids[(part, out_id)] = path
        return out


def _paragraphs(body: etree._Element) -> list[str]:
    """Lines of a ``txBody``: runs, fields and line breaks of each ``a:p``."""
    lines = []
    for p in body.iter(f"{{{A}}}p"):
        parts: list[str] = []
        for el in p.iter(f"{{{A}}}t", f"{{{A}}}br"):
            parts.append("\n" if el.tag == f"{{{A}}}br" else el.text or "")
        lines.append("".join(parts))
    return lines


def _placeholder(sp: etree._Element) -> str | None:
    ph = sp.find(f".//{{{P}}}nvPr/{{{P}}}ph")
    return ph.get("type", "body") if ph is not None else None


def _shapes(tree: etree._Element) -> Iterator[etree._Element]:
    """Shapes and graphic frames in z-order, groups opened, one choice of alternate content."""
    for child in tree:
        tag = child.tag
        if tag in (f"{{{P}}}sp", f"{{{P}}}graphicFrame"):
            yield child
        elif tag == f"{{{P}}}grpSp":
            yield from _shapes(child)
        elif tag == f"{{{MC}}}AlternateContent":
            choice = child.find(f"{{{MC}}}Choice")
            if choice is None:
                choice = child.find(f"{{{MC}}}Fallback")
            if choice is not None:
                yield from _shapes(choice)


def _slide_text(root: etree._Element, out: TextBuilder, where: str, notes: bool = False) -> int:
    """Adds a slide's (or notes slide's) text; returns how many parts were added."""
    added = 0
    tree = root.find(f"{{{P}}}cSld/{{{P}}}spTree")
    if tree is None:
        return 0
    tables = 0
    for shape in _shapes(tree):
        if shape.tag == f"{{{P}}}sp":
            if notes and _placeholder(shape) in _SKIP_PLACEHOLDERS:
                continue
            body = shape.find(f"{{{P}}}txBody")
            if body is None:
                continue
            for line in _paragraphs(body):
                if line.strip():
                    out.add(line, where)
                    added += 1
            continue
        for tbl in shape.iter(f"{{{A}}}tbl"):
            tables += 1
            for r, tr in enumerate(tbl.iterchildren(f"{{{A}}}tr"), start=1):
                cells = []
                for tc in tr.iterchildren(f"{{{A}}}tc"):
                    body = tc.find(f"{{{A}}}txBody")
                    text = (
                        "\n".join(t for t in _paragraphs(body) if t.strip())
                        if body is not None
                        else ""
                    )
                    cells.append(text)
                line = "\t".join(cells).strip("\t")
                if line.strip():
                    out.add(line, f"{where} 表格{tables} 第{r}行")
                    added += 1
    return added


def _comments(root: etree._Element) -> list[str]:
    """Legacy (``p:cm/p:text``) and modern (``p188:cm/p188:txBody``) comment texts."""
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if local == "text" and el.text and el.text.strip():
            out.append(el.text.strip())
        elif local == "txBody":
            text = "\n".join(t for t in _paragraphs(el) if t.strip())
            if text:
                out.append(text)
    return out


_CORE = {
    "{http://purl.org/dc/elements/1.1/}title",
    "{http://purl.org/dc/elements/1.1/}subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}category",
}


def extract_pptx(data: bytes, kind: str = "pptx") -> Document:
    if not data:
        raise ExtractError("文件为空（0 字节），不是有效的 .pptx 文件")
    pkg = _Package(data)
    main = next((p for t, p in pkg.rels("") if t == "officeDocument"), None)
    if main is None and pkg.has("ppt/presentation.xml"):
        main = "ppt/presentation.xml"
    if main is None:
        raise ExtractError(
            "文件不是 PowerPoint 演示文稿（包中没有 presentation.xml），可能已损坏或扩展名有误"
        )
    presentation = pkg.xml(main)
    pkg.rels(main)
    slides: list[str] = []
    id_list = presentation.find(f"{{{P}}}sldIdLst")
    for sld in id_list if id_list is not None else []:
        target = pkg.ids.get((main, sld.get(f"{{{R}}}id", "")))
        if target:
            slides.append(target)
    if not slides:  # no (usable) slide list: the slide parts in name order
        names = [i.filename for i in pkg.names.values()]
        slides = sorted(
            (n for n in names if posixpath.dirname(n.lower()) == "ppt/slides" and n[-4:] == ".xml"),
            key=lambda n: (len(n), n),
        )
    out = TextBuilder()
    notes: list[tuple[str, str]] = []
    warnings: list[str] = []
    hidden = []
    for n, part in enumerate(slides, start=1):
        try:
            root = pkg.xml(part)
        except ExtractError as exc:
            warnings.append(f"第{n}张幻灯片无法读取：{exc}")
            continue
        where = f"第{n}张幻灯片"
        if root.get("show") == "0":
            where += "（隐藏）"
            hidden.append(str(n))
        _slide_text(root, out, where)
        for rel_type, target in pkg.rels(part):
            try:
                if rel_type == "notesSlide":
                    sub = TextBuilder()
                    _slide_text(pkg.xml(target), sub, "", notes=True)
                    notes.extend(
                        (f"第{n}张幻灯片（备注）", sub.text()[s.start : s.end])
                        for s in sub.segments
                    )
                elif rel_type == "comments":
                    notes.extend((f"第{n}张幻灯片（批注）", t) for t in _comments(pkg.xml(target)))
            except ExtractError as exc:
                warnings.append(f"第{n}张幻灯片的备注或批注无法读取：{exc}")
    for where, text in notes:
        out.add(text, where)
    core = next((p for t, p in pkg.rels("") if t == "core-properties"), None)
    if core:
        try:
            root = pkg.xml(core)
            add_properties(out, [el.text for el in root if el.tag in _CORE])
        except ExtractError:
            pass
    if hidden:
        warnings.append(
            f"演示文稿含隐藏幻灯片（第{'、'.join(hidden)}张），其内容随文件发布，已一并检查"
        )
    text = out.text()
    if not text.strip():
        warnings.append("演示文稿中没有可检查的文字（可能只有图片）")
    return Document(text, kind, segments=out.segments, warnings=warnings)
