"""End to end on scans the tests make themselves: a synthetic notice rendered with Pillow and a
CJK font, wrapped in a PDF with no text layer, checked through the same path as the command
line.  Few and small on purpose: recognition costs seconds per page."""

from __future__ import annotations

import io
import json

import pytest

from baomi_check.batch import BatchOptions, build_checker, check_path
from baomi_check.models import FileResult
from baomi_check.report import json_, sarif
from baomi_check.report.common import RenderOptions

pytestmark = pytest.mark.usefixtures("engine_installed")


@pytest.fixture(scope="module")
def leaky(scans) -> FileResult:
    opts = BatchOptions(timeout=None)
    return check_path(build_checker(opts), str(scans["dir"] / "notice.pdf"), opts)


def _inside(box, drawn, tol: float = 6.0) -> bool:
    """Does the finding's box cover where the value was drawn (PDF points, some slack)?"""
    return (box[0] <= drawn[0] + tol and box[1] <= drawn[1] + tol
            and box[2] >= drawn[2] - tol and box[3] >= drawn[3] - tol
            and box[2] - box[0] < (drawn[2] - drawn[0]) + 4 * tol)


def test_scanned_notice_leaks_are_found_with_page_and_box(leaky, scans, notice_values):
    ids, mobiles = notice_values
    assert leaky.error is None, leaky.error
    report = leaky.report
    assert report.verdict == "block"
    by_rule: dict[str, list] = {}
    for f in report.findings:
        by_rule.setdefault(f.category, []).append(f)
    # The classified marking in the top right corner of the scan.
    (mark,) = by_rule["classified_marking"]
    assert mark.severity.value == "block"
    assert mark.location == "第1页（识别）" and mark.page == 1
    assert _inside(mark.box, scans["where"]["机密★5年"])
    # Every ID and every mobile of the 名单, each with the box it was drawn in.
    found_ids = {f.text: f for f in by_rule["id_card"]}
    assert set(found_ids) == set(ids)
    for value in ids:
        f = found_ids[value]
        assert f.location == "第1页（识别）" and f.page == 1
        assert _inside(f.box, scans["where"][value]), (f.box, scans["where"][value])
        # The detector's confidence times the engine's: below 1, above a coin toss.
        assert 0.5 < f.confidence < 1.0
    found_mobiles = {f.text for f in by_rule["mobile_phone"]}
    assert found_mobiles == set(mobiles)
    assert any("文字识别" in w for w in report.warnings)


def test_roster_rows_stay_one_line(leaky, notice_values):
    """A 名单 row is one line of tab-separated cells, as the table readers produce it."""
    ids, mobiles = notice_values
    f = next(f for f in leaky.report.findings if f.text == ids[0])
    assert f.line == next(g.line for g in leaky.report.findings if g.text == mobiles[0])


def test_json_and_sarif_carry_the_box(leaky):
    out = io.StringIO()
    json_.write([leaky], out, RenderOptions())
    data = json.loads(out.getvalue())
    ids = [f for f in data[0]["report"]["findings"] if f["category"] == "id_card"]
    assert ids and all(len(f["box"]) == 4 and f["page"] == 1 for f in ids)
    assert all("*" in f["text"] for f in ids)  # masked as everywhere
    FileResult.model_validate(data[0])  # the contract model reads it back
    out = io.StringIO()
    sarif.write([leaky], out, RenderOptions(fingerprint_key=b"k" * 32))
    results = json.loads(out.getvalue())["runs"][0]["results"]
    boxed = [r for r in results if r["ruleId"] == "pii.id_card"]
    assert boxed and all(
        len(r["locations"][0]["properties"]["box"]) == 4
        and r["locations"][0]["properties"]["page"] == 1
        for r in boxed
    )


def test_the_same_notice_with_masked_values_passes(scans):
    opts = BatchOptions(timeout=None)
    result = check_path(build_checker(opts), str(scans["dir"] / "masked.pdf"), opts)
    assert result.error is None, result.error
    assert result.report.verdict == "pass", [
        (f.rule_id, f.text) for f in result.report.findings
    ]
    # It was read, not skipped: the recognised text is there (masked IDs are remembered).
    assert result.report._masked
