"""The default spam pack: every entry with a positive and an innocent look-alike.

Scored by combination and structure (cn-formats §6.3): strong words fire alone, weak words only in
runs, 【…】 blocks or separator-joined titles; 打击/整治/福利彩票 context keeps notices clean.
The per-entry tests are generated from the pack itself, so a new entry is tested the day it is
added.
"""

from __future__ import annotations

import pytest

from baomi_check import check
from baomi_check.rulepack import RulePack, TermRule, builtin_rules_dir, load_pack

PACK = load_pack(builtin_rules_dir())
SPAM = [t for t in PACK.terms if t.category == "spam"]
STRONG = [t for t in SPAM if t.strength == "strong"]
WEAK = [t for t in SPAM if t.strength == "weak"]


def _spam(text: str) -> list[str]:
    return [f.text for f in check(text).findings if f.category == "spam"]


def test_pack_has_every_category_of_cn_formats_6_2(default_pack: RulePack) -> None:
    rules = {t.rule for t in default_pack.terms if t.category == "spam"}
    assert {"spam.porn", "spam.gambling", "spam.lottery", "spam.seo",
            "spam.fake_documents", "spam.finance", "spam.medical"} <= rules
    assert all(t.rationale for t in default_pack.terms)
    assert all(p.rationale for p in default_pack.patterns)


def test_the_vocabulary_is_broad() -> None:
    """Issue 13: thousands of entries, not dozens, split by kind into ``rules/spam*.yaml``."""
    assert len(SPAM) >= 2000
    assert len(STRONG) >= 300
    files = {src.file.rsplit("/", 1)[-1] for t, src in zip(PACK.terms, PACK.term_sources,
                                                          strict=True) if t.category == "spam"}
    assert {"spam.yaml", "spam_porn.yaml", "spam_gambling.yaml", "spam_lottery.yaml",
            "spam_casino_brands.yaml", "spam_betting.yaml", "spam_seo.yaml",
            "spam_invoices.yaml", "spam_english.yaml"} <= files


def test_strong_terms_fire_alone() -> None:
    bad = []
    for t in STRONG:
        text = f"欢迎光临{t.term}，注册即送。"
        found = check(text).findings
        if not any(f.category == "spam" and f.severity.value == "block" for f in found):
            bad.append(t.term)
        for f in found:
            assert text[f.start:f.end] == f.text
    assert bad == []


def test_crackdown_context_keeps_strong_terms_clean() -> None:
    bad = []
    for t in (t for t in SPAM if t.unless_near):
        # Every word of short lists; a rotating sample of the long shared crackdown list.
        words = t.unless_near if len(t.unless_near) <= 8 else \
            [t.unless_near[(len(t.term) + k) % len(t.unless_near)] for k in range(0, 28, 5)]
        bad += [f"{w}{t.term}" for w in words if _spam(f"依法{w}{t.term}相关违法活动。")]
    assert bad == []


@pytest.mark.parametrize("t", [t for t in SPAM if t.allow], ids=lambda t: t.term)
def test_allow_phrases_keep_look_alikes_clean(t: TermRule) -> None:
    for phrase in t.allow:
        assert _spam(f"本次采购{phrase}一批。") == []


def test_weak_terms_alone_are_clean_but_count_in_a_title_run() -> None:
    alone, missed = [], []
    for t in WEAK:
        if _spam(f"本单位今年围绕{t.term}开展了工作。"):
            alone.append(t.term)
        run = f"{t.term}_人妻_无码专区\n关于做好春季防火工作的通知"
        if not any(t.term.lower() in s.lower() for s in _spam(run)):
            missed.append(t.term)
    assert alone == []
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "免费av_国产精品_一区二区_在线观看",
        "【今晚开奖结果】【一码一肖】关于印发…的通知",
        "主站蜘蛛池模板: 某某视频| 某某成人|",
        '<div style="display:none"><a href="http://example.invalid">澳门葡京娱乐城</a></div>',
        "依法公开★◆■★政府信息■◆★，不予公开◆★■…",
        "365bet官网_体育投注市场监督管理局政府信息公开",
        "中文字幕无码欧洲_免费av专区在线观看_久久久久精品人妻_亚洲午夜免费小视频",
        "国产精品_在线观看\n关于做好2024年春季学期工作的通知",
        "代开全国各地增值税发票，可查验，加微信。",
        "专业代开发票，请加微信详谈。",
        "【香港马会资料大全】",
        "棋牌游戏|捕鱼游戏|电子游艺|体育投注\n关于开展文化市场专项整治的通知",
        "真人视讯|电子游艺|体育投注",
    ],
)
def test_cn_formats_positive_vectors(text: str) -> None:
    assert check(text).verdict == "block"
    assert _spam(text)


