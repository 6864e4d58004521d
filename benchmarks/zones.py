"""The ``anchors`` lever on the line, zone and prose detectors: before/after in one run (issue 17).

    python benchmarks/zones.py                 # ../shared/realtext/clean, 7 alternating rounds
    python benchmarks/zones.py --folder DIR --rounds 11

Each round normalizes every text afresh and runs every detector in engine order (as check()
does, so a cache one detector fills for the next is paid where check() pays it), once with the
lever on and once off, alternating which goes first.  Printed per detector of this part
(markings with the header zone, prose_personal, columns, tampering): the best and
median milliseconds over the rounds, both ways, and the ratio of the bests; then the same for
all detectors together, which shows whether work was only moved (the line list that markings no
longer builds is built by the next detector that needs it).  The lever also switches the
identifier detector's own anchors (another part of issue 17); its time is in the total only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from realtext import REALTEXT, read_texts

from baomi_check import Checker, levers
from baomi_check.normalize import normalize

MINE = ("tampering", "markings", "columns", "prose_personal")


def one_pass(checker: Checker, texts: list[str]) -> dict[str, float]:
    t: dict[str, float] = defaultdict(float)
    for text in texts:
        doc = normalize(text, checker._pinyin)
        doc.derived["input_kind"] = "text"
        for det in checker.detectors:
            t0 = time.process_time()
            det.detect(doc)
            dt = time.process_time() - t0
            t[det.name] += dt
            t["all detectors"] += dt
            if det.name in MINE:
                t["this part"] += dt
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=REALTEXT)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    texts = read_texts(args.folder)
    checker = Checker.default()
    for on in (True, False):  # warm-up both ways: jieba, lazy regexes, caches
        with levers.override(anchors=on):
            for text in texts:
                checker.check(text, timeout=None)
    runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    for r in range(args.rounds):
        for on in ((True, False) if r % 2 == 0 else (False, True)):
            with levers.override(anchors=on):
                runs[on].append(one_pass(checker, texts))
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars:,} characters, {args.rounds} alternating rounds")
    print("| stage | on: best ms | on: median | off: best ms | off: median | off/on (best) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in (*MINE, "this part", "all detectors"):
        on = [r.get(name, 0.0) * 1000 for r in runs[True]]
        off = [r.get(name, 0.0) * 1000 for r in runs[False]]
        ratio = min(off) / min(on) if min(on) > 0 else float("inf")
        print(f"| {name} | {min(on):.1f} | {statistics.median(on):.1f} | {min(off):.1f} | "
              f"{statistics.median(off):.1f} | {ratio:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
