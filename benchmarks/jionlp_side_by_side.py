"""baomi_check next to JioNLP's rule extractors, for the identifier categories (issue 7).

    /tmp/jionlp-venv/bin/python benchmarks/jionlp_side_by_side.py     # ~10 s on 2 cores

JioNLP (``pip install -e '.[bench]'``, never a runtime or CI dependency) is the Chinese NLP
toolkit people reach for when they want ID numbers, phone numbers and e-mails out of a text, so
it is the natural yardstick for the question "why not just run JioNLP's regexes?".  One command
prints Markdown tables, every number from this one run:

1. **Accuracy** on the labelled corpus ``corpus/cases.jsonl`` for every category both tools
   cover, scored with ``corpus/score.py``'s own functions (imported, not rewritten) so the
   matching rule is exactly the one the project gates on: a finding is correct when it overlaps
   an expected item of the same category; an item is found when a finding of its category
   overlaps it.  Our team wrote that corpus, so it has a home advantage, and the output says so.
2. **Masked numbers** (``110101********0011``, ``138****0000`` …): a reviewer must not be
   alarmed by identifiers that are already masked, so the masked spans of the corpus and a set of
   synthetic masked vectors in every common style are counted per tool.
3. **False alarms on real clean text** (``/work/shared/realtext/clean``, 84 government texts with
   no private person's data): every identifier finding is a false alarm except landlines and
   e-mails, which government pages legitimately publish as office contacts; those are shown but
   not counted.  Only counts are printed, never the texts.
4. **Speed**: chars/s of JioNLP's extractors run in sequence (as a user would call them) against
   ``check()`` on the seeded benchmark corpus (``corpus_gen.generate``), best of N, as ratios from
   the same run; plus each package's import time in a fresh interpreter.

JioNLP's extractors return ``{'text', 'offset': (start, end), ...}`` with ``detail=True``; the
offsets index the caller's string (JioNLP pads the text with one guard character and subtracts
it again).  They are checked against the text before use, and mismatches are counted.  The
phone extractor tags each hit ``cell_phone`` or ``landline_phone``; those map to our
``mobile_phone`` and ``landline``.  No identifier value is printed: the tables hold counts only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import re
import shlex
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "corpus"))

import corpus_gen  # noqa: E402
import score  # noqa: E402  (corpus/score.py: the project's own matching rule)

from baomi_check import Checker  # noqa: E402
from baomi_check.detectors.identifiers import IdentifierDetector  # noqa: E402
from baomi_check.models import IDENTIFIER_CATEGORIES, Finding, Report, Severity  # noqa: E402

DEFAULT_REALTEXT = ROOT.parent / "shared" / "realtext" / "clean"

JIONLP_EXTRACTORS: dict[str, str | None] = {
    "extract_id_card": "id_card",
    "extract_phone_number": None,  # per hit: 'cell_phone' -> mobile_phone, else landline
    "extract_email": "email",
    "extract_ip_address": "ip_address",
    "extract_motor_vehicle_licence_plate": "license_plate",
}
"""JioNLP's extractors that map onto our identifier categories.  Its QQ, WeChat-ID and URL
extractors have no counterpart category here and are left out of every section."""

SHARED_CATEGORIES: tuple[str, ...] = (
    "id_card", "mobile_phone", "landline", "email", "ip_address", "license_plate",
)
"""Identifier categories both tools cover, in report order."""

JIONLP_LACKS: tuple[str, ...] = tuple(
    c for c in ("bank_card", "travel_document", "credit_code") if c in IDENTIFIER_CATEGORIES
)

NOT_ALARMS_ON_CLEAN_TEXT: frozenset[str] = frozenset({"landline", "email"})
"""Government pages publish office landlines and mailboxes on purpose; on the real clean texts
these are reported but not counted as false alarms (the corpus labels office landlines too)."""

_MASKED_SPAN = re.compile(
    r"(?<![0-9A-Za-z*＊×])[0-9]{1,10}(?:[*＊×]{3,}|[Xx]{4,})[0-9Xx]{0,4}(?![0-9A-Za-z*＊×])"
)
"""A digit run with a run of mask characters in it: how masked ID, phone and card numbers look
in published rosters.  Used only to find the corpus's masked spans (they are not labelled)."""


