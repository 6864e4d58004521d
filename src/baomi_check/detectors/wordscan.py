"""Every occurrence of a set of words, found by one compiled scan for their rarest characters.

The prose detector needs all places where one of a few dozen words occurs (患, 诊断, 服刑 …).
An Aho–Corasick automaton (pyahocorasick) takes a transition at every character, ~45 M chars/s
on the real texts; a plain alternation ``患|诊断|…`` is tried by ``re`` at every position holding
the first character of some word, and first characters of Chinese words are common ones (小学,
年级, 出家: 小, 年, 出).

So each word is anchored on its least common character (:func:`baomi_check.charfreq.rank`) and
the alternation is written from there, the part before it checked by a look-behind::

    刑(?<=服刑)|级(?<=年级)|患|诊断|…

``re`` then skips, in C, every position whose character is no anchor, and rejects most anchor
hits in C too.  What the scan returns is exact, whatever anchors are chosen: every occurrence
of every word, overlapping ones included (:meth:`WordScan.occurrences`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from ..charfreq import rank
from ..lazyre import lazy_re

V = TypeVar("V")


class WordScan(Generic[V]):
    """The occurrences of ``words`` (each with a value) in a text."""

    def __init__(self, words: Iterable[tuple[str, V]]) -> None:
        self._by_anchor: dict[str, list[tuple[int, str, V]]] = {}
        alts: list[str] = []
        for word, value in words:
            if not word:
                continue
            k = min(range(len(word)), key=lambda i: (-rank(word[i]), i))
            self._by_anchor.setdefault(word[k], []).append((k, word, value))
            behind = f"(?<={re.escape(word[:k + 1])})" if k else ""
            alts.append(re.escape(word[k]) + behind + re.escape(word[k + 1:]))
        self._scan = lazy_re("|".join(sorted(set(alts)))) if alts else None

    def any(self, text: str) -> bool:
        """Does any word occur in ``text``?  (An occurrence's anchor is a match of the scan,
        unless an earlier match covers it; either way the scan matches.)"""
        return self._scan is not None and self._scan.search(text) is not None

    def occurrences(self, text: str) -> Iterator[tuple[int, int, V]]:
        """``(start, end, value)`` of every occurrence of every word, in no particular order.

        The scan's matches do not overlap, so an occurrence whose anchor lies inside another
        match (现居住: 现居 and 居住) is not a match itself; every anchor position inside each
        match is therefore checked against every word anchored on its character.  Any other
        anchor position of an occurrence is where the scan, trying every position it has not
        consumed, finds a match."""
        if self._scan is None:
            return
        by_anchor = self._by_anchor
        for m in self._scan.finditer(text):
            p, e = m.span()
            for q in range(p, e):
                for k, word, value in by_anchor.get(text[q], ()):
                    s = q - k
                    if s >= 0 and text.startswith(word, s):
                        yield s, s + len(word), value
