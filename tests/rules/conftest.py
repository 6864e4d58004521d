"""Shared fixtures for the default-pack tests: the built-in pack, loaded once."""

from __future__ import annotations

import pytest

from baomi_check.rulepack import RulePack, builtin_rules_dir, load_pack


@pytest.fixture(scope="session")
def default_pack() -> RulePack:
    return load_pack(builtin_rules_dir())
