"""国家秘密标志 (state-secret markings): ``密级★保密期限`` and its variants.

Catches (cn-formats §4.2–4.4): ``机密★5年``, ``秘　密★启用前``, ``绝密★长期``,
``机密★2030年12月31日``, ``机密★会议开始前``, ``机密＊5年`` and symbol-font stars from Word/PDF
extraction (private-use code points), a copy number (份号), urgency (特急, 紧急程度：特急),
签发人 or the 发文字号 on the same line, a star damaged in conversion (U+FFFD, ``?``, NUL, a
private-use glyph) between a level word and a period on a header-zone line,
star-less ``机密 5年`` on a header line, a bare level word alone on a header line,
``（秘密）`` at the start of a paragraph, and level+star inside running text.

Deliberately not flagged (§4.7): running-text vocabulary (保密工作, 秘密投票, 机密性, 商业秘密),
spam noise where the star is followed by more ``★◆■``, and level words without a star outside the
header zone.  Severity: a whole-line mark is ``block``; partial evidence is ``review``; a mark
with 解密 beside it is ``review`` (check the declassification record).

The internal-use markings of §4.5 (工作秘密, 内部资料, （此件不公开）…) are data: see
``rules/markings.yaml``, evaluated by the pattern detector.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .. import levers
from ..config import CheckConfig
from ..lazyre import lazy_re, lazy_regex
from ..models import Severity
from ..normalize import Normalized
from ..rulepack import RulePack
from .base import Candidate
from .zones import _BREAK, _breaks, header_lines, is_whole_line, line_start

LEVEL = r"(?:绝\s*密|机\s*密|秘\s*密)"
STAR_CHARS = "★☆✦✧✩✪✫✬✭✮✯✰✱✲✳✴✵✶✷✸✹⭐⋆∗⁎*"
"""Stars as text layers deliver them: the ★ of GB/T 9704, and the asterisk-like and star-like
code points PDF fonts and converters map it to (∗ U+2217, ✱ U+2731, ⋆ U+22C6 …).  ＊ and ﹡
reach the view as ``*`` through NFKC."""
STAR = rf"[{STAR_CHARS}\uF000-\uF0FF]"
NOISE = rf"[{STAR_CHARS}◆◇■□●○▲△]"
CN_COUNT = r"[一二三四五六七八九十两]{1,3}\s*(?:年|个?月)"
"""A period written in Chinese numerals (秘密★五年): GB/T 9704 asks for Arabic digits, but older
and hand-typed documents use these, and a whole line ``秘密★五年`` is as much a mark."""
PERIOD = (
    rf"(?:\d{{1,2}}\s*(?:年|个?月)|{CN_COUNT}|长期|启用前|"
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:前|后)?|"
    r"[^\s★☆◆◇■□●○*,，。;；]{1,20}?(?:前|后|时))"
)
STRICT_PERIOD = (
    rf"(?:\d{{1,2}}\s*(?:年|个?月)|{CN_COUNT}|长期|启用前|"
    r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)"
)
URGENCY = r"(?:特\s*急|加\s*急|平\s*急|特\s*提)"
COPY_NO = r"(?:份\s*号\s*[:：]?\s*)?\d{6}"
"""份号: six digits, bare (GB/T 9704) or labelled (份号：000123) when a table cell held it."""
SIGNER = r"签\s*发\s*人\s*[:：]\s*\p{Han}{2,4}(?:[、，,\u3000 ]{1,3}\p{Han}{2,4}){0,3}"
"""签发人 with one or more names (GB/T 9704-2012 7.2.6: 上行文 carry it in the header)."""
DOC_NUMBER = r"\p{Han}{1,12}\s*[〔\[(（]\s*\d{4}\s*[〕\])）]\s*\d{1,4}\s*号"
"""发文字号 (``X政发〔2024〕12号``), which shares the 签发人 line of a 上行文."""
HEADER_FIELD = (
    rf"(?:{COPY_NO}|试\s*卷\s*类\s*型\s*[:：]?\s*[A-D甲乙]\s*卷?|{SIGNER}|{DOC_NUMBER}|"
    rf"紧\s*急\s*程\s*度\s*[:：]?\s*{URGENCY})"
)
"""What else shares the mark's line once tabs or a header table are flattened: 份号, 紧急程度
(labelled or not), 签发人 with its names, the 发文字号 and the 试卷类型 of an exam paper
(``机密★5年\t\t签发人：张三``, ``绝密★启用前    试卷类型：A``).  The alternatives begin with
different fixed characters (digits, 试, 签, 紧) except the 发文字号, which needs its bracketed
year, so a long line of fields cannot backtrack exponentially."""

_MARK = lazy_regex(rf"{LEVEL}\s*{STAR}(?!\s*{NOISE})\s*(?:{PERIOD})?")
"""A level word, one star not followed by more noise symbols, an optional period."""
_MARK_LINE = lazy_regex(
    rf"^\s*(?:{COPY_NO}\s+)?(?:密\s*级\s*[:：]?\s*)?(?P<mark>{LEVEL}\s*{STAR}\s*(?:{PERIOD})?)"
    rf"(?:\s*{URGENCY}|\s+{HEADER_FIELD})*\s*$"
)
DAMAGED_STAR = r"[\ufffd?\x00\ue000-\uf8ff]"
"""What a star becomes when a conversion loses it: the replacement character U+FFFD, a question
mark (a code page without ★; ？ reaches the view as ``?``), NUL, or any private-use glyph of a
symbol font beyond the U+F0xx range that :data:`STAR` accepts everywhere."""
_DAMAGED_LINE = lazy_regex(
    rf"^\s*(?:{COPY_NO}\s+)?(?:密\s*级\s*[:：]?\s*)?"
    rf"(?P<mark>{LEVEL}\s*{DAMAGED_STAR}\s*{STRICT_PERIOD})"
    rf"(?:\s*{URGENCY}|\s+{HEADER_FIELD})*\s*$"
)
"""A level word, a damaged star and a period, as the whole of a header-zone line.  The period
is required and must be a strict one (5年, 长期, 启用前, a date): ``秘密?`` alone is a question."""
_STARLESS_LINE = lazy_regex(rf"^\s*(?P<mark>{LEVEL}\s*{STRICT_PERIOD})\s*$")
_BARE_LEVEL_LINE = lazy_regex(
    rf"^\s*+(?:密\s*级\s*[:：]?\s*+)?[(（【\[]?\s*+(?P<mark>{LEVEL})\s*+[)）】\]]?\s*$"
)
r"""Possessive ``\s*+`` where two whitespace runs meet (``^\s*`` then ``\s*`` after an absent
bracket): a line of blanks was split between them in quadratically many ways."""
_LABELLED_LEVEL = lazy_regex(rf"^\s*(?P<mark>密\s*级\s*[:：]\s*{LEVEL})\s*$")
_PARAGRAPH_MARK = lazy_regex(rf"^\s*(?P<mark>[(（]\s*{LEVEL}\s*[)）])\s*\S")
_DECLASSIFIED = lazy_regex(r"解\s*密")

_BLOCK_MSG = "出现国家秘密标志“{m}”：标有密级的文件、资料不得在互联网公开发布"
_BLOCK_FIX = "撤下该文件；如确已解密，请核实解密审批记录并删除密级标志后再公开"


class MarkingDetector:
    name: ClassVar[str] = "markings"

    def __init__(self, header_n: int) -> None:
        self.header_n = header_n

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> MarkingDetector:
        return cls(config.header_lines)

    def detect(self, doc: Normalized) -> list[Candidate]:
        text = doc.text
        if "密" not in text:
            return []
        out: list[Candidate] = []
        if levers.active.anchors:
            lines: Iterator[tuple[int, int, int, bool]] = _level_lines(doc, self.header_n)
        else:
            lines = _lines_with_plain(doc, self.header_n)
        for a, b, nxt_a, in_header in lines:
            self._detect_line(text, a, b, nxt_a, in_header, out)
        return out

    def _detect_line(self, text: str, a: int, b: int, nxt_a: int, in_header: bool,
                     out: list[Candidate]) -> None:
        """The candidates of the view line ``text[a:b]`` (the next line starts at ``nxt_a``, or
        ``-1`` for the last line)."""
        line = text[a:b]
        if nxt_a < 0:
            nxt = ""
        else:
            m = _BREAK.search(text, nxt_a)
            nxt = text[nxt_a:m.start() if m else len(text)]
        declass = bool(_DECLASSIFIED.search(line) or _DECLASSIFIED.search(nxt))
        found = self._line(line, a, in_header, declass)
        if found is not None:
            out.append(found)
            return
        for m in _MARK.finditer(line):
            out.append(self._cand(
                "marking.classified_inline", Severity.REVIEW, a + m.start(), a + m.end(),
                f"正文中出现密级标志样式“{m.group().strip()}”，请核实是否涉及国家秘密",
                "核实内容密级；如涉密不得公开，如为引用说明请改写避免误解", 0.6,
            ))

    def _line(self, line: str, a: int, in_header: bool, declass: bool) -> Candidate | None:
        m = _MARK_LINE.match(line)
        if m and (in_header or is_whole_line(line, *m.span("mark"), 20)):
            s, e = m.span("mark")
            mark = m.group("mark").strip()
            if declass:
                return self._cand(
                    "marking.classified_declassified", Severity.REVIEW, a + s, a + e,
                    f"出现国家秘密标志“{mark}”并注明解密：请核实解密审批记录",
                    "确认已依法解密后删除原密级标志再公开", 0.7,
                )
            msg = _BLOCK_MSG.format(m=mark)
            if "启用前" in mark:
                msg += "（如为考后公开的试卷，请确认已解密）"
            return self._cand("marking.classified", Severity.BLOCK, a + s, a + e, msg,
                              _BLOCK_FIX, 0.98 if in_header else 0.9)
        if in_header:
            m = _DAMAGED_LINE.match(line)
            if m:
                s, e = m.span("mark")
                return self._cand(
                    "marking.classified", Severity.BLOCK, a + s, a + e,
                    _BLOCK_MSG.format(m=m.group("mark").strip()) + "（星号在转换中损坏）",
                    _BLOCK_FIX, 0.9,
                )
            m = _STARLESS_LINE.match(line)
            if m:
                s, e = m.span("mark")
                return self._cand(
                    "marking.classified", Severity.BLOCK, a + s, a + e,
                    _BLOCK_MSG.format(m=m.group("mark").strip()) + "（星号缺失，疑为提取丢失）",
                    _BLOCK_FIX, 0.85,
                )
            m = _BARE_LEVEL_LINE.match(line)
            if m:
                s, e = m.span("mark")
                return self._cand(
                    "marking.classified_level", Severity.REVIEW, a + s, a + e,
                    f"文件版头出现密级“{m.group('mark').strip()}”，请核实文件是否涉密",
                    "涉密文件不得公开；如不涉密请删除密级字样", 0.75,
                )
        m = _LABELLED_LEVEL.match(line)
        if m:
            s, e = m.span("mark")
            return self._cand(
                "marking.classified_level", Severity.REVIEW, a + s, a + e,
                f"标注了密级“{m.group('mark').strip()}”，请核实是否涉密",
                "涉密信息不得公开", 0.75,
            )
        m = _PARAGRAPH_MARK.match(line)
        if m:
            s, e = m.span("mark")
            return self._cand(
                "marking.classified_paragraph", Severity.REVIEW, a + s, a + e,
                f"段首标注密级“{m.group('mark').strip()}”，该段可能涉及国家秘密",
                "删除涉密段落后再公开（区分处理）", 0.8,
            )
        return None

    @staticmethod
    def _cand(rule: str, sev: Severity, s: int, e: int, msg: str, fix: str,
              conf: float) -> Candidate:
        return Candidate(rule_id=rule, category="classified_marking", severity=sev, start=s,
                         end=e, message=msg, suggestion=fix, confidence=conf)


def _lines_with_plain(doc: Normalized, header_n: int) -> Iterator[tuple[int, int, int, bool]]:
    """The reference path: every view line holding ``密``, as ``(start, end, next line's start
    or -1, in the header zone)``."""
    header = header_lines(doc, header_n)
    lines = doc.view_lines()
    for i in _lines_with(doc, "密"):
        a, b = lines[i]
        nxt_a = lines[i + 1][0] if i + 1 < len(lines) else -1
        yield a, b, nxt_a, i in header


def _lines_with(doc: Normalized, ch: str) -> list[int]:
    """Indices of the view lines holding ``ch``, found by jumping from one occurrence to the
    next line's first one (a long document has thousands of lines and a handful of 密)."""
    text = doc.text
    lines = doc.view_lines()
    out: list[int] = []
    pos = text.find(ch)
    while pos >= 0:
        li = doc.view_line_index(pos)
        out.append(li)
        pos = text.find(ch, lines[li][1])
    return out


