"""OFD (GB/T 33190-2016) packages built at test time with lxml (``ofd_files``)."""

from __future__ import annotations

import io
import zipfile

import pytest
from baomi_testfiles import make_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st
from ofd_files import OfdSpec, build_ofd

from baomi_check import Checker
from baomi_check.extract import ExtractError
from baomi_check.extract.ofd import _deltas, extract_ofd
from baomi_check.testing import id_number

ID = id_number("11010118800101001")
ID2 = id_number("11010218850505002")
TWO_PAGES = OfdSpec(
    pages=[
        [
            (20, 20, "机密★5年"),
            (20, 40, "关于开展检查的通知"),
            (20, 60, "姓名"),
            (80, 60, "张三"),
            (120, 60, ID),
        ],
        [(20, 20, "第二页正文"), (20, 30, "落款单位")],
    ],
    template=[(20, 285, "某某单位版式模板")],
    annotation="批注：请核对身份证号",
    attachments={"说明.txt": f"附件正文 身份证号 {ID2}".encode()},
    title="关于开展检查的通知",
    keywords=["检查", "通知"],
    custom={"密级": "机密"},
)


def parts(doc) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(s.location, doc.text[s.start : s.end]) for s in doc.segments]


@pytest.mark.parametrize("per_glyph", [False, True])
def test_two_pages_template_annotation_attachment_and_properties(per_glyph: bool) -> None:
    spec = OfdSpec(**{**TWO_PAGES.__dict__, "per_glyph": per_glyph})
    doc = extract_ofd(build_ofd(spec))
    assert parts(doc) == [
        ("第1页", "机密★5年"),
        ("第1页", "关于开展检查的通知"),
        ("第1页", f"姓名\t张三\t{ID}"),
        ("第1页（模板）", "某某单位版式模板"),
        ("第2页", "第二页正文"),
        ("第2页", "落款单位"),
        ("第1页（批注）", "批注：请核对身份证号"),
        ("附件“说明.txt” 第1行", f"附件正文 身份证号 {ID2}"),
        ("文档属性", "关于开展检查的通知\n检查、通知\n密级：机密"),
    ]
    assert doc.warnings == []


def test_checker_finds_leaks_with_page_locations() -> None:
    doc = extract_ofd(build_ofd(TWO_PAGES))
    report = Checker.default().check(doc.text)
    found = {(f.category, doc.location_at(f.start)) for f in report.findings}
    assert ("classified_marking", "第1页") in found
    assert ("id_card", "第1页") in found
    assert ("id_card", "附件“说明.txt” 第1行") in found


def test_office_attachment_is_read_by_its_own_reader(tmp_path) -> None:  # type: ignore[no-untyped-def]
    xlsx = make_xlsx(tmp_path / "名单.xlsx").read_bytes()
    doc = extract_ofd(
        build_ofd(OfdSpec(pages=[[(20, 20, "正文")]], attachments={"名单.xlsx": xlsx}))
    )
    assert any(loc.startswith("附件“名单.xlsx” ") and "!" in loc for loc, _ in parts(doc))


def test_attachment_without_a_reader_is_listed() -> None:
    doc = extract_ofd(
        build_ofd(OfdSpec(pages=[[(20, 20, "正文")]], attachments={"图.bmp": b"BM\0\0"}))
    )
    assert any("附件未能检查" in w and "图.bmp" in w for w in doc.warnings)


def test_missing_page_part_is_a_warning_for_that_page() -> None:
    doc = extract_ofd(
        build_ofd(OfdSpec(pages=[[(20, 20, "第一页")], [(20, 20, "第二页")]], missing_pages={1}))
    )
    assert parts(doc) == [("第1页", "第一页")]
    assert any("第2页" in w and "Page_1/Content.xml" in w and "缺失" in w for w in doc.warnings)


def test_every_page_missing_is_an_error() -> None:
    with pytest.raises(ExtractError, match="页面部件全部缺失"):
        extract_ofd(build_ofd(OfdSpec(pages=[[(20, 20, "x")]], missing_pages={0})))


def test_pages_without_text_are_not_a_clean_pass() -> None:
    with pytest.raises(ExtractError, match="扫描件"):
        extract_ofd(build_ofd(OfdSpec(pages=[[]], title="有标题")))


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "为空"),
        (b"not a zip at all", "zip"),
        (_zip({"a.txt": b"x"}), "没有 OFD.xml"),
        (
            _zip(
                {"OFD.xml": b"<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>"}
            ),
            "文档根部件",
        ),
        (_zip({"OFD.xml": b"<OFD><broken"}), "不是有效的 XML"),
        (_zip({"OFD.xml": b"<Other/>"}), "根元素"),
    ],
)
def test_broken_packages(data: bytes, message: str) -> None:
    with pytest.raises(ExtractError, match=message):
        extract_ofd(data)


