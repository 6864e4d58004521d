from __future__ import annotations

from pathlib import Path

import pytest

from baomi_check import Checker

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def traps() -> Checker:
    """The built-in pack plus the cross-word trap terms."""
    return Checker.from_rules(DATA / "traps.yaml")
