"""The ASGI application: routes, limits, authentication, headers, metrics, the request log.

Built on FastAPI (Starlette underneath) for its OpenAPI schema: the schema the service serves at
``/openapi.json`` is generated from the same pydantic models the library returns
(:class:`~baomi_check.models.Report`, :class:`~baomi_check.models.FileResult`), and the tests
check every answer against it.  FastAPI's ``/docs`` and ``/redoc`` load their scripts from a CDN,
so they are switched off; ``/docs`` is a page rendered here from the schema, with no script.

Request bodies are read by the handlers themselves (not by FastAPI's parameter machinery) for
one reason: a request must be *admitted* (a queue slot, :mod:`.pool`) before its body is read,
so that an overload is refused without buffering uploads.  The documented request bodies are
declared with ``openapi_extra``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from html import escape
from importlib import resources
from typing import Any, Literal
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..models import FileResult, Report
from . import worker
from .config import ServeConfig
from .metrics import Metrics
from .pool import JobPool, JobTimeout, Overloaded, WorkerDied
from .worker import CheckRequest, Outcome, error_body

log = logging.getLogger("baomi_check.serve")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
STATIC_FILES = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
}
ROUTES = ("/", "/docs", "/openapi.json", "/healthz", "/readyz", "/metrics", "/v1/rules",
          "/v1/check", "/v1/check/file", "/v1/redact/file", "/v1/report")  # fmt: skip


class ErrorInfo(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    """Every answer other than 2xx.  ``result`` (files) or ``report`` (text) come with 422/500
    when a partial result exists; ``details`` with request validation errors (the fields at
    fault, never the submitted values)."""

    error: ErrorInfo
    details: list[dict[str, Any]] | None = None
    result: FileResult | None = None
    report: Report | None = None


class Health(BaseModel):
    status: str
    workers: int | None = None
    queue_capacity: int | None = None


class PackInfo(BaseModel):
    name: str
    file: str
    version: str | None
    terms: int
    patterns: int
    sections: list[str]


class RulesInfo(BaseModel):
    tool_version: str
    pack_version: str
    custom_rules: bool
    packs: list[PackInfo]
    totals: dict[str, int]
    by_category: dict[str, int]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "请求格式错误（如 multipart 无法解析）",
        401: "缺少或错误的访问令牌（Authorization: Bearer …）",
        403: "请求要求显示原始值，但服务未以 --allow-show-values 启动",
        408: "请求体上传超时",
        413: "请求体或文件超过大小上限",
        415: "请求的内容类型或文件类型不受支持",
        422: "请求内容不符合接口要求，或文件无法读取（result 中有原因）",
        500: "检查不完整或内部错误",
        503: "队列已满或服务未就绪，请按 Retry-After 稍后重试",
        504: "处理超时",
    }
    return {c: {"model": ErrorResponse, "description": text[c]} for c in codes}


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": model.model_json_schema()}}}}  # fmt: skip


def _multipart(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"requestBody": {"required": True,
                            "content": {"multipart/form-data": {"schema": schema}}}}  # fmt: skip


SHOW_VALUES = Query(False, description="显示原始值（需服务以 --allow-show-values 启动）")
_FILE = {"type": "string", "format": "binary", "description": "文件（按扩展名选择读取器）"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def _error_response(status: int, code: str, message: str,
                    headers: dict[str, str] | None = None) -> Response:  # fmt: skip
    return Response(error_body(code, message), status, headers=headers,
                    media_type="application/json")  # fmt: skip


# --- ASGI middleware (pure, so streaming bodies and early answers stay under control) -------


class _TooLarge(Exception):
    pass


class Guard:
    """Outermost layer: security headers on every answer, the request size limit (413 on a
    declared ``Content-Length`` before anything is read, and on the bytes actually received for
    chunked uploads), metrics and the one-line request log (size, status, verdict, rule ids,
    timings; never the text, never the query string)."""

    def __init__(self, app: ASGIApp, cfg: ServeConfig, metrics: Metrics) -> None:
        self.app, self.cfg, self.metrics = app, cfg, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        path: str = scope.get("path", "")
        route = path if path in ROUTES else "/static" if path.startswith("/static/") else "other"
        limit = self.cfg.max_request_bytes
        status = 500
        started = False
        received = 0
        declared = dict(scope.get("headers") or []).get(b"content-length")

        async def send_wrapped(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status = message["status"]
                started = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if path.startswith(("/v1/", "/metrics")) and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        async def receive_counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        state = scope.setdefault("state", {})
        try:
            if declared is not None and (not declared.isdigit() or int(declared) > limit):
                raise _TooLarge
            await self.app(scope, receive_counted, send_wrapped)
        except _TooLarge:
            self.metrics.rejected.labels(reason="too_large").inc()
            if not started:
                from ..extract import format_size

                await _error_response(
                    413, "too_large",
                    f"请求体超过上限 {format_size(limit)}；可用 --max-request-size 调整",
                    {"connection": "close"},
                )(scope, receive, send_wrapped)
        finally:
            elapsed = time.perf_counter() - t0
            self.metrics.requests.labels(route=route, method=scope.get("method", ""),
                                         status=str(status)).inc()  # fmt: skip
            self.metrics.latency.labels(route=route).observe(elapsed)
            if route.startswith("/v1/") or status >= 400:
                extra = state.get("log") or {}
                log.info(
                    "%s %s %d bytes_in=%d ms=%.1f%s",
                    scope.get("method"), route, status, received, elapsed * 1000,
                    "".join(f" {k}={v}" for k, v in extra.items()),
                )


# --- the app ----------------------------------------------------------------------------------


def create_app(cfg: ServeConfig) -> FastAPI:
    """The service for ``cfg``.  The pool starts in the lifespan (``with TestClient(app)``, or
    uvicorn's start-up) and is shut down, after the requests in flight, at its end."""
    pool = JobPool(cfg)
    metrics = Metrics(lambda: pool.waiting, lambda: pool.admitted, lambda: pool.restarts)
    metrics.workers.set(cfg.workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    app = FastAPI(
        title="baomi-check 保密审查服务",
        version=__version__,
        summary="发布前保密审查：密级标志、个人信息、被植入的垃圾内容和错误表述。",
        description="所有结果默认对身份证号等标识符脱敏；偏移量指向提交的原文。",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.metrics = metrics
    app.state.cfg = cfg

    # --- errors in the one JSON shape -------------------------------------------------------

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        if exc.status in (401, 503, 504):
            reason = {401: "unauthorized", 503: "overloaded", 504: "timeout"}[exc.status]
            metrics.rejected.labels(reason=reason).inc()
        return _error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": list(e.get("loc", ())), "type": e.get("type", ""),
                    "msg": e.get("msg", "")} for e in exc.errors()]  # fmt: skip
        body = error_body("invalid_request", "请求参数不符合接口要求", details=details)
        return Response(body, 422, media_type="application/json")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        names = {404: ("not_found", "没有这个地址"),
                 405: ("method_not_allowed", "不支持该请求方法")}  # fmt: skip
        code, message = names.get(exc.status_code, ("http_error", str(exc.detail)))
        return _error_response(exc.status_code, code, message, dict(exc.headers or {}))

    # --- helpers ------------------------------------------------------------------------------

    def authorize(request: Request) -> None:
        if cfg.token is None:
            return
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        # Compare bytes of equal meaning in constant time; the scheme is not secret.
        ok = scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode("utf-8", "replace"), cfg.token.encode("utf-8")
        )
        if not ok:
            raise ApiError(401, "unauthorized", "缺少或错误的访问令牌（Authorization: Bearer …）",
                           {"WWW-Authenticate": 'Bearer realm="baomi-check"'})  # fmt: skip

    def want_values(show_values: bool) -> bool:
        if show_values and not cfg.allow_show_values:
            raise ApiError(403, "show_values_not_allowed",
                           "服务未以 --allow-show-values 启动，不能显示原始值")  # fmt: skip
        return show_values

    def admit() -> None:
        if not pool.ready:
            raise ApiError(503, "not_ready", "服务尚未就绪或正在停止，请稍后重试",
                           {"Retry-After": str(cfg.retry_after)})  # fmt: skip
        try:
            pool.acquire()
        except Overloaded:
            raise ApiError(503, "overloaded", "检查队列已满，请稍后重试",
                           {"Retry-After": str(cfg.retry_after)}) from None  # fmt: skip

    async def read_body(request: Request, kind: str) -> bytes:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != kind:
            raise ApiError(415, "unsupported_media_type", f"请求的内容类型应为 {kind}")
        try:
            return await asyncio.wait_for(request.body(), cfg.upload_timeout or None)
        except asyncio.TimeoutError:
            raise ApiError(408, "upload_timeout", "上传请求体超时") from None

    async def read_form(request: Request) -> Any:
        """Parse a multipart body with Starlette's parser, kept in memory: its spool limit is
        raised to the request limit (which already bounds the body), so an upload never
        rolls over into a temporary file on disk."""
        from starlette.formparsers import MultiPartException, MultiPartParser

        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "multipart/form-data":
            raise ApiError(415, "unsupported_media_type", "请求的内容类型应为 multipart/form-data")
        parser = MultiPartParser(request.headers, request.stream(), max_files=200,
                                 max_fields=200, max_part_size=cfg.max_request_bytes)  # fmt: skip
        parser.spool_max_size = cfg.max_request_bytes + 1
        try:
            return await asyncio.wait_for(parser.parse(), cfg.upload_timeout or None)
        except asyncio.TimeoutError:
            raise ApiError(408, "upload_timeout", "上传请求体超时") from None
        except _TooLarge:
            raise
        except MultiPartException as exc:
            raise ApiError(400, "bad_multipart",
                           f"无法解析 multipart 请求：{exc.message}") from None  # fmt: skip
        except Exception as exc:  # malformed multipart the parser did not name
            raise ApiError(400, "bad_multipart",
                           f"无法解析 multipart 请求：{type(exc).__name__}") from None  # fmt: skip

    async def one_upload(request: Request) -> tuple[str, bytes]:
        """The ``file`` field of a multipart body: its base name and bytes."""
        from starlette.datastructures import UploadFile

        form = await read_form(request)
        try:
            item = form.get("file")
            if not isinstance(item, UploadFile):
                raise ApiError(422, "missing_file", "缺少文件字段 file")
            return _file_name(item.filename), await item.read()
        finally:
            await form.close()

    async def run(request: Request, fn: Callable[..., Outcome], *args: Any) -> Response:
        """Run a job (the slot was taken by :func:`admit`) and turn its outcome into an
        answer, recording metrics and the log fields."""
        try:
            out: Outcome = await pool.run(fn, *args)
        except JobTimeout:
            raise ApiError(504, "timeout", f"处理超时（超过 {cfg.time_limit:g} 秒）") from None
        except WorkerDied as exc:
            raise ApiError(500, "worker_died", f"检查进程异常退出，服务已重启检查进程：{exc}"
                           ) from None  # fmt: skip
        for v in out.verdicts:
            metrics.verdicts.labels(verdict=v).inc()
        for c, n in out.categories.items():
            metrics.findings.labels(category=c).inc(n)
        request.state.log = {
            "verdict": ",".join(out.verdicts) or "-",
            "rules": ",".join(out.rule_ids) or "-",
            "kinds": ",".join(out.kinds) or "-",
        }
        if out.status == 504:
            metrics.rejected.labels(reason="timeout").inc()
        return Response(out.body, out.status, headers=out.headers, media_type=out.media_type)

    async def guarded(request: Request, body: Callable[[], Awaitable[Response]]) -> Response:
        """Admit, then run ``body``.  The slot is the handler's until :func:`submit` hands it
        to the pool (which frees it when the worker is done); a request that fails before
        that (bad form, wrong type) gives it back here."""
        admit()
        slot = {"held": True}
        request.state.slot = slot
        try:
            return await body()
        finally:
            if slot["held"]:
                pool.release()

    async def submit(request: Request, fn: Callable[..., Outcome], *args: Any) -> Response:
        request.state.slot["held"] = False
        return await run(request, fn, *args)

    # --- routes -------------------------------------------------------------------------------

    @app.get("/healthz", tags=["运维"], summary="存活检查", response_model=Health)
    async def healthz() -> Health:
        return Health(status="ok")

    @app.get("/readyz", tags=["运维"], summary="就绪检查（检查进程已启动）",
             response_model=Health, responses=_errors(503))  # fmt: skip
    async def readyz() -> Response:
        if not pool.ready:
            return _error_response(503, "not_ready", "检查进程尚未就绪或服务正在停止",
                                   {"Retry-After": str(cfg.retry_after)})  # fmt: skip
        body = Health(status="ready", workers=cfg.workers, queue_capacity=pool.capacity)
        return Response(body.model_dump_json(), media_type="application/json")

    @app.get("/metrics", tags=["运维"], summary="Prometheus 指标（文本格式）",
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}},
                        **_errors(401)})  # fmt: skip
    async def metrics_endpoint(request: Request) -> Response:
        authorize(request)
        from prometheus_client import CONTENT_TYPE_LATEST

        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/v1/rules", tags=["检查"], summary="已加载的规则包：名称、版本、条目数",
             response_model=RulesInfo, responses=_errors(401))  # fmt: skip
    async def rules(request: Request) -> Response:
        authorize(request)
        return Response(pool.rules_json, media_type="application/json")

    @app.post(
        "/v1/check", tags=["检查"], summary="检查一段文本",
        description="请求体 `{text, source?, kind?}`；返回 Report（标识符默认脱敏）。",
        response_model=Report, openapi_extra=_json_body(CheckRequest),
        responses=_errors(401, 403, 408, 413, 415, 422, 500, 503, 504),
    )  # fmt: skip
    async def check_text(
        request: Request,
        show_values: bool = SHOW_VALUES,
    ) -> Response:
        authorize(request)
        show = want_values(show_values)

        async def body() -> Response:
            data = await read_body(request, "application/json")
            return await submit(request, worker.job_check, data, show)

        return await guarded(request, body)

    @app.post(
        "/v1/check/file", tags=["检查"], summary="检查一个上传的文件",
        description="multipart 字段 `file`（文件名的扩展名决定读取器，与命令行相同）；返回 "
        "FileResult。无法读取的文件返回 422，result.error 说明原因。",
        response_model=FileResult, openapi_extra=_multipart({"file": _FILE}, ["file"]),
        responses=_errors(400, 401, 403, 408, 413, 415, 422, 500, 503, 504),
    )  # fmt: skip
    async def check_file(
        request: Request,
        show_values: bool = SHOW_VALUES,
    ) -> Response:
        authorize(request)
        show = want_values(show_values)

        async def body() -> Response:
            name, data = await one_upload(request)
            _supported_or_415(name)
            return await submit(request, worker.job_check_file, data, name, show)

        return await guarded(request, body)

    @app.post(
        "/v1/redact/file", tags=["脱敏"], summary="生成上传文件的脱敏副本",
        description="multipart 字段 `file`（.txt .md .html .docx .xlsx）；返回脱敏后的文件，"
        "原文件格式不变。响应头 X-Baomi-Masked / Replaced / Highlighted 给出改动数。",
        response_class=Response, openapi_extra=_multipart({"file": _FILE}, ["file"]),
        responses={200: {"description": "脱敏后的文件", "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            **_errors(400, 401, 408, 413, 415, 422, 500, 503, 504)},
    )  # fmt: skip
    async def redact_file(
        request: Request,
        terms: Literal["replace", "highlight", "keep"] = Query(
            "replace", description="标记词语：replace 用■替换，highlight 标亮，keep 保留"),
        min_severity: Literal["block", "review", "info"] = Query(
            "review", description="处理该级别及以上的结果"),
    ) -> Response:  # fmt: skip
        authorize(request)

        async def body() -> Response:
            name, data = await one_upload(request)
            response = await submit(request, worker.job_redact, data, name, terms, min_severity)
            if response.status_code == 200:
                stem, dot, ext = name.rpartition(".")
                out_name = f"{stem}.redacted.{ext}" if dot else f"{name}.redacted"
                response.headers["content-disposition"] = (
                    f"attachment; filename=\"redacted.{ext if dot else 'txt'}\"; "
                    f"filename*=UTF-8''{quote(out_name)}"
                )
            return response

        return await guarded(request, body)

    @app.post(
        "/v1/report", tags=["检查"], summary="检查文本和/或多个文件，返回一份报告",
        description="multipart：可重复的 `files` 字段和可选的 `text` 字段；format=json（FileResult "
        "列表）、csv（表格，Excel/WPS 可直接打开）或 html（与命令行相同的审查报告）。",
        openapi_extra=_multipart(
            {"files": {"type": "array", "items": _FILE},
             "text": {"type": "string", "description": "粘贴的文本"}}, []),
        responses={200: {"description": "报告", "content": {
            "application/json": {"schema": {"type": "array",
                                            "items": {"$ref": "#/components/schemas/FileResult"}}},
            "text/csv": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}}}},
            **_errors(400, 401, 403, 408, 413, 415, 422, 500, 503, 504)},
    )  # fmt: skip
    async def report(
        request: Request,
        format: Literal["json", "csv", "html"] = Query("json", description="报告格式"),
        show_values: bool = SHOW_VALUES,
    ) -> Response:
        authorize(request)
        show = want_values(show_values)

        async def body() -> Response:
            from starlette.datastructures import UploadFile

            form = await read_form(request)
            try:
                items = []
                for item in form.getlist("files"):
                    if isinstance(item, UploadFile):
                        items.append((_file_name(item.filename), await item.read()))
                text_field = form.get("text")
                text = text_field if isinstance(text_field, str) and text_field.strip() else None
            finally:
                await form.close()
            if not items and text is None:
                raise ApiError(422, "nothing_to_check", "请粘贴文本或选择文件")
            for name, _ in items:
                _supported_or_415(name)
            return await submit(request, worker.job_report, items, text, format, show)

        return await guarded(request, body)

    # --- pages ----------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        from ..redact import SUPPORTED

        page = (
            _static("index.html").decode("utf-8")
            .replace("{{REDACTABLE}}", escape(" ".join(sorted(SUPPORTED))))
            .replace("{{READABLE}}", escape(" ".join(worker.supported_suffixes())))
        )  # fmt: skip
        return Response(page, media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name == "report.css":
            from ..report.html import _CSS

            return Response(_CSS, media_type="text/css; charset=utf-8")
        if name == "report.js":
            from ..report.html import _JS

            return Response(_JS, media_type="text/javascript; charset=utf-8")
        if name not in STATIC_FILES:
            raise StarletteHTTPException(404)
        return Response(_static(name), media_type=STATIC_FILES[name],
                        headers={"cache-control": "no-cache"})  # fmt: skip

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return Response(_docs_page(app.openapi()), media_type="text/html; charset=utf-8")

    app.add_middleware(Guard, cfg=cfg, metrics=metrics)
    if cfg.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cfg.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["X-Baomi-Masked", "X-Baomi-Replaced", "X-Baomi-Highlighted",
                            "X-Baomi-Warnings", "Retry-After", "Content-Disposition"],
        )  # fmt: skip
    return app


