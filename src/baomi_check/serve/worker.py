"""What runs in the check processes: every CPU-bound step of a request.

The HTTP process only moves bytes: it hands the raw request body (or the uploaded bytes) to a
worker and sends back the bytes the worker returns.  Parsing the JSON body, validating it,
extracting a document, checking it, masking and serializing the answer all happen here, so a
10 MB request never holds the event loop.

Each job returns an :class:`Outcome` (status, body, media type) plus the little the HTTP side
needs for metrics and the request log: verdicts, rule ids and counts per category.  Never text:
the submitted text exists only in the worker that checks it, and only for that job.

Files use the project's one reader entry point (:func:`baomi_check.extract.extract_bytes`, the
same reader, size limit, zip-bomb guard and error messages as the command line) and redaction the
redact module's own :func:`baomi_check.redact.redact`, which works on paths: the upload is
written to a private folder (mode 0700) that is removed before the job returns, whatever
happens.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from types import FrameType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..batch import BatchOptions, _Alarm, build_checker, load_allowlist
from ..engine import Checker
from ..extract import (
    SUPPORTED_SUFFIXES,
    Document,
    ExtractError,
    FileTimeout,
    annotate,
    extract_bytes,
    kind_of,
    ocr,
)
from ..extract.errors import too_large
from ..models import FileResult, Report
from ..suppress import Allowlist, apply_suppressions
from ..testing import id_number
from .config import ServeConfig

PASTED = "粘贴的文本"
"""The name a pasted text gets in reports (the web page's text box)."""


class CheckRequest(BaseModel):
    """Body of ``POST /v1/check``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="要检查的文本（UTF-8）。")
    source: str | None = Field(
        default=None, max_length=1000, description="来源（文件名或网址），原样回显在报告中。"
    )
    kind: Literal["text", "html"] = Field(
        default="text",
        description="text：纯文本；html：网页源代码，按 .html 读取器提取正文并分析隐藏内容"
        "（此时偏移量指向提取出的正文）。",
    )


@dataclass
class Outcome:
    """A finished job: the HTTP answer plus what metrics and the log may know about it."""

    status: int
    body: bytes
    media_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    verdicts: list[str] = field(default_factory=list)
    categories: dict[str, int] = field(default_factory=dict)
    rule_ids: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


def error_body(code: str, message: str, **extra: Any) -> bytes:
    """The JSON of every non-2xx answer: ``{"error": {"code", "message"}, …}``."""
    return json.dumps({"error": {"code": code, "message": message}, **extra},
                      ensure_ascii=False).encode("utf-8")  # fmt: skip


def error(status: int, code: str, message: str, **extra: Any) -> Outcome:
    return Outcome(status, error_body(code, message, **extra))


# --- the worker process's state -------------------------------------------------------------

_checker: Checker | None = None
_allowlist: Allowlist | None = None
_cfg: ServeConfig = ServeConfig()


def init_worker(cfg: ServeConfig) -> None:
    """Pool initializer: build the checker once per process.

    SIGINT is ignored (Ctrl-C reaches the whole process group; the server decides and shuts the
    pool down after the requests in flight are answered)."""
    global _checker, _allowlist, _cfg
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _cfg = cfg
    options = BatchOptions(rules=cfg.rules, replace_rules=cfg.replace_rules,
                           allowlist=cfg.allowlist)  # fmt: skip
    _checker = build_checker(options)
    _allowlist = load_allowlist(options)
    # One recognition thread per worker: the pool already has a worker per core, and each
    # engine defaulting to every core would oversubscribe the machine on scanned uploads.
    ocr.configure(threads=1)


def _state() -> tuple[Checker, ServeConfig]:
    if _checker is None:  # a job run without the initializer (tests calling jobs directly)
        init_worker(_cfg)
    assert _checker is not None
    return _checker, _cfg


WARM_UP = (
    "机密★5年\n关于某项工作的通知\n联系人：张三，身份证号"
    + id_number("11010118800101001")  # synthetic: born 1880, check character computed
    + "，手机13800000000，邮箱a@b.cn，银行卡6222020000000000000，车牌京A12345，IP 10.0.0.1。\n"
    "<div style='display:none'><a href='http://x.invalid/'>澳门赌场</a></div>\n"
)
"""A text that makes every detector run once, so their lazily compiled patterns and tables are
built before the first request (a first request would otherwise pay for them, and could even
hit a short time limit)."""


def job_ping() -> int:
    """Warm-up: returns once this worker has built its checker and run it once."""
    checker, _cfg = _state()
    checker.check(WARM_UP)
    return os.getpid()


def job_rules() -> bytes:
    """``GET /v1/rules``: the loaded packs, file by file, with versions and counts."""
    from .. import __version__

    checker, cfg = _state()
    pack = checker.pack
    terms = Counter(s.file for s in pack.term_sources)
    patterns = Counter(s.file for s in pack.pattern_sources)
    sections: dict[str, list[str]] = {}
    for name, entries in pack.sections.items():
        for _data, file, _lines in entries:
            sections.setdefault(file, []).append(name)
    files = sorted(set(terms) | set(patterns) | set(sections))
    packs = []
    for f in files:
        try:
            import hashlib

            version = hashlib.sha256(Path(f).read_bytes()).hexdigest()[:12]
        except OSError:
            version = None
        packs.append({
            "name": PurePath(f).stem,
            "file": PurePath(f).name,
            "version": version,
            "terms": terms[f],
            "patterns": patterns[f],
            "sections": sorted(sections.get(f, [])),
        })  # fmt: skip
    by_category = Counter(t.category for t in pack.terms) + Counter(
        p.category for p in pack.patterns
    )
    body = {
        "tool_version": __version__,
        "pack_version": pack.digest[:12],
        "custom_rules": bool(cfg.rules),
        "packs": packs,
        "totals": {"terms": len(pack.terms), "patterns": len(pack.patterns)},
        "by_category": dict(sorted(by_category.items())),
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


# --- serialization --------------------------------------------------------------------------


def _masked_json(obj: Report | FileResult, show_values: bool) -> bytes:
    """The contract model as JSON, identifiers masked unless ``show_values``."""
    from ..report.common import masked_report, masked_result

    if isinstance(obj, Report):
        shown: BaseModel = masked_report(obj, show_values)[0]
    else:
        shown = masked_result(obj, show_values)
    # Masked above as asked (or raw by explicit opt-in): not masked again by the models.
    return shown.model_dump_json(context={"show_values": True}).encode("utf-8")


def _meta(out: Outcome, reports: list[Report]) -> Outcome:
    cats: Counter[str] = Counter()
    ids: set[str] = set()
    for r in reports:
        out.verdicts.append(r.verdict)
        for f in r.findings:
            cats[f.category] += 1
            ids.add(f.rule_id)
    out.categories = dict(cats)
    out.rule_ids = sorted(ids)
    return out


def _safe_message(exc: BaseException) -> str:
    from ..report.common import mask_long_digits

    return mask_long_digits(f"{type(exc).__name__}: {exc}")[:500]


def _timeout_message(cfg: ServeConfig) -> str:
    return f"处理超时（超过 {cfg.time_limit:g} 秒），已中止；可用 --timeout 调整上限"


class _ServeAlarm(_Alarm):
    """The command line's wall-clock limit (``SIGALRM`` in the worker's main thread), with a
    message that names the server's flag.

    It remembers that it fired: the engine turns an exception inside a detector into an
    "incomplete" report rather than letting it through, so a timeout that struck there would
    otherwise come back as a 500.  :meth:`__exit__` raises it again."""

    fired = False

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        self.fired = True
        raise FileTimeout(_timeout_message(_cfg))

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        if self.fired and exc[0] is None:
            raise FileTimeout(_timeout_message(_cfg))


def _alarm(cfg: ServeConfig) -> _Alarm:
    return _ServeAlarm(cfg.time_limit or None)


# --- /v1/check ------------------------------------------------------------------------------


def _validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors without the ``input`` and ``ctx`` it echoes (the submitted text)."""
    return [{"loc": list(e["loc"]), "type": e["type"], "msg": e["msg"]} for e in exc.errors()]


