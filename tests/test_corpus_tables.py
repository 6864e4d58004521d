"""The issue-14 table and repeat cases (``corpus/cases-tables.jsonl``): the file is what its seeded
generator writes, every expected item gets its labelled severity (stricter than the scorer, which
matches categories and verdicts), and the scorer reads a repeated finding place by place."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from baomi_check import check
from baomi_check.models import Finding, Severity, expand_findings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"corpus_{name}", CORPUS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _cases() -> list[dict[str, object]]:
    return [json.loads(line) for line in
            (CORPUS / "cases-tables.jsonl").read_text("utf-8").splitlines()]


def test_cases_file_is_what_the_generator_writes() -> None:
    assert _module("build_tables").main(["--check"]) == 0


def test_every_shape_is_there() -> None:
    cases = _cases()
    assert len(cases) >= 40
    ids = [str(c["id"]) for c in cases]
    assert len(ids) == len(set(ids))
    for shape, verdicts in {
        "positions": {"pass"}, "directory": {"pass"}, "roster": {"block"},
        "namelist-lookalike": {"review"}, "mixed": {"block"},
    }.items():
        mine = [c for c in cases if str(c["id"]).startswith(f"tables-{shape}")]
        assert mine and {c["verdict"] for c in mine} == verdicts, shape
    lists = [c for c in cases if str(c["id"]).startswith("tables-namelist-")
             and "lookalike" not in str(c["id"])]
    assert len(lists) >= 6 and all(c["verdict"] == "block" for c in lists)


@pytest.mark.parametrize("case", _cases(), ids=lambda c: str(c["id"]))
def test_every_item_has_its_labelled_severity(case: dict[str, object]) -> None:
    text = str(case["text"])
    places = expand_findings(check(text).findings)
    for e in case["expected"]:  # type: ignore[attr-defined]
        a = int(e["start"])
        b = a + len(e["text"])
        got = [f for f in places if f.category == e["category"] and f.start < b and a < f.end]
        assert got, (case["id"], e)
        assert {f.severity.value for f in got} == {e["severity"]}, (case["id"], e, got)


def test_the_scorer_reads_a_repeated_finding_place_by_place() -> None:
    score = _module("score")
    text = "电话010-60000000\n电话010-60000000\n电话010-60000000\n"
    expected = [{"category": "landline", "text": "010-60000000", "start": i * 15 + 2,
                 "severity": "info"} for i in range(2)]
    case = {"id": "t", "text": text, "expected": expected, "verdict": "pass"}
    (f,) = check(text).findings
    assert f.count == 3
    res = score.Result()
    score.score_case(case, expand_findings([f]), "pass", res)
    t = res.tallies["landline"]
    # Both expected places found; three places reported, the third not labelled: one FP.
    assert (t.expected, t.found, t.findings, t.correct) == (2, 2, 3, 2)
    grouped: list[Finding] = [f.model_copy(update={"severity": Severity.INFO})]
    res = score.run([case | {"expected": [*expected, {"category": "landline",
                                                      "text": "010-60000000", "start": 32,
                                                      "severity": "info"}]}])
    assert res.tallies["landline"].precision == 1.0 and res.tallies["landline"].recall == 1.0
    assert grouped[0].count == 3
