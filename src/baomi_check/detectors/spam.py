"""Spam *structure* in hacked or mirrored pages (cn-formats §6.1, §6.3).

Single words are weak evidence on a government site: 福利彩票 reports, 打击赌博 notices and 扫黄打非
meetings all use them.  The vocabulary lives in ``rules/spam.yaml`` and the term detector handles
single strong terms and title runs; this detector adds the shapes that only injected content has:

* **noise symbols** — ≥5 of ``★◆■…`` in one paragraph, in at least two clusters and of at least
  two kinds, scattered between words to defeat duplicate detection (``依法公开★◆■★政府信息■◆★``).
  A five-star rating (``★★★★★``) is one cluster of one kind and does not count;
* **hidden link blocks** — an HTML element hidden with inline CSS (``display:none``,
  ``visibility:hidden``, off-screen positions, zero font size, zero-size ``marquee``) that holds
  links to non-government hosts: the classic 暗链.  Hidden drop-down menus linking to the site's
  own or other ``gov.cn`` pages are left alone;
* **title words at the edges** — in the first or last 200 characters, two or more different spam
  words on one line, at most 6 characters apart and joined by SEO title separators
  (``国产精品_在线观看``): how a hijacked ``<title>`` or site-name field looks even when every
  word is individually weak.

Bracketed lottery blocks (``【今晚开奖结果】``) and the ``主站蜘蛛池模板`` footer are plain
patterns in the pack.  What this detector deliberately misses: spam written as images, links
whose anchor text is innocent and that are not hidden, and cloaking that serves spam only to
crawlers (the text we are given is not what the crawler saw).
"""

from __future__ import annotations

import re
from typing import ClassVar

from .. import levers
from ..config import CheckConfig
from ..hidden import describe, host_of, looks_like_html, scan_source, title_zones
from ..lazyre import lazy_re, lazy_regex
from ..models import Severity
from ..normalize import Normalized
from ..rulepack import RulePack
from .base import Candidate
from .terms import (
    DRAW_WORDS_KEY,
    RUNS_KEY,
    SPAM_HITS_KEY,
    TermDetector,
    _Hit,
    _sentence,
    whole_segments,
)

NOISE = "★☆◆◇■□♦"
NOISE_MIN = 5
NOISE_MIN_CLUSTERS = 2
NOISE_SINGLE_KINDS = 3
"""One run alone counts when it mixes this many different symbols (“机密★★★■◆■”): divider
lines repeat one symbol (★★★★★, ◆◆◆◆◆), injected noise mixes them."""
EDGE = 200
EDGE_MAX_GAP = 6
TITLE_SEPARATORS = "_|"

_NOISE_CLUSTER = lazy_regex(rf"[{NOISE}]+")
_ANCHOR = lazy_regex(
    r"(?i)<a\b[^<>]*?\bhref\s*=\s*[\"']?(?P<href>[^\"'\s<>]+)[^<>]*>"
)


INPUT_KIND = "input_kind"
"""``doc.derived`` key set by :meth:`baomi_check.Checker.check`: ``"html"`` when the text is page
source (``kind="html"``, or ``kind="auto"`` and :func:`baomi_check.hidden.looks_like_html`),
``"text"`` otherwise."""


def is_page_source(doc: Normalized) -> bool:
    kind = doc.derived.get(INPUT_KIND)
    if kind is None:  # a detector used outside Checker.check: decide the same way
        kind = "html" if looks_like_html(doc.text) else "text"
        doc.derived[INPUT_KIND] = kind
    return kind == "html"


