"""Every built-in pattern runs in linear time (issue 11 A.4).

A backtracking matcher is exponential or quadratic only on inputs of a particular shape; the
attack inputs of :mod:`redos` are those shapes for the characters our patterns read.  The bound
is the ``regex`` module's own per-call timeout: a linear scan of 2,000 characters takes well
under a millisecond, so a one-second limit is only ever hit by backtracking blow-up (the old
bank-account pattern needed hours here).

The rewritten patterns are also compared with their former selves on generated text: the
rewrite may change how fast they are, never what they match."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from fuzzing import examples
from redos import attacks, engine_patterns

from baomi_check.detectors.identifiers.cards import ACCOUNT
from baomi_check.detectors.identifiers.common import LEFT, RIGHT
from baomi_check.detectors.markings import _BARE_LEVEL_LINE, LEVEL

PATTERNS = engine_patterns()


def test_the_audit_sees_every_kind_of_pattern() -> None:
    """The collector must find module patterns, lazily compiled ones, detector-built ones and
    rule-pack ones; an audit that silently saw nothing would pass forever."""
    names = " ".join(PATTERNS)
    assert len(PATTERNS) > 100
    for needle in ("cards.ACCOUNT", "markings._BARE_LEVEL_LINE", "rule marking.circulation_limit",
                   "detector columns", "others.EMAIL"):
        assert needle in names, needle


def test_every_builtin_pattern_is_linear_on_attack_inputs() -> None:
    slow: list[str] = []
    for where, pattern in PATTERNS.items():
        for text in attacks(2000):
            try:
                pattern.search(text, timeout=1.0)
            except TimeoutError:
                slow.append(f"{where}  on {text[:12]!r}…{text[-3:]!r}")
                break
    assert not slow, "patterns that backtrack catastrophically:\n" + "\n".join(slow)


def test_the_reported_bank_account_input_is_now_instant() -> None:
    text = "账号：" + "1" * 5000 + "A"
    assert ACCOUNT.search(text, timeout=1.0) is None


_OLD_ACCOUNT = re.compile(LEFT + r"(?P<n>[0-9]{4,}(?:[ \-]?[0-9]{2,}){0,7})" + RIGHT)
_OLD_BARE = regex.compile(
    rf"^\s*(?:密\s*级\s*[:：]?\s*)?[(（【\[]?\s*(?P<mark>{LEVEL})\s*[)）】\]]?\s*$"
)


def _spans(pattern: object, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group("n")) for m in pattern.finditer(text)]  # type: ignore[attr-defined]


@settings(max_examples=examples(400), derandomize=True, deadline=None)
@given(st.text(alphabet="0123456789 -A.中", max_size=40))
def test_account_rewrite_matches_exactly_what_the_old_pattern_matched(text: str) -> None:
    assert _spans(ACCOUNT, text) == _spans(_OLD_ACCOUNT, text)


@settings(max_examples=examples(300), derandomize=True, deadline=None)
@given(st.text(alphabet=" \t密级:：(（【[绝机秘)）】]x", max_size=20))
def test_bare_level_rewrite_matches_exactly_what_the_old_pattern_matched(line: str) -> None:
    old, new = _OLD_BARE.match(line), _BARE_LEVEL_LINE.match(line)
    assert (old and (old.span(), old.group("mark"))) == (new and (new.span(), new.group("mark")))


def _rule_regex(rule_id: str) -> str:
    from baomi_check import Checker

    return next(r.regex for r in Checker.default().pack.patterns if r.id == rule_id)


_OLD_CIRCULATION = regex.compile(
    r"(?:(?:此|本|该)\s*(?:件|文\s*件|纪\s*要|材\s*料|资\s*料|报\s*告|简\s*报|通\s*知|文\s*稿|稿\s*件"
    r"|会\s*议\s*记\s*录)|内\s*部\s*文\s*件)?\s*[,，]?\s*(?:不\s*得|请\s*勿|严\s*禁)\s*(?:外\s*传|翻\s*印"
    r"|转\s*发|复\s*制|外\s*泄)|阅\s*后\s*收\s*回|会\s*后\s*收\s*回|注\s*意\s*保\s*密",
    regex.V1,
)


@settings(max_examples=examples(400), derandomize=True, deadline=None)
@given(st.lists(st.sampled_from([" ", "，", ",", "此件", "本", "内部文件", "不得", "外传", "转发",
                                 "请勿", "x", "\n"]), max_size=12).map("".join))
def test_circulation_rule_rewrite_matches_exactly_what_the_old_pattern_matched(text: str) -> None:
    new = regex.compile(_rule_regex("marking.circulation_limit"), regex.V1)
    assert [m.span() for m in new.finditer(text)] == [m.span() for m in _OLD_CIRCULATION.finditer(text)]


_OLD_HOUSE = regex.compile(
    r"(?V1)\d+\s*(?:号楼|号院|号|栋|幢|单元|室|户|弄)|[一二三四五六七八九十]+组\d+号|\d+-\d+-\d+"
)


@settings(max_examples=examples(400), derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["1", "23", " ", "-", "号", "号楼", "单元", "室", "三", "组", "x"]),
                max_size=12).map("".join))
def test_house_number_column_rewrite_finds_the_same_first_match(value: str) -> None:
    """The column detector asks only *whether* a cell holds a house number (``search``)."""
    from baomi_check import Checker

    columns = next(d for d in Checker.default().detectors if d.name == "columns")
    new = next(k.value for k in columns.kinds if "号楼" in k.spec.value)
    assert (new.search(value) is None) == (_OLD_HOUSE.search(value) is None)


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])


@settings(max_examples=examples(400), derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["张三", "王某", "李*", " ", "  ", "\t", "，", "|", "\u3000", "x",
                                 "局长", "\n"]), max_size=10).map("".join))
def test_cell_name_rewrite_finds_the_same_names(text: str) -> None:
    from baomi_check import Checker

    prose = next(d for d in Checker.default().detectors if d.name == "prose_personal")
    new = prose._cell_name
    source = new.pattern
    old = regex.compile(source.replace(r"(?=\S)(?<=(?:^|[\t|,，\u3000]|  )\s*)",
                                       r"(?:^|(?<=[\t|,，\u3000]|  ))\s*"))
    assert old.pattern != source
    assert [m.span("n") for m in new.finditer(text)] == [m.span("n") for m in old.finditer(text)]
