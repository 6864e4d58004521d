"""Where check() spends its time, stage by stage, on real clean texts (issue 17).

    python benchmarks/stages.py                      # ../shared/realtext/clean, best of 5
    python benchmarks/stages.py --folder DIR --reps 3
    python benchmarks/stages.py --off anchors,identity   # with some levers switched off

Prints M chars/s of normalize() and of every detector's detect() (run in engine order on the
same normalized document, as check() runs them, so caches one detector fills for the next are
counted where check() pays them), resolve + report, the whole check(), and — when JioNLP is
installed (the ``bench`` extra) — JioNLP's five PII extractors on the same texts in the same run.
A stage's figure is the text's length divided by the stage's time: a stage that takes half of
check()'s time shows twice check()'s rate.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
from collections import defaultdict
from pathlib import Path

from realtext import REALTEXT, read_texts

from baomi_check import Checker, levers
from baomi_check.normalize import normalize

JIONLP = ("extract_id_card", "extract_phone_number", "extract_email", "extract_ip_address",
          "extract_motor_vehicle_licence_plate")


def stage_times(checker: Checker, docs: list[str]) -> dict[str, float]:
    """Seconds per stage for one pass over ``docs``."""
    t: dict[str, float] = defaultdict(float)
    pinyin = checker._pinyin
    for text in docs:
        t0 = time.perf_counter()
        doc = normalize(text, pinyin)
        t["normalize"] += time.perf_counter() - t0
        doc.derived["input_kind"] = "text"
        for det in checker.detectors:
            t1 = time.perf_counter()
            det.detect(doc)
            t[f"detect: {det.name}"] += time.perf_counter() - t1
    return t


def best(fn: object, reps: int) -> float:
    out = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out = min(out, time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=REALTEXT)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--off", default="", help="levers to switch off, comma-separated")
    args = ap.parse_args(argv)
    docs = read_texts(args.folder)
    chars = sum(map(len, docs))
    checker = Checker.default()
    with levers.override(**{n: False for n in args.off.split(",") if n}):
        for d in docs:  # warm-up: jieba, lazy regexes, caches
            checker.check(d, timeout=None)
        per: dict[str, float] = {}
        for _ in range(args.reps):
            for k, v in stage_times(checker, docs).items():
                per[k] = min(per.get(k, float("inf")), v)
        whole = best(lambda: [checker.check(d, timeout=None) for d in docs], args.reps)
    print(f"{len(docs)} texts, {chars:,} characters; levers off: {args.off or 'none'}")
    print("| stage | ms | M chars/s | share of check() |")
    print("|---|---:|---:|---:|")
    for k, v in sorted(per.items(), key=lambda kv: -kv[1]):
        print(f"| {k} | {v * 1000:.1f} | {chars / v / 1e6:.1f} | {v / whole:.0%} |")
    rest = max(0.0, whole - sum(per.values()))  # stage timings are noisy; never negative
    print(f"| resolve, report, rest | {rest * 1000:.1f} | | {rest / whole:.0%} |")
    print(f"| **check()** | {whole * 1000:.1f} | {chars / whole / 1e6:.2f} | 100% |")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp
    except ModuleNotFoundError:
        print("\n(JioNLP not installed: pip install -e '.[bench]' for the side-by-side ratio)")
        return 0
    fns = [getattr(jionlp, n) for n in JIONLP]
    for d in docs[:10]:
        for fn in fns:
            fn(d, detail=True)

    def jio() -> None:
        for d in docs:
            for fn in fns:
                fn(d, detail=True)

    tj = best(jio, args.reps)
    print(f"| JioNLP, 5 PII extractors | {tj * 1000:.1f} | {chars / tj / 1e6:.2f} | |")
    print(f"\ncheck() speed / JioNLP speed = {tj / whole:.2f} (target >= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
