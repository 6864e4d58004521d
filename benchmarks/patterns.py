"""The pattern-rule detector with and without the ``combined_patterns`` lever (issue 17).

    python benchmarks/patterns.py                 # ../shared/realtext/clean, 7 rounds
    python benchmarks/patterns.py --folder DIR --rounds 5

Each round prepares every text as check() would up to the pattern rules (normalize, then the
detectors that run before them, untimed: they fill caches such as the view's lines that the
pattern rules would otherwise pay for), then times the pattern detector over all texts with the
lever on and off, in alternating order, each on its own fresh documents (the plain path caches
short lines on the document).  Prints both paths' best and median ms and their ratio, and checks
that both gave the same candidates.  Then the one pass itself: the anchors' spellings found in
the whitespace-free texts by ahocorasick-rs (the DFA the detector uses, over UTF-16) and by
pyahocorasick (the term detector's library), alternately, best of the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from realtext import REALTEXT, read_texts

from baomi_check import Checker, levers
from baomi_check.normalize import Normalized, normalize


def prepared(checker: Checker, docs: list[str]) -> list[Normalized]:
    """The documents as the pattern detector meets them inside check()."""
    out = []
    for text in docs:
        doc = normalize(text, checker._pinyin)
        doc.derived["input_kind"] = "text"
        for det in checker.detectors:
            if det.name == "patterns":
                break
            det.detect(doc)
        out.append(doc)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=REALTEXT)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    docs = read_texts(args.folder)
    checker = Checker.default()
    (det,) = [d for d in checker.detectors if d.name == "patterns"]
    # Time the lever's path itself, for every text: the size thresholds that keep a one-file
    # run on the plain path (no automaton build) are not what this compares.
    from baomi_check.detectors import patterns

    patterns.COMBINED_AFTER_CHARS = patterns.COMBINED_MIN_TEXT = 0
    times: dict[bool, list[float]] = {True: [], False: []}
    found: dict[bool, list[object]] = {}
    for r in range(args.rounds + 1):  # round 0 warms up (compiles, builds the automaton)
        for on in ((True, False) if r % 2 else (False, True)):
            batch = prepared(checker, docs)
            with levers.override(combined_patterns=on):
                t0 = time.perf_counter()
                got = [det.detect(d) for d in batch]
                dt = time.perf_counter() - t0
            if r:
                times[on].append(dt)
            found[on] = got
    if found[True] != found[False]:
        print("candidates differ between the two paths", file=sys.stderr)
        return 1
    chars = sum(map(len, docs))
    print(f"{len(docs)} texts, {chars:,} characters, {args.rounds} alternating rounds")
    print("| pattern rules | best ms | median ms |")
    print("|---|---:|---:|")
    for on, label in ((False, "plain (lever off)"), (True, "combined (lever on)")):
        print(f"| {label} | {min(times[on]) * 1000:.1f} | "
              f"{statistics.median(times[on]) * 1000:.1f} |")
    ratios = [a / b for a, b in zip(times[False], times[True], strict=True)]
    print(f"\nplain / combined per round: median {statistics.median(ratios):.1f}x "
          f"(min {min(ratios):.1f}x, max {max(ratios):.1f}x)")
    automata(det, [d.text for d in batch], args.rounds)
    return 0


def automata(det: object, texts: list[str], rounds: int) -> None:
    """The spelling scan with either Aho-Corasick library, on the same whitespace-free texts."""
    import ahocorasick

    combined = det._combined  # type: ignore[attr-defined]
    rs = combined._automaton
    words = list(combined._words_text)
    py = ahocorasick.Automaton()
    for w in words:
        py.add_word(w, w)
    py.make_automaton()
    flat = ["".join(t.split()) for t in texts]
    units = [f.encode("utf-16-le", "surrogatepass") for f in flat]

    def with_rs() -> int:
        return sum(len(rs.find_matches_as_indexes(u, overlapping=True)) for u in units)

    def with_py() -> int:
        return sum(1 for f in flat for _ in py.iter(f))

    best = {"ahocorasick-rs (DFA, UTF-16)": float("inf"), "pyahocorasick": float("inf")}
    hits = {}
    for _ in range(max(rounds, 1)):
        for name, fn in (("ahocorasick-rs (DFA, UTF-16)", with_rs), ("pyahocorasick", with_py)):
            t0 = time.perf_counter()
            hits[name] = fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    print(f"\n{len(words)} anchor spellings, {sum(map(len, flat)):,} characters without whitespace")
    print("| one pass over all spellings | best ms | hits |")
    print("|---|---:|---:|")
    for name, t in best.items():
        print(f"| {name} | {t * 1000:.2f} | {hits[name]} |")


if __name__ == "__main__":
    raise SystemExit(main())
