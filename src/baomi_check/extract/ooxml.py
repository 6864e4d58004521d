"""Repairing the package of a WPS-written or damaged ``.docx``/``.xlsx`` so the libraries open it.

python-docx and openpyxl follow the package's relationships and content types strictly.  Real
files, WPS's above all, break them in ways Word and Excel shrug off:

* a relationship to a part that is not there (``Target="../NULL"`` for a deleted image is
  WPS's classic: python-docx stops with ``KeyError: "There is no item named 'NULL'"``);
* absolute targets (``/word/media/image1.png``) and part names whose case differs from the
  relationship (``word/Document.xml``), which a zip lookup does not forgive;
* parts without a ``[Content_Types].xml`` entry, or no ``[Content_Types].xml`` at all
  (openpyxl finds the workbook by its content type);
* backslashes in member names (``word\\document.xml``, from some Windows zip writers).

:func:`repair` rewrites such a package in memory: a dangling internal relationship becomes an
*external* one (its id stays valid for the XML that references it, and no part is required),
targets and content-type entries are pointed at the member that really exists, missing
content types are added from the relationship that reaches the part.  The text itself is not
touched.  Readers call it only when the library has refused the original, and say so in a
warning.  When even the repaired package is refused, the readers read their XML parts
directly (:func:`main_part`, :func:`part_by_type`): a file is "unreadable" only when its main
part itself is missing or not XML.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

import lxml.etree as etree

from .errors import ExtractError

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument."
_CONTENT_TYPES: dict[str, str] = {
    "officeDocument:word/": _CT + "wordprocessingml.document.main+xml",
    "officeDocument:xl/": _CT + "spreadsheetml.sheet.main+xml",
    "officeDocument:ppt/": _CT + "presentationml.presentation.main+xml",
    "styles:word/": _CT + "wordprocessingml.styles+xml",
    "styles:xl/": _CT + "spreadsheetml.styles+xml",
    "settings": _CT + "wordprocessingml.settings+xml",
    "webSettings": _CT + "wordprocessingml.webSettings+xml",
    "fontTable": _CT + "wordprocessingml.fontTable+xml",
    "numbering": _CT + "wordprocessingml.numbering+xml",
    "header": _CT + "wordprocessingml.header+xml",
    "footer": _CT + "wordprocessingml.footer+xml",
    "footnotes": _CT + "wordprocessingml.footnotes+xml",
    "endnotes": _CT + "wordprocessingml.endnotes+xml",
    "comments:word/": _CT + "wordprocessingml.comments+xml",
    "comments:xl/": _CT + "spreadsheetml.comments+xml",
    "worksheet": _CT + "spreadsheetml.worksheet+xml",
    "chartsheet": _CT + "spreadsheetml.chartsheet+xml",
    "sharedStrings": _CT + "spreadsheetml.sharedStrings+xml",
    "theme": _CT + "theme+xml",
    "extended-properties": _CT + "extended-properties+xml",
    "core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
    "metadata/core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
}
_DEFAULTS = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "xml": "application/xml",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "emf": "image/x-emf",
    "wmf": "image/x-wmf",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "bin": "application/vnd.openxmlformats-officedocument.oleObject",
    "vml": "application/vnd.openxmlformats-officedocument.vmlDrawing",
}


def _parser() -> etree.XMLParser:
    # Untrusted input: no entities, no network, no DTD; recover from small breakage in the
    # bookkeeping parts (never used for the main part, whose damage must be reported).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _source_of(rels: str) -> str:
    """``word/_rels/document.xml.rels`` → ``word/document.xml``; ``_rels/.rels`` → ``""``."""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]).lstrip("/")


def resolve(source: str, target: str) -> str:
    """The member name a relationship target points at (relative to its source part)."""
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def _reltype_key(reltype: str, part: str) -> str | None:
    short = reltype.rsplit("/relationships/", 1)[-1] if "/relationships/" in reltype else ""
    top = part.split("/", 1)[0] + "/"
    for key in (f"{short}:{top}", short):
        if key in _CONTENT_TYPES:
            return key
    return None


def repair(data: bytes) -> tuple[bytes, list[str]]:
    """The package with its relationships and content types mended, and what was mended."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    members: dict[str, bytes] = {}
    for info in zin.infolist():
        if info.is_dir():
            continue
        name = info.filename.replace("\\", "/").lstrip("/")
        members.setdefault(name, zin.read(info))
    notes: list[str] = []
    lower = {n.lower(): n for n in members}

    def actual(name: str) -> str | None:
        return name if name in members else lower.get(name.lower())

    # .rels parts in the case their source part has.
    for name in list(members):
        if not name.lower().endswith(".rels") or name == "[Content_Types].xml":
            continue
        source = _source_of(name)
        real = actual(source) if source else ""
        canonical = _rels_name(real) if real else "_rels/.rels"
        if real is not None and canonical != name and canonical not in members:
            members[canonical] = members.pop(name)
            lower = {n.lower(): n for n in members}

    reached: dict[str, str] = {}
    """member → content type its relationship implies."""
    for name in sorted(members):
        if not name.endswith(".rels"):
            continue
        source = _source_of(name)
        try:
            root = etree.fromstring(members[name], _parser())
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        changed = False
        for rel in root.iter(f"{{{REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            path = resolve(source, target)
            real = actual(path)
            if real is None:
                rel.set("TargetMode", "External")
                notes.append(f"关系 {rel.get('Id', '')} 指向不存在的部件 {target}")
                changed = True
                continue
            if real != path or target.startswith("/") or "\\" in target:
                rel.set("Target", "/" + real)
                changed = True
            key = _reltype_key(rel.get("Type") or "", real)
            if key is not None:
                reached.setdefault(real, _CONTENT_TYPES[key])
        if changed:
            members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                           standalone=True)  # fmt: skip

    ct_name = actual("[Content_Types].xml")
    root = None
    if ct_name is not None:
        try:
            root = etree.fromstring(members.pop(ct_name), _parser())
        except etree.XMLSyntaxError:
            root = None
    if root is None:
        notes.append("缺少或损坏的 [Content_Types].xml")
        root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    defaults = {
        (d.get("Extension") or "").lower()
        for d in root.iter(f"{{{CT_NS}}}Default")
    }
    overrides: set[str] = set()
    for o in list(root.iter(f"{{{CT_NS}}}Override")):
        part = (o.get("PartName") or "").lstrip("/")
        real = actual(part)
        if real is None:
            root.remove(o)  # an entry for a part that is not there
            continue
        if real != part:
            o.set("PartName", "/" + real)
        overrides.add(real)
    for ext in ("rels", "xml"):
        if ext not in defaults:
            etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext,
                             ContentType=_DEFAULTS[ext])  # fmt: skip
            defaults.add(ext)
    for name in sorted(members):
        if name in overrides:
            continue
        if name in reached:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + name,
                             ContentType=reached[name])  # fmt: skip
            notes.append(f"部件 {name} 缺少内容类型")
            continue
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in defaults and ext in _DEFAULTS:
            etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext,
                             ContentType=_DEFAULTS[ext])  # fmt: skip
            defaults.add(ext)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.writestr("[Content_Types].xml", etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True))  # fmt: skip
        for name, blob in members.items():
            zout.writestr(name, blob)
    return out.getvalue(), notes