class SpamStructureDetector:
    name: ClassVar[str] = "spam"

    def __init__(self, terms: TermDetector | None) -> None:
        self._terms = terms
        self._index = {id(t): i for i, t in enumerate(terms.terms)} if terms else {}

    def _spam_hits(self, doc: Normalized) -> list[_Hit]:
        """The spam term hits of this document: those the term detector already found (one
        automaton pass per document, not two), or computed here when it did not run."""
        assert self._terms is not None
        shared = doc.derived.get(SPAM_HITS_KEY)
        if isinstance(shared, list) and all(id(r) in self._index for _, _, r, _, _ in shared):
            return [_Hit(a, b, self._index[id(r)], sev, conf) for a, b, r, sev, conf in shared]
        return self._terms.hits(doc)

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> SpamStructureDetector:
        spam = [t for t in pack.terms if t.category == "spam"]
        if not spam:
            return cls(None)
        # The terms are already validated: a sub-pack needs no second validation.
        sub = RulePack.model_construct(terms=spam, sections=pack.sections)
        return cls(TermDetector.build(sub, config))

    def detect(self, doc: Normalized) -> list[Candidate]:
        out: list[Candidate] = []
        out.extend(self._noise(doc))
        html = is_page_source(doc)
        hits: list[_Hit] = []
        if self._terms is not None:  # a pack without spam vocabulary wants no spam findings
            out.extend(lottery_titles(doc))
            hits = self._spam_hits(doc)
            zones = title_zones(doc.text) if html else []
            out.extend(self._edge_titles(doc, hits, zones))
            out.extend(self._brands(doc, hits))
        if html:
            out.extend(self._hidden_blocks(doc, hits, out))
        return out

    # -- hidden content in page source (the check(text) door of baomi_check.hidden) -----------

    def _hidden_blocks(
        self, doc: Normalized, hits: list[_Hit], found: list[Candidate]
    ) -> list[Candidate]:
        text = doc.text
        blocks = scan_source(text)
        if not blocks:
            return []
        terms = self._terms.terms if self._terms is not None else []
        spam_spans = [
            doc.terms_to_view(c.start, c.end) if c.space == "terms" else (c.start, c.end)
            for c in found if c.category == "spam" and c.space != "original"
        ]
        spam_spans += [doc.terms_to_view(h.start, h.end) for h in hits
                       if terms[h.idx].strength == "strong"]
        # Count findings as the report will show them: overlapping candidates resolve to one.
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spam_spans):
            if merged and a < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        spam_spans = merged
        visible = frozenset(
            h for m in _ANCHOR.finditer(text)
            if not any(b.start <= m.start() < b.end for b in blocks)
            and (h := host_of(m.group("href")))
        )
        out: list[Candidate] = []
        for blk in blocks:
            spam = sum(1 for a, b in spam_spans if blk.start <= a and b <= blk.end)
            verdict = describe(blk.reason, blk.links, spam, visible)
            if verdict is None:
                continue
            evidence = text[blk.start:blk.end]
            if verdict.outside:
                what = "隐藏的内嵌框架" if blk.kind == "iframe" else "脚本写入的内容" \
                    if blk.kind == "script" else "隐藏元素"
                out.append(Candidate(
                    rule_id="spam.hidden_links",
                    category="spam",
                    severity=Severity.BLOCK,
                    start=blk.start,
                    end=blk.end,
                    message=(
                        f"{what}（{blk.reason}）中含有{len(verdict.outside)}个外部网站"
                        f"（{'、'.join(verdict.outside[:3])}）的链接（暗链），网页可能被篡改"
                    ),
                    suggestion="删除隐藏链接，排查网站模板和数据库是否被植入",
                    confidence=0.95,
                    matched=evidence,
                ))
            # The contract files hidden HTML content under tampering too, with the reader's
            # words (baomi_check.hidden.describe) whichever door the page came through.
            out.append(Candidate(
                rule_id="tampering.hidden_content",
                category="tampering",
                severity=Severity.REVIEW,
                start=blk.start,
                end=blk.end,
                message=verdict.message,
                suggestion="删除该隐藏区块，并排查网站是否被入侵、模板或数据库是否被篡改",
                confidence=verdict.confidence,
                matched=evidence,
            ))
        return out

    # -- brands: prose is review, promotion is block ----------------------------------------

    def _brands(self, doc: Normalized, hits: list[_Hit]) -> list[Candidate]:
        assert self._terms is not None
        terms = self._terms.terms
        brands = [h for h in hits if terms[h.idx].role == "brand"]
        if not brands:
            return []
        runs = doc.derived.get(RUNS_KEY)
        if runs is None:  # the term detector did not run (a custom detector list)
            runs = []
        view = doc.terms
        out: list[Candidate] = []
        strong = [h for h in hits if terms[h.idx].strength == "strong"]
        for h in brands:
            if any(a <= h.start and h.end <= b for a, b in runs):
                continue  # already part of a title run
            t = terms[h.idx]
            s0, s1 = _sentence(view, h.start, h.end)
            if _CRACKDOWN.search(view[s0:s1]):
                continue  # 打击“皇冠现金网”等赌博平台: a crackdown notice names the brand
            promo = _promotion(doc, h.start, h.end, s0, s1, strong=t.strength == "strong")
            others = [o for o in strong if o is not h and s0 <= o.start and o.end <= s1
                      and terms[o.idx].role != "brand"]
            if promo is None and others:
                promo = (min(h.start, *(o.start for o in others)),
                         max(h.end, *(o.end for o in others)), "同句有其他推广词")
            name = view[h.start:h.end]
            if promo is not None:
                a, b, why = promo
                out.append(Candidate(
                    rule_id="spam.brand_promotion",
                    category="spam",
                    severity=Severity.BLOCK,
                    start=a,
                    end=b,
                    space="terms",
                    message=f"博彩品牌“{name}”带推广标记（{why}），疑似被植入的赌博推广内容，网页可能被篡改",
                    suggestion="删除该内容并排查网站是否被入侵（被植入的品牌常替换页面中的单位名称）",
                    confidence=0.95,
                    matched=view[a:b],
                ))
                continue
            if t.strength == "weak":
                continue
            if _is_prose(view, h.start, h.end, s0, s1):
                out.append(Candidate(
                    rule_id="spam.brand_mention",
                    category="spam",
                    severity=Severity.REVIEW,
                    start=h.start,
                    end=h.end,
                    space="terms",
                    message=f"叙述性语句中提到博彩品牌“{name}”（未见链接、诱导语或标题串），请确认是否为正常报道",
                    suggestion="如为被植入内容请删除；如为正常新闻报道可保留",
                    confidence=0.6,
                    matched=name,
                ))
                continue
            out.append(Candidate(
                rule_id=t.rule,
                category="spam",
                severity=Severity.BLOCK,
                start=h.start,
                end=h.end,
                space="terms",
                message=t.message.replace("{term}", t.term),
                suggestion=t.suggestion,
                confidence=h.confidence,
                matched=name,
            ))
        return out

    # -- ≥5 noise symbols in a paragraph -------------------------------------------------

    def _noise(self, doc: Normalized) -> list[Candidate]:
        text = doc.text
        if not any(c in text for c in NOISE):
            return []
        out: list[Candidate] = []
        for a, b in doc.view_lines():
            line = text[a:b]
            clusters = list(_NOISE_CLUSTER.finditer(line))
            total = sum(len(m.group()) for m in clusters)
            kinds = {c for m in clusters for c in m.group()}
            if total < NOISE_MIN or len(kinds) < 2:
                continue
            if len(clusters) < NOISE_MIN_CLUSTERS and len(kinds) < NOISE_SINGLE_KINDS:
                continue
            s, e = a + clusters[0].start(), a + clusters[-1].end()
            out.append(
                Candidate(
                    rule_id="spam.noise_symbols",
                    category="spam",
                    severity=Severity.BLOCK,
                    start=s,
                    end=e,
                    message=(
                        f"段落中夹杂{total}个干扰符号（{''.join(sorted(kinds))}），"
                        "是被植入内容规避查重的典型特征，网页可能被篡改"
                    ),
                    suggestion="删除干扰符号及被植入的内容，排查网站是否被入侵或被镜像",
                    confidence=0.9,
                    matched=text[s:e],
                )
            )
        return out

    # -- spam title words at the edges of the page -----------------------------------------

    def _edge_titles(
        self, doc: Normalized, all_hits: list[_Hit], zones: list[tuple[int, int]] | None = None
    ) -> list[Candidate]:
        """``zones``: view spans of ``<title>`` and keyword/description meta contents in page
        source, which count as edges wherever they stand."""
        assert self._terms is not None
        n = len(doc.terms)
        if n == 0:
            return []

        def at_edge(h: _Hit) -> bool:
            if h.start < EDGE or h.end > n - EDGE:
                return True
            if zones:
                va, vb = doc.terms_to_view(h.start, h.end)
                return any(a <= va and vb <= b for a, b in zones)
            return False

        hits = [h for h in all_hits if at_edge(h)]
        if len(hits) < 2:
            return []
        hits.sort(key=lambda h: h.start)
        out: list[Candidate] = []
        i = 0
        while i < len(hits):
            j = i
            while (
                j + 1 < len(hits)
                and "\n" not in doc.terms[hits[j].end:hits[j + 1].start]
                and self._separated(doc, hits[j].end, hits[j + 1].start)
            ):
                j += 1
            group = hits[i:j + 1]
            words = {doc.terms[h.start:h.end] for h in group}
            if len(words) >= 2:
                a, b = group[0].start, max(h.end for h in group)
                va, vb = whole_segments(doc, *doc.terms_to_view(a, b))
                out.append(
                    Candidate(
                        rule_id="spam.edge_title",
                        category="spam",
                        severity=Severity.BLOCK,
                        start=va,
                        end=vb,
                        space="view",
                        message=(
                            f"页面首尾出现以分隔符连接的推广词（{'、'.join(sorted(words))}），"
                            "疑似被劫持的网页标题"
                        ),
                        suggestion="删除该标题串，排查网站是否被入侵或被镜像",
                        confidence=0.9,
                        matched=doc.text[va:vb],
                    )
                )
            i = j + 1
        return out

    @staticmethod
    def _separated(doc: Normalized, a: int, b: int) -> bool:
        """Is there an SEO title separator between two hits (in the view, where it survives)?"""
        # The term view drops separators between Han characters, so map the two edges
        # separately: just after the first hit, just before the second.
        va = doc.terms_map.end(a - 1) if a > 0 else 0
        vb = doc.terms_map.start(b)
        gap = doc.text[va:vb]
        return len(gap) <= EDGE_MAX_GAP and any(c in gap for c in TITLE_SEPARATORS)


