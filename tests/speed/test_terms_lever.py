"""Lever ``term_scan``: the fast term scanner and the lottery pre-check give exactly the plain
path's hits and candidates (issue 17).

The scanner is compared with the automaton it replaces on random text made of what the
automaton reacts to: whole lexicon keys and their fragments, allow phrases, noise between Han
characters (赌*博), Latin keys glued to ASCII neighbours, Traditional and full-width forms,
draw words, line breaks — for the built-in pack and for user packs with one-character and
Latin keys (``Checker.from_rules``, ``termlist.terms_pack``)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi_check import Checker, levers
from baomi_check.detectors.spam import _DRAW_HINT, _LOTTERY_PHRASE, DRAW_NEEDLES, lottery_titles
from baomi_check.detectors.term_dfa import TermScanner
from baomi_check.detectors.terms import DRAW_WORDS_KEY, TermDetector
from baomi_check.normalize import _t2s_chars, normalize
from baomi_check.termlist import terms_pack

USER_PACK = """\
defaults: {category: sensitive_term, severity: review, message: m, boundary: none}
terms:
  - 嫑
  - x
  - 赌
  - {term: ab, allow: [abc, xab]}
  - bet365
  - k8
  - 𠀋𠀌
  - {term: 六合彩, allow: [打击六合彩], unless_near: [严厉]}
  - 彩票站
