"""The identifier detector gives the same candidates with the ``anchors`` lever on and off.

With the lever on, one character-class pass finds the long number clusters and the plate
letters, and the context words are looked up only where a check asks (:class:`LazyContextIndex`);
with it off, the plain whole-text scans run.  These tests compare the two on random text built
from what the detector reacts to: synthetic identifiers (check digits computed), masked and
spaced forms, full-width digits, every context word of the pack, plates, e-mails, IPs, dates,
amounts, tables, Han text and line breaks; the lazy index is also compared, query by query,
with the complete index on text dense with overlapping words.
"""

from __future__ import annotations

import random
from contextlib import ExitStack
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi_check import levers
from baomi_check.detectors.base import Candidate
from baomi_check.detectors.identifiers import IdentifierDetector, common
from baomi_check.detectors.identifiers.common import (
    ContextMatcher,
    LazyContextIndex,
    _anchor_pass,
    scan,
)
from baomi_check.detectors.identifiers.masked import MASKED_VALUES
from baomi_check.detectors.identifiers.others import OtherFinder, _spaced
from baomi_check.engine import Checker
from baomi_check.normalize import normalize
from baomi_check.testing import (
    id_number,
    org_check_char,
    synthetic_card,
    synthetic_id,
    synthetic_landline,
    synthetic_mobile,
    uscc_check_char,
)

