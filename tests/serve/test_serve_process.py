"""``baomi-check serve`` as a process: options, start-up cost, graceful shutdown."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from servekit import DRAFT, ID, TOKEN, running_server


def post(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None,
         timeout: float = 120) -> tuple[int, dict[str, Any]]:  # fmt: skip
    req = urllib.request.Request(
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"content-type": "application/json", **(headers or {})},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_importing_the_library_and_cli_does_not_import_the_service() -> None:
    """The serve extra is loaded only by the subcommand (start-up stays as it was)."""
    probe = (
        "import sys, json\n"
        "import baomi_check, baomi_check.cli\n"
        "from baomi_check import check\n"
        "check('机密★5年')\n"
        "heavy = ['fastapi', 'starlette', 'uvicorn', 'prometheus_client', 'multipart',"
        " 'baomi_check.serve']\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, check=True)  # fmt: skip
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_bad_options_exit_2(tmp_path: Path) -> None:
    from baomi_check.cli import main

    assert main(["serve", "--port", "0"]) == 2
    assert main(["serve", "--workers", "0"]) == 2
    assert main(["serve", "--max-request-size", "lots"]) == 2
    short = tmp_path / "token"
    short.write_text("abc\n", encoding="utf-8")
    assert main(["serve", "--token-file", str(short)]) == 2
    assert main(["serve", "--token-file", str(tmp_path / "missing")]) == 2
    bad_rules = tmp_path / "rules"
    bad_rules.mkdir()
    (bad_rules / "x.yaml").write_text("terms: 5\n", encoding="utf-8")
    assert main(["serve", "--rules", str(bad_rules)]) == 2


def test_print_openapi(capsys: pytest.CaptureFixture[str]) -> None:
    from baomi_check.cli import main

    assert main(["serve", "--print-openapi"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "/v1/check" in doc["paths"]


def test_token_and_masking_over_a_real_socket(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n", encoding="utf-8")
    with running_server("--token-file", str(token)) as (base, _proc):
        status, body = post(base + "/v1/check", {"text": DRAFT})
        assert status == 401 and body["error"]["code"] == "unauthorized"
        status, body = post(base + "/v1/check", {"text": DRAFT},
                            {"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert status == 200 and body["verdict"] == "block"
        assert ID not in json.dumps(body, ensure_ascii=False)


def test_graceful_shutdown_finishes_the_request_in_flight() -> None:
    """SIGTERM while a slow check runs: the answer is still a 200 with the report, then the
    server stops its workers and exits."""
    big = ("关于某项工作的通知，联系电话请见附件。" * 1000 + "\n") * 30 + DRAFT
    with running_server() as (base, proc):
        results: list[tuple[int, dict[str, Any]]] = []
        t = threading.Thread(target=lambda: results.append(post(base + "/v1/check", {"text": big})))
        t.start()
        # wait until the job is admitted (the metrics show it in flight)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
                if "baomi_jobs_in_flight 1.0" in r.read().decode():
                    break
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        t.join(120)
        assert results, "no answer"
        status, body = results[0]
        assert status == 200
        assert body["verdict"] == "block"
        # uvicorn re-raises the signal once it has shut down (systemd counts that as clean)
        assert proc.wait(60) in (0, -signal.SIGTERM)
        log = proc.stdout.read() if proc.stdout else ""
        assert "Application shutdown complete" in log  # the lifespan ran: pool shut down
        assert ID not in log and "机密" not in log  # the log never carries the text
        assert "verdict=block" in log


def test_non_loopback_hosts_are_recognised() -> None:
    from baomi_check.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert is_loopback("127.0.0.53")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    assert not is_loopback("cms.example")
