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
from ..tables import Row, Vocabulary
from .cards import CardFinder
from .common import ContextMatcher, Scan, digits_only, scan
from .documents import DocumentFinder
from .id_card import IdCardFinder
from .masked import MASKED_VALUES, MaskedFinder
from .others import OtherFinder
from .phones import PhoneFinder
from .settings import IdentifierSettings, load_settings

__all__ = ["IdentifierDetector", "IdentifierSettings"]

_UNIT_TABLES = ("positions", "directory")
"""Table kinds whose rows are units' entries, not people."""
_UNIT_CONTACT = {
    "positions": "招聘岗位表中用人单位公开的咨询电话：通常可以公开；"
    "如为个人手机，宜改为单位办公电话",
    "directory": "单位名录中单位公开的联系电话：通常可以公开；如为个人手机，宜改为单位办公电话",
}
_PAIR_GAP = 8
"""At most this many characters between a name and its mobile (a label such as 手机：)."""
_PAIR_FILL = re.compile(
    r"[\s:：,，、\-—(（]*(?:(?:联系)?(?:电话|手机)(?:号码?)?|Tel|TEL|tel)?[\s:：\-—]*"
)
"""What may stand between a name and its mobile in a list: separators, a phone label."""
_PAIR_SEP = re.compile(
    r"[)）]?[\s;；,，、/|。.]{1,4}(?:[0-9]{1,3}[.、．)）]|[(（][0-9]{1,3}[)）])?[\s]*"
)
"""What may stand between one name–number pair and the next: separators, a line break, an
item number."""
_LABEL_LOOKBACK = 12
_LABEL_GAP = " \t\u3000:：,，、\n\r"

_RECORD_CATEGORIES = {"id_card", "bank_card", "travel_document"}
"""Identifiers that, on the same line as a mobile, make the line a record about a person."""


