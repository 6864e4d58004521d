"""The identifier detector inside the default pipeline (``baomi_check.check``)."""

from __future__ import annotations

from baomi_check import check
from baomi_check.detectors import DEFAULT_DETECTORS
from baomi_check.detectors.identifiers import IdentifierDetector
from baomi_check.models import Severity

from .synth import card, id18


def test_registered_by_default() -> None:
    assert IdentifierDetector in DEFAULT_DETECTORS


def test_default_check_reports_masked_identifiers() -> None:
    n, c = id18(), card()
    text = f"申请人张三，身份证号{n}，银行卡号{c}，手机13800000000。"
    report = check(text)
    pii = {f.category: f for f in report.findings if f.rule_id.startswith("pii.")}
    assert report.verdict == "block"
    assert pii["id_card"].suggestion == "110101********0011"
    assert pii["bank_card"].severity is Severity.BLOCK
    assert pii["mobile_phone"].severity is Severity.BLOCK  # a record about a person
    for f in pii.values():
        assert text[f.start : f.end] == f.text
        assert f.text not in f.message and f.masked != f.text
    # Priority: nothing inside the ID number is reported as a phone or a card.
    inside = [f for f in report.findings if f.start >= pii["id_card"].start
              and f.end <= pii["id_card"].end and f is not pii["id_card"]]
    assert inside == []


def test_masked_document_passes() -> None:
    report = check("公示名单：张三 110101********0011 138****0000；李四 110101********0022 139****0000")
    assert [f for f in report.findings if f.rule_id.startswith("pii.")] == []
