"""Issue 17: the speed levers change how fast findings are made, never which ones."""

from __future__ import annotations

import pytest

from baomi_check import Checker

from .frozen import FROZEN, load_frozen, snapshot


@pytest.fixture(scope="module")
def frozen() -> dict[str, dict[str, object]]:
    assert FROZEN.exists(), "the frozen run is part of the repository"
    return load_frozen()


def test_today_engine_reports_exactly_the_frozen_findings(
    frozen: dict[str, dict[str, object]],
) -> None:
    now = snapshot(Checker.default())
    # The real texts live outside the repository; without them their part is not compared.
    expected = {k: v for k, v in frozen.items() if not k.startswith("realtext/") or k in now}
    assert set(now) == set(expected), "the frozen inputs changed: re-freeze on purpose"
    changed = [k for k in now if now[k]["digest"] == expected[k]["digest"] and now[k] != expected[k]]
    drifted = [k for k in now if now[k]["digest"] != expected[k]["digest"]]
    assert not drifted, f"inputs differ from the frozen run (re-freeze on purpose): {drifted[:5]}"
    assert not changed, f"findings differ from the frozen run: {changed[:10]}"


def test_the_frozen_run_covers_what_the_levers_touch(
    frozen: dict[str, dict[str, object]],
) -> None:
    """A frozen run of clean texts only would let a lever drop findings unnoticed."""
    cats = {f[1] for v in frozen.values() for f in v["findings"]}  # type: ignore[attr-defined]
    assert {"id_card", "mobile_phone", "bank_card", "classified_marking",
            "internal_marking", "spam", "tampering", "personal_info"} <= cats
    verdicts = {v["verdict"] for v in frozen.values()}
    assert verdicts == {"pass", "review", "block"}
