"""Bank cards, bank accounts, 统一社会信用代码 (cn-formats §3.1–3.3, §3.12)."""

from __future__ import annotations

import pytest

from baomi_check.models import Severity

from .conftest import Find
from .synth import card, id18, luhn_bad, uscc

CARDS = [
    card("622848"),  # 6228480000000000000
    card("622202"),
    card("621700"),
    card("601382"),
    card("622262"),
    card("436742"),
    card("622588", 16),
    card("625908", 16),
]


def test_synth_matches_spec_vectors() -> None:
    assert CARDS[0] == "6228480000000000000"
    assert CARDS[2] == "6217000000000000004"
    assert CARDS[6] == "6225880000000001"


@pytest.mark.parametrize("number", CARDS)
def test_luhn_valid_card_with_context_blocks(find: Find, number: str) -> None:
    (f,) = find(f"银行卡号：{number}", "bank_card")
    assert f.severity is Severity.BLOCK and f.text == number
    assert f.suggestion == "*" * (len(number) - 4) + number[-4:]


@pytest.mark.parametrize("number", CARDS[:3])
def test_card_without_context_is_review(find: Find, number: str) -> None:
    (f,) = find(f"附：{number}", "bank_card")
    assert f.severity is Severity.REVIEW


@pytest.mark.parametrize(
    "written",
    ["6228 4800 0000 0000 000", "6228-4800-0000-0000-000", "622848 0000000000000"],
)
def test_grouped_forms(find: Find, written: str) -> None:
    (f,) = find(f"卡号 {written}", "bank_card")
    assert f.text == written and f.severity is Severity.BLOCK


def test_luhn_invalid_only_with_context_and_only_review(find: Find) -> None:
    bad = luhn_bad(card())
    (f,) = find(f"工资卡卡号：{bad}", "bank_card")
    assert f.severity is Severity.REVIEW
    assert find(f"流水{bad}", "bank_card") == []
    assert find("6262626262626262626", "bank_card") == []


@pytest.mark.parametrize(
    "text",
    [
        card() + "1",  # 20 digits
        "9" + card(),
        card() + "元",
        "2023 1234 5678 9012 3456",  # grouped, but 20 digits
        "订单编号" + card(),
    ],
)
def test_card_look_alikes(find: Find, text: str) -> None:
    assert find(text, "bank_card") == []


def test_card_shaped_serial_in_a_url_path_is_not_a_card(find: Find) -> None:
    n = card("622202")
    assert find(f"https://www.example.gov.cn/content/post_{n}.html", "bank_card") == []
    assert len(find(f"https://www.example.gov.cn/pay?card={n}", "bank_card")) == 1


def test_id_number_in_a_url_path_is_still_an_id(find: Find) -> None:
    # An upload named by a person's ID number is a leak, not a CMS serial.
    n = id18()
    found = find(f"http://www.example.gov.cn/upload/{n}.jpg", None)
    assert [f.category for f in found] == ["id_card"]


def test_valid_id_is_never_a_card(find: Find) -> None:
    n = id18()
    found = find(f"卡号{n}", None)
    assert [f.category for f in found] == ["id_card"]


def test_account_of_an_organisation_is_info(find: Find) -> None:
    text = "户名：某某县财政局 开户行：某某银行某某支行 账号：1234 5678 9012 3456 789"
    (f,) = find(text, "bank_card")
    assert f.rule_id in ("pii.bank_account", "pii.bank_card")
    assert f.severity is Severity.INFO


@pytest.mark.parametrize(
    "text",
    [
        # 招标公告 / 缴费通知: holder, bank and account on separate lines.
        "四、投标保证金\n户名：某某市公共资源交易中心\n开户银行：某某银行某某支行\n"
        "账号：1202020209000000000",
        "收款单位：某某县财政局\n开户行：某某银行某某支行\n账号：00000000000000000",
        "账户名称：某某市住房公积金管理中心（代收）\n账号：11050100000000000000",
        "户名：某某县人民政府办公室  账号：1202020209000000000",
        # A 单位结算卡 (UnionPay BIN, Luhn-valid) held by an organisation.
        f"户名：某某市公共资源交易中心\n开户行：某某银行某某支行\n账号：{card('622202')}",
    ],
)
def test_organisation_holder_above_the_account_is_info(find: Find, text: str) -> None:
    (f,) = find(text, "bank_card")
    assert f.severity is Severity.INFO, (f.rule_id, f.message)


