"""The frozen run of issue 17: every finding the engine reported, before the speed work, on the
labelled corpus, the held-out corpus, a seeded benchmark corpus, the captured hijacked page and
the real clean texts.

Why freeze: a speed lever must change *how fast* findings are made, never *which*.  The file
``frozen_findings.json.gz`` was written by the engine as it stood before the levers; the test
next to this module re-runs today's engine on the same inputs and demands the same findings,
offsets, severities, counts and verdicts.  When a deliberate detector change alters findings,
re-freeze on purpose and say so in the commit:

    python tests/speed/frozen.py --write

Nothing personal is stored: rule IDs, offsets and verdicts only (the corpora are synthetic; the
real texts stay in ``../shared/realtext`` and are identified by file name and text digest).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from baomi_check import Checker

ROOT = Path(__file__).resolve().parents[2]
FROZEN = Path(__file__).with_name("frozen_findings.json.gz")
REALTEXT = ROOT.parent / "shared" / "realtext" / "clean"
BENCH_DOCS = 400
"""Documents of the seeded benchmark corpus (``benchmarks/corpus_gen.py``) in the frozen run:
rosters, hijacked pages and Traditional-with-pinyin mirrors the labelled corpus has few of."""


def _load(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, mod)
    spec.loader.exec_module(mod)
    return mod


def inputs() -> Iterator[tuple[str, str, str, tuple[str, ...], str]]:
    """``(set, id, text, user terms, terms severity)`` of every frozen input, in a fixed order.
    The real texts come last and only when ``../shared/realtext`` is present."""
    score = _load(ROOT / "corpus" / "score.py", "_frozen_score")
    for name, folder in (("corpus", ROOT / "corpus"), ("heldout", ROOT / "corpus" / "heldout")):
        for case in score.load_cases(folder):
            yield (name, case["id"], case["text"], tuple(case.get("terms") or ()),
                   case.get("terms_severity", "block"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        corpus_gen = _load(ROOT / "benchmarks" / "corpus_gen.py", "_frozen_corpus_gen")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    for i, doc in enumerate(corpus_gen.generate(BENCH_DOCS, seed=1717)):
        yield "bench", f"bench-{i:04d}", doc.text, (), "block"
    for f in sorted((ROOT / "corpus" / "samples").glob("*.txt")):
        yield "sample", f.name, f.read_text(encoding="utf-8"), (), "block"
    if REALTEXT.is_dir():
        for f in sorted(REALTEXT.glob("*.txt")):
            yield "realtext", f.name, f.read_text(encoding="utf-8", errors="replace"), (), "block"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def run_one(checker: Checker, text: str) -> dict[str, Any]:
    """What must not change: verdict, completeness and every finding with its occurrences."""
    r = checker.check(text, timeout=None)
    findings = []
    for f in r.findings:
        occ = [[o.start, o.end] for o in (f.occurrences or [])]
        findings.append([f.rule_id, f.category, f.severity.value, f.start, f.end, f.count,
                         round(f.confidence, 4), occ])
    return {"verdict": r.verdict, "incomplete": r.incomplete, "findings": findings}


def snapshot(checker: Checker | None = None) -> dict[str, dict[str, Any]]:
    base = checker or Checker.default()
    with_terms: dict[tuple[Any, ...], Checker] = {}
    out: dict[str, dict[str, Any]] = {}
    for kind, key, text, terms, sev in inputs():
        ch = base
        if terms:
            ch = with_terms.get((terms, sev))  # type: ignore[assignment]
            if ch is None:
                from baomi_check.termlist import terms_pack

                ch = with_terms[(terms, sev)] = Checker(
                    base.pack.extend(terms_pack(list(terms), sev)), base.config)
        out[f"{kind}/{key}"] = {"digest": digest(text), **run_one(ch, text)}
    return out


def load_frozen() -> dict[str, dict[str, Any]]:
    with gzip.open(FROZEN, "rt", encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = json.load(fh)
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="re-freeze (a deliberate change only)")
    args = ap.parse_args(argv)
    snap = snapshot()
    if args.write:
        with gzip.GzipFile(FROZEN, "wb", mtime=0) as raw:
            raw.write(json.dumps(snap, ensure_ascii=False, sort_keys=True,
                                 separators=(",", ":")).encode("utf-8"))
        n = sum(len(v["findings"]) for v in snap.values())
        print(f"froze {len(snap)} documents, {n} findings -> {FROZEN.relative_to(ROOT)}")
        return 0
    frozen = load_frozen()
    bad = [k for k, v in snap.items() if frozen.get(k) != v]
    print(f"{len(snap)} documents, {len(bad)} differ from the frozen run")
    for k in bad[:20]:
        print(" ", k)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
