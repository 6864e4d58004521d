"""No output format contains a raw identifier unless ``show_values`` is asked for.

The batch repeats raw values in messages, warnings, a long hidden-text finding that contains two
other identifiers, a bank-card finding without a ``masked`` value, and an 18-digit number no
finding claims.  Every format is checked for every raw value, also in JSON-escaped and
percent-encoded form (SARIF URIs), and with ``show_values=True`` the values are present (so the
test would notice a writer that drops the evidence altogether).
"""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import pytest
from conftest import Batch, Synth

from baomi_check import check
from baomi_check.mask import mask_value
from baomi_check.models import FileResult
from baomi_check.report import FORMATS, write_results


def forms(value: str) -> set[str]:
    return {value, json.dumps(value)[1:-1], quote(value)}


def render(batch: Batch, fmt: str, show_values: bool = False) -> str:
    out = io.StringIO()
    write_results(batch.results, fmt, out, texts=batch.text_of, show_values=show_values)
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_raw_identifier_by_default(batch: Batch, synth: Synth, fmt: str) -> None:
    out = render(batch, fmt)
    for raw in synth.raw_values:
        for form in forms(raw):
            assert form not in out, f"{fmt} leaks {raw[:3]}…"
    # and the masked forms are what a reviewer sees instead
    assert mask_value("id_card", synth.id_a) in out
    assert mask_value("mobile_phone", synth.phone) in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_show_values_opts_in(batch: Batch, synth: Synth, fmt: str) -> None:
    out = render(batch, fmt, show_values=True)
    assert synth.id_a in out
    assert synth.phone in out


@pytest.mark.parametrize("fmt", ["html", "sarif"])
def test_context_masks_every_identifier_inside_it(batch: Batch, synth: Synth, fmt: str) -> None:
    """Document text and context snippets show the surrounding line, which holds other
    identifiers (and one no detector claimed): all of them are masked."""
    out = render(batch, fmt)
    assert mask_value("id_card", synth.id_b) in out
    if fmt == "html":  # the whole text is shown, with the number no detector claimed
        assert "440" + "*" * 11 + "0044" in out  # fallback mask: 3 + 4
    else:
        contexts = [
            loc["physicalLocation"]["contextRegion"]["snippet"]["text"]
            for res in json.loads(out)["runs"][0]["results"]
            for loc in res["locations"]
        ]
        assert any("张三" in c for c in contexts)


def test_error_messages_are_masked(synth: Synth) -> None:
    r = FileResult(path="x.txt", error=f"解析失败：{synth.id_a}")
    for fmt in FORMATS:
        out = io.StringIO()
        write_results([r], fmt, out)
        assert synth.id_a not in out.getvalue(), fmt


def test_end_to_end_through_check(synth: Synth, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real pipeline: detectors set the masks, writers keep them.  Skips until the
    identifier detectors are registered in the default pack."""
    text = (
        "关于公布补助名单的公示\n"
        f"申请人张三，公民身份号码{synth.id_a}，联系电话{synth.phone}。\n"
        f"申请人李四，公民身份号码{synth.id_b}。\n"
    )
    report = check(text)
    if not any(f.category == "id_card" for f in report.findings):
        pytest.skip("identifier detectors are not registered in the default pack yet")
    path = tmp_path / "名单.txt"
    path.write_text(text, encoding="utf-8")
    results = [FileResult(path=str(path), report=report, kind="txt")]
    for fmt in FORMATS:
        out = io.StringIO()
        write_results(results, fmt, out, texts=lambda _: text)
        for raw in (synth.id_a, synth.id_b, synth.phone):
            assert raw not in out.getvalue(), fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_medical_record_numbers_are_masked_like_identifiers(fmt: str) -> None:
    """病历号/住院号 are not an identifier format, but they identify a patient: the rules mark
    them ``mask: true`` and every output hides them, labelled or in a table column."""
    text = (
        "病历号：ZY20240012345\n\n"
        "姓名  性别  住院号  病情\n张某  男  ZY8765432  尿毒症\n李某  女  ZY8765433  肺结核\n"
    )
    report = check(text, source="病历.txt")
    rules = {f.rule_id for f in report.findings}
    assert {"personal_info.medical_record", "personal_info.column_medical_record"} <= rules
    out = io.StringIO()
    write_results([FileResult(path="病历.txt", report=report)], fmt, out,
                  texts=lambda r: text)  # fmt: skip
    for raw in ("ZY20240012345", "ZY8765432", "ZY8765433"):
        for form in forms(raw):
            assert form not in out.getvalue(), f"{fmt} leaks {raw[:3]}…"