@pytest.mark.parametrize(
    "text",
    [
        "户名：张三\n开户行：某某银行某某支行\n账号：00000000000000000",
        # A payment roster: the header's 户名 is followed by another label, not a holder.
        "序号\t户名\t开户银行\t账号\n1\t张三\t某某银行\t00000000000000000",
        "户名 开户银行 账号\n张三 某某银行 00000000000000000",
        # The holder of an earlier record (blank line between) does not carry over.
        "户名：某某县财政局\n账号：00000000000000001\n\n户名：张三\n账号：00000000000000000",
        # 户名：张三，开户银行 … : the bank's name is not the holder's.
        "户名：张三，开户银行：某某银行，账号：00000000000000000",
    ],
)
def test_person_holder_or_roster_account_stays_review(find: Find, text: str) -> None:
    found = find(text, "bank_card")
    assert found[-1].severity is Severity.REVIEW, [(f.text, f.severity) for f in found]


def test_person_card_under_an_organisation_heading_blocks(find: Find) -> None:
    # The nearest holder label decides: the organisation named three records up does not.
    text = f"户名：某某县财政局\n\n户名：张三\n卡号：{card('622848')}"
    (f,) = find(text, "bank_card")
    assert f.severity is Severity.BLOCK


def test_account_of_a_person_is_review(find: Find) -> None:
    (f,) = find("户名：张三 账号：12345678901234", "bank_card")
    assert f.rule_id == "pii.bank_account" and f.severity is Severity.REVIEW
    assert f.suggestion == "**********1234"


USCC_VALID = [
    uscc("11110101000000019"),  # 机关
    uscc("91310115MA0000015"),  # enterprise
    uscc("52440305500000023"),
    "91110000600037341L",  # python-stdnum docstring example (public)
]


def test_uscc_synth_matches_spec() -> None:
    assert USCC_VALID[0] == "111101010000000197"
    assert USCC_VALID[1] == "91310115MA0000015C"
    assert USCC_VALID[2] == "52440305500000023U"


@pytest.mark.parametrize("code", USCC_VALID)
def test_credit_codes_are_info(find: Find, code: str) -> None:
    (f,) = find(f"统一社会信用代码：{code}", "credit_code")
    assert f.severity is Severity.INFO and f.text == code
    assert f.suggestion == code[:8] + "********" + code[-2:]


def test_individual_business_code_names_its_owner(find: Find) -> None:
    code = uscc("92650102L00000038")
    (f,) = find(f"信用代码{code}", "credit_code")
    assert "个体工商户" in f.message


def test_lower_case_credit_code_has_lower_confidence(find: Find) -> None:
    code = uscc("91310115MA0000015")
    (up,) = find(code, "credit_code")
    (low,) = find(code.lower(), "credit_code")
    assert low.confidence < up.confidence


@pytest.mark.parametrize(
    "code",
    [
        "91310115MA00000150",  # wrong check
        "91310115MA0000015I",  # I is not in the alphabet
        "9131011SMA0000015C",  # letter in the region field
        "91310115MA0000015",  # 17 characters
        "X91310115MA0000015C",
    ],
)
def test_invalid_credit_codes(find: Find, code: str) -> None:
    assert find(code, "credit_code") == []



def test_credit_code_ending_in_x_after_seventeen_digits() -> None:
    # Regression: the digit-run window swallowed the check letter and the gate skipped it.
    from baomi_check import check

    code = uscc("91110101680491658")
    assert code.endswith("X")
    found = [f.text for f in check(f"统一社会信用代码：{code}").findings if f.category == "credit_code"]
    assert found == [code]