def describe(notes: list[str]) -> str:
    """One warning line for what :func:`repair` mended."""
    shown = "；".join(notes[:3]) + (f" 等 {len(notes)} 处" if len(notes) > 3 else "")
    return (
        f"文件包结构不规范（常见于 WPS 或修复工具保存的文件：{shown or '部件名或关系有误'}），"
        "已按修复后的结构读取"
    )


# --- reading XML parts directly --------------------------------------------------------------


class Package:
    """The parts of a package read straight from the zip, for when a library refuses it."""

    def __init__(self, data: bytes) -> None:
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        self.names = {i.filename.replace("\\", "/").lstrip("/"): i for i in self.zf.infolist()}
        self.lower = {n.lower(): n for n in self.names}

    def actual(self, name: str) -> str | None:
        return name if name in self.names else self.lower.get(name.lower())

    def read(self, name: str) -> bytes | None:
        real = self.actual(name)
        return self.zf.read(self.names[real]) if real is not None else None

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, member) of the internal relationships of ``part`` that exist."""
        blob = self.read(_rels_name(part) if part else "_rels/.rels")
        if blob is None:
            return []
        try:
            root = etree.fromstring(blob, _parser())
        except etree.XMLSyntaxError:
            return []
        out = []
        for rel in root.iter(f"{{{REL_NS}}}Relationship") if root is not None else ():
            if rel.get("TargetMode") == "External":
                continue
            real = self.actual(resolve(part, rel.get("Target") or ""))
            if real is not None:
                out.append((rel.get("Id") or "", rel.get("Type") or "", real))
        return out

    def main_part(self, default: str) -> str | None:
        """The officeDocument part (``word/document.xml``, ``xl/workbook.xml``)."""
        for _, reltype, member in self.rels(""):
            if reltype.endswith("/officeDocument"):
                return member
        return self.actual(default)

    def xml(self, name: str) -> etree._Element:
        """A part parsed strictly (a main part that is not XML is the file's real damage)."""
        blob = self.read(name)
        if blob is None:
            raise KeyError(name)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=True)  # fmt: skip
        return etree.fromstring(blob, parser)


def open_main(
    data: bytes, refused: Exception, *, suffix: str, what: str, default: str, part: str
) -> tuple[Package, str, etree._Element]:
    """The package and its parsed main part, for a reader falling back to the XML parts after
    its library refused the file: only a missing or broken main part makes the file unreadable,
    and the message says which (``part`` names it: 正文部件, 工作簿部件)."""
    try:
        pkg = Package(data)
    except Exception as exc:
        raise ExtractError(
            f"无法打开 {suffix} 文件（文件损坏、被截断或不是 {what}）："
            f"{type(refused).__name__}: {refused}"
        ) from exc
    main = pkg.main_part(default)
    if main is None:
        raise ExtractError(f"无法读取 {suffix} 文件：缺少{part} {default}（文件损坏或不是 {what}）")
    try:
        return pkg, main, pkg.xml(main)
    except (etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise ExtractError(
            f"无法读取 {suffix} 文件：{part} {main} 已损坏（{type(exc).__name__}）"
        ) from exc
