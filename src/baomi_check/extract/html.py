"""HTML pages: the text a reader sees, the ``<title>``, and the text a reader does *not* see.

Hacked government pages carry 暗链 (hidden link blocks) to gambling and porn sites, hidden with
CSS so that the page looks normal (cn-formats §6.1): ``display:none``, ``visibility:hidden``,
``position:absolute;left:-9999px``, ``font-size:0``, zero-size boxes and zero-size
``<marquee>``.  A text-only view would either drop that text (and miss the attack) or mix it
with the visible text (and lose the signal).  So hidden text is extracted like any other text
— spam in it is still spam — and its spans are recorded as :class:`HiddenSpan` with the reason
and the absolute links inside, for :func:`baomi_check.extract.hidden_findings` to report.

What is understood: inline ``style`` attributes, the ``hidden`` attribute, ``width``/``height``
attributes, and rules in ``<style>`` blocks whose selector is a simple compound (``.c``,
``#id``, ``div``, ``div.c``); descendant selectors and external stylesheets are not evaluated
— the page's text still is checked.

JavaScript is not run, but what inline scripts *write* is read: the 暗链 injected into a hacked
page is as often ``document.write('<div style="display:none"><a href=…>…</a></div>')`` as plain
markup, and ``\u6fb3\u95e8`` escapes or ``'…' + '…'`` concatenation are the usual disguise.  The
string literals of each ``<script>`` (adjacent ones joined across ``+``, JavaScript and ``%u``
escapes decoded) that hold markup or Chinese text are extracted after the page text, located
``<script> 源码第N行``, and recorded as a hidden span (reason ``由脚本写入``) with the links they
carry; ``<noscript>`` content, shown only to crawlers and script-less browsers, likewise.  They
are therefore reported as ``tampering`` exactly when they carry spam or foreign links, and any
identifier in them is a finding of its own (page source is published too).
Legitimately hidden content (drop-down menus, ``text-indent:-9999px`` logo text) is extracted
too, but is only reported when it carries spam or links to hosts the visible page never links to.

The page's own ``<title>`` and the ``keywords``/``description`` meta tags (a favourite target of
title hijacking) come first, each on its own line.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.etree as etree
import lxml.html

from .document import Document, HiddenSpan, Segment
from .errors import ExtractError
from .text import decode

if TYPE_CHECKING:
    from ..redact import Editor

_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "marquee", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
}  # fmt: skip
_CELL = {"td", "th"}
_WS = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?((?:[.#][\w-]+)*)$")
_LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(px|pt|em|rem|%|vw|vh|cm|mm|in)?$")


def _length(value: str | None) -> float | None:
    """A CSS length in px-ish units (only the sign and size matter here), or ``None``."""
    if value is None:
        return None
    m = _LENGTH.match(value.strip().lower().removesuffix("!important").strip())
    if not m:
        return None
    number = float(m.group(1))
    unit = m.group(2) or "px"
    return number * {"em": 16, "rem": 16, "pt": 1.33, "cm": 38, "mm": 3.8, "in": 96}.get(unit, 1)


def parse_declarations(style: str) -> dict[str, str]:
    """``"display: none; LEFT:-9999px"`` → ``{"display": "none", "left": "-9999px"}``."""
    decls: dict[str, str] = {}
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            value = value.strip().lower().replace("!important", "").strip()
            decls[name.strip().lower()] = value
    return decls


def hidden_reason(decls: dict[str, str], attrs: dict[str, str] | None = None) -> str | None:
    """Why an element with these declarations/attributes is invisible, or ``None``.

    The reason names the CSS that hides it, because that is what a webmaster searches for in
    the page source."""
    attrs = attrs or {}
    if "hidden" in attrs:
        return "hidden属性"
    if decls.get("display") == "none":
        return "display:none"
    if decls.get("visibility") in ("hidden", "collapse"):
        return f"visibility:{decls['visibility']}"
    opacity = decls.get("opacity")
    if opacity is not None and _length(opacity) == 0:
        return "opacity:0"
    size = _length(decls.get("font-size"))
    if size is not None and size <= 0.5:
        return f"font-size:{decls['font-size']}"
    for prop in ("left", "top", "right", "margin-left", "margin-top", "text-indent"):
        off = _length(decls.get(prop))
        if off is not None and off <= -999:
            return f"{prop}:{decls[prop]}"
    width = _length(decls.get("width", attrs.get("width")))
    height = _length(decls.get("height", attrs.get("height")))
    clipped = decls.get("overflow") in ("hidden", "clip")
    if width is not None and height is not None and width <= 1 and height <= 1:
        return "width:0;height:0"
    if clipped and ((width is not None and width <= 1) or (height is not None and height <= 1)):
        return "零尺寸且overflow:hidden"
    return None


@dataclass
class _StyleSheet:
    """Hiding rules from ``<style>`` blocks, keyed by the simple selector parts they need."""

    rules: list[tuple[str | None, frozenset[str], str | None, dict[str, str]]] = field(
        default_factory=list
    )

    @classmethod
    def from_page(cls, root: etree._Element) -> _StyleSheet:
        sheet = cls()
        for style in root.iter("style"):
            css = _CSS_COMMENT.sub("", style.text or "")
            for m in _CSS_RULE.finditer(css):
                decls = parse_declarations(m.group(2))
                if hidden_reason(decls) is None:
                    continue
                for selector in m.group(1).split(","):
                    sel = selector.strip()
                    sm = _SIMPLE_SELECTOR.match(sel)
                    if not sel or not sm:
                        continue
                    parts = re.findall(r"[.#][\w-]+", sm.group(2) or "")
                    classes = frozenset(p[1:] for p in parts if p[0] == ".")
                    ids = [p[1:] for p in parts if p[0] == "#"]
                    tag = sm.group(1).lower() if sm.group(1) else None
                    if tag is None and not classes and not ids:
                        continue
                    sheet.rules.append((tag, classes, ids[0] if ids else None, decls))
        return sheet

    def declarations(self, el: etree._Element) -> dict[str, str]:
        if not self.rules:
            return {}
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        classes = set((el.get("class") or "").split())
        el_id = el.get("id")
        out: dict[str, str] = {}
        for r_tag, r_classes, r_id, decls in self.rules:
            if (r_tag is None or r_tag == tag) and r_classes <= classes and r_id in (None, el_id):
                out.update(decls)
        return out


def _decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """Honour ``<meta charset>`` (pages declare GB2312 often); else detect like plain text."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        if declared in ("gb2312", "gbk", "gb_2312-80"):
            declared = "gb18030"
        try:
            return data.decode(declared), declared, []
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _host(href: str) -> str | None:
    href = href.strip()
    if not re.match(r"^(?:https?:)?//", href, re.I):
        return None
    try:
        return (urlsplit(href if "://" in href else "http:" + href).hostname or "").lower() or None
    except ValueError:
        return None


