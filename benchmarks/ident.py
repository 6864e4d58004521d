"""The identifier detector with and without the ``anchors`` lever, alternately (issue 17).

    python benchmarks/ident.py                  # ../shared/realtext/clean, 7 rounds
    python benchmarks/ident.py --folder DIR --rounds 5

Each text is normalized and run through the detectors before ``identifiers`` once (so the
table index and other shared caches are where ``check()`` would have them); then every round
times the identifier detector over all texts with the lever off, then on.  Prints the best and
median ms of each and the ratio of the medians: on a shared machine only the ratio measured in
the same run means anything.  Times are this process's CPU time (``time.process_time``), which
the other processes of a busy machine disturb much less than wall-clock time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from realtext import REALTEXT, read_texts

from baomi_check import Checker, levers
from baomi_check.detectors.identifiers import IdentifierDetector
from baomi_check.normalize import Normalized, normalize


def prepared(checker: Checker, texts: list[str]) -> tuple[IdentifierDetector, list[Normalized]]:
    det = next(d for d in checker.detectors if isinstance(d, IdentifierDetector))
    docs = []
    for text in texts:
        doc = normalize(text, checker._pinyin)
        doc.derived["input_kind"] = "text"
        for d in checker.detectors:
            if d is det:
                break
            d.detect(doc)
        docs.append(doc)
    return det, docs


def once(det: IdentifierDetector, docs: list[Normalized], anchors: bool) -> float:
    with levers.override(anchors=anchors):
        t0 = time.process_time()
        for doc in docs:
            det.detect(doc)
        return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=REALTEXT)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    texts = read_texts(args.folder)
    det, docs = prepared(Checker.default(), texts)
    for anchors in (False, True):  # warm-up
        once(det, docs, anchors)
    off: list[float] = []
    on: list[float] = []
    for _ in range(args.rounds):
        off.append(once(det, docs, False))
        on.append(once(det, docs, True))
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars:,} characters, {args.rounds} alternating rounds")
    print("| identifiers detect(), CPU time | best ms | median ms |")
    print("|---|---:|---:|")
    for name, ts in (("anchors off", off), ("anchors on", on)):
        print(f"| {name} | {min(ts) * 1000:.1f} | {statistics.median(ts) * 1000:.1f} |")
    print(f"\nspeed-up (median off / median on): {statistics.median(off) / statistics.median(on):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
