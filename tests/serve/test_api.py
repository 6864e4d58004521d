"""The /v1 API through the ASGI app (Starlette's TestClient: no sockets), every error path
included: oversize, wrong type, broken file, bad token, timeout, overload."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from servekit import DOCX_MEDIA, DRAFT, ID, ID_MASKED, MOBILE, TOKEN, client_for, make_docx

from baomi_check import check
from baomi_check.models import FileResult, Report


def error_of(r: Any) -> dict[str, Any]:
    body = r.json()
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    return dict(body)


# --- POST /v1/check -------------------------------------------------------------------------


def test_check_returns_the_report_contract_masked(client: Any) -> None:
    r = client.post("/v1/check", json={"text": DRAFT, "source": "draft.txt"})
    assert r.status_code == 200
    assert ID not in r.text  # masked by default
    report = Report.model_validate_json(r.text)
    assert report.verdict == "block"
    assert report.source == "draft.txt"
    by_cat = {f.category: f for f in report.findings}
    assert {"classified_marking", "id_card"} <= set(by_cat)
    # offsets point at the submitted text; the evidence of the ID is masked
    marking = by_cat["classified_marking"]
    assert DRAFT[marking.start : marking.end] == marking.text == "机密★5年"
    idf = by_cat["id_card"]
    assert DRAFT[idf.start : idf.end] == ID
    assert idf.text == ID_MASKED
    # the same findings as the library
    local = check(DRAFT)
    assert [(f.rule_id, f.start, f.end) for f in report.findings] == [
        (f.rule_id, f.start, f.end) for f in local.findings
    ]


def test_clean_text_passes(client: Any) -> None:
    r = client.post("/v1/check", json={"text": "关于召开年度工作会议的通知\n各单位：请于下周一参加会议。"})
    assert r.status_code == 200
    assert r.json()["verdict"] == "pass"
    assert r.json()["findings"] == []


def test_empty_and_odd_texts_are_answered(client: Any) -> None:
    for text in ("", "\x00\x01", "\ud800 孤立代理", "a" * 10):
        r = client.post("/v1/check", content=json.dumps({"text": text}),
                        headers={"content-type": "application/json"})
        assert r.status_code in (200, 422), (text, r.text)
        if r.status_code == 422:
            assert error_of(r)["error"]["code"] == "invalid_request"


def test_html_kind_finds_hidden_spam(client: Any) -> None:
    page = (
        "<html><head><meta charset='gbk'><title>通知</title></head><body><p>关于开展工作的通知</p>"
        "<div style='display:none'><a href='http://spam.invalid/'>澳门新葡京娱乐城 百家乐 "
        "真人荷官 在线开户</a></div></body></html>"
    )
    r = client.post("/v1/check", json={"text": page, "kind": "html"})
    assert r.status_code == 200, r.text
    found = r.json()["findings"]
    assert {"spam", "tampering"} <= {f["category"] for f in found}
    # the .html reader ran: findings carry the page's source line, and evidence is page text
    hidden = next(f for f in found if f["rule_id"] == "tampering.hidden_content")
    assert hidden["location"] == "源码第1行"
    assert hidden["text"] == "澳门新葡京娱乐城 百家乐 真人荷官 在线开户"
    # as plain text, the same source is checked as written (offsets into the markup)
    plain = client.post("/v1/check", json={"text": page}).json()["findings"]
    src = next(f for f in plain if f["rule_id"] == "tampering.hidden_content")
    assert page[src["start"] : src["end"]].startswith("<div style='display:none'>")


def test_invalid_bodies_are_422_without_echoing_the_text(client: Any) -> None:
    secret = f"秘密内容{ID}"
    cases = [
        b"{not json",
        json.dumps({"txt": secret}).encode(),
        json.dumps({"text": secret, "kind": "pdf"}).encode(),
        json.dumps({"text": 5}).encode(),
        json.dumps([secret]).encode(),
    ]
    for body in cases:
        r = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, r.text
        assert error_of(r)["error"]["code"] == "invalid_request"
        assert ID not in r.text and "秘密内容" not in r.text


def test_wrong_content_type_is_415(client: Any) -> None:
    r = client.post("/v1/check", content=DRAFT.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 415
    assert error_of(r)["error"]["code"] == "unsupported_media_type"
    r = client.post("/v1/check/file", json={"text": "x"})
    assert r.status_code == 415


def test_show_values_needs_the_server_flag(client: Any) -> None:
    r = client.post("/v1/check?show_values=true", json={"text": DRAFT})
    assert r.status_code == 403
    assert error_of(r)["error"]["code"] == "show_values_not_allowed"
    with client_for(allow_show_values=True) as c:
        masked = c.post("/v1/check", json={"text": DRAFT})
        assert ID not in masked.text  # allowed is not asked
        raw = c.post("/v1/check?show_values=true", json={"text": DRAFT})
        assert raw.status_code == 200 and ID in raw.text


# --- POST /v1/check/file --------------------------------------------------------------------


def test_file_txt_and_docx(client: Any) -> None:
    r = client.post("/v1/check/file", files={"file": ("草稿.txt", DRAFT.encode("gb18030"))})
    assert r.status_code == 200, r.text
    res = FileResult.model_validate_json(r.text)
    assert res.path == "草稿.txt" and res.kind == "txt" and res.encoding == "gb18030"
    assert res.report is not None and res.report.verdict == "block"
    assert ID not in r.text

    data = make_docx(["机密★5年", "关于某项目的通知", f"联系人手机{MOBILE}，身份证号{ID}"])
    r = client.post("/v1/check/file", files={"file": ("通知.docx", data, DOCX_MEDIA)})
    assert r.status_code == 200, r.text
    res = FileResult.model_validate_json(r.text)
    assert res.kind == "docx" and res.report is not None
    cats = {f.category for f in res.report.findings}
    assert {"classified_marking", "id_card", "mobile_phone"} <= cats
    assert all(f.location for f in res.report.findings)  # 段落N: where in the document
    assert ID not in r.text and MOBILE not in r.text


def test_uploaded_name_is_never_a_path(client: Any) -> None:
    r = client.post("/v1/check/file", files={"file": ("../../etc/passwd.txt", b"hello")})
    assert r.status_code == 200
    assert r.json()["path"] == "passwd.txt"


def test_broken_file_is_422_and_never_a_pass(client: Any) -> None:
    r = client.post("/v1/check/file", files={"file": ("坏文件.docx", b"PK\x03\x04 not a zip")})
    assert r.status_code == 422
    body = error_of(r)
    assert body["error"]["code"] == "unreadable"
    res = FileResult.model_validate(body["result"])
    assert res.report is None and res.error
    # an encrypted / legacy Office file named .docx: the CLI's message
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    r = client.post("/v1/check/file", files={"file": ("加密.docx", ole)})
    assert r.status_code == 422
    assert "密码" in r.json()["error"]["message"]
    # binary content with a text extension
    r = client.post("/v1/check/file", files={"file": ("a.txt", bytes(range(256)) * 40)})
    assert r.status_code == 422
    assert "二进制" in r.json()["error"]["message"]


def test_a_file_without_text_is_never_a_pass(client: Any) -> None:
    for name, data in (("空白.txt", b"   \n\n"), ("空文档.docx", make_docx([]))):
        r = client.post("/v1/check/file", files={"file": (name, data)})
        assert r.status_code == 422, name
        body = error_of(r)
        assert body["error"]["code"] == "no_text"
        assert FileResult.model_validate(body["result"]).report is not None


def test_wrong_file_type_is_415(client: Any) -> None:
    for name in ("setup.exe", "noext", "数据.bin"):
        r = client.post("/v1/check/file", files={"file": (name, b"MZ\x90\x00")})
        assert r.status_code == 415, name
        assert error_of(r)["error"]["code"] == "unsupported_type"
    r = client.post("/v1/check/file", files={"other": ("a.txt", b"x")})
    assert r.status_code == 422
    assert error_of(r)["error"]["code"] == "missing_file"


def test_zip_bomb_guard_applies() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (80 << 20))  # 80 MiB of zeros: ratio > 1000
    with client_for() as c:
        r = c.post("/v1/check/file", files={"file": ("bomb.docx", buf.getvalue())})
    assert r.status_code == 422
    assert "压缩炸弹" in r.json()["error"]["message"]


# --- limits ---------------------------------------------------------------------------------


def test_oversize_request_is_413_before_reading() -> None:
    with client_for(max_request_bytes=4096) as c:
        r = c.post("/v1/check", json={"text": "正文" * 5000})
        assert r.status_code == 413
        assert error_of(r)["error"]["code"] == "too_large"
        r = c.post("/v1/check/file", files={"file": ("big.txt", b"a" * 10000)})
        assert r.status_code == 413

        # no Content-Length (chunked): counted as it arrives
        def chunks() -> Any:
            for _ in range(10):
                yield b'{"text": "' + b"a" * 1000

        r = c.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        # the slot was given back: a small request still goes through
        assert c.post("/v1/check", json={"text": "机密★5年"}).status_code == 200
        m = c.get("/metrics").text
        assert 'baomi_rejected_total{reason="too_large"} 3.0' in m


def test_file_limit_of_the_cli_applies() -> None:
    with client_for(max_file_bytes=1000) as c:
        r = c.post("/v1/check/file", files={"file": ("a.txt", b"a" * 2000)})
        assert r.status_code == 422
        assert "文件过大" in r.json()["error"]["message"]


def test_timeout_is_504_and_frees_the_worker() -> None:
    big = ("关于某项工作的通知，联系电话请见附件。" * 1000 + "\n") * 60  # ~1.2 M characters
    with client_for(time_limit=0.05) as c:
        t0 = time.perf_counter()
        r = c.post("/v1/check", json={"text": big})
        assert r.status_code == 504, r.text[:200]
        assert error_of(r)["error"]["code"] == "timeout"
        assert time.perf_counter() - t0 < 10
        r = c.post("/v1/check/file", files={"file": ("big.txt", big.encode())})
        assert r.status_code == 504
        assert c.post("/v1/check", json={"text": "机密★5年"}).status_code == 200
        assert 'baomi_rejected_total{reason="timeout"} 2.0' in c.get("/metrics").text


def test_full_queue_is_503_with_retry_after() -> None:
    big = ("关于某项工作的通知，联系电话请见附件。" * 1000 + "\n") * 40
    with client_for(queue=0, workers=1, time_limit=60) as c:
        pool = c.app.state.pool
        assert pool.capacity == 5  # default queue: 4 × workers, plus the one running
        pool.capacity = 1  # one slot: the slow request below takes it
        slow: list[Any] = []
        t = threading.Thread(target=lambda: slow.append(c.post("/v1/check", json={"text": big})))
        t.start()
        deadline = time.monotonic() + 30
        while pool.admitted == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        r = c.post("/v1/check", json={"text": "机密★5年"})
        assert r.status_code == 503
        assert r.headers["retry-after"] == "2"
        assert error_of(r)["error"]["code"] == "overloaded"
        # the event loop is free while the worker checks: health answers, the slow one runs on
        assert c.get("/healthz").status_code == 200
        assert c.get("/metrics").status_code == 200
        assert not slow
        t.join(60)
        assert slow and slow[0].status_code == 200
        assert c.post("/v1/check", json={"text": "机密★5年"}).status_code == 200


def test_a_dead_worker_is_replaced(client: Any) -> None:
    from baomi_check.serve.pool import WorkerDied

    pool = client.app.state.pool
    pool.acquire()
    with pytest.raises(WorkerDied):
        client.portal.call(pool.run, os._exit, 3)
    assert pool.restarts == 1
    r = client.post("/v1/check", json={"text": DRAFT})
    assert r.status_code == 200 and r.json()["verdict"] == "block"
    assert pool.admitted == 0


# --- authentication -------------------------------------------------------------------------


def test_bearer_token() -> None:
    with client_for(token=TOKEN) as c:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                        {"Authorization": f"Basic {TOKEN}"}):  # fmt: skip
            r = c.post("/v1/check", json={"text": DRAFT}, headers=headers)
            assert r.status_code == 401, headers
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert error_of(r)["error"]["code"] == "unauthorized"
            assert c.get("/v1/rules", headers=headers).status_code == 401
            assert c.get("/metrics", headers=headers).status_code == 401
        ok = {"Authorization": f"Bearer {TOKEN}"}
        assert c.post("/v1/check", json={"text": DRAFT}, headers=ok).status_code == 200
        assert c.get("/metrics", headers=ok).status_code == 200
        # liveness, readiness and the page need no token (they carry no data)
        assert c.get("/healthz").status_code == 200
        assert c.get("/readyz").status_code == 200
        assert c.get("/").status_code == 200


def test_token_file_rules(tmp_path: Path) -> None:
    from baomi_check.serve.app import load_token

    f = tmp_path / "token"
    f.write_text(TOKEN + "\n", encoding="utf-8")
    assert load_token(str(f)) == TOKEN
    f.write_text("short\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_token(str(f))


# --- redaction ------------------------------------------------------------------------------


def test_redact_txt_and_docx(client: Any) -> None:
    r = client.post("/v1/redact/file", files={"file": ("通知.txt", DRAFT.encode())})
    assert r.status_code == 200, r.text
    out = r.content.decode()
    assert ID not in out and ID_MASKED in out
    assert "机密★5年" not in out
    assert r.headers["x-baomi-masked"] == "1"
    assert "attachment" in r.headers["content-disposition"]
    assert "filename*=UTF-8''%E9%80%9A%E7%9F%A5.redacted.txt" in r.headers["content-disposition"]

    import io

    import docx

    data = make_docx(["机密★5年", f"身份证号{ID}"])
    r = client.post("/v1/redact/file?terms=highlight",
                    files={"file": ("a.docx", data, DOCX_MEDIA)})  # fmt: skip
    assert r.status_code == 200
    assert r.headers["content-type"] == DOCX_MEDIA
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert ID not in text and ID_MASKED in text
    assert "机密★5年" in text  # highlighted, not replaced


def test_redact_refuses_clearly(client: Any) -> None:
    r = client.post("/v1/redact/file", files={"file": ("a.pdf", b"%PDF-1.4")})
    assert r.status_code == 415
    assert "脱敏副本" in r.json()["error"]["message"]
    r = client.post("/v1/redact/file", files={"file": ("a.docx", b"not a zip")})
    assert r.status_code == 422
    assert error_of(r)["error"]["code"] == "cannot_redact"
    assert "upload" not in r.json()["error"]["message"]  # the private temp name never shows
    r = client.post("/v1/redact/file?terms=burn", files={"file": ("a.txt", b"x")})
    assert r.status_code == 422


def test_uploads_leave_no_files_behind(client: Any) -> None:
    tmp = Path(tempfile.gettempdir())
    before = set(tmp.glob("baomi-serve-*"))
    client.post("/v1/redact/file", files={"file": ("a.txt", DRAFT.encode())})
    client.post("/v1/redact/file", files={"file": ("a.docx", b"broken")})
    assert set(tmp.glob("baomi-serve-*")) == before


# --- reports for several inputs ---------------------------------------------------------------


def test_report_formats(client: Any) -> None:
    files = [("files", ("a.txt", DRAFT.encode())), ("files", ("a.txt", b"hello")),
             ("files", ("bad.docx", b"junk"))]  # fmt: skip
    r = client.post("/v1/report?format=json", files=files, data={"text": "秘密★1年"})
    assert r.status_code == 200
    rows = [FileResult.model_validate(x) for x in r.json()]
    # Final reports list files sorted by path (issue 11 B.12).
    assert [x.path for x in rows] == ["a.txt", "a.txt (2)", "bad.docx", "粘贴的文本"]
    assert rows[2].error and rows[2].report is None
    assert ID not in r.text
    r = client.post("/v1/report?format=csv", files=files)
    assert r.status_code == 200 and r.text.startswith("\ufeffpath,")
    assert ID not in r.text
    r = client.post("/v1/report?format=html", files=files)
    assert r.status_code == 200 and "保密审查报告" in r.text
    assert '<mark class="hl' in r.text and ID not in r.text
    r = client.post("/v1/report", files=[], data={"text": "  "})
    assert r.status_code in (415, 422)


# --- rules, health, metrics, logs, headers ----------------------------------------------------


def test_rules(client: Any) -> None:
    r = client.get("/v1/rules")
    assert r.status_code == 200
    body = r.json()
    names = {p["name"] for p in body["packs"]}
    assert {"markings", "spam", "wording"} <= names
    assert body["totals"]["terms"] > 0 and body["totals"]["patterns"] > 0
    assert all(p["version"] and len(p["version"]) == 12 for p in body["packs"])
    assert body["tool_version"]


def test_health_and_readiness(client: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "workers": None,
                                             "queue_capacity": None}  # fmt: skip
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["workers"] == 1


def test_metrics(client: Any) -> None:
    client.post("/v1/check", json={"text": DRAFT})
    m = client.get("/metrics")
    assert m.status_code == 200 and m.headers["content-type"].startswith("text/plain")
    text = m.text
    assert 'baomi_http_requests_total{method="POST",route="/v1/check",status="200"}' in text
    assert 'baomi_http_request_duration_seconds_bucket{le="0.005",route="/v1/check"}' in text
    assert 'baomi_findings_total{category="classified_marking"}' in text
    line = next(x for x in text.splitlines()
                if x.startswith('baomi_findings_total{category="id_card"}'))  # fmt: skip
    assert float(line.split()[-1]) >= 1
    assert "baomi_queue_depth 0.0" in text


def test_log_carries_no_text(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="baomi_check.serve"):
        client.post("/v1/check", json={"text": DRAFT, "source": "x.txt"})
        client.post("/v1/check/file", files={"file": ("a.txt", DRAFT.encode())})
    lines = [r.getMessage() for r in caplog.records if r.name == "baomi_check.serve"]
    assert any("verdict=block" in x and "pii.id_card" in x and "bytes_in=" in x for x in lines)
    joined = "\n".join(lines)
    assert ID not in joined and "机密" not in joined and "通知" not in joined


def test_security_headers_and_no_cdn(client: Any) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "保密审查" in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    for path in ("/", "/static/app.js", "/static/app.css", "/static/report.css",
                 "/static/report.js", "/docs"):  # fmt: skip
        body = client.get(path)
        assert body.status_code == 200, path
        assert "http://" not in body.text and "https://" not in body.text, path
    docs = client.get("/docs").text
    assert "<script" not in docs and "/v1/check/file" in docs
    assert client.get("/redoc").status_code == 404
    assert client.get("/static/../app.py").status_code == 404
    schema = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/check/file", "/v1/redact/file", "/v1/rules", "/healthz",
            "/readyz", "/metrics"} <= set(schema["paths"])  # fmt: skip
    assert client.post("/v1/check", json={"text": "x"}).headers["cache-control"] == "no-store"


def test_cors_off_unless_configured(client: Any) -> None:
    pre = {"Origin": "http://cms.example", "Access-Control-Request-Method": "POST"}
    r = client.options("/v1/check", headers=pre)
    assert "access-control-allow-origin" not in r.headers
    with client_for(cors_origins=("http://cms.example",)) as c:
        r = c.options("/v1/check", headers=pre)
        assert r.headers["access-control-allow-origin"] == "http://cms.example"
        r = c.options("/v1/check", headers={**pre, "Origin": "http://evil.example"})
        assert r.headers.get("access-control-allow-origin") != "http://evil.example"


def test_unknown_paths_and_methods_use_the_error_shape(client: Any) -> None:
    r = client.get("/v2/check")
    assert r.status_code == 404 and error_of(r)["error"]["code"] == "not_found"
    r = client.get("/v1/check")
    assert r.status_code == 405 and error_of(r)["error"]["code"] == "method_not_allowed"


def test_uploads_stay_in_memory(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 3 MB upload (three times Starlette's default spool size) never becomes a temporary
    file in the HTTP process."""
    import tempfile as tf

    created: list[str] = []
    real = tf.SpooledTemporaryFile._check if hasattr(tf.SpooledTemporaryFile, "_check") else None
    if real is None:
        pytest.skip("SpooledTemporaryFile has no _check hook on this Python")

    def spy(self: Any, file: Any) -> None:
        if self._max_size and file.tell() > self._max_size:
            created.append("rolled over")
        real(self, file)

    monkeypatch.setattr(tf.SpooledTemporaryFile, "_check", spy)
    big = ("关于某项工作的通知。\n" * 120_000).encode()
    assert len(big) > 3 << 20
    r = client.post("/v1/check/file", files={"file": ("big.txt", big)})
    assert r.status_code == 200
    assert created == []


