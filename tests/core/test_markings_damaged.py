"""Markings as converted documents deliver them (issue 14 item 5): header fields after the mark,
stars damaged in conversion, and inline pinyin that lost its brackets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import check
from baomi_check.normalize import normalize, pinyin_annotations

BODY = "\n关于做好2024年度有关工作的通知\n各单位：\n现将有关事项通知如下。"


def marks(text: str) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.severity.value, f.text) for f in check(text).findings
            if f.category == "classified_marking"]


@pytest.mark.parametrize(
    ("header", "mark"),
    [
        ("机密★5年\t\t签发人：张三", "机密★5年"),
        ("机密★5年\u3000\u3000签发人：张三、李四", "机密★5年"),
        ("秘密★1年  紧急程度：特急", "秘密★1年"),
        ("机密★5年\t紧急程度\t加急", "机密★5年"),
        ("机密★5年\t某府函〔2024〕12号\t签发人：王五", "机密★5年"),
        ("份号：000023\t机密★5年\t特急\t签发人：赵六", "机密★5年"),
    ],
)
def test_header_fields_after_the_mark_still_block(header: str, mark: str) -> None:
    assert marks(header + BODY) == [("marking.classified", "block", mark)]


@pytest.mark.parametrize(
    "header",
    [
        "机密★5年\t签发人：张三同志审阅后印发",  # prose after the field: not a header line
        "机密★5年 签发人不详",
    ],
)
def test_prose_after_a_signer_label_is_not_a_header_line(header: str) -> None:
    assert [s for _r, s, _t in marks(header + BODY)] == ["review"]


@pytest.mark.parametrize(
    "header",
    ["机密\ufffd5年", "机密?5年", "机密？5年", "机密\x005年", "秘密\ue000启用前", "绝密\uf8ff长期",
     "机密\ufffd2030年12月31日", "份号：000023\t机密\ufffd5年\t特急"],
)
def test_damaged_star_at_the_top_blocks(header: str) -> None:
    found = marks(header + BODY)
    assert [(r, s) for r, s, _t in found] == [("marking.classified", "block")]
    assert found[0][2].startswith(header.split("\t")[-2] if "\t" in header else header[:2])


@pytest.mark.parametrize(
    "text",
    [
        "正文。\n" * 8 + "机密?5年",  # not at the top
        "什么是秘密?何时\n" + BODY,  # a question, no strict period
        "秘密?\n" + BODY,
        "机密\ufffd性\n" + BODY,
        "绝密?这是一个标题吗\n" + BODY,
    ],
)
def test_damaged_star_needs_the_top_and_a_period(text: str) -> None:
    assert marks(text) == []


class TestBarePinyin:
    def test_mark_with_bare_pinyin_is_normalised_and_blocks(self) -> None:
        text = "机jī密mì★5年\n关于某事的通知\n各镇zhèn人民政府："
        report = check(text)
        found = [f for f in report.findings if f.category == "classified_marking"]
        assert [(f.severity.value, f.text) for f in found] == [("block", "机jī密mì★5年")]
        assert normalize(text).text.startswith("机密★5年\n")

    def test_decomposed_tone_marks_too(self) -> None:
        text = "机ji\u0304密mi\u0300★5年\n关于某事的通知\n各镇zhe\u0300n人民政府："
        assert normalize(text).text == "机密★5年\n关于某事的通知\n各镇人民政府:"  # NFKC folds ：

    @pytest.mark.parametrize(
        "text",
        [
            "在Běijīng举行会议",  # a pinyin word, capitalised: not a glued syllable
            "A类3号楼第2期",
            "李喆zhé同志",  # one annotation alone is never the artefact
            "本次拼音测试：中zhōng。" + "其余内容略。" * 300,  # below the density gate
        ],
    )
    def test_not_the_artefact(self, text: str) -> None:
        assert pinyin_annotations(text) == []
        assert normalize(text).pinyin == []

    def test_bare_and_bracketed_count_together(self) -> None:
        text = "各镇zhèn、機(jī)關(guān)" + "正文内容。" * 100
        assert len(pinyin_annotations(text)) == 3


_PIECES = ["机", "密", "★", "5年", "镇", "zhèn", "jī", "mì", "(guó)", "ji\u0300", "\n", "，",
           "Běi", "A", "3", "人民政府", "\u200b", "國"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_offsets_stay_exact_with_bare_pinyin(text: str) -> None:
    doc = normalize(text)
    prev = 0
    for i in range(len(doc.text)):
        s, e = doc.to_original(i, i + 1)
        assert prev <= s < e <= len(text)
        prev = s
    for a, b in doc.pinyin:
        assert 0 < a < b <= len(text)
    report = check(text)
    assert report.warnings == []
    for f in report.findings:
        assert text[f.start:f.end] == f.text