_LEVEL_FIRST = frozenset("绝机秘")
_STAR_SET = frozenset(STAR_CHARS)
_LEAD_ANY = lazy_re(r"\s*+(?:密\s*+级\s*+[:：]|[(（])\s*+[绝机秘]\s*+密")
"""How a line must begin for the star-less forms allowed anywhere (``密级：秘密``, a
paragraph's ``（秘密）``).  ``re``'s ``\\s`` is ``str.isspace``, a superset of the ``regex``
engine's, so this is a superset test."""
_LEAD_HEADER = lazy_re(r"\s*+(?:密\s*+级\s*+[:：]?\s*+)?[(（【\[]?\s*+[绝机秘]\s*+密")
"""How a header-zone line must begin for the star-less forms of the zone (a starless or bare
level line, and the two above).  Possessive ``\\s*+`` throughout: every run of white space is
followed by a character that is none, so nothing is lost, and a line of blanks is not split
between two runs in quadratically many ways."""


def _level_lines(doc: Normalized, header_n: int) -> Iterator[tuple[int, int, int, bool]]:
    """The ``anchors`` path: like :func:`_lines_with_plain`, but only the lines that can give a
    candidate, found without the document's line list.

    Every form of the grammar holds a level word, ``[绝机秘]\\s*密``, inside one line; most 密
    of a clean page are 保密, 密切 or 严密.  So a 密 is an anchor only when the character before
    it, skipping white space, is 绝, 机 or 秘 (``str.isspace`` holds for every character the
    ``regex`` engine's ``\\s`` matches, tested).  The forms with a star want it right after
    the level word (:data:`STAR`, or in the header zone :data:`DAMAGED_STAR`); the others begin
    their line (:data:`_LEAD_ANY`, and in the header zone :data:`_LEAD_HEADER`).  A line with
    neither is left out: the grammar would give nothing there.  The header zone is computed only
    when a line needs it, and a line's index is the number of line breaks before it."""
    text = doc.text
    end = len(text)
    header: set[int] | None = None
    counted = 0  # a line start whose index is known
    index = 0
    led = -1  # the line start whose beginning was last tested
    a = b = nxt = 0  # the line of the last anchor, and the next line's start (-1: none)
    pos = text.find("密")
    while pos >= 0:
        j = pos - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < 0 or text[j] not in _LEVEL_FIRST:
            pos = text.find("密", pos + 1)
            continue
        if pos >= b:  # a new line: each stretch of text is searched for breaks once
            a = line_start(text, pos, b)
            m = _BREAK.search(text, pos)
            b, nxt = (m.start(), m.end()) if m else (end, -1)
        k = pos + 1
        while k < b and text[k].isspace():
            k += 1
        c = text[k] if k < b else "\n"
        if (c in _STAR_SET or "\uf000" <= c <= "\uf0ff"
                or (a != led and _LEAD_ANY.match(text, a) is not None)):
            need_header = False
        elif (c in "\ufffd?\x00" or "\ue000" <= c <= "\uf8ff"
              or (a != led and _LEAD_HEADER.match(text, a) is not None)):
            need_header = True
        else:
            led = a
            pos = text.find("密", pos + 1)
            continue
        led = a
        if header is None:
            header = header_lines(doc, header_n)
        index += _breaks(text, counted, a)
        counted = a
        in_header = index in header
        if need_header and not in_header:
            # Outside the zone this anchor gives nothing; a later one on the line may.
            pos = text.find("密", pos + 1)
            continue
        pos = text.find("密", b)
        yield a, b, nxt, in_header
