"""``--list-suppressed`` listing: causes named, values masked, baseline matches included."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import id18

from baomi_check import Checker, check
from baomi_check.models import FileResult
from baomi_check.report.suppressed import list_suppressed, rederive
from baomi_check.suppress import Allowlist

ID = id18("11010118800101001")


def test_listing_names_the_cause_and_masks(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text(
        "<!-- baomi-check: allow-next-line marking -->\n机密★5年\n"
        f"秘密武器 公民身份号码{ID} # baomi-check: allow id_card\n",
        encoding="utf-8",
    )
    checker = Checker.default()
    result = FileResult(path=str(path), report=check(path.read_text("utf-8")))
    allow = Allowlist.parse("phrase: 秘密武器", "allow.txt")
    found = rederive(result, checker, allow)
    assert any("allow-next-line marking（第1行）" in s.by for s in found)
    out = io.StringIO()
    n = list_suppressed([result], [(str(path), [])], checker, allow, out)
    text = out.getvalue()
    assert n == len(found) and text.startswith(f"已抑制 {n} 处：")
    assert ID not in text
    if any(s.finding.category == "id_card" for s in found):
        assert "110101********0011" in text
    out = io.StringIO()
    list_suppressed([result], [], checker, allow, out, show_values=True)
    assert "机密★5年" in out.getvalue()


def test_baseline_matches_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("机密★5年\n正文\n", encoding="utf-8")
    report = check(path.read_text("utf-8"))
    result = FileResult(path=str(path), report=report.model_copy(update={"findings": []}))
    out = io.StringIO()
    n = list_suppressed([result], [(str(path), report.findings)], Checker.default(), None, out,
                        baseline_path="b.json")
    assert n == len(report.findings) >= 1
    assert "← 基线 b.json" in out.getvalue()


def test_nothing_suppressed() -> None:
    out = io.StringIO()
    assert list_suppressed([FileResult(path="x", error="坏文件")], [], Checker.default(), None,
                           out) == 0
    assert out.getvalue() == "已抑制 0 处。\n"


def test_listing_escapes_control_characters() -> None:
    """The listing goes to a terminal (stderr): no escape sequences or forged lines."""
    from baomi_check.report.suppressed import write_suppressed
    from baomi_check.suppress import Suppressed

    text = "机密★5年\n正文"
    report = check(text)
    (f,) = [g for g in report.findings if g.category == "classified_marking"][:1]
    out = io.StringIO()
    n = write_suppressed(
        [("evil\n  x.md  通过\x1b[31m.md", [Suppressed(finding=f, kind="inline", by="指令\x07")])],
        out,
        False,
    )
    assert n == 1
    shown = out.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and len(shown.splitlines()) == 2
