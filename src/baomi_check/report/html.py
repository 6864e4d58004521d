"""A single self-contained HTML page for reviewers who do not live in a terminal.

One file, no network: styles and the filter script are inline, and a Content-Security-Policy
(``default-src 'none'``) makes the browser refuse any fetch even if a document's text contained
markup — which it cannot, since every piece of document text is escaped.  The page shows

* a summary: files per verdict, findings per category and severity;
* filters (checkboxes) by severity and by category, applied by a small inline script to the
  finding tables *and* to the highlights in the texts;
* for each document with findings, its table of findings and its text with every finding
  highlighted in place (masked values; a finding inside another is masked inside it too).  Very
  long texts show windows around the findings instead of the whole text;
* files that could not be checked, with the reason.

Without script the page still reads correctly (everything is visible, nothing is filtered).
"""

from __future__ import annotations

import datetime as _dt
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from html import escape
from typing import TextIO

from ..models import CATEGORIES, FileResult, Finding
from .common import (
    CATEGORY_LABEL,
    PLACES_SHOWN,
    SEVERITY_LABEL,
    SEVERITY_ORDER,
    VERDICT_LABEL,
    Masker,
    RenderOptions,
    Tally,
    extra_location,
    mask_long_digits,
    place_label,
    text_for,
)

FULL_TEXT_LIMIT = 200_000
"""Longer texts are shown as windows of :data:`WINDOW` characters around the findings."""
WINDOW = 300

_CSS = """
:root{--block:#fdd;--block-b:#c00;--review:#ffe8b0;--review-b:#b70;--info:#dbeeff;--info-b:#36c;}
body{font:14px/1.6 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
margin:0 auto;max-width:1100px;padding:1em 1.5em;color:#222}
h1{font-size:1.5em;margin:.2em 0}.meta{color:#666;margin:0 0 1em}
.cards{display:flex;gap:.8em;flex-wrap:wrap;margin:.5em 0 1em}
.card{border:1px solid #ccc;border-radius:6px;padding:.4em .9em;min-width:7em}
.card b{display:block;font-size:1.6em}
.card.v-block{border-color:var(--block-b)}.card.v-review{border-color:var(--review-b)}
table{border-collapse:collapse;margin:.3em 0 1em;width:100%}
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.4em 0;
z-index:1}
#filters fieldset{display:inline-block;border:1px solid #ddd;margin:0 .5em .3em 0;padding:.2em .6em}
#filters label{margin-right:.7em;white-space:nowrap}
details.doc{border:1px solid #ccc;border-radius:6px;margin:1em 0;padding:.4em .8em}
details.doc>summary{cursor:pointer;font-weight:600}
.badge{display:inline-block;border-radius:4px;padding:0 .4em;margin-right:.4em;font-weight:600}
.v-block .badge,.badge.v-block,.badge.s-block{background:var(--block);color:var(--block-b)}
.badge.v-review,.badge.s-review{background:var(--review);color:var(--review-b)}
.badge.s-info{background:var(--info);color:var(--info-b)}
.count{font-weight:600}
.badge.v-pass{background:#dfd;color:#070}.badge.v-error{background:#eee;color:#a0a}
pre.text{white-space:pre-wrap;word-break:break-all;background:#fafafa;border:1px solid #eee;
padding:.6em;max-height:36em;overflow:auto;font:13px/1.7 ui-monospace,"Noto Sans Mono CJK SC",
monospace}
mark.hl{background:none;color:inherit;border-bottom:2px solid transparent}
mark.hl.s-block{background:var(--block);border-color:var(--block-b)}
mark.hl.s-review{background:var(--review);border-color:var(--review-b)}
mark.hl.s-info{background:var(--info);border-color:var(--info-b)}
.gap{color:#999;font-style:italic}.warn{color:#a60}.note{color:#666;font-size:.9em}
tr[hidden]{display:none}
"""

_JS = """
window.baomiReportFilters=function(){
  var rank={info:0,review:1,block:2}, names=['info','review','block'];
  var boxes=[].slice.call(document.querySelectorAll('input[data-filter]'));
  function update(){
    var sev={}, cat={};
    boxes.forEach(function(b){ if(b.checked){ (b.dataset.filter==='sev'?sev:cat)[b.value]=1; } });
    var visible=0;
    [].forEach.call(document.querySelectorAll('tr.finding'),function(tr){
      var on=!!(sev[tr.dataset.sev]&&cat[tr.dataset.cat]);
      tr.hidden=!on; if(on){visible++;}
    });
    [].forEach.call(document.querySelectorAll('mark.hl'),function(mk){
      var best=-1;
      mk.dataset.f.split(' ').forEach(function(id){
        var tr=document.getElementById(id);
        if(tr&&!tr.hidden&&rank[tr.dataset.sev]>best){best=rank[tr.dataset.sev];}
      });
      mk.className='hl'+(best<0?' off':' s-'+names[best]);
    });
    [].forEach.call(document.querySelectorAll('details.doc[data-findings]'),function(d){
      var n=d.querySelectorAll('tr.finding:not([hidden])').length;
      d.querySelector('.shown').textContent=n; d.dataset.shown=n;
    });
    var count=document.getElementById('visible-count'); if(count){count.textContent=visible;}
  }
  boxes.forEach(function(b){ b.addEventListener('change',update); });
  update();
};
window.baomiReportFilters();
"""
"""The filter script.  A named function, so that a page that inserts a report later (the
service's web page, :mod:`baomi_check.serve`) runs the same filters on it: one look, one
behaviour."""


