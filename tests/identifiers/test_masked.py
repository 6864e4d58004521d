"""Already-masked values are not leaks; bad and inconsistent masks are (cn-formats §5.5)."""

from __future__ import annotations

import pytest

from baomi_check.models import Severity

from .conftest import Find


@pytest.mark.parametrize(
    "text",
    [
        "身份证号：110101********0011",
        "身份证号：11*************011",  # strict 2+3 policy: shows less than ours
        "身份证号：110***********0011",
        "手机：138****0000",
        "手机：138 **** 0000",
        "手机：138-****-0000",
        "手机：138××××0000",
        "身份证号：110105******002",
        "身份证号：110101XXXXXXXX0011",
        "卡号：6228 **** **** 0000",
        # Other mask characters sites use.
        "手机：138####0000",
        "手机：138＃＃＃＃0000",
        "手机：138■■■■0000",
        "身份证号：110101○○○○○○○○0011",
    ],
)
def test_compliant_masks_are_not_findings(find: Find, text: str) -> None:
    assert find(text, None) == []


def test_same_mask_repeated_is_fine(find: Find) -> None:
    text = "张三 110101********0011\n（复核）张三 110101********0011\n李四 138****0000 138****0000"
    assert find(text, None) == []


@pytest.mark.parametrize(
    "text,what",
    [
        ("1101011880****0011", "出生日期"),  # birth year exposed under the 6+4 policy
        ("1380000****", "中间"),
        ("1101011880####0011", "出生日期"),
        ("11010118800101■■■■", "出生日期"),
        ("1380000○○○○", "中间"),
    ],
)
def test_noncompliant_masks_are_review(find: Find, text: str, what: str) -> None:
    (f,) = find(f"号码 {text}", None)
    assert f.rule_id == "pii.mask_noncompliant" and f.severity is Severity.REVIEW
    assert what in f.message
    assert "*" in f.suggestion


def test_hash_masked_id_makes_a_mobile_line_a_record(find: Find) -> None:
    (f,) = find("张三 110101########0011 13800000000", "mobile_phone")
    assert f.severity is Severity.BLOCK


@pytest.mark.parametrize("text", ["1#楼2#单元13800000000", "电话13800000000■"])
def test_mask_characters_beside_a_number_do_not_hide_it(find: Find, text: str) -> None:
    assert [f.text for f in find(text, "mobile_phone")] == ["13800000000"]


def test_noncompliant_suggestion_follows_policy(find: Find) -> None:
    (f,) = find("1101011880****0011", None)
    assert f.suggestion == "110101********0011"


def test_inconsistent_id_masks_that_recombine_block(find: Find) -> None:
    text = "公示：张三 110101********0011\n附件名单：张三 11010118800101****"
    (f,) = find(text, "id_card")
    assert f.rule_id == "pii.inconsistent_mask" and f.severity is Severity.BLOCK
    assert f.text == "11010118800101****" and f.line == 2
    assert "第1行" in f.message
    assert f.suggestion == "110101********0011"


def test_inconsistent_mobile_masks(find: Find) -> None:
    (f,) = find("电话138****0000；另见1380000****", "mobile_phone")
    assert f.rule_id == "pii.inconsistent_mask" and f.severity is Severity.BLOCK


def test_masks_that_disagree_are_different_people(find: Find) -> None:
    text = "110101********0011\n11010218800101****"
    assert [f.rule_id for f in find(text, None)] == ["pii.mask_noncompliant"]


def test_ambiguous_pairing_is_only_review(find: Find) -> None:
    # Two people share the visible digits of the second mask: the pairing is a guess.
    text = "110101********0011\n110101********0022\n1101011880010*****"
    found = [f for f in find(text, None) if f.rule_id == "pii.inconsistent_mask"]
    assert found and all(f.severity is Severity.REVIEW for f in found)


def test_many_masked_values_stay_fast(find: Find) -> None:
    import time

    rows = [f"110101********{i:04d}" for i in range(3000)]
    rows += [f"11010118800101{i:04d}"[:14] + "****" for i in range(3000)]
    t0 = time.perf_counter()
    find("\n".join(rows), None)
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize(
    "text",
    [
        "银行卡号：622202******0000",  # BIN + last 4 (cn-formats §5.5 option)
        "银行卡号：***************0000",
        "卡号：6222 **** **** 0000",
        "收款账户：6222-02**-****-0000",
    ],
)
def test_compliant_card_masks_are_not_findings(find: Find, text: str) -> None:
    assert find(text, None) == []


@pytest.mark.parametrize(
    "text",
    [
        "银行卡号：6222020200******0",  # 17 symbols: was misread as a 15-character ID mask
        "银行卡号：62220202001122****",  # 18 symbols: was misread as an 18-character ID mask
        "工资卡号：6222 0202 0011 22** ***",
    ],
)
def test_cards_masked_too_little_are_card_findings(find: Find, text: str) -> None:
    (f,) = find(text, None)
    assert (f.rule_id, f.category, f.severity) == ("pii.mask_noncompliant", "bank_card",
                                                   Severity.REVIEW)  # fmt: skip
    assert "银行卡号中间位" in f.message
    assert f.text == text.split("：", 1)[1]


def test_masked_number_next_to_an_id_label_stays_an_id(find: Find) -> None:
    (f,) = find("户主：张某 身份证号：1101011880****0011 银行卡号见附件", None)
    assert (f.rule_id, f.category) == ("pii.mask_noncompliant", "id_card")


def test_masked_serials_are_not_cards(find: Find) -> None:
    assert find("卡号登记表 订单号：6222020200******0", None) == []
    assert find("证书编号：62220202001122****", None) == []


def test_inconsistent_card_masks(find: Find) -> None:
    text = "收款人卡号：622202******0000\n复核：卡号 **********010000"
    fs = [f for f in find(text, None) if f.rule_id == "pii.inconsistent_mask"]
    assert fs and all(f.category == "bank_card" for f in fs)


def test_card_masked_from_the_front_is_judged_too(find: Find) -> None:
    """``**********010000`` is a number cluster only from its first digit: the mask before it
    still belongs to the value (six trailing digits shown: too many)."""
    (f,) = find("工资卡号：**********010000", None)
    assert (f.rule_id, f.category, f.text) == ("pii.mask_noncompliant", "bank_card",
                                               "**********010000")  # fmt: skip


def test_masks_in_a_roster_are_read_by_their_column(find: Find) -> None:
    """In a table, the header of a masked value's column says what it is: an ID under 身份证号,
    a card under 银行卡号, however far down the row is."""
    rows = "".join(
        f"{i}\t某{i}\t110101********00{i:02d}\t6222020200{i:02d}****00\n" for i in range(1, 12)
    )
    text = "序号\t姓名\t身份证号码\t银行卡号\n" + rows
    findings = find(text, None)
    cards = [f for f in findings if f.category == "bank_card"]
    ids = [f for f in findings if f.category == "id_card"]
    assert len(cards) == 11 and all(f.rule_id == "pii.mask_noncompliant" for f in cards)
    assert ids == []  # 110101********00xx is the compliant ID mask
