"""The on-disk cache of compiled artefacts must never change a result: a changed rule file
rebuilds, a corrupt or untrusted cache file is ignored, an unwritable cache folder is harmless."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from baomi_check import Checker, cache
from baomi_check import engine as engine_mod

_RULE = """\
terms:
  - term: {term}
    category: sensitive_term
    severity: review
    message: 测试词
    boundary: none
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("BAOMI_CHECK_CACHE_DIR", str(d))
    monkeypatch.delenv("BAOMI_CHECK_NO_CACHE", raising=False)
    return d


def _pack(folder: Path, term: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "custom.yaml").write_text(_RULE.format(term=term), encoding="utf-8")
    return folder


def _rules(report: object) -> list[str]:
    return [f.text for f in report.findings]  # type: ignore[attr-defined]


def test_cache_is_written_and_reused(cache_dir: Path, tmp_path: Path) -> None:
    rules = _pack(tmp_path / "rules", "甲乙丙丁")
    first = Checker.from_rules(rules, replace=True).check("这里有甲乙丙丁。")
    kinds = sorted(p.name.split("-")[0] for p in cache_dir.glob("*.pickle"))
    assert "pack" in kinds and "terms" in kinds
    second = Checker.from_rules(rules, replace=True).check("这里有甲乙丙丁。")
    assert _rules(first) == _rules(second) == ["甲乙丙丁"]


def test_changed_rule_file_invalidates(cache_dir: Path, tmp_path: Path) -> None:
    rules = _pack(tmp_path / "rules", "甲乙丙丁")
    text = "甲乙丙丁和戊己庚辛。"
    assert _rules(Checker.from_rules(rules, replace=True).check(text)) == ["甲乙丙丁"]
    _pack(rules, "戊己庚辛")
    assert _rules(Checker.from_rules(rules, replace=True).check(text)) == ["戊己庚辛"]


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(("wrong key", 42))])
def test_corrupt_cache_falls_back_to_building(
    cache_dir: Path, tmp_path: Path, garbage: bytes
) -> None:
    rules = _pack(tmp_path / "rules", "甲乙丙丁")
    Checker.from_rules(rules, replace=True)
    files = list(cache_dir.glob("*.pickle"))
    assert files
    for f in files:
        f.write_bytes(garbage)
    report = Checker.from_rules(rules, replace=True).check("这里有甲乙丙丁。")
    assert _rules(report) == ["甲乙丙丁"]


def test_truncated_cache_file(cache_dir: Path) -> None:
    digest = cache.key("unit", "truncated")
    assert cache.store("unit", digest, list(range(1000)))
    path = next(cache_dir.glob("unit-*.pickle"))
    path.write_bytes(path.read_bytes()[:20])
    assert cache.load("unit", digest) is None
    assert cache.cached("unit", digest, lambda: "rebuilt") == "rebuilt"
    assert cache.load("unit", digest) == "rebuilt"


def test_untrusted_cache_file_is_not_unpickled(cache_dir: Path) -> None:
    digest = cache.key("unit", "perm")
    cache.store("unit", digest, "stored")
    path = next(cache_dir.glob("unit-*.pickle"))
    os.chmod(path, 0o666)
    assert cache.load("unit", digest) is None
    assert cache.cached("unit", digest, lambda: "built") == "built"


def test_unwritable_cache_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BAOMI_CHECK_CACHE_DIR", str(blocker / "cache"))
    assert cache.store("unit", cache.key("x"), 1) is False
    rules = _pack(tmp_path / "rules", "甲乙丙丁")
    assert _rules(Checker.from_rules(rules, replace=True).check("甲乙丙丁")) == ["甲乙丙丁"]


def test_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_CHECK_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("BAOMI_CHECK_NO_CACHE", "1")
    assert cache.cache_dir() is None
    rules = _pack(tmp_path / "rules", "甲乙丙丁")
    assert _rules(Checker.from_rules(rules, replace=True).check("甲乙丙丁")) == ["甲乙丙丁"]
    assert not (tmp_path / "c").exists()