"""


def _detectors(checker: Checker) -> tuple[TermDetector, object]:
    by = {d.name: d for d in checker.detectors}
    td = by["terms"]
    assert isinstance(td, TermDetector)
    assert td.scanner(force=True) is not None  # the fast path, whatever the text length
    spam = by["spam"]
    if getattr(spam, "_terms", None) is not None:
        spam._terms.scanner(force=True)  # type: ignore[attr-defined]
    return td, spam


@pytest.fixture(scope="module")
def builtin() -> tuple[TermDetector, object]:
    return _detectors(Checker.default())


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> tuple[TermDetector, object]:
    path = tmp_path_factory.mktemp("pack") / "user.yaml"
    path.write_text(USER_PACK, encoding="utf-8")
    return _detectors(Checker.from_rules(path))


@pytest.fixture(scope="module")
def termlist() -> tuple[TermDetector, object]:
    pack = Checker.default().pack.extend(terms_pack(["长江一号工程", "天网", "ab12", "Z计划"]))
    return _detectors(Checker(pack))


_TRAD: dict[str, list[str]] = {}
for _t, _s in _t2s_chars().items():
    if len(_t) == 1 and len(_s) == 1 and _t != _s:
        _TRAD.setdefault(_s, []).append(_t)

NOISE = ["*", "-", "·", " ", "_", "|", "★", "\u200b", "\n", "。", "，", "1", "0", "A", "z"]
FILLER = "的了是在和有政府工作报告关于通知一二三区大发体位成人网国产精品在线观看免费开奖结果"


def _mangle(rnd: random.Random, s: str) -> str:
    out = []
    for c in s:
        r = rnd.random()
        if r < 0.15 and c in _TRAD:
            c = rnd.choice(_TRAD[c])
        elif r < 0.25 and c.isascii() and c.isalnum():
            c = chr(ord(c) + 0xFEE0) if rnd.random() < 0.5 else c.upper()
        out.append(c)
        if rnd.random() < 0.08:
            out.append(rnd.choice(NOISE))
    return "".join(out)


def _pieces(td: TermDetector) -> list[str]:
    keys = [k for k, _ in td._auto.items()]
    originals = [t.term for t in td.terms] + [a for t in td.terms for a in t.allow]
    return sorted(set(keys + originals))


_PIECES: dict[int, list[str]] = {}


def _text(td: TermDetector, seed: int, n: int) -> str:
    pieces = _PIECES.setdefault(id(td), _pieces(td))
    rnd = random.Random(seed)
    parts = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.45:
            p = rnd.choice(pieces)
            if rnd.random() < 0.3 and len(p) > 2:  # a fragment: prefix, suffix or middle
                a = rnd.randrange(len(p) - 1)
                p = p[a:rnd.randrange(a + 1, len(p) + 1)]
            parts.append(_mangle(rnd, p))
        elif r < 0.6:
            parts.append(rnd.choice(NOISE))
        elif r < 0.7:
            parts.append(rnd.choice([w for w, _ in DRAW_NEEDLES]) + rnd.choice(["", "查询", "今晚"]))
        else:
            parts.append("".join(rnd.choice(FILLER) for _ in range(rnd.randrange(1, 6))))
    return "".join(parts)


def _same_raw(td: TermDetector, text: str) -> None:
    view = normalize(text, None).terms
    scanner = td.scanner()
    assert scanner is not None
    assert scanner.iter(view) == list(td._auto.iter(view))


def _same_candidates(td: TermDetector, spam: object, text: str) -> None:
    def run() -> tuple[list[object], list[object]]:
        doc = normalize(text)
        doc.derived["input_kind"] = "text"
        return td.detect(doc), spam.detect(doc)  # type: ignore[attr-defined]

    fast = run()
    with levers.override(term_scan=False):
        plain = run()
    assert fast == plain


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(seed=st.integers(0, 2**32), n=st.integers(1, 60))
def test_builtin_pack_same_hits_and_candidates(builtin, seed: int, n: int) -> None:
    td, spam = builtin
    text = _text(td, seed, n)
    _same_raw(td, text)
    _same_candidates(td, spam, text)


@SETTINGS
@given(seed=st.integers(0, 2**32), n=st.integers(1, 40))
def test_user_pack_with_single_character_and_latin_keys(user, seed: int, n: int) -> None:
    td, spam = user
    text = _text(td, seed, n)
    _same_raw(td, text)
    _same_candidates(td, spam, text)


@SETTINGS
@given(seed=st.integers(0, 2**32), n=st.integers(1, 40))
def test_terms_list_pack(termlist, seed: int, n: int) -> None:
    td, spam = termlist
    text = _text(td, seed, n)
    _same_raw(td, text)
    _same_candidates(td, spam, text)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("赌博六合彩票站嫑xab12c36k8et𠀋𠀌打击严厉\n *")),
                    max_size=40))
@example(text="赌赌博博")
@example(text="x")
@example(text="𠀋𠀌𠀋𠀌")
@example(text="xabc")
@example(text="bet365k8")
def test_user_pack_on_dense_text(user, text: str) -> None:
    """Keys packed tightly: overlaps, a key at the very start and end, repeats, astral
    characters."""
    td, spam = user
    _same_raw(td, text)
    _same_candidates(td, spam, text)


def test_every_key_found_where_it_stands(builtin) -> None:
    """Each key alone, at the start, the end and between neighbours."""
    td, _ = builtin
    scanner = td.scanner()
    assert scanner is not None
    for key, _ in td._auto.items():
        for text in (key, f"甲{key}", f"{key}乙", f"a{key}1"):
            assert scanner.iter(text) == list(td._auto.iter(text)), key


def test_lone_surrogates_take_the_plain_path(builtin) -> None:
    """Text decoded with ``surrogateescape`` has no UTF-8 form: the Rust scanner refuses it
    and the detector falls back to pyahocorasick, with the same candidates."""
    td, spam = builtin
    text = "赌博网站\udc80六合彩，新澳门今晚开奖结果\ud800"
    scanner = td.scanner()
    assert scanner is not None
    with pytest.raises(UnicodeEncodeError):
        scanner.scan(normalize(text).terms)
    _same_candidates(td, spam, text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("开奖码特马肖一六合跑狗报资料大全正版免费精准彩图好今晚期澳门\n12")),
                    max_size=30))
@example(text="资料大")
@example(text="料大全")
def test_draw_hint_is_exactly_the_needles(text: str) -> None:
    assert (_DRAW_HINT.search(text) is not None) == any(w in text for w, _ in DRAW_NEEDLES)
    # The pre-check is sound: every lottery phrase holds a needle.
    for m in _LOTTERY_PHRASE.finditer(text):
        assert any(w in m.group() for w, _ in DRAW_NEEDLES), m.group()


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), after_terms=st.booleans())
def test_lottery_titles_same_with_and_without_the_pre_check(
    builtin, seed: int, after_terms: bool
) -> None:
    """With the term detector's answer (draw words seen in its scan) and without it."""
    td, _ = builtin
    rnd = random.Random(seed)
    words = ["新澳门", "香港", "今晚", "2024期", "开奖结果", "开码", "一肖", "资料大全", "彩图", "|",
             "正确解答落实", "关于印发“", "”的通知", "福利彩票", "打击", "\n", "，", "本期", "开奖",
             "开*奖", "资-料大全", "六合", "好彩", "特马", "跑狗", "码报", "免费资料"]
    text = "".join(rnd.choice(words + list(FILLER)) for _ in range(rnd.randrange(1, 40)))

    def run() -> list[object]:
        doc = normalize(text)
        if after_terms:
            td.detect(doc)
        return lottery_titles(doc)  # type: ignore[return-value]

    fast = run()
    with levers.override(term_scan=False):
        plain = run()
    assert fast == plain


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), n=st.integers(1, 30))
def test_draw_words_seen_by_the_term_scan(builtin, user, seed: int, n: int) -> None:
    """The flag the term detector hands over is exactly "a draw word is in the term view",
    whatever the pack (the built-in one has some draw words as keys, the user pack none)."""
    for td, _ in (builtin, user):
        doc = normalize(_text(td, seed, n))
        td.detect(doc)
        if not doc.terms:  # nothing scanned, nothing handed over: the spam detector looks
            assert DRAW_WORDS_KEY not in doc.derived
            continue
        assert doc.derived[DRAW_WORDS_KEY] == any(w in doc.terms for w, _ in DRAW_NEEDLES)
        assert (_DRAW_HINT.search(doc.text) is not None) <= doc.derived[DRAW_WORDS_KEY]


