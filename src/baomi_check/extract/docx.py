"""Word ``.docx``: body paragraphs and tables, headers and footers, footnotes, endnotes, comments
and text boxes — every place a published file can carry text a reviewer has to see.

python-docx opens and validates the package and gives the header/footer parts per section; the
text itself is read from the WordprocessingML, because python-docx's ``Paragraph.text`` does not
descend into text boxes and the library has no footnote or endnote API.  Text boxes are read
once: Word stores each one twice (a DrawingML ``mc:Choice`` and a VML ``mc:Fallback`` copy) and
the fallback copy is skipped.

Tracked deletions (``w:del``) are not part of the document's current text, but they are part of
the *file*: anyone who opens it with "show markup" reads them, and an ID number deleted in
revision mode is published as surely as one left in place.  They are therefore read too, after
everything else, each deleted stretch located as ``修订删除（段落N）`` (or the table cell, note …
it was deleted from), and kept out of the paragraph text so that wording matches and line
structure are those of the current document.  Moved-away text (``w:moveFrom``) is skipped: the
same words are read where they were moved to.

Locations: ``段落N`` (N-th body paragraph), ``表格T 第R行第C列``, ``页眉（第S节）``,
``页脚（第S节）``, ``脚注N``, ``尾注N``, ``批注N``, ``文本框N``, ``文档属性`` (title, subject,
keywords and category of File ▸ Properties, last).  The body comes first so that
the first lines of the text are the first lines of the document (the header zone where GB/T
9704 places the 密级 mark); a table row is one line with cells separated by tabs, so a name and
the ID number next to it stay on one line, as the identifier detectors' context windows expect.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import docx
import lxml.etree as etree
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from .document import Document, Piece, PieceText, TextBuilder, add_properties
from .errors import ExtractError
from .ooxml import describe, open_main, repair

if TYPE_CHECKING:
    from ..redact import Editor

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_SKIP_INSIDE = {
    f"{_W}txbxContent", f"{{{MC}}}Fallback", f"{_W}del", f"{_W}moveFrom", f"{_W}instrText"
}  # fmt: skip
_DEL = f"{_W}del"
_DEL_TEXT = {f"{_W}delText", f"{_W}t"}
_TEXT = f"{_W}t"
_TAB = f"{_W}tab"
_BREAKS = {f"{_W}br", f"{_W}cr"}
_NOTE_SKIP_TYPES = {"separator", "continuationSeparator", "continuationNotice"}


def _paragraph_text(p: etree._Element) -> str:
    """Text of one ``w:p``: runs, hyperlinks, inserted text; not text boxes (read separately),
    not deleted revisions, not field codes."""
    out: list[str] = []
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_INSIDE:
            continue
        if tag == _TEXT:
            out.append(el.text or "")
        elif tag == _TAB:
            if el.getparent() is not None and el.getparent().tag == f"{_W}r":
                out.append("\t")
        elif tag in _BREAKS:
            out.append("\n")
        else:
            stack.extend(reversed(list(el)))
    return "".join(out)


def _deleted_text(block: etree._Element) -> str:
    """Tracked deletions inside one paragraph or cell (not inside its text boxes, which are
    read as text boxes), deleted runs joined, separate deletions on separate lines."""
    parts: list[str] = []
    for d in block.iter(_DEL):
        if any(a.tag in (f"{_W}txbxContent", f"{{{MC}}}Fallback") for a in d.iterancestors()):
            continue
        text = "".join(el.text or "" for el in d.iter() if el.tag in _DEL_TEXT)
        if text.strip():
            parts.append(text)
    return "\n".join(parts)


def _cell_text(tc: etree._Element) -> str:
    paragraphs = [
        _paragraph_text(p)
        for p in tc.iter(f"{_W}p")
        if not any(a.tag in _SKIP_INSIDE for a in p.iterancestors())
    ]
    return "\n".join(t for t in paragraphs if t.strip())


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """``w:p`` and ``w:tbl`` children in document order, looking through content controls."""
    for child in container:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


class _DocxText:
    def __init__(self) -> None:
        self.out = TextBuilder()
        self.paragraphs = 0
        self.tables = 0
        self.deleted: list[tuple[str, str]] = []
        """(location, text) of tracked deletions, added after everything else."""

    def note_deleted(self, block: etree._Element, location: str) -> None:
        text = _deleted_text(block)
        if text:
            self.deleted.append((f"修订删除（{location}）", text))

    def finish(self) -> None:
        for location, text in self.deleted:
            self.out.add(text, location)

    def body(self, container: etree._Element, where: str | None = None) -> None:
        """Paragraphs and tables of the body (``where is None``) or of a header/footer/note."""
        for block in _blocks(container):
            if block.tag == f"{_W}p":
                self.paragraphs += where is None
                text = _paragraph_text(block)
                loc = where or f"段落{self.paragraphs}"
                if text.strip():
                    self.out.add(text, loc)
                self.note_deleted(block, loc)
            else:
                self.table(block, where)

    def table(self, tbl: etree._Element, where: str | None) -> None:
        self.tables += 1
        t = self.tables
        for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
            first = True
            for c, tc in enumerate(tr.iterchildren(f"{_W}tc"), start=1):
                text = _cell_text(tc)
                loc = f"表格{t} 第{r}行第{c}列"
                loc = f"{where} {loc}" if where else loc
                self.note_deleted(tc, loc)
                if not text.strip():
                    continue
                self.out.add(text, loc, sep=None if first else "\t")
                first = False


def _part_xml(document: docx.document.Document, reltype: str) -> etree._Element | None:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return etree.fromstring(rel.target_part.blob)
    return None


def open_docx(data: bytes) -> tuple[docx.document.Document, list[str]]:
    """python-docx's document, from the package as it is or, when python-docx refuses it (a
    WPS relationship to ``../NULL``, upper-case part names, missing content types), from the
    package :func:`~baomi_check.extract.ooxml.repair` mended; the warnings say which.  Shared by
    the reader and redaction."""
    try:
        return docx.Document(io.BytesIO(data)), []
    except Exception as first:
        try:
            fixed, notes = repair(data)
            return docx.Document(io.BytesIO(fixed)), [describe(notes)]
        except Exception:
            raise first from None


def _notes(w: _DocxText, roots: dict[str, etree._Element]) -> None:
    """Footnotes, endnotes and comments (``roots`` by relationship type), then text boxes."""
    for reltype, tag, label in (
        (RT.FOOTNOTES, "footnote", "脚注"),
        (RT.ENDNOTES, "endnote", "尾注"),
        (RT.COMMENTS, "comment", "批注"),
    ):
        root = roots.get(reltype)
        if root is None:
            continue
        n = 0
        for note in root.iterchildren(f"{_W}{tag}"):
            if note.get(f"{_W}type") in _NOTE_SKIP_TYPES:
                continue
            n += 1
            w.body(note, f"{label}{n}")


def _text_boxes(w: _DocxText, body: etree._Element) -> None:
    boxes = [
        b
        for b in body.iter(f"{_W}txbxContent")
        if not any(a.tag == f"{{{MC}}}Fallback" for a in b.iterancestors())
    ]
    for n, box in enumerate(boxes, start=1):
        w.body(box, f"文本框{n}")


def extract_docx(data: bytes, kind: str = "docx") -> Document:
    try:
        document, warnings = open_docx(data)
    except Exception as exc:  # python-docx raises zipfile, KeyError, ValueError … on bad input
        return _extract_parts(data, kind, exc)
    w = _DocxText()
    body = document.element.body
    w.body(body)

    seen_parts: set[int] = set()
    for s, section in enumerate(document.sections, start=1):
        for label, parts in (
            ("页眉", (section.header, section.first_page_header, section.even_page_header)),
            ("页脚", (section.footer, section.first_page_footer, section.even_page_footer)),
        ):
            for hf in parts:
                if hf.is_linked_to_previous:
                    continue
                el = hf._element
                if id(el) in seen_parts:
                    continue
                seen_parts.add(id(el))
                w.body(el, f"{label}（第{s}节）")

    roots = {}
    for reltype in (RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
        root = _part_xml(document, reltype)
        if root is not None:
            roots[reltype] = root
    _notes(w, roots)
    _text_boxes(w, body)
    w.finish()
    props = document.core_properties
    add_properties(w.out, [props.title, props.subject, props.keywords, props.category])

    text = w.out.text()
    if not text.strip():
        warnings.append("文档中没有可检查的文字（可能只有图片）")
    return Document(text, kind, segments=w.out.segments, warnings=warnings)


def _extract_parts(data: bytes, kind: str, refused: Exception) -> Document:
    """Read the WordprocessingML parts straight from the zip when python-docx refuses the
    package even after repair: only a missing or broken main part makes a file unreadable."""
    pkg, main, root = open_main(data, refused, suffix=".docx", what="Word 文档",
                                default="word/document.xml", part="正文部件")
    body = root.find(f"{_W}body")
    if body is None:
        raise ExtractError(f"无法读取 .docx 文件：正文部件 {main} 中没有正文（w:body）")
    w = _DocxText()
    w.body(body)
    roots: dict[str, etree._Element] = {}
    headers = footers = 0
    for _, reltype, member in pkg.rels(main):
        try:
            part = pkg.xml(member) if member.endswith(".xml") else None
        except (etree.XMLSyntaxError, ValueError):
            continue
        if part is None:
            continue
        if reltype == RT.HEADER:
            headers += 1
            w.body(part, f"页眉{headers}")
        elif reltype == RT.FOOTER:
            footers += 1
            w.body(part, f"页脚{footers}")
        elif reltype in (RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
            roots[reltype] = part
    _notes(w, roots)
    _text_boxes(w, body)
    w.finish()
    text = w.out.text()
    warnings = [
        "文件包结构损坏，Word 文档库无法打开，已直接读取其 XML 部件（文档属性未读取）"
        f"（技术信息：{type(refused).__name__}）"
    ]
    if not text.strip():
        warnings.append("文档中没有可检查的文字（可能只有图片）")
    return Document(text, kind, segments=w.out.segments, warnings=warnings)


# --- the redacted copy ---------------------------------------------------------------------------

_W_P, _W_R, _W_T, _W_DEL = (f"{_W}p", f"{_W}r", f"{_W}t", f"{_W}delText")
_W_TAB, _W_BR, _W_CR, _W_RPR = (f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}rPr")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DOCX_PARTS = re.compile(r"^/word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$")


def _docx_text(root: Any) -> tuple[str, list[Piece]]:
    built = PieceText()
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


def _highlight_docx(pieces: list[Piece], spans: list[tuple[int, int]]) -> int:
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


def redact_docx(data: bytes, kind: str, edit: Editor) -> bytes:
    """The redacted copy of a Word document: body, tables, text boxes, headers, footers,
    footnotes, endnotes, comments and tracked deletions, each run keeping its formatting (every
    substitution has the length of what it replaces)."""
    from docx.oxml.parser import parse_xml

    try:
        document, notes = open_docx(data)  # WPS packages python-docx refuses are mended first
    except Exception as exc:
        raise ExtractError(
            "无法生成副本：文件包结构损坏，Word 文档库无法打开（检查时只能直接读取其文字）"
            f"（技术信息：{type(exc).__name__}）"
        ) from exc
    for note in notes:
        edit.warn(note)
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
        p = edit.plan(text, where=str(part.partname))
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
                edit.warn(f"{part.partname}：{coarse} 个文本段整段标亮")
        if from_blob:
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    props = document.core_properties
    if props.author or props.last_modified_by:
        edit.warn("文档属性（作者、最后修改者）未处理，发布前请在“文件→信息”中检查")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