def test_broken_rules_are_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    from baomi_check import RuleError

    rules = tmp_path / "bad"
    rules.mkdir()
    (rules / "x.yaml").write_text("terms:\n  - term: 甲\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError):
            Checker.from_rules(rules, replace=True)


def test_engine_switches_to_windows_for_huge_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("　　联系电话：010-60000123。\n机密★5年\n" + "深入贯彻落实各项任务。\n" * 300) * 4
    checker = Checker.default()
    whole = checker.check(text)
    monkeypatch.setattr(engine_mod, "LARGE_TEXT_CHARS", 1000)
    windowed = checker.check(text)
    assert [(f.rule_id, f.start, f.end, f.line) for f in windowed.findings] == [
        (f.rule_id, f.start, f.end, f.line) for f in whole.findings
    ]
    assert windowed.findings


def test_jieba_without_pkg_resources_segments_the_same(tmp_path: Path) -> None:
    """A fresh interpreter: jieba imported through import_jieba() (data files opened without
    pkg_resources, dictionary from our cache) cuts words exactly like a plain jieba."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from baomi_check.cache import import_jieba, jieba_tokenizer\n"
        "jieba = import_jieba()\n"
        "assert sys.modules.get('pkg_resources', 'absent') is not None\n"
        "tok, words = jieba_tokenizer()\n"
        "texts = ['办法轮流执行', '地铁口交易', '我来到北京清华大学', '扫黄打非工作会议']\n"
        "for t in texts:\n"
        "    words.ensure(t)\n"
        "print([[w for w in tok.cut(t)] for t in texts])\n"
    )
    env = {**os.environ, "BAOMI_CHECK_CACHE_DIR": str(tmp_path / "c")}
    ours = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, check=True).stdout for _ in range(2)]  # build, then reuse
    plain = subprocess.run(
        [sys.executable, "-c", "import jieba\nt = jieba.Tokenizer()\nprint([[w for w in "
         "t.cut(x)] for x in ['办法轮流执行', '地铁口交易', '我来到北京清华大学', "
         "'扫黄打非工作会议']])"], capture_output=True, text=True, check=True).stdout
    assert ours[0] == ours[1] == plain


def _identifier_settings(checker: Checker) -> object:
    from baomi_check.detectors.identifiers import IdentifierDetector

    (det,) = [d for d in checker.detectors if isinstance(d, IdentifierDetector)]
    return det.settings


def test_identifier_settings_are_cached_and_follow_edits(cache_dir: Path, tmp_path: Path) -> None:
    """The validated ``identifiers:`` section is a cache entry of its own, keyed by the
    section's data: an edit takes effect, an invalid edit still fails with file and line."""
    from baomi_check.rulepack import RuleError

    rules = tmp_path / "rules"
    rules.mkdir()
    ids = rules / "ids.yaml"
    ids.write_text("identifiers:\n  mobile_list_min_lines: 3\n", encoding="utf-8")
    assert _identifier_settings(Checker.from_rules(rules)).mobile_list_min_lines == 3  # type: ignore[attr-defined]
    assert list(cache_dir.glob("idsettings-*.pickle"))
    ids.write_text("identifiers:\n  mobile_list_min_lines: 7\n", encoding="utf-8")
    assert _identifier_settings(Checker.from_rules(rules)).mobile_list_min_lines == 7  # type: ignore[attr-defined]
    ids.write_text("identifiers:\n  mobile_list_min_lines: 1\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        Checker.from_rules(rules)
    assert "ids.yaml:2" in str(err.value)
    assert "mobile_list_min_lines" in str(err.value)


def test_installed_fingerprint_without_importing() -> None:
    """Keys of artefacts built by other packages come from their installed files, found
    without importing them (``this`` is a stdlib module nothing else imports)."""
    import sys

    assert "this" not in sys.modules
    fp = cache.installed("this")
    assert fp.split(":")[0].endswith("this.py") and fp.count(":") == 2
    assert "this" not in sys.modules
    assert cache.installed("no_such_module_baomi") == "missing"
