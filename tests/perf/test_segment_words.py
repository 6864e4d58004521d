"""The jieba dictionary is loaded one first character at a time (``cache.JiebaWords``): the cuts
must be exactly those of a jieba tokenizer holding the whole dictionary, for any window."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import cache
from baomi_check.segment import Segmenter

# Characters of ordinary government prose plus the look-alikes the lexicon cares about, so that
# generated windows form real words, multi-character prefixes and unknown-word runs (HMM).
_PROSE = (
    "关于召开全市扫黄打非工作会议的通知各单位为深入贯彻落实保密法规定现将有关事项通知如下"
    "一会议时间地点参加人员二请于月日前报送名单联系人电话办公室秘密投票福利彩票中国人民银行"
    "网络赌博色情信息危害国家安全群众举报奖励办法轮流执行地铁口交易清华大学北京市海淀区"
    "，。、；：（）《》“”　 abcXYZ0123456789-_.%#&"
)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Segmenter, object]:
    mp = pytest.MonkeyPatch()
    mp.setenv("BAOMI_CHECK_CACHE_DIR", str(tmp_path_factory.mktemp("jieba-cache")))
    mp.delenv("BAOMI_CHECK_NO_CACHE", raising=False)
    try:
        cache.jieba_tokenizer()  # build the entry
        lazy = Segmenter()
        lazy.boundaries("预热")  # loads from the entry just built
        assert lazy._words is not None and lazy._words._buckets is not None
    finally:
        mp.undo()
    full = cache.import_jieba().Tokenizer()
    full.initialize()
    return lazy, full


def _full_cuts(tok: object, window: str) -> frozenset[int]:
    cuts = {0, len(window)}
    for _w, a, b in tok.tokenize(window):  # type: ignore[attr-defined]
        cuts.update((a, b))
    return frozenset(cuts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=_PROSE, min_size=1, max_size=24))
def test_bucketed_dictionary_cuts_like_the_full_one(
    pair: tuple[Segmenter, object], window: str
) -> None:
    lazy, full = pair
    assert lazy.boundaries(window) == _full_cuts(full, window)


def test_only_the_needed_entries_are_loaded(pair: tuple[Segmenter, object]) -> None:
    lazy, full = pair
    words = lazy._words
    assert words is not None
    assert 0 < len(words.freq) < len(full.FREQ)  # type: ignore[attr-defined]
    assert all(w[0] in words._loaded for w in words.freq)


def test_user_words_survive_later_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack's own segmentation words are added after their characters' entries, so loading
    more entries later never overwrites them: cuts match a full tokenizer given the same words."""
    monkeypatch.setenv("BAOMI_CHECK_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("BAOMI_CHECK_NO_CACHE", raising=False)
    words = ["扫黄打非办", "秘密投票箱"]
    seg = Segmenter(words)
    full = cache.import_jieba().Tokenizer()
    full.initialize()
    for w in words:
        full.add_word(w)
    for window in ["工作", "市扫黄打非办公室通知", "设置秘密投票箱三个", "扫黄打非办"]:
        assert seg.boundaries(window) == _full_cuts(full, window), window
    assert seg._words is not None
    for w in words:
        assert seg._words.freq[w] == full.FREQ[w]


@pytest.fixture(scope="module")
def pack_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Segmenter, object, str]:
    """The lazy segmenter holding every term of the built-in pack (as the term detector builds
    it) and a full tokenizer given the same words in the same order."""
    from baomi_check.detectors.terms import segmentation_words
    from baomi_check.rulepack import builtin_rules_dir, load_pack

    words = (*segmentation_words(load_pack(builtin_rules_dir()).terms), "长江一号工程")
    mp = pytest.MonkeyPatch()
    mp.setenv("BAOMI_CHECK_CACHE_DIR", str(tmp_path_factory.mktemp("jieba-pack-cache")))
    mp.delenv("BAOMI_CHECK_NO_CACHE", raising=False)
    try:
        lazy = Segmenter(words)
        lazy.boundaries("预热")
        assert lazy._words is not None and lazy._words._buckets is not None
    finally:
        mp.undo()
    full = cache.import_jieba().Tokenizer()
    full.initialize()
    for w in words:
        full.add_word(w)
    return lazy, full, "".join(dict.fromkeys("".join(words)))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_pack_terms_in_the_dictionary_cut_like_the_full_one(
    pack_pair: tuple[Segmenter, object, str], data: st.DataObject
) -> None:
    """Every configured term joins the dictionary (issue 14 item 7); the by-first-character
    loading must still give exactly the cuts of a tokenizer holding everything."""
    lazy, full, term_chars = pack_pair
    window = data.draw(st.text(alphabet=_PROSE + term_chars[:400], min_size=1, max_size=24))
    assert lazy.boundaries(window) == _full_cuts(full, window)
