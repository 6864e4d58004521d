"""Command-line hardening of issue 11: empty runs, the pre-commit entry, SARIF and order."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from baomi_check.cli import main

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--no-progress", "--no-config"]


def test_a_run_that_checks_nothing_exits_2_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    only_skipped = tmp_path / "code"
    (only_skipped / "node_modules").mkdir(parents=True)
    (only_skipped / "node_modules" / "a.md").write_text("机密★5年\n", encoding="utf-8")
    (only_skipped / "tool.py").write_text("print(1)\n", encoding="utf-8")
    for folder in (empty, only_skipped):
        assert main([*ARGS, str(folder)]) == 2
        assert "没有找到可检查的文件" in capsys.readouterr().err
        assert main([*ARGS, "--allow-empty", str(folder)]) == 0
    excluded = tmp_path / "x.md"
    excluded.write_text("正文\n", encoding="utf-8")
    assert main([*ARGS, "--exclude", "x.md", str(excluded)]) == 2


def test_the_pre_commit_entry_allows_an_empty_selection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pre-commit runs the hook only with matching staged files, but a user's configuration
    may exclude all of them: the hook must then pass, as it did before B.15."""
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    entry = hook["entry"].split()
    assert entry[0] == "baomi-check" and "--allow-empty" in entry
    draft = tmp_path / "drafts" / "x.md"
    draft.parent.mkdir()
    draft.write_text("机密★5年\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main([*ARGS, "--exclude", "drafts/*", "drafts/x.md"]) == 2
    assert main([*entry[1:], *ARGS, "--exclude", "drafts/*", "drafts/x.md"]) == 0


def test_rules_help_is_the_subcommand_help_and_lint_speaks_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "--help"]) == 0
    out = capsys.readouterr().out
    assert "baomi-check rules lint" in out and "--fail-on" not in out
    assert main(["rules", "frobnicate"]) == 2
    assert "未知的 rules 子命令" in capsys.readouterr().err
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "terms:\n  - term: 赌\n    category: spam\n    severity: block\n    message: m\n",
        encoding="utf-8",
    )
    assert main(["rules", "lint", str(pack)]) == 1
    captured = capsys.readouterr()
    assert "只有一个字" in captured.out and "个问题" in captured.err
    assert main(["rules", "lint", "--help"]) == 0
    assert "检查规则包" in capsys.readouterr().out


def _run_stdin(data: bytes, *args: str) -> tuple[int, str, str]:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "baomi_check", *ARGS, "-q", *args], input=data,
                          capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_dash_reads_standard_input_with_encoding_detection() -> None:
    """``baomi-check -`` reads standard input (issue 11 B.14), GBK as well as UTF-8."""
    code, out, _ = _run_stdin("机密★5年\n正文\n".encode("gbk"), "--format", "json", "-")
    assert code == 1
    rows = __import__("json").loads(out)
    assert rows[0]["path"] == "<stdin>" and rows[0]["report"]["verdict"] == "block"
    assert rows[0]["encoding"] is None or "gb" in rows[0]["encoding"].lower()
    code, out, _ = _run_stdin(b"<p>\xe6\x9c\xba\xe5\xaf\x86\xe2\x98\x855\xe5\xb9\xb4</p>",
                              "--stdin-name", "news/page.html", "--format", "jsonl", "-")
    assert code == 1 and '"path":"news/page.html"' in out and '"kind":"html"' in out
    code, _, err = _run_stdin("关于开展保密教育的通知\n".encode(), "-")
    assert code == 0, err
