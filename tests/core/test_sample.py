"""The real page captured from a hijacked mirror site (corpus/samples)."""

from __future__ import annotations

from pathlib import Path

from baomi_check import check

SAMPLE = Path(__file__).parents[2] / "corpus" / "samples" / "hijacked-mirror-annual-report.txt"


def test_hijacked_mirror_page() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    report = check(text)
    assert report.verdict == "block"
    spam = [f for f in report.findings if f.category == "spam"]
    assert spam and all(f.line == 1 for f in spam)
    assert all(f.severity.value == "block" for f in spam)
    tampering = [f for f in report.findings if f.category == "tampering"]
    assert len(tampering) == 1 and tampering[0].rule_id == "tampering.pinyin_conversion"
    # Nothing in the clean body: every other finding is on line 1 or is the tampering signal.
    assert {f.category for f in report.findings} == {"spam", "tampering"}
    for f in report.findings:
        assert text[f.start:f.end] == f.text


def test_body_mentions_of_secrecy_review_are_clean() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1]
    assert "保密審查" in body and "國家安全" in body
    assert [f.category for f in check(body).findings] == ["tampering"]
