"""What the broad spam vocabulary costs (issue 13): pack size, build time and throughput, before
and after, measured in one run.

    python benchmarks/spam_pack.py           # ~1 minute on 2 cores
    python benchmarks/spam_pack.py --quick

*Before* is the built-in pack without the split vocabulary files (``rules/spam_*.yaml``): the
curated core of ``rules/spam.yaml`` that the pack had before the vocabulary was grown.  *After*
is the built-in pack.  Both are built in this process with the on-disk cache off, so the build
time is the real work (YAML + validation, then normalizing every term and building the
Aho–Corasick automaton); throughput is ``check()`` over the seeded benchmark corpus
(``corpus_gen``) and, when present, over the real clean government texts of
``../shared/realtext/clean``.  Ratios are after/before from the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ["BAOMI_CHECK_NO_CACHE"] = "1"  # measure the build, not a pickle load

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

from baomi_check import Checker  # noqa: E402
from baomi_check.detectors.terms import _compile  # noqa: E402
from baomi_check.rulepack import builtin_rules_dir, load_pack  # noqa: E402

REALTEXT = HERE.parent.parent / "shared" / "realtext" / "clean"


def _rules_before(tmp: Path) -> Path:
    out = tmp / "rules"
    shutil.copytree(builtin_rules_dir(), out)
    for p in out.glob("spam_*.yaml"):
        p.unlink()
    return out


def _build(rules: Path) -> tuple[dict[str, float], Checker]:
    files = sorted(q for q in rules.rglob("*.yaml"))
    t0 = time.perf_counter()
    pack = load_pack(rules)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    _compile(pack.terms)
    t_auto = time.perf_counter() - t0
    return {
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "terms": len(pack.terms),
        "spam_terms": sum(1 for t in pack.terms if t.category == "spam"),
        "load_s": t_load,
        "automaton_s": t_auto,
    }, Checker(pack)


def _throughput(checkers: dict[str, Checker], docs: list[str], reps: int) -> dict[str, float]:
    """Best-of-``reps`` chars/s per checker, the checkers timed in turn within each repetition
    so that a change of load on the shared machine hits both alike."""
    for c in checkers.values():
        for d in docs:
            c.check(d)  # one untimed pass: jieba's dictionary and the lazy regexes load once
    chars = sum(len(d) for d in docs)
    best = dict.fromkeys(checkers, float("inf"))
    for _ in range(reps):
        for name, c in checkers.items():
            t0 = time.perf_counter()
            for d in docs:
                c.check(d)
            best[name] = min(best[name], time.perf_counter() - t0)
    return {name: chars / t for name, t in best.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    n_docs, reps = (60, 1) if args.quick else (400, 3)
    corpora = {"corpus_gen": [d.text for d in corpus_gen.generate(n_docs, 20240607)]}
    if REALTEXT.is_dir():
        corpora["realtext"] = [p.read_text(encoding="utf-8", errors="replace")
                               for p in sorted(REALTEXT.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        before_rules = _rules_before(Path(tmp))
        # Warm-up, untimed: pydantic's validators and the fold tables are built once per
        # process and would otherwise be charged to whichever pack is measured first.
        _compile(load_pack(before_rules).terms)
        b, before = _build(before_rules)
        a, after = _build(builtin_rules_dir())
    print("| | before | after | after/before |")
    print("|---|---:|---:|---:|")
    for key, label, fmt in (("files", "rule files", "{:.0f}"), ("bytes", "pack bytes", "{:.0f}"),
                            ("terms", "terms (all packs)", "{:.0f}"),
                            ("spam_terms", "spam terms", "{:.0f}"),
                            ("load_s", "load + validate (s)", "{:.3f}"),
                            ("automaton_s", "normalize terms + build automaton (s)", "{:.3f}")):
        print(f"| {label} | {fmt.format(b[key])} | {fmt.format(a[key])} | {a[key] / b[key]:.2f} |")
    for name, docs in corpora.items():
        r = _throughput({"before": before, "after": after}, docs, reps)
        chars = sum(len(d) for d in docs)
        print(f"| check() throughput, {name} ({chars:,} chars), M chars/s | "
              f"{r['before'] / 1e6:.3f} | {r['after'] / 1e6:.3f} | {r['after'] / r['before']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
