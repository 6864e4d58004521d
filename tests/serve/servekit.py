"""Shared helpers of the service tests: synthetic inputs and a client per configuration.

All personal data is synthetic (:mod:`baomi_check.testing`: births before 1900, computed check
characters, mobile tails of zeros)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from baomi_check.serve.app import create_app
from baomi_check.serve.config import ServeConfig
from baomi_check.testing import id_number

ID = id_number("11010118800101001")
ID_MASKED = "110101********0011"
MOBILE = "13800000000"
DRAFT = f"机密★5年\n关于某项目的工作通知\n联系人身份证号：{ID}\n"
TOKEN = "s3cret-token-for-tests-only-0123"


@contextmanager
def client_for(**overrides: Any) -> Iterator[Any]:
    """A TestClient (no sockets) around a fresh app; the pool starts and stops with it."""
    from fastapi.testclient import TestClient

    cfg = ServeConfig(**{"workers": 1, **overrides})
    with TestClient(create_app(cfg)) as client:
        yield client


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(*args: str, ready_timeout: float = 90.0) -> Iterator[tuple[str, Any]]:
    """``baomi-check serve`` in a subprocess on a free loopback port, started and stopped here
    (SIGTERM, then SIGKILL if it has not exited 30 s later).  Yields the base URL and the
    process."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "baomi_check", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stdout.read() if proc.stdout else ''}")
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready")
            time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
