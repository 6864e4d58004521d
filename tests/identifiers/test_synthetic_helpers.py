"""``baomi_check.testing`` (the shared synthetic-data helpers of the corpus, the benchmarks and
several test folders) agrees with this folder's independent copy and with python-stdnum, and
what it generates can never be a living person's number."""

from __future__ import annotations

import random

from stdnum.cn import uscc

from baomi_check import testing

from .conftest import Find
from .synth import id_check, luhn_complete
from .synth import uscc as uscc_independent


def test_check_characters_agree_with_independent_implementations() -> None:
    rng = random.Random(11643)
    for _ in range(500):
        body = "".join(rng.choice("0123456789") for _ in range(17))
        assert testing.id_check_char(body) == id_check(body)
        assert testing.uscc_check_char(body) == uscc_independent(body)[-1]
        prefix = "".join(rng.choice("0123456789") for _ in range(rng.randint(12, 18)))
        assert prefix + testing.luhn_digit(prefix) == luhn_complete(prefix)


def test_credit_codes_built_from_both_check_characters_are_valid() -> None:
    rng = random.Random(32100)
    for _ in range(100):
        org = "".join(rng.choice("0123456789") for _ in range(8))
        body = "91" + "110101" + org + testing.org_check_char(org)
        assert uscc.is_valid(body + testing.uscc_check_char(body)), body


def test_generated_values_validate_and_are_never_living_people(find: Find) -> None:
    rng = random.Random(2024)
    for _ in range(50):
        number = testing.synthetic_id(rng)
        assert 1850 <= int(number[6:10]) <= 1899
        (f,) = find(f"身份证号：{number}", "id_card")
        assert f.text == number and f.severity.value == "block"
        c = testing.synthetic_card(rng)
        assert c == luhn_complete(c[:-1]) and len(c) == 19
        assert testing.synthetic_mobile(rng)[3:7] == "0000"
