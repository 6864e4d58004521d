"""Users' own keyword lists (issue 14 item 7): plain .txt/.csv/.xlsx lists as sensitive_term
rules, every configured term in the segmenter's dictionary, lint for terms the segmenter cuts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baomi_check import Checker
from baomi_check.batch import BatchOptions, build_checker
from baomi_check.cli import main
from baomi_check.lint import lint_pack
from baomi_check.rulepack import RuleError, load_pack
from baomi_check.termlist import load_term_lists, read_terms

CONTEXTS = ["关于长江一号工程的通报", "长江一号工程建设进展", "推进长江一号工程进度",
            "长江一号工程项目"]


def hits(checker: Checker, text: str) -> list[str]:
    return [f.text for f in checker.check(text).findings if f.category == "sensitive_term"]


def test_a_strict_pack_term_is_never_cut_by_the_segmenter(tmp_path: Path) -> None:
    """A YAML term with the default ``boundary: strict`` is found after 关于 and before 建设,
    进度 and 项目: the term is in the segmenter's dictionary, so jieba keeps it whole."""
    (tmp_path / "p.yaml").write_text(
        "terms:\n  - term: 长江一号工程\n    category: sensitive_term\n    severity: block\n"
        "    message: 涉密代号\n", encoding="utf-8")
    checker = Checker.from_rules(tmp_path)
    for text in CONTEXTS:
        assert hits(checker, text) == ["长江一号工程"], text


def test_builtin_boundary_false_friends_survive_the_larger_dictionary() -> None:
    """Adding every term to the dictionary must not make jieba cut a look-alike as the term."""
    checker = Checker.default()
    for text in ["按照办法轮流值班", "在地铁口交易时", "这是一个大麻烦", "东北朝鲜族群众"]:
        assert checker.check(text).findings == [], text


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".xlsx", ".tsv"])
def test_list_formats(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"kw{suffix}"
    if suffix == ".txt":
        path.write_text("# 本单位涉密关键词\n\n长江一号工程\n黄河二号   # 代号\n", encoding="utf-8")
    elif suffix == ".csv":
        # Excel in a Chinese locale saves GBK; the 关键词 column is not the first.
        path.write_bytes("序号,关键词,备注\n1,长江一号工程,代号\n2,黄河二号,\n".encode("gb18030"))
    elif suffix == ".tsv":
        path.write_text("长江一号工程\t代号\n黄河二号\t\n", encoding="utf-8")
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["编号", "关键词"])
        ws.append([1, "长江一号工程"])
        ws.append([2, "黄河二号"])
        wb.save(path)
    assert [t for _n, t in read_terms(path)] == ["长江一号工程", "黄河二号"]


def test_terms_are_normalised_like_documents(tmp_path: Path) -> None:
    (tmp_path / "kw.txt").write_text("長江一號工程\nＡＢＣ计划\n", encoding="utf-8")
    pack = Checker.default().pack.extend(load_term_lists([tmp_path / "kw.txt"], "review"))
    checker = Checker(pack)
    assert hits(checker, "推进长江一号工程进度") == ["长江一号工程"]
    assert hits(checker, "啟動abc計劃") == ["abc計劃"]
    found = checker.check("长江一号工程建设进展").findings
    assert [(f.rule_id, f.severity.value) for f in found] == [("term.user_list", "review")]


