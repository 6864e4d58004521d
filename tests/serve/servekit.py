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