# --- brands: promotion markers and prose ----------------------------------------------------------

_SITE_CODE_AFTER = lazy_re(r"^[\s\-_.·]?\d{2,6}(?!\d)(?![年月日号期届次%])")
_SITE_CODE_BEFORE = lazy_re(r"(?<!\d)\d{3,6}$")
_PROMO_SUFFIX = lazy_re(
    r"^.{0,4}?(?:官网|官方网站|官方网址|网址|平台|app|开户|注册|登录|登陆|入口|下载|手机版|网页版|"
    r"客户端|在线娱乐|线上娱乐|娱乐平台|娱乐网|真人|棋牌|电子游艺|彩票|体育(?:官网|平台|app|投注|下注)|"
    r"最新地址|备用网址|网站)"
)
_LURE = lazy_re(
    r"注册送|注册即送|送彩金|送体验金|存送|首存|首充|返水|彩金|体验金|开户|下注|投注|买球|充值|提款|出款|"
    r"试玩|官网|网址|登录|入口|客服|加微信|加qq|app下载|下载app|https?://|www\.|\.com\b|\.net\b|\.cc\b|"
    r"\.vip\b"
)
_GLUED_SUFFIX = lazy_re(
    r"^(?:娱乐|官网|平台|app|开户|注册|网址|国际娱乐|棋牌|真人|电子游艺|体育(?:官网|平台|app|投注)|"
    r"线上|在线娱乐|集团娱乐)"
)
_GAMBLING_LURE = lazy_re(
    r"注册送|注册即送|送彩金|送体验金|彩金|体验金|首存|首充|返水|存送|下注|投注|买球|开户|提款|出款"
)
_INSTITUTION_ACT = lazy_re(
    r"^.{0,3}?(?:召开|举行|举办|开展|组织|党委|党支部|党总支|学院|大学|中学|小学|学校|医院|研究院|"
    r"委员会|人民政府|管理局|办公室|我校|我院|师生|教职工)"
)
_PREDICATE = lazy_re(
    r"是|位于|拥有|成为|开业|建成|落成|设有|由|于\d|据|表示|报道|宣布|接待|占地|投资|经营|介绍|称|"
    r"属于|作为|隶属|集.{1,30}于一体"
)
_HAN_RE = lazy_re(r"[\u4e00-\u9fff]")
_PROSE_MIN_HAN = 10


