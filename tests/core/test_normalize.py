"""The normalized view and its offset map (cn-formats §0.1, §7)."""

from __future__ import annotations

import pytest

from baomi_check.normalize import PinyinPolicy, normalize, pinyin_annotations


def back(original: str, doc, a: int, b: int) -> str:
    s, e = doc.to_original(a, b)
    return original[s:e]


@pytest.mark.parametrize(
    ("raw", "view"),
    [
        ("１３８０００", "138000"),  # full-width digits
        ("ＡＢＣ（一）", "ABC(一)"),  # full-width Latin and brackets
        ("赌\u200b博", "赌博"),  # zero-width space
        ("\ufeff机密\u202e★", "机密★"),  # BOM and a bidi override
        ("國家安全保密審查", "国家安全保密审查"),  # Traditional → Simplified
        ("秘\u3000密", "秘 密"),  # ideographic space becomes a plain space
        ("机密性", "机密性"),  # simplified text is left alone
    ],
)
def test_view(raw: str, view: str) -> None:
    assert normalize(raw).text == view


def test_every_view_char_maps_into_the_original() -> None:
    raw = "鎮(zhèn)政務(wù)公開機(jī)制，國(guó)家有關(guān)。赌\u200b博１３８…"
    doc = normalize(raw)
    for i, ch in enumerate(doc.text):
        s, e = doc.to_original(i, i + 1)
        assert 0 <= s < e <= len(raw)
        piece = raw[s:e]
        assert normalize(piece, pinyin_policy=None).text.endswith(ch) or ch in normalize(piece).text


def test_expansion_maps_to_the_whole_source_character() -> None:
    doc = normalize("a…b")
    assert doc.text == "a...b"
    assert back("a…b", doc, 1, 2) == "…"
    assert back("a…b", doc, 1, 4) == "…"
    assert back("a…b", doc, 0, 5) == "a…b"


def test_deleted_characters_inside_a_span_are_kept_in_the_evidence() -> None:
    raw = "赌\u200b博"
    doc = normalize(raw)
    assert back(raw, doc, 0, 2) == raw
    assert back(raw, doc, 0, 1) == "赌"


def test_decomposed_tone_marks_are_composed() -> None:
    raw = "國(guo\u0301)國(guo\u0301)國(guo\u0301)"
    doc = normalize(raw)
    assert doc.text == "国国国"


class TestPinyinArtefact:
    """cn-formats §7.4 vectors."""

    @pytest.mark.parametrize(
        ("raw", "view"),
        [
            ("鎮(zhèn)政府，機(jī)制，有關規(guī)定", "镇政府,机制,有关规定"),
            ("圖(tú)表(biǎo)聯(lián)係(xì)", "图表联系"),
            ("國（guó）綠(lǜ)化女(nǚ)", "国绿化女"),
            ("嗯(ńg)國(guó)電(diàn)", "嗯国电"),
        ],
    )
    def test_stripped_when_the_document_shows_the_artefact(self, raw: str, view: str) -> None:
        assert normalize(raw).text == view

    @pytest.mark.parametrize(
        "raw",
        ["说明(见附件1)", "(一)", "机制(试行)", "第(2)项", "张三(男)", "Ａ(á)", "我們(men)的"],
    )
    def test_never_stripped(self, raw: str) -> None:
        doc = normalize(raw * 4)
        assert "(" in doc.text

    def test_a_single_legitimate_annotation_is_kept(self) -> None:
        text = "本次表彰名单中，李喆(zhé)同志的名字含生僻字，特此说明。" * 2 + "其余内容略。" * 200
        assert pinyin_annotations(text) == []
        assert "(zhé)" in normalize(text).text

    def test_gate_by_density(self) -> None:
        policy = PinyinPolicy(min_count=3, per_chars=500)
        assert pinyin_annotations("國(guó)家機(jī)關", policy)
        assert not pinyin_annotations("國(guó)家機(jī)關" + "。" * 1000, policy)

    def test_one_annotation_in_a_short_text_is_not_the_artefact(self) -> None:
        assert pinyin_annotations("李喆(zhé)同志") == []

    def test_neutral_tone_only_in_gated_documents(self) -> None:
        gated = "鎮(zhèn)機(jī)關(guān)我們(men)的"
        assert normalize(gated).text == "镇机关我们的"


class TestTermView:
    def test_noise_between_han_is_skipped(self) -> None:
        assert normalize("赌*博 六-合-彩 赌 博").terms == "赌博六合彩赌博"

    def test_noise_never_crosses_sentence_punctuation_or_lines(self) -> None:
        assert normalize("赌。博").terms == "赌。博"
        assert normalize("赌\n博").terms == "赌\n博"
        assert normalize("赌,博").terms == "赌,博"

    def test_long_noise_runs_are_kept(self) -> None:
        assert normalize("赌----博").terms == "赌----博"

    def test_latin_is_lowercased_but_not_joined(self) -> None:
        assert normalize("免费AV专区 a-v").terms == "免费av专区 a-v"

    def test_terms_map_back_through_both_views(self) -> None:
        raw = "六-合-彩"
        doc = normalize(raw)
        s, e = doc.terms_to_original(0, 3)
        assert raw[s:e] == raw
