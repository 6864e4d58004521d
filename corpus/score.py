"""Score ``check()`` against the labelled corpus: per-category precision, recall, F1 and verdict
accuracy, with a gate from ``thresholds.toml``.

Matching rule (what "right" means here):

* An **expected item** is a category plus an exact substring of the case text, at a known offset
  (``start``; without it, the k-th occurrence for the k-th item with the same text).
* A **finding** is *correct* when some expected item of the *same category* overlaps it: the two
  character spans share at least one character.  Equal spans are the common case; overlap lets
  ``（0755）2345678`` match an expected ``0755）2345678`` and a whole hidden ``<div>`` match the
  anchor inside it, without rewarding a finding in the wrong category.
* An expected item is *found* when at least one finding of the same category overlaps it.
* precision = correct findings / all findings of the category; recall = found items / expected
  items of the category; F1 their harmonic mean.  Every finding counts, ``info`` ones included
  (an office landline is an ``info`` finding and is labelled as such).
* verdict accuracy = cases whose report verdict equals the labelled verdict / all cases.
* A repeated finding (``count`` > 1: the same evidence under the same rule, reported once with
  every place in ``occurrences``) is scored place by place, as the separate findings it stands
  for: it covers every expected item any of its occurrences overlaps, and each occurrence is
  correct or not on its own.  Corpora written before repeats were grouped score identically.

The gate: every category with at least ``min_support`` expected items must reach the precision
and recall thresholds, and verdict accuracy must reach its threshold.  Categories below the
support are printed but not gated (too few items to mean anything).

When the real clean texts are present (``--realtext DIR``, default ``../shared/realtext/clean``
next to the repository), their findings per 100k characters are printed as information, and any
``block`` verdict there fails the run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from baomi_check import Checker
from baomi_check.models import CATEGORIES, Finding, expand_findings

HERE = Path(__file__).resolve().parent
DEFAULT_REALTEXT = HERE.parent.parent / "shared" / "realtext" / "clean"


@dataclass
class Tally:
    expected: int = 0
    found: int = 0
    findings: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Result:
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    cases: int = 0
    verdict_ok: int = 0
    misses: list[str] = field(default_factory=list)
    chars: int = 0
    seconds: float = 0.0

    @property
    def verdict_accuracy(self) -> float:
        return self.verdict_ok / self.cases if self.cases else 1.0


def load_cases(folder: Path = HERE) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for f in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                case = json.loads(line)
                case.setdefault("_where", f"{f.name}:{n}")
                cases.append(case)
    return cases


def expected_spans(case: dict[str, Any]) -> list[tuple[str, int, int]]:
    """``(category, start, end)`` of every expected item, checked against the text."""
    text: str = case["text"]
    seen: Counter[str] = Counter()
    out: list[tuple[str, int, int]] = []
    for e in case["expected"]:
        sub: str = e["text"]
        if "start" in e:
            a = int(e["start"])
        else:
            a, k = -1, seen[sub]
            for _ in range(k + 1):
                a = text.find(sub, a + 1)
            seen[sub] += 1
        if a < 0 or text[a:a + len(sub)] != sub:
            raise ValueError(f"{case['id']}: expected text {sub!r} not found at its offset")
        out.append((e["category"], a, a + len(sub)))
    return out


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_case(case: dict[str, Any], findings: list[Finding], verdict: str, res: Result) -> None:
    exp = expected_spans(case)
    for cat, a, b in exp:
        t = res.tallies[cat]
        t.expected += 1
        if any(f.category == cat and _overlaps(f.start, f.end, a, b) for f in findings):
            t.found += 1
        else:
            res.misses.append(f"FN {case['id']}: {cat} {case['text'][a:b]!r}")
    for f in findings:
        t = res.tallies[f.category]
        t.findings += 1
        if any(cat == f.category and _overlaps(f.start, f.end, a, b) for cat, a, b in exp):
            t.correct += 1
        else:
            res.misses.append(
                f"FP {case['id']}: {f.category} {f.rule_id} {f.severity.value} {f.text[:60]!r}"
            )
    res.cases += 1
    if verdict == case["verdict"]:
        res.verdict_ok += 1
    else:
        res.misses.append(f"VERDICT {case['id']}: got {verdict}, expected {case['verdict']}")


def _with_terms(checker: Checker, case: dict[str, Any],
                cache: dict[tuple[Any, ...], Checker]) -> Checker:
    """A case may carry a user's keyword list (``"terms": [...]``, ``"terms_severity"``): it is
    checked as ``--terms`` would check it, the list added to the checker's pack."""
    terms = case.get("terms")
    if not terms:
        return checker
    key = (tuple(terms), case.get("terms_severity", "block"))
    got = cache.get(key)
    if got is None:
        from baomi_check.termlist import terms_pack

        got = cache[key] = Checker(checker.pack.extend(terms_pack(terms, key[1])),
                                   checker.config)
    return got


def run(cases: list[dict[str, Any]], checker: Checker | None = None) -> Result:
    checker = checker or Checker.default()
    res = Result()
    t0 = time.perf_counter()
    with_terms: dict[tuple[Any, ...], Checker] = {}
    for case in cases:
        report = _with_terms(checker, case, with_terms).check(case["text"], source=case["id"])
        findings = expand_findings(report.findings)
        for f in findings:  # offsets are sacred: check them while we are here
            assert case["text"][f.start:f.end] == f.text, (case["id"], f)
        res.chars += len(case["text"])
        score_case(case, findings, report.verdict, res)
    res.seconds = time.perf_counter() - t0
    return res


