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

from typing import ClassVar
from urllib.parse import urlsplit

from ..config import CheckConfig
from ..lazyre import lazy_regex
from ..models import Severity
from ..normalize import Normalized
from ..rulepack import RulePack
from .base import Candidate
from .terms import TermDetector

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
_HIDING = (
    r"display\s*:\s*none|visibility\s*:\s*hidden|"
    r"(?:left|top|text-indent)\s*:\s*-\d{3,}\s*(?:px|em)|font-size\s*:\s*0(?:px)?\s*(?:;|[\"'])|"
    r"(?:width|height)\s*:\s*0(?:px)?\s*(?:;|[\"'])"
)
_HIDDEN_OPEN = lazy_regex(
    rf"(?i)<(?P<tag>div|span|p|ul|li|section|font|marquee|td)\b[^<>]*?"
    rf"(?:style\s*=\s*[\"'][^\"']*(?:{_HIDING})[^\"']*[\"']|\bhidden\b(?!\s*=\s*[\"']?false))"
    r"[^<>]*>",
)
_ZERO_MARQUEE = lazy_regex(
    r"(?i)<marquee\b[^<>]*\b(?:width|height)\s*=\s*[\"']?[0-2](?:px)?[\"']?[^<>]*>"
)
_ANCHOR = lazy_regex(
    r"(?i)<a\b[^<>]*?\bhref\s*=\s*[\"']?(?P<href>[^\"'\s<>]+)[^<>]*>"
)
_ABSOLUTE_URL = lazy_regex(r"(?i)^(?:https?:)?//")
_OPEN_TAG_NAME = lazy_regex(r"<(\w+)")
_MAX_ELEMENT = 8000


def _is_government_or_local(href: str) -> bool:
    """Relative links and links to government hosts (``*.gov.cn``, ``*.gov``) are not 暗链."""
    if not _ABSOLUTE_URL.match(href):
        return True
    host = (urlsplit(href if ":" in href.split("//")[0] else "http:" + href).hostname or "")
    host = host.lower().rstrip(".")
    return host.endswith((".gov.cn", ".gov")) or host in {"gov.cn"}


class SpamStructureDetector:
    name: ClassVar[str] = "spam"

    def __init__(self, terms: TermDetector | None) -> None:
        self._terms = terms

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
        if "<" in doc.text:
            out.extend(self._hidden_links(doc))
        if self._terms is not None:
            out.extend(self._edge_titles(doc))
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

    # -- hidden link blocks (暗链) --------------------------------------------------------

    def _hidden_links(self, doc: Normalized) -> list[Candidate]:
        import regex  # only texts with markup get here

        text = doc.text
        out: list[Candidate] = []
        opens = list(_HIDDEN_OPEN.finditer(text)) + list(_ZERO_MARQUEE.finditer(text))
        taken_until = -1
        for m in sorted(opens, key=lambda m: m.start()):
            if m.start() < taken_until:
                continue
            tag = _OPEN_TAG_NAME.match(m.group()).group(1).lower()
            close = regex.compile(rf"(?i)</\s*{tag}\s*>")
            c = close.search(text, m.end(), min(len(text), m.end() + _MAX_ELEMENT))
            end = c.end() if c else min(len(text), m.end() + _MAX_ELEMENT)
            inner = text[m.end():end]
            hrefs = [a.group("href") for a in _ANCHOR.finditer(inner)]
            external = [h for h in hrefs if not _is_government_or_local(h)]
            if not external:
                continue
            taken_until = end
            out.append(
                Candidate(
                    rule_id="spam.hidden_links",
                    category="spam",
                    severity=Severity.BLOCK,
                    start=m.start(),
                    end=end,
                    message=(
                        f"隐藏元素中含有{len(external)}个指向外部网站的链接（暗链），"
                        "网页可能被篡改"
                    ),
                    suggestion="删除隐藏链接，排查网站模板和数据库是否被植入",
                    confidence=0.95,
                    matched=text[m.start():end],
                )
            )
            # The contract files hidden HTML content under tampering too: the block is spam by
            # what it links to and a sign of a compromised page by being hidden (the .html
            # reader reports the same rule for the pages it extracts).
            out.append(
                Candidate(
                    rule_id="tampering.hidden_content",
                    category="tampering",
                    severity=Severity.REVIEW,
                    start=m.start(),
                    end=end,
                    message="网页源码中有访问者看不到的隐藏内容，含外部链接，疑似被植入暗链",
                    suggestion="删除该隐藏区块，并排查网站是否被入侵、模板或数据库是否被篡改",
                    confidence=0.9,
                    matched=text[m.start():end],
                )
            )
        return out

    # -- spam title words at the edges of the page -----------------------------------------

    def _edge_titles(self, doc: Normalized) -> list[Candidate]:
        assert self._terms is not None
        n = len(doc.terms)
        if n == 0:
            return []
        hits = [h for h in self._terms.hits(doc) if h.start < EDGE or h.end > n - EDGE]
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
                out.append(
                    Candidate(
                        rule_id="spam.edge_title",
                        category="spam",
                        severity=Severity.BLOCK,
                        start=a,
                        end=b,
                        space="terms",
                        message=(
                            f"页面首尾出现以分隔符连接的推广词（{'、'.join(sorted(words))}），"
                            "疑似被劫持的网页标题"
                        ),
                        suggestion="删除该标题串，排查网站是否被入侵或被镜像",
                        confidence=0.9,
                        matched=doc.terms[a:b],
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
