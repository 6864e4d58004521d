"""Baselines: keyed, line-agnostic, count-aware, and never holding a value in the clear."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from baomi_check import check
from baomi_check.baseline import (
    KEY_ENV,
    Baseline,
    BaselineError,
    key_file_for,
    load_key,
    normalize_value,
    update_baseline,
)
from baomi_check.models import FileResult, Finding, Report, Severity, verdict_for

PHONE = "13800000000"


def f_at(text: str, needle: str, rule: str = "pii.mobile", category: str = "mobile_phone",
         nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Finding(rule_id=rule, category=category, severity=Severity.REVIEW,  # type: ignore[arg-type]
                   start=start, end=start + len(needle), text=needle,
                   line=text.count("\n", 0, start) + 1, column=1, message="m")


def result(path: str, text: str, findings: list[Finding]) -> FileResult:
    return FileResult(path=path, report=Report(verdict=verdict_for(findings), findings=findings,
                                               stats={"findings": len(findings),
                                                      "mobile_phone": len(findings)}))


@pytest.fixture(autouse=True)
def _no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)


def test_update_creates_a_private_key_and_no_plain_values(tmp_path: Path) -> None:
    text = f"联系电话{PHONE}"
    base = tmp_path / "baseline.json"
    changed = update_baseline(base, [result(str(tmp_path / "a.txt"), text, [f_at(text, PHONE)])])
    assert changed
    key_file = key_file_for(base)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    raw = base.read_text("utf-8")
    doc = json.loads(raw)
    assert doc["hash"] == "hmac-sha256"
    (entry,) = doc["entries"]
    assert entry == {"rule_id": "pii.mobile", "path": "a.txt", "value_hmac": entry["value_hmac"],
                     "count": 1}
    assert PHONE not in raw and PHONE[3:] not in raw
    for h in (hashlib.sha256, hashlib.sha1, hashlib.md5):
        assert h(PHONE.encode()).hexdigest() not in raw
    assert key_file.read_text().strip() not in raw


def test_line_agnostic_and_separator_agnostic(tmp_path: Path) -> None:
    base_path = tmp_path / "b.json"
    old = f"电话{PHONE}"
    update_baseline(base_path, [result(str(tmp_path / "a.txt"), old, [f_at(old, PHONE)])])
    new = "新增一段\n\n再一段\n电话 138-0000-0000"
    base = Baseline.load(base_path)
    r, known = base.filter(result(str(tmp_path / "a.txt"), new, [f_at(new, "138-0000-0000")]))
    assert len(known) == 1 and r.report is not None and r.report.findings == []
    assert r.report.verdict == "pass" and r.report.stats["mobile_phone"] == 0


def test_surplus_occurrences_stay_reported(tmp_path: Path) -> None:
    base_path = tmp_path / "b.json"
    old = f"{PHONE} {PHONE}"
    update_baseline(base_path, [result(str(tmp_path / "a.txt"), old,
                                       [f_at(old, PHONE), f_at(old, PHONE, nth=1)])])
    new = f"{PHONE} {PHONE} {PHONE}"
    fs = [f_at(new, PHONE, nth=i) for i in range(3)]
    r, known = Baseline.load(base_path).filter(result(str(tmp_path / "a.txt"), new, fs))
    assert len(known) == 2
    assert r.report is not None and [f.start for f in r.report.findings] == [fs[2].start]


def test_other_path_or_rule_or_value_is_new(tmp_path: Path) -> None:
    base_path = tmp_path / "b.json"
    text = f"电话{PHONE}"
    update_baseline(base_path, [result(str(tmp_path / "a.txt"), text, [f_at(text, PHONE)])])
    base = Baseline.load(base_path)
    _, known = base.filter(result(str(tmp_path / "b.txt"), text, [f_at(text, PHONE)]))
    assert known == []
    _, known = base.filter(result(str(tmp_path / "a.txt"), text,
                                  [f_at(text, PHONE, rule="pii.other")]))
    assert known == []
    other = "电话13800000001"
    _, known = base.filter(result(str(tmp_path / "a.txt"), other, [f_at(other, "13800000001")]))
    assert known == []


def test_paths_relative_to_the_baseline_work_from_any_cwd(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "docs").mkdir()
    base_path = tmp_path / "b.json"
    text = f"电话{PHONE}"
    monkeypatch.chdir(tmp_path)
    update_baseline(base_path, [result("docs/a.txt", text, [f_at(text, PHONE)])])
    assert json.loads(base_path.read_text())["entries"][0]["path"] == "docs/a.txt"
    monkeypatch.chdir(tmp_path / "docs")
    _, known = Baseline.load(base_path).filter(result("a.txt", text, [f_at(text, PHONE)]))
    assert len(known) == 1


def test_rewriting_unchanged_content_reports_no_change(tmp_path: Path) -> None:
    base_path = tmp_path / "b.json"
    text = f"电话{PHONE}"
    rs = [result(str(tmp_path / "a.txt"), text, [f_at(text, PHONE)])]
    assert update_baseline(base_path, rs) is True
    assert update_baseline(base_path, rs) is False
    assert update_baseline(base_path, []) is True


def test_key_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, "ab" * 32)
    base_path = tmp_path / "b.json"
    text = f"电话{PHONE}"
    update_baseline(base_path, [result(str(tmp_path / "a.txt"), text, [f_at(text, PHONE)])])
    assert not key_file_for(base_path).exists()
    assert load_key(base_path) == bytes.fromhex("ab" * 32)
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(BaselineError, match="at least 16"):
        load_key(base_path)


def test_wrong_key_warns_and_matches_nothing(tmp_path: Path) -> None:
    base_path = tmp_path / "b.json"
    text = f"电话{PHONE}"
    update_baseline(base_path, [result(str(tmp_path / "a.txt"), text, [f_at(text, PHONE)])],
                    key=b"x" * 32)
    base = Baseline.load(base_path, key=b"y" * 32)
    assert base.warnings and "另一个密钥" in base.warnings[0]
    _, known = base.filter(result(str(tmp_path / "a.txt"), text, [f_at(text, PHONE)]))
    assert known == []


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="no such baseline"):
        Baseline.load(tmp_path / "missing.json", key=b"k" * 32)
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "entries": [{"rule_id": "r", "path": "p", '
                   '"value_hmac": "' + PHONE + '"}]}')
    with pytest.raises(BaselineError, match="not an HMAC-SHA256"):
        Baseline.load(bad, key=b"k" * 32)
    with pytest.raises(BaselineError, match="no key"):
        Baseline.load(bad)


@pytest.mark.parametrize(
    ("category", "a", "b"),
    [
        ("mobile_phone", "138 0000 0000", "+86 13800000000"),
        ("mobile_phone", "１３８００００００００", "13800000000"),
        ("id_card", "11010118800101002x", "11010118800101002X"),
        ("sensitive_term", "機密", "机密"),
        ("email", "Zhang@Example.com", "zhang@example.com"),
    ],
)
def test_normalized_values(category: str, a: str, b: str) -> None:
    assert normalize_value(category, a) == normalize_value(category, b)


def test_with_the_real_engine(tmp_path: Path) -> None:
    text = "机密★5年\n关于某事的通知"
    path = str(tmp_path / "n.txt")
    base_path = tmp_path / "b.json"
    update_baseline(base_path, [FileResult(path=path, report=check(text))])
    moved = "\n\n前言\n机密★5年\n关于某事的通知"
    r, known = Baseline.load(base_path).filter(FileResult(path=path, report=check(moved)))
    assert known and r.report is not None and r.report.verdict == "pass"


def test_update_keeps_entries_of_files_not_checked_this_time(tmp_path: Path) -> None:
    """``--update-baseline`` over one file (or with another file unreadable this time) erased
    every other file's entries: their known findings all came back as new."""
    base_path = tmp_path / "b.json"
    text = f"电话{PHONE}"
    a, b, gone = (tmp_path / n for n in ("a.txt", "b.txt", "gone.txt"))
    a.write_text(text, encoding="utf-8")
    b.write_text(text, encoding="utf-8")
    update_baseline(base_path, [result(str(p), text, [f_at(text, PHONE)]) for p in (a, b, gone)])
    assert len(json.loads(base_path.read_text())["entries"]) == 3
    # a checked again without its finding, b unreadable, gone.txt deleted:
    changed = update_baseline(base_path, [result(str(a), "无", []),
                                          FileResult(path=str(b), error="无法读取")])  # fmt: skip
    assert changed is True
    assert [e["path"] for e in json.loads(base_path.read_text())["entries"]] == ["b.txt"]
    _, known = Baseline.load(base_path).filter(result(str(b), text, [f_at(text, PHONE)]))
    assert len(known) == 1
