"""Synthetic identifiers with computed check characters, for tests only.

Nothing here is copied from real data: ID numbers use pre-1900 birth dates (nobody alive holds
them) unless a test needs a specific date, phone and card numbers use all-zero tails, and every
check character is computed here, never typed by hand (cn-formats "About synthetic data").
"""

from __future__ import annotations

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def id_check(body17: str) -> str:
    s = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[s % 11]


def id18(region: str = "110101", birth: str = "18800101", seq: str = "001") -> str:
    """A valid 18-digit ID number (check character computed)."""
    body = region + birth + seq
    assert len(body) == 17 and body.isdigit()
    return body + id_check(body)


def bad_check(number: str) -> str:
    """``number`` with a wrong check character."""
    right = number[-1]
    wrong = "1" if right != "1" else "2"
    return number[:-1] + wrong


def luhn_complete(prefix_body: str) -> str:
    """Append the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(prefix_body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix_body + str((10 - total % 10) % 10)


def card(bin6: str = "622848", length: int = 19) -> str:
    """A Luhn-valid card number with an all-zero account part."""
    return luhn_complete(bin6 + "0" * (length - len(bin6) - 1))


def luhn_bad(number: str) -> str:
    last = int(number[-1])
    return number[:-1] + str((last + 1) % 10)


def uscc(body17: str) -> str:
    """A GB 32100 code with its check character computed."""
    weights = [pow(3, i, 31) for i in range(17)]
    s = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body17, weights, strict=True))
    return body17 + _USCC_ALPHABET[(31 - s % 31) % 31]


def reg15_check_ok(number14: str) -> str:
    """A 15-digit 工商注册号 with its ISO 7064 MOD 11,10 check digit."""
    p = 10
    for ch in number14:
        s = (p + int(ch)) % 10 or 10
        p = (2 * s) % 11
    return number14 + str((11 - p) % 10)


FULLWIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def fullwidth(s: str) -> str:
    return s.translate(FULLWIDTH)