def _promotion(
    doc: Normalized, a: int, b: int, s0: int, s1: int, strong: bool = True
) -> tuple[int, int, str] | None:
    """A promotion marker for the brand at term-view ``[a, b)`` in its sentence ``[s0, s1)``:
    a numeric site code glued to the name (威尼斯人0577, 9159金沙), a promotion suffix (官网,
    娱乐平台, app官网开户), a lure or link in the sentence, title separators around the name, or
    the name standing where an institution's name stands (…召开, …党委).  Returns the span to
    report and the reason, or ``None``.

    A short brand that is also an ordinary name (金沙 is a county, 皇冠 a hotel) needs the
    marker glued to it (金沙娱乐平台, 金沙js333) or a gambling lure in the sentence."""
    view = doc.terms
    after = view[b:s1]
    m = _SITE_CODE_AFTER.match(after)
    if m:
        return a, b + m.end(), "站点编号"
    m = _SITE_CODE_BEFORE.search(view[s0:a])
    if m:
        return s0 + m.start(), b, "站点编号"
    m = (_PROMO_SUFFIX if strong else _GLUED_SUFFIX).match(after)
    if m:
        return a, b + m.end(), "官网/平台/开户等推广后缀"
    if strong and _INSTITUTION_ACT.match(after):
        return a, b, "品牌替代了单位名称"
    sentence = view[s0:s1]
    m = (_LURE if strong else _GAMBLING_LURE).search(sentence)
    if m:
        la, lb = s0 + m.start(), s0 + m.end()
        return min(a, la), max(b, lb), f"同句有“{sentence[m.start():m.end()]}”"
    va, vb = doc.terms_to_view(a, b)
    around = doc.text[max(0, va - 2):va] + doc.text[vb:vb + 2]
    if any(c in around for c in "_|丨"):
        return a, b, "标题分隔符"
    return None


