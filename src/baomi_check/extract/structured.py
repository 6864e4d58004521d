"""Structured text: ``.json`` and ``.xml`` data exports (名单 exported by a system, an open-data
API dump, a form's XML), read as their values with a location a person can follow.

* **JSON**: every string and number value, one per line, written ``key: value`` (the key is the
  context a reader — and the identifier detectors — use: ``"sfzh": "1101…"`` next to
  ``"姓名"``), located by its JSON path (``$.data[3].身份证号``).  Whole numbers are written as
  digits (an ID or phone stored as a JSON number).  ``true``/``false``/``null`` carry no text.
* **XML**: every element's text, attribute values (``name=value``) and comments, located
  ``第12行（xm）`` by the source line of the element and its local name.  Parsing is safe for
  untrusted files: no DTD, no entity expansion, no network.

A file that does not parse (a truncated export, JSON with comments) is read as plain text with
line locations and a warning, never dropped: its content is what gets published.
"""

from __future__ import annotations

import json
import re

from .document import Document, TextBuilder
from .errors import ExtractError
from .text import decode, extract_text

_PLAIN_KEY = re.compile(r"^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*$")


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if _PLAIN_KEY.match(key):
        return f"{parent}.{key}"
    return f"{parent}[{json.dumps(key, ensure_ascii=False)}]"


def _scalar(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    return None


def _fallback(data: bytes, kind: str, why: str) -> Document:
    doc = extract_text(data, kind)
    doc.warnings.insert(0, why)
    return doc


def extract_json(data: bytes, kind: str = "json") -> Document:
    text, _encoding, warnings = decode(data)
    try:
        root = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return _fallback(data, kind, f"JSON 格式有误（{exc}），已按纯文本检查")
    out = TextBuilder()
    stack: list[tuple[str, str | int | None, object]] = [("$", None, root)]
    while stack:
        path, key, value = stack.pop()
        if isinstance(value, dict):
            items = list(value.items())
            stack.extend((_path(path, k), k, v) for k, v in reversed(items))
        elif isinstance(value, list):
            stack.extend((_path(path, i), None, v) for i, v in reversed(list(enumerate(value))))
        else:
            shown = _scalar(value)
            if shown is None or not shown.strip():
                continue
            out.add(f"{key}: {shown}" if isinstance(key, str) else shown, path)
    result = out.text()
    if not result.strip():
        warnings.append("JSON 文件中没有可检查的文字")
    return Document(result, kind, segments=out.segments, warnings=warnings)


def extract_xml(data: bytes, kind: str = "xml") -> Document:
    import lxml.etree as etree

    if not data.strip():
        raise ExtractError("文件为空或只有空白字符，不是有效的 XML 文件")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        return _fallback(data, kind, f"XML 格式有误（{exc}），已按纯文本检查")
    out = TextBuilder()
    for el in root.iter():
        line = el.sourceline or 0
        if not isinstance(el.tag, str):
            if isinstance(el, etree._Comment) and el.text and el.text.strip():
                out.add(el.text.strip(), f"第{line}行（注释）")
            if el.tail and el.tail.strip():
                out.add(el.tail.strip(), f"第{line}行")
            continue
        name = etree.QName(el).localname
        where = f"第{line}行（{name}）"
        for attr, value in el.attrib.items():
            if value.strip():
                out.add(f"{etree.QName(attr).localname}={value}", where)
        if el.text and el.text.strip():
            out.add(el.text.strip(), where)
        if el.tail and el.tail.strip():
            out.add(el.tail.strip(), f"第{line}行")
    warnings = [] if out.text().strip() else ["XML 文件中没有可检查的文字"]
    return Document(out.text(), kind, segments=out.segments, warnings=warnings)