class DetectorFailed(RuntimeError):
    """A baomi_check detector raised: its findings are missing, so no number here means much."""


class StrictChecker(Checker):
    """``Checker`` that stops the benchmark when a detector fails.

    ``check()`` deliberately survives a detector bug (the report comes back ``incomplete`` with a
    warning), which is right for a reviewer but would quietly turn this comparison into one
    against a crippled tool, e.g. while someone's half-finished edit sits in the working tree."""

    def check(self, text: str, source: str | None = None) -> Report:
        report = super().check(text, source)
        if report.incomplete:
            raise DetectorFailed("; ".join(report.warnings))
        return report


# --- JioNLP as a detector -------------------------------------------------------------------------


def load_jionlp() -> ModuleType | None:
    """Import JioNLP quietly (it prints a banner to stdout on import), or ``None`` if absent."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp
    except ModuleNotFoundError:
        return None
    return jionlp


@dataclass
class JioNLP:
    """JioNLP's extractors behind the same interface as ``check()``: a list of Findings."""

    module: ModuleType
    offset_mismatches: int = 0
    calls: list[tuple[str, Callable[..., list[dict[str, Any]]]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.calls = [(name, getattr(self.module, name)) for name in JIONLP_EXTRACTORS]

    def run_raw(self, text: str) -> None:
        """What a user does: every extractor in turn, with offsets.  Timed as is."""
        for _, fn in self.calls:
            fn(text, detail=True)

    def findings(self, text: str) -> list[Finding]:
        """The extractor hits mapped to our categories, as Findings ``score.py`` can score."""
        out: list[Finding] = []
        for name, fn in self.calls:
            for item in fn(text, detail=True):
                a, b = item["offset"]
                if text[a:b] != item["text"]:
                    self.offset_mismatches += 1
                    continue
                cat = JIONLP_EXTRACTORS[name] or (
                    "mobile_phone" if item.get("type") == "cell_phone" else "landline"
                )
                out.append(Finding.model_construct(
                    rule_id=f"jionlp.{name}", category=cat, severity=Severity.REVIEW,
                    start=a, end=b, text=item["text"], line=1, column=1, message=name,
                ))
        return out


# --- 1. accuracy on the labelled corpus ---------------------------------------------------------


def score_jionlp(cases: list[dict[str, Any]], jio: JioNLP) -> score.Result:
    """``score.run`` for JioNLP: the same ``score_case`` per case.  JioNLP has no verdict, so the
    labelled one is passed through; verdict accuracy is not reported for it."""
    res = score.Result()
    for case in cases:
        res.chars += len(case["text"])
        score.score_case(case, jio.findings(case["text"]), case["verdict"], res)
    return res


def _p(t: score.Tally) -> str:
    return f"{t.precision:.3f}" if t.findings else "n/a"


def _r(t: score.Tally) -> str:
    return f"{t.recall:.3f}" if t.expected else "n/a"


def accuracy_table(ours: score.Result, theirs: score.Result) -> str:
    rows = [
        "| category | expected | baomi findings | baomi P | baomi R "
        "| JioNLP findings | JioNLP P | JioNLP R |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    tot_o, tot_t = score.Tally(), score.Tally()
    for cat in SHARED_CATEGORIES:
        o, t = ours.tallies[cat], theirs.tallies[cat]
        rows.append(f"| {cat} | {o.expected} | {o.findings} | {_p(o)} | {_r(o)} "
                    f"| {t.findings} | {_p(t)} | {_r(t)} |")
        for tot, x in ((tot_o, o), (tot_t, t)):
            tot.expected += x.expected
            tot.found += x.found
            tot.findings += x.findings
            tot.correct += x.correct
    rows.append(f"| **shared, all** | {tot_o.expected} | {tot_o.findings} | {_p(tot_o)} "
                f"| {_r(tot_o)} | {tot_t.findings} | {_p(tot_t)} | {_r(tot_t)} |")
    return "\n".join(rows)


def misses(res: score.Result) -> str:
    """``FP snippet-064 (mobile_phone)``-style list of a tool's errors in the shared categories,
    without the matched values (score.py's miss lines carry them; they are cut off here)."""
    out: list[str] = []
    for line in res.misses:
        kind, _, rest = line.partition(" ")
        if kind not in ("FP", "FN"):
            continue
        case_id, _, detail = rest.partition(": ")
        cat = detail.split(" ", 1)[0]
        if cat in SHARED_CATEGORIES:
            out.append(f"{kind} {case_id} ({cat})")
    return ", ".join(out) or "none"


# --- 2. already-masked numbers ------------------------------------------------------------------


def _mask(value: str, keep_head: int, keep_tail: int, mask: str = "*") -> str:
    tail = len(value) - keep_tail
    return value[:keep_head] + mask * (tail - keep_head) + value[tail:]


def masked_vectors(n: int, seed: int) -> list[tuple[str, bool, list[tuple[str, str]]]]:
    """``(style, compliant, [(sentence, masked value)])``: synthetic numbers (pre-1900 IDs,
    zero-tailed phones and cards, from ``corpus_gen``) masked in the styles published rosters use
    (cn-formats §5.5), each in a labelled sentence so that context-driven detectors get their
    best chance.  The two non-compliant styles leave the birth date readable; baomi_check flags
    those on purpose (``pii.mask_noncompliant``), so they are listed apart."""
    import random

    rng = random.Random(seed)
    ids = [corpus_gen.synthetic_id(rng) for _ in range(n)]
    mobiles = [corpus_gen.synthetic_mobile(rng) for _ in range(n)]
    cards = [corpus_gen.synthetic_card(rng) for _ in range(n)]
    lands = [corpus_gen.synthetic_landline(rng) for _ in range(n)]

    def masked_landline(v: str) -> str:  # area code kept, number masked but its last 4
        area, rest = v.split("-")
        return f"{area}-{'*' * (len(rest) - 4)}{rest[-4:]}"

    def put(template: str, values: Iterable[str]) -> list[tuple[str, str]]:
        return [(template.format(v), v) for v in values]

    id_s = "申请人身份证号码：{}，已审核。"
    tel_s = "联系电话：{}。"
    card_s = "补贴发放银行卡号：{}。"
    return [
        ("ID, first 6 + last 4", True, put(id_s, (_mask(v, 6, 4) for v in ids))),
        ("ID, first 3 + last 4", True, put(id_s, (_mask(v, 3, 4) for v in ids))),
        ("ID, first 2 + last 3", True, put(id_s, (_mask(v, 2, 3) for v in ids))),
        ("ID, first 6 + last 4, masked with X", True,
         put(id_s, (_mask(v, 6, 4, "X") for v in ids))),
        ("mobile, 3 + last 4", True, put(tel_s, (_mask(v, 3, 4) for v in mobiles))),
        ("mobile, 3 + last 4, with spaces", True,
         put(tel_s, (f"{v[:3]} **** {v[-4:]}" for v in mobiles))),
        ("bank card, first 6 + last 4", True, put(card_s, (_mask(v, 6, 4) for v in cards))),
        ("office landline, area code + last 4", True,
         put(tel_s, (masked_landline(v) for v in lands))),
        ("ID, birth year visible (non-compliant)", False,
         put(id_s, (_mask(v, 10, 4) for v in ids))),
        ("ID, birth date visible, last 4 masked (non-compliant)", False,
         put(id_s, (v[:14] + "****" for v in ids))),
    ]


def _flags(findings: Iterable[Finding], a: int, b: int) -> bool:
    return any(f.category in IDENTIFIER_CATEGORIES and f.start < b and a < f.end
               for f in findings)


def masked_table(cases: list[dict[str, Any]], checker: Checker, jio: JioNLP,
                 n: int, seed: int) -> str:
    rows = [
        "| masked form | n | flagged by baomi | flagged by JioNLP |",
        "|---|---:|---:|---:|",
    ]
    spans = 0
    ours = theirs = 0
    for case in cases:
        text = case["text"]
        found = list(_MASKED_SPAN.finditer(text))
        if not found:
            continue
        mine = checker.check(text).findings
        jf = jio.findings(text)
        for m in found:
            spans += 1
            ours += _flags(mine, m.start(), m.end())
            theirs += _flags(jf, m.start(), m.end())
    rows.append(f"| masked spans in corpus/cases.jsonl (unlabelled, all compliant) | {spans} "
                f"| {ours} | {theirs} |")
    for style, compliant, sentences in masked_vectors(n, seed):
        ours = theirs = 0
        for s, value in sentences:
            a = s.index(value)
            ours += _flags(checker.check(s).findings, a, a + len(value))
            theirs += _flags(jio.findings(s), a, a + len(value))
        note = "" if compliant else " — flagging intended"
        rows.append(f"| synthetic: {style}{note} | {len(sentences)} | {ours} | {theirs} |")
    return "\n".join(rows)


# --- 3. false alarms on real clean text ---------------------------------------------------------


def realtext_table(folder: Path, checker: Checker, jio: JioNLP) -> tuple[str, str]:
    files = sorted(folder.glob("*.txt"))
    chars = 0
    digit_runs = 0
    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        chars += len(text)
        digit_runs += len(re.findall(r"\d[\d \-－—()（）]{6,}\d", text))
        ours.update(x.category for x in checker.check(text).findings
                    if x.category in IDENTIFIER_CATEGORIES)
        theirs.update(x.category for x in jio.findings(text))
    rows = [
        "| category | baomi findings | JioNLP findings | counted as false alarm |",
        "|---|---:|---:|:---:|",
    ]
    for cat in (*SHARED_CATEGORIES, *JIONLP_LACKS):
        j = str(theirs[cat]) if cat in SHARED_CATEGORIES else "(no extractor)"
        counted = "no (office contact)" if cat in NOT_ALARMS_ON_CLEAN_TEXT else "yes"
        rows.append(f"| {cat} | {ours[cat]} | {j} | {counted} |")
    fa_o = sum(n for c, n in ours.items() if c not in NOT_ALARMS_ON_CLEAN_TEXT)
    fa_t = sum(n for c, n in theirs.items() if c not in NOT_ALARMS_ON_CLEAN_TEXT)
    per = 100_000 / chars if chars else 0.0
    rows.append(f"| **false alarms** | {fa_o} ({fa_o * per:.2f}/100k) "
                f"| {fa_t} ({fa_t * per:.2f}/100k) | |")
    info = (f"{len(files)} files, {chars} characters, {digit_runs} digit runs of 8+ characters "
            "(dates, document numbers, statistics) for a pattern to trip on.")
    return "\n".join(rows), info


# --- 4. speed -----------------------------------------------------------------------------------


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def import_time(module: str, n: int) -> float:
    """Median wall time of ``import module`` in a fresh interpreter (bytecode already cached)."""
    code = (f"import contextlib, io, time; t = time.perf_counter()\n"
            f"with contextlib.redirect_stdout(io.StringIO()): import {module}\n"
            f"print(time.perf_counter() - t)")
    vals = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout.strip().splitlines()[-1])
            for _ in range(n)]
    return statistics.median(vals)


def speed_table(docs: list[str], jio: JioNLP, reps: int) -> str:
    full = StrictChecker()
    ident = StrictChecker(detectors=[IdentifierDetector])
    chars = sum(len(d) for d in docs)
    for d in docs[:20]:  # warm-up: both sides compile their patterns on first use
        full.check(d)
        ident.check(d)
        jio.run_raw(d)

    def run_jio() -> None:
        for d in docs:
            jio.run_raw(d)

    def run_full() -> None:
        for d in docs:
            full.check(d)

    def run_ident() -> None:
        for d in docs:
            ident.check(d)

    t_jio = best_of(reps, run_jio)
    t_full = best_of(reps, run_full)
    t_ident = best_of(reps, run_ident)
    imp_jio = import_time("jionlp", 3)
    imp_ours = import_time("baomi_check", 3)
    rows = [
        "| what | chars/s | speed relative to JioNLP |",
        "|---|---:|---:|",
        f"| JioNLP: {len(JIONLP_EXTRACTORS)} extractors in sequence (detail=True) "
        f"| {chars / t_jio:,.0f} | 1.00 |",
        f"| baomi_check `check()` (all detectors: markings, terms, spam, identifiers …) "
        f"| {chars / t_full:,.0f} | {t_jio / t_full:.2f} |",
        f"| baomi_check, identifier detector only (`Checker(detectors=[IdentifierDetector])`) "
        f"| {chars / t_ident:,.0f} | {t_jio / t_ident:.2f} |",
        "",
        "| import (fresh interpreter, median of 3) | seconds | time relative to JioNLP |",
        "|---|---:|---:|",
        f"| `import jionlp` | {imp_jio:.3f} | 1.00 |",
        f"| `import baomi_check` | {imp_ours:.3f} | {imp_ours / imp_jio:.2f} |",
    ]
    return "\n".join(rows)


# --- main ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus",
                    help="folder of labelled *.jsonl cases")
    ap.add_argument("--realtext", type=Path, default=DEFAULT_REALTEXT,
                    help="folder of real clean .txt files (section skipped when absent)")
    ap.add_argument("--docs", type=int, default=400, help="benchmark documents for the speed run")
    ap.add_argument("--seed", type=int, default=20240607, help="corpus_gen seed")
    ap.add_argument("--reps", type=int, default=3, help="timing repetitions (best of)")
    ap.add_argument("--masked", type=int, default=20, help="synthetic vectors per masked style")
    args = ap.parse_args(argv)

    module = load_jionlp()
    if module is None:
        print("JioNLP is not installed. It is an optional benchmark dependency: install the "
              "'bench' extra, preferably in a separate venv, e.g.\n"
              "  python3 -m venv /tmp/jionlp-venv && "
              "/tmp/jionlp-venv/bin/pip install -e '.[bench]'\n"
              "then run this script with /tmp/jionlp-venv/bin/python.", file=sys.stderr)
        return 2
    logging.getLogger("baomi_check").setLevel(logging.CRITICAL)  # failures: reported below
    try:
        return report(args, JioNLP(module))
    except DetectorFailed as exc:
        print(f"baomi_check detector failure, no valid comparison possible: {exc}",
              file=sys.stderr)
        return 3


