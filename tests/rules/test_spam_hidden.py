"""Hidden content, one analysis for both doors (issue 13): a ``.html`` file through the reader
and the same page source given to ``check(text)`` report the same hidden blocks with the same
words (``baomi_check.hidden``), and page source findings point at ``text[start:end]``."""

from __future__ import annotations

import pytest

from baomi_check import check
from baomi_check.extract import annotate, check_kind, extract_bytes
from baomi_check.hidden import looks_like_html
from baomi_check.models import Report

OUT = "http://casino.example.invalid/"


def _page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>XX市人民政府</title>"
            f"{head}</head><body><p>关于做好春季防火工作的通知。</p>{body}"
            f"<p>XX市人民政府办公室</p></body></html>")


def _reader(page: str) -> Report:
    doc = extract_bytes(page.encode("utf-8"), "html")
    return annotate(doc, check(doc.text, **check_kind(doc)))


def _hidden(report: Report) -> list[str]:
    return [f.message for f in report.findings if f.rule_id == "tampering.hidden_content"]


HIDDEN = {
    "display:none": f'<div style="display:none"><a href="{OUT}">澳门葡京</a></div>',
    "visibility:hidden": f'<div style="visibility:hidden"><a href="{OUT}">网站</a></div>',
    "opacity:0": f'<div style="opacity:0"><a href="{OUT}">网站</a></div>',
    "font-size:0.1px": f'<span style="font-size:0.1px"><a href="{OUT}">链接</a></span>',
    "font-size:1px": f'<p style="font-size:1px"><a href="{OUT}">链接</a></p>',
    "colour=background": f'<div style="color:#fff;background:#ffffff"><a href="{OUT}">x</a></div>',
    "colour=parent background": (f'<div style="background-color:white"><p>正文</p>'
                                 f'<span style="color:#FFF"><a href="{OUT}">x</a></span></div>'),
    "off-screen": f'<div style="position:absolute;left:-9999px"><a href="{OUT}">x</a></div>',
    "text-indent": f'<p style="text-indent:-10000px"><a href="{OUT}">x</a></p>',
    "clip": f'<div style="position:absolute;clip:rect(0 0 0 0)"><a href="{OUT}">x</a></div>',
    "marquee 1x1": f'<marquee width="1" height="1"><a href="{OUT}">x</a></marquee>',
    "zero-size iframe": f'<iframe src="{OUT}" width="0" height="0" frameborder="0"></iframe>',
    "hidden iframe": f'<iframe src="{OUT}" style="display:none"></iframe>',
    "style block": (f'<div class="lk"><a href="{OUT}">x</a></div>'),
    "script-written": ("<script>document.write('<div style=\"display:none\"><a href=\""
                       f"{OUT}\">\\u6fb3\\u95e8</a></div>');</script>"),
}
HEADS = {"style block": "<style>.lk{display:none}</style>"}


@pytest.mark.parametrize("name", list(HIDDEN))
def test_both_doors_report_the_same_hidden_block(name: str) -> None:
    page = _page(HIDDEN[name], HEADS.get(name, ""))
    via_reader = _hidden(_reader(page))
    report = check(page)
    via_source = _hidden(report)
    assert via_reader, name
    assert via_source == via_reader, name
    spam = [f for f in report.findings if f.rule_id == "spam.hidden_links"]
    assert spam and all(page[f.start:f.end] == f.text for f in report.findings)
    assert report.verdict == "block"


CLEAN = {
    "drop-down menu to the site itself": ('<ul style="display:none"><li><a href="/zwgk/">政务公开'
                                          '</a></li><li><a href="https://www.gov.cn/">中国政府网'
                                          "</a></li></ul>"),
    "logo text": '<h1 style="text-indent:-9999px">XX市人民政府</h1>',
    "ordinary css": ('<div style="color:#333;background:#fff;font-size:14px;margin-left:-10px">'
                     '<a href="https://www.example.invalid/">友情链接</a></div>'),
    "visible iframe": '<iframe src="https://map.example.invalid/" width="600" height="400"></iframe>',
    "hidden link also shown": ('<a href="https://news.example.invalid/">新闻</a>'
                               '<div style="display:none"><a href="https://news.example.invalid/a">'
                               "新闻</a></div>"),
}


@pytest.mark.parametrize("name", list(CLEAN))
def test_legitimately_hidden_or_styled_content_is_silent_through_both_doors(name: str) -> None:
    page = _page(CLEAN[name])
    assert _hidden(_reader(page)) == []
    report = check(page)
    assert _hidden(report) == [], name
    assert report.verdict == "pass", report.findings


def test_hidden_spam_text_without_links_is_reported() -> None:
    page = _page('<div style="display:none">澳门新葡京_真人百家乐_网上赌场_注册送彩金</div>')
    for report in (_reader(page), check(page)):
        assert _hidden(report)
        assert any(f.category == "spam" and f.severity.value == "block" for f in report.findings)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ('<div class="a"><p>正文</p></div>', True),
        ('<iframe src="http://x.example.invalid/" width=0></iframe>', True),
        ("当 a<b 且 b>c 时，取 c。", False),
        ("模板中使用<div>标签排版。", False),
        ("《关于做好<春季>防火工作的通知》", False),
    ],
)
def test_page_source_detection_is_conservative(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


def test_kind_argument_overrides_detection() -> None:
    source = f'<div style="display:none"><a href="{OUT}">链接</a></div>'
    assert _hidden(check(source, kind="html"))
    assert _hidden(check(source, kind="text")) == []
    with pytest.raises(ValueError):
        check(source, kind="xml")  # type: ignore[arg-type]


def test_hijacked_title_in_page_source_counts_as_an_edge() -> None:
    filler = "<p>" + "依法推进政务公开工作，" * 40 + "</p>"
    page = ("<html><head><meta charset='utf-8'>" + "<link rel='x' href='/a.css'>" * 20
            + "<title>国产精品_在线观看_XX市教育局</title></head><body>" + filler + "</body></html>")
    report = check(page)
    runs = [f for f in report.findings if f.rule_id in ("spam.edge_title", "spam.title_run")]
    assert runs and "国产精品" in runs[0].text
