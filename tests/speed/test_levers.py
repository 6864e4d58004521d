"""The lever switches themselves (the equivalence of each lever is tested next to it)."""

from __future__ import annotations

import pytest

from baomi_check import levers


def test_all_levers_are_on_by_default() -> None:
    assert all(getattr(levers.Levers(), n) for n in levers.names())


def test_override_restores_the_previous_state_even_on_error() -> None:
    before = levers.active
    with pytest.raises(RuntimeError), levers.override(anchors=False) as lv:
        assert not lv.anchors and not levers.active.anchors
        raise RuntimeError
    assert levers.active == before


def test_environment_names_the_levers_switched_off() -> None:
    lv = levers.from_env("anchors, identity")
    assert not lv.anchors and not lv.identity and lv.term_scan
    assert levers.off_list(lv) == "identity,anchors"
    assert levers.from_env(levers.off_list(lv)) == lv


def test_a_misspelt_lever_is_an_error_not_a_silent_no_op() -> None:
    with pytest.raises(ValueError, match="anchor"):
        levers.from_env("anchor")
