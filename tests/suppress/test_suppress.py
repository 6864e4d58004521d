"""Inline directives and allow-list files: what they suppress, what they must not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from baomi_check import check
from baomi_check.baseline import normalize_value, value_hmac
from baomi_check.models import Finding, Report, Severity, verdict_for
from baomi_check.suppress import (
    Allowlist,
    AllowlistError,
    apply_suppressions,
    find_directives,
)

KEY = b"k" * 32


def f_at(text: str, needle: str, rule: str, category: str, nth: int = 0,
         severity: str = "block") -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    return Finding(rule_id=rule, category=category, severity=Severity(severity),  # type: ignore[arg-type]
                   start=start, end=start + len(needle), text=needle, line=line,
                   column=start - text.rfind("\n", 0, start), message="m")


def report(findings: list[Finding]) -> Report:
    return Report(verdict=verdict_for(findings), findings=findings,
                  stats={"findings": len(findings)})


# --- directives ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "rules"),
    [
        ("电话 <!-- baomi-check: allow landline -->", "allow", ("landline",)),
        ("<!-- baomi-check: allow-next-line marking spam.lottery -->", "allow-next-line",
         ("marking", "spam.lottery")),
        ("# baomi-check: allow", "allow", ()),
        ("x = 1  // baomi-check: allow-next-line pii.mobile, landline -- 单位公开电话",
         "allow-next-line", ("pii.mobile", "landline")),
        ("/* baomi-check: allow spam.* */", "allow", ("spam.*",)),
    ],
)
def test_directive_forms(line: str, kind: str, rules: tuple[str, ...]) -> None:
    (d,) = find_directives("标题\n" + line + "\n正文")
    assert (d.line, d.kind, d.rules) == (2, kind, rules)
    assert d.target == (3 if kind == "allow-next-line" else 2)


@pytest.mark.parametrize(
    "line",
    [
        "文中提到 baomi-check: allow 这个写法",  # prose, not a comment
        "<!-- baomi-check: allowed -->",  # not the keyword
        "<!-- baomi-check allow -->",  # no colon
    ],
)
def test_not_directives(line: str) -> None:
    assert find_directives(line) == []


def test_allow_on_the_line_and_next_line() -> None:
    text = (
        "机密★5年 <!-- baomi-check: allow marking.classified -->\n"
        "<!-- baomi-check: allow-next-line -->\n"
        "六合彩\n"
        "六合彩\n"
    )
    fs = [
        f_at(text, "机密★5年", "marking.classified", "classified_marking"),
        f_at(text, "六合彩", "spam.lottery", "spam"),
        f_at(text, "六合彩", "spam.lottery", "spam", nth=1),
    ]
    rep, dropped = apply_suppressions(text, report(fs))
    assert [f.line for f in rep.findings] == [4]
    assert [(s.kind, s.finding.line) for s in dropped] == [("inline", 1), ("inline", 3)]
    assert "allow marking.classified（第1行）" in dropped[0].by
    assert rep.verdict == "block" and rep.stats["findings"] == 1


def test_rule_list_limits_the_directive() -> None:
    text = "机密★5年 六合彩 # baomi-check: allow spam\n"
    fs = [f_at(text, "机密★5年", "marking.classified", "classified_marking"),
          f_at(text, "六合彩", "spam.lottery", "spam")]
    rep, dropped = apply_suppressions(text, report(fs))
    assert [f.rule_id for f in rep.findings] == ["marking.classified"]
    assert [s.finding.rule_id for s in dropped] == ["spam.lottery"]


def test_full_suppression_recomputes_the_verdict() -> None:
    text = "机密★5年 <!-- baomi-check: allow -->"
    rep, _ = apply_suppressions(text, report([f_at(text, "机密★5年", "marking.classified",
                                                     "classified_marking")]))
    assert rep.verdict == "pass" and rep.findings == []


def test_through_check_with_crlf() -> None:
    text = "关于通知\r\n<!-- baomi-check: allow-next-line -->\r\n机密★5年\r\n"
    base = check(text)
    assert base.verdict == "block"
    rep, dropped = apply_suppressions(text, base)
    assert rep.verdict == "pass" and len(dropped) == len(base.findings)


def test_cheap_when_absent() -> None:
    """No marker: one substring scan, no regex per line (detect-secrets' 69 % CPU lesson)."""
    text = "正文内容，没有任何指令。\n" * 200_000
    t0 = time.perf_counter()
    assert find_directives(text) == []
    assert time.perf_counter() - t0 < 0.05


# --- allow-list ------------------------------------------------------------------------------


def test_allowlist_phrase_value_and_hmac(tmp_path: Path) -> None:
    phone = "13800000000"
    text = f"秘密武器是团结。联系电话 138-0000-0000。另一电话{phone[:3]}00000001。秘密\n"
    other = phone[:3] + "00000001"
    path = tmp_path / "allow.txt"
    path.write_text(
        "# 允许清单\n"
        "秘密武器\n"
        f"value[mobile_phone]: {phone}\n"
        f"hmac: {value_hmac(KEY, normalize_value('mobile_phone', other))}\n",
        encoding="utf-8",
    )
    allow = Allowlist.load(path, key=KEY)
    fs = [
        f_at(text, "秘密", "term.secret", "sensitive_term"),
        f_at(text, "138-0000-0000", "pii.mobile", "mobile_phone", severity="review"),
        f_at(text, other, "pii.mobile", "mobile_phone", severity="review"),
        f_at(text, "秘密", "term.secret", "sensitive_term", nth=1),
    ]
    rep, dropped = apply_suppressions(text, report(fs), allow)
    assert [(f.text, f.start) for f in rep.findings] == [("秘密", text.rindex("秘密"))]
    kinds = [s.by for s in dropped]
    assert kinds[0].startswith("allow-list phrase “秘密武器”")
    assert kinds[1].startswith("allow-list value[mobile_phone]")
    assert kinds[2].startswith("allow-list hmac")
    assert all(phone not in k and other not in k for k in kinds)


def test_allowlist_value_restricted_to_rules(tmp_path: Path) -> None:
    text = "电话13800000000"
    allow = Allowlist.parse("value[landline]: 13800000000")
    rep, dropped = apply_suppressions(
        text, report([f_at(text, "13800000000", "pii.mobile", "mobile_phone")]), allow
    )
    assert dropped == [] and len(rep.findings) == 1


def test_hmac_without_key_is_ignored_with_a_warning() -> None:
    text = "电话13800000000"
    allow = Allowlist.parse("hmac: " + "0" * 64, "a.txt", key=None)
    rep, dropped = apply_suppressions(
        text, report([f_at(text, "13800000000", "pii.mobile", "mobile_phone")]), allow
    )
    assert not dropped and any("hmac" in w for w in rep.warnings)


def test_allowlist_errors_name_the_line() -> None:
    with pytest.raises(AllowlistError, match=r"a\.txt:2: hmac needs 64 hex"):
        Allowlist.parse("ok\nhmac: abc\n", "a.txt")
    with pytest.raises(AllowlistError, match=r"a\.txt:1: empty value"):
        Allowlist.parse("value:   \n", "a.txt")


def test_traditional_phrase_matches_simplified_text() -> None:
    text = "机密文件柜采购项目"
    allow = Allowlist.parse("機密文件櫃")
    _rep, dropped = apply_suppressions(
        text, report([f_at(text, "机密", "term.secret", "sensitive_term")]), allow
    )
    assert len(dropped) == 1
