"""Bank cards and accounts (cn-formats §3.1–3.2) and 统一社会信用代码 (GB 32100-2015, §3.3).

Catches:
* bank card numbers: 16–19 digits (15 with card context), bare or grouped in fours (or 6 + the
  rest), with a plausible issuer prefix (62 UnionPay, 60 older domestic BINs, 4/5/3 co-branded).
  Luhn-valid with card context (卡号, 银行卡, 开户行 …): block.  Luhn-valid without context:
  review (a Luhn pass is one in ten, and documents are full of long serial numbers).
  Luhn-invalid with card context: review at low confidence (some real Chinese debit cards fail
  Luhn: hutool #2510, gogf/gf #3360);
* bank accounts that are not cards (对公账户, 8–30 digits, no check) only with an account label
  on the same line: info when the 户名 is an organisation (its published collection account),
  review otherwise (a person's account in a payment roster);
* 统一社会信用代码 with a valid GB 32100 check character: info (organisation registry data);
  lower-case letters are accepted at lower confidence.

Deliberately misses:
* a number that is a valid ID number is an ``id_card``, never a card (the ID check runs first
  and wins the overlap; an 18-digit run that passes the ID check is skipped here);
* Luhn-invalid numbers without context; numbers glued to longer runs; amounts;
* 组织机构代码 (GB 11714) on its own: it identifies organisations and is public.
"""

from __future__ import annotations

import re

from ...lazyre import lazy_regex
from ...models import Severity
from ..base import Candidate
from .common import (
    LEFT,
    RIGHT,
    Scan,
    Window,
    followed_by_unit,
    id_check_char,
    in_url_path,
    labels,
    luhn_ok,
    pii_candidate,
    uscc_check_ok,
)
from .id_card import region_status, valid_date
from .settings import IdentifierSettings

CARD = re.compile(LEFT + r"(?P<n>[1-9][0-9]{3,5}(?:[ \-]?[0-9]{1,6}){1,5})" + RIGHT)
ACCOUNT = lazy_regex(LEFT + r"(?P<n>[0-9]{4,}+(?:[ \-][0-9]{2,}+){0,7})" + RIGHT)
r"""Runs of digits joined by single separators.  Each run is taken whole (possessive ``++``):
the earlier ``[0-9]{4,}(?:[ \-]?[0-9]{2,}){0,7}`` could split one run in exponentially many
ways and took 11 s on ``账号：`` + 56 digits + ``A`` (issue 11 A.4).  A split inside a run can
never end before the :data:`RIGHT` boundary anyway, so the matches are the same
(``tests/fuzz/test_redos.py`` compares both on generated inputs)."""
USCC = re.compile(
    r"(?<![0-9A-Za-z])(?P<n>[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}[0-9]{6}"
    r"[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10})(?![0-9A-Za-z])"
)
_SEP = re.compile(r"[ \-]")
_BIN_PREFIXES = ("62", "60", "4", "5", "35", "37")
_ACCOUNT_LABEL_GAP = 12
_HOLDER_LINES = 3
"""How many lines above an account its holder's name may stand (户名 / 开户行 / 账号)."""
"""An account number counts only this close after its label (``账号：``)."""


def _regular_groups(raw: str) -> bool:
    """Card numbers are written bare, in fours, or as a 6-digit BIN plus the rest."""
    groups = _SEP.split(raw)
    if len(groups) == 1:
        return True
    if all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4:
        return True
    return len(groups) == 2 and len(groups[0]) == 6


