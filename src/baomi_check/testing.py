"""Synthetic personal data for tests, corpora and benchmarks: valid-looking, never real.

A detector that validates check digits can only be tested with numbers whose check digits are
right, and a test, a corpus or a bug report must never carry a real person's number.  These
helpers compute the check characters (GB 11643 for ID numbers, Luhn for cards, GB 11714 and
GB 32100 for organisation and credit codes) for bodies that cannot belong to a living person:
birth dates before 1900, mobile numbers with all-zero tails (cn-formats §1.9, §2.7, §3.12).

The check-character arithmetic here is written separately from the validators in
:mod:`baomi_check.detectors.identifiers`, so a test that builds its input here and expects the
detector to accept it compares two implementations, not one with itself.  The project's own
identifier tests go further and keep a third copy (``tests/identifiers/synth.py``).
"""

from __future__ import annotations

import random

__all__ = [
    "id_check_char",
    "id_number",
    "luhn_digit",
    "org_check_char",
    "synthetic_card",
    "synthetic_id",
    "synthetic_landline",
    "synthetic_mobile",
    "uscc_check_char",
]

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 symbols of a 统一社会信用代码 (no I, O, Z, S, V)."""

REGIONS = ("110101", "110105", "310115", "320102", "330106", "420106", "440305", "500103",
           "510104", "610113", "650102", "370202")  # fmt: skip
MOBILE_PREFIXES = ("138", "139", "135", "150", "186", "177", "199", "181", "158", "133")
CARD_BINS = ("622848", "622202", "621700", "601382", "622262", "621098")


def id_check_char(body17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of a 17-digit body."""
    total = sum(int(d) * w for d, w in zip(body17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def id_number(body17: str) -> str:
    """``body17`` with its check character: ``id_number("11010118800101001")``."""
    return body17 + id_check_char(body17)


def luhn_digit(body: str) -> str:
    """The digit that makes ``body + digit`` pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def org_check_char(body8: str) -> str:
    """GB 11714-1997 organization-code check character."""
    total = sum(int(c, 36) * w for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def uscc_check_char(body17: str) -> str:
    """GB 32100-2015 check character of a 17-character credit-code body."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, weights, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def synthetic_id(rng: random.Random) -> str:
    """An 18-character ID number that passes every check, born 1850–1899."""
    region = rng.choice(REGIONS)
    year = rng.randint(1850, 1899)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    seq = rng.randint(0, 999)
    return id_number(f"{region}{year:04d}{month:02d}{day:02d}{seq:03d}")


def synthetic_mobile(rng: random.Random) -> str:
    """A mobile number in a real block, with a mostly-zero tail."""
    return rng.choice(MOBILE_PREFIXES) + "0000" + f"{rng.randint(0, 999):04d}"


def synthetic_card(rng: random.Random) -> str:
    """A 19-digit card number with a real BIN, zeros and a computed Luhn digit."""
    body = rng.choice(CARD_BINS) + "0" * 8 + f"{rng.randint(0, 9999):04d}"
    return body + luhn_digit(body)


def synthetic_landline(rng: random.Random) -> str:
    """An office-style landline (area code, dash, local number)."""
    area = rng.choice(("010", "021", "0755", "0571", "027", "028", "023"))
    return f"{area}-{rng.randint(6, 8)}{'0' * 4}{rng.randint(100, 999)}"
