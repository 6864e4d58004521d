"""Fixtures: a checker running only the identifier detector (others' detectors are tested in
their own folders), and a helper that also asserts the offset contract on every finding."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from baomi_check.detectors.identifiers import IdentifierDetector
from baomi_check.engine import Checker
from baomi_check.models import Finding

Find = Callable[..., list[Finding]]


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker(detectors=[IdentifierDetector])


@pytest.fixture(scope="session")
def find(checker: Checker) -> Find:
    def run(text: str, category: str | None = None) -> list[Finding]:
        report = checker.check(text)
        for f in report.findings:
            assert text[f.start : f.end] == f.text, f
            assert f.masked, f
            assert f.suggestion, f
            # Messages never carry the raw value.
            raw = "".join(ch for ch in f.text if ch.isalnum())
            if len(raw) >= 7:
                assert raw not in f.message, f
        if category is not None:
            return [f for f in report.findings if f.category == category]
        return report.findings

    return run