def _e(s: str | None) -> str:
    return escape(s or "", quote=True)


def _segments(text: str, findings: Sequence[Finding], masker: Masker, ids: dict[int, str]) -> str:
    """The text as HTML with every occurrence of every finding highlighted (a repeated finding
    marks each of its places); masked regions are atomic."""
    n = len(text)
    # (start, end, finding index) of every place, in start order.
    marks = sorted(
        ((o.start, o.end, i) for i, f in enumerate(findings) for o in f.places()),
        key=lambda t: (t[0], t[1]),
    )
    atomic: list[tuple[int, int]] = []
    for gs, ge, _shown in masker.masking:
        if atomic and gs < atomic[-1][1]:
            atomic[-1] = (atomic[-1][0], max(atomic[-1][1], ge))
        else:
            atomic.append((gs, ge))
    raw_points = {0, n}
    for a, b, _i in marks:
        raw_points.add(a)
        raw_points.add(b)
    starts_of_atomic = [a for a, _ in atomic]
    points: list[int] = []
    for p in sorted(raw_points):
        k = bisect_right(starts_of_atomic, p) - 1
        if k < 0 or not (atomic[k][0] < p < atomic[k][1]):
            points.append(p)
    windows = _windows(marks, n) if n > FULL_TEXT_LIMIT else [(0, n)]
    out: list[str] = []
    prev_end = 0
    first_mark: set[int] = set()
    k = 0
    active: list[int] = []  # indices into marks
    for wa, wb in windows:
        if wa > prev_end:
            out.append(f'<span class="gap">……（略去 {wa - prev_end} 字）……</span>\n')
        cuts = points[bisect_right(points, wa) : bisect_left(points, wb)]
        bounds = [wa, *cuts, wb]
        for a, b in itertools.pairwise(bounds):
            if b <= a:
                continue
            while k < len(marks) and marks[k][0] < b:
                active.append(k)
                k += 1
            active = [j for j in active if marks[j][1] > a]
            cover = sorted({marks[j][2] for j in active if marks[j][0] < b})
            shown = _e(masker.span(text[a:b], a))
            if not cover:
                out.append(shown)
                continue
            for i in cover:
                if i not in first_mark:
                    first_mark.add(i)
                    out.append(f'<span id="m-{ids[i]}"></span>')
            sev = max(findings[i].severity.rank for i in cover)
            cls = ("info", "review", "block")[sev]
            title = "；".join(
                f"{findings[i].rule_id}：{masker.scrub(findings[i].message)}" for i in cover
            )
            out.append(
                f'<mark class="hl s-{cls}" data-f="{" ".join(ids[i] for i in cover)}"'
                f' title="{_e(title)}">{shown}</mark>'
            )
        prev_end = wb
    if prev_end < n:
        out.append(f'<span class="gap">……（略去 {n - prev_end} 字）……</span>')
    return "".join(out)


def _windows(marks: Sequence[tuple[int, int, int]], n: int) -> list[tuple[int, int]]:
    spans = sorted((max(0, a - WINDOW), min(n, b + WINDOW)) for a, b, _i in marks)
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _hidden_note(findings: Sequence[Finding], listed: Sequence[Finding]) -> str:
    n = len(findings) - len(listed)
    return f"（另有 {n} 处低于 --min-severity，未列出）" if n else ""


def _places(f: Finding) -> str:
    """``×N`` and the first places of a repeated finding (the document view marks them all)."""
    if f.count <= 1:
        return ""
    shown = [place_label(o.line, o.column, o.location) for o in f.occurrences[1:PLACES_SHOWN]]
    more = "…" if f.count > PLACES_SHOWN else ""
    return (f' <span class="count">×{f.count}</span>'
            f'<br><span class="note">另见 {_e("、".join(shown))}{more}</span>')