def test_a_zip_upload_is_read_member_by_member(client: Any) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("材料/通知.txt", "机密★5年\n关于某项工作的通知".encode())
        z.writestr("名单.txt", f"身份证号{ID}".encode())
    r = client.post("/v1/check/file", files={"file": ("附件.zip", buf.getvalue())})
    assert r.status_code == 200, r.text
    where = {f["rule_id"]: f["location"] for f in r.json()["report"]["findings"]}
    assert where["marking.classified"].startswith("材料/通知.txt")
    assert where["pii.id_card"].startswith("名单.txt")
    assert ID not in r.text


def stuck(seconds: float) -> int:
    """A job the worker's alarm cannot stop (SIGALRM blocked), as C code that never returns to
    Python would be.  Runs in the pool's worker process."""
    import signal as sig

    sig.pthread_sigmask(sig.SIG_BLOCK, {sig.SIGALRM})
    time.sleep(seconds)
    return os.getpid()


def test_a_stuck_worker_is_killed_and_replaced() -> None:
    from baomi_check.serve.pool import JobTimeout

    with client_for(time_limit=0.2) as c:
        pool = c.app.state.pool
        pool.hard_kill = 0.5
        pool.acquire()
        with pytest.raises(JobTimeout):
            c.portal.call(pool.run, stuck, 60)
        deadline = time.monotonic() + 20
        while pool.admitted and time.monotonic() < deadline:  # the slot comes back
            time.sleep(0.05)
        assert pool.killed == 1
        assert pool.admitted == 0
        r = c.post("/v1/check", json={"text": DRAFT})
        assert r.status_code == 200 and r.json()["verdict"] == "block"
        assert pool.restarts == 1
        assert "baomi_pool_restarts 1.0" in c.get("/metrics").text
