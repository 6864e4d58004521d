"""Contract models: JSON round trip, verdicts, type errors."""

from __future__ import annotations

import pytest

from baomi_check import CATEGORIES, Finding, Report, Severity, check
from baomi_check.models import verdict_for


def test_report_round_trips_through_json() -> None:
    report = check("机密★5年\n坚决打好扫黑险恶专项斗争\n鎮(zhèn)機(jī)關(guān)", source="draft.txt")
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.source == "draft.txt"
    assert again.findings[0].severity is Severity.BLOCK


def test_findings_sorted_and_stats() -> None:
    report = check("坚决打好扫黑险恶专项斗争\n机密★5年")
    assert [(f.start, f.end) for f in report.findings] == sorted(
        (f.start, f.end) for f in report.findings
    )
    assert report.stats["chars"] == len("坚决打好扫黑险恶专项斗争\n机密★5年")
    assert report.stats["wrong_expression"] == 1
    assert report.stats["id_card"] == 0  # every category is present, zeros included
    assert report.stats["findings"] == len(report.findings)
    assert report.stats["elapsed_ms"] >= 0


def _finding(sev: Severity) -> Finding:
    return Finding(rule_id="x", category="spam", severity=sev, start=0, end=1, text="x",
                   line=1, column=1, message="m")


def test_verdicts() -> None:
    assert verdict_for([]) == "pass"
    assert verdict_for([_finding(Severity.INFO)]) == "pass"
    assert verdict_for([_finding(Severity.INFO), _finding(Severity.REVIEW)]) == "review"
    assert verdict_for([_finding(Severity.REVIEW), _finding(Severity.BLOCK)]) == "block"


def test_categories_match_the_contract() -> None:
    assert len(CATEGORIES) == 16
    assert "classified_marking" in CATEGORIES and "tampering" in CATEGORIES


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["list"]])
def test_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expects str"):
        check(bad)  # type: ignore[arg-type]


def test_line_and_column_are_characters() -> None:
    (f,) = check("第一行\n中文中文扫黑险恶").findings
    assert (f.line, f.column) == (2, 5)
    assert (f.end_line, f.end_column) == (2, 9)


def test_with_findings_recomputes_verdict_and_counts() -> None:
    report = check("机密★5年\n坚决打好扫黑险恶专项斗争")
    kept = [f for f in report.findings if f.category == "wrong_expression"]
    again = report.with_findings(kept)
    assert again.verdict == "block" and again.stats["classified_marking"] == 0
    assert again.stats["findings"] == 1 and again.stats["chars"] == report.stats["chars"]
    assert report.with_findings([]).verdict == "pass"


class _Broken:
    """A detector with a bug, to show what a failure does to a report."""

    name = "broken"

    @classmethod
    def build(cls, pack, config):  # type: ignore[no-untyped-def]
        return cls()

    def detect(self, doc):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")


def test_a_failing_detector_marks_the_report_incomplete(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from baomi_check import Checker
    from baomi_check.batch import BatchOptions, check_path
    from baomi_check.detectors import DEFAULT_DETECTORS

    checker = Checker(detectors=[*DEFAULT_DETECTORS, _Broken])
    report = checker.check("机密★5年")
    assert report.incomplete and report.verdict == "block"
    assert any("broken" in w for w in report.warnings)
    assert not check("机密★5年").incomplete
    # The command line's worker keeps the findings but reports the file as an error (exit 2).
    path = tmp_path / "draft.txt"
    path.write_text("正文，没有问题。", encoding="utf-8")
    result = check_path(checker, str(path), BatchOptions())
    # An incomplete review is never a pass (issue 11 A.4: the verdict says "look at it").
    assert result.report is not None and result.report.verdict == "review"
    assert result.error is not None and "不完整" in result.error
