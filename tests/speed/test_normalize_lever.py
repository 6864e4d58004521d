"""The ``identity`` lever: normalize() gives exactly the plain path's output with it on.

The fast path replaces ``str.translate`` by one scan and a ``str.replace`` per distinct fold
character, and skips pinyin, edits, offset maps and lower-casing when the scan saw no reason for
them.  Every one of those shortcuts is a place where a character class could miss a case, so
the texts below are built from exactly the characters that switch the shortcuts on or off.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import levers
from baomi_check.normalize import (
    _FAST_MAX_HITS,
    _FAST_MAX_REPLACE,
    Normalized,
    PinyinPolicy,
    _build,
    _delete,
    _fast_fold,
    normalize,
)

PIECES = [
    # plain Chinese and ASCII
    "国家", "保密工作", "机密", "秘密★5年", "福利彩票", "abc", "ABC", "Zq", "2024", "\u3000",
    # full-width digits, letters and punctuation (one-to-one folds)
    "１３８", "ＡＢｃ", "，", "。", "：", "（", "）", "；", "！", "？", "．", "＊",
    # Traditional characters, and the one chained fold (薴 → 苧 → 苎)
    "國", "審查", "機", "薴", "苧", "鎮",
    # length-changing folds, invisible and bidi characters
    "…", "Ⅱ", "℃", "㎒", "\u200b", "\ufeff", "\u202e", "\u2066", "\u00ad", "\ufe0f", "\u3164",
    # combining marks, precomposed and decomposed tones
    "e\u0301", "\u0301", "\u0340", "a\u030c", "\u3099", "が", "zhèn", "jī", "mì", "ǘ",
    # bracketed and bare toned pinyin after Han characters, toneless annotations
    "鎮(zhèn)", "機(jī)", "國(guó)", "们(men)", "的(de)", "（mì）", "密mì", "机jī",
    # noise runs between Han characters
    "赌*博", "六-合-彩", "赌 博", "赌★博", "赌**博", "赌.·.博",
    # line breaks
    "\n", "\r", "\r\n", "\n\n",
    # astral characters and lone surrogates
    "\U0001d400", "😀", "\U00020000", "\ud800", "\udfff",
]

texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), min_size=0, max_size=30
).map("".join)

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _snapshot(doc: Normalized) -> tuple[object, ...]:
    """Everything a detector can read from a normalized document, position by position."""
    n, t = len(doc.text), len(doc.terms)
    m, tm = doc.map, doc.terms_map
    return (
        doc.original, doc.text, doc.terms, doc.pinyin, doc.warnings, doc.failed,
        [m.start(v) for v in range(n + 1)], [m.end(v) for v in range(n)],
        [m.span(a, b) for a in range(n + 1) for b in range(a, min(n, a + 4) + 1)],
        [tm.start(v) for v in range(t + 1)], [tm.end(v) for v in range(t)],
        [tm.span(a, b) for a in range(t + 1) for b in range(a, min(t, a + 4) + 1)],
        doc.view_lines(), [doc.view_line_index(v) for v in range(n + 1)],
        [doc.line_col(p) for p in range(len(doc.original) + 1)],
    )


DEFAULT = PinyinPolicy()


def _both(text: str, policy: PinyinPolicy | None = DEFAULT,
          ocr: tuple[tuple[int, int], ...] = ()) -> tuple[tuple[object, ...], tuple[object, ...]]:
    with levers.override(identity=False):
        plain = _snapshot(normalize(text, policy, ocr))
    with levers.override(identity=True):
        fast = _snapshot(normalize(text, policy, ocr))
    return plain, fast


@SETTINGS
@given(texts)
def test_fast_path_equals_plain_path(text: str) -> None:
    plain, fast = _both(text)
    assert fast == plain


@SETTINGS
@given(texts, st.sampled_from([None, PinyinPolicy(force=True), PinyinPolicy(min_count=1),
                               PinyinPolicy(strip_neutral=False)]))
def test_fast_path_equals_plain_path_under_every_pinyin_policy(
    text: str, policy: PinyinPolicy | None
) -> None:
    plain, fast = _both(text, policy)
    assert fast == plain


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["身份证号", "11010519491231002", "O", "l", "|", "×", "X", "\n",
                                 "１", "1380000000", "ｌ"]), max_size=12).map("".join))
def test_fast_path_equals_plain_path_on_recognised_text(text: str) -> None:
    plain, fast = _both(text, ocr=((0, len(text)),))
    assert fast == plain


@pytest.mark.parametrize(
    "text",
    [
        "",
        "国家保密工作，（一）总则：第一条；",  # the usual case: a few one-to-one folds only
        "苧麻与薴麻",  # the chained fold: replacing one by one would fold 薴 twice
        "薴麻与苧麻",
        "ＡＢＣ和Ｇ２０，\nPM2.5与ＧＤＰ",  # capitals from the text and from full-width folds
        "第Ⅱ类，第Ⅲ类",  # an expansion that brings capitals of its own
        "鎮(zhèn)政務(wù)公開機(jī)制，國(guó)家有關(guān)",  # the pinyin artefact, gated in
        "鎮(zhèn)一处",  # one annotation: not gated
        "我们(men)的(de)工作",  # toneless annotations only: stripped only when forced
        "\u0340\n\u0301",  # a combining mark that folds one to one; one after a line break
        "甲\r\n乙\r丙\n\n丁\r",  # every line-break form
        "赌*博，六-合-彩\n赌\n*博",  # noise runs, and one across a line break
        "\ud800國\udfff",  # lone surrogates
        "😀国，𝐀",  # astral characters
        "".join(chr(0xFF21 + i) for i in range(26)) + "國國機",  # many distinct fold characters
        "Ab" * (_FAST_MAX_HITS + 5) + "國，",  # many capitals: the scan gives up
        "éa" * 300 + "國(guó)",  # many tone marks
    ],
)
def test_fast_path_equals_plain_path_on_edge_cases(text: str) -> None:
    plain, fast = _both(text)
    assert fast == plain
    plain_f, fast_f = _both(text, PinyinPolicy(force=True))
    assert fast_f == plain_f


def test_the_scan_falls_back_where_it_should() -> None:
    """The fallbacks the edge cases above rely on are really taken (else those examples would
    test the fast path only)."""
    assert _fast_fold("薴麻") is None
    assert _fast_fold("".join(chr(0xFF21 + i) for i in range(_FAST_MAX_REPLACE + 1))) is None
    assert _fast_fold("A" * (_FAST_MAX_HITS + 1)) is None
    folded = _fast_fold("国家，（一）ＡＢ")
    assert folded is not None and folded[0] == "国家,(一)AB" and folded[2] == "AB"


def test_clean_text_gets_identity_maps() -> None:
    """The point of the lever: real Chinese text is folded without building any map piece."""
    doc = normalize("国家保密工作，（一）总则：第一条；\n第二条")
    assert doc.text == "国家保密工作,(一)总则:第一条;\n第二条"
    assert doc.map._identity and doc.terms_map._identity


@st.composite
def _deletions(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    src = draw(st.text(alphabet="赌*博 \n", max_size=20))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(src)), max_size=8))))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    return src, [(a, b) for a, b in pairs if b > a]


@settings(max_examples=300, deadline=None)
@given(_deletions())
def test_deleting_spans_builds_the_same_view_and_map(case: tuple[str, list[tuple[int, int]]]
                                                      ) -> None:
    """The term view's list-built map equals the general builder's, piece by piece (also when
    everything or nothing is deleted, which noise runs never do)."""
    src, spans = case
    text_a, map_a = _build(src, [(a, b, "") for a, b in spans], None)
    text_b, map_b = _delete(src, spans)
    assert text_b == text_a
    n = len(text_a)
    assert [map_b.start(v) for v in range(n + 1)] == [map_a.start(v) for v in range(n + 1)]
    assert [map_b.end(v) for v in range(n)] == [map_a.end(v) for v in range(n)]
    assert map_b.view_len == map_a.view_len
