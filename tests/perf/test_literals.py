"""The pattern prefilter must be sound: whenever it says "cannot match", the regex has no match.

Checked on every pattern of the default pack against texts built from the patterns' own
characters (so near-misses are common), and on hand-written patterns covering the syntax the
analyser must refuse (inline flags, set operations, fuzzy matching) or see through (groups,
optional items, look-arounds)."""

from __future__ import annotations

import random

import pytest
import regex

from baomi_check.literals import (
    Anchor,
    _items,
    _split_top,
    anchor_keys,
    literal_matches,
    may_match,
    required_anchors,
    required_literals,
)
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


# --- anchors: where a match can be --------------------------------------------------------------

_SPACED = [" ", "\u3000", "\n", "\r\n", "\t"]


_HAN = "内部资料机密公开工作此件"


def _sample(branch: str, rng: random.Random) -> str:
    """A string that the branch often matches, spaced out: built item by item from the
    pattern's own grammar (look-arounds and back-references are skipped, so not every sample
    matches; only real matches are checked)."""
    out = []
    for it in _items(branch) or []:
        atom = branch[it.start:it.atom_end]
        quantifier = branch[it.atom_end:it.end]
        low = int(quantifier[1:].split(",")[0].rstrip("}?+") or 0) if quantifier[:1] == "{" else 1
        reps = 0 if it.optional and rng.random() < 0.4 else max(low, rng.randint(1, 2))
        for _ in range(reps):
            if it.kind == "lit":
                out.append(it.char)
            elif atom == r"\s":
                out.append(rng.choice(_SPACED))
            elif atom == r"\d":
                out.append(rng.choice("0123456789"))
            elif atom.startswith(r"\p"):
                out.append(rng.choice(_HAN))
            elif it.kind == "class" and atom[1] != "^":
                body = [c for c in atom[1:-1] if c not in "\\-"] or ["a"]
                out.append(rng.choice(body + ["1"] * ("0-9" in atom)))
            elif it.kind in ("class", "dot") or atom == r"\S":
                out.append(rng.choice(_HAN + "a1"))
            elif it.kind == "group" and not atom.startswith(("(?=", "(?!", "(?<")):
                inner = atom[1:-1].removeprefix("?:")
                out.append(_sample(rng.choice(_split_top(inner) or [""]), rng))
        if rng.random() < 0.15:
            out.append(rng.choice(_SPACED))
    return "".join(out)


def _spaced_texts(pattern: str, rng: random.Random, n: int) -> list[str]:
    """Samples of the pattern's alternatives, some characters dropped, amid random context."""
    branches = _split_top(pattern) or [pattern]
    noise = [*"内部资料，。abx1:：", *_SPACED]
    out = []
    for _ in range(n):
        core = _sample(rng.choice(branches), rng)
        if rng.random() < 0.3 and core:
            k = rng.randrange(len(core))
            core = core[:k] + core[k + 1:]
        out.append("".join(rng.choice(noise) for _ in range(rng.randint(0, 3))) + core)
    return out


_RARELY_MATCHED = {p for p in _PACK_PATTERNS if "(?P=t)" in p}
"""Patterns whose samples never match: back-references to what a sample cannot repeat (the
spider-pool markup rule's matches are covered by the lever's equivalence test instead)."""


@pytest.mark.parametrize("pattern", _PACK_PATTERNS + _HAND)
def test_every_match_holds_an_anchor_match_and_its_spelling(pattern: str) -> None:
    """Wherever the pattern matches ``text[a:b]``, one of its anchors matches starting inside
    that span, and one of that anchor's spellings is in the text with its whitespace removed:
    what the combined scan relies on to skip a rule or a line."""
    found = required_anchors(pattern)
    if found is None:
        return
    compiled = regex.compile(pattern, regex.V1)
    anchors = [(regex.compile(a.regex, regex.V1), anchor_keys(a), a) for a in found]

    def ahead(a: int, p: int, anchor: Anchor) -> bool:
        """Could a match start at ``a`` by what the anchor says of the part before ``p``?"""
        if anchor.before is None:
            return True
        if anchor.spaced:
            return sum(not c.isspace() for c in text[a:p]) <= anchor.before
        return p - a <= anchor.before

    rng = random.Random("anchors" + pattern)
    hits = 0
    for text in _spaced_texts(pattern, rng, 500) + _texts(pattern, rng, 100):
        flat = "".join(text.split())
        for m in compiled.finditer(text):
            a, b = m.span()
            hits += 1
            # ... and starts at most ``before`` characters ahead of that anchor match.
            assert any(
                keys is not None and any(k in flat for k in keys)
                and any(anc.match(text, p) and ahead(a, p, anchor)
                        for p in range(a, max(a + 1, b)))
                for anc, keys, anchor in anchors
            ), (pattern, text, m.span())
    assert hits or pattern in _RARELY_MATCHED, pattern  # the check must have been exercised


