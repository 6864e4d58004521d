"""Hidden content in HTML: one analysis for both doors (issue 13).

A hacked page hides what it injects: 暗链 (link blocks to gambling and porn hosts), keyword
stuffing and whole spam articles, hidden with CSS so that the page looks normal (cn-formats
§6.1).  The same page reaches baomi_check through two doors — a ``.html`` file through the HTML
reader (:mod:`baomi_check.extract.html`), or page source handed to ``check(text)`` by a CMS —
and both must see the same things.  So everything that *decides* lives here:

* :func:`hidden_reason` — why an element is invisible: ``display:none``, ``visibility:hidden``,
  ``opacity:0``, ``font-size`` ≤ 1px, text coloured like its background, off-screen position or
  ``text-indent``, ``clip``/``clip-path`` to nothing, ``transform:scale(0)``, zero or 1×1 size
  (``<marquee width=1 height=1>``), the ``hidden`` attribute;
* :func:`iframe_reason` — an ``<iframe>`` nobody sees (zero size, hidden);
* :class:`StyleRules` — hiding rules from ``<style>`` blocks with simple selectors;
* :func:`describe` — whether a hidden block is reported and how: only when it links to hosts
  the visible page does not link to (outside links) or holds spam.  Drop-down menus and
  image-replaced logo text are hidden legitimately and stay silent;
* :func:`scan_source` — the page-source door: an offset-keeping tag scanner that applies the
  same rules to raw markup, so findings point at ``text[start:end]`` of the text given to
  ``check()``.

The reader walks its lxml tree and asks :func:`hidden_reason`/:func:`iframe_reason` about each
element, then reports through :func:`describe`; the spam detector runs :func:`scan_source` on
page source and reports through :func:`describe` too.  What neither door does: run JavaScript
beyond reading the markup that inline scripts write, evaluate external stylesheets, or resolve
descendant selectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_LENGTH = re.compile(r"^(-?\d+(?:\.\d+)?|-?\.\d+)\s*(px|pt|em|rem|%|vw|vh|cm|mm|in)?$")
_UNITS = {"em": 16, "rem": 16, "pt": 1.33, "cm": 38, "mm": 3.8, "in": 96}
TINY_FONT_PX = 1.0
"""Text at or below this size is unreadable: ``font-size:0.1px`` and ``font-size:1px`` hide it."""
OFFSCREEN_PX = -999


def css_length(value: str | None) -> float | None:
    """A CSS length in px-ish units (only the sign and size matter here), or ``None``."""
    if value is None:
        return None
    m = _LENGTH.match(value.strip().lower().removesuffix("!important").strip())
    if not m:
        return None
    return float(m.group(1)) * _UNITS.get(m.group(2) or "px", 1)


def parse_declarations(style: str) -> dict[str, str]:
    """``"display: none; LEFT:-9999px"`` → ``{"display": "none", "left": "-9999px"}``."""
    decls: dict[str, str] = {}
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            value = value.strip().lower().replace("!important", "").strip()
            decls[name.strip().lower()] = value
    return decls


_NAMED = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000",
          "blue": "#0000ff", "yellow": "#ffff00", "gray": "#808080", "grey": "#808080",
          "silver": "#c0c0c0", "transparent": "transparent"}  # fmt: skip
_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$")
_RGB = re.compile(r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([\d.]+)\s*)?\)$")


def css_colour(value: str | None) -> str | None:
    """A colour in one canonical form (``#rrggbb``), or ``None`` when not understood."""
    if not value:
        return None
    v = value.strip().lower()
    v = _NAMED.get(v, v)
    m = _HEX.match(v)
    if m:
        h = m.group(1)
        return "#" + ("".join(c * 2 for c in h) if len(h) == 3 else h)
    m = _RGB.match(v)
    if m:
        if m.group(4) is not None and float(m.group(4)) == 0:
            return "transparent"
        return "#" + "".join(f"{min(int(m.group(i)), 255):02x}" for i in (1, 2, 3))
    return None


def background_of(decls: dict[str, str]) -> str | None:
    """The background colour an element declares (``background-color`` or ``background``)."""
    for prop in ("background-color", "background"):
        value = decls.get(prop)
        if value:
            for token in value.replace(",", " , ").split():
                c = css_colour(token)
                if c and c != "transparent":
                    return c
    return None


def hidden_reason(
    decls: dict[str, str],
    attrs: dict[str, str] | None = None,
    background: str | None = None,
) -> str | None:
    """Why an element with these declarations/attributes is invisible, or ``None``.

    ``background`` is the colour the element is drawn on (its own or the nearest ancestor's),
    for text coloured like its background.  The reason names the CSS that hides the element,
    because that is what a webmaster searches for in the page source."""
    attrs = attrs or {}
    if "hidden" in attrs and attrs.get("hidden", "").lower() != "false":
        return "hidden属性"
    if decls.get("display") == "none":
        return "display:none"
    if decls.get("visibility") in ("hidden", "collapse"):
        return f"visibility:{decls['visibility']}"
    opacity = css_length(decls.get("opacity"))
    if opacity is not None and opacity <= 0.05:
        return f"opacity:{decls['opacity']}"
    size = css_length(decls.get("font-size"))
    if size is not None and size <= TINY_FONT_PX:
        return f"font-size:{decls['font-size']}"
    colour = css_colour(decls.get("color"))
    bg = background_of(decls) or background
    if colour is not None and bg is not None and colour == bg:
        return f"文字颜色与背景相同（{decls['color']}）"
    for prop in ("left", "top", "right", "margin-left", "margin-top", "text-indent"):
        off = css_length(decls.get(prop))
        if off is not None and off <= OFFSCREEN_PX:
            return f"{prop}:{decls[prop]}"
    clip = decls.get("clip", "").replace(" ", "")
    if clip.startswith("rect(") and re.fullmatch(r"rect\((?:0(?:px)?,?){4}\)", clip):
        return "clip:rect(0,0,0,0)"
    clip_path = decls.get("clip-path", "").replace(" ", "")
    if clip_path in ("inset(50%)", "inset(100%)", "circle(0)", "circle(0px)", "polygon()"):
        return f"clip-path:{decls['clip-path']}"
    if re.search(r"scale[xy]?\(\s*0(?:\.0+)?\s*(?:\)|,)", decls.get("transform", "")):
        return "transform:scale(0)"
    width = css_length(decls.get("width", attrs.get("width")))
    height = css_length(decls.get("height", attrs.get("height")))
    clipped = decls.get("overflow") in ("hidden", "clip")
    if width is not None and height is not None and width <= 1 and height <= 1:
        return "width:0;height:0" if width <= 0 and height <= 0 else "1×1像素大小"
    if clipped and ((width is not None and width <= 1) or (height is not None and height <= 1)):
        return "零尺寸且overflow:hidden"
    line = css_length(decls.get("line-height"))
    if clipped and line is not None and line <= 0 and height is not None and height <= 1:
        return "零行高且overflow:hidden"
    return None


def iframe_reason(decls: dict[str, str], attrs: dict[str, str]) -> str | None:
    """Why an ``<iframe>`` is invisible: the generic reasons, or a frame at most 2px a side
    (``width=0 height=0``, ``width=1 height=1``, ``frameborder=0 width=0``)."""
    reason = hidden_reason(decls, attrs)
    if reason is not None:
        return reason
    width = css_length(decls.get("width", attrs.get("width")))
    height = css_length(decls.get("height", attrs.get("height")))
    if (width is not None and width <= 2) or (height is not None and height <= 2):
        return "零尺寸iframe"
    return None


def host_of(href: str) -> str | None:
    """The host of an absolute (or protocol-relative) URL, lower-cased; ``None`` for relative."""
    href = href.strip()
    if not re.match(r"^(?:https?:)?//", href, re.I):
        return None
    try:
        host = urlsplit(href if "://" in href else "http:" + href).hostname or ""
    except ValueError:
        return None
    return host.lower().rstrip(".") or None


def is_government_host(host: str) -> bool:
    return host.endswith((".gov.cn", ".gov")) or host == "gov.cn"


# --- style blocks ------------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?((?:[.#][\w-]+)*)$")


@dataclass
class StyleRules:
    """Hiding rules from ``<style>`` blocks whose selector is a simple compound (``.c``, ``#id``,
    ``div``, ``div.c``), keyed by the parts they need."""

    rules: list[tuple[str | None, frozenset[str], str | None, dict[str, str]]] = field(
        default_factory=list
    )

    @classmethod
    def from_css(cls, blocks: list[str]) -> StyleRules:
        sheet = cls()
        for css in blocks:
            css = _CSS_COMMENT.sub("", css)
            for m in _CSS_RULE.finditer(css):
                decls = parse_declarations(m.group(2))
                if hidden_reason(decls) is None and "color" not in decls:
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

    def declarations(self, tag: str, classes: set[str], el_id: str | None) -> dict[str, str]:
        out: dict[str, str] = {}
        for r_tag, r_classes, r_id, decls in self.rules:
            if (r_tag is None or r_tag == tag) and r_classes <= classes and r_id in (None, el_id):
                out.update(decls)
        return out


# --- what is reported --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """How one hidden block is reported (the same words through both doors)."""

    message: str
    confidence: float
    outside: tuple[str, ...]


def describe(
    reason: str, links: list[str] | tuple[str, ...], spam: int, visible_hosts: frozenset[str]
) -> Verdict | None:
    """Report a hidden block when it links to outside hosts (absolute links to hosts the visible
    page does not link to, government hosts excepted) or holds ``spam`` spam findings."""
    outside = tuple(sorted({
        h for h in (host_of(u) for u in links)
        if h and h not in visible_hosts and not is_government_host(h)
    }))
    if not spam and not outside:
        return None
    what = []
    if outside:
        shown = "、".join(outside[:3]) + ("等" if len(outside) > 3 else "")
        what.append(f"{len(links)}个指向外部网站的链接（{shown}）")
    if spam:
        what.append(f"{spam}处垃圾推广内容")
    return Verdict(
        message=(
            f"网页中有访问者看不到的隐藏内容（{reason}），含" + "、".join(what) + "，疑似被植入暗链"
        ),
        confidence=0.95 if spam else 0.8,
        outside=outside,
    )


# --- the page-source door --------------------------------------------------------------------

_HTML_HINT = re.compile(
    r"(?is)^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b"
)
_ELEMENT = re.compile(
    r"(?i)<(div|span|p|a|ul|ol|li|table|tr|td|font|section|article|marquee|iframe|script|style|"
    r"h[1-6]|strong|em|b|i|center|nav|header|footer)\b[^<>]*>"
)
_NEVER_PROSE = re.compile(r"(?i)<(?:iframe|marquee)\b[^<>]*>|<script\b[^<>]*>[^<]*document\.write")
"""Markup that has no reason to appear in a document's prose: a frame, a marquee, a script that
writes markup."""
_TAG = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"))
_RAW = frozenset(("script", "style", "textarea", "title"))
_STYLE_BLOCK = re.compile(r"(?is)<style\b[^>]*>(.*?)</style\s*>")
_CLOSE_TAG = {t: re.compile(rf"(?i)</{t}\s*>") for t in _RAW}


def looks_like_html(text: str) -> bool:
    """Conservative: page source starts like a document (``<!DOCTYPE html>``, ``<html>``,
    ``<body>``) or holds at least two known HTML elements and a closing tag.  Prose that
    mentions ``<div>`` once, or a formula with ``<``, is not page source."""
    if "<" not in text:
        return False
    if _HTML_HINT.match(text[:2000]):
        return True
    if _NEVER_PROSE.search(text):
        return True
    opened = 0
    for _ in _ELEMENT.finditer(text):
        opened += 1
        if opened >= 2:
            break
    closing = re.search(r"(?i)</(?:div|span|p|a|li|td|font|marquee|iframe)\s*>", text)
    return opened >= 2 and closing is not None


def _attrs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        out.setdefault(m.group(1).lower(), value)
    return out


@dataclass
class SourceBlock:
    """A hidden block found in page source: ``text[start:end]`` is the whole element."""

    start: int
    end: int
    reason: str
    links: list[str]
    kind: str = "element"
    """``element``, ``iframe`` or ``script`` (markup written by an inline script)."""


@dataclass
class _Open:
    tag: str
    start: int
    background: str | None
    hidden: SourceBlock | None = None


def _script_blocks(start: int, end: int, body: str) -> SourceBlock | None:
    """Markup with outside links that an inline script writes (``document.write('<div …>')``)."""
    from .extract.html import script_strings  # the reader's JavaScript string reader

    values = [v for v in script_strings(body) if "<" in v]
    links = [u.strip() for u in _hrefs(values) if host_of(u.strip())]
    if not links:
        return None
    return SourceBlock(start, end, "由脚本写入", links, "script")


_HREF = re.compile(r"""(?i)\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""")


def _hrefs(values: list[str]) -> list[str]:
    return [m.group(1) or m.group(2) or m.group(3) or "" for v in values for m in _HREF.finditer(v)]


def _outer(stack: list[_Open]) -> SourceBlock:
    """The outermost open hidden block (the caller knows there is one)."""
    return next(o.hidden for o in stack if o.hidden is not None)


def scan_source(text: str, max_blocks: int = 500) -> list[SourceBlock]:
    """Hidden blocks of page source, with the links inside, in ``text`` offsets.

    A tolerant scanner, not a parser: tags are matched by a stack (an unclosed ``<p>`` or
    ``<li>`` is closed by its parent's end tag, as browsers do), raw-text elements (``script``,
    ``style``) are skipped whole, and only the outermost hidden element of a nest opens a
    block.  Bounded: at most ``max_blocks`` blocks, linear in the text."""
    sheet = StyleRules.from_css([m.group(1) for m in _STYLE_BLOCK.finditer(text)])
    blocks: list[SourceBlock] = []
    stack: list[_Open] = []
    pos = 0
    n = len(text)
    while pos < n and len(blocks) < max_blocks:
        m = _TAG.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m.group(2) is None:  # a comment
            continue
        closing, tag, raw = m.group(1) == "/", m.group(2).lower(), m.group(3) or ""
        if closing:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k].tag == tag:
                    for o in stack[k:]:
                        if o.hidden is not None:
                            o.hidden.end = m.end()
                            blocks.append(o.hidden)
                    del stack[k:]
                    break
            continue
        attrs = _attrs(raw)
        decls = {**sheet.declarations(tag, set(attrs.get("class", "").split()), attrs.get("id")),
                 **parse_declarations(attrs.get("style", ""))}
        inside_hidden = any(o.hidden is not None for o in stack)
        inherited = next((o.background for o in reversed(stack) if o.background), None)
        if tag in _RAW:
            close = _CLOSE_TAG[tag].search(text, pos)
            end = close.end() if close else n
            if tag == "script" and not inside_hidden and not attrs.get("src"):
                body = text[pos:close.start() if close else n]
                block = _script_blocks(m.start(), end, body)
                if block is not None:
                    blocks.append(block)
            pos = end
            continue
        if tag == "iframe":
            src = attrs.get("src", "")
            reason = iframe_reason(decls, attrs)
            close = re.compile(r"(?i)</iframe\s*>").search(text, pos, min(n, pos + 2000))
            end = close.end() if close else m.end()
            if reason and host_of(src) and not inside_hidden:
                blocks.append(SourceBlock(m.start(), end, reason, [src], "iframe"))
            elif inside_hidden and src:
                _outer(stack).links.append(src)
            pos = end
            continue
        if tag == "a" and attrs.get("href") and inside_hidden:
            _outer(stack).links.append(attrs["href"])
        if tag in _VOID or raw.rstrip().endswith("/"):
            continue
        reason = hidden_reason(decls, attrs, inherited)
        if tag == "marquee" and reason is None:
            w, h = css_length(attrs.get("width")), css_length(attrs.get("height"))
            if (w is not None and w <= 2) or (h is not None and h <= 2):
                reason = "极小的marquee滚动框"
        opened = _Open(tag, m.start(), background_of(decls) or inherited)
        if reason is not None and not inside_hidden:
            opened.hidden = SourceBlock(m.start(), m.end(), reason, [])
        stack.append(opened)
    for o in stack:  # never closed: the block runs to the end of the text
        if o.hidden is not None:
            o.hidden.end = n
            blocks.append(o.hidden)
    blocks.sort(key=lambda b: b.start)
    return blocks


def title_zones(text: str) -> list[tuple[int, int]]:
    """Spans of ``<title>`` text and of ``keywords``/``description`` meta contents in page
    source: where a hijacked title or keyword list sits."""
    zones = [m.span(1) for m in re.finditer(r"(?is)<title\b[^>]*>(.*?)</title\s*>", text)]
    for m in re.finditer(r"(?i)<meta\b[^>]*>", text):
        tag = m.group()
        if re.search(r"""(?i)name\s*=\s*["']?(?:keywords|description)""", tag):
            c = re.search(r"""(?i)content\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
            if c:
                g = 1 if c.group(1) is not None else 2
                zones.append((m.start() + c.start(g), m.start() + c.end(g)))
    return zones