@pytest.mark.parametrize(
    "text",
    [
        "关于开展打击六合彩等非法赌博活动的通告",
        "2024年中国福利彩票公益金使用情况公告",
        "发票管理办法",
        "扫黄打非工作会议",
        "纳税人可向主管税务机关申请代开发票，咨询电话12366。",
        "推出精品节目，支持在线观看，配有中文字幕和午夜重播。",
        "驰而不息、久久为功，打造精品工程。",
        "【双色球】第2024001期开奖结果公告",
        "中国福利彩票【开奖结果】第2024001期",
        "体彩中心发布【开奖结果】通知",
        "酒店评级：★★★★★",
        "■ 一、总体要求\n■ 二、主要任务",
        '<ul style="display:none"><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="https://www.gov.cn/">中国政府网</a></li></ul>',
        '<a href="http://example.invalid/">友情链接</a>',
        "精品课程_XX市教育局门户网站",
        "太阳城小区物业管理公示",
        "网络安全通报：部分网站被植入蜘蛛池，请各单位排查。",
        "莎士比亚名剧《威尼斯商人》演出季。",
        "警惕信用卡套现风险提示。",
        "开放大学为学员提供成人视频课程资源。",
        "一区二区三区供水管网改造工程已完工。",
        "精品_在线观看_XX市教育局",
        "严禁在电子游艺场所设置具有赌博功能的电子游戏机。",
        "依法查处利用捕鱼游戏、棋牌游戏等进行赌博的违法行为。",
        "依法查处真人视讯等网络赌博平台。",
    ],
)
def test_cn_formats_negative_vectors(text: str) -> None:
    assert _spam(text) == [], text


def test_hidden_link_variants() -> None:
    for style in ("visibility:hidden", "position:absolute;left:-9999px", "font-size:0;",
                  "display: none"):
        html = f'<div style="{style}"><a href="https://casino.example.invalid/">链接</a></div>'
        assert _spam(html), style
    assert _spam('<marquee width="1" height="1"><a href="http://x.example.invalid">a</a>'
                 "</marquee>")


def test_noise_needs_mixed_symbols() -> None:
    """cn-formats §6.3: ≥5 ★◆■ noise symbols in a paragraph. A divider repeats one symbol and
    a rating mixes two in one run; injected noise is scattered, or one run of three kinds."""
    assert _spam("公开★★★★★") == []
    assert _spam("评价★★★☆☆") == []  # one run, two kinds
    assert _spam("公开★◆■★◆")  # one run, three kinds
    assert _spam("依法★◆公开■★政府◆信息")


@pytest.mark.parametrize(
    "style", ["display:none", "visibility:hidden", "position:absolute;left:-9999px"]
)
def test_hidden_link_blocks_in_page_source_are_spam_and_tampering(style: str) -> None:
    """The contract files hidden HTML content under tampering; the block is spam by what it
    links to. Page source given to check() gets both, as .html files do through the reader."""
    text = (f'<p>正文</p><div style="{style}"><a href="http://z.example.invalid">'
            f"威尼斯人娱乐城官网</a></div>")  # fmt: skip
    report = check(text)
    got = {(f.rule_id, f.category) for f in report.findings}
    assert {("spam.hidden_links", "spam"), ("tampering.hidden_content", "tampering")} <= got
    hidden = [f for f in report.findings if f.rule_id == "tampering.hidden_content"]
    assert hidden[0].text.startswith(f'<div style="{style}">')


def test_hidden_menus_linking_the_site_itself_are_neither() -> None:
    text = ('<ul style="display:none"><li><a href="/zwgk/">政务公开</a></li>'
            '<li><a href="https://www.gov.cn/">中国政府网</a></li></ul>')  # fmt: skip
    assert check(text).findings == []


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("线上赌★博平台，注册即送体验金，日赚千元", "block"),
        ("注册送体验金！", "block"),
        ("警惕“注册即送体验金”的网络赌博诈骗", "pass"),  # an anti-fraud notice quoting it
        ("公安机关打击线上赌博平台12个", "pass"),
    ],
)
def test_gambling_signup_lures(text: str, verdict: str) -> None:
    assert check(text).verdict == verdict


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('<th id="qk7zt"></th><pre id="qk7zt"></pre><ins id="qk7zt"></ins>\n<p>方案</p>', True),
        ("<th id='x9k2m'></th> <sub id='x9k2m'></sub>\n<dfn id='x9k2m'> </dfn>", True),
        ('<td id="a1b2"></td><td id="a1b3"></td><td id="a1b4"></td>', False),  # distinct ids
        ('<div id="main"></div><p>正文</p>', False),
        ('<span id="abcd">内容</span><span id="abcd">内容</span><span id="abcd">x</span>', False),
        ('<th id="qk7zt"></th><pre id="qk7zt"></pre>', False),  # two are not a run
    ],
)
def test_spider_pool_empty_tag_runs(text: str, found: bool) -> None:
    rules = {f.rule_id for f in check(text).findings}
    assert ("tampering.spider_pool_markup" in rules) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("根据“机密★★★■◆■”有关规定，依法公开。", True),  # one run, three kinds: injected
        ("★★★★★★", False),  # a divider repeats one symbol
        ("◆◆◆◆◆◆ 第二部分 ◆◆◆◆◆◆", False),
        ("评价：★★★☆☆", False),  # a rating: two kinds
        ("■■■□□ 进度60%", False),
    ],
)
def test_a_single_noise_run_counts_only_when_it_mixes_symbols(text: str, found: bool) -> None:
    rules = {f.rule_id for f in check(text).findings}
    assert ("spam.noise_symbols" in rules) is found