class _Writer:
    """Builds the page text; collapses whitespace the way a browser does (outside ``<pre>``)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[Segment] = []
        self._last = "\n"

    def newline(self) -> None:
        if self._last == " ":
            # A space closing a line (``<td> 备注 </td></tr>``) becomes its line break.
            self.parts[-1] = self.parts[-1][:-1] + "\n"
            self._last = "\n"
        elif self._last != "\n":
            self._emit("\n", None)

    def cell(self, location: str) -> None:
        """A table cell starts: a tab after the previous cell of the row (as the docx and xlsx
        readers write rows), so a 公示 table's columns stay columns for the table-column
        detector.  Nothing at the start of a row."""
        if self.length and self._last != "\n":
            if self._last == " ":
                self.parts[-1] = self.parts[-1][:-1] + "\t"
                self._last = "\t"
            else:
                self._emit("\t", location)

    def write(self, text: str | None, location: str, pre: bool = False) -> None:
        if not text:
            return
        if not pre:
            text = _WS.sub(" ", text)
            if self._last in "\n \t":
                text = text.lstrip(" ")
        if text:
            self._emit(text, location)

    def _emit(self, text: str, location: str | None) -> None:
        if location is not None and (not self.segments or self.segments[-1].location != location):
            self.segments.append(Segment(self.length, self.length + len(text), location))
        self.parts.append(text)
        self.length += len(text)
        self._last = text[-1]


_JS_STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`""", re.S)
_JS_JOIN = re.compile(r"\s*\+\s*")
_JS_ESCAPE = re.compile(
    r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(\r\n|[\s\S]))"
)
_PERCENT_U = re.compile(r"%u([0-9a-fA-F]{4})")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TAG = re.compile(r"<[a-zA-Z!/]")
_JS_SIMPLE = {"n": "\n", "r": "\n", "t": "\t", "b": "", "f": "", "v": "", "0": ""}


