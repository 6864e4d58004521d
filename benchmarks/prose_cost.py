"""What the prose personal-information detector costs, as a share of a whole ``check()``.

The detector (``detectors/prose.py``) runs on every document, so its price is paid on clean text
above all.  Measured in one run, on the same texts, as CPU time (``time.process_time``, best of
``--repeat``), because this machine is shared and wall time is noise:

* ``check()`` with every default detector;
* ``check()`` without the prose detector;
* the prose detector alone, on documents already normalized.

Texts: the seeded benchmark corpus (``corpus_gen.generate``) plus, when present, the real clean
texts of ``../shared/realtext/clean``.  Prints the three times and two ratios.

    python benchmarks/prose_cost.py [--docs 800] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_gen import generate  # noqa: E402

from baomi_check import Checker  # noqa: E402
from baomi_check.detectors import DEFAULT_DETECTORS  # noqa: E402
from baomi_check.normalize import normalize  # noqa: E402

REALTEXT = HERE.parent.parent / "shared" / "realtext" / "clean"


def _best(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()  # type: ignore[operator]
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=800)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    texts = [d.text for d in generate(args.docs)]
    if REALTEXT.is_dir():
        texts += [f.read_text("utf-8") for f in sorted(REALTEXT.glob("*.txt"))]
    full = Checker.default()
    without = Checker(full.pack, full.config,
                      [d for d in DEFAULT_DETECTORS if d.__name__ != "ProsePersonalDetector"])
    prose = next(d for d in full.detectors if d.name == "prose_personal")
    docs = [normalize(t) for t in texts]
    for c in (full, without):  # warm up: lazy patterns, jieba buckets
        for t in texts[:20]:
            c.check(t)
    t_full = _best(lambda: [full.check(t) for t in texts], args.repeat)
    t_without = _best(lambda: [without.check(t) for t in texts], args.repeat)
    t_alone = _best(lambda: [prose.detect(d) for d in docs], args.repeat)
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars} characters (CPU seconds, best of {args.repeat})")
    print(f"check() with every detector   {t_full:.3f} s")
    print(f"check() without prose          {t_without:.3f} s")
    print(f"prose detector alone           {t_alone:.3f} s")
    print(f"prose alone / full check()     {t_alone / t_full:.3f}")
    print(f"full / without                 {t_full / t_without:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