def job_check(body: bytes, show_values: bool) -> Outcome:
    """``POST /v1/check``: JSON ``{text, source?, kind?}`` → :class:`Report`."""
    checker, cfg = _state()
    try:
        with _alarm(cfg):
            try:
                req = CheckRequest.model_validate_json(body)
            except ValidationError as exc:
                return error(422, "invalid_request", "请求内容不符合接口要求",
                             details=_validation_details(exc))  # fmt: skip
            if req.kind == "html":
                from ..extract.html import extract_html_text

                doc = extract_html_text(req.text)
                text = doc.text
                report = annotate(doc, checker.check(text, source=req.source))
            else:
                text = req.text
                report = checker.check(text, source=req.source)
            report, _ = apply_suppressions(text, report, _allowlist)
            payload = _masked_json(report, show_values)
    except FileTimeout as exc:
        return error(504, "timeout", str(exc))
    except ExtractError as exc:
        return error(422, "unreadable", str(exc))
    except MemoryError:
        return error(500, "out_of_memory", "内存不足，无法处理该请求")
    except Exception as exc:  # a detector or extractor bug: an answer, never a hang
        return error(500, "internal_error", f"内部错误：{_safe_message(exc)}")
    if report.incomplete:
        return _meta(error(500, "incomplete", "检查不完整：有检测器出错，结果可能缺项",
                           report=json.loads(payload)), [report])  # fmt: skip
    return _meta(Outcome(200, payload), [report])


