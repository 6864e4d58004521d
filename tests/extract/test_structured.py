"""``.json`` and ``.xml`` exports: values with JSON-path / source-line locations."""

from __future__ import annotations

import json

from baomi_check import Checker
from baomi_check.extract.structured import extract_json, extract_xml
from baomi_check.testing import id_number

ID = id_number("11010118800101001")


def parts(doc) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(s.location, doc.text[s.start : s.end]) for s in doc.segments]


def test_json_values_with_their_paths() -> None:
    data = {
        "标题": "机密★5年",
        "data": [{"姓名": "张三", "身份证号": ID, "电话": 13800000000, "在职": True, "备注": None}],
        "odd key": 1.5,
    }
    doc = extract_json(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert parts(doc) == [
        ("$.标题", "标题: 机密★5年"),
        ("$.data[0].姓名", "姓名: 张三"),
        ("$.data[0].身份证号", f"身份证号: {ID}"),
        ("$.data[0].电话", "电话: 13800000000"),
        ('$["odd key"]', "odd key: 1.5"),
    ]
    report = Checker.default().check(doc.text)
    assert {doc.location_at(f.start) for f in report.findings if f.category == "id_card"} == {
        "$.data[0].身份证号"
    }


def test_json_escapes_and_gbk_are_decoded() -> None:
    doc = extract_json('{"a": "\\u673a\\u5bc6"}'.encode("ascii"))
    assert doc.text == "a: 机密"
    assert extract_json('["秘密"]'.encode("gbk")).text == "秘密"


def test_broken_json_is_read_as_text_with_a_warning() -> None:
    doc = extract_json(f'{{"id": "{ID}", // comment\n'.encode())
    assert ID in doc.text
    assert doc.line_locations
    assert any("JSON 格式有误" in w for w in doc.warnings)


def test_deep_json_does_not_recurse() -> None:
    deep = "[" * 5000 + '"机密"' + "]" * 5000
    doc = extract_json(deep.encode())
    assert "机密" in doc.text


def test_xml_text_attributes_comments_with_lines() -> None:
    xml = (
        '<?xml version="1.0" encoding="GB2312"?>\n'
        "<名单>\n"
        '  <人员 编号="A01">\n'
        "    <xm>张三</xm>\n"
        f"    <sfzh>{ID}</sfzh>\n"
        "  </人员>\n"
        "  <!-- 内部 机密 -->\n"
        "</名单>\n"
    ).encode("gb2312")
    doc = extract_xml(xml)
    assert parts(doc) == [
        ("第3行（人员）", "编号=A01"),
        ("第4行（xm）", "张三"),
        ("第5行（sfzh）", ID),
        ("第7行（注释）", "内部 机密"),
    ]


def test_xml_entities_are_not_expanded_and_broken_xml_is_text() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;ok</r>'
    )
    doc = extract_xml(bomb)
    assert "root:" not in doc.text
    broken = extract_xml(f"<r><sfzh>{ID}</sfzh>".encode())
    assert ID in broken.text and any("XML 格式有误" in w for w in broken.warnings)
