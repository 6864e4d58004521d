"""normalize() with the ``identity`` lever off and on, alternately in one run (issue 17).

    python benchmarks/normalize_lever.py                 # ../shared/realtext/clean, 7 rounds
    python benchmarks/normalize_lever.py --folder DIR --rounds 11

Each round times one pass over every text with the lever off, then one with it on (the order
swaps every round so that neither side always runs second).  A pass is what check() asks of
normalization: normalize(), the view's lines and the line/column of one original position.
Both sides' outputs are compared first: a speed-up that changes the views is a bug.  Prints the
best and median ms of each side, M chars/s and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from realtext import REALTEXT, read_texts

from baomi_check import levers
from baomi_check.normalize import Normalized, PinyinPolicy, normalize


def one_pass(docs: list[str], policy: PinyinPolicy) -> list[Normalized]:
    out = []
    for text in docs:
        doc = normalize(text, policy)
        doc.view_lines()
        doc.line_col(len(text) // 2)
        out.append(doc)
    return out


def outputs(docs: list[Normalized]) -> list[tuple[object, ...]]:
    return [(d.text, d.terms, d.pinyin, d.view_lines(), d.map.span(0, len(d.text)),
             [d.map.start(v) for v in range(0, len(d.text), 101)],
             [d.terms_map.start(v) for v in range(0, len(d.terms), 101)]) for d in docs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=REALTEXT)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    docs = read_texts(args.folder)
    chars = sum(map(len, docs))
    policy = PinyinPolicy()
    with levers.override(identity=False):
        plain = outputs(one_pass(docs, policy))
    with levers.override(identity=True):
        fast = outputs(one_pass(docs, policy))
    if plain != fast:
        print("the lever changes normalize()'s output: a bug in the fast path", file=sys.stderr)
        return 1
    times: dict[bool, list[float]] = {False: [], True: []}
    for r in range(args.rounds):
        for on in ((False, True) if r % 2 == 0 else (True, False)):
            with levers.override(identity=on):
                t0 = time.perf_counter()
                one_pass(docs, policy)
                times[on].append(time.perf_counter() - t0)
    print(f"{len(docs)} texts, {chars:,} characters, {args.rounds} alternating rounds")
    print("| identity lever | best ms | median ms | M chars/s (median) |")
    print("|---|---:|---:|---:|")
    for on in (False, True):
        med = statistics.median(times[on])
        print(f"| {'on' if on else 'off'} | {min(times[on]) * 1000:.1f} | {med * 1000:.1f} "
              f"| {chars / med / 1e6:.1f} |")
    ratio = statistics.median(times[False]) / statistics.median(times[True])
    print(f"\nspeed-up (median off / median on): {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