def _doc(r: FileResult, k: int, opts: RenderOptions) -> str:
    assert r.report is not None
    rep = r.report
    m = Masker(rep.findings, opts.show_values)
    listed = opts.visible(rep.findings)
    ids = {i: f"f{k}-{i}" for i in range(len(listed))}
    rows: list[str] = []
    for i, f in enumerate(listed):
        sev = f.severity.value
        loc = extra_location(f)
        where = f"{loc + ' ' if loc else ''}{f.line}:{f.column}"
        sugg = (
            f"<br><span class=note>建议：{_e(m.scrub(f.suggestion))}</span>" if f.suggestion else ""
        )
        rows.append(
            f'<tr class="finding" id="{ids[i]}" data-sev="{sev}" data-cat="{f.category}">'
            f'<td><a href="#m-{ids[i]}">{_e(where)}</a>{_places(f)}</td>'
            f'<td><span class="badge s-{sev}">{SEVERITY_LABEL[sev]}</span></td>'
            f"<td>{_e(CATEGORY_LABEL.get(f.category, f.category))}<br>"
            f"<code>{_e(f.rule_id)}</code></td>"
            f"<td><code>{_e(m.finding_text(f))}</code></td>"
            f"<td>{_e(m.scrub(f.message))}{sugg}</td></tr>"
        )
    text = text_for(r, opts)
    if text is not None:
        body = f'<pre class="text">{_segments(text, listed, m, ids)}</pre>'
    else:
        body = '<p class="note">原文不可用（文件已变化或无法重新读取），仅列出结果。</p>'
    warns = "".join(f'<p class="warn">警告：{_e(m.scrub(w))}</p>' for w in rep.warnings)
    v = rep.verdict
    return (
        f'<details class="doc v-{v}" data-verdict="{v}" data-findings="{len(listed)}" open>'
        f'<summary><span class="badge v-{v}">{VERDICT_LABEL[v]}</span>{_e(r.path)} '
        f'<span class="note">显示 <span class="shown">{len(listed)}</span> / '
        f"{len(listed)} 处{_hidden_note(rep.findings, listed)}</span></summary>{warns}"
        "<table><thead><tr><th>位置</th><th>级别</th><th>类别 / 规则</th><th>内容</th>"
        f"<th>说明</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{body}</details>"
    )


def write(results: Iterable[FileResult], out: TextIO, opts: RenderOptions) -> None:
    tally = Tally()
    docs: list[str] = []
    errors: list[str] = []
    clean: list[str] = []
    for k, r in enumerate(results):
        tally.add(r)
        if r.report is None:
            err = r.error if opts.show_values else mask_long_digits(r.error or "")
            errors.append(
                f'<details class="doc v-error" data-verdict="error" open><summary>'
                f'<span class="badge v-error">出错</span>{_e(r.path)}</summary>'
                f"<p>{_e(err or '无法检查')}</p></details>"
            )
        elif r.report.findings or r.report.warnings:
            docs.append(_doc(r, k, opts))
        else:
            clean.append(f"<li>{_e(r.path)}</li>")
    v = tally.verdicts
    cards = "".join(
        f'<div class="card v-{key}"><b>{n}</b>{label}</div>'
        for key, label, n in (
            ("block", VERDICT_LABEL["block"], v["block"]),
            ("review", VERDICT_LABEL["review"], v["review"]),
            ("pass", VERDICT_LABEL["pass"], v["pass"]),
            ("error", "出错", tally.errors),
        )
    )
    cat_rows = "".join(
        f"<tr><td>{_e(CATEGORY_LABEL[c])} <code>{c}</code></td>"
        + "".join(f'<td class="n">{tally.categories[c][s]}</td>' for s in SEVERITY_ORDER)
        + f'<td class="n">{sum(tally.categories[c].values())}</td></tr>'
        for c in CATEGORIES
        if c in tally.categories
    )
    present = [c for c in CATEGORIES if c in tally.categories]
    sev_boxes = "".join(
        f'<label><input type="checkbox" data-filter="sev" value="{s}" checked> '
        f"{SEVERITY_LABEL[s]}（{tally.severities[s]}）</label>"
        for s in SEVERITY_ORDER
    )
    cat_boxes = "".join(
        f'<label><input type="checkbox" data-filter="cat" value="{c}" checked> '
        f"{_e(CATEGORY_LABEL[c])}（{sum(tally.categories[c].values())}）</label>"
        for c in present
    )
    now = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    masked = "原始值（--show-values）" if opts.show_values else "标识符已脱敏"
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        "<title>保密审查报告 · baomi-check</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>保密审查报告</h1>",
        f'<p class="meta">baomi-check {_e(opts.tool_version)} · 生成于 {now} · '
        f"{tally.files} 个文件 · 结果 {tally.findings} 处 · {masked}</p>",
        f'<section id="summary"><div class="cards">{cards}</div>',
        "<table><thead><tr><th>类别</th><th>阻断</th><th>审查</th><th>提示</th><th>合计</th>"
        f"</tr></thead><tbody>{cat_rows or '<tr><td colspan=5>无结果</td></tr>'}</tbody>"
        "</table></section>",
        f'<section id="filters"><fieldset><legend>级别</legend>{sev_boxes}</fieldset>'
        f"<fieldset><legend>类别</legend>{cat_boxes or '—'}</fieldset>"
        ' <span class="note">显示 <b id="visible-count">'
        f"{tally.findings}</b> 处</span></section>",
        "<main>",
        *errors,
        *docs,
    ]
    if clean:
        parts.append(
            f'<details class="clean"><summary>通过且无结果的文件（{len(clean)}）</summary>'
            f"<ul>{''.join(clean)}</ul></details>"
        )
    parts.append(f"</main><script>{_JS}</script></body></html>\n")
    out.write("".join(parts))
    out.flush()
