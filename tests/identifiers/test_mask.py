"""The mask policy module: one place, stable API, cn-formats §5.5 vectors."""

from __future__ import annotations

import pytest

from baomi_check.mask import (
    DEFAULT_POLICY,
    KeepRule,
    MaskPolicy,
    display_text,
    mask_in_place,
    mask_value,
)
from baomi_check.models import Finding, Severity


@pytest.mark.parametrize(
    "category,value,masked",
    [
        ("id_card", "110101188001010011", "110101********0011"),
        ("id_card", "11010118800101002x", "110101********002X"),
        ("id_card", "110101 18800101 0011", "110101********0011"),
        ("id_card", "110105491231002", "110105******002"),
        ("mobile_phone", "13800000000", "138****0000"),
        ("mobile_phone", "+86 138-0000-0000", "138****0000"),
        ("landline", "010-60000000", "010-****0000"),
        ("landline", "(0755)2345678", "0755-***5678"),
        ("bank_card", "6228 4800 0000 0000 000", "***************0000"),
        ("travel_document", "E00000001", "E*****001"),
        ("travel_document", "EA0000001", "EA****001"),
        ("email", "zhang@example.com", "z****@example.com"),
        ("license_plate", "京A·12345", "京A****5"),
        ("ip_address", "192.168.1.1", "192.168.*.*"),
        ("credit_code", "91310115MA0000015C", "91310115********5C"),
    ],
)
def test_default_policy(category: str, value: str, masked: str) -> None:
    assert mask_value(category, value) == masked


@pytest.mark.parametrize(
    "head,tail,masked",
    [(3, 4, "110***********0011"), (2, 3, "11*************011"), (1, 1, "1****************1")],
)
def test_other_id_policies(head: int, tail: int, masked: str) -> None:
    policy = MaskPolicy(id18=KeepRule(head=head, tail=tail))
    assert mask_value("id_card", "110101188001010011", policy) == masked


def test_mask_char_and_bin_option() -> None:
    policy = MaskPolicy(mask_char="#", bank_card=KeepRule(head=6, tail=4))
    assert mask_value("bank_card", "6228480000000000000", policy) == "622848#########0000"


@pytest.mark.parametrize(
    "raw,masked,in_place",
    [
        ("0571-88888888转8001", "0571-****8888", "0571-****8888转8001"),
        ("010-60000000-8001", "010-****0000", "010-****0000-8001"),
        ("0931-8888888-801", "0931-***8888", "0931-***8888-801"),
        ("010-6000-0000", "010-****0000", "010-****-0000"),
    ],
)
def test_landline_extensions_stay_visible(raw: str, masked: str, in_place: str) -> None:
    assert mask_value("landline", raw) == masked
    assert mask_in_place("landline", raw) == in_place


def test_in_place_keeps_separators_and_length() -> None:
    raw = "+86 138 0000 0000"
    out = mask_in_place("mobile_phone", raw)
    assert out == "+86 138 **** 0000" and len(out) == len(raw)
    assert mask_in_place("landline", "（0755）2345678") == "（0755）***5678"


def test_short_values_are_never_shown_whole() -> None:
    assert mask_value("mobile_phone", "1380") != "1380"
    assert "*" in mask_value("other", "ab")


def test_display_text() -> None:
    f = Finding(
        rule_id="pii.id_card", category="id_card", severity=Severity.BLOCK, start=0, end=18,
        text="110101188001010011", line=1, column=1, message="m",
        masked="110101********0011",
    )
    assert display_text(f) == "110101********0011"
    assert display_text(f, show_values=True) == "110101188001010011"
    plain = f.model_copy(update={"masked": None, "text": "机密★5年"})
    assert display_text(plain) == "机密★5年"


def test_default_policy_is_the_documented_one() -> None:
    assert DEFAULT_POLICY.id18 == KeepRule(head=6, tail=4)
    assert DEFAULT_POLICY.mobile == KeepRule(head=3, tail=4)
