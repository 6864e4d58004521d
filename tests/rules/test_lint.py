"""Rule-pack lint: the default pack is clean, and every kind of problem is found with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from baomi_check.lint import Problem, lint_pack, main
from baomi_check.rulepack import builtin_rules_dir


def test_default_pack_is_lint_clean() -> None:
    problems = lint_pack([builtin_rules_dir()])
    assert problems == [], "\n".join(map(str, problems))


def test_main_on_default_pack_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "clean" in capsys.readouterr().err


BAD = """\
defaults:
  category: spam
  severity: block
  message: m
terms:
  - term: 六合彩
  - term: 六合彩
  - term: 六合綵
  - term: 赌
  - term: Ａ
  - term: 黄片
    allow: [黄片, 小黄鸭]
  - term: 百家乐
    unless_near: [家乐, 打]
  - term: "\u200b\u200d"
patterns:
  - id: p.one
    regex: '【开奖】'
  - id: p.two
    regex: '【开奖】'
  - id: p.empty
    regex: 'x*'
"""


def _codes(problems: list[Problem]) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in problems]


def test_every_problem_kind_with_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(BAD, encoding="utf-8")
    problems = lint_pack([tmp_path])
    got = _codes(problems)
    assert (7, "duplicate") in got  # second 六合彩
    assert (8, "same-key") in got  # 六合綵 → 六合彩
    assert (9, "single-char") in got  # 赌
    assert (10, "single-char") in got  # Ａ → a after normalization
    assert (11, "shadowed") in got  # allow phrase equal to the term
    assert (11, "allow-unused") in got  # 小黄鸭 does not contain 黄片
    assert (13, "shadowed") in got  # unless_near word inside the term
    assert (13, "broad-near") in got  # one-character unless_near
    assert (15, "empty-key") in got  # only invisible characters
    assert (19, "duplicate") in got  # same regex twice
    assert (21, "regex") in got  # can match the empty string
    assert all(p.file == str(f) for p in problems)
    assert str(problems[0]).startswith(f"{f}:")


def test_malformed_regex_and_yaml_errors_do_not_hide_other_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "patterns:\n  - id: x.y\n    regex: '[unclosed'\n    category: spam\n"
        "    severity: block\n    message: m\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text("terms: [\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "terms:\n  - term: 赌\n    category: spam\n    severity: block\n    message: m\n",
        encoding="utf-8",
    )
    problems = lint_pack([tmp_path])
    by_file = {(Path(p.file).name, p.code) for p in problems}
    assert ("a.yaml", "regex") in by_file
    assert ("b.yaml", "load") in by_file
    assert ("c.yaml", "single-char") in by_file
    assert next(p for p in problems if p.code == "regex").line == 3


def test_clean_user_pack_and_clash_with_builtin(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.yaml").write_text(
        "defaults: {category: sensitive_term, severity: review, message: m}\n"
        "terms:\n  - term: 某某工程代号\n  - term: 六合彩\n",
        encoding="utf-8",
    )
    assert main([str(tmp_path)]) == 0
    assert main([str(tmp_path), "--with-builtin"]) == 1
    out = capsys.readouterr().out
    assert "same-key" in out and "mine.yaml:4" in out


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert main([str(tmp_path / "nope")]) == 2


def test_settings_sections_are_linted_with_every_problem(tmp_path: Path) -> None:
    """A bad ``identifiers`` or ``table_columns`` section used to pass lint ("clean") and then
    fail the check one section at a time; both now report every problem with its line."""
    from baomi_check import Checker
    from baomi_check.rulepack import RuleError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "table_columns:\n  kinds:\n    x:\n      labels: []\n      value: '('\n"
        "      severity: review\n      message: m\nidentifiers:\n  mobile_list_min_lines: 1\n",
        encoding="utf-8",
    )
    found = [(p.line, p.code) for p in lint_pack([tmp_path])]
    assert found == [(4, "section"), (5, "section"), (9, "section")]
    with pytest.raises(RuleError) as err:
        Checker.from_rules(tmp_path)
    assert len(err.value.problems) == 3
