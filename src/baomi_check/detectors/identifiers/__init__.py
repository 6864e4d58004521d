"""Personal identifiers: ID numbers, phones, cards, travel documents, plates, mail, IPs.

One detector class runs every identifier check, because they share one pass over the text: the
number-like windows and the context words of :mod:`.common` are found once per document and
handed to each finder (:mod:`.id_card`, :mod:`.phones`, :mod:`.cards`, :mod:`.documents`,
:mod:`.others`, :mod:`.masked`).  Separate detector classes would repeat that pass per class.

All candidates share the overlap group ``pii`` with priorities id_card > credit_code >
bank_card > mobile_phone > landline (others below), carry the masked value as ``masked`` and
``suggestion`` (:mod:`baomi_check.mask`), and never put the raw value in a message.

After the finders run, mobile numbers that are part of a list of people are raised to block
(see :mod:`.phones`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import ClassVar

from ...config import CheckConfig
from ...models import Severity
from ...normalize import Normalized
from ...rulepack import RulePack
from ..base import Candidate
from .cards import CardFinder
from .common import _TABLE_ROWS_UP, ContextMatcher, Scan, scan
from .documents import DocumentFinder
from .id_card import IdCardFinder
from .masked import MASKED_VALUES, MaskedFinder
from .others import OtherFinder
from .phones import PhoneFinder
from .settings import IdentifierSettings, load_settings

__all__ = ["IdentifierDetector", "IdentifierSettings"]

_CELL_SPLIT = re.compile(r"\t| {2,}")
"""Table cells once a table is flattened to text: tabs, or runs of spaces (the view turns the
full-width spaces of 公示名单 into plain ones)."""

_RECORD_CATEGORIES = {"id_card", "bank_card", "travel_document"}
"""Identifiers that, on the same line as a mobile, make the line a record about a person."""


class IdentifierDetector:
    name: ClassVar[str] = "identifiers"

    def __init__(self, settings: IdentifierSettings) -> None:
        self.settings = settings
        self.matcher = ContextMatcher(settings.context)
        self.masked = MaskedFinder(settings)
        self.finders = [
            IdCardFinder(settings),
            CardFinder(settings),
            PhoneFinder(settings),
            DocumentFinder(settings),
            OtherFinder(settings),
        ]

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> IdentifierDetector:
        return cls(load_settings(pack))

    def detect(self, doc: Normalized) -> list[Candidate]:
        sc = scan(doc, self.matcher)
        out = self.masked.find(sc)
        doc.derived[MASKED_VALUES] = sc.masked_values
        for finder in self.finders:
            out.extend(finder.find(sc))
        self._escalate_lists(sc, out)
        return out

    def _escalate_lists(self, sc: Scan, cands: list[Candidate]) -> None:
        """Mobile numbers in lists of people are ``block``.

        A line is a record about a person when it also carries another identifier (an ID, a
        card or a passport number, masked or not) or at least two personal-attribute words
        (姓名, 住址, 户主 …), or is a row of a table whose header row names such attributes.
        A document with ``mobile_list_min_lines`` or more lines carrying personal mobiles is
        itself a list of people (a 公示名单, a roster)."""
        mobiles = [c for c in cands if c.rule_id == "pii.mobile_phone"]
        if not mobiles:
            return
        doc = sc.doc
        record_lines: set[int] = set()
        for c in cands:
            # Only identifiers strong enough to block on their own make a line a record:
            # a shape-only card number (review) next to a phone is two serials, not a person.
            if c.category in _RECORD_CATEGORIES and c.severity is Severity.BLOCK:
                record_lines.add(doc.view_line_index(c.start))
        for a, _b, cat in sc.masked:
            if cat == "id_card":
                record_lines.add(doc.view_line_index(a))
        mobile_lines = {doc.view_line_index(c.start) for c in mobiles}
        roster = len(mobile_lines) >= self.settings.mobile_list_min_lines
        person_words = list(
            zip(sc.context.starts.get("person_list", []), sc.context.ends.get("person_list", []),
                strict=True)
        )
        for c in mobiles:
            li = doc.view_line_index(c.start)
            reason = None
            if li in record_lines:
                reason = "与身份证、银行卡等其他个人信息同行出现（个人信息名单）"
            elif roster:
                reason = f"文档中有{len(mobile_lines)}行含个人手机号码（人员名单）"
            elif self._under_person_table_header(sc, li):
                reason = "位于含姓名、性别等列的人员表格中（个人信息名单）"
            elif person_words:
                la, lb = doc.view_lines()[li]
                words = {sc.text[s:e] for s, e in person_words if la <= s < lb}
                if len(words) >= 2:
                    reason = "与姓名、住址等个人信息同行出现（个人信息名单）"
            if reason is not None:
                c.severity = Severity.BLOCK
                c.message = f"个人手机号码{reason}：公开前须去标识化"
                c.confidence = max(c.confidence, 0.9)

    def _under_person_table_header(self, sc: Scan, li: int) -> bool:
        """Is view line ``li`` a row of a table whose header names people's attributes?

        A 公示名单 of a few people carries 姓名 and 性别 once, in the header row, not on each row
        with the mobile.  The row must itself be table-shaped (several cells), the header must
        be a row of cells of which at least two are person words (姓名, 性别, 住址 …), and only
        non-blank rows may stand between them: a sentence about 姓名、性别 above a contact line
        is not a header."""
        doc = sc.doc
        lines = doc.view_lines()
        text = sc.text
        la, lb = lines[li]
        if len(_CELL_SPLIT.split(text[la:lb].strip())) < 2:
            return False
        words = sc.context.starts.get("person_list", [])
        ends = sc.context.ends.get("person_list", [])
        for k in range(li - 1, max(-1, li - 1 - _TABLE_ROWS_UP), -1):
            ha, hb = lines[k]
            row = text[ha:hb].strip()
            if not row:
                return False
            cells = [c.strip() for c in _CELL_SPLIT.split(row) if c.strip()]
            if len(cells) < 3 or any(ch.isdigit() for ch in row):
                continue
            i, j = bisect_left(words, ha), bisect_left(words, hb)
            found = {text[s:e] for s, e in zip(words[i:j], ends[i:j], strict=True)}
            if sum(1 for c in cells if any(w in c for w in found)) >= 2:
                return True
        return False
