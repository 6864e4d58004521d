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

from typing import ClassVar

from ...config import CheckConfig
from ...models import Severity
from ...normalize import Normalized
from ...rulepack import RulePack
from ..base import Candidate
from .cards import CardFinder
from .common import ContextMatcher, Scan, scan
from .documents import DocumentFinder
from .id_card import IdCardFinder
from .masked import MaskedFinder
from .others import OtherFinder
from .phones import PhoneFinder
from .settings import IdentifierSettings, load_settings

__all__ = ["IdentifierDetector", "IdentifierSettings"]

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
        for finder in self.finders:
            out.extend(finder.find(sc))
        self._escalate_lists(sc, out)
        return out

    def _escalate_lists(self, sc: Scan, cands: list[Candidate]) -> None:
        """Mobile numbers in lists of people are ``block``.

        A line is a record about a person when it also carries another identifier (an ID, a
        card or a passport number, masked or not) or at least two personal-attribute words
        (姓名, 住址, 户主 …).  A document with ``mobile_list_min_lines`` or more lines carrying
        personal mobiles is itself a list of people (a 公示名单, a roster)."""
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
            elif person_words:
                la, lb = doc.view_lines()[li]
                words = {sc.text[s:e] for s, e in person_words if la <= s < lb}
                if len(words) >= 2:
                    reason = "与姓名、住址等个人信息同行出现（个人信息名单）"
            if reason is not None:
                c.severity = Severity.BLOCK
                c.message = f"个人手机号码{reason}：公开前须去标识化"
                c.confidence = max(c.confidence, 0.9)
