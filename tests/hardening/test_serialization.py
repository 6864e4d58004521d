"""Library JSON masks by default (issue 11 B.11, api-contract v1.1) and reports list files in a
stable order (B.12)."""

from __future__ import annotations

import io
import json
import random

from baomi_check import check
from baomi_check.models import FileResult, Finding, Report
from baomi_check.report import FORMATS, write_results
from baomi_check.testing import synthetic_id, synthetic_mobile

RNG = random.Random(2026)
ID = synthetic_id(RNG)
MOBILE = synthetic_mobile(RNG)
TEXT = f"机密★5年\n张三，身份证号：{ID}，手机{MOBILE}。\n"


def test_model_dump_json_masks_every_field_that_repeats_the_value() -> None:
    report = check(TEXT)
    assert any(f.text == ID for f in report.findings)  # in memory: exact
    for dumped in (report.model_dump_json(), json.dumps(report.model_dump(), ensure_ascii=False),
                   FileResult(path="a.txt", report=report).model_dump_json()):
        assert ID not in dumped and MOBILE not in dumped
        assert ID[:6] in dumped  # masked, not dropped: the evidence is still recognisable
    finding = next(f for f in report.findings if f.text == ID)
    assert ID not in finding.model_dump_json() and ID not in str(finding.model_dump())


def test_raw_values_only_by_explicit_opt_in() -> None:
    report = check(TEXT)
    raw = report.model_dump_json(context={"show_values": True})
    assert ID in raw and MOBILE in raw
    assert ID in str(report.model_dump(context={"show_values": True}))


def test_round_trip_equality_means_the_public_fields() -> None:
    masked_id = ID[:6] + "*" * 8 + ID[-4:]
    report = check(TEXT + f"另见{masked_id}\n")
    assert report._masked  # private records are set
    back = Report.model_validate_json(report.model_dump_json(context={"show_values": True}))
    assert back == report
    assert back != report.model_copy(update={"verdict": "pass"})
    plain = check("关于开展保密教育的通知")
    assert Report.model_validate_json(plain.model_dump_json()) == plain


def test_a_finding_keeps_its_exact_text_in_memory() -> None:
    report = check(TEXT)
    for f in report.findings:
        assert TEXT[f.start:f.end] == f.text
        assert isinstance(f, Finding)


def _result(path: str) -> FileResult:
    return FileResult(path=path, report=check(f"机密★5年 {path}"))


def test_final_reports_list_files_sorted_by_path_and_jsonl_streams() -> None:
    paths = ["b/z.txt", "a.txt", "b/a.txt", "c.md"]
    results = [_result(p) for p in paths]
    for fmt in FORMATS:
        out = io.StringIO()
        write_results(list(results), fmt, out)
        text = out.getvalue()
        seen = sorted(paths, key=text.index)
        expected = paths if fmt == "jsonl" else sorted(paths)
        assert seen == expected, fmt