def report(args: argparse.Namespace, jio: JioNLP) -> int:
    """Run the four sections and print their tables."""
    t0 = time.perf_counter()
    module = jio.module
    checker = StrictChecker()
    version = getattr(module, "__version__", "?")

    print(f"# baomi_check vs JioNLP {version}: identifier categories\n")
    print(f"command: `{shlex.join([Path(sys.executable).name, *sys.argv])}`\n")

    cases = score.load_cases(args.corpus)
    ours = score.run(cases, checker)
    theirs = score_jionlp(cases, jio)
    print(f"## 1. Labelled corpus ({len(cases)} cases, {ours.chars} characters)\n")
    print("Home advantage: this corpus was written by the baomi_check team, alongside the "
          "detectors. Matching rule and functions are `corpus/score.py`'s. JioNLP's "
          "findings are mapped: extract_id_card→id_card, extract_phone_number cell_phone→"
          "mobile_phone / landline_phone→landline, extract_email→email, extract_ip_address→"
          "ip_address, extract_motor_vehicle_licence_plate→license_plate. Office landlines are "
          "labelled (severity info), so both tools must find them.\n")
    print(accuracy_table(ours, theirs))
    lacks = ", ".join(f"{c} ({ours.tallies[c].expected} expected, baomi recall "
                      f"{_r(ours.tallies[c])})" for c in JIONLP_LACKS)
    print(f"\nJioNLP has no extractor for: {lacks}.")
    for who, res in (("baomi_check", ours), ("JioNLP", theirs)):
        print(f"\n{who} errors in shared categories (case ids only): {misses(res)}")
    print()
    print("## 2. Already-masked numbers (a flag here is a false alarm for a reviewer)\n")
    print(masked_table(cases, checker, jio, args.masked, args.seed))
    print()
    if args.realtext.is_dir():
        table, info = realtext_table(args.realtext, checker, jio)
        print("## 3. Real clean government texts (no private person's data)\n")
        print(info + " Landlines and e-mails are office contacts there: shown, not counted.\n")
        print(table)
    else:
        print(f"## 3. Real clean texts: skipped ({args.realtext} not found)")
    print()
    docs = [d.text for d in corpus_gen.generate(args.docs, args.seed)]
    print(f"## 4. Speed ({len(docs)} generated documents, {sum(map(len, docs))} characters, "
          f"seed {args.seed}, best of {args.reps})\n")
    print(speed_table(docs, jio, args.reps))
    print()
    if jio.offset_mismatches:
        print(f"JioNLP offsets that did not match their text (skipped): {jio.offset_mismatches}")
    print(f"Whole run: {time.perf_counter() - t0:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
