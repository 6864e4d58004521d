"""Repeats are one finding: the same evidence under the same rule and severity in one document is
reported once with ``count`` and every place in ``occurrences`` — in the models, in every output
format, through suppressions, baselines, redaction and ``--min-severity``.

All personal data is synthetic (mobiles end in 0000, ID numbers are born before 1900).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi_check import check
from baomi_check.baseline import Baseline, update_baseline
from baomi_check.cli import main
from baomi_check.models import (
    FileResult,
    Finding,
    Report,
    Severity,
    expand_findings,
    group_repeats,
)
from baomi_check.report import write_results
from baomi_check.suppress import apply_suppressions
from baomi_check.testing import id_number

OFFICE = "010-60000000"
MOBILE = "13900010000"
ID = id_number("11010118800101001")
SCHEMA = Path(__file__).resolve().parents[1] / "report" / "data" / "sarif-2.1.0.json"


def office_text(n: int = 42) -> str:
    """An office landline on n lines, and one ID number (the block to find among them)."""
    lines = [f"第{i + 1}项  办公电话：{OFFICE}" for i in range(n)]
    lines.insert(n // 2, f"申请人身份证号：{ID}")
    return "\n".join(lines) + "\n"


def landline(report: Report) -> Finding:
    (f,) = [f for f in report.findings if f.category == "landline"]
    return f


# --- the model --------------------------------------------------------------------------------


def test_one_finding_with_every_place() -> None:
    text = office_text(42)
    report = check(text)
    f = landline(report)
    assert f.count == 42 and len(f.occurrences) == 42
    assert [o.start for o in f.occurrences] == sorted(o.start for o in f.occurrences)
    first = f.occurrences[0]
    assert (f.start, f.end, f.line, f.column) == (first.start, first.end, first.line, first.column)
    for o in f.occurrences:
        assert text[o.start:o.end] == f.text == OFFICE
        assert text.count("\n", 0, o.start) + 1 == o.line
    assert report.stats["landline"] == 1 and report.stats["occurrences"] == 43
    assert [g.category for g in report.findings if g.severity is Severity.BLOCK] == ["id_card"]


def test_a_finding_seen_once_has_no_occurrence_list() -> None:
    (f,) = check(f"身份证号：{ID}").findings
    assert f.count == 1 and f.occurrences == []
    assert [(o.start, o.end) for o in f.places()] == [(f.start, f.end)]


def test_same_value_at_two_severities_stays_two_findings() -> None:
    # On the ID's line the mobile is a record about a person (block); alone it is review.
    text = f"张三 {ID} {MOBILE}\n如有疑问请联系{MOBILE}。\n"
    mobiles = [f for f in check(text).findings if f.category == "mobile_phone"]
    assert sorted(f.severity.value for f in mobiles) == ["block", "review"]
    assert all(f.count == 1 for f in mobiles)


def test_json_round_trip_keeps_count_and_occurrences() -> None:
    report = check(office_text(5))
    back = Report.model_validate_json(report.model_dump_json())
    f = landline(back)
    assert f.count == 5 and [o.start for o in f.occurrences] == [
        o.start for o in landline(report).occurrences]


_spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 4), st.sampled_from(["a", "b"]),
              st.sampled_from(["review", "block"])),
    max_size=25,
)


def _finding(start: int, length: int, rule: str, sev: str, text: str) -> Finding:
    return Finding.model_construct(
        rule_id=f"test.{rule}", category="sensitive_term", severity=Severity(sev), start=start,
        end=start + length, text=text, line=1, column=start + 1, message="m")


@settings(max_examples=150, deadline=None)
@given(_spans)
def test_group_and_expand_are_inverse(spans: list[tuple[int, int, str, str]]) -> None:
    found = [_finding(a, n, r, s, f"v{n}") for a, n, r, s in spans]
    grouped = group_repeats(found)
    assert group_repeats(grouped) == grouped  # idempotent
    again = expand_findings(grouped)
    key = lambda f: (f.start, f.end, f.rule_id, f.severity.value, f.text)  # noqa: E731
    assert sorted(map(key, again)) == sorted(map(key, found))
    assert sum(f.count for f in grouped) == len(found)
    assert len({(f.rule_id, f.severity, f.text) for f in grouped}) == len(grouped)


# --- outputs ---------------------------------------------------------------------------------


def results(tmp_path: Path, text: str) -> list[FileResult]:
    p = tmp_path / "通讯.txt"
    p.write_text(text, encoding="utf-8")
    report = check(text, source=str(p))
    return [FileResult(path=str(p), report=report, kind="txt")]


def render(rs: list[FileResult], fmt: str, **kw: object) -> str:
    out = io.StringIO()
    text = rs[0].report and Path(rs[0].path).read_text(encoding="utf-8")
    write_results(rs, fmt, out, texts=lambda r: text, **kw)  # type: ignore[arg-type]
    return out.getvalue()


def test_text_report_shows_the_count_and_the_next_places(tmp_path: Path) -> None:
    out = render(results(tmp_path, office_text(42)), "text")
    assert "×42" in out and "（共 42 处）" in out and "另见 " in out
    assert OFFICE not in out and ID not in out
    assert len(out.splitlines()) <= 12


def test_json_jsonl_carry_count_and_occurrences_masked(tmp_path: Path) -> None:
    rs = results(tmp_path, office_text(7))
    for fmt in ("json", "jsonl"):
        out = render(rs, fmt)
        assert OFFICE not in out and ID not in out
        doc = json.loads(out) if fmt == "json" else [json.loads(line) for line in
                                                     out.splitlines()]
        (f,) = [f for f in doc[0]["report"]["findings"] if f["category"] == "landline"]
        assert f["count"] == 7 and len(f["occurrences"]) == 7
        assert {"start", "end", "line", "column", "location"} <= set(f["occurrences"][0])


def test_csv_count_and_places_columns(tmp_path: Path) -> None:
    out = render(results(tmp_path, office_text(9)), "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    (row,) = [r for r in rows if r["category"] == "landline"]
    assert row["count"] == "9" and len(row["places"].split("；")) == 9
    assert OFFICE not in out


def test_sarif_one_result_with_related_locations(tmp_path: Path) -> None:
    out = render(results(tmp_path, office_text(12)), "sarif")
    doc = json.loads(out)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(doc)
    res = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "pii.landline"]
    assert len(res) == 1
    (r,) = res
    assert r["occurrenceCount"] == 12 and len(r["relatedLocations"]) == 11
    assert [x["id"] for x in r["relatedLocations"]] == list(range(2, 13))
    assert OFFICE not in out


def test_html_marks_every_place(tmp_path: Path) -> None:
    out = render(results(tmp_path, office_text(6)), "html")
    assert "×6" in out and OFFICE not in out
    assert out.count('class="hl s-info"') >= 6


def test_min_severity_lists_less_but_counts_everything(tmp_path: Path) -> None:
    rs = results(tmp_path, office_text(10))
    out = render(rs, "text", min_severity="block")
    assert "pii.landline" not in out and "pii.id_card" in out
    assert "提示 1" in out  # the head line and the summary still count the hidden one
    doc = json.loads(render(rs, "json", min_severity="review"))
    report = doc[0]["report"]
    assert [f["category"] for f in report["findings"]] == ["id_card"]
    assert report["stats"]["landline"] == 1 and report["verdict"] == "block"
    sarif = json.loads(render(rs, "sarif", min_severity="block"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"pii.id_card"}


def test_min_severity_on_the_command_line_and_in_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(office_text(4), encoding="utf-8")
    assert main(["--no-progress", "-q", "--no-config", "--min-severity", "review",
                 str(doc)]) == 1
    out = capsys.readouterr().out
    assert "pii.id_card" in out and "pii.landline" not in out
    conf = tmp_path / ".baomi-check.toml"
    conf.write_text('min-severity = "block"\n', encoding="utf-8")
    assert main(["--no-progress", "-q", "--config", str(conf), str(doc)]) == 1
    out = capsys.readouterr().out
    assert "pii.id_card" in out and "pii.landline" not in out


# --- stages that work place by place ---------------------------------------------------------


def test_an_inline_allow_covers_its_line_only() -> None:
    text = f"电话{OFFICE}  <!-- baomi-check: allow landline -->\n电话{OFFICE}\n电话{OFFICE}\n"
    report, dropped = apply_suppressions(text, check(text))
    f = landline(report)
    assert f.count == 2 and f.line == 2 and len(dropped) == 1


def test_baseline_counts_places(tmp_path: Path) -> None:
    path = str(tmp_path / "a.txt")
    text = office_text(3)
    base_path = tmp_path / "base.json"
    update_baseline(base_path, [FileResult(path=path, report=check(text))])
    entry = next(e for e in json.loads(base_path.read_text())["entries"]
                 if e["rule_id"] == "pii.landline")
    assert entry["count"] == 3
    base = Baseline.load(base_path)
    same, known = base.filter(FileResult(path=path, report=check(text)))
    assert same.report is not None and same.report.findings == [] and len(known) == 4
    more = text + f"补充：办公电话：{OFFICE}\n"
    r, _ = base.filter(FileResult(path=path, report=check(more)))
    assert r.report is not None
    f = landline(r.report)
    assert f.count == 1 and more[f.start:f.end] == OFFICE and f.start > len(text)


def test_redact_masks_every_occurrence(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    text = "".join(f"{i}. 联系人{MOBILE}；身份证号{ID}\n" for i in range(6))
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["redact", str(src), str(out)]) in (0, 1)
    red = out.read_text(encoding="utf-8")
    assert MOBILE not in red and ID not in red
    assert red.count("139****0000") == 6 and len(red) == len(text)


_PIECES = [OFFICE, MOBILE, ID, "机密★5年", "电话：", "身份证号：", "王小明 ", "；", "\n", "\r\n",
           "\t", "\u3000", "  ", "第一中学", "岗位名称\t咨询电话\n", "姓名\t手机\n", "。", "\u200b",
           "內部資料", "ｘ"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_every_place_points_at_its_evidence(pieces: list[str]) -> None:
    """Offsets are sacred for every occurrence, whatever the mixture of repeats, line breaks,
    tables and invisible characters."""
    text = "".join(pieces)
    report = check(text)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n" or
                    (ch == "\r" and text[i + 1:i + 2] != "\n")]
    for f in report.findings:
        assert f.count == max(1, len(f.occurrences))
        for o in f.places():
            assert text[o.start:o.end] == f.text
            line = sum(1 for s in starts if s <= o.start)
            assert (o.line, o.column) == (line, o.start - starts[line - 1] + 1)
    assert sum(f.count for f in report.findings) == report.stats["occurrences"]
