"""PowerPoint ``.pptx``: presentations written by python-pptx at test time (a real producer,
test-only dependency), read by the lxml reader."""

from __future__ import annotations

import io
import zipfile

import pytest
from pptx import Presentation
from pptx.util import Inches

from baomi_check import Checker
from baomi_check.extract import ExtractError
from baomi_check.extract.pptx import extract_pptx
from baomi_check.testing import id_number

ID = id_number("11010118800101001")
ID2 = id_number("11010218850505002")


def make_pptx() -> bytes:
    prs = Presentation()
    blank = prs.slide_layouts[6]
    title_layout = prs.slide_layouts[0]
    s1 = prs.slides.add_slide(title_layout)
    s1.shapes.title.text = "机密★5年"
    s1.placeholders[1].text = "年度工作汇报"
    s2 = prs.slides.add_slide(blank)
    box = s2.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1))
    box.text_frame.text = "第二张正文"
    box.text_frame.add_paragraph().text = "第二段"
    s2.notes_slide.notes_text_frame.text = f"演讲备注：联系人身份证 {ID2}"
    s3 = prs.slides.add_slide(blank)
    table = s3.shapes.add_table(2, 2, Inches(1), Inches(1), Inches(4), Inches(1)).table
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "身份证号"
    table.cell(1, 0).text = "张三"
    table.cell(1, 1).text = ID
    group = s3.shapes.add_group_shape()
    inner = group.shapes.add_textbox(Inches(1), Inches(3), Inches(2), Inches(1))
    inner.text_frame.text = "组合里的字"
    s4 = prs.slides.add_slide(blank)
    s4.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1)).text_frame.text = "隐藏页内容"
    s4._element.set("show", "0")
    prs.core_properties.title = "汇报标题"
    prs.core_properties.author = "张三"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def parts(doc) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(s.location, doc.text[s.start : s.end]) for s in doc.segments]


def test_slides_tables_groups_notes_hidden_and_properties() -> None:
    doc = extract_pptx(make_pptx())
    assert parts(doc) == [
        ("第1张幻灯片", "机密★5年"),
        ("第1张幻灯片", "年度工作汇报"),
        ("第2张幻灯片", "第二张正文"),
        ("第2张幻灯片", "第二段"),
        ("第3张幻灯片 表格1 第1行", "姓名\t身份证号"),
        ("第3张幻灯片 表格1 第2行", f"张三\t{ID}"),
        ("第3张幻灯片", "组合里的字"),
        ("第4张幻灯片（隐藏）", "隐藏页内容"),
        ("第2张幻灯片（备注）", f"演讲备注：联系人身份证 {ID2}"),
        ("文档属性", "汇报标题"),
    ]
    assert any("隐藏幻灯片" in w for w in doc.warnings)


def test_checker_finds_leaks_with_slide_locations() -> None:
    doc = extract_pptx(make_pptx())
    report = Checker.default().check(doc.text)
    found = {(f.category, doc.location_at(f.start)) for f in report.findings}
    assert ("classified_marking", "第1张幻灯片") in found
    assert ("id_card", "第3张幻灯片 表格1 第2行") in found
    assert ("id_card", "第2张幻灯片（备注）") in found


def _rewrite(data: bytes, drop: str | None = None, edit: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            if info.filename == drop:
                continue
            z.writestr(info.filename, (edit or {}).get(info.filename, src.read(info)))
    return buf.getvalue()


def test_dangling_relationship_and_missing_slide_do_not_lose_the_rest() -> None:
    """A WPS-style package: a relationship to a part that is not there (``../NULL``) and a
    slide listed but missing; the other slides are still read."""
    data = make_pptx()
    rels = zipfile.ZipFile(io.BytesIO(data)).read("ppt/slides/_rels/slide2.xml.rels")
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../NULL"/></Relationships>',
    )
    doc = extract_pptx(
        _rewrite(
            data, drop="ppt/slides/slide3.xml", edit={"ppt/slides/_rels/slide2.xml.rels": rels}
        )
    )
    locations = [loc for loc, _ in parts(doc)]
    assert "第2张幻灯片" in locations and "第4张幻灯片（隐藏）" in locations
    assert not any(loc.startswith("第3张幻灯片") for loc in locations)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "为空"),
        (b"not a zip", "无法打开"),
        (_rewrite(b"PK\x05\x06" + b"\0" * 18), "presentation.xml"),
    ],
)
def test_broken_presentations(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_pptx(data)


def test_truncated_presentation() -> None:
    data = make_pptx()
    with pytest.raises(ExtractError):
        extract_pptx(data[: len(data) // 3])