def test_scanner_matches_automaton_order_at_one_end() -> None:
    """Keys ending at the same place come longest first, as the automaton's output links."""
    import ahocorasick

    keys = ["香港六合彩", "六合彩", "合彩", "彩", "彩票", "x", "ab", "b"]
    auto = ahocorasick.Automaton()
    for i, k in enumerate(keys):
        auto.add_word(k, (len(k), (("t", i),)))
    auto.make_automaton()
    scanner = TermScanner(auto.items(), ["彩票站", "合彩"])
    for text in ("香港六合彩票", "ab彩", "xabb", "", "六合彩六合彩"):
        assert scanner.iter(text) == list(auto.iter(text))
    assert scanner.scan("彩票站")[1] and scanner.scan("合彩")[1] and not scanner.scan("彩票")[1]


def test_scanner_is_built_only_after_enough_text() -> None:
    """A one-file run keeps the cached automaton; a detector builds its scanner once it has
    scanned the threshold, while scanning a text long enough to pay for it."""
    from baomi_check.detectors.terms import SCAN_AFTER_CHARS, SCAN_CHARS_PER_KEY, SCAN_MIN_VIEW

    td = {d.name: d for d in Checker(Checker.default().pack).detectors}["terms"]
    assert isinstance(td, TermDetector)
    threshold = SCAN_AFTER_CHARS + SCAN_CHARS_PER_KEY * len(td._auto)
    doc = normalize("关于做好政府信息公开工作的通知")
    td.detect(doc)
    assert td.scanner() is None and "terms.draw_words" not in doc.derived
    assert td.scanner(threshold - len(doc.terms) - 1) is None
    assert td.scanner(SCAN_MIN_VIEW - 1) is None  # a short request never pays for the build
    assert td.scanner(SCAN_MIN_VIEW) is not None
    doc = normalize("关于做好政府信息公开工作的通知")
    td.detect(doc)
    assert doc.derived["terms.draw_words"] is False


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), n=st.integers(1, 40))
def test_large_packs_use_the_default_automaton_with_the_same_hits(builtin, monkeypatch,
                                                                  seed: int, n: int) -> None:
    """Beyond DFA_MAX_KEYS the crate picks its own automaton: the same hits."""
    from baomi_check.detectors import term_dfa

    td, _ = builtin
    monkeypatch.setattr(term_dfa, "DFA_MAX_KEYS", 0)
    scanner = TermScanner(td._auto.items())
    view = normalize(_text(td, seed, n), None).terms
    assert scanner.iter(view) == list(td._auto.iter(view))


def test_scanning_leaves_no_utf8_copy_on_the_document() -> None:
    """The Rust side reads a str through its UTF-8 form, which CPython would keep on the
    string (3 bytes a character for as long as the document lives; the windowed check of a
    huge text keeps its windows): the scanner reads a transient copy instead."""
    import sys

    import ahocorasick

    auto = ahocorasick.Automaton()
    auto.add_word("赌博", (2, (("t", 0),)))
    auto.make_automaton()
    scanner = TermScanner(auto.items())
    view = "".join(["赌博网站", "关于开展工作的通知"] * 500)
    before = sys.getsizeof(view)
    assert len(scanner.iter(view)) == 500
    assert sys.getsizeof(view) == before
