"""``baomi-check serve``: the checker as a local HTTP service and a web page for staff.

For systems that cannot ``import baomi_check`` (Java, PHP and .NET content-management systems)
and for reviewers who will not open a terminal.  Installed with the ``serve`` extra
(``pip install 'baomi-check[serve]'``); nothing here is imported unless the subcommand runs, so
the library and the command line start as fast as without it.

* :mod:`.app` — the ASGI application (FastAPI): ``/v1`` API, ``/`` page, health and metrics;
* :mod:`.pool` — the process pool with admission control (503 + ``Retry-After`` when full);
* :mod:`.worker` — the jobs run in the pool (parsing, reading, checking, masking, redaction);
* :mod:`.metrics` — Prometheus metrics.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from collections.abc import Sequence

from .config import DEFAULT_MAX_REQUEST, DEFAULT_TIME_LIMIT, ServeConfig

_MISSING = (
    "baomi-check serve 需要可选依赖：pip install 'baomi-check[serve]'"
    "（FastAPI、uvicorn、python-multipart、prometheus-client）"
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="baomi-check serve",
        description="以 HTTP 服务提供保密审查：/v1 接口供其他系统调用，/ 为工作人员使用的网页。"
        "默认只监听本机（127.0.0.1），结果中的标识符默认脱敏。",
    )
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机）")
    p.add_argument("--port", type=int, default=8080, help="端口（默认 8080）")
    p.add_argument("--workers", type=int, metavar="N",
                   help="检查进程数（默认：CPU 核数）")  # fmt: skip
    p.add_argument("--queue", type=int, default=0, metavar="N",
                   help="排队等待的请求数上限，超过即返回 503（默认：4 × 检查进程数）")  # fmt: skip
    p.add_argument("--token-file", metavar="FILE",
                   help="访问令牌文件（首行，至少 16 个字符）；设置后 /v1 和 /metrics 需要 "
                   "Authorization: Bearer 令牌")  # fmt: skip
    p.add_argument("--allow-show-values", action="store_true",
                   help="允许请求以 show_values=true 获取未脱敏的原始值（默认不允许）")  # fmt: skip
    p.add_argument("--max-request-size", default="20MB", metavar="SIZE",
                   help="请求体大小上限（默认 20MB），超过返回 413")  # fmt: skip
    p.add_argument("--max-file-size", default="50MB", metavar="SIZE",
                   help="单个文件大小上限（默认 50MB，同命令行）")  # fmt: skip
    p.add_argument("--timeout", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                   help=f"单个请求处理时间上限（默认 {DEFAULT_TIME_LIMIT:g} 秒），"
                   "超过返回 504")  # fmt: skip
    p.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help="允许跨域调用的来源（可重复；默认不允许跨域）")  # fmt: skip
    p.add_argument("--rules", action="append", default=[], metavar="DIR",
                   help="追加自定义规则包（可重复）")  # fmt: skip
    p.add_argument("--replace-rules", action="store_true", help="只用 --rules 给出的规则包")
    p.add_argument("--allowlist", metavar="FILE", help="允许清单文件（短语、值）")
    p.add_argument("--log-level", default="info",
                   choices=("critical", "error", "warning", "info", "debug"))  # fmt: skip
    p.add_argument("--print-openapi", action="store_true",
                   help="输出 OpenAPI 接口说明（JSON）后退出")  # fmt: skip
    return p


def config_from_args(args: argparse.Namespace) -> ServeConfig:
    """Validate the flags into a :class:`ServeConfig`; ``ValueError`` with a message."""
    from ..batch import default_jobs
    from ..settings import parse_size

    if not 0 < args.port < 65536:
        raise ValueError("--port 必须在 1–65535 之间")
    workers = args.workers if args.workers is not None else default_jobs()
    if workers < 1:
        raise ValueError("--workers 必须至少为 1")
    if args.queue < 0:
        raise ValueError("--queue 不能为负数")
    if args.timeout < 0:
        raise ValueError("--timeout 不能为负数")
    try:
        max_request = parse_size(args.max_request_size)
        max_file = parse_size(args.max_file_size)
    except ValueError as exc:
        raise ValueError(f"大小参数有误：{exc}") from None
    token = None
    if args.token_file:
        from .app import load_token

        try:
            token = load_token(args.token_file)
        except OSError as exc:
            raise ValueError(f"无法读取 --token-file：{exc.strerror or exc}") from None
    return ServeConfig(
        host=args.host, port=args.port, workers=workers, queue=args.queue,
        max_request_bytes=max_request or DEFAULT_MAX_REQUEST, max_file_bytes=max_file,
        time_limit=args.timeout, token=token, allow_show_values=args.allow_show_values,
        cors_origins=tuple(args.cors_origin),
        rules=tuple(args.rules), replace_rules=args.replace_rules, allowlist=args.allowlist,
    )  # fmt: skip


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """``baomi-check serve [options]``: exit 0 after a clean shutdown, 2 on bad options."""
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    try:
        import fastapi  # noqa: F401
        import multipart  # noqa: F401  (python-multipart)
        import prometheus_client  # noqa: F401
        import uvicorn
    except ImportError:
        print(f"baomi-check serve: 错误：{_MISSING}", file=sys.stderr)
        return 2
    try:
        cfg = config_from_args(args)
    except ValueError as exc:
        print(f"baomi-check serve: 错误：{exc}", file=sys.stderr)
        return 2
    from ..rulepack import RuleError
    from .app import create_app, dump_openapi

    if args.print_openapi:
        print(dump_openapi(cfg))
        return 0
    try:  # rule-pack problems are reported now, not by a worker that fails to start
        from ..batch import BatchOptions, build_checker, load_allowlist

        options = BatchOptions(rules=cfg.rules, replace_rules=cfg.replace_rules,
                               allowlist=cfg.allowlist)  # fmt: skip
        build_checker(options)
        load_allowlist(options)
    except (RuleError, OSError, ValueError) as exc:
        print(f"baomi-check serve: 错误：规则包或允许清单有误：{exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=args.log_level.upper(), stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )  # fmt: skip
    if not is_loopback(cfg.host):
        logging.getLogger("baomi_check.serve").warning(
            "监听非本机地址 %s%s：请确认只有可信网络能访问本服务",
            cfg.host, "" if cfg.token else "，且未设置 --token-file，任何能连到本机的人都能调用",
        )  # fmt: skip
    uvicorn.run(
        create_app(cfg),
        host=cfg.host,
        port=cfg.port,
        log_level=args.log_level,
        access_log=False,  # our own request log: no query strings, no bodies
        server_header=False,
        timeout_graceful_shutdown=int(cfg.time_limit or 60) + 5,
        # A backstop for connections; admission control (503) is the real bound.
        limit_concurrency=max(256, cfg.capacity * 8),
    )
    return 0


__all__ = ["ServeConfig", "build_parser", "config_from_args", "main"]