PROPS = settings(max_examples=100, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_DETECTOR = next(d for d in Checker.default().detectors if isinstance(d, IdentifierDetector))
_WORDS = sorted({w for ws in _DETECTOR.settings.context.values() for w in ws})
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def run(text: str, anchors: bool) -> tuple[list[Candidate], object]:
    """Candidates and masked values of ``text`` (normalized afresh: no cache is shared)."""
    doc = normalize(text)
    with levers.override(anchors=anchors):
        cands = _DETECTOR.detect(doc)
    return cands, doc.derived.get(MASKED_VALUES)


_LAZY_SETTINGS = [
    {},  # as shipped: small dense texts get the complete index at once
    {"_DENSE_CHARS": 0, "_LAZY_MIN_BUDGET": 10**9},  # always lazy, never switching
    {"_DENSE_CHARS": 0, "_LAZY_MIN_BUDGET": 5, "_CHARS_PER_QUERY": 10**9},  # switching midway
    {"_DENSE_CHARS": 0, "_LAZY_MIN_BUDGET": 0, "_CHARS_PER_QUERY": 10**9},  # at once
]


def assert_same(text: str) -> None:
    plain = run(text, False)
    for values in _LAZY_SETTINGS:
        with ExitStack() as stack:
            for name, value in values.items():
                stack.enter_context(mock.patch.object(common, name, value))
            fast = run(text, True)
        assert fast == plain, (values, text)


# --- random documents ----------------------------------------------------------------------------


def _mask(rng: random.Random, value: str) -> str:
    chars = list(value)
    start = rng.randint(0, max(0, len(chars) - 4))
    for i in range(start, min(len(chars), start + rng.randint(3, 12))):
        chars[i] = rng.choice("*×●#■○＊＃Xx")
    return "".join(chars)


def _group(rng: random.Random, value: str, sizes: tuple[int, ...]) -> str:
    sep = rng.choice([" ", "-", "　", "—", ""])
    out, i = [], 0
    for n in sizes:
        out.append(value[i : i + n])
        i += n
    out.append(value[i:])
    return sep.join(p for p in out if p)


def _credit_code(rng: random.Random) -> str:
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    body = rng.choice(["91", "92", "12"]) + rng.choice(["110108", "310101", "440300"])
    body += org + org_check_char(org)
    return body + uscc_check_char(body)


def _identifier(rng: random.Random) -> str:
    kind = rng.randrange(12)
    if kind == 0:
        v = synthetic_id(rng)
        return rng.choice([v, v.lower(), _group(rng, v, (6, 8)), _mask(rng, v),
                           v[:6] + "********" + v[-4:], id_number("110101" + "1880010100" + "1")])
    if kind == 1:
        v = synthetic_mobile(rng)
        cc = rng.choice(["", "+86", "+86 ", "0086", "(+86)", "（+86）", "86", "86-"])
        return cc + rng.choice([v, _group(rng, v, (3, 4)), _mask(rng, v), v[:3] + "****" + v[7:]])
    if kind == 2:
        v = synthetic_card(rng)
        return rng.choice([v, _group(rng, v, (4, 4, 4, 4)), _group(rng, v, (6,)), _mask(rng, v),
                           "************" + v[-4:]])
    if kind == 3:
        v = synthetic_landline(rng)
        return rng.choice([v, "(" + v.replace("-", ")"), "（" + v.replace("-", "）"),
                           v + "-8001", v + "转" + str(rng.randint(1, 9999)), v.split("-")[1]])
    if kind == 4:
        return _credit_code(rng)
    if kind == 5:
        d = "".join(rng.choice("0123456789") for _ in range(9))
        return rng.choice(["E" + d[:8], "EA" + d[:7], "G" + d[:8], "MA" + d[:7], "C" + d[:8],
                           "D." + d[:7], "14" + d[:7], "H" + d[:8] + d[:2], d[:8] + "(B)",
                           "P<CHN" + "ZHANG<<SAN" + "<" * rng.randint(0, 20)])
    if kind == 6:
        body = rng.choice(["A12345", "D12345", "12345D", "B8K9X2", "AB123", "1B2C3", "A1234挂"])
        sep = rng.choice(["", "·", ".", "•", " ", "\n"])
        return rng.choice("京津沪渝新苏浙粤川北") + rng.choice("ABCDIOXZ") + sep + body
    if kind == 7:
        return rng.choice(["zhang.san@example.com", "12345678@qq.com", "xxgk@gov.cn",
                           "a@b", "@", "x@163.com", "z***@example.com"])
    if kind == 8:
        return rng.choice(["192.168.1.10", "8.8.8.8", "10.0.0.1", "1.2.3.4", "256.1.1.1",
                           "fe80::1", "2001:db8::1", "::1", "a:b", "12:30", "v1.2.3.4",
                           "0.13812345678", "202.96.128.86"])
    if kind == 9:
        return rng.choice(["2024年3月5日", "（2024）", "(2024)", "2024-03-05", "1,234.56万元",
                           "第3条", "12.5%", "20240305", "2024 ", "+1234", "3.5亿元",
                           "〔2024〕12号", "12345元", "95588", "12345", "400-800-1234"])
    if kind == 10:
        n = rng.randint(1, 20)
        digits = "".join(rng.choice("0123456789") for _ in range(n))
        return _group(rng, digits, tuple(rng.randint(1, 5) for _ in range(3)))
    return rng.choice(_WORDS) + rng.choice(["", "：", ":", " ", "号", "号码"])


_FILLER = ("的一是在了有和人这中大为上个国以要时来用们生到作地于出就分对成会可"
           "京沪新川宁云黑青王小明李红中心局委员会")
_SEPS = ["", " ", "\n", "\t", "，", "；", "|", "、", "-", "—", "·", ".", "(", "（", "）", "+",
         "*", "X", "：", "\u3000", "\n\n"]


def _document(seed: int, size: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    if rng.random() < 0.3:  # a table: a header of labels, rows of values
        cols = rng.sample(["姓名", "身份证号", "手机", "联系电话", "银行卡号", "金额（元）", "单位",
                           "岗位", "户名", "账号"], 4)
        parts.append("  ".join(cols) + "\n")
    for _ in range(size):
        r = rng.random()
        if r < 0.45:
            piece = _identifier(rng)
        elif r < 0.75:
            piece = "".join(rng.choice(_FILLER) for _ in range(rng.randint(1, 8)))
        else:
            piece = rng.choice(_SEPS)
        if rng.random() < 0.15:
            piece = piece.translate(_FULL)
        parts.append(piece)
        if rng.random() < 0.2:
            parts.append(rng.choice(["  ", "\n", "；"]))
    return "".join(parts)


@PROPS
@given(st.integers(0, 2**32), st.integers(1, 40))
def test_random_documents_give_the_same_candidates(seed: int, size: int) -> None:
    assert_same(_document(seed, size))


@PROPS
@given(st.text(alphabet="0123456789０１２Xxχ×*●#■○()（）.- —+京沪新ABP<CHN甲@:：\n", max_size=60))
def test_number_windows_and_plates_are_the_same_on_mangled_text(text: str) -> None:
    doc = normalize(text)
    with levers.override(anchors=False):
        plain = scan(doc, _DETECTOR.matcher)
    with levers.override(anchors=True):
        fast = scan(doc, _DETECTOR.matcher)
    assert fast.windows == plain.windows
    assert_same(text)


@PROPS
@given(st.text(alphabet="0123456789abcdefABCDEFxyz:：. 甲\n", max_size=120))
def test_ipv6_gates_are_the_same(text: str) -> None:
    _spans, anchors = _anchor_pass(text)
    assert _spaced(anchors.colons) == OtherFinder._ipv6_gates(text)


# --- the lazy context index ----------------------------------------------------------------------

_NESTED = ContextMatcher({
    "a": ["甲乙丙丁", "乙丙", "丙", "甲乙"],
    "b": ["乙丙丁戊", "丁", "ip", "tel"],
    "negative": ["丙丁"],
})


_PIECES = st.sampled_from(["甲乙丙丁", "乙丙丁戊", "甲乙", "丙丁", "丙", "丁", "戊", "ip", "IP",
                           "tel", "Tel", "x", " ", "1"])


@PROPS
@given(
    st.lists(_PIECES, max_size=30).map("".join),
    st.lists(st.tuples(st.sampled_from(["before", "after", "in", "cover"]),
                       st.sampled_from(["a", "b", "negative"]),
                       st.integers(-5, 90), st.integers(0, 30)), max_size=12),
)
# A word ending exactly ``window`` before the position crosses no edge of the stretch asked
# about: the query itself must reach back a word's length.
@example("甲乙丙丁  ", [("before", "a", 6, 2)])
@example("丙丁戊甲乙", [("after", "b", 0, 1), ("in", "a", 3, 1)])
def test_lazy_index_answers_as_the_complete_index(text: str, queries: list[tuple]) -> None:
    full = _NESTED.index(text)
    lazy = _NESTED.lazy_index(text)
    assert isinstance(lazy, LazyContextIndex)
    for op, key, pos, width in queries:
        if op == "before":
            assert lazy.nearest_before(key, pos, width) == full.nearest_before(key, pos, width)
        elif op == "after":
            assert lazy.nearest_after(key, pos, width) == full.nearest_after(key, pos, width)
        elif op == "in":
            assert lazy.any_in(key, pos, pos + width) == full.any_in(key, pos, pos + width)
        else:
            lazy.cover(pos, pos + width)
        _assert_pairs_agree(lazy, full)
    lazy.cover(0, len(text))
    assert lazy.starts == {k: v for k, v in full.starts.items() if v}
    assert lazy.ends == {k: v for k, v in full.ends.items() if v}


def _assert_pairs_agree(lazy: LazyContextIndex, full: object) -> None:
    """Every (start, end) pair ``zip(starts, ends)`` gives from the lazy index is one the
    complete index gives too (overlapping words must not be re-paired at a stretch edge)."""
    for key, starts in lazy.starts.items():
        got = set(zip(starts, lazy.ends[key], strict=True))
        want = set(zip(full.starts[key], full.ends[key], strict=True))  # type: ignore[attr-defined]
        assert got <= want, key


# --- edge cases found while building the fast path -----------------------------------------------

EXAMPLES = [
    "（2024）年度",  # a four-digit cluster with a bracket before it is a window
    "+8613800000000",
    "(010)66001234 与 （0755）26000000",
    "京A12345在前",  # a plate at the very start of the text
    "1京A12345",  # a digit before the province: no plate
    "车牌：沪B·D12345，苏E·12345D，粤B\nD12345",
    "fe80::1 在开头，结尾是 2001:db8::1",
    "IP:fe80::1",
    "卡号：************0000",
    "银行卡号\n****  ****  **** 0000",
    "护照号码E12345678，台湾居民来往大陆通行证号码12345678(B)",
    "台湾居民来往大陆通行证12345678",
    "王小明 13800000000；李红 13600000000；张三 13900000000",
    "姓名：王小明 家庭住址：某地 电话：13800000000",
    "账号：6222020000000000000 户名：某某中心",
    "开户行：某银行 账号：1234 5678 9012 3456",
    "P<CHNZHANG<<SAN<<<<<<<<<<<<<<<",
    "P<CHNP<CHNZHANG<<SAN<<<<<<<<<<P<CHNLI<<SI<<<<<<<<<<",  # zones inside a zone
    "京P<CHNZHANG<<SAN<<<<<<<<<<<<<<< 京P12345",  # a plate's letter that opens a zone
    "P<CHNZHANG<<SAN<<<<<<<<<<<<<<<京",
    # A travel-document label after its number, out of every other check's look-back; the
    # number starts two characters before its digits' window.
    "MA1234567（护照）",
    "D.1234567 护照",
    "EA1234567，系其护照",
    "电话：66001234",
    "统一社会信用代码：91110108MA01234567",
    "2024-0312-13800000000",
    "订单号：110101188001010011",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_edge_cases_give_the_same_candidates(text: str) -> None:
    assert_same(text)


def test_a_label_far_from_any_number_still_counts_on_a_mobile_line() -> None:
    """The name-list check reads person words over a mobile's whole line, which can be far
    from the number: the lazy index must cover the line, not just the number's neighbourhood."""
    text = "姓名" + "的" * 300 + "民族" + "的" * 300 + "13800000000\n"
    assert_same(text)
    assert any(c.rule_id == "pii.mobile_phone" for c in run(text, True)[0])