class IdentifierDetector:
    name: ClassVar[str] = "identifiers"

    def __init__(self, settings: IdentifierSettings, tables: Vocabulary) -> None:
        self.settings = settings
        self.tables = tables
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
        return cls(load_settings(pack), Vocabulary.build(pack))

    def detect(self, doc: Normalized) -> list[Candidate]:
        sc = scan(doc, self.matcher, self.tables.index(doc))
        out = self.masked.find(sc)
        doc.derived[MASKED_VALUES] = sc.masked_values
        for finder in self.finders:
            out.extend(finder.find(sc))
        self._escalate_lists(sc, out)
        return out

    def _escalate_lists(self, sc: Scan, cands: list[Candidate]) -> None:
        """Mobile numbers in lists of people are ``block``; the units' own numbers in position
        tables and unit directories are ``info``.

        What a mobile's line is decides (tables through the one table model, :mod:`..tables`):

        * a line that also carries another identifier strong enough to block (an ID, a card or
          a passport number, masked or not) is a record about a person: block;
        * a row of a **roster** (a table whose columns name people's attributes, or whose cells
          are mostly names) is a record about a person: block;
        * a row of a **position table** or a **unit directory** is a unit's entry: its number is
          the unit's published contact (``info``) when the row names a unit, the number repeats
          on other rows or it stands in the contact column; else ``review``.  Never counted
          towards a list of people;
        * names followed by their mobiles, several in a row (``王小明 139…；李红 136…``), without
          a contact label before them (联系人：…), are a list of people: block;
        * a document with ``mobile_list_min_lines`` or more lines carrying personal mobiles is
          itself a list of people (a 公示名单).  A number on several lines is a unit's (a person
          is listed once), and a line naming a unit and no listed person is a unit's contact
          line: neither counts;
        * a line with two personal-attribute words (姓名, 住址 …): block."""
        mobiles = [c for c in cands if c.rule_id == "pii.mobile_phone"]
        if not mobiles:
            return
        doc = sc.doc
        text = sc.text
        tables = sc.tables
        record_lines: set[int] = set()
        for c in cands:
            # Only identifiers strong enough to block on their own make a line a record:
            # a shape-only card number (review) next to a phone is two serials, not a person.
            if c.category in _RECORD_CATEGORIES and c.severity is Severity.BLOCK:
                record_lines.add(doc.view_line_index(c.start))
        for a, _b, cat in sc.masked:
            if cat == "id_card":
                record_lines.add(doc.view_line_index(a))
        line_of = {id(c): doc.view_line_index(c.start) for c in mobiles}
        number_lines: dict[str, set[int]] = {}
        for c in mobiles:
            number_lines.setdefault(_number(text, c), set()).add(line_of[id(c)])
        rows = {id(c): (tables.row(line_of[id(c)]) if tables is not None else None)
                for c in mobiles}
        personal: set[int] = set()
        # Per line, not per number: a single-line export holds thousands of numbers on one
        # line, and re-reading the whole line for each was quadratic (issue 11 A.5).
        unit_lines: dict[int, bool] = {}
        for c in mobiles:
            li, row = line_of[id(c)], rows[id(c)]
            if row is not None and row.table.kind in _UNIT_TABLES:
                continue
            if len(number_lines[_number(text, c)]) >= 2:
                continue
            if row is None:
                if li not in unit_lines:
                    unit_lines[li] = self._unit_line(sc, li)
                if unit_lines[li]:
                    continue
            personal.add(li)
        roster = len(personal) >= self.settings.mobile_list_min_lines
        listed = self._name_lists(sc, mobiles, rows)
        if not sc.context.complete:
            lines = doc.view_lines()
            for li in set(line_of.values()):
                sc.context.cover(*lines[li])
        person_words = list(
            zip(sc.context.starts.get("person_list", []), sc.context.ends.get("person_list", []),
                strict=True)
        )
        person_words.sort()
        word_starts = [s for s, _e in person_words]
        words_on_line: dict[int, int] = {}
        for c in mobiles:
            li, row = line_of[id(c)], rows[id(c)]
            reason = None
            if li in record_lines:
                reason = "与身份证、银行卡等其他个人信息同行出现（个人信息名单）"
            elif row is not None and row.table.kind == "roster":
                reason = "位于列出人员（姓名、身份证号等列）的表格中（个人信息名单）"
            elif row is not None and row.table.kind in _UNIT_TABLES:
                if self._unit_contact(sc, c, row, len(number_lines[_number(text, c)])):
                    c.severity = Severity.INFO
                    c.message = _UNIT_CONTACT[row.table.kind]
                continue
            elif id(c) in listed:
                reason = "与姓名成串列出（人员名单）"
            elif roster and li in personal:
                reason = f"文档中有{len(personal)}行含个人手机号码（人员名单）"
            elif person_words:
                if li not in words_on_line:
                    la, lb = doc.view_lines()[li]
                    first = bisect_left(word_starts, la)
                    last = bisect_left(word_starts, lb)
                    words_on_line[li] = len({text[s:e] for s, e in person_words[first:last]})
                if words_on_line[li] >= 2:
                    reason = "与姓名、住址等个人信息同行出现（个人信息名单）"
            if reason is not None:
                c.severity = Severity.BLOCK
                c.message = f"个人手机号码{reason}：公开前须去标识化"
                c.confidence = max(c.confidence, 0.9)

    def _unit_contact(self, sc: Scan, c: Candidate, row: Row, lines: int) -> bool:
        """Is a mobile on a row of a position table or unit directory the unit's contact?"""
        assert sc.tables is not None
        if lines >= 2 or sc.tables.names_unit(row):
            return True
        col = row.column(c.start)
        cell = row.header_cell(col) if col is not None else None
        return cell is not None and cell[0] in row.table.contact_columns

    def _unit_line(self, sc: Scan, li: int) -> bool:
        """A line of prose naming a unit and no listed person (a name after 联系人： is the
        unit's contact, not a listed person)."""
        vocab = self.tables
        la, lb = sc.doc.view_lines()[li]
        line = sc.text[la:lb]
        if not any(w in line for w in vocab.unit_words):
            return False
        return not any(
            not self._after_label(sc.text, s, la) for s, _e in vocab.names.find(sc.text, la, lb)
        )

    def _after_label(self, text: str, s: int, floor: int) -> bool:
        """Does a contact label (联系人, 咨询电话 …) end right before position ``s``?"""
        before = text[max(floor, s - _LABEL_LOOKBACK) : s].rstrip(_LABEL_GAP)
        return before.endswith(self.tables.contact_labels)

    def _name_lists(
        self, sc: Scan, mobiles: list[Candidate], rows: dict[int, Row | None]
    ) -> set[int]:
        """``id`` of the mobiles in unlabelled lists of names and numbers
        (``王小明 13900000000；李红 13600000000``): at least ``name_list_min_pairs`` pairs of a
        name and the mobile right after it, one after the other with only separators between,
        and no contact label before the first name."""
        text = sc.text
        vocab = self.tables
        pairs: list[tuple[int, int, Candidate]] = []  # (name start, name end, mobile)
        prev_end = 0
        for c in sorted(mobiles, key=lambda c: c.start):
            row = rows[id(c)]
            if row is not None and row.table.kind in _UNIT_TABLES:
                prev_end = c.end
                continue
            floor = max(prev_end, c.start - _PAIR_GAP - 4)
            name = None
            for s, e in vocab.names.find(text, floor, c.start):
                if _PAIR_FILL.fullmatch(text, e, c.start):
                    name = (s, e)
            if name is not None:
                pairs.append((name[0], name[1], c))
            prev_end = c.end
        out: set[int] = set()
        chain: list[tuple[int, int, Candidate]] = []

        def close() -> None:
            if len(chain) < vocab.settings.name_list_min_pairs:
                return
            names = {text[s:e] for s, e, _c in chain}
            numbers = {_number(text, c) for _s, _e, c in chain}
            if len(names) < len(chain) or len(numbers) < len(chain):
                return
            first = chain[0][0]
            if self._after_label(text, first, max(0, first - _LABEL_LOOKBACK)):
                return
            out.update(id(c) for _s, _e, c in chain)

        for p in pairs:
            if chain and not _PAIR_SEP.fullmatch(text, chain[-1][2].end, p[0]):
                close()
                chain = []
            chain.append(p)
        close()
        return out


def _number(text: str, c: Candidate) -> str:
    """The 11 digits of a mobile candidate (country code dropped)."""
    return digits_only(text[c.start : c.end])[-11:]