# --- files ----------------------------------------------------------------------------------


def suffix_of(filename: str) -> str:
    return PurePath(filename).suffix.lower()


def supported_suffixes() -> list[str]:
    """Read at call time: the reader registry grows as formats are added."""
    return sorted(SUPPORTED_SUFFIXES)


def check_bytes(
    checker: Checker, data: bytes, name: str, cfg: ServeConfig, allowlist: Allowlist | None
) -> tuple[FileResult, Document | None]:
    """One uploaded file → :class:`FileResult`, as the command line checks a file on disk:
    the size limit, the reader for its extension, locations and hidden-content findings, inline
    ``baomi-check: allow`` directives and the allow-list.  Every failure is the result's
    ``error`` (the caller decides the HTTP status), except :class:`FileTimeout`, which ends the
    whole request."""
    t0 = time.perf_counter()
    kind: str | None = kind_of(name)
    doc: Document | None = None
    try:
        if len(data) > cfg.max_file_bytes:
            raise ExtractError(too_large(len(data), cfg.max_file_bytes))
        doc = extract_bytes(data, kind or "txt")
        kind = doc.kind
        report = annotate(doc, checker.check(doc.text, source=name))
        report, _ = apply_suppressions(doc.text, report, allowlist)
    except FileTimeout:
        raise
    except ExtractError as exc:
        return FileResult.model_construct(path=name, error=str(exc), kind=kind,
                                          elapsed_ms=_ms(t0)), None  # fmt: skip
    except MemoryError:
        return FileResult.model_construct(path=name, error="内存不足，无法处理该文件",
                                          kind=kind, elapsed_ms=_ms(t0)), None  # fmt: skip
    except Exception as exc:
        return FileResult.model_construct(path=name, error=f"内部错误：{_safe_message(exc)}",
                                          kind=kind, elapsed_ms=_ms(t0)), None  # fmt: skip
    err = "检查不完整：有检测器出错（见警告），结果可能缺项" if report.incomplete else None
    return FileResult.model_construct(
        path=name, report=report, error=err, kind=kind, encoding=doc.encoding, elapsed_ms=_ms(t0)
    ), doc


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 3)


def job_check_file(data: bytes, filename: str, show_values: bool) -> Outcome:
    """``POST /v1/check/file``: one upload → :class:`FileResult`.

    200 with the result; a file that could not be read is 422 with the result (its ``error``
    set, no report), and so is one from which no text at all was read (only pictures, empty):
    never a clean pass.  An incomplete check is 500; too slow 504."""
    checker, cfg = _state()
    try:
        with _alarm(cfg):
            result, doc = check_bytes(checker, data, filename, cfg, _allowlist)
            payload = _masked_json(result, show_values)
    except FileTimeout as exc:
        return error(504, "timeout", str(exc))
    except Exception as exc:
        return error(500, "internal_error", f"内部错误：{_safe_message(exc)}")
    reports = [result.report] if result.report is not None else []
    out = Outcome(200, payload, kinds=[result.kind or "?"])
    if doc is not None and not doc.text.strip() and result.error is None:
        # Nothing was read (only pictures, an empty file …): no findings is not a clean pass.
        from ..extract import NO_TEXT_WARNING

        out = Outcome(422, error_body("no_text", NO_TEXT_WARNING, result=json.loads(payload)),
                      kinds=out.kinds)  # fmt: skip
    elif result.error is not None:
        code, status = ("incomplete", 500) if result.report is not None else ("unreadable", 422)
        from ..report.common import mask_long_digits

        out = Outcome(status, error_body(code, mask_long_digits(result.error),
                                         result=json.loads(payload)), kinds=out.kinds)  # fmt: skip
    return _meta(out, reports)