def test_anchors_leave_out_what_looks_beyond_the_match() -> None:
    def anchors(p: str) -> list[str] | None:
        got = required_anchors(p)
        return None if got is None else [a.regex for a in got]

    assert anchors(r"(?<=项目)代号\s*[A-Z]{2}") == ["代号"]
    assert anchors(r"(\p{Han}{2})\1再现") == ["再现"]
    assert anchors(r"^\s*绝密文件\s*$") == ["绝密文件"]
    assert anchors(r"项\s*+目\s*编\s*号") == ["目\\s*编\\s*号"]
    assert anchors(r"(?P<k>机要)\s*文件(?P=k)?") == ["文件"]
    assert anchors(r"[甲乙]方\s*签\s*章") == ["方\\s*签\\s*章"]
    assert anchors(r"a*b") == ["b"]
    # How far ahead of its anchor a match may start (None: unbounded).
    before = {p: [(a.before, a.spaced) for a in required_anchors(p) or ()]
              for p in (r"\p{Han}{0,8}工作", r"(?:甲|乙丙)?丁", r"^\s*绝密", r"(?<=x)ab",
                        r"a+?b", r"(省)\1委书记", r"[(（]?\s*此件", r"\S*\s*此件")}
    assert before == {
        r"\p{Han}{0,8}工作": [(8, False)], r"(?:甲|乙丙)?丁": [(2, False)],
        r"^\s*绝密": [(0, True)], r"(?<=x)ab": [(0, False)], r"a+?b": [(0, False)],
        r"(省)\1委书记": [(None, False)], r"[(（]?\s*此件": [(1, True)],
        r"\S*\s*此件": [(None, False)],
    }
    # Each top-level alternative has its own; one without any makes the pattern unanchored.
    assert anchors(r"限\s*阅|传\s*阅\s*件") == ["限\\s*阅", "传\\s*阅\\s*件"]
    assert anchors(r"限阅|\d+") is None
    assert anchors("(?i)abc") is None


def test_spellings_follow_optional_items_groups_and_classes() -> None:
    def keys(p: str) -> set[str] | None:
        (anchor,) = required_anchors(p) or (None,)
        got = anchor_keys(anchor) if anchor is not None else None
        return None if got is None else set(got)

    assert keys(r"不\s*予?\s*公\s*开") == {"不公开", "不予公开"}
    assert keys(r"内\s*部\s*(?:资\s*料|文\s*件)") == {"内部资料", "内部文件"}
    assert keys(r"住址\s*[:：]\s*现") == {"住址:现", "住址：现"}
    assert keys(r"工作 秘密") == {"工作秘密"}  # a literal space is whitespace too
    assert keys(r"甲乙+丙") == {"甲乙"}  # a repeated item ends the spelling
    assert keys(r"a\d") == {"a"}


@pytest.mark.parametrize("pattern", _PACK_PATTERNS + _HAND + [r"(?:甲|乙丙)丁", r"(甲|乙)\s*丙"])
def test_a_plain_text_anchor_matches_exactly_where_its_strings_start(pattern: str) -> None:
    for anchor in required_anchors(pattern) or ():
        words = literal_matches(anchor)
        if words is None:
            continue
        compiled = regex.compile(anchor.regex, regex.V1)
        for text in _spaced_texts(pattern, random.Random("plain" + pattern), 200):
            where = {p for p in range(len(text)) if compiled.match(text, p)}
            assert where == {p for p in range(len(text)) if text.startswith(tuple(words), p)}
