"""Mobile numbers, landlines and the public service numbers that are never personal.

Catches:
* mainland mobile numbers in allocated blocks (MIIT table in ``rules/identifiers.yaml``, with
  its date): bare, 3-4-4 with spaces or hyphens, ``+86``/``0086``/``(+86)``/``86`` prefixes,
  directly next to Chinese characters.  ``review`` by default (a personal number in a
  published document is a privacy leak), ``block`` when the number is part of a list of people:
  on a line that also carries another identifier (ID, card, passport — even a masked one) or
  two personal-attribute words (姓名, 住址, 户主 …), or when the document has
  ``mobile_list_min_lines`` or more lines with personal mobiles (a 公示名单, a roster);
* landlines: area code (``010``, ``02x``, ``0xxx``) + 7/8-digit local number starting 2–9,
  brackets (ASCII or full-width), hyphens, dashes, extensions (``-8001``, ``转8001``, ``分机``);
  local numbers without an area code only right after a phone label.  ``info``: office numbers
  are published on purpose.

Deliberately misses:
* public service numbers (110, 12345, 12315, 95xxx, 96xxx, 10086, 400/800 …): never personal,
  never reported (cn-formats §2.5);
* 13-digit IoT numbers (devices, not people) and unallocated blocks (154, 194 …);
* numbers inside longer digit runs, decimals (``0.13812345678``), amounts (``…元``), dashed
  order numbers;
* ``010-12345678``-style dummy numbers (a local number never starts with 1);
* the rare ``0`` + mobile long-distance form.
"""

from __future__ import annotations

import re

from ...models import Severity
from ..base import Candidate
from .common import (
    LEFT,
    RIGHT,
    Scan,
    Window,
    followed_by_unit,
    in_url_path,
    labels,
    pii_candidate,
)
from .settings import IdentifierSettings

MOBILE = re.compile(
    LEFT
    + r"(?P<cc>(?:\+|00)86[ \-]?|[(（]\+?86[)）][ \-]?|86[ \-]?)?"
    + r"(?P<a>1[3-9][0-9])(?P<s1>[ \-]?)(?P<b>[0-9]{4})(?P<s2>[ \-]?)(?P<c>[0-9]{4})"
    + RIGHT
)
LANDLINE = re.compile(
    LEFT
    + r"(?P<open>[(（])?(?P<area>0(?:10|2[0-9]|[3-9][0-9]{2}))(?P<close>[)）])?"
    + r"(?P<sep>[ \-—]?)(?P<local>[2-9][0-9]{2,3}[ \-]?[0-9]{4})"
    + r"(?P<ext>-[0-9]{1,6})?"
    + RIGHT
)
LOCAL_ONLY = re.compile(LEFT + r"(?P<local>[2-9][0-9]{2,3}[ \-]?[0-9]{4})" + RIGHT)
EXTENSION = re.compile(r" ?(?:转|分机|ext\.?|EXT\.?) ?[0-9]{1,6}(?![0-9])")

_PHONE_LABEL_GAP = 6
"""A bare local number counts only this close after a phone label (``电话：66001234``)."""


class PhoneFinder:
    def __init__(self, settings: IdentifierSettings) -> None:
        self.s = settings
        self.policy = settings.mask_policy
        blocks = settings.mobile_blocks
        self.prefixes = tuple(blocks.prefixes) if blocks else ("13", "15", "17", "18", "19")
        self.eight = set(settings.landline_8_digit_areas)
        self.service_exact = set(settings.service_numbers.exact)
        self.service_prefixes = settings.service_numbers.prefixes
        self.units = tuple(settings.amount_units)

    def is_service(self, digits: str) -> bool:
        """Is this a public service number (110, 12345, 95588, 400…)?"""
        if digits in self.service_exact:
            return True
        return any(
            digits.startswith(p) and len(digits) in lens
            for p, lens in self.service_prefixes.items()
        )

    def find(self, scan: Scan) -> list[Candidate]:
        out: list[Candidate] = []
        out.extend(self._mobiles(scan))
        out.extend(self._landlines(scan))
        return out

    def _mobiles(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        out: list[Candidate] = []
        for m in scan.finditer(MOBILE, 11):
            number = m.group("a") + m.group("b") + m.group("c")
            if not number.startswith(self.prefixes):
                continue
            a, b = m.span()
            if followed_by_unit(text, b, self.units) or in_url_path(text, a):
                continue
            has_ctx, negated = labels(
                scan, "mobile_phone", a, b, self.s.context_before, self.s.context_after
            )
            if negated:
                continue
            cc = m.group("cc") or ""
            # A bare "86" glued to the number is also how 13-digit serials begin.
            conf = 0.9 if has_ctx else (0.6 if cc.startswith("86") else 0.75)
            out.append(
                pii_candidate(
                    rule_id="pii.mobile_phone",
                    category="mobile_phone",
                    severity=Severity.REVIEW,
                    start=a,
                    end=b,
                    value=number,
                    message="个人手机号码：公开前应去标识化，或改为单位办公电话",
                    confidence=conf,
                    policy=self.policy,
                )
            )
        return out

    def _landlines(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        out: list[Candidate] = []
        seen: set[int] = set()
        for m in scan.finditer(LANDLINE, 10):
            if bool(m.group("open")) != bool(m.group("close")):
                continue
            area = m.group("area")
            local = re.sub(r"[ \-]", "", m.group("local"))
            if self.is_service(local) or len(local) not in (7, 8):
                continue
            a, b = m.span()
            if followed_by_unit(text, b, self.units):
                continue
            has_ctx, negated = labels(
                scan, "landline", a, b, self.s.context_before, self.s.context_after
            )
            if negated:
                continue
            if area in self.eight:
                conf = 0.85 if len(local) == 8 else 0.5
            else:
                conf = 0.8 if len(local) == 7 else 0.6
            if has_ctx:
                conf = min(0.95, conf + 0.1)
            value_end = m.start("ext") if m.group("ext") else b
            ext = EXTENSION.match(text, b)
            if ext:
                b = ext.end()
            seen.add(m.start("local"))
            out.append(self._landline(m.start(), b, text[a:value_end], conf))
        # Local numbers without an area code, only right after a phone label.
        for w in scan.windows_with(7):
            if scan.context.nearest_before("landline", w.start, _PHONE_LABEL_GAP) is None:
                continue
            out.extend(self._local_only(scan, w, seen))
        return out

    def _local_only(self, scan: Scan, w: Window, seen: set[int]) -> list[Candidate]:
        text = scan.text
        out: list[Candidate] = []
        for m in LOCAL_ONLY.finditer(text, w.start, w.endpos):
            a, b = m.span()
            if a in seen:
                continue
            dist = scan.context.nearest_before("landline", a, _PHONE_LABEL_GAP)
            if dist is None:
                continue
            local = re.sub(r"[ \-]", "", m.group("local"))
            if self.is_service(local) or followed_by_unit(text, b, self.units):
                continue
            ext = EXTENSION.match(text, b)
            out.append(self._landline(a, ext.end() if ext else b, m.group(), 0.55))
        return out

    def _landline(self, a: int, b: int, value: str, conf: float) -> Candidate:
        return pii_candidate(
            rule_id="pii.landline",
            category="landline",
            severity=Severity.INFO,
            start=a,
            end=b,
            value=value,
            message="固定电话号码：单位办公电话通常可以公开；如为个人住宅电话请去标识化",
            confidence=conf,
            policy=self.policy,
        )
