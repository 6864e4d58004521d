"""The term automaton's hits from the Rust ``aho-corasick`` crate (lever ``term_scan``).

Why (issue 17): ``pyahocorasick`` looks every character up among the children of its current
node one by one; with two thousand keys starting with ~570 different characters that is a few
hundred nanoseconds per character, on text that almost never holds a term.  ``ahocorasick-rs``
(already a dependency of the pattern rules) compiles the same keys into an automaton whose
transitions are table lookups and scans the term view an order of magnitude faster.  Building
it takes a few tens of milliseconds, so the term detector switches to it once it has scanned enough
text to pay for that (``terms.SCAN_AFTER_CHARS``); the ``pyahocorasick`` automaton stays the
reference and the path for small runs, and the one for text the Rust side cannot take (lone
surrogates, which have no UTF-8 form).

:meth:`TermScanner.scan` returns exactly ``list(automaton.iter(view))``: every occurrence of
every key (overlapping, standard match semantics), the automaton's own values, ordered by end
and, at one end, longest first — the order of ``pyahocorasick``'s output links.
"""

from __future__ import annotations

from collections.abc import Iterable

DFA_MAX_KEYS = 5_000
"""Up to this many keys the scanner is a DFA (the built-in pack: ~7 MB, ~18 ms to build,
a third faster than the crate's default); beyond, the crate's default automaton (a DFA for
20,000 keys would take ~100 MB)."""

Value = tuple[int, tuple[tuple[str, int], ...]]
"""The automaton's value of a key: its length and its ``(kind, term index)`` entries."""


class TermScanner:
    """The keys of a term automaton (and a few probe words) in ``ahocorasick-rs``."""

    def __init__(self, items: Iterable[tuple[str, Value]], probes: Iterable[str] = ()) -> None:
        """``items``: the automaton's keys and values.  ``probes``: further words whose mere
        presence :meth:`scan` reports (the spam detector's draw words), found in the same
        pass instead of another scan of the document."""
        import ahocorasick_rs

        entries = [(k, v) for k, v in items if k]
        probe_set = {p for p in probes if p}
        keys = [k for k, _ in entries]
        keys += sorted(probe_set - set(keys))
        self._values: list[Value | None] = [v for _, v in entries]
        self._values += [None] * (len(keys) - len(entries))
        self._probes = frozenset(i for i, k in enumerate(keys) if k in probe_set)
        dfa = ahocorasick_rs.Implementation.DFA if len(keys) <= DFA_MAX_KEYS else None
        self._ac = ahocorasick_rs.AhoCorasick(keys, implementation=dfa) if keys else None

    def iter(self, view: str) -> list[tuple[int, Value]]:
        """``list(automaton.iter(view))`` for the automaton these keys came from."""
        return self.scan(view)[0]

    def scan(self, view: str) -> tuple[list[tuple[int, Value]], bool]:
        """:meth:`iter`, and whether one of the probe words occurs in ``view``.

        Raises ``UnicodeEncodeError`` for a view with lone surrogates."""
        if self._ac is None or not view:
            return [], False
        values, probes = self._values, self._probes
        out: list[tuple[int, Value]] = []
        probed = False
        # The Rust side reads a str through its UTF-8 form, which CPython then keeps on the
        # str object for as long as the document lives (3 bytes a character more): it reads a
        # transient copy instead (a memcpy; freed with its UTF-8 form right after).
        half = len(view) // 2
        text = view[:half] + view[half:] if half else view
        for i, _start, end in self._ac.find_matches_as_indexes(text, overlapping=True):
            if i in probes:
                probed = True
            v = values[i]
            if v is not None:
                out.append((end - 1, v))
        if len(out) > 1:
            # pyahocorasick reports by end position and, at one end, along its output links:
            # longest key first.  Two keys with the same end and length are the same key.
            out.sort(key=lambda r: (r[0], -r[1][0]))
        return out, probed
