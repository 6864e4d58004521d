"""Property-based tests of the API against the service's *own* OpenAPI schema (schemathesis).

For every operation in ``/openapi.json`` schemathesis generates requests from the schema and
checks each answer: never a 5xx, a status code the schema documents, the documented content
type and headers, and a body that validates against the documented schema for that status (the
``Report`` / ``FileResult`` models, the error shape).  Examples are bounded (CI stays fast); the
app is reached in-process through ASGI, no sockets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
pytest.importorskip("fastapi", reason="the serve extra is not installed")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402

from baomi_check.serve.app import create_app  # noqa: E402
from baomi_check.serve.config import ServeConfig  # noqa: E402

# Small limits, so that generated bodies meet the 413 path too, and a short time limit.
APP = create_app(ServeConfig(workers=1, max_request_bytes=64 * 1024, time_limit=20.0))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]


@pytest.fixture(scope="module", autouse=True)
def _stop_the_pool() -> Iterator[None]:
    """schemathesis starts the app's lifespan (and so its worker pool) on first use and would
    stop it only at interpreter exit; stop it when this module is done."""
    yield
    from schemathesis.python import asgi

    shutdown = getattr(asgi, "shutdown_lifespans", None)
    if shutdown is not None:
        shutdown()


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


def test_the_schema_documents_the_contract_models() -> None:
    doc = APP.openapi()
    comps = doc["components"]["schemas"]
    assert {"Report", "Finding", "FileResult", "ErrorResponse"} <= set(comps)
    check_op = doc["paths"]["/v1/check"]["post"]
    body = check_op["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == {"text", "source", "kind"}
    assert {"200", "413", "415", "422", "503", "504"} <= set(check_op["responses"])
    assert "multipart/form-data" in doc["paths"]["/v1/check/file"]["post"]["requestBody"]["content"]