def test_credit_code_check_character_agrees_with_python_stdnum() -> None:
    """The fast check-character filter must never reject what python-stdnum accepts."""
    import random

    from stdnum.cn import uscc

    from baomi_check.detectors.identifiers.common import uscc_check_ok

    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    rng = random.Random(32100)
    accepted = 0
    for _ in range(4000):
        body = "91" + "".join(rng.choice("0123456789") for _ in range(6)) + "".join(
            rng.choice(alphabet) for _ in range(9)
        )
        passed = [c for c in alphabet if uscc_check_ok(body + c)]
        assert len(passed) == 1  # exactly one check character fits any body
        for check in alphabet:
            if uscc.is_valid(body + check):
                accepted += 1
                assert passed == [check], body + check
    assert accepted > 0
    assert not uscc_check_ok("9135010000000000I1")  # I, O, Z, S and V are not in the alphabet
    assert not uscc_check_ok("91350100M000100Y4")  # 17 characters


def _card(prefix15: str) -> str:
    from baomi_check.testing import luhn_digit

    return prefix15 + luhn_digit(prefix15)


def test_table_header_cells_give_context_to_their_column(find: Find) -> None:
    """A 补贴发放花名册: 银行卡号 names the column for every row, and 金额 (the last header cell)
    is no label of the first row's numbers (it hid them; the blind held-out corpus found it)."""
    a, b, c = _card("622848000000001"), _card("622848000000003"), _card("622848000000005")
    text = (f"序号\t姓名\t联系电话\t银行卡号\t金额（元）\n1\t张某\t13907330000\t{a}\t500\n"
            f"2\t李某\t13907330001\t{b}\t600\n3\t王某\t13907330002\t{c}\t700\n")  # fmt: skip
    cards = find(text, "bank_card")
    assert [f.text for f in cards] == [a, b, c]
    assert all(f.severity is Severity.BLOCK for f in cards)
    assert len(find(text, "mobile_phone")) == 3
    assert [f.text for f in find("联系电话\t金额\n13907330000\t好", "mobile_phone")] == [
        "13907330000"
    ]


def test_a_negative_column_header_still_negates_its_column(find: Find) -> None:
    a = _card("622848000000001")
    assert find(f"序号\t订单号\t金额\n1\t{a}\t500\n", "bank_card") == []


def test_serials_that_pass_the_credit_code_check_are_not_credit_codes(find: Find) -> None:
    """202403150000012345 passes the check character by chance (1 in 31) but names no real
    region, and its label calls it a serial."""
    assert find("支付流水号：202403150000012345", "credit_code") == []
    assert find("202403150000012345", "credit_code") == []
    from baomi_check.testing import org_check_char, uscc_check_char

    org = "12345678" + org_check_char("12345678")
    for region in ("110101", "100000"):  # a county, and national-level registration
        body = "91" + region + org
        code = body + uscc_check_char(body)
        assert [f.text for f in find(f"统一社会信用代码：{code}", "credit_code")] == [code]


def test_sole_proprietor_code_with_the_owner_is_review(find: Find) -> None:
    """cn-formats §3.3: a 个体工商户 code (92…) identifies a person when the owner's name and ID
    stand with it; alone, or for a company, it is registry data (info)."""
    from baomi_check.testing import id_number, org_check_char, uscc_check_char

    org = "12345678" + org_check_char("12345678")
    sole = "92" + "110101" + org
    sole += uscc_check_char(sole)
    firm = "91" + "110101" + org
    firm += uscc_check_char(firm)
    owner = f"经营者：王某，身份证号：{id_number('11010118800101001')}"
    (f,) = find(f"统一社会信用代码：{sole}\n{owner}", "credit_code")
    assert f.severity is Severity.REVIEW
    (g,) = find(f"统一社会信用代码：{sole}", "credit_code")
    assert g.severity is Severity.INFO
    (h,) = find(f"统一社会信用代码：{firm}\n{owner}", "credit_code")
    assert h.severity is Severity.INFO


def test_organisation_settlement_accounts_are_info(find: Find) -> None:
    text = "户名：某某县财政局非税收入汇缴结算户\n开户行：某某银行某某支行\n账号：18210101040000018\n"
    (f,) = find(text, "bank_card")
    assert f.severity is Severity.INFO
    (g,) = find("户名：王某户\n账号：18210101040000018\n", "bank_card")  # a household
    assert g.severity is Severity.REVIEW