# --- several inputs, one report (the web page, and CMSs that want CSV/HTML) --------------------

REPORT_MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def job_report(
    items: list[tuple[str, bytes]], text: str | None, fmt: str, show_values: bool
) -> Outcome:
    """Check a pasted text and/or files and write one report in the command line's ``json``,
    ``csv`` or ``html`` format (the same writers, the same masking).  A file that cannot be read
    is an error row of the report, as in a batch; the answer is still 200."""
    from ..report import write_results

    checker, cfg = _state()
    results: list[FileResult] = []
    texts: dict[str, str] = {}
    taken: Counter[str] = Counter()

    def unique(name: str) -> str:
        taken[name] += 1
        return name if taken[name] == 1 else f"{name} ({taken[name]})"

    try:
        with _alarm(cfg):
            if text is not None:
                name = unique(PASTED)
                t0 = time.perf_counter()
                report = checker.check(text, source=name)
                report, _ = apply_suppressions(text, report, _allowlist)
                results.append(FileResult.model_construct(
                    path=name, report=report, kind="txt", elapsed_ms=_ms(t0)))  # fmt: skip
                texts[name] = text
            for filename, data in items:
                name = unique(filename)
                result, doc = check_bytes(checker, data, name, cfg, _allowlist)
                results.append(result)
                if doc is not None:
                    texts[name] = doc.text
            out = io.StringIO()
            write_results(results, fmt, out, show_values=show_values,
                          texts=lambda r: texts.get(r.path))  # fmt: skip
            payload = out.getvalue().encode("utf-8")
    except FileTimeout as exc:
        return error(504, "timeout", str(exc))
    except Exception as exc:
        return error(500, "internal_error", f"内部错误：{_safe_message(exc)}")
    reports = [r.report for r in results if r.report is not None]
    o = Outcome(200, payload, REPORT_MEDIA[fmt], kinds=[r.kind or "?" for r in results])
    return _meta(o, reports)


# --- /v1/redact/file ------------------------------------------------------------------------

REDACT_MEDIA = {
    "txt": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def job_redact(data: bytes, filename: str, terms: str, min_severity: str) -> Outcome:
    """``POST /v1/redact/file``: the redacted copy, made by :func:`baomi_check.redact.redact`
    (which reads the file through the same walker and reader as a check).

    The upload is written into a fresh private folder (``mkdtemp``: mode 0700, a random name),
    the copy is written next to it and read back, and the folder is removed in ``finally``."""
    from ..redact import SUPPORTED, RedactError, redact

    checker, cfg = _state()
    suffix = suffix_of(filename)
    if suffix not in SUPPORTED:
        return error(415, "unsupported_type",
                     f"无法生成 {suffix or '（无扩展名）'} 文件的脱敏副本；支持："
                     + "、".join(sorted(SUPPORTED)))  # fmt: skip
    if len(data) > cfg.max_file_bytes:
        return error(413, "file_too_large", too_large(len(data), cfg.max_file_bytes))
    folder = tempfile.mkdtemp(prefix="baomi-serve-")
    try:
        with _alarm(cfg):
            src = Path(folder) / f"upload{suffix}"
            dst = Path(folder) / f"redacted{suffix}"
            fd = os.open(src, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            try:
                summary = redact(src, dst, checker=checker, terms=terms,  # type: ignore[arg-type]
                                 min_severity=min_severity, allowlist=_allowlist,
                                 max_bytes=cfg.max_file_bytes)  # fmt: skip
            except RedactError as exc:
                return error(422, "cannot_redact", str(exc).replace(str(src), filename))
            change = summary.files[0]
            if change.skipped is not None:
                msg = change.skipped.replace(str(src), filename)
                return error(422, "cannot_redact", f"无法生成脱敏副本：{msg}")
            payload = dst.read_bytes()
    except FileTimeout as exc:
        return error(504, "timeout", str(exc))
    except Exception as exc:
        return error(500, "internal_error", f"内部错误：{_safe_message(exc)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    headers = {
        "X-Baomi-Masked": str(change.masked),
        "X-Baomi-Replaced": str(change.replaced),
        "X-Baomi-Highlighted": str(change.highlighted),
        "X-Baomi-Warnings": str(len(change.warnings)),
    }
    kind = change.kind or "txt"
    out = Outcome(200, payload, REDACT_MEDIA.get(kind, "application/octet-stream"),
                  headers=headers, kinds=[kind])  # fmt: skip
    out.categories = dict(change.categories)
    return out