def test_truncated_ofd() -> None:
    data = build_ofd(TWO_PAGES)
    with pytest.raises(ExtractError):
        extract_ofd(data[: len(data) // 2])


def test_entities_are_not_expanded() -> None:
    """A billion-laughs Content.xml is not expanded (and no external entity is fetched)."""
    data = build_ofd(OfdSpec(pages=[[(20, 20, "正文")], [(20, 20, "x")]]))
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        b'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
        b'<ofd:TextObject Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="5">&c;&ext;</ofd:TextCode>'
        b"</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {i.filename: z.read(i) for i in z.infolist()}
    files["Doc_0/Pages/Page_1/Content.xml"] = bomb
    doc = extract_ofd(_zip(files))
    assert "root:" not in doc.text
    assert "aaaa" not in doc.text


def test_namespace_of_older_producers_is_read() -> None:
    data = build_ofd(OfdSpec(pages=[[(20, 20, "旧命名空间")]]))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {
            i.filename: z.read(i).replace(b"http://www.ofdspec.org/2016", b"http://www.ofdspec.org")
            for i in z.infolist()
        }
    assert extract_ofd(_zip(files)).text == "旧命名空间"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4 4 4", [4, 4, 4]),
        ("g 3 2.5", [2.5, 2.5, 2.5]),
        ("1 g 2 3 4", [1, 3, 3, 4]),
        ("x 1", [1]),
        ("", []),
    ],
)
def test_delta_shorthand(value: str, expected: list[float]) -> None:
    assert _deltas(value) == expected


@given(
    lines=st.lists(
        st.text(alphabet="机密文件号123甲乙", min_size=1, max_size=12), min_size=1, max_size=6
    ),
    per_glyph=st.booleans(),
)
@settings(max_examples=30, deadline=None)
def test_reading_order_is_top_to_bottom_left_to_right(lines: list[str], per_glyph: bool) -> None:
    runs = [(20.0, 20.0 + 10 * i, text) for i, text in enumerate(lines)]
    doc = extract_ofd(build_ofd(OfdSpec(pages=[list(reversed(runs))], per_glyph=per_glyph)))
    assert doc.text.split("\n") == lines


def test_ofd_attached_to_ofd_is_read_and_nesting_is_bounded() -> None:
    inner = build_ofd(OfdSpec(pages=[[(20, 20, "内层正文")]]))
    middle = build_ofd(OfdSpec(pages=[[(20, 20, "中层正文")]], attachments={"内层.ofd": inner}))
    outer = extract_ofd(build_ofd(OfdSpec(pages=[[(20, 20, "外层正文")]], attachments={"中层.ofd": middle})))
    got = parts(outer)
    assert ("附件“中层.ofd” 第1页", "中层正文") in got
    assert not any("内层正文" in text for _, text in got)  # two levels deep: not read
    assert any("嵌套过深" in w for w in outer.warnings)


@pytest.mark.parametrize(("scale", "composite"), [(0.25, False), (3.0, False), (1.0, True), (0.5, True)])
def test_ctm_and_composite_units_keep_the_reading_order(scale: float, composite: bool) -> None:
    """Producers that work in points scale text objects with a CTM, and some write every page
    as a CompositeGraphicUnit resource placed by a CompositeObject: the text is found and the
    lines and table columns come out as on the page."""
    spec = OfdSpec(**{**TWO_PAGES.__dict__, "scale": scale, "composite": composite, "template": [],
                      "annotation": None, "attachments": {}})  # fmt: skip
    doc = extract_ofd(build_ofd(spec))
    assert [text for loc, text in parts(doc) if loc.startswith("第")] == [
        "机密★5年", "关于开展检查的通知", f"姓名\t张三\t{ID}", "第二页正文", "落款单位",
    ]  # fmt: skip


def test_glyph_coded_pages_are_named_in_a_warning() -> None:
    doc = extract_ofd(build_ofd(OfdSpec(pages=[[(20, 20, "正常文字")], [(20, 20, "\ue11e\ue236\ue28a浏览\ueb06")]])))
    assert any("第2页" in w and "私有编码" in w for w in doc.warnings)
