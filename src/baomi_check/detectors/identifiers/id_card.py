"""居民身份证号码 (GB 11643-1999) and 港澳台居民居住证 numbers.

Catches:
* 18-character numbers whose check character (ISO 7064 MOD 11-2) and birth date hold, with a
  region prefix from GB/T 2260 (any code that ever existed: a person keeps the number for life,
  so 110103 崇文区, merged in 2010, is still valid), 810000/820000/830000 residence permits and
  the ``9…`` 2023 foreign permanent-residence card; lower-case ``x``, full-width digits and
  ``Ⅹ`` (folded by the view), ``χ``/``×`` in the check position, the spaced ``6 8 4`` form,
  numbers inside URLs and file names;
* the same with an *unknown* region code: block with ID context, review without;
* a number with a wrong check character or an impossible date, **only** next to ID context
  words (a mistyped real number is still personal data): review;
* the old 15-digit form (``YYMMDD``, no check digit), only with ID context, and not when it is
  a 15-digit 工商注册号 (its MOD 11,10 check holds and a 注册号/营业执照 label is near);
* published documentation samples (GB 11643's own examples …): info.

Deliberately misses:
* anything inside a longer digit or letter run, decimals and amounts (``…元``);
* an 18-digit run with a bad check or date and no context: without context it is just a
  number (order numbers, serials), and reporting it would drown real hits;
* a validated number labelled as something else (订单号, 准考证号) is kept, one step lower.

Why python-stdnum: its ``cn/loc.dat`` is the maintained union of current *and* abolished
GB/T 2260 codes (cn-formats §1.7).  It is LGPL-2.1+, used as a normal dependency through its
public ``numdb`` API; no code or data is copied here.  We read the table instead of calling
``stdnum.cn.ric.validate`` because that function also rejects a code that did not yet exist in
the birth year, which wrongly rejects everyone born before 1980 (the table starts then).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ...mask import MaskPolicy
from ...models import Severity
from ..base import Candidate
from .common import LEFT, RIGHT, Scan, followed_by_unit, id_check_char, labels, pii_candidate
from .settings import IdentifierSettings

ID18 = re.compile(
    LEFT
    + r"(?P<region>[1-9][0-9]{5})(?P<s1>[ \-]?)(?P<birth>(?:18|19|20)[0-9]{6})(?P<s2>[ \-]?)"
    + r"(?P<tail>[0-9]{3}[0-9Xxχ×])"
    + RIGHT
)
ID15 = re.compile(
    LEFT
    + r"(?P<region>[1-9][0-9]{5})(?P<birth>[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))"
    + r"(?P<seq>[0-9]{3})"
    + RIGHT
)

_PERMIT_REGIONS = {"810000", "820000", "830000"}


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    """Every 6-digit GB/T 2260 code in python-stdnum's historical table.

    Kept in the on-disk cache (:mod:`baomi_check.cache`), keyed by the installed python-stdnum and
    this module's source: parsing ``loc.dat`` costs ~70 ms, a third of a small file's check."""
    import sys

    from ... import cache

    digest = cache.key(
        "regions", cache.source_digest(sys.modules[__name__]), cache.installed("stdnum")
    )
    return cache.cached("regions", digest, _load_region_codes)


def _load_region_codes() -> frozenset[str]:
    from stdnum import numdb

    out: set[str] = set()

    def walk(prefixes: list, head: str) -> None:  # type: ignore[type-arg]
        for length, low, high, _props, children in prefixes:
            if low == high:
                codes = [low]
            else:
                width = len(low)
                codes = [str(v).zfill(width) for v in range(int(low), int(high) + 1)]
            for code in codes:
                full = head + code
                if len(full) == 6:
                    out.add(full)
                elif children:
                    walk(children, full)
            del length

    walk(numdb.get("cn/loc").prefixes, "")
    return frozenset(out)


@lru_cache(maxsize=1)
def _provinces() -> frozenset[str]:
    return frozenset(c[:2] for c in region_codes())


def region_status(code: str) -> str:
    """``known`` (in the table), ``permit`` (港澳台 residence permit), ``foreign`` (2023
    permanent-residence card: ``9`` + a province code of issue) or ``unknown``."""
    if code in _PERMIT_REGIONS:
        return "permit"
    if code in region_codes():
        return "known"
    if code[0] == "9" and code[1:3] in _provinces():
        return "foreign"
    return "unknown"


def valid_date(yyyymmdd: str, year_min: int, today: date | None = None) -> bool:
    """A real calendar date between ``year_min`` and today."""
    try:
        d = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return year_min <= d.year and d <= (today or date.today())


def registration_check_ok(number15: str) -> bool:
    """ISO 7064 MOD 11,10 check of a 15-digit 工商注册号 (cn-formats §1.5)."""
    p = 10
    for ch in number15[:-1]:
        s = (p + int(ch)) % 10 or 10
        p = (2 * s) % 11
    return (11 - p) % 10 == int(number15[-1])


class IdCardFinder:
    def __init__(self, settings: IdentifierSettings) -> None:
        self.s = settings
        self.policy: MaskPolicy = settings.mask_policy
        self.samples = {x.upper() for x in settings.sample_numbers}
        self.units = tuple(settings.amount_units)
        region_codes()  # load the table at build time, not on the first document

    def find(self, scan: Scan) -> list[Candidate]:
        out: list[Candidate] = []
        text = scan.text
        before, after = self.s.context_before, self.s.context_after
        for m in scan.finditer(ID18, 17):
            if m.group("s1") != m.group("s2"):
                continue  # 6-8-4 spacing must be consistent, or it is two numbers
            a, b = m.span()
            if followed_by_unit(text, b, self.units):
                continue
            tail = m.group("tail")
            value = m.group("region") + m.group("birth") + tail[:3] + (
                "X" if tail[3] in "Xxχ×" else tail[3]
            )
            c = self._judge18(scan, a, b, value, before, after)
            if c is not None:
                out.append(c)
        for m in scan.finditer(ID15, 15):
            a, b = m.span()
            c = self._judge15(scan, a, b, m.group(), before, after)
            if c is not None:
                out.append(c)
        return out

    def _judge18(
        self, scan: Scan, a: int, b: int, value: str, before: int, after: int
    ) -> Candidate | None:
        has_ctx, negated = labels(scan, "id_card", a, b, before, after)
        spaced = b - a > 18
        if value in self.samples:
            return self._cand(
                "pii.id_card.sample", Severity.INFO, a, b, value, 0.8,
                "公开的身份证号码示例（标准或文档中的样例号码），请确认不是真实个人号码",
            )
        check_ok = id_check_char(value[:17]) == value[17]
        date_ok = valid_date(value[6:14], self.s.id_year_min)
        region = region_status(value[:6])
        if check_ok and date_ok:
            if region == "unknown":
                if has_ctx:
                    return self._cand(
                        "pii.id_card", Severity.BLOCK, a, b, value, 0.8,
                        "身份证号码（校验位和出生日期有效，地址码未收录）",
                    )
                return self._cand(
                    "pii.id_card", Severity.REVIEW, a, b, value, 0.5,
                    "疑似身份证号码（校验位和出生日期有效，但地址码未收录且无上下文）",
                )
            kind = {
                "permit": "港澳台居民居住证号码",
                "foreign": "外国人永久居留身份证号码",
            }.get(region, "居民身份证号码")
            if negated and not has_ctx:
                return self._cand(
                    "pii.id_card", Severity.REVIEW, a, b, value, 0.55,
                    f"疑似{kind}（校验位和出生日期有效，但标注为其他编号），请核实",
                )
            conf = 0.99 if has_ctx else (0.9 if spaced else 0.95)
            return self._cand(
                "pii.id_card", Severity.BLOCK, a, b, value, conf,
                f"完整的{kind}：属于个人敏感信息，公开前须去标识化",
            )
        if has_ctx and not negated and region != "unknown":
            why = "校验位不符" if not check_ok else "出生日期无效"
            return self._cand(
                "pii.id_card.unverified", Severity.REVIEW, a, b, value, 0.45,
                f"身份证号码旁的18位号码（{why}，可能是录入错误的真实号码），请核实",
            )
        return None

    def _judge15(
        self, scan: Scan, a: int, b: int, value: str, before: int, after: int
    ) -> Candidate | None:
        has_ctx, negated = labels(scan, "id_card", a, b, before, after)
        if value in self.samples and has_ctx:
            return self._cand(
                "pii.id_card.sample", Severity.INFO, a, b, value, 0.8,
                "公开的15位身份证号码示例，请确认不是真实个人号码",
            )
        if not has_ctx or negated:
            return None
        if not valid_date("19" + value[6:12], self.s.id_year_min):
            return None
        if region_status(value[:6]) not in ("known", "permit"):
            return None
        if registration_check_ok(value) and scan.context.near(
            "negative", a, b, self.s.context_before, self.s.context_after
        ):
            return None
        return self._cand(
            "pii.id_card.15", Severity.BLOCK, a, b, value, 0.85,
            "15位（第一代）居民身份证号码：属于个人敏感信息，公开前须去标识化",
        )

    def _cand(
        self, rule: str, sev: Severity, a: int, b: int, value: str, conf: float, msg: str
    ) -> Candidate:
        return pii_candidate(
            rule_id=rule, category="id_card", severity=sev, start=a, end=b, value=value,
            message=msg, confidence=conf, policy=self.policy,
        )