class CardFinder:
    def __init__(self, settings: IdentifierSettings) -> None:
        self.s = settings
        self.policy = settings.mask_policy
        self.units = tuple(settings.amount_units)
        labels_ = sorted({x for x in settings.account_holder_labels if x}, key=len, reverse=True)
        # The value after a holder label: after a colon, or glued to the label (户名某某中心).
        # A label followed by bare whitespace is a table header (户名  开户银行  账号), whose
        # next cell is another label, not a holder.
        self.holder_re = (
            re.compile(
                r"(?:" + "|".join(re.escape(x) for x in labels_) + r")"
                r"(?:\s*[:：]\s*|(?=[^\s:：]))(?P<name>[^\s:：,，。;；|]{1,40})"
            )
            if labels_
            else None
        )
        self.org_end = (
            re.compile(
                r"(?:" + "|".join(re.escape(x) for x in settings.institution_suffixes) + r")"
                r"(?:[(（][^()（）]{0,20}[)）])?$"
            )
            if settings.institution_suffixes
            else None
        )

    def find(self, scan: Scan) -> list[Candidate]:
        out = self._cards(scan)
        taken = {(c.start, c.end) for c in out}
        out.extend(self._accounts(scan, taken))
        out.extend(self._credit_codes(scan))
        return out

    def _cards(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        out: list[Candidate] = []
        before, after = self.s.context_before, self.s.context_after
        for m in scan.finditer(CARD, 15):
            raw = m.group("n")
            digits = _SEP.sub("", raw)
            n = len(digits)
            if not 15 <= n <= 19 or not _regular_groups(raw):
                continue
            if n == 18 and id_check_char(digits[:17]) == digits[17] and valid_date(
                digits[6:14], self.s.id_year_min
            ):
                continue  # an ID number: the ID finder owns it
            a, b = m.span()
            if followed_by_unit(text, b, self.units) or in_url_path(text, a):
                continue
            has_ctx, negated = labels(scan, "bank_card", a, b, before, after)
            if negated:
                continue
            bin_ok = digits.startswith(_BIN_PREFIXES)
            luhn = luhn_ok(digits)
            if n == 15 and not has_ctx:
                continue
            if luhn and bin_ok and has_ctx and self._org_holder(scan, a):
                sev, conf, msg = (
                    Severity.INFO, 0.6,
                    "单位结算卡/账户：户名为单位，单位收款账户通常可以公开，请确认户名为单位",
                )
            elif luhn and bin_ok and has_ctx:
                sev, conf, msg = (
                    Severity.BLOCK, 0.95, "银行卡号：属于个人金融账户信息，公开前须去标识化",
                )
            elif luhn and bin_ok:
                sev, conf, msg = (
                    Severity.REVIEW, 0.6, "疑似银行卡号（通过Luhn校验，无上下文），请核实",
                )
            elif has_ctx and (bin_ok or luhn):
                sev, conf, msg = (
                    Severity.REVIEW, 0.45, "卡号旁的号码（未通过Luhn校验，部分银行卡如此），请核实",
                )
            else:
                continue
            out.append(
                pii_candidate(
                    rule_id="pii.bank_card", category="bank_card", severity=sev, start=a, end=b,
                    value=digits, message=msg, confidence=conf, policy=self.policy,
                )
            )
        return out

    def _accounts(self, scan: Scan, taken: set[tuple[int, int]]) -> list[Candidate]:
        """Non-card accounts: 8–30 digits right after an account label."""
        if scan.context.complete and not scan.context.ends.get("bank_account"):
            return []
        text = scan.text
        out: list[Candidate] = []
        for w in scan.windows_with(8):
            if scan.context.nearest_before("bank_account", w.start, _ACCOUNT_LABEL_GAP) is None:
                continue
            out.extend(self._account(scan, w, taken, text))
        return out

    def _account(
        self, scan: Scan, w: Window, taken: set[tuple[int, int]], text: str
    ) -> list[Candidate]:
        out: list[Candidate] = []
        for m in ACCOUNT.finditer(text, w.start, w.endpos):
            a, b = m.span()
            if (a, b) in taken:
                continue
            digits = _SEP.sub("", m.group("n"))
            if not 8 <= len(digits) <= 30:
                continue
            if scan.context.nearest_before("bank_account", a, _ACCOUNT_LABEL_GAP) is None:
                continue
            if self._negated(scan, a):
                continue
            if self._org_holder(scan, a):
                sev, conf, msg = (
                    Severity.INFO, 0.6, "单位银行账户：单位收款账户通常可以公开，请确认户名为单位",
                )
            else:
                sev, conf, msg = (
                    Severity.REVIEW, 0.6, "银行账号：如为个人账户，属于个人金融信息，须去标识化",
                )
            out.append(
                pii_candidate(
                    rule_id="pii.bank_account", category="bank_card", severity=sev, start=a,
                    end=b, value=digits, message=msg, confidence=conf, policy=self.policy,
                )
            )
        return out

    def _with_owner(self, scan: Scan, a: int) -> bool:
        """Does the record of the code at ``a`` (its line and the next three) name a person by an
        ID label or personal-attribute words (经营者：王某，身份证号：…)?"""
        doc = scan.doc
        lines = doc.view_lines()
        li = doc.view_line_index(a)
        s = lines[li][0]
        e = lines[min(len(lines) - 1, li + 3)][1]
        ctx = scan.context
        return ctx.any_in("id_card", s, e) or ctx.any_in("person_list", s, e)

    def _org_holder(self, scan: Scan, a: int) -> bool:
        """Is the account at view position ``a`` held by an organisation?

        The nearest holder label before the number decides, looked up on its line and up to
        :data:`_HOLDER_LINES` lines above (stopping at a blank line, which ends the record)."""
        if self.holder_re is None or self.org_end is None:
            return False
        doc = scan.doc
        lines = doc.view_lines()
        li = doc.view_line_index(a)
        start = lines[li][0]
        for k in range(li - 1, max(-1, li - 1 - _HOLDER_LINES), -1):
            la, lb = lines[k]
            if not scan.text[la:lb].strip():
                break
            start = la
        last = None
        for last in self.holder_re.finditer(scan.text, start, a):  # noqa: B007 (the last wins)
            pass
        return last is not None and self.org_end.search(last.group("name")) is not None

    def _negated(self, scan: Scan, a: int) -> bool:
        neg = scan.context.nearest_before("negative", a, _ACCOUNT_LABEL_GAP)
        pos = scan.context.nearest_before("bank_account", a, _ACCOUNT_LABEL_GAP)
        return neg is not None and (pos is None or neg < pos)

    def _credit_codes(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        n = len(text)
        out: list[Candidate] = []
        seen: set[int] = set()
        for w in scan.windows_with(6):
            # A code is 18 characters of which at least the region field is digits: a bare
            # digit run shorter than 18 can only be one when letters touch it.
            if w.digits < 18 and not (
                # a letter inside or at either edge of the window (…658X: the run keeps an
                # ID-style check letter)
                text[w.end - 1].isalpha()
                or (w.end < n and text[w.end].isascii() and text[w.end].isalpha())
                or (w.start > 0 and text[w.start - 1].isascii() and text[w.start - 1].isalpha())
            ):
                continue
            s = max(0, w.start - 2)
            e = min(n, max(w.end, w.start + 18) + 1)
            for m in USCC.finditer(text, s, e):
                a, b = m.span()
                if a in seen or (b == e and e < n):
                    continue
                raw = m.group("n")
                if not uscc_check_ok(raw.upper()):
                    continue  # most candidates (ID numbers, serials) fail the check character
                if not _uscc_region_ok(raw[2:8]):
                    continue  # 1 in 31 serials pass the check by chance; few name a real region
                if labels(scan, "credit_code", a, b, self.s.context_before, 0)[1]:
                    continue  # 流水号, 订单号 …: a serial that happens to pass
                # Imported here: python-stdnum pulls in ssl and pydoc (~17 ms of start-up) and
                # most documents never reach a credit-code candidate.
                from stdnum.cn import uscc

                if not uscc.is_valid(raw.upper()):
                    continue
                seen.add(a)
                lower = raw != raw.upper()
                personal = raw.startswith("92")
                sev = Severity.INFO
                msg = "统一社会信用代码（机构登记信息，通常可以公开）"
                if personal:
                    msg = "统一社会信用代码（个体工商户，可关联到经营者个人）"
                    if self._with_owner(scan, a):
                        # cn-formats §3.3: with the owner's name and ID it identifies a person.
                        sev = Severity.REVIEW
                        msg = ("个体工商户统一社会信用代码与经营者身份信息同时出现，"
                               "可识别到个人，请核实是否需要公开")
                out.append(
                    pii_candidate(
                        rule_id="pii.credit_code", category="credit_code",
                        severity=sev, start=a, end=b, value=raw, message=msg,
                        confidence=0.6 if lower else 0.95, policy=self.policy,
                    )
                )
        return out


def _uscc_region_ok(code: str) -> bool:
    """Characters 3–8 of a credit code: the registering authority's GB/T 2260 division, or
    ``100000`` for national-level registrations."""
    if code == "100000":
        return True
    if not code.isdigit():
        return False
    return region_status(code) == "known"