def load_thresholds(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def gate(res: Result, th: dict[str, Any]) -> list[str]:
    """Threshold failures, as messages; empty means the corpus passes."""
    g = th.get("gate", {})
    min_support = int(g.get("min_support", 10))
    failures: list[str] = []
    for cat, t in sorted(res.tallies.items()):
        if t.expected < min_support:
            continue
        over = th.get("category", {}).get(cat, {})
        p_min = float(over.get("precision", g.get("precision", 0.97)))
        r_min = float(over.get("recall", g.get("recall", 0.97)))
        if t.precision < p_min:
            failures.append(f"{cat}: precision {t.precision:.3f} < {p_min}")
        if t.recall < r_min:
            failures.append(f"{cat}: recall {t.recall:.3f} < {r_min}")
    v_min = float(g.get("verdict_accuracy", 0.95))
    if res.verdict_accuracy < v_min:
        failures.append(f"verdict accuracy {res.verdict_accuracy:.3f} < {v_min}")
    return failures


def table(res: Result, min_support: int) -> str:
    order = {c: i for i, c in enumerate(CATEGORIES)}
    rows = [
        "| category | expected | found | findings | correct | precision | recall | F1 | gated |",
        "|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    total = Tally()
    for cat, t in sorted(res.tallies.items(), key=lambda kv: order.get(kv[0], 99)):
        rows.append(
            f"| {cat} | {t.expected} | {t.found} | {t.findings} | {t.correct} | "
            f"{t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} | "
            f"{'yes' if t.expected >= min_support else 'no'} |"
        )
        total.expected += t.expected
        total.found += t.found
        total.findings += t.findings
        total.correct += t.correct
    rows.append(
        f"| **all** | {total.expected} | {total.found} | {total.findings} | {total.correct} | "
        f"{total.precision:.3f} | {total.recall:.3f} | {total.f1:.3f} | |"
    )
    return "\n".join(rows)


def realtext(folder: Path, checker: Checker) -> tuple[str, list[str]]:
    """Findings per 100k characters on real clean texts, and the files that would be blocked."""
    files = sorted(folder.glob("*.txt"))
    chars = 0
    by_cat: Counter[str] = Counter()
    by_sev: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    blocked: list[str] = []
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        chars += len(text)
        r = checker.check(text, source=f.name)
        verdicts[r.verdict] += 1
        if r.verdict == "block":
            blocked.append(f"{f.name}: " + "; ".join(
                f"{x.rule_id} {x.text[:30]!r}" for x in r.blocking))
        for x in r.findings:
            by_cat[x.category] += x.count
            by_sev[x.severity.value] += x.count
    per = 100_000 / chars if chars else 0.0
    total = sum(by_cat.values())
    lines = [
        f"real clean texts: {len(files)} files, {chars} characters, {total} findings "
        f"({total * per:.2f} per 100k characters); verdicts "
        + ", ".join(f"{k} {verdicts[k]}" for k in ("pass", "review", "block")),
    ]
    if by_sev:
        lines.append("  by severity: " + ", ".join(
            f"{k} {by_sev[k]} ({by_sev[k] * per:.2f}/100k)" for k in ("block", "review", "info")
            if by_sev[k]))
        lines.append("  by category: " + ", ".join(
            f"{c} {n} ({n * per:.2f}/100k)" for c, n in by_cat.most_common()))
    return "\n".join(lines), blocked


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score check() on the labelled corpus.")
    ap.add_argument("--corpus", type=Path, default=HERE, help="folder of *.jsonl cases")
    ap.add_argument("--thresholds", type=Path, default=HERE / "thresholds.toml")
    ap.add_argument("--realtext", type=Path, default=DEFAULT_REALTEXT,
                    help="folder of real clean .txt files (skipped when absent)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every false positive, false negative and verdict mismatch")
    args = ap.parse_args(argv)

    th = load_thresholds(args.thresholds)
    min_support = int(th.get("gate", {}).get("min_support", 10))
    checker = Checker.default()
    cases = load_cases(args.corpus)
    res = run(cases, checker)
    clean = sum(1 for c in cases if c["verdict"] == "pass")
    print(f"corpus: {res.cases} cases ({clean} expected to pass), {res.chars} characters, "
          f"checked in {res.seconds:.2f} s")
    print()
    print(table(res, min_support))
    print()
    print(f"verdict accuracy: {res.verdict_ok}/{res.cases} = {res.verdict_accuracy:.3f}")
    if args.verbose and res.misses:
        print()
        print("\n".join(res.misses))
    failures = gate(res, th)
    if args.realtext.is_dir():
        info, blocked = realtext(args.realtext, checker)
        print()
        print(info)
        if blocked and th.get("realtext", {}).get("fail_on_block", True):
            failures.append(f"{len(blocked)} real clean text(s) got a block verdict")
            for b in blocked:
                print("  BLOCK " + b)
    print()
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS: every gated category meets its thresholds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