def _is_prose(view: str, a: int, b: int, s0: int, s1: int) -> bool:
    """Is the brand named in a descriptive sentence (a subject and a predicate, enough words
    besides the name)?  ``澳门威尼斯人是一个集酒吧、餐厅…于一体的度假村`` is; a bare name on a line
    or a name in a short fragment is not."""
    rest = view[s0:a] + view[b:s1]
    if len(_HAN_RE.findall(rest)) < _PROSE_MIN_HAN:
        return False
    return _PREDICATE.search(rest) is not None


# --- lottery-notice titles ---------------------------------------------------------------------

_REGION = r"(?:新澳门|新澳|老澳门|澳门|澳彩|香港|港彩|港澳|二四六|246)"
_DRAW = (
    r"(?:开奖结果|开奖号码|开奖记录|开奖直播|开奖现场|开奖查询|开奖|开码|特马|特码|一肖|六合|跑狗|码报|"
    r"资料大全|正版资料|免费资料|精准资料|彩图|好彩)"
)
_WHEN = r"(?:今晚|今期|今日|今天|本期|最新|\d{1,4}期|\d{1,2}[点:：]\d{1,2}分?)"
_LOTTERY_PHRASE = lazy_re(
    rf"(?i){_REGION}[^\n。！？!?|丨_]{{0,10}}?{_DRAW}"
    rf"|{_WHEN}[^\n。！？!?|丨_]{{0,8}}?开奖(?:结果|号码|记录|直播|查询)?"
    r"|\d{2,4}期(?:开奖|开码|特码|一肖)"
    r"|资料大全|正版资料|免费资料|精准资料|开奖结果|开奖号码|开奖记录"
)
_TAIL = lazy_re(
    # Starts only at the first character of a separator or space run (the lookbehind) and
    # never gives back what it took (possessive): linear on long runs of spaces or bars.
    r"(?<![ \t\u3000|丨_~/\-—–,，])"
    r"(?:[ \t\u3000]*+(?:[|丨_~/\-—–]++|[,，])[ \t\u3000]*+|[ \t\u3000]++)"
    r"(?P<tail>[\u4e00-\u9fff]{2,16})"
)
_TAIL_WORDS = lazy_re(
    r"落实|解答|解释|诠释|释义|解析|推进|执行|实施|方案|方式|策略|说明|分析|评估|版本|精选|权威|正版|"
    r"详细|全面|专家|深度|准确|快速|高效|实证|科学|经典|现状|趋势|路径|步骤|探讨|研究|反馈|更新|优势|"
    r"机制|措施|计划|攻略|指南|答疑|定义|整合|展望|阐述|讨论|启示|解读|精准|动态|效率|体系|规划|理解"
)
_OFFICIAL_LOTTERY = lazy_re(
    r"福利彩票|体育彩票|福彩|体彩|双色球|大乐透|七星彩|七乐彩|排列三|排列五|排列3|排列5|快乐8|"
    r"3d|公益金|中国彩票|彩票发行|彩票销售|彩票管理"
)
_CRACKDOWN = lazy_re(
    r"打击|整治|严禁|查处|取缔|禁止|非法|违法|犯罪|警惕|谨防|诈骗|举报|防范|揭露|切勿|抓获|破获|涉嫌|"
    r"侦破|警示|提醒|治理|扫黄打非|专项行动|远离|危害|赌博活动|停售"
)
_LINE_REACH = 400
DRAW_NEEDLES = (
    ("开奖", 1), ("开码", 1), ("特马", 1), ("特码", 1), ("一肖", 1), ("六合", 0), ("跑狗", 1),
    ("码报", 0), ("资料大全", 1), ("正版资料", 3), ("免费资料", 3), ("精准资料", 3), ("彩图", 0),
    ("好彩", 1),
)
"""Every match of :data:`_LOTTERY_PHRASE` contains one of these words (each of its branches
ends in, or is, a draw word of :data:`_DRAW`, ``开奖`` or ``开码/特码/一肖``), each with the
offset of its rarest character in general Chinese (by jieba's dictionary), except that the
four 资料 words share 料: one stop character instead of three."""
_DRAW_HINT = re.compile("|".join(
    f"{re.escape(w[i])}(?<={re.escape(w[:i + 1])})" + (f"(?={re.escape(w[i + 1:])})" if w[i + 1:]
                                                        else "")
    for w, i in DRAW_NEEDLES
))
"""Does the text hold a draw word?  Each branch starts with the word's rarest character and
checks the rest around it, so ``re`` skips ahead between those characters in its C loop:
one pass instead of fourteen substring searches (or the full phrase pattern, which stops at
every digit and every 一, 开, 最, 本 …)."""
_UNIT_STOP = frozenset("。！？!?；;“”\"‘’《》〈〉【】()（）[]<>\n\r\t、：:，,")


