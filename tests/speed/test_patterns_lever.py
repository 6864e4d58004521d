"""The ``combined_patterns`` lever changes how fast pattern rules are ruled out, never what they
find: the same candidates (rule, span, severity, confidence, message, masked value), in the same
order, with the same warnings, as the plain path, for the built-in pack and a user's pack.

Texts are built from what the rules read — their anchors' spellings, whole matches and near
misses, the characters of the markings, header-like short lines and long paragraphs — each piece
possibly spaced out with every kind of whitespace (``内 部\u3000资\r\n料``), because the combined
scan looks for the rules' words in the text with its whitespace removed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi_check import Checker, levers
from baomi_check.detectors import patterns
from baomi_check.detectors.patterns import PatternDetector
from baomi_check.literals import anchor_keys, required_anchors
from baomi_check.normalize import normalize

USER_PACK = r"""
pack: customer
defaults:
  category: sensitive_term
  severity: review
  message: 客户规则“{match}”
patterns:
  - id: customer.flags
    regex: '(?i)secret\s*plan'
  - id: customer.after_lookbehind
    regex: '(?<=项目)代号\s*[A-Z]{2}\d{3}'
    mask: true
  - id: customer.backref
    regex: '(\p{Han}{2})\1再现'
  - id: customer.term_line
    regex: '保\s*密\s*(?:期\s*限|期)\s*[:：]\s*\d+\s*年'
    scope: line
  - id: customer.header
    regex: '内\s*部\s*资\s*料'
    scope: header
    max_line_length: 10
  - id: customer.in_header
    regex: '(?:讨论|征求意见)\s*稿'
    scope: in_header
    elsewhere: info
  - id: customer.class_first
    regex: '[甲乙丙]方\s*签\s*章'
  - id: customer.possessive
    regex: '项\s*+目\s*编\s*号\s*\d+'
    scope: line
    elsewhere: review
  - id: customer.named
    regex: '(?P<k>机要)\s*文件(?P=k)?'
  - id: customer.fuzzy
    regex: '(?:内部传阅){e<=1}'
  - id: customer.literal_space
    regex: '工作 秘密'
  - id: customer.optional_start
    regex: '(?:本|此)?\s*文件\s*不得\s*外传'
    scope: line
  - id: customer.dot
    regex: '密.{0,3}级'
  - id: customer.edges
    regex: '^\s*绝密文件\s*$'
    scope: line
  - id: customer.slow
    regex: '(?:内|内内)+\s*部资料'
  - id: customer.bounded_prefix
    regex: '\d{0,4}号文'
  - id: customer.optional_prefix
    regex: '(?:甲|乙丙)?丁'
  - id: customer.spaced_prefix
    regex: '[(（]?\s*此\s*件\s*保\s*留'
  - id: customer.search_start
    regex: '\G第\d+条'
