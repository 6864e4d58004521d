"""Already-masked ID and mobile numbers (cn-formats §5.5): not leaks, unless masked badly.

A masked value (``138****5678``, ``110101********0011``, ``11*************011``) is what a
reviewer wants to see, so it is never reported as a leak.  Two things about masks are reported:

* ``pii.mask_noncompliant`` (review): the mask shows positions the configured policy hides,
  e.g. ``1101011880****0011`` exposes the birth year under the default 6+4 policy.
* ``pii.inconsistent_mask``: two *different* masks in one document that agree wherever both
  show a digit, so they can be the same number, and together show more than either.  A reader
  combines ``110101********0011`` and ``11010118800101****`` into the whole number; the 南都
  investigation cited in cn-formats §5.5 describes exactly this recombination across sites.
  Severity ``block`` when the pair is unambiguous (each mask has only that one partner) and
  the union leaves at most two ID digits (≈10 candidates after the check digit) or one mobile
  digit hidden: publishing both is then equivalent to publishing the number.  Otherwise
  ``review``: the masks still leak more than intended (e.g. a birth date), or several people
  share the visible digits and the pairing is a guess.

Deliberately misses: masks with fewer than three visible digits (nothing to recombine),
separated mask runs in bank cards (a card's last 4 digits are all any mask shows), and masks
in different documents (the batch layer sees several documents; this detector sees one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ...mask import MaskPolicy, _keep
from ...models import Category, Severity, masked_kind_category
from ..base import Candidate
from .common import (
    LEFT,
    MASK_CHARS,
    RIGHT,
    Scan,
    Window,
    column_header,
    labels,
    pii_candidate,
)
from .settings import IdentifierSettings

_NO_MASK_BEFORE = r"(?<![*×●#■○])"
_NO_MASK_AFTER = r"(?![*×●#■○])"
# A masked value never starts or ends next to another mask character: ``6222020200******0``
# (a card) must not be read as a 15-character ID ending inside its mask.
MASKED_ID = re.compile(
    LEFT + _NO_MASK_BEFORE + r"(?P<v>[0-9][0-9Xx*×●#■○]{14}(?:[0-9Xx*×●#■○]{3})?)"
    + RIGHT + _NO_MASK_AFTER
)
MASKED_MOBILE = re.compile(
    LEFT + _NO_MASK_BEFORE
    + r"(?P<v>1[3-9][0-9*×●#■○](?P<s>[ \-]?)[0-9*×●#■○]{4}(?P=s)[0-9*×●#■○]{4})"
    + RIGHT + _NO_MASK_AFTER
)
MASKED_CARD = re.compile(
    LEFT + _NO_MASK_BEFORE + r"(?P<v>[0-9*×●#■○](?:[ \-]?[0-9*×●#■○]){12,22})"
    + RIGHT + _NO_MASK_AFTER
)
"""A card or account number with masked digits (13–19 symbols, spaces or dashes between groups),
read as one only next to a bank-card label: the same shape is an ID number elsewhere."""
_CARD_BIN = 6
"""Leading digits (the issuer's BIN) a published card number may show besides its last ones
(cn-formats §5.5: keep the last 4, optionally the first 6)."""
_MASK = MASK_CHARS
MASKED_VALUES = "masked_values"
"""Key of ``Normalized.derived`` under which the masked values of a document are left, in view
offsets, for the engine to keep with the report (cross-document comparison in a batch)."""


@dataclass(frozen=True)
class MaskedValue:
    kind: str
    """``id18``, ``id15``, ``mobile`` or ``card``."""
    start: int
    end: int
    visible: tuple[tuple[int, str], ...]
    """``(position, character)`` for every shown character."""
    length: int

    @cached_property
    def positions(self) -> frozenset[int]:
        """Asked for again and again when masks are grouped and compared: computed once."""
        return frozenset(p for p, _ in self.visible)

    @property
    def category(self) -> Category:
        return masked_kind_category(self.kind)


def parse_id(value: str) -> tuple[tuple[int, str], ...] | None:
    """Visible characters of a masked 15/18-character ID, or ``None`` if it is not masked."""
    visible: list[tuple[int, str]] = []
    hidden = 0
    last = len(value) - 1
    for i, ch in enumerate(value):
        is_mask = ch in _MASK or (
            ch in "Xx" and (i != last or (i > 0 and (value[i - 1] in _MASK + "Xx")))
        )
        if is_mask:
            hidden += 1
        else:
            visible.append((i, "X" if ch == "x" else ch))
    if hidden < 4 or len(visible) < 3:
        return None
    return tuple(visible)


def parse_card(value: str) -> tuple[tuple[tuple[int, str], ...], int] | None:
    """Visible digits and length (separators dropped) of a masked 13–19 digit card number."""
    chars = [c for c in value if c not in " -"]
    if not 13 <= len(chars) <= 19:
        return None
    visible = tuple((i, c) for i, c in enumerate(chars) if c not in _MASK)
    if len(chars) - len(visible) < 4 or not visible:
        return None
    return visible, len(chars)


def parse_mobile(value: str) -> tuple[tuple[int, str], ...] | None:
    chars = [c for c in value if c not in " -"]
    visible = tuple((i, c) for i, c in enumerate(chars) if c not in _MASK)
    if len(chars) != 11 or len(chars) - len(visible) < 3:
        return None
    return visible


def _within(pattern: re.Pattern[str], text: str, windows: list[Window]) -> Iterator[re.Match[str]]:
    for w in windows:
        yield from pattern.finditer(text, w.start, w.endpos)


class MaskedFinder:
    def __init__(self, settings: IdentifierSettings) -> None:
        self.policy: MaskPolicy = settings.mask_policy
        self.context_before = settings.context_before

        self._allowed: dict[tuple[str, int], frozenset[int]] = {}

    def policy_positions(self, kind: str, length: int) -> frozenset[int]:
        got = self._allowed.get((kind, length))
        if got is None:
            policy = self.policy
            if kind == "card":
                rule = policy.bank_card
                head = max(rule.head, _CARD_BIN)
            else:
                rule = {"id18": policy.id18, "id15": policy.id15}.get(kind, policy.mobile)
                head = rule.head
            got = self._allowed[(kind, length)] = frozenset(_keep(length, head, rule.tail))
        return got

    def collect(self, scan: Scan) -> list[MaskedValue]:
        text = scan.text
        found = self._cards(scan, text)
        claimed = [(c.start, c.end) for c in found]
        # A masked ID or mobile lies inside one cluster, and that cluster holds its mask
        # characters (or ``XX``): only those clusters are searched.
        windows = [w for w in scan.windows if w.masked]
        if not windows:
            return found
        for m in _within(MASKED_ID, text, windows):
            if any(a < m.end() and m.start() < b for a, b in claimed):
                continue
            v = m.group("v")
            if len(v) not in (15, 18) or not any(c in _MASK or c in "Xx" for c in v):
                continue
            if labels(scan, "id_card", m.start(), m.end(), self.context_before, 0)[1]:
                continue  # 证书编号, 订单号 …: a masked serial, not a masked ID
            vis = parse_id(v)
            if vis is not None:
                found.append(MaskedValue("id18" if len(v) == 18 else "id15",
                                         m.start(), m.end(), vis, len(v)))
        for m in _within(MASKED_MOBILE, text, windows):
            if any(a < m.end() and m.start() < b for a, b in claimed):
                continue
            vis = parse_mobile(m.group("v"))
            if vis is not None:
                found.append(MaskedValue("mobile", m.start(), m.end(), vis, 11))
        return found

    def _cards(self, scan: Scan, text: str) -> list[MaskedValue]:
        """Masked numbers next to a bank-card label (nearer than any ID label).

        A card masked from the front (``************0000``) is a number cluster only from its
        first digit on, so each cluster is searched from the mask characters before it."""
        out: list[MaskedValue] = []
        ctx = scan.context
        if ctx.complete and not ctx.ends.get("bank_card"):
            return out  # (a lazy index cannot tell; each masked cluster asks about its own)
        for w in scan.windows:
            s = w.start
            while s > 0 and (text[s - 1] in _MASK or text[s - 1] in " -"):
                s -= 1
            if s == w.start and not w.masked:
                continue
            for m in MASKED_CARD.finditer(text, s, w.endpos):
                c = self._card(scan, m)
                if c is not None:
                    out.append(c)
        return out

    def _card(self, scan: Scan, m: re.Match[str]) -> MaskedValue | None:
        ctx = scan.context
        a, b = m.span()
        has_card, negated = labels(scan, "bank_card", a, b, self.context_before, 0)
        if not has_card or negated:
            return None  # no card label, or 订单号/流水号 …: a masked serial
        if column_header(scan, a) is None:
            # Outside a table the nearest label decides: 身份证号 closer than 卡号 is an ID.
            card = ctx.nearest_before("bank_card", a, self.context_before)
            ident = ctx.nearest_before("id_card", a, self.context_before)
            if ident is not None and (card is None or ident <= card):
                return None
        vis = parse_card(m.group("v"))
        if vis is None:
            return None
        return MaskedValue("card", a, b, vis[0], vis[1])

    def find(self, scan: Scan) -> list[Candidate]:
        values = self.collect(scan)
        scan.masked_values = values
        scan.masked = [(v.start, v.end, v.category) for v in values]
        # Inconsistent pairs first: on a tie in the resolver the earlier candidate wins, and
        # "recombinable" says more than "non-compliant" about the same mask.
        out = self._inconsistent(scan, values)
        out.extend(c for v in values if (c := self._noncompliant(v)) is not None)
        return out

    def _shown(self, v: MaskedValue) -> str:
        chars = [self.policy.mask_char] * v.length
        for p, c in v.visible:
            chars[p] = c
        return "".join(chars)

    def _noncompliant(self, v: MaskedValue) -> Candidate | None:
        allowed = self.policy_positions(v.kind, v.length)
        extra = v.positions - allowed
        if not extra:
            return None
        if v.kind == "mobile":
            what = "手机号码中间位"
        elif v.kind == "card":
            what = "银行卡号中间位"
        elif extra & set(range(6, 14 if v.length == 18 else 12)):
            what = "出生日期"
        else:
            what = "顺序码"
        keep = dict(v.visible)
        suggestion = "".join(
            keep.get(i, self.policy.mask_char) if i in allowed else self.policy.mask_char
            for i in range(v.length)
        )
        cand = pii_candidate(
            rule_id="pii.mask_noncompliant", category=v.category, severity=Severity.REVIEW,
            start=v.start, end=v.end, value=self._shown(v),
            message=f"遮蔽不符合脱敏规则：露出了{what}，应按统一规则遮蔽",
            confidence=0.8, policy=self.policy, priority_key="masked", masked=self._shown(v),
        )
        cand.suggestion = suggestion
        return cand

    def _inconsistent(self, scan: Scan, values: list[MaskedValue]) -> list[Candidate]:
        """Pairs of different masks that can be one number.

        Linear in the number of masked values: values are grouped by mask pattern and each
        value is looked up, by the digits both patterns show, in an index of the other
        pattern.  A lookup with exactly one partner (both ways) is a pairing a reader can make
        with confidence; a lookup with several partners (a roster in which many people share
        the visible digits) is reported once per pair of patterns, not once per person."""
        groups: dict[tuple[str, int], dict[frozenset[int], list[MaskedValue]]] = {}
        for v in values:
            groups.setdefault((v.kind, v.length), {}).setdefault(v.positions, []).append(v)
        out: list[Candidate] = []
        for patterns in groups.values():
            keys = list(patterns)
            for i, p in enumerate(keys):
                for q in keys[i + 1 :]:
                    if p <= q or q <= p:
                        continue  # one shows nothing the other does not
                    out.extend(self._pattern_pair(scan, patterns[p], patterns[q], p & q))
        return out

    def _pattern_pair(
        self, scan: Scan, ps: list[MaskedValue], qs: list[MaskedValue], inter: frozenset[int]
    ) -> list[Candidate]:
        keys = sorted(inter)

        def key(v: MaskedValue) -> tuple[str, ...]:
            d = dict(v.visible)
            return tuple(d[k] for k in keys)

        p_index: dict[tuple[str, ...], list[MaskedValue]] = {}
        for v in ps:
            p_index.setdefault(key(v), []).append(v)
        q_index: dict[tuple[str, ...], list[MaskedValue]] = {}
        for v in qs:
            q_index.setdefault(key(v), []).append(v)
        out: list[Candidate] = []
        ambiguous: MaskedValue | None = None
        ambiguous_partner: MaskedValue | None = None
        for k, q_bucket in q_index.items():
            p_bucket = p_index.get(k)
            if not p_bucket:
                continue
            if len(p_bucket) == 1 and len(q_bucket) == 1:
                v, w = p_bucket[0], q_bucket[0]
                later, earlier = (v, w) if v.start > w.start else (w, v)
                out.append(self._pair(scan, later, earlier, unique=True))
                continue
            # Several people share these digits: report the mixed masking once.
            later = max(p_bucket[0], q_bucket[0], key=lambda x: x.start)
            earlier = min(p_bucket[0], q_bucket[0], key=lambda x: x.start)
            if ambiguous is None or later.start < ambiguous.start:
                ambiguous, ambiguous_partner = later, earlier
        if ambiguous is not None and ambiguous_partner is not None:
            out.append(self._pair(scan, ambiguous, ambiguous_partner, unique=False))
        return out

    def recombine(
        self, kind: str, length: int, a: Iterable[tuple[int, str]], b: Iterable[tuple[int, str]]
    ) -> tuple[bool, str, str]:
        """``(recombines, suggestion, wording)`` for two masks of one number: whether together
        they reveal all but a digit or two, the policy-compliant mask of what they show, and the
        message tail.  Shared by the in-document and the cross-file (``crossdoc``) pairing."""
        union = dict(a)
        union.update(dict(b))
        recombines = length - len(union) <= (1 if kind == "mobile" else 2)
        allowed = self.policy_positions(kind, length)
        mask = self.policy.mask_char
        suggestion = "".join(union.get(i, mask) if i in allowed else mask for i in range(length))
        what = {"mobile": "手机号码", "card": "银行卡号"}.get(kind, "身份证号码")
        tail = "，两处合并可还原完整号码" if recombines else "，两处合并会露出更多位数"
        return recombines, suggestion, what + "遮蔽方式不同，可能是同一号码" + tail

    def _pair(self, scan: Scan, v: MaskedValue, w: MaskedValue, unique: bool) -> Candidate:
        recombines, suggestion, wording = self.recombine(v.kind, v.length, w.visible, v.visible)
        sev = Severity.BLOCK if unique and recombines else Severity.REVIEW
        line, _ = scan.doc.line_col(scan.doc.to_original(w.start, w.end)[0])
        cand = pii_candidate(
            rule_id="pii.inconsistent_mask", category=v.category, severity=sev,
            start=v.start, end=v.end, value=self._shown(v),
            message=f"与第{line}行的{wording}；请统一遮蔽规则",
            confidence=0.85 if unique else 0.6, policy=self.policy, priority_key="masked",
            masked=self._shown(v),
        )
        cand.suggestion = suggestion
        return cand
