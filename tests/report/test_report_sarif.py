"""SARIF: valid against the official 2.1.0 schema and shaped the way GitHub code scanning wants."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import Batch, Synth, finding, make_report

from baomi_check.baseline import KEY_ENV, normalized_value, value_hmac
from baomi_check.models import FileResult
from baomi_check.report import write_results

_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "sarif-2.1.0.json"
_VENDORED = Path(__file__).parent / "data" / "sarif-2.1.0.json"
KEY = bytes(range(32))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    path = _SHARED if _SHARED.is_file() else _VENDORED
    return json.loads(path.read_text("utf-8"))


def sarif(batch: Batch, key: bytes | None = KEY, **kw: Any) -> dict[str, Any]:
    out = io.StringIO()
    write_results(batch.results, "sarif", out, texts=batch.text_of, fingerprint_key=key, **kw)
    return json.loads(out.getvalue())


def test_vendored_schema_is_the_shared_one() -> None:
    if not _SHARED.is_file():
        pytest.skip("shared/ is not beside the checkout")
    assert _VENDORED.read_bytes() == _SHARED.read_bytes()


def test_valid_against_the_official_schema(batch: Batch, schema: dict[str, Any]) -> None:
    doc = sarif(batch)
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors[:5]]


def test_an_invalid_document_is_caught(schema: dict[str, Any]) -> None:
    """Guard against a validator that accepts anything (wrong draft, empty schema)."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "columnKind": "bytes"}]}
    assert list(jsonschema.Draft4Validator(schema).iter_errors(bad))


def test_github_shape(batch: Batch) -> None:
    doc = sarif(batch)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {
        "marking.classified", "pii.id_card", "pii.mobile", "spam.lottery", "tampering.hidden",
        "pii.bank_card",
    }
    for r in rules.values():
        assert r["help"]["text"] and r["help"]["markdown"]
        assert r["shortDescription"]["text"]
        assert r["properties"]["security-severity"]
    levels = {res["ruleId"]: res["level"] for res in run["results"]}
    assert levels["marking.classified"] == "error"
    assert levels["pii.mobile"] == "warning"
    for res in run["results"]:
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startColumn"] >= 1 and region["startLine"] >= 1
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
            "docs/%E5%90%8D%E5%8D%95.txt"
        )


def test_columns_count_characters(batch: Batch) -> None:
    """A Chinese line: the column is the character index + 1, not a byte offset."""
    run = sarif(batch)["runs"][0]
    text = batch.texts["docs/名单.txt"]
    res = next(r for r in run["results"] if r["ruleId"] == "pii.id_card")
    region = res["locations"][0]["physicalLocation"]["region"]
    line = text.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == Synth().id_a


def test_info_level_is_note(synth: Synth) -> None:
    text = "单位电话 010-60000000"
    f = finding(text, "010-60000000", "pii.landline", "landline", "info")
    out = io.StringIO()
    write_results([FileResult(path="a.txt", report=make_report(text, [f]))], "sarif", out,
                  fingerprint_key=KEY)
    res = json.loads(out.getvalue())["runs"][0]["results"][0]
    assert res["level"] == "note"
    assert "60000000" not in out.getvalue()


def test_fingerprints_are_keyed_hashes(batch: Batch, synth: Synth) -> None:
    run = sarif(batch)["runs"][0]
    res = next(r for r in run["results"] if r["ruleId"] == "pii.id_card")
    fp = res["partialFingerprints"]["baomiValueHmac/v1"]
    report = batch.results[0].report
    assert report is not None
    f = next(x for x in report.findings if x.rule_id == "pii.id_card")
    assert fp == value_hmac(KEY, f"pii.id_card\x00{normalized_value(f)}") + ":1"
    # never the value, nor an unkeyed hash of it
    dump = json.dumps(run)
    for raw in (synth.id_a, normalized_value(f)):
        assert hashlib.sha256(raw.encode()).hexdigest() not in dump
        assert hashlib.md5(raw.encode()).hexdigest() not in dump


def test_fingerprints_are_stable_per_key_and_distinct_per_occurrence(batch: Batch) -> None:
    def fps(key: bytes) -> list[str]:
        return [r["partialFingerprints"]["baomiValueHmac/v1"]
                for r in sarif(batch, key)["runs"][0]["results"]]

    a, b = fps(KEY), fps(KEY)
    assert a == b
    assert len(set(a)) == len(a)  # the phone appears twice: two distinct alerts
    other = fps(b"another key of sufficient length")
    assert not set(a) & set(other)


def test_key_from_environment_or_ephemeral(batch: Batch, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(KEY_ENV, KEY.hex())
    run = sarif(batch, key=None)["runs"][0]
    assert run["properties"]["fingerprintKey"] == "configured"
    assert run["results"][0]["partialFingerprints"] == sarif(batch)["runs"][0]["results"][0][
        "partialFingerprints"]
    monkeypatch.delenv(KEY_ENV)
    run = sarif(batch, key=None)["runs"][0]
    assert run["properties"]["fingerprintKey"] == "ephemeral"


def test_errors_and_warnings_are_notifications(batch: Batch) -> None:
    inv = sarif(batch)["runs"][0]["invocations"][0]
    notes = inv["toolExecutionNotifications"]
    errors = [n for n in notes if n["level"] == "error"]
    assert errors[0]["message"]["text"].startswith("无法读取")
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "docs/broken.docx"
    )
    assert any(n["level"] == "warning" for n in notes)
    # A file that could not be read makes the run unsuccessful (issue 11 B.13).
    assert inv["executionSuccessful"] is False


def test_execution_successful_only_when_every_file_was_fully_checked() -> None:
    text = "机密★5年"
    f = finding(text, text, "marking.classified", "classified_marking")
    ok = FileResult(path="a.txt", report=make_report(text, [f]))
    partly = FileResult(path="b.txt", report=make_report(text, [f]), error="处理超时，检查不完整")

    def successful(results: list[FileResult]) -> tuple[bool, list[str]]:
        out = io.StringIO()
        write_results(results, "sarif", out, fingerprint_key=KEY)
        inv = json.loads(out.getvalue())["runs"][0]["invocations"][0]
        levels = [n["level"] for n in inv["toolExecutionNotifications"]]
        return inv["executionSuccessful"], levels

    assert successful([ok]) == (True, [])
    assert successful([ok, partly]) == (False, ["error"])


def test_absolute_paths_become_file_uris(tmp_path: Path, schema: dict[str, Any]) -> None:
    text = "机密★5年"
    f = finding(text, text, "marking.classified", "classified_marking")
    r = FileResult(path=str(tmp_path / "a b.txt"), report=make_report(text, [f]))
    out = io.StringIO()
    write_results([r], "sarif", out, fingerprint_key=KEY)
    doc = json.loads(out.getvalue())
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and "a%20b.txt" in loc["uri"]
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(doc))