"""

_PIECES = [
    # built-in markings, whole and broken
    "内部资料", "内部文件", "注意保存", "内部资料，注意保存", "内部明电", "仅供内部参考", "内部参阅",
    "领导参阅", "内参", "此件不公开", "（此件不公开）", "本件不予公开", "该文件依申请公开", "不得外传",
    "请勿翻印", "阅后收回", "会后收回", "注意保密", "传阅件", "限阅", "此件发至县级", "征求意见稿",
    "讨论稿", "初稿", "仅限内部使用", "内部掌握", "内部发行", "工作秘密", "某某局工作秘密★1年",
    "公开属性：不予公开", "公开方式：依申请公开", "（不予公开）", "不公开",
    # identifiers and look-alikes the other detectors care about
    "机密★5年", "秘密", "绝密", "★", "文号", "京政发〔2024〕3号", "91350100M000100Y43",
    "病历号：A12345", "住院号：", "诊断：高血压", "病情：良好", "宗教信仰：佛教", "前科情况：无",
    "残疾等级：二级", "家庭住址：北京市朝阳区幸福路12号", "住在东城区和平里5号楼3单元2室",
    "【六合彩开奖结果】", "福利彩票", "主站蜘蛛池模板：", '<div id="abcd"></div>',
    "代开全国各类发票", "发票可查验", "不忘初衷，牢记使命", "“一带一路”战略", "中共北京市市委书记",
    "市市委书记", "县县委常委", "加强保密工作", "保密工作", "联系电话",
    # the user pack's words
    "secret plan", "SECRET  Plan", "项目代号AB123", "代号 XY999", "春风春风再现", "保密期限：5年",
    "保密期：10年", "甲方签章", "项目编号123", "项 目 编 号 42", "机要文件机要", "内部传阅", "内部转阅",
    "工作 秘密", "本文件不得外传", "文件不得外传", "密 级", "密码等级", "绝密文件", "内内内内部资料",
    "12号文号文", "京政发2024号文", "（ \n此件保留", "(此 件保留）", "乙丙丁丁", "甲丁", "第1条第2条", "第3条",
    # structure
    "附件", "附件1", "附件2：", "一、", "根据有关规定，现将有关事项通知如下。" * 3, "：", "。",
    "a", "1", "X",
]
_SPACES = [" ", "\u3000", "\t", "\n", "\r\n", "\r", "\x1c", "\u2028", "\xa0", "  "]


@st.composite
def _piece(draw: st.DrawFn) -> str:
    s = draw(st.sampled_from(_PIECES + _SPACES))
    if len(s) > 1 and draw(st.booleans()):
        gaps = st.sampled_from(["", "", *_SPACES])
        s = "".join(c + draw(gaps) for c in s)
    return s


_texts = st.lists(_piece(), min_size=0, max_size=40).map("".join)


@pytest.fixture(autouse=True)
def _combined_from_the_first_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lever's path for every text here, however short: the size thresholds that keep a
    one-file run on the plain path are tested on their own below."""
    monkeypatch.setattr(patterns, "COMBINED_AFTER_CHARS", 0)
    monkeypatch.setattr(patterns, "COMBINED_MIN_TEXT", 0)


def _pattern_detector(checker: Checker) -> PatternDetector:
    (det,) = [d for d in checker.detectors if isinstance(d, PatternDetector)]
    return det


@pytest.fixture(scope="module")
def detectors(tmp_path_factory: pytest.TempPathFactory) -> list[PatternDetector]:
    pack = tmp_path_factory.mktemp("pack") / "customer.yaml"
    pack.write_text(USER_PACK, encoding="utf-8")
    user = _pattern_detector(Checker.from_rules(pack))
    user.timeout = 0.05  # the slow rule times out on long runs of 内 (both paths alike)
    return [_pattern_detector(Checker.default()), user]


def _both(det: PatternDetector, text: str) -> tuple[tuple[list, list], tuple[list, list]]:
    out = []
    for on in (True, False):
        doc = normalize(text)
        with levers.override(combined_patterns=on):
            got = det.detect(doc)
        out.append((got, doc.warnings))
    return out[0], out[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts)
@example(text="内部资料\n正文")
@example(text="内 部\u3000资\r\n料\n正文")
@example(text="（此件不公开）\r\n")
@example(text="某某局工作秘密★1年\n关于加强保密工作的通知")
@example(text="标题\n" * 12 + "附件2\n内部资料\n")
@example(text="项 目 编 号 42\n项目编号123正文很长很长很长很长很长很长很长很长很长很长很长很长")
@example(text="部资料。" + "内" * 40 + "x")
@example(text="SECRET  Plan\n机要文件机要\n密码等级")
@example(text="第1条第2条 第3条\n12号文号文乙丙丁丁甲丁")
@example(text="正文（ \r\n\u3000此件保留）(此 件保留")
@example(text="\ud800内部资料")
@example(text='<div id="abcd"></div>' * 3 + '\n<p  id = abcd >\n</p>' * 3)
def test_candidates_are_identical_with_the_lever_on_and_off(
    detectors: list[PatternDetector], text: str
) -> None:
    for det in detectors:
        on, off = _both(det, text)
        assert on == off, text


