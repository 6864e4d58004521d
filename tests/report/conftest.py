"""Synthetic results for the report-writer tests.

All personal data is synthetic: ID numbers are built from the cn-formats vector bodies (births
before 1900) with the check character computed here, phones have all-zero tails, and the bank
card number has its Luhn digit computed.  The reports are built by hand (``Finding`` objects with
exact offsets), so these tests do not depend on which detectors are registered.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from baomi_check.mask import mask_value
from baomi_check.models import FileResult, Finding, Report, Severity, verdict_for
from baomi_check.testing import id_number, luhn_digit


def id18(body17: str) -> str:
    """GB 11643 check character appended to a 17-digit body."""
    return id_number(body17)


def luhn(body: str) -> str:
    return body + luhn_digit(body)


@dataclass(frozen=True)
class Synth:
    id_a: str = id18("11010118800101001")
    id_b: str = id18("31011518991231123")
    id_unclaimed: str = id18("44030518960229004")
    phone: str = "13800000000"
    card: str = luhn("622202000000000000")

    @property
    def raw_values(self) -> list[str]:
        return [self.id_a, self.id_b, self.id_unclaimed, self.phone, self.card]


@pytest.fixture(scope="session")
def synth() -> Synth:
    s = Synth()
    assert s.id_a == "110101188001010011"  # the cn-formats vector, so the helper is right
    return s


def finding(
    text: str,
    needle: str,
    rule_id: str,
    category: str,
    severity: str = "block",
    *,
    nth: int = 0,
    message: str | None = None,
    suggestion: str | None = None,
    masked: bool | None = None,
    location: str | None = None,
) -> Finding:
    """A finding on the ``nth`` occurrence of ``needle`` with exact offsets and positions."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = text.count("\n", 0, end) + 1
    end_col = end - (text.rfind("\n", 0, end) + 1) + 1
    is_id = masked if masked is not None else category in {"id_card", "mobile_phone"}
    return Finding(
        rule_id=rule_id,
        category=category,  # type: ignore[arg-type]
        severity=Severity(severity),
        start=start,
        end=end,
        text=needle,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        message=message or f"{rule_id} 命中",
        suggestion=suggestion if suggestion is not None else (
            mask_value(category, needle) if is_id else None
        ),
        masked=mask_value(category, needle) if is_id else None,
        location=location,
        matched=needle if is_id else None,
    )


def make_report(text: str, findings: list[Finding], warnings: list[str] | None = None) -> Report:
    findings = sorted(findings, key=lambda f: (f.start, f.end))
    return Report(
        source=None,
        verdict=verdict_for(findings),
        findings=findings,
        stats={"chars": len(text), "findings": len(findings)},
        warnings=warnings or [],
    )


@dataclass
class Batch:
    results: list[FileResult]
    texts: dict[str, str]

    def text_of(self, r: FileResult) -> str | None:
        return self.texts.get(r.path)


@pytest.fixture()
def batch(synth: Synth) -> Batch:
    """Three files: one with identifiers, markings and a long hidden block; one clean; one that
    could not be read.  Messages and warnings repeat raw values on purpose."""
    s = synth
    t1 = (
        "机密★5年\n"
        "关于报送人员名单的通知\n"
        f"联系人：张三，身份证号{s.id_a}，手机{s.phone}。\n"
        f"隐藏段落：六合彩开奖 联系{s.phone} 另一证件{s.id_b}\n"
        f"备注编号{s.id_unclaimed}（未被任何检测器认领）\n"
        f"卡号 {s.card}\n"
    )
    hidden_start = t1.index("隐藏段落")
    hidden_end = t1.index("\n", hidden_start)
    f_hidden = finding(t1, t1[hidden_start:hidden_end], "tampering.hidden", "tampering", "review",
                       message="页面中有隐藏内容")
    fs = [
        finding(t1, "机密★5年", "marking.classified", "classified_marking",
                message="出现国家秘密标志“机密★5年”"),
        finding(t1, s.id_a, "pii.id_card", "id_card",
                message=f"身份证号 {s.id_a} 不得公开"),
        finding(t1, s.phone, "pii.mobile", "mobile_phone", "review"),
        finding(t1, "六合彩", "spam.lottery", "spam"),
        finding(t1, s.phone, "pii.mobile", "mobile_phone", "review", nth=1),
        finding(t1, s.id_b, "pii.id_card", "id_card"),
        f_hidden,
        # a bank card finding without a ``masked`` value: outputs must mask it anyway
        finding(t1, s.card, "pii.bank_card", "bank_card", masked=False,
                location="第2页"),
    ]
    r1 = FileResult(
        path="docs/名单.txt",
        report=make_report(t1, fs, warnings=[f"检测器 demo 出错：无法解析 {s.phone}"]),
        kind="txt",
        encoding="utf-8",
    )
    t2 = "关于开展春季植树活动的通知\n各单位：请按时参加。\n"
    r2 = FileResult(path="docs/clean.md", report=make_report(t2, []), kind="md")
    r3 = FileResult(path="docs/broken.docx", error="无法读取：不是有效的 docx 文件", kind="docx")
    return Batch([r1, r2, r3], {r1.path: t1, r2.path: t2})
