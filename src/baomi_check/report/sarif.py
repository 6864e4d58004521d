"""SARIF 2.1.0 for code hosts (GitHub code scanning) and review dashboards.

Choices that matter for acceptance and for safety:

* ``run.columnKind = "unicodeCodePoints"``: our columns count characters (Python ``str``
  indices), which for Chinese text differ from UTF-16 units only outside the BMP but differ from
  bytes everywhere.  Columns are 1-based; ``endColumn`` is the column just past the evidence.
* ``level`` follows severity: ``block`` → ``error``, ``review`` → ``warning``, ``info`` →
  ``note``; each rule also carries ``security-severity`` so GitHub ranks alerts.
* ``partialFingerprints`` are HMAC-SHA256 of rule + normalized value (+ occurrence number in
  the file) under the baseline key — stable across runs so alerts are tracked, never the raw
  value and never an unkeyed hash, because a SARIF file is uploaded to a third party and the
  spaces of phone and ID numbers are small enough to enumerate.  Without a configured key an
  ephemeral one is used (fingerprints then change per run) and ``run.properties`` says so.
* ``snippet`` and ``contextRegion`` texts are masked like every other output.
* Files that could not be checked (or only in part) are ``toolExecutionNotifications`` of level
  ``error``, and then ``executionSuccessful`` is ``false``.
* **A repeated finding is one result** (the same evidence under one rule and severity in one
  file): ``locations`` holds its first place, ``relatedLocations`` the others (the first
  :data:`MAX_RELATED` of them, each with its ``id`` and region), ``occurrenceCount`` the exact
  number.  Why not one result per place: SARIF §3.27.12 reserves several ``locations`` for
  one problem that needs a change at every place, and one result per place is what flooded
  reviewers (5,600 alerts for one office number); ``occurrenceCount`` is SARIF's own field
  for "this logically unique result was observed N times", and a code host then shows one
  alert per distinct leak.  The fingerprint is that of the first place, as before grouping,
  so alerts uploaded earlier keep their identity.
"""

from __future__ import annotations

import json
import re
import secrets
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ..baseline import BaselineError, load_key, normalized_value, value_hmac
from ..models import FileResult, Finding
from .common import (
    CATEGORY_LABEL,
    Masker,
    RenderOptions,
    extra_location,
    extra_location_of,
    mask_long_digits,
    text_for,
)

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"block": "error", "review": "warning", "info": "note"}
SECURITY_SEVERITY = {"block": "8.0", "review": "5.0", "info": "2.0"}
FINGERPRINT_NAME = "baomiValueHmac/v1"
MAX_RELATED = 1000
"""Other places of a repeated finding listed as ``relatedLocations`` (GitHub code scanning
accepts at most 1,000 per result); ``occurrenceCount`` stays exact."""

CATEGORY_HELP: dict[str, str] = {
    "classified_marking": "文件带有国家秘密标志（密级★保密期限）。涉密文件不得公开发布，"
    "应撤回并按保密规定处理；如已解密，应有解密依据并去除标志。",
    "internal_marking": "文件带有工作秘密或内部资料等标志，属于不予公开或需审批后公开的内容，"
    "请确认公开属性并履行审批程序。",
    "id_card": "包含居民身份证号码。公开前须删除或按脱敏规则处理（如保留前6位和后4位）。",
    "mobile_phone": "包含个人手机号码。公开前应确认是否为对外公开的工作电话，否则删除或脱敏。",
    "landline": "包含固定电话号码。单位对外办公电话通常可以公开；个人住宅电话应删除或脱敏。",
    "bank_card": "包含银行卡号或账号。公开前须删除或仅保留后4位。",
    "travel_document": "包含护照或港澳台通行证号码。公开前须删除或脱敏。",
    "license_plate": "包含机动车号牌。涉及个人车辆时应脱敏。",
    "email": "包含电子邮箱地址。个人邮箱应删除或脱敏，单位公开邮箱可保留。",
    "ip_address": "包含IP地址。内网地址、服务器地址不宜公开。",
    "credit_code": "包含统一社会信用代码（组织机构信息，通常可公开），请核对是否需要公开。",
    "personal_info": "包含个人信息（姓名与敏感属性、住址、健康、宗教、违法记录等），"
    "公开前须确认有法定依据，并做最小化处理。",
    "spam": "疑似被植入的赌博、色情、彩票、假发票或黑帽SEO内容，页面可能已被篡改，"
    "应立即删除并排查。",
    "sensitive_term": "包含规则包配置的敏感词，请人工确认上下文是否适宜公开。",
    "wrong_expression": "存在严重表述错误或不规范表述，请按建议的规范表述修改。",
    "tampering": "文本存在被篡改或镜像转换的痕迹（隐藏内容、繁体夹注拼音等），请核对来源。",
}


