"""Passports and travel permits (cn-formats §3.5), only next to their context words.

Catches, within ``context_before`` characters after (or ``context_after`` before) a word such as
护照, 通行证, 回乡证, 证件号:
* ordinary passports ``E`` + 8 digits, ``E`` + letter (not I/O) + 7 digits, ``G`` + 8 digits,
  very old ``14``/``15`` + 7 digits; service/official/diplomatic ``SE``/``PE``/``DE`` + 7 and
  the legacy ``S``/``P``/``D`` forms; HKSAR ``K`` + 8, MSAR ``MA`` + 7;
* 往来港澳通行证 ``C`` + 8 digits or ``C`` + letter + 7, old ``W`` + 8; 回乡证 ``H``/``M`` + 8
  (+ 2-digit renewal counter); 大陆居民往来台湾通行证 ``L`` + 8;
* 台胞证 numbers (8 digits, optional 2-digit issue count and ``(B)`` office letter) only next
  to 台胞证 / 台湾居民来往大陆通行证;
* a machine-readable passport zone (``P<CHN…``) anywhere.
All are ``block``: a full travel-document number identifies its holder.

Deliberately misses:
* the same shapes without context: ``E00000001`` is also a part number, ``C12345678`` a
  contract number; the brief and cn-formats require context;
* military certificates (``南字第…号``): the shape is shared with many other certificates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...models import Severity
from ..base import Candidate
from .common import LazyContextIndex, Scan, pii_candidate
from .settings import IdentifierSettings

DOC = re.compile(
    r"(?<![0-9A-Za-z])(?P<n>E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}|(?:DE|SE|PE)[0-9]{7}"
    r"|[DSP]\.?[0-9]{7,8}|1[45][0-9]{7}|K[0-9]{8}|MA[0-9]{7}|C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}"
    r"|W[0-9]{8}|[HM][0-9]{8}(?:[0-9]{2})?|L[0-9]{8})(?![0-9A-Za-z])"
)
TAIWAN = re.compile(
    r"(?<![0-9A-Za-z])(?P<n>[0-9]{8}(?:[0-9]{2})?(?:[(（][A-Z][)）])?)(?![0-9A-Za-z])"
)
_LONGEST = 14
"""Longest number any pattern here matches (``00000000 00(B)``)."""
MRZ = re.compile(r"P<CHN[A-Z<]{10,39}")


class DocumentFinder:
    def __init__(self, settings: IdentifierSettings) -> None:
        self.s = settings
        self.policy = settings.mask_policy

    def find(self, scan: Scan) -> list[Candidate]:
        out: list[Candidate] = []
        seen: set[int] = set()
        text = scan.text
        n = len(text)
        ctx = scan.context
        if isinstance(ctx, LazyContextIndex):
            # Every number here holds a run of 7 or more digits, so lies in a window with as
            # many, at most 2 characters before it (``MA``, ``D.``) and 3 after (``(B)``): only
            # the labels this close to a window holding such a number can reach one.
            reach = self.s.context_before + self.s.context_after + _LONGEST + ctx.reach + 1
            for w in scan.windows_with(7):
                lo, hi = max(0, w.start - 3), min(n, w.end + 4)
                if DOC.search(text, lo, hi) or TAIWAN.search(text, lo, hi):
                    ctx.cover(w.start - reach, w.end + reach)
        for key, pattern, conf in (
            ("travel_document", DOC, 0.9),
            ("taiwan_permit", TAIWAN, 0.8),
        ):
            starts = ctx.starts.get(key, [])
            ends = ctx.ends.get(key, [])
            for s_word, e_word in zip(starts, ends, strict=True):
                # The label may follow the number ("E00000001（护照）"): the number must then end
                # within ``context_after`` characters before the label.
                a0 = max(0, s_word - self.s.context_after - _LONGEST)
                b0 = min(n, e_word + self.s.context_before)
                for m in pattern.finditer(text, a0, min(n, b0 + 1)):
                    a, b = m.span()
                    if a in seen or (b > b0 and b < n) or (b < s_word - self.s.context_after):
                        continue
                    seen.add(a)
                    out.append(
                        pii_candidate(
                            rule_id="pii.travel_document", category="travel_document",
                            severity=Severity.BLOCK, start=a, end=b, value=m.group("n"),
                            message="护照或出入境通行证号码：属于个人身份信息，公开前须去标识化",
                            confidence=conf, policy=self.policy,
                        )
                    )
        if scan.anchors is None:
            zones: Iterable[re.Match[str]] = MRZ.finditer(text) if "P<" in text else ()
        else:
            zones = _zones(text, scan.anchors.passports)
        for m in zones:
            out.append(
                pii_candidate(
                    rule_id="pii.travel_document.mrz", category="travel_document",
                    severity=Severity.BLOCK, start=m.start(), end=m.end(), value=m.group(),
                    message="护照机读区（MRZ）：包含持照人姓名和证件号码",
                    confidence=0.9, policy=self.policy,
                )
            )
        return out


def _zones(text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """:data:`MRZ` matches at the anchor pass's ``P<`` positions, as ``finditer`` finds them
    (a zone may hold another ``P<``: positions inside a match are skipped)."""
    end = -1
    for pos in starts:
        if pos >= end:
            m = MRZ.match(text, pos)
            if m is not None:
                end = m.end()
                yield m
