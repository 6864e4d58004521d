"""Rule packs: validation errors name file and line; user packs extend or replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from baomi_check import Checker, RuleError
from baomi_check.rulepack import builtin_rules_dir, load_pack


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_builtin_pack_loads() -> None:
    pack = load_pack(builtin_rules_dir())
    assert pack.terms and pack.patterns
    assert len(pack.digest) == 64


def test_bad_severity_names_file_and_line(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "defaults: {category: spam, message: m}\n"
        "terms:\n"
        "  - term: 六合彩\n"
        "    severity: high\n",
    )
    with pytest.raises(RuleError) as err:
        load_pack(p)
    assert f"{p}:4: terms[0].severity" in str(err.value)  # the line of the bad field
    assert "severity" in str(err.value)


def test_bad_regex_names_line(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "patterns:\n"
        "  - id: x.y\n"
        "    regex: '(unclosed'\n"
        "    category: spam\n"
        "    severity: block\n"
        "    message: m\n",
    )
    with pytest.raises(RuleError, match=r"pack\.yaml:3: patterns\[0\]\.regex: .*compile"):
        load_pack(p)


def test_unknown_category_and_missing_message(tmp_path: Path) -> None:
    p = write(tmp_path, "terms:\n  - {term: 某词, category: nonsense, severity: block}\n")
    with pytest.raises(RuleError) as err:
        load_pack(p)
    text = str(err.value)
    assert "category" in text and "message" in text
    assert all(line.startswith(f"{p}:2:") for line in text.splitlines())


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    p = write(tmp_path, "terms:\n  - term: [unclosed\n  - b\n")
    with pytest.raises(RuleError, match=r"pack\.yaml:\d+: YAML syntax error"):
        load_pack(p)


def test_duplicate_keys_are_reported(tmp_path: Path) -> None:
    p = write(tmp_path, "terms: []\nterms: []\n")
    with pytest.raises(RuleError, match=r"pack\.yaml:2: duplicate key 'terms'"):
        load_pack(p)


def test_every_problem_is_listed(tmp_path: Path) -> None:
    write(tmp_path, "terms:\n  - {term: a1, category: spam, severity: bad, message: m}\n", "a.yaml")
    write(tmp_path, "patterns:\n  - {id: BAD ID, regex: x, category: spam, severity: block, "
          "message: m}\n", "b.yaml")
    with pytest.raises(RuleError) as err:
        load_pack(tmp_path)
    assert len(err.value.problems) == 2


def test_from_rules_extends_and_replaces(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "defaults:\n"
        "  category: sensitive_term\n"
        "  severity: review\n"
        "  message: 客户敏感词“{term}”\n"
        "terms: [某某项目代号]\n",
    )
    extended = Checker.from_rules(p)
    replaced = Checker.from_rules(p, replace=True)
    text = "机密★5年\n关于某某项目代号的说明"
    assert {f.category for f in extended.check(text).findings} == {
        "classified_marking", "sensitive_term"
    }
    # The marking grammar is code, not pack data, so it still runs; pack terms are replaced.
    only = replaced.check("扫黑险恶，某某项目代号").findings
    assert [f.text for f in only] == ["某某项目代号"]
    assert only[0].message == "客户敏感词“某某项目代号”"


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="no such rule file"):
        load_pack(tmp_path / "nope")
