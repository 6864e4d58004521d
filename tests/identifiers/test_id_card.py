"""居民身份证号码: cn-formats §1.9 vectors plus our own, positives and look-alikes side by side."""

from __future__ import annotations

import pytest

from baomi_check.models import Severity

from .conftest import Find
from .synth import bad_check, fullwidth, id18, reg15_check_ok

VALID = [
    id18(),  # 110101188001010011 北京东城, male
    id18(seq="002"),  # check X
    id18(seq="000"),
    id18("310115", "18991231", "123"),
    id18("440305", "18960229", "004"),  # leap day 1896
    id18("650102", "18850615", "777"),
    id18("500103", "18880808", "135"),
    id18("810000", "18900101", "001"),  # 港澳居民居住证 (HK)
    id18("820000", "18900101", "002"),  # Macao
    id18("830000", "18900101", "003"),  # 台湾居民居住证
    id18("110103", "18800101", "001"),  # 崇文区, abolished in 2010: still valid
]


@pytest.mark.parametrize("number", VALID)
def test_valid_ids_block(find: Find, number: str) -> None:
    found = find(f"某某的号码是{number}。", "id_card")
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.BLOCK and f.rule_id == "pii.id_card"
    assert f.text == number
    assert f.suggestion == number[:6] + "********" + number[-4:]
    assert f.masked == f.suggestion


def test_spec_vectors_are_what_synth_computes() -> None:
    assert VALID[0] == "110101188001010011"
    assert VALID[1] == "11010118800101002X"
    assert VALID[4] == "440305189602290044"


@pytest.mark.parametrize(
    "number,why",
    [
        (bad_check(id18()), "wrong check"),
        ("110101190002290011"[:17] + "X", "1900-02-29 is no date"),
        (id18("110101", "19000229", "001"), "1900-02-29 is no date, checksum ok"),
        (id18("110101", "18801301", "001"), "month 13"),
        (id18("110101", "18800132", "001"), "day 32"),
        (id18("110101", "30000101", "001"), "year 3000"),
        (id18("110101", "20991231", "001"), "future birth"),
        (id18("110101", "18000101", "001"), "before 1850"),
        ("111111111111111110", "checksum ok, region and date implausible"),
        ("123456789012345678", "placeholder"),
    ],
)
def test_invalid_ids_without_context_are_silent(find: Find, number: str, why: str) -> None:
    assert find(f"序号{number}。", "id_card") == [], why


def test_zero_region_is_never_an_id(find: Find) -> None:
    assert find(f"身份证号：{id18('000000', '18800101', '001')}", "id_card") == []


@pytest.mark.parametrize(
    "number", [id18("990101", "18800101", "001"), id18("119901", "18800101", "001")]
)
def test_unknown_region_only_review_without_context(find: Find, number: str) -> None:
    (f,) = find(f"号码{number}。", "id_card")
    assert f.severity is Severity.REVIEW
    (g,) = find(f"身份证号：{number}。", "id_card")
    assert g.severity is Severity.BLOCK


def test_mistyped_id_next_to_context_is_review(find: Find) -> None:
    (f,) = find(f"公民身份号码：{bad_check(id18())}", "id_card")
    assert f.severity is Severity.REVIEW and f.rule_id == "pii.id_card.unverified"
    assert find(f"公民身份号码：{id18('110101', '18801301', '001')}", "id_card")[0].severity is (
        Severity.REVIEW
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        (id18(seq="002").lower(), id18(seq="002")),  # lower-case x
        (fullwidth(id18()), id18()),
        (id18(seq="002")[:-1] + "Ⅹ", id18(seq="002")),  # Roman numeral ten
        (id18(seq="002")[:-1] + "×", id18(seq="002")),  # multiplication sign
        (id18(seq="002")[:-1] + "χ", id18(seq="002")),  # Greek chi
    ],
)
def test_written_variants(find: Find, text: str, expected: str) -> None:
    doc = f"身份证{text}号"
    (f,) = find(doc, "id_card")
    assert f.text == text and f.severity is Severity.BLOCK
    assert f.suggestion == expected[:6] + "********" + expected[-4:]


def test_spaced_6_8_4_form(find: Find) -> None:
    n = id18()
    (f,) = find(f"证件号 {n[:6]} {n[6:14]} {n[14:]} 已登记", "id_card")
    assert f.text == f"{n[:6]} {n[6:14]} {n[14:]}" and f.severity is Severity.BLOCK
    # Inconsistent grouping is two numbers, not one ID.
    assert find(f"{n[:6]} {n[6:]}", "id_card") == []


@pytest.mark.parametrize(
    "template",
    [
        "https://example.gov.cn/upload/{n}.pdf",
        "附件：{n}_张三.docx",
        "见 scan-{n}.jpg",
        "?idcard={n}&t=1",
    ],
)
def test_ids_in_urls_and_file_names(find: Find, template: str) -> None:
    n = id18()
    (f,) = find(template.format(n=n), "id_card")
    assert f.text == n


@pytest.mark.parametrize(
    "template",
    [
        "1{n}",  # 19 digits: inside a longer run
        "{n}1",
        "A{n}",
        "{n}b",
        "0.{n}",  # decimal
        "{n}.5",
        "2024-{n}",  # dashed order number
        "{n}元",  # an amount
    ],
)
def test_not_inside_longer_tokens(find: Find, template: str) -> None:
    assert find(template.format(n=id18()), "id_card") == []


def test_fifteen_digit_needs_context(find: Find) -> None:
    old = "110105491231002"  # GB 11643's own 15→18 upgrade example
    (f,) = find(f"身份证号码：{old}", "id_card")
    assert f.severity is Severity.BLOCK and f.rule_id == "pii.id_card.15"
    assert f.suggestion == "110105******002"
    # Without context a 15-digit number is an exam number, a serial, anything.
    assert find(f"准考证号：{old}", "id_card") == []
    assert find(f"编号{old}", "id_card") == []
    assert find(old, "id_card") == []


def test_fifteen_digit_registration_number_is_not_an_id(find: Find) -> None:
    reg = reg15_check_ok("11010549123100")
    assert find(f"营业执照注册号（身份证号栏误填）{reg}", "id_card") == []


def test_documentation_samples_are_info(find: Find) -> None:
    (f,) = find("标准示例：11010519491231002X", "id_card")
    assert f.severity is Severity.INFO and f.rule_id == "pii.id_card.sample"


def test_validated_id_labelled_as_other_number_is_review(find: Find) -> None:
    (f,) = find(f"订单号：{id18()}", "id_card")
    assert f.severity is Severity.REVIEW


def test_phone_inside_id_is_not_reported(find: Find) -> None:
    n = id18("110101", "18813800", "000")[:14] + "0000"
    # Whatever the digits, nothing but the ID is reported for an ID-shaped run.
    found = find(f"身份证{id18()}", None)
    assert [f.category for f in found] == ["id_card"]
    assert all(f.category != "mobile_phone" for f in find(n, None))


def test_several_ids_in_a_table(find: Find) -> None:
    rows = "\n".join(f"张{i}\t{id18(seq=f'{i:03d}')}" for i in range(1, 6))
    found = find("姓名\t身份证号\n" + rows, "id_card")
    assert len(found) == 5 and all(f.severity is Severity.BLOCK for f in found)
    assert [f.line for f in found] == [2, 3, 4, 5, 6]
