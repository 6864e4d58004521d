"""Mobile numbers, landlines, public service numbers (cn-formats §2.7 vectors plus our own)."""

from __future__ import annotations

import pytest

from baomi_check.models import Severity

from .conftest import Find
from .synth import id18

MOBILES = [
    ("13800000000", "13800000000"),
    ("138-0000-0000", "13800000000"),
    ("138 0000 0000", "13800000000"),
    ("+86 138 0000 0000", "13800000000"),
    ("0086-13800000000", "13800000000"),
    ("+8613800000000", "13800000000"),
    ("8613800000000", "13800000000"),
    ("(+86)13800000000", "13800000000"),
    ("（+86）138-0000-0000", "13800000000"),
    ("19200000000", "19200000000"),  # 广电
    ("16500000000", "16500000000"),  # MVNO
    ("17000000000", "17000000000"),
    ("17400000000", "17400000000"),  # satellite
    ("14500000000", "14500000000"),  # data card
    ("14800000000", "14800000000"),  # IoT block, 11-digit reading
    ("16190000000", "16190000000"),  # 1619 satellite (only 1619 of 161)
]


@pytest.mark.parametrize("written,number", MOBILES)
def test_mobile_forms(find: Find, written: str, number: str) -> None:
    (f,) = find(f"请联系{written}咨询", "mobile_phone")
    assert f.text == written
    assert f.severity is Severity.REVIEW
    assert f.suggestion == number[:3] + "****" + number[-4:]


@pytest.mark.parametrize(
    "text",
    [
        "12345678901",  # 12x is not a mobile block
        "15400000000",  # unassigned
        "19400000000",
        "16100000000",  # only 1619 is assigned
        "1380000000",  # 10 digits
        "138000000000",  # 12 digits
        "2138000000001",  # inside a longer run
        "1440000000000",  # 13-digit IoT number: a device
        "0.13812345678",  # decimal
        "13800000000元",  # amount
        "13800000000万元",
        "订单号13800000000",  # labelled as something else
        "NO13800000000",
        "13800000000abc",
        "2024-0312-13800000000",  # dashed serial
        # Page and upload names in a URL's path are CMS serial numbers.
        "原文链接：http://www.example.gov.cn/art/2024/3/15/13800000000.html",
        "https://www.example.gov.cn/zwgk/post_13800000000.html",
        "www.example.gov.cn/upload/2024-13800000000.pdf",
        # An amount whose unit is in the column header or before the label.
        "合同金额：13800000000",
        "项目\t金额（元）\n合计\t13800000000",
    ],
)
def test_mobile_look_alikes(find: Find, text: str) -> None:
    assert find(text, "mobile_phone") == []


@pytest.mark.parametrize(
    "text",
    [
        # A query value may be a real contact number; only the path is exempt.
        "http://www.example.gov.cn/form?tel=13800000000",
        # A path separator without a URL around it is just text.
        "联系人/13800000000",
        # The phone label is closer than the amount label.
        "合同金额：1380000元，联系电话：13800000000",
    ],
)
def test_mobile_next_to_url_and_amount_look_alikes_still_found(find: Find, text: str) -> None:
    assert [f.text for f in find(text, "mobile_phone")] == ["13800000000"]


def test_mobile_next_to_chinese_and_context_raises_confidence(find: Find) -> None:
    (bare,) = find("号段测试13800000000结束", "mobile_phone")
    (ctx,) = find("联系电话13800000000", "mobile_phone")
    assert ctx.confidence > bare.confidence


def test_mobile_in_a_personal_record_line_blocks(find: Find) -> None:
    (f,) = find(f"张三，身份证号{id18()}，手机13800000000", "mobile_phone")
    assert f.severity is Severity.BLOCK
    # A masked ID on the line is still a record about a person.
    (g,) = find("张三 110101********0011 13800000000", "mobile_phone")
    assert g.severity is Severity.BLOCK
    (h,) = find("姓名：张三 家庭住址：某县某村 电话：13800000000", "mobile_phone")
    assert h.severity is Severity.BLOCK


def test_single_contact_person_stays_review(find: Find) -> None:
    text = "联系人：张三，联系电话：13800000000。\n附件：报名表"
    (f,) = find(text, "mobile_phone")
    assert f.severity is Severity.REVIEW