def _file_name(filename: str | None) -> str:
    """The upload's base name only (a client may send ``../../etc/passwd``); it is echoed in
    the report and picks the reader, and is never used as a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255] or "upload.txt"


def _supported_or_415(name: str) -> None:
    suffix = worker.suffix_of(name)
    if suffix not in worker.supported_suffixes():
        raise ApiError(415, "unsupported_type",
                       f"不支持的文件类型 {suffix or '（无扩展名）'}；支持："
                       + " ".join(worker.supported_suffixes()))  # fmt: skip


def _static(name: str) -> bytes:
    return (resources.files("baomi_check.serve") / "static" / name).read_bytes()


def _docs_page(schema: dict[str, Any]) -> str:
    """A plain, script-free page listing the operations of the OpenAPI schema."""
    rows: list[str] = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = "".join(
                f"<li><code>{escape(p['name'])}</code>（{escape(p.get('in', ''))}）"
                f"{escape(p.get('description', '') or '')}</li>"
                for p in op.get("parameters", [])
            )
            body = op.get("requestBody", {}).get("content", {})
            statuses = "、".join(sorted(op.get("responses", {})))
            rows.append(
                f"<section><h2><code>{method.upper()} {escape(path)}</code> "
                f"{escape(op.get('summary', ''))}</h2>"
                f"<p>{escape(op.get('description', '') or '')}</p>"
                + (f"<p>请求体：{escape('、'.join(body))}</p>" if body else "")
                + (f"<ul>{params}</ul>" if params else "")
                + f"<p class=note>响应状态：{escape(statuses)}</p></section>"
            )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(schema['info']['title'])} · 接口说明</title>"
        '<link rel="stylesheet" href="/static/report.css">'
        '<link rel="stylesheet" href="/static/app.css"></head><body>'
        f"<h1>{escape(schema['info']['title'])} 接口说明</h1>"
        f"<p class=meta>版本 {escape(schema['info']['version'])} · 完整的机器可读说明："
        '<a href="/openapi.json">/openapi.json</a> · <a href="/">返回检查页面</a></p>'
        + "".join(rows)
        + "</body></html>"
    )


def load_token(path: str) -> str:
    """The bearer token from ``--token-file`` (first line, stripped); refuses an empty one."""
    with open(path, encoding="utf-8") as fh:
        token = fh.readline().strip()
    if len(token) < 16:
        raise ValueError(f"{path}: 访问令牌至少需要 16 个字符")
    return token


def dump_openapi(cfg: ServeConfig | None = None) -> str:
    """The OpenAPI document (for clients that generate code from it)."""
    return json.dumps(create_app(cfg or ServeConfig()).openapi(), ensure_ascii=False, indent=2)
