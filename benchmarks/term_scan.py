"""The term and spam detectors with lever ``term_scan`` on and off, alternately in one run.

    python benchmarks/term_scan.py                  # ../shared/realtext/clean, 7 rounds
    python benchmarks/term_scan.py --folder DIR --rounds 5

Each round times ``detect()`` of the term detector and of the spam structure detector over every
text (normalized once beforehand, as ``check()`` does), first with the lever on and then off, or
the other way round on odd rounds, so that load on a shared machine hits both sides alike.
Prints the best and the median of each side and their ratio.  The plain side is
``pyahocorasick`` walking every character; the fast side is the Rust automaton
(``detectors/term_dfa.py``) and the lottery pre-check.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from realtext import REALTEXT, read_texts

from baomi_check import Checker, levers
from baomi_check.normalize import Normalized, normalize


def one_pass(checker: Checker, docs: list[str], names: tuple[str, ...]) -> dict[str, float]:
    dets = [d for d in checker.detectors if d.name in names]
    normalized: list[Normalized] = []
    for text in docs:
        doc = normalize(text, checker._pinyin)
        doc.derived["input_kind"] = "text"
        normalized.append(doc)
    out = dict.fromkeys(names, 0.0)
    for doc in normalized:
        for det in dets:  # engine order: the spam detector reuses the term detector's hits
            t0 = time.perf_counter()
            det.detect(doc)
            out[det.name] += time.perf_counter() - t0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=REALTEXT)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    docs = read_texts(args.folder)
    chars = sum(map(len, docs))
    checker = Checker.default()
    names = ("terms", "spam")
    for d in docs:  # warm-up: jieba, lazy regexes, the fast term scanner
        checker.check(d, timeout=None)
    times: dict[bool, dict[str, list[float]]] = {on: {n: [] for n in names} for on in (True, False)}
    for r in range(args.rounds):
        for on in ((True, False) if r % 2 == 0 else (False, True)):
            with levers.override(term_scan=on):
                for n, v in one_pass(checker, docs, names).items():
                    times[on][n].append(v)
    print(f"{len(docs)} texts, {chars:,} characters, {args.rounds} alternating rounds")
    print("| detector | term_scan off: best / median ms | on: best / median ms | speed-up (median) |")
    print("|---|---:|---:|---:|")
    for n in (*names, "terms+spam"):
        def series(on: bool, n: str = n) -> list[float]:
            if n == "terms+spam":
                return [a + b for a, b in zip(times[on]["terms"], times[on]["spam"], strict=True)]
            return times[on][n]
        off, on = series(False), series(True)
        print(f"| {n} | {min(off) * 1000:.1f} / {statistics.median(off) * 1000:.1f} "
              f"| {min(on) * 1000:.1f} / {statistics.median(on) * 1000:.1f} "
              f"| {statistics.median(off) / statistics.median(on):.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