def test_roster_of_mobiles_blocks(find: Find) -> None:
    rows = "\n".join(f"{i}. 张{i} 1380000{i:04d}" for i in range(1, 6))
    found = find("公示名单\n" + rows, "mobile_phone")
    assert len(found) == 5 and all(f.severity is Severity.BLOCK for f in found)
    # Four lines are below the default threshold of five.
    few = "\n".join(f"张{i} 1380000{i:04d}" for i in range(1, 5))
    assert all(f.severity is Severity.REVIEW for f in find(few, "mobile_phone"))


@pytest.mark.parametrize(
    "text",
    [
        "拟录用人员公示\n姓名\u3000\u3000性别\u3000\u3000学历\u3000\u3000手机\n"
        "张三\u3000\u3000男\u3000\u3000本科\u3000\u300013800000000\n"
        "李四\u3000\u3000女\u3000\u3000硕士\u3000\u300013900000000",
        "序号\t姓名\t性别\t联系电话\n1\t张三\t男\t13800000000\n2\t李四\t女\t13900000000",
    ],
)
def test_rows_under_a_person_table_header_block(find: Find, text: str) -> None:
    found = find(text, "mobile_phone")
    assert len(found) == 2 and all(f.severity is Severity.BLOCK for f in found)


@pytest.mark.parametrize(
    "text",
    [
        # A sentence naming the fields is not a header row.
        "报名时须填写姓名、性别、民族等信息。\n联系人：张三  电话：13800000000",
        # A contact table of offices: no person-attribute columns (a unit directory: the
        # office's number is info, see tests/identifiers/test_tables.py).
        "单位\t联系人\t联系电话\n某某局\t张三\t13800000000",
        # A blank line ends the table.
        "姓名\t性别\t学历\n张三\t男\t本科\n\n咨询\t电话\t13800000000",
        # The mobile line is prose, not a row.
        "姓名\t性别\t学历\n张三\t男\t本科\n如有疑问请致电13800000000。",
    ],
)
def test_person_table_look_alikes_stay_review(find: Find, text: str) -> None:
    (f,) = find(text, "mobile_phone")
    assert f.severity is (Severity.INFO if text.startswith("单位") else Severity.REVIEW)


LANDLINES = [
    ("010-60000000", "010-****0000"),
    ("010—60000000", "010-****0000"),
    ("(0755)2345678", "0755-***5678"),
    ("（0755）2345678", "0755-***5678"),
    ("0571 8888 8888", "0571-****8888"),
    ("0571-88888888转8001", "0571-****8888"),
    ("010-60000000-8001", "010-****0000"),
    ("0931-8888888", "0931-***8888"),
]


@pytest.mark.parametrize("written,masked", LANDLINES)
def test_landlines_are_info(find: Find, written: str, masked: str) -> None:
    (f,) = find(f"咨询电话：{written}。", "landline")
    assert f.text == written and f.severity is Severity.INFO
    assert f.suggestion == masked


def test_local_number_needs_a_label(find: Find) -> None:
    (f,) = find("办公电话：66001234", "landline")
    assert f.text == "66001234" and f.severity is Severity.INFO
    assert find("共计66001234", None) == []


@pytest.mark.parametrize(
    "text",
    [
        "13800000000",
        "010-12345678",  # placeholder: a local number never starts with 1
        "400-000-0000",
        "800-000-0000",
        "拨打12345热线",
        "12315",
        "95588",
        "95598",
        "10086",
        "报警请拨110",
        "0571-12345",
        "20240101",
    ],
)
def test_not_personal_landlines(find: Find, text: str) -> None:
    found = find(text, None)
    assert all(f.category != "landline" for f in found)
    assert all(f.severity is not Severity.BLOCK for f in found)


def test_service_numbers_are_never_reported(find: Find) -> None:
    text = "政务服务便民热线12345，市场监管12315，服务热线400-000-0000、95588、10086。"
    assert find(text, None) == []


def test_shape_only_number_on_the_line_does_not_make_a_record(find: Find) -> None:
    from .synth import card

    # A Luhn-valid run without card context is only a review-level card: two serial-like
    # numbers on one line are not a record about a person.
    found = find(f"编码{card()}和13800000000", None)
    (m,) = [f for f in found if f.category == "mobile_phone"]
    assert m.severity is Severity.REVIEW
