"""The pattern prefilter must be sound: whenever it says "cannot match", the regex has no match.

Checked on every pattern of the default pack against texts built from the patterns' own
characters (so near-misses are common), and on hand-written patterns covering the syntax the
analyser must refuse (inline flags, set operations, fuzzy matching) or see through (groups,
optional items, look-arounds)."""

from __future__ import annotations

import random

import pytest
import regex

from baomi_check.literals import may_match, required_literals
from baomi_check.rulepack import builtin_rules_dir, load_pack

_PACK_PATTERNS = [p.regex for p in load_pack(builtin_rules_dir()).patterns]
_HAND = [
    r"a{0,3}b", r"(?:a|b)c", r"a+b*", r"(?:a|)b", r"(?<=x)y", r"(?P<n>ab)c?", r"x\.y",
    r"(?<!福利)彩票", r"(?:此\s*件)?\s*不\s*得\s*外\s*传", r"[(（]?\s*此\s*件", r"甲{2}乙|丙?丁",
    r"(?:甲(?:乙|丙))+丁", r"\p{Han}{0,8}工\s*作", r"【[^】]{0,4}】",
    r"病历号\s*[:：]\s*\d+", r"甲乙+丙", r"(?:住院|门诊)号", r"子(?:丑寅|卯辰)午", r"甲\.乙丙?丁",
]


@pytest.mark.parametrize("pattern", ["(?i)abc", "[[a]--[b]]c", "a{e<=1}", "ab|c?", "(?:a|)"])
def test_refuses_what_it_does_not_understand(pattern: str) -> None:
    assert required_literals(pattern) is None


def test_sees_through_groups_and_optional_items() -> None:
    need = required_literals(r"(?:此\s*件)?\s*(?:不\s*得|请\s*勿)\s*外\s*传")
    assert need is not None
    assert not may_match(need, "此件可以公开")
    assert may_match(need, "请勿外传")
    assert required_literals(r"(?<=x)y") == ((frozenset("y"),),)


def test_adjacent_literals_form_a_required_run() -> None:
    """``病历号`` must appear as such, not merely its three characters somewhere."""
    need = required_literals(r"病历号\s*[:：]\s*\d+")
    assert need == ((frozenset({"病历号"}),),)
    assert not may_match(need, "病人的历史记录编号：12")
    assert may_match(need, "病历号：12")
    # ``+`` keeps its character and ends the run; an optional one breaks it.
    assert required_literals(r"甲乙+丙") == ((frozenset({"甲乙"}), frozenset({"丙"})),)
    assert required_literals(r"甲\.乙丙?丁") == ((frozenset({"甲.乙"}), frozenset({"丁"})),)
    # A group offers its alternatives' runs.
    assert required_literals(r"(?:住院|门诊)号") == ((frozenset({"住院", "门诊"}), frozenset({"号"})),)
    assert may_match(required_literals(r"甲乙+丙"), "甲乙乙乙丙")


def _texts(pattern: str, rng: random.Random, n: int) -> list[str]:
    alphabet = [c for c in pattern if not c.isascii()] + list(" \n，。ab1")
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(n)]


@pytest.mark.parametrize("pattern", _PACK_PATTERNS + _HAND)
def test_prefilter_is_sound(pattern: str) -> None:
    compiled = regex.compile(pattern, regex.V1)
    need = required_literals(pattern)
    rng = random.Random(pattern)
    for text in _texts(pattern, rng, 400):
        # With or without the caller's character set, the answer is the same.
        assert may_match(need, text) == may_match(need, text, set(text))
        if not may_match(need, text):
            assert compiled.search(text) is None, (pattern, text)
