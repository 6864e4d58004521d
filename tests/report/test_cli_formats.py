"""The command line with the report writers, suppressions, baselines and ``redact``.

Runs ``baomi_check.cli.main`` in-process with ``--jobs 1`` (no process pool) and ``--no-config``
in a temporary folder; synthetic ID and phone numbers only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import jsonschema
import pytest
from conftest import id18

from baomi_check.baseline import KEY_ENV
from baomi_check.cli import main

ID = id18("11010118800101001")
PHONE = "13800000000"
_SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0.json"


@pytest.fixture()
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    d = tmp_path / "docs"
    d.mkdir()
    (d / "名单.txt").write_text(
        f"机密★5年\n关于名单的通知\n联系人张三，公民身份号码{ID}，手机{PHONE}。\n",
        encoding="utf-8",
    )
    (d / "clean.md").write_text("关于开展春季植树活动的通知\n", encoding="utf-8")
    (d / "broken.docx").write_bytes(b"not a zip")
    return d


def run(*argv: str) -> int:
    return main(["--jobs", "1", "--no-progress", "--quiet", "--no-config", *argv])


def identifiers_registered() -> bool:
    from baomi_check import check

    return any(f.category == "id_card" for f in check(f"公民身份号码{ID}").findings)


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "sarif", "html"])
def test_every_format_masks_and_lists_the_broken_file(docs: Path, fmt: str) -> None:
    out = docs.parent / f"report.{fmt}"
    code = run("docs", "--format", fmt, "--output", str(out))
    assert code == 2  # the unreadable file makes the review incomplete
    body = out.read_text("utf-8")
    assert "broken.docx" in body
    assert ID not in body and PHONE not in body
    assert "机密★5年" in body
    if fmt == "sarif":
        doc = json.loads(body)
        schema = json.loads(_SCHEMA.read_text("utf-8"))
        assert not list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    if fmt == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbfpath,location")
        rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
        assert any(r["rule_id"] == "marking.classified" for r in rows)
    if fmt == "html":
        assert "<mark" in body  # the text was re-read and highlighted


def test_show_values(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not identifiers_registered():
        pytest.skip("identifier detectors are not registered in the default pack yet")
    run("docs/名单.txt", "--format", "jsonl")
    assert ID not in capsys.readouterr().out
    run("docs/名单.txt", "--format", "jsonl", "--show-values")
    assert ID in capsys.readouterr().out


def test_inline_directive_and_allowlist(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marked = docs / "draft.md"
    marked.write_text("<!-- baomi-check: allow-next-line marking -->\n机密★5年\n正文\n",
                      encoding="utf-8")
    assert run(str(marked), "--format", "json") == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["report"]["verdict"] == "pass"
    allow = docs.parent / "allow.txt"
    allow.write_text("phrase: 机密★5年\n", encoding="utf-8")
    assert run("docs/名单.txt", "--format", "json", "--allowlist", str(allow)) in (0, 1)
    (report,) = json.loads(capsys.readouterr().out)
    assert all(f["rule_id"] != "marking.classified" for f in report["report"]["findings"])


def test_baseline_cycle(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = "docs/名单.txt"
    base = docs.parent / "baseline.json"
    assert run(target, "--baseline", str(base), "--update-baseline") == 3
    key = docs.parent / ".baomi-check.key"
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    raw = base.read_text("utf-8")
    assert ID not in raw and PHONE not in raw and "机密" not in raw
    # unchanged content: not rewritten
    assert run(target, "--baseline", str(base), "--update-baseline") == 0
    capsys.readouterr()
    # known findings are ignored, even after lines moved
    path = docs / "名单.txt"
    path.write_text("新增的前言\n\n" + path.read_text("utf-8"), encoding="utf-8")
    assert run(target, "--baseline", str(base), "--format", "json") == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["report"]["findings"] == []
    # a new finding is reported
    path.write_text(path.read_text("utf-8") + "绝密★长期\n", encoding="utf-8")
    assert run(target, "--baseline", str(base), "--format", "json") == 1


def test_redact_subcommand(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = docs.parent / "out"
    assert main(["redact", "docs", str(out)]) == 2  # broken.docx could not be processed
    text = capsys.readouterr().out
    assert "写入" in text and "broken.docx" in text
    redacted = (out / "名单.txt").read_text("utf-8")
    assert redacted.startswith("■■■■■\n")
    if identifiers_registered():
        assert ID not in redacted and PHONE not in redacted
    assert main(["redact", "docs", "docs/sub"]) == 2
    assert "输出目录不能" in capsys.readouterr().err


def test_list_suppressed(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = docs / "draft.md"
    draft.write_text("<!-- baomi-check: allow-next-line marking -->\n机密★5年\n正文\n",
                     encoding="utf-8")
    base = docs.parent / "baseline.json"
    assert run("docs/名单.txt", "--baseline", str(base), "--update-baseline") == 3
    capsys.readouterr()
    code = run(str(draft), "docs/名单.txt", "--baseline", str(base), "--list-suppressed",
               "--format", "json")
    assert code == 0
    captured = capsys.readouterr()
    json.loads(captured.out)  # stdout stays machine-readable
    err = captured.err
    assert "allow-next-line marking（第1行）" in err
    assert "← 基线 " in err
    assert ID not in err and PHONE not in err
