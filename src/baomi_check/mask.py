"""Masking (脱敏) of identifiers: the one place where a value becomes its displayable form.

Everything that shows an identifier — a finding's ``suggestion`` and ``masked`` fields, every
report writer, redaction of a document — goes through this module, so one :class:`MaskPolicy`
decides what a reviewer, a log file or a published document may see.  There is no single
national masking format (cn-formats §5.5); the defaults follow the most common published
practice and keep *what a reader needs to recognise the entry* while hiding what makes it
usable:

=================  ==========================================  ====================
category           default                                     example
=================  ==========================================  ====================
id_card (18)       first 6 (address code) + last 4             ``110101********0011``
id_card (15)       first 6 + last 3                            ``110105******002``
mobile_phone       first 3 + last 4                            ``138****0000``
landline           area code + last 4 of the local number      ``010-****0000``
                   (an extension is not part of the number)
bank_card          last 4 (``bank_card.head: 6`` keeps the BIN) ``***************0000``
travel_document    leading letters + last 3                    ``E*****001``
email              first character of the local part + domain  ``z****@example.com``
license_plate      province + authority letter + last char     ``京A****5``
ip_address         first two octets / first two groups         ``10.0.*.*``
credit_code        first 8 + last 2 (organisation data)        ``91310115********5C``
=================  ==========================================  ====================

Stable API (other modules import it): :class:`MaskPolicy`, :class:`KeepRule`,
:data:`DEFAULT_POLICY`, :func:`mask_value` (canonical masked form of a value, used as the
suggestion), :func:`mask_in_place` (same hiding, but keeps the original separators and length,
for redaction), :func:`display_text` (what outputs print for a finding).

A policy should be applied consistently: two different masks of one number in one document let
a reader recombine it (cn-formats §5.5), which the masked-value detector reports.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from .lazyre import lazy_re

if TYPE_CHECKING:
    from .models import Finding

__all__ = [
    "DEFAULT_POLICY",
    "KeepRule",
    "MaskPolicy",
    "display_text",
    "hidden_positions",
    "mask_in_place",
    "mask_value",
]


class KeepRule(BaseModel):
    """Keep ``head`` characters at the start and ``tail`` at the end; hide the rest."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    head: int = Field(default=0, ge=0)
    tail: int = Field(default=0, ge=0)


