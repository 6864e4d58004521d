"""Term detection: automaton hits, then boundary, allow-phrase and context filters."""

from __future__ import annotations

import pytest

from baomi_check import Checker, check


def hits(checker: Checker, text: str) -> list[tuple[str, str]]:
    return [(f.text, f.severity.value) for f in checker.check(text).findings]


@pytest.mark.parametrize(
    "text",
    [
        "按照有关办法轮流值班。",  # 办法|轮流 ⊃ 法轮
        "在地铁口交易二手物品。",  # 地铁口|交易 ⊃ 口交
        "这件事情给大家带来了很大麻烦。",  # 大|麻烦 ⊃ 大麻
        "三黄片是常用中成药。",  # allow phrase
        "I have a dream, we save the planet.",  # av inside Latin words
        "依法打击赌博违法犯罪活动。",  # unless_near
    ],
)
def test_cross_word_traps_do_not_block(traps: Checker, text: str) -> None:
    assert traps.check(text).verdict != "block", hits(traps, text)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("有人在院内种植大麻。", "大麻"),
        ("他经常访问赌博网站。", "赌博"),
        ("传播黄片的行为。", "黄片"),
        ("免费AV在线", "AV"),
        ("鎮上有人賭博。", "賭博"),  # Traditional
        ("有人赌*博。", "赌*博"),  # noise between characters
        ("有人赌\u200b博。", "赌\u200b博"),  # zero-width character
        ("有人ｄａ麻", None),
    ],
)
def test_real_uses_fire(traps: Checker, text: str, evidence: str | None) -> None:
    found = hits(traps, text)
    if evidence is None:
        assert found == []
    else:
        assert (evidence, "block") in found


def test_downgrade_mode_keeps_a_cut_hit_at_lower_severity(traps: Checker) -> None:
    # jieba cuts 可疑|词典 ... the rule asks to downgrade rather than drop.
    report = traps.check("查阅可疑词典。")
    real = traps.check("出现可疑词。")
    assert [f.severity.value for f in real.findings] == ["block"]
    assert all(f.severity.value in ("review", "block") for f in report.findings)


def test_spam_title_run_is_one_finding() -> None:
    text = "免费av_国产精品_一区二区_在线观看\n某某县人民政府关于印发通知的通知"
    report = check(text)
    assert report.verdict == "block"
    assert [(f.rule_id, f.line) for f in report.findings] == [("spam.title_run", 1)]
    assert report.findings[0].text == "免费av_国产精品_一区二区_在线观看"


def test_weak_terms_alone_stay_silent() -> None:
    assert check("打造精品工程，提供在线观看服务。").findings == []


@pytest.mark.parametrize(
    "text",
    [
        "关于开展打击六合彩等非法赌博活动的通告",
        "2024年中国福利彩票公益金使用情况公告",
        "发票管理办法",
        "扫黄打非工作会议",
    ],
)
def test_spam_negatives(text: str) -> None:
    assert check(text).verdict == "pass"


def test_wrong_expression_carries_the_correct_form() -> None:
    (f,) = check("坚决打好扫黑险恶专项斗争").findings
    assert f.category == "wrong_expression"
    assert f.suggestion == "扫黑除恶"


def test_leftmost_longest_within_a_category(tmp_path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "defaults: {category: sensitive_term, severity: review, message: m, boundary: none}\n"
        "terms: [六合彩, 香港六合彩, 彩票站]\n",
        encoding="utf-8",
    )
    checker = Checker.from_rules(pack, replace=True)
    # 六合彩 lies inside 香港六合彩, and 彩票站 overlaps it: one finding for the region, the
    # longest; a separate occurrence is still reported.
    texts = [f.text for f in checker.check("香港六合彩票站，彩票站").findings]
    assert texts == ["香港六合彩", "彩票站"]