def test_bad_entries_are_refused_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "kw.txt").write_text("长江一号工程\n长\n\u200b\u200b\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("# 只有注释\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_term_lists([tmp_path / "kw.txt", tmp_path / "empty.txt", tmp_path / "kw.xls"])
    text = str(err.value)
    assert "kw.txt:2:" in text and "一个字" in text
    assert "kw.txt:3:" in text
    assert "empty.txt:1:" in text and "为空" in text
    assert "kw.xls:1:" in text and "另存为 .xlsx" in text


def test_duplicates_after_normalisation_are_one_rule(tmp_path: Path) -> None:
    (tmp_path / "kw.txt").write_text("长江一号工程\n長江一號工程\n长江一号工程\n", encoding="utf-8")
    assert len(load_term_lists([tmp_path / "kw.txt"]).terms) == 1


def test_short_terms_keep_the_boundary_check(tmp_path: Path) -> None:
    (tmp_path / "kw.txt").write_text("法轮\n", encoding="utf-8")
    checker = build_checker(BatchOptions(terms=(str(tmp_path / "kw.txt"),)))
    assert hits(checker, "按照办法轮流值班") == []


def test_cli_terms_and_severity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kw = tmp_path / "kw.txt"
    kw.write_text("长江一号工程\n", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("关于推进长江一号工程建设进展的报告\n", encoding="utf-8")
    assert main([str(doc), "--no-config", "-q", "--no-progress"]) == 0
    capsys.readouterr()
    assert main([str(doc), "--terms", str(kw), "--no-config", "-q", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    found = out[0]["report"]["findings"]
    assert [(f["rule_id"], f["severity"], f["text"]) for f in found] == [
        ("term.user_list", "block", "长江一号工程")]
    assert main([str(doc), "--terms", str(kw), "--terms-severity", "review", "--no-config",
                 "-q"]) == 0
    capsys.readouterr()


def test_cli_bad_list_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("正文\n", encoding="utf-8")
    assert main([str(doc), "--terms", str(tmp_path / "missing.txt"), "--no-config", "-q"]) == 2
    assert "missing.txt" in capsys.readouterr().err


def test_settings_key_is_relative_to_the_settings_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "kw.txt").write_text("长江一号工程\n", encoding="utf-8")
    (tmp_path / ".baomi-check.toml").write_text(
        'terms = ["lists/kw.txt"]\nterms-severity = "review"\n', encoding="utf-8")
    sub = tmp_path / "docs"
    sub.mkdir()
    (sub / "doc.txt").write_text("长江一号工程项目\n", encoding="utf-8")
    monkeypatch.chdir(sub)
    assert main(["doc.txt", "-q", "--fail-on", "review", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)[0]["report"]["findings"]
    assert [(f["rule_id"], f["severity"]) for f in found] == [("term.user_list", "review")]


def test_lint_warns_about_terms_the_segmenter_cuts(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "defaults: {category: sensitive_term, severity: review, message: m}\n"
        "terms:\n  - term: 长江一号工程\n  - term: 工程建设\n"
        "  - term: 工程建设\n    rule: other\n    boundary: none\n", encoding="utf-8")
    problems = [p for p in lint_pack([tmp_path]) if p.code == "cut"]
    assert [(p.line, p.code) for p in problems] == [(4, "cut")]
    assert "工程建设项目" in problems[0].message


def test_lint_reads_term_lists(tmp_path: Path) -> None:
    (tmp_path / "kw.txt").write_text("长江一号工程\n长\n", encoding="utf-8")
    problems = lint_pack([tmp_path / "kw.txt"])
    assert [(p.line, p.code) for p in problems] == [(2, "load")]


def test_yaml_pack_loader_is_unchanged_by_lists(tmp_path: Path) -> None:
    """A folder of rules with a .txt beside the YAML: the loader reads only YAML."""
    (tmp_path / "notes.txt").write_text("长\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text("terms: []\n", encoding="utf-8")
    assert load_pack(tmp_path).terms == []


def test_redact_replaces_list_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``baomi-check redact --term-list`` uses the same lists as ``check --terms``."""
    (tmp_path / "kw.txt").write_text("长江一号工程\n", encoding="utf-8")
    src = tmp_path / "doc.txt"
    src.write_text("推进长江一号工程进度。\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["redact", str(src), str(out), "--term-list", str(tmp_path / "kw.txt")]) == 0
    capsys.readouterr()
    assert out.read_text("utf-8") == "推进■■■■■■进度。\n"
    assert src.read_text("utf-8") == "推进长江一号工程进度。\n"  # the input is never modified


def test_worker_processes_load_the_lists_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --jobs 2 each worker builds its checker from the options: the lists must travel."""
    kw = tmp_path / "kw.txt"
    kw.write_text("长江一号工程\n", encoding="utf-8")
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text("推进长江一号工程进度。\n", encoding="utf-8")
    code = main([str(tmp_path / f"d{i}.txt") for i in range(3)]
                + ["--terms", str(kw), "--jobs", "2", "--no-config", "-q", "--format", "jsonl"])
    assert code == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["report"]["findings"][0]["rule_id"] for r in rows) == ["term.user_list"] * 3