def _unit(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    """The title unit around ``[a, b)`` within the line ``[lo, hi)``: up to quotes, brackets,
    sentence punctuation or a colon, so that ``关于印发“…”的通知`` gives the quoted title."""
    while a > lo and text[a - 1] not in _UNIT_STOP:
        a -= 1
    while b < hi and text[b] not in _UNIT_STOP:
        b += 1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def lottery_titles(doc: Normalized) -> list[Candidate]:
    """Private-lottery titles that imitate notices (cn-formats §6.1, issue 13): a draw phrase
    with a Macau/Hong Kong marker (``澳门今晚开奖号码``), or a draw phrase joined to a generated
    officialese tail (``新澳今晚9点30开奖结果查询 | 正确解答落实``), often wrapped in
    ``关于印发“…”的通知``.  The whole title unit is reported, so redaction removes all of it.
    Official lottery publicity (福利彩票, 体育彩票, 双色球 …) and crackdown notices are left
    alone."""
    text = doc.text
    if not any(k in text for k in ("开", "码", "肖", "彩", "资料", "澳", "港", "期")):
        return []
    if levers.active.term_scan:
        # Clean text has no draw word, so no phrase can match (lever ``term_scan``).  The term
        # detector's scan already looked for them in the term view, which keeps every word of
        # the view; without its answer, one pass here.
        seen = doc.derived.get(DRAW_WORDS_KEY)
        if seen is False or (seen is None and _DRAW_HINT.search(text) is None):
            return []
    out: list[Candidate] = []
    taken = -1
    n = len(text)
    for m in _LOTTERY_PHRASE.finditer(text):  # one scan of the text; the line is found after
        ms, me = m.span()
        # The line around the match, looked for at most _LINE_REACH characters away (a title
        # is short; a single-line megabyte page must not make every match scan to its ends).
        lo = max(text.rfind("\n", max(0, ms - _LINE_REACH), ms) + 1, ms - _LINE_REACH, 0)
        hi = text.find("\n", me, me + _LINE_REACH)
        hi = min(n, me + _LINE_REACH) if hi < 0 else hi
        if hi - lo < 4:
            continue
        a, b = _unit(text, ms, me, lo, hi)
        if a < taken:
            continue
        unit = text[a:b]
        s0, s1 = _sentence_view(text, ms, me, lo, hi)
        sentence = text[s0:s1]
        if _CRACKDOWN.search(sentence) or _OFFICIAL_LOTTERY.search(sentence.lower()):
            continue
        phrase = m.group()
        region = re.match(rf"(?i){_REGION}", phrase) is not None or re.search(_REGION, unit)
        # The tail may follow a comma (开奖结果，权威解答落实): look a little past the unit.
        tail = next(
            (t for t in _TAIL.finditer(text, me, min(hi, b + 24))
             if _TAIL_WORDS.search(t.group("tail")) and t.start() <= b),
            None,
        )
        if tail is not None:
            b = max(b, tail.end())
            unit = text[a:b]
        notice = "印发" in text[lo:ms] and "通知" in text[me:hi]
        if not (region or tail or notice):
            continue
        why = "港澳私彩开奖用语" if region else "开奖用语加套话尾巴" if tail else "冒充通知标题"
        taken = b
        out.append(Candidate(
            rule_id="spam.lottery_title",
            category="spam",
            severity=Severity.BLOCK,
            start=a,
            end=b,
            space="view",
            message=f"疑似被植入的私彩开奖标题“{unit[:40]}”（{why}），网页可能被篡改",
            suggestion="删除该标题及内容，排查网站是否被入侵、是否被批量生成垃圾页面",
            confidence=0.95,
            matched=unit,
        ))
    return out


def _sentence_view(text: str, a: int, b: int, lo: int, hi: int) -> tuple[int, int]:
    s = a
    while s > lo and text[s - 1] not in "。！？!?；;":
        s -= 1
    e = b
    while e < hi and text[e] not in "。！？!?；;":
        e += 1
    return s, e
