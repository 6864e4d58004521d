"""Fixtures of the service tests.  They skip when the ``serve`` extra is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (pip install '.[serve]')")
pytest.importorskip("prometheus_client", reason="the serve extra is not installed")
pytest.importorskip("multipart", reason="the serve extra is not installed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """One default app per test module: starting the pool costs a second or two."""
    from servekit import client_for

    with client_for() as c:
        yield c