def test_the_examples_exercise_both_paths(detectors: list[PatternDetector]) -> None:
    """Guards the test itself: matches are found, a rule times out, and the user pack has rules
    with and without anchors (the plain fallback runs under the lever too)."""
    builtin, user = detectors
    found, _ = _both(builtin, "内 部\u3000资 料\r\n正文")
    assert [c.rule_id for c in found[0]] == ["marking.internal_material"]
    (cands, warnings), _ = _both(user, "部资料。" + "内" * 40 + "x")
    assert any("customer.slow" in w for w in warnings)
    combined = user._combined
    assert combined is not None
    ids = {r.id: a for r, a in zip(user.rules, combined.anchors, strict=True)}
    assert ids["customer.flags"] is None and ids["customer.fuzzy"] is None
    assert ids["customer.after_lookbehind"] is not None and ids["customer.backref"] is not None
    (cands, _), _ = _both(user, "SECRET  Plan\n项目代号AB123\n春风春风再现")
    assert {c.rule_id for c in cands} >= {"customer.flags", "customer.after_lookbehind",
                                          "customer.backref"}
    assert [c.masked for c in cands if c.rule_id == "customer.after_lookbehind"] != [None]


def test_regex_whitespace_is_what_str_split_removes() -> None:
    """The combined scan removes whitespace with ``str.split`` (``str.isspace``); a rule's
    ``\\s`` must never match a character that survives, or a spaced-out marking would be
    missed.  Checked over every code point."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    spaces = regex.compile(r"\s", regex.V1).findall(every)
    assert spaces and all(c.isspace() for c in spaces)


def test_every_builtin_rule_has_anchors() -> None:
    """A built-in rule without anchors would fall back to the slow path on every document."""
    for rule in _pattern_detector(Checker.default()).rules:
        found = required_anchors(rule.regex)
        assert found is not None, rule.id
        assert all(anchor_keys(a) for a in found), rule.id


def test_the_benchmark_script_runs(tmp_path: Path) -> None:
    """``benchmarks/patterns.py`` on two small texts: both paths agree and it prints a ratio."""
    import subprocess

    (tmp_path / "a.txt").write_text("内部资料\n正文\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("关于加强保密工作的通知\n", encoding="utf-8")
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "patterns.py"
    got = subprocess.run(
        [sys.executable, str(script), "--folder", str(tmp_path), "--rounds", "1"],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert "plain / combined" in got.stdout


def test_a_pickled_detector_rebuilds_its_automaton() -> None:
    """A checker copied to another process (pickle) keeps working: the automaton, which does
    not pickle, is rebuilt there on first use."""
    import pickle

    det = _pattern_detector(Checker.default())
    det.detect(normalize("内部资料\n"))
    copy = pickle.loads(pickle.dumps(det))
    assert [c.rule_id for c in copy.detect(normalize("内部资料\n"))] == [
        "marking.internal_material"
    ]


def test_short_texts_stay_plain_until_enough_text_was_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-file run or a short request never pays the automaton's build; a long text, once
    enough text has been checked, builds it and finds the same candidates."""
    monkeypatch.setattr(patterns, "COMBINED_AFTER_CHARS", 10_000)
    monkeypatch.setattr(patterns, "COMBINED_MIN_TEXT", 2_000)
    det = PatternDetector(list(Checker.default().pack.patterns), 5, 1.0)
    short = "内部资料\n关于开展保密教育的通知\n"
    for _ in range(50):
        assert [c.rule_id for c in det.detect(normalize(short))] == ["marking.internal_material"]
    assert det._combined is None  # many short texts: still plain
    long = short + "正文。" * 1500
    assert len(long) >= 2_000
    for _ in range(3):
        got = det.detect(normalize(long))
    assert det._combined is not None  # 13k characters checked, a long text: built
    assert [c.rule_id for c in got] == ["marking.internal_material"]