def _uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix(), safe="/")


def _key(opts: RenderOptions) -> tuple[bytes, bool]:
    if opts.fingerprint_key is not None:
        return opts.fingerprint_key, False
    try:
        key = load_key()
    except BaselineError:
        key = None
    if key is not None:
        return key, False
    return secrets.token_bytes(32), True


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer(r"\r\n|\n|\r", text))]

    def line_col(self, pos: int) -> tuple[int, int]:
        k = bisect_right(self.starts, pos) - 1
        return k + 1, pos - self.starts[k] + 1


def _rule(f: Finding, masker: Masker) -> dict[str, Any]:
    label = CATEGORY_LABEL.get(f.category, f.category)
    help_text = CATEGORY_HELP.get(f.category, label)
    sev = f.severity.value
    return {
        "id": f.rule_id,
        "name": "".join(p.capitalize() for p in re.split(r"[._]", f.rule_id) if p),
        "shortDescription": {"text": f"{label}（{f.rule_id}）"},
        "fullDescription": {"text": masker.scrub(f.message) or label},
        "help": {
            "text": help_text,
            "markdown": f"**{label}** — {help_text}\n\n规则 `{f.rule_id}`，类别 `{f.category}`。"
            "\n\n行内豁免：`<!-- baomi-check: allow " + f.rule_id + " -->`",
        },
        "defaultConfiguration": {"level": LEVEL[sev]},
        "properties": {
            "category": f.category,
            "tags": ["baomi-check", "confidentiality", "security", f.category],
            "security-severity": SECURITY_SEVERITY[sev],
            "precision": "high" if f.confidence >= 0.9 else "medium",
        },
    }


