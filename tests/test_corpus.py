"""The labelled corpus as a test: the same gate as ``python corpus/score.py`` (precision and
recall per category, verdict accuracy), plus the corpus's own invariants."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"corpus_{name}", CORPUS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def score() -> ModuleType:
    return _module("score")


@pytest.fixture(scope="module")
def cases(score: ModuleType) -> list[dict[str, object]]:
    return score.load_cases(CORPUS)  # type: ignore[no-any-return]


def test_corpus_file_is_what_the_generator_writes() -> None:
    assert _module("build").main(["--check"]) == 0


def test_corpus_shape(cases: list[dict[str, object]], score: ModuleType) -> None:
    assert len(cases) >= 150
    no_findings = sum(1 for c in cases if not c["expected"])
    assert no_findings * 3 >= len(cases), "at least a third of the cases must be clean"
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    long_docs = [c for c in cases if 300 <= len(str(c["text"])) <= 3000]
    assert len(long_docs) >= 60
    for c in cases:
        assert c["verdict"] in {"block", "review", "pass"}
        score.expected_spans(c)  # every expected substring is where it says


def test_hijacked_sample_is_labelled(cases: list[dict[str, object]]) -> None:
    sample = (CORPUS / "samples" / "hijacked-mirror-annual-report.txt").read_text("utf-8")
    case = next(c for c in cases if c["text"] == sample)
    cats = sorted(e["category"] for e in case["expected"])  # type: ignore[attr-defined, index]
    assert cats == ["spam", "tampering"]
    assert case["verdict"] == "block"


def test_scorer_gate(score: ModuleType, cases: list[dict[str, object]]) -> None:
    res = score.run(cases)
    failures = score.gate(res, score.load_thresholds(CORPUS / "thresholds.toml"))
    assert failures == [], "\n".join(failures + res.misses)


def test_matching_rule_is_category_and_overlap(score: ModuleType) -> None:
    from baomi_check.models import Finding

    case = {"id": "x", "text": "电话（0755）23450000。", "verdict": "pass",
            "expected": [{"category": "landline", "text": "0755）23450000"}]}

    def finding(cat: str, a: int, b: int) -> Finding:
        return Finding(rule_id="r", category=cat, severity="info", start=a, end=b,
                       text=case["text"][a:b], line=1, column=a + 1, message="m")

    res = score.Result()
    score.score_case(case, [finding("landline", 2, 16), finding("mobile_phone", 3, 16)],
                     "pass", res)
    assert res.tallies["landline"].found == 1 and res.tallies["landline"].correct == 1
    assert res.tallies["mobile_phone"].correct == 0  # right place, wrong category
    assert res.verdict_ok == 1
    assert json.dumps(case, ensure_ascii=False)


def test_real_clean_texts_are_never_blocked(score: ModuleType) -> None:
    folder = score.DEFAULT_REALTEXT
    if not folder.is_dir():
        pytest.skip("real clean texts not present (they live outside the repository)")
    from baomi_check import Checker

    _, blocked = score.realtext(folder, Checker.default())
    assert blocked == []