class MaskPolicy(BaseModel):
    """How many characters of each kind of identifier stay visible."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    mask_char: str = Field(default="*", min_length=1, max_length=1)
    id18: KeepRule = KeepRule.model_construct(head=6, tail=4)
    id15: KeepRule = KeepRule.model_construct(head=6, tail=3)
    mobile: KeepRule = KeepRule.model_construct(head=3, tail=4)
    landline_tail: int = Field(default=4, ge=0)
    """Digits of the local number kept after the (always kept) area code."""
    bank_card: KeepRule = KeepRule.model_construct(head=0, tail=4)
    travel_document_tail: int = Field(default=3, ge=0)
    """Digits kept at the end; the leading letters (document type) are always kept."""
    email_head: int = Field(default=1, ge=0)
    """Characters of the local part kept; the domain is always kept."""
    license_plate: KeepRule = KeepRule.model_construct(head=2, tail=1)
    ip_keep_groups: int = Field(default=2, ge=0, le=3)
    credit_code: KeepRule = KeepRule.model_construct(head=8, tail=2)
    other: KeepRule = KeepRule.model_construct(head=1, tail=1)
    """Anything else (QQ numbers, record numbers …)."""


DEFAULT_POLICY = MaskPolicy.model_construct()

_ALNUM = lazy_re(r"[0-9A-Za-z]")
_DIGITS = lazy_re(r"[0-9]")
_ID_CHARS = lazy_re(r"[0-9Xxχ×]")
_PLATE_CHARS = lazy_re(r"[0-9A-Za-z\u4e00-\u9fff]")


def _keep(n: int, head: int, tail: int) -> set[int]:
    """Indices ``0..n-1`` that stay visible.  Never keeps everything: for short values the
    kept share shrinks so that at least a third is hidden."""
    if n == 0:
        return set()
    if head + tail >= n:
        limit = max(0, (2 * n) // 3)
        head = min(head, limit // 2 + limit % 2)
        tail = min(tail, limit - head)
    return set(range(min(head, n))) | set(range(n - min(tail, n), n))


def _mobile_positions(raw: str) -> list[int]:
    """Raw indices of the 11 subscriber digits (country code ``+86``/``0086``/``86`` dropped)."""
    pos = [m.start() for m in _DIGITS.finditer(raw)]
    if len(pos) > 11:
        pos = pos[len(pos) - 11 :]
    return pos


def _landline_split(digits: list[int], raw: str) -> int:
    """Number of leading digits that form the area code (0 when there is none)."""
    if len(digits) < 3 or raw[digits[0]] != "0":
        return 0
    return 3 if raw[digits[1]] in "12" else 4


_EXT_MARK = lazy_re(r"转|分机|ext", re.IGNORECASE)
_DIGIT_GROUP = lazy_re(r"[0-9]+")


def _landline_digits(raw: str) -> list[int]:
    """Raw indices of the area code and local number, without an extension (``转8001``,
    ``分机8001``, ``ext. 8001`` or a trailing ``-8001`` after a complete number): extensions
    route calls inside an office and are not what identifies a line."""
    cut = _EXT_MARK.search(raw)
    head = raw[: cut.start()] if cut else raw
    groups = list(_DIGIT_GROUP.finditer(head))
    if len(groups) >= 2:
        last = groups[-1]
        rest = sum(len(g.group()) for g in groups[:-1])
        if len(last.group()) <= 6 and head[last.start() - 1] == "-" and rest >= 10:
            groups = groups[:-1]
    return [i for g in groups for i in range(g.start(), g.end())]


def hidden_positions(category: str, raw: str, policy: MaskPolicy = DEFAULT_POLICY) -> list[int]:
    """Indices of the characters of ``raw`` that the policy hides for ``category``.

    ``raw`` is the evidence as written (separators, country code, brackets included); for a
    landline pass the number without its extension."""
    if category == "id_card":
        sig = [m.start() for m in _ID_CHARS.finditer(raw)]
        rule = policy.id15 if len(sig) == 15 else policy.id18
        keep = _keep(len(sig), rule.head, rule.tail)
    elif category == "mobile_phone":
        sig = _mobile_positions(raw)
        keep = _keep(len(sig), policy.mobile.head, policy.mobile.tail)
    elif category == "landline":
        sig = _landline_digits(raw)
        area = _landline_split(sig, raw)
        keep = set(range(area)) | {
            area + i for i in _keep(len(sig) - area, 0, policy.landline_tail)
        }
    elif category == "bank_card":
        sig = [m.start() for m in _DIGITS.finditer(raw)]
        keep = _keep(len(sig), policy.bank_card.head, policy.bank_card.tail)
    elif category == "travel_document":
        sig = [m.start() for m in _ALNUM.finditer(raw)]
        letters = 0
        while letters < len(sig) and raw[sig[letters]].isalpha():
            letters += 1
        keep = set(range(letters)) | {
            letters + i for i in _keep(len(sig) - letters, 0, policy.travel_document_tail)
        }
    elif category == "email":
        at = raw.rfind("@")
        local = list(range(at)) if at > 0 else list(range(len(raw)))
        sig = local
        keep = _keep(len(local), policy.email_head, 0)
    elif category == "license_plate":
        sig = [m.start() for m in _PLATE_CHARS.finditer(raw)]
        keep = _keep(len(sig), policy.license_plate.head, policy.license_plate.tail)
    elif category == "ip_address":
        return _ip_hidden(raw, policy.ip_keep_groups)
    elif category == "credit_code":
        sig = [m.start() for m in _ALNUM.finditer(raw)]
        keep = _keep(len(sig), policy.credit_code.head, policy.credit_code.tail)
    else:
        sig = [i for i, c in enumerate(raw) if not c.isspace()]
        keep = _keep(len(sig), policy.other.head, policy.other.tail)
    return [p for i, p in enumerate(sig) if i not in keep]


def _ip_hidden(raw: str, keep_groups: int) -> list[int]:
    sep = "." if raw.count(".") == 3 and ":" not in raw else ":"
    hidden: list[int] = []
    group = 0
    for i, c in enumerate(raw):
        if c == sep:
            group += 1
        elif group >= keep_groups and c.isalnum():
            hidden.append(i)
    return hidden


def mask_in_place(category: str, raw: str, policy: MaskPolicy = DEFAULT_POLICY) -> str:
    """``raw`` with the hidden characters replaced by the mask character, same length and
    separators (``138 0000 0000`` → ``138 **** 0000``).  For redacting documents."""
    hidden = set(hidden_positions(category, raw, policy))
    if not hidden:
        return raw
    ch = policy.mask_char
    return "".join(ch if i in hidden else c for i, c in enumerate(raw))


def _canonical(category: str, raw: str) -> str:
    """The value without separators, in the form suggestions show."""
    if category == "id_card":
        s = "".join(_ID_CHARS.findall(raw))
        return s[:-1] + "X" if s and s[-1] in "xχ×" else s
    if category == "mobile_phone":
        return "".join(raw[i] for i in _mobile_positions(raw))
    if category == "landline":
        positions = _landline_digits(raw)
        area = _landline_split(positions, raw)
        joined = "".join(raw[i] for i in positions)
        return f"{joined[:area]}-{joined[area:]}" if area else joined
    if category in ("bank_card",):
        return "".join(_DIGITS.findall(raw))
    if category in ("travel_document", "credit_code"):
        return "".join(_ALNUM.findall(raw)).upper()
    if category == "license_plate":
        return "".join(_PLATE_CHARS.findall(raw)).upper()
    if category == "ip_address":
        try:
            return str(ipaddress.ip_address(raw.strip()))
        except ValueError:
            return raw.strip()
    return raw.strip()


def mask_value(category: str, value: str, policy: MaskPolicy = DEFAULT_POLICY) -> str:
    """The canonical masked form of ``value`` (separators and country code dropped):
    ``mask_value("id_card", "110101188001010011") == "110101********0011"``.

    This is what identifier findings carry as ``suggestion`` and ``masked``."""
    canon = _canonical(category, value)
    rule: KeepRule | None = None
    if category == "mobile_phone":
        rule = policy.mobile
    elif category == "id_card":
        rule = policy.id15 if len(canon) == 15 else policy.id18
    elif category == "bank_card":
        rule = policy.bank_card
    elif category == "credit_code":
        rule = policy.credit_code
    if rule is not None and canon.isalnum():
        # Fast path (a roster yields thousands of these): same result as mask_in_place.
        n = len(canon)
        if rule.head + rule.tail < n:
            return (
                canon[: rule.head]
                + policy.mask_char * (n - rule.head - rule.tail)
                + canon[n - rule.tail :]
            )
    return mask_in_place(category, canon, policy)


def display_text(finding: Finding, show_values: bool = False) -> str:
    """What an output prints as a finding's evidence: the masked form unless raw values were
    explicitly asked for (``--show-values``)."""
    if show_values:
        return finding.text
    return finding.masked or finding.text


_CODE_RUN = lazy_re(r"[0-9A-Za-z][0-9A-Za-z\-]{2,}")


def mask_codes(text: str, mask_char: str = "*") -> str:
    """``text`` with every letter-and-digit code of 3+ characters hidden but its first and last
    character (``住院号:ZY20240012`` → ``住院号:Z********2``).

    For values that identify a person without being one of the identifier formats (medical
    record and bed numbers): the label stays readable, the number does not."""

    def hide(m: re.Match[str]) -> str:
        s = m.group()
        return s[0] + "".join(c if c == "-" else mask_char for c in s[1:-1]) + s[-1]

    return str(_CODE_RUN.sub(hide, text))