def build(results: Iterable[FileResult], opts: RenderOptions) -> dict[str, Any]:
    key, ephemeral = _key(opts)
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    out_results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    failed = 0
    for r in results:
        uri = _uri(r.path)
        artifact = (
            {"uri": uri, "uriBaseId": "%SRCROOT%"} if not uri.startswith("file:") else {"uri": uri}
        )
        if r.error is not None or r.report is None:
            failed += 1
            notes.append(
                {
                    "level": "error",
                    "message": {
                        "text": (r.error if opts.show_values else mask_long_digits(r.error or ""))
                        or "无法检查"
                    },
                    "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                }
            )
        if r.report is None:
            continue
        m = Masker(r.report.findings, opts.show_values)
        for w in r.report.warnings:
            notes.append(
                {
                    "level": "warning",
                    "message": {"text": m.scrub(w) or ""},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                }
            )
        text = text_for(r, opts) if r.report.findings else None
        lines = _Lines(text) if text is not None else None
        seen: Counter[str] = Counter()
        shown_rank = opts.min_severity.rank
        for f in r.report.findings:
            # Fingerprints number a value's findings in the file whatever is listed.
            base = f"{f.rule_id}\x00{normalized_value(f)}"
            seen[base] += 1
            if f.severity.rank < shown_rank:
                continue
            if f.rule_id not in rule_index:
                rule_index[f.rule_id] = len(rules)
                rules.append(_rule(f, m))
            region: dict[str, Any] = {
                "startLine": f.line,
                "startColumn": max(1, f.column),
                "endLine": max(f.end_line, f.line),
                "endColumn": max(1, f.end_column),
                "snippet": {"text": m.finding_text(f)},
            }
            if region["endLine"] == f.line and region["endColumn"] <= region["startColumn"]:
                region["endColumn"] = region["startColumn"] + max(1, f.end - f.start)
            location: dict[str, Any] = {
                "physicalLocation": {"artifactLocation": artifact, "region": region}
            }
            if text is not None and lines is not None:
                shown, a, b = m.snippet(text, f, width=40)
                la, ca = lines.line_col(a)
                lb, cb = lines.line_col(b)
                location["physicalLocation"]["contextRegion"] = {
                    "startLine": la,
                    "startColumn": ca,
                    "endLine": lb,
                    "endColumn": cb,
                    "snippet": {"text": shown},
                }
            loc = extra_location(f)
            if loc:
                location["logicalLocations"] = [{"name": loc, "kind": "element"}]
            if f.box is not None:
                # Recognised (OCR) text: where on the page image (SARIF has no page geometry
                # of its own; a location's property bag carries it).
                location["properties"] = {"page": f.page, "box": list(f.box)}
            fp = value_hmac(key, base) + f":{seen[base]}"
            message = m.scrub(f.message) or ""
            if f.suggestion:
                message += f"（建议：{m.scrub(f.suggestion)}）"
            if loc:
                message += f"［{loc}］"
            result: dict[str, Any] = {
                "ruleId": f.rule_id,
                "ruleIndex": rule_index[f.rule_id],
                "level": LEVEL[f.severity.value],
                "message": {"text": message},
                "locations": [location],
                "partialFingerprints": {FINGERPRINT_NAME: fp},
                "properties": {
                    "category": f.category,
                    "severity": f.severity.value,
                    "confidence": f.confidence,
                },
            }
            if f.count > 1:
                result["message"]["text"] += f"（共{f.count}处）"
                result["occurrenceCount"] = f.count
                result["relatedLocations"] = _related(f, artifact, m.finding_text(f))
            out_results.append(result)
    driver: dict[str, Any] = {
        "name": "baomi-check",
        "rules": rules,
    }
    if opts.tool_version:
        driver["version"] = opts.tool_version
        driver["semanticVersion"] = opts.tool_version
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        # A file that could not be (fully) checked makes the run unsuccessful: a consumer that
        # reads only this flag must not take an unread file for a clean one (issue 11 B.13).
        "invocations": [
            {"executionSuccessful": not failed, "toolExecutionNotifications": notes}
        ],
        "results": out_results,
        "properties": {
            "valuesMasked": not opts.show_values,
            "fingerprintKey": "ephemeral" if ephemeral else "configured",
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _related(f: Finding, artifact: dict[str, Any], shown: str) -> list[dict[str, Any]]:
    """The other places of a repeated finding as SARIF related locations."""
    out: list[dict[str, Any]] = []
    for k, o in enumerate(f.occurrences[1 : MAX_RELATED + 1], start=2):
        region: dict[str, Any] = {
            "startLine": o.line,
            "startColumn": max(1, o.column),
            "endLine": max(o.end_line, o.line),
            "endColumn": max(1, o.end_column),
            "snippet": {"text": shown},
        }
        if region["endLine"] == o.line and region["endColumn"] <= region["startColumn"]:
            region["endColumn"] = region["startColumn"] + max(1, o.end - o.start)
        rel: dict[str, Any] = {
            "id": k,
            "physicalLocation": {"artifactLocation": artifact, "region": region},
            "message": {"text": f"第{k}处（共{f.count}处）"},
        }
        loc = extra_location_of(o.location)
        if loc:
            rel["logicalLocations"] = [{"name": loc, "kind": "element"}]
        out.append(rel)
    return out


PRETTY_LIMIT = 2000
"""Up to this many results the file is indented for people; beyond it, compact (the C encoder
is about five times faster, and nobody reads 100 MB of SARIF by eye)."""


def write(results: Iterable[FileResult], out: TextIO, opts: RenderOptions) -> None:
    doc = build(results, opts)
    pretty = len(doc["runs"][0]["results"]) <= PRETTY_LIMIT
    out.write(json.dumps(doc, ensure_ascii=False, indent=2 if pretty else None))
    out.write("\n")
    out.flush()
