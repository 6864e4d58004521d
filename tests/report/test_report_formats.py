"""Each format's own promises: structure, streaming, error rows, colour, spreadsheet safety."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from conftest import Batch, Synth, finding, make_report

from baomi_check.models import FileResult
from baomi_check.report import FORMATS, write_results


def render(batch: Batch, fmt: str, **kw: object) -> str:
    out = io.StringIO()
    write_results(batch.results, fmt, out, texts=batch.text_of, **kw)  # type: ignore[arg-type]
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_error_rows(batch: Batch, fmt: str) -> None:
    out = render(batch, fmt)
    assert "docs/broken.docx" in out
    assert "不是有效的 docx 文件" in out


def test_unknown_format_is_a_clear_error(batch: Batch) -> None:
    with pytest.raises(ValueError, match="expected one of text, json"):
        write_results(batch.results, "xml", io.StringIO())


# --- text ------------------------------------------------------------------------------------


def test_text_groups_by_file_and_summarises(batch: Batch) -> None:
    out = render(batch, "text")
    assert "\033[" not in out  # plain unless asked
    blocks = out.split("\n\n")
    assert blocks[0].startswith("docs/broken.docx  错误")  # files sorted by path (issue 11 B.12)
    assert blocks[1].startswith("docs/名单.txt  不得公开  8 处")
    assert "  1:1        阻断  marking.classified  机密★5年" in blocks[1]
    assert "第2页 6:4" in blocks[1]  # the document location comes first
    assert "docs/clean.md" not in out  # clean files are only counted
    assert out.rstrip().endswith("共 3 个文件：不得公开 1 · 需人工审查 0 · 通过 1 · 出错 1；"
                                 "结果 8 处（阻断 5 · 审查 3 · 提示 0）")


def test_text_colours_by_severity_only_when_asked(batch: Batch) -> None:
    out = render(batch, "text", color=True)
    assert "\033[1;31m阻断\033[0m" in out
    assert "\033[33m审查\033[0m" in out


# --- json / jsonl ----------------------------------------------------------------------------


def test_json_is_the_list_of_contract_models(batch: Batch) -> None:
    data = json.loads(render(batch, "json"))
    results = [FileResult.model_validate(d) for d in data]
    # Sorted by path (issue 11 B.12); the batch fixture lists 名单.txt first.
    assert [r.path for r in results] == sorted(r.path for r in batch.results)
    results.sort(key=lambda r: [b.path for b in batch.results].index(r.path))
    first = results[0].report
    assert first is not None and first.verdict == "block"
    original = batch.results[0].report
    assert original is not None
    # offsets and ids are kept so tools can still point at the place
    assert [(f.rule_id, f.start, f.end) for f in first.findings] == [
        (f.rule_id, f.start, f.end) for f in original.findings
    ]
    assert results[2].error and results[2].report is None


def test_json_of_nothing_is_an_empty_list() -> None:
    out = io.StringIO()
    write_results([], "json", out)
    assert json.loads(out.getvalue()) == []


def test_jsonl_streams_one_line_per_file_as_results_arrive(batch: Batch) -> None:
    out = io.StringIO()
    seen: list[int] = []

    def produce() -> Iterator[FileResult]:
        for r in batch.results:
            seen.append(out.getvalue().count("\n"))
            yield r

    write_results(produce(), "jsonl", out)
    # before the 2nd and 3rd file were produced, the previous lines were already written
    assert seen == [0, 1, 2]
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert [FileResult.model_validate_json(x).path for x in lines] == [
        r.path for r in batch.results
    ]


# --- csv -------------------------------------------------------------------------------------


def test_csv_has_bom_one_row_per_finding_and_a_location(batch: Batch) -> None:
    out = render(batch, "csv")
    assert out.startswith("\ufeffpath,location,line,column")
    assert "\r\n" in out
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    findings = [r for r in rows if not r["error"]]
    assert len(findings) == 8
    assert {r["location"] for r in findings} >= {"第1行", "第2页"}
    marking = next(r for r in findings if r["rule_id"] == "marking.classified")
    assert (marking["line"], marking["column"], marking["severity"]) == ("1", "1", "block")
    errors = [r for r in rows if r["error"]]
    assert [(r["path"], r["verdict"]) for r in errors] == [("docs/broken.docx", "error")]


def test_csv_bytes_open_in_excel_as_utf8(batch: Batch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        write_results(batch.results, "csv", fh)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "国家秘密标志".encode() in data


def test_csv_neutralises_formula_cells(synth: Synth) -> None:
    text = "电话 +86 138 0000 0000 =HYPERLINK(\"x\")"
    f = finding(text, "=HYPERLINK(\"x\")", "spam.link", "spam", message="=cmd|' /C calc'!A0")
    out = io.StringIO()
    write_results([FileResult(path="a.txt", report=make_report(text, [f]))], "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert row["text"].startswith("'=")
    assert row["message"].startswith("'=")


# --- html ------------------------------------------------------------------------------------


def test_html_is_self_contained(batch: Batch) -> None:
    out = render(batch, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in out and "default-src 'none'" in out
    for needle in ("<link", "src=", "http://", "https://", "@import", "url("):
        assert needle not in out, needle


def test_html_summary_filters_and_highlights(batch: Batch) -> None:
    out = render(batch, "html")
    assert '<div class="card v-block"><b>1</b>不得公开</div>' in out
    assert '<div class="card v-error"><b>1</b>出错</div>' in out
    for cat in ("classified_marking", "id_card", "mobile_phone", "spam", "tampering"):
        assert f'data-filter="cat" value="{cat}"' in out
    assert out.count('<tr class="finding"') == 8
    assert '<mark class="hl s-block"' in out
    assert "通过且无结果的文件（1）" in out


def test_html_escapes_document_text() -> None:
    text = "<script>alert(1)</script> 机密★5年"
    f = finding(text, "机密★5年", "marking.classified", "classified_marking")
    r = FileResult(path="<b>x</b>.html", report=make_report(text, [f]))
    out = io.StringIO()
    write_results([r], "html", out, texts=lambda _: text)
    html = out.getvalue()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;.html" in html


def test_html_without_text_lists_findings_only(batch: Batch) -> None:
    out = io.StringIO()
    write_results(batch.results, "html", out, texts=lambda _: None)
    assert "原文不可用" in out.getvalue()
    assert out.getvalue().count('<tr class="finding"') == 8


def test_html_rejects_a_stale_text(batch: Batch) -> None:
    """A text whose offsets no longer match the findings is not shown (it would mislabel)."""
    out = io.StringIO()
    write_results(batch.results, "html", out, texts=lambda r: "改过的文本" * 50)
    assert "原文不可用" in out.getvalue()


def test_html_long_text_shows_windows(synth: Synth) -> None:
    text = "正文。" * 100_000 + "机密★5年" + "正文。" * 1000
    f = finding(text, "机密★5年", "marking.classified", "classified_marking")
    out = io.StringIO()
    write_results([FileResult(path="big.txt", report=make_report(text, [f]))], "html", out,
                  texts=lambda _: text)
    html = out.getvalue()
    assert "略去" in html
    assert len(html) < 50_000


def test_many_findings_stay_linear() -> None:
    """5 000 masked findings in one file: a quadratic masker took seconds per format here.

    Measured as a ratio, not a wall-clock limit (the machine is shared): ten times the findings
    must cost far less than a hundred times the time.  Linear code gives about 10x, quadratic
    about 100x; the bound of 35x leaves room for noise and still fails a quadratic writer."""
    import time

    from baomi_check.mask import mask_value
    from baomi_check.models import Finding, Severity

    def results_for(n: int) -> tuple[list[FileResult], str]:
        lines = [f"第{i:04d}号 手机13{i:09d}" for i in range(n)]
        text = "\n".join(lines)
        fs = []
        for i, line in enumerate(lines):
            start = i * (len(line) + 1) + 9
            raw = text[start : start + 11]
            fs.append(Finding(rule_id="pii.mobile", category="mobile_phone", severity=Severity.REVIEW,
                              start=start, end=start + 11, text=raw, line=i + 1, column=10,
                              end_line=i + 1, end_column=21, message=f"手机 {raw}",
                              masked=mask_value("mobile_phone", raw)))
        return [FileResult(path="big.txt", report=make_report(text, fs))], text

    small, small_text = results_for(500)
    big, big_text = results_for(5_000)
    for fmt in ("text", "json", "html", "sarif"):
        def run(results: list[FileResult], text: str, fmt: str = fmt) -> tuple[float, str]:
            best = float("inf")
            value = ""
            for _ in range(3):
                out = io.StringIO()
                t0 = time.process_time()
                write_results(results, fmt, out, texts=lambda _: text, fingerprint_key=b"k" * 32)
                best = min(best, time.process_time() - t0)
                value = out.getvalue()
            return best, value

        t_small, _ = run(small, small_text)
        t_big, out = run(big, big_text)
        assert t_big < 35 * max(t_small, 0.005), (fmt, t_small, t_big)
        assert "13000001234" not in out and "130****1234" in out


def test_text_output_cannot_be_driven_by_file_names_or_document_text() -> None:
    """A file name or evidence holding ESC sequences or line breaks reached the terminal as is:
    it could clear the screen, recolour lines or forge a ``通过`` line for another file."""
    text = "第一行\n机密\x1b[2J★\n5年"
    f = finding(text, "机密\x1b[2J★\n5年", "marking.classified", "classified_marking")
    path = "evil\x1b[32m\n  clean.txt  通过.txt"
    out = io.StringIO()
    write_results([FileResult(path=path, report=make_report(text, [f], ["警\x07告"]))], "text", out)
    shown = out.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b[32m" in shown and "机密\\x1b[2J★ 5年" in shown and "警\\x07告" in shown
    assert not any(line.startswith("  clean.txt") for line in shown.splitlines())
    out = io.StringIO()
    write_results([FileResult(path=path, error="无法\x1b[0m读取")], "text", out)
    assert "\x1b" not in out.getvalue()