def _js_unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2) or m.group(3)
        if code:
            value = int(code, 16)
            return chr(value) if value <= 0x10FFFF else ""
        ch = m.group(4)
        return "" if ch in ("\n", "\r\n", "\r") else _JS_SIMPLE.get(ch, ch)

    out = _JS_ESCAPE.sub(one, body)
    return _PERCENT_U.sub(lambda m: chr(int(m.group(1), 16)), out)


def script_strings(code: str) -> list[str]:
    """The string literals of a script, adjacent ones joined across ``+``, unescaped."""
    joined: list[str] = []
    last_end = -1
    for m in _JS_STRING.finditer(code):
        value = _js_unescape(m.group()[1:-1])
        if joined and last_end >= 0 and _JS_JOIN.fullmatch(code, last_end, m.start()):
            joined[-1] += value
        else:
            joined.append(value)
        last_end = m.end()
    return joined


_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})  # fmt: skip


def parse_page(text: str) -> tuple[etree._Element, list[str]]:
    """The page's element tree, however deeply it nests.

    libxml2 stops building the tree at 256 levels (2048 with ``huge_tree``) and silently drops
    everything after: a page whose elements nest that deep — even when the nesting is closed
    again before the text — read as *empty*, and passed.  Up to 2048 levels ``huge_tree``
    suffices; beyond, libxml2 reports a resource-limit error and the page is parsed again with
    :class:`_DeepTree`, which has no depth limit, with a warning."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    root = lxml.html.document_fromstring(text, parser=parser)
    if not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return root, []
    deep = _DeepTree()
    deep.feed(text)
    return deep.close(), [
        "网页元素嵌套层数异常（超过 2048 层，常见于恶意构造或生成错误的页面），"
        "已用备用解析器读取全文"
    ]


class _DeepTree(HTMLParser):
    """A forgiving HTML tree builder without a depth limit (Python's tokenizer, lxml elements).

    Void elements close themselves, an end tag closes up to its open element (or is ignored
    when none is open), ``html``/``head``/``body`` tags are folded into one ``html > body``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("html")
        self.body = etree.SubElement(self.root, "body")
        self.stack: list[etree._Element] = [self.body]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("html", "head", "body"):
            return
        el = etree.SubElement(self.stack[-1], tag)
        for k, v in attrs:
            with contextlib.suppress(ValueError):  # an attribute name lxml refuses
                el.set(k, v or "")
        el.sourceline = self.getpos()[0]
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag not in ("html", "head", "body") and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def handle_comment(self, data: str) -> None:
        with contextlib.suppress(ValueError):  # "--" inside a comment
            self.stack[-1].append(etree.Comment(data))

    def close(self) -> etree._Element:  # type: ignore[override]
        super().close()
        return self.root


def _fragment(markup: str) -> tuple[str, list[str]]:
    """Text and ``href`` targets of an HTML fragment (scripts and styles in it skipped)."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _WS.sub(" ", re.sub(r"<[^>]*>", " ", markup)).strip(), []
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    links = [a.get("href", "").strip() for a in root.iter("a") if a.get("href")]
    return _WS.sub(" ", " ".join(root.itertext())).strip(), links


def _scripted(root: etree._Element) -> list[tuple[str, str, str, list[str]]]:
    """(location, reason, text, links) for what inline scripts write and ``<noscript>`` holds."""
    found: list[tuple[str, str, str, list[str]]] = []
    for el in root.iter("script", "noscript"):
        loc = f"<{el.tag}> 源码第{el.sourceline}行" if el.sourceline else f"<{el.tag}>"
        if el.tag == "noscript":
            if any(a.tag == "noscript" for a in el.iterancestors()):
                continue
            markup = (el.text or "") + "".join(
                etree.tostring(c, encoding="unicode", method="html") for c in el
            )
            text, links = _fragment(markup)
            if text or links:
                found.append((loc, "<noscript>，仅在不执行脚本时显示", text, links))
            continue
        if el.get("src") or not (el.text or "").strip():
            continue
        values = [v for v in script_strings(el.text or "") if _TAG.search(v) or _HAN.search(v)]
        if not values:
            continue
        # What one script writes is one block of the page: one parse, one span.
        text, links = _fragment("<br>".join(values))
        links = [u for u in links if _host(u)]
        if text or links:
            found.append((loc, "由脚本写入", text, links))
    return found


def extract_html(data: bytes, kind: str = "html") -> Document:
    text, encoding, warnings = _decode_html(data)
    return extract_html_text(text, kind, encoding, warnings)


def extract_html_text(
    text: str, kind: str = "html", encoding: str | None = None, warnings: list[str] | None = None
) -> Document:
    """Page source already decoded (the service's ``/v1/check`` with ``kind: "html"``): no
    guessing from a ``<meta charset>`` that would describe bytes this text never was."""
    warnings = [] if warnings is None else warnings
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return Document("", kind, encoding, warnings=["文件为空"])
    try:
        root, parse_warnings = parse_page(text)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"无法解析 HTML：{exc}") from exc
    warnings.extend(parse_warnings)
    sheet = _StyleSheet.from_page(root)
    out = _Writer()

    title = root.find(".//title")
    if title is not None and (title.text or "").strip():
        out.write(title.text, "<title>")
        out.newline()
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").lower()
        if name in ("keywords", "description") and (meta.get("content") or "").strip():
            out.write(meta.get("content"), f"<meta {name}>")
            out.newline()

    hidden: list[HiddenSpan] = []
    visible_hosts: set[str] = set()
    for link in root.xpath("//link[@rel='canonical']|//base|//meta[@property='og:url']"):
        host = _host(link.get("href") or link.get("content") or "")
        if host:
            visible_hosts.add(host)

    body = root.find("body")
    if body is None:
        body = root
    # Stack of open hidden elements: (element, reason, start offset, links).  Only the
    # outermost hidden element opens a span; everything inside it belongs to that span.
    open_hidden: list[tuple[etree._Element, str, int, list[str]]] = []
    skip_depth = 0
    pre_depth = 0
    for event, el in etree.iterwalk(body, events=("start", "end", "comment", "pi")):
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        loc = f"源码第{el.sourceline}行" if el.sourceline else "HTML"
        if event in ("comment", "pi"):
            if skip_depth:
                continue
            # Keep the author's suppression directives (<!-- baomi-check: allow … -->) in the
            # text where they stand, so inline suppression works for HTML drafts too; the text
            # after a comment (its tail) is page text like any other.
            if event == "comment" and "baomi-check:" in (el.text or ""):
                out.write(f"<!--{el.text}-->", loc, pre=True)
            out.write(el.tail, loc, pre=pre_depth > 0)
            continue
        if event == "start":
            if tag is None:
                continue
            if skip_depth or tag in _SKIP:
                skip_depth += 1
                continue
            if tag == "pre":
                pre_depth += 1
            if tag in _BLOCK:
                out.newline()
            elif tag in _CELL:
                out.cell(loc)
            decls = {**sheet.declarations(el), **parse_declarations(el.get("style") or "")}
            attrs = {k.lower(): v for k, v in el.attrib.items()}
            reason = hidden_reason(decls, attrs)
            if reason is not None and not open_hidden:
                open_hidden.append((el, reason, out.length, []))
            if tag == "a" and el.get("href"):
                host = _host(el.get("href") or "")
                if open_hidden:
                    if host:
                        open_hidden[0][3].append(el.get("href", "").strip())
                elif host:
                    visible_hosts.add(host)
            out.write(el.text, loc, pre=pre_depth > 0)
        else:
            if tag is not None:
                if skip_depth:
                    skip_depth -= 1
                    if skip_depth:
                        continue
                    out.write(el.tail, loc, pre=pre_depth > 0)
                    continue
                if tag == "pre":
                    pre_depth -= 1
                if tag in _BLOCK:
                    out.newline()
                if open_hidden and open_hidden[0][0] is el:
                    _, reason, start, links = open_hidden.pop()
                    if out.length > start:
                        hidden.append(HiddenSpan(start, out.length, reason, tuple(links)))
            if skip_depth:
                continue
            out.write(el.tail, loc, pre=pre_depth > 0)

    for loc, reason, written, links in _scripted(root):
        out.newline()
        start = out.length
        out.write(written or "（链接）", loc)
        hidden.append(HiddenSpan(start, out.length, reason, tuple(links)))
        out.newline()

    return Document(
        "".join(out.parts),
        kind,
        encoding,
        segments=out.segments,
        hidden=hidden,
        warnings=warnings,
        visible_hosts=frozenset(visible_hosts),
    )


# --- the redacted copy (edited as source) --------------------------------------------------------

_TAG = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*\?>|<[A-Za-z/][^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def redact_html(data: bytes, kind: str, edit: Editor) -> bytes:
    """The redacted copy of a page, edited as source: text nodes and attribute values change,
    tags never break; its encoding is kept."""
    source, encoding, warnings = _decode_html(data)
    for w in warnings:
        edit.warn(w)
    markup: list[tuple[int, int]] = [m.span() for m in _TAG.finditer(source)]
    markup += [m.span() for m in _ENTITY.finditer(source)]
    markup.sort()
    in_markup = bytearray(len(source))
    for a, b in markup:
        in_markup[a:b] = b"\x01" * (b - a)
    # Pass 1: the text content with every tag blanked (same offsets, no markup noise).
    blank = "".join(c if not in_markup[i] or c in "\r\n" else " " for i, c in enumerate(source))
    # Directives sit in comments, which the blanked text lacks: suppress against the source
    # (same offsets, same lines).
    findings = edit.findings(blank, directives_from=source)
    # Pass 2: identifiers written inside markup (href="tel:…", comments, attributes).
    for f in edit.findings(source, counted=False):
        if (
            edit.is_identifier(f)
            and any(in_markup[i] for i in range(f.start, f.end))
            and not any(
                g.start < f.end and f.start < g.end for g in findings if edit.is_identifier(g)
            )
        ):
            findings.append(f)
    findings.sort(key=lambda f: (f.start, f.end))
    p = edit.plan(source, findings, protected=lambda i: bool(in_markup[i]))
    kept: list[tuple[int, int]] = []
    for a, b in p.highlights:
        if any(in_markup[i] for i in range(a, b)):
            edit.unhighlight()
            edit.warn(f"第{source.count(chr(10), 0, a) + 1}行的结果跨越标签，未标亮")
        else:
            kept.append((a, b))
    p.highlights = kept
    if "&#" in source:
        edit.warn("页面含字符实体（&#…;），实体编码的号码不会被识别，请人工核对")
    return edit.encode(edit.marked(p, "html"), encoding)
