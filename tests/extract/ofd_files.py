"""OFD packages (GB/T 33190-2016) built at test time with lxml, following the standard's
package structure: ``OFD.xml`` → ``Doc_0/Document.xml`` → ``Pages/Page_N/Content.xml``, with
optional template page, annotations and attachments.  Coordinates are millimetres, Y downwards.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import lxml.etree as etree

NS = "http://www.ofdspec.org/2016"


def _el(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    el = (
        etree.Element(f"{{{NS}}}{tag}", nsmap={"ofd": NS})
        if parent is None
        else etree.SubElement(parent, f"{{{NS}}}{tag}")
    )
    for k, v in attrs.items():
        el.set(k, v)
    if text is not None:
        el.text = text
    return el


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


Run = tuple[float, float, str]
"""(x, y, text) of one TextCode, page coordinates in mm."""


@dataclass
class OfdSpec:
    pages: list[list[Run]]
    template: list[Run] = field(default_factory=list)
    annotation: str | None = None
    """Remark of a stamp annotation on page 1."""
    attachments: dict[str, bytes] = field(default_factory=dict)
    title: str = ""
    keywords: list[str] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    missing_pages: set[int] = field(default_factory=set)
    """0-based pages whose Content.xml is referenced but not written."""
    per_glyph: bool = False
    """Write every glyph as its own TextCode (as some producers do), in reverse order."""
    scale: float = 1.0
    """Write text objects at ``Size`` 4/scale with ``CTM`` ``scale 0 0 scale 0 0`` (coordinates
    divided by scale), as producers that work in points do."""
    composite: bool = False
    """Put each page's content in a ``CompositeGraphicUnit`` of ``DocumentRes.xml`` and place it
    with a ``CompositeObject`` (CTM scale 0.5, content at twice the size)."""


def _content(runs: list[Run], per_glyph: bool, tag: str = "Page", scale: float = 1.0) -> etree._Element:
    page = _el(None, tag)
    content = _el(page, "Content")
    layer = _el(content, "Layer", ID="10", Type="Body")
    size = 4.0
    objects = []
    for i, (x, y, text) in enumerate(runs):
        if per_glyph:
            for j, ch in enumerate(text):
                objects.append((x + j * size, y, ch, i * 100 + j))
        else:
            objects.append((x, y, text, i))
    if per_glyph:
        objects.reverse()
    for x, y, text, i in objects:
        obj = _el(
            layer,
            "TextObject",
            ID=str(100 + i),
            Boundary=f"{x - 1:g} {y - 5:g} 200 10",
            Font="1",
            Size=f"{size:g}",
        )
        deltas = f"g {len(text) - 1} {size:g}" if len(text) > 1 else None
        attrs = {"X": "1", "Y": "5"}
        if deltas:
            attrs["DeltaX"] = deltas
        _el(obj, "TextCode", text, **attrs)
    return page


def build_ofd(spec: OfdSpec) -> bytes:
    files: dict[str, bytes] = {}
    ofd = _el(None, "OFD", Version="1.0", DocType="OFD")
    body = _el(ofd, "DocBody")
    info = _el(body, "DocInfo")
    _el(info, "DocID", "0123456789abcdef")
    if spec.title:
        _el(info, "Title", spec.title)
    _el(info, "Author", "张三")
    if spec.keywords:
        kw = _el(info, "Keywords")
        for k in spec.keywords:
            _el(kw, "Keyword", k)
    if spec.custom:
        cd = _el(info, "CustomDatas")
        for name, value in spec.custom.items():
            _el(cd, "CustomData", value, Name=name)
    _el(body, "DocRoot", "Doc_0/Document.xml")
    files["OFD.xml"] = _xml(ofd)

    doc = _el(None, "Document")
    common = _el(doc, "CommonData")
    _el(common, "MaxUnitID", "1000")
    area = _el(common, "PageArea")
    _el(area, "PhysicalBox", "0 0 210 297")
    if spec.template:
        _el(common, "TemplatePage", ID="2", BaseLoc="Tpls/Tpl_0/Content.xml")
        files["Doc_0/Tpls/Tpl_0/Content.xml"] = _xml(_content(spec.template, False))
    units: list[tuple[str, etree._Element]] = []
    pages = _el(doc, "Pages")
    for n, runs in enumerate(spec.pages):
        _el(pages, "Page", ID=str(10 + n), BaseLoc=f"Pages/Page_{n}/Content.xml")
        if n in spec.missing_pages:
            continue
        page = _content(runs, spec.per_glyph, scale=spec.scale)
        if spec.composite:
            unit_content = page.find(f"{{{NS}}}Content")
            for obj in unit_content.iter(f"{{{NS}}}TextObject"):  # content drawn at twice the size
                b = [float(v) * 2 for v in obj.get("Boundary").split()]
                obj.set("Boundary", " ".join(f"{v:g}" for v in b))
                obj.set("CTM", "2 0 0 2 0 0")
            units.append((str(900 + n), unit_content))
            page.remove(unit_content)
            layer = _el(_el(page, "Content"), "Layer", ID="11")
            _el(layer, "CompositeObject", ID=str(950 + n), ResourceID=str(900 + n), Boundary="0 0 210 297", CTM="0.5 0 0 0.5 0 0")
        if spec.template:
            page.insert(0, etree.Element(f"{{{NS}}}Template", TemplateID="2"))
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = _xml(page)
    if spec.annotation:
        _el(doc, "Annotations", "Annots/Annotations.xml")
        index = _el(None, "Annotations")
        p = _el(index, "Page", PageID="10")
        _el(p, "FileLoc", "Page_0/Annotation.xml")
        files["Doc_0/Annots/Annotations.xml"] = _xml(index)
        annots = _el(None, "PageAnnot")
        annot = _el(annots, "Annot", ID="500", Type="Stamp", Creator="审核人")
        _el(annot, "Remark", spec.annotation)
        files["Doc_0/Annots/Page_0/Annotation.xml"] = _xml(annots)
    if spec.attachments:
        _el(doc, "Attachments", "Attachs/Attachments.xml")
        index = _el(None, "Attachments")
        for i, (name, data) in enumerate(spec.attachments.items()):
            att = _el(
                index, "Attachment", ID=str(600 + i), Name=name, Format=name.rsplit(".", 1)[-1]
            )
            _el(att, "FileLoc", f"/Doc_0/Attachs/{i}_{name}")
            files[f"Doc_0/Attachs/{i}_{name}"] = data
        files["Doc_0/Attachs/Attachments.xml"] = _xml(index)
    if units:
        common.append(etree.Element(f"{{{NS}}}DocumentRes"))
        common[-1].text = "DocumentRes.xml"
        res = _el(None, "Res", BaseLoc="Res")
        holder = _el(res, "CompositeGraphicUnits")
        for uid, unit_content in units:
            unit = _el(holder, "CompositeGraphicUnit", ID=uid, Width="420", Height="594")
            unit.append(unit_content)
        files["Doc_0/DocumentRes.xml"] = _xml(res)
    files["Doc_0/Document.xml"] = _xml(doc)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()
