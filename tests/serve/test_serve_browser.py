"""The staff page in a real browser (Debian's chromium driven by Playwright, as the HTML
report's test does; never ``playwright install``).  The page is served by a real uvicorn on a
random free loopback port, started and stopped by the test.  Skips with the reason when the
browser or Playwright is missing; ``.ci/run`` installs both."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servekit import DRAFT, ID, ID_MASKED, MOBILE, make_docx, running_server

CHROMIUM = os.environ.get("BAOMI_CHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    with sync_api.sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"chromium could not be started: {exc}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as (base, _proc):
        yield base


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    ctx = browser.new_context(accept_downloads=True)
    pg = ctx.new_page()
    requests: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None)
    pg.goto(server + "/")
    pg.wait_for_load_state("load")
    yield pg, requests, errors
    ctx.close()
    # nothing leaves the origin: every request went to the service (or is a local blob: URL)
    outside = [u for u in requests if not (u.startswith(server + "/") or u.startswith("blob:"))]
    assert outside == [], f"the page fetched {outside}"
    assert errors == [], errors


def test_paste_a_draft_see_highlights_and_the_masked_id(page: Any, tmp_path: Path) -> None:
    pg, requests, _ = page
    assert pg.title().startswith("保密审查")
    pg.fill("#text", DRAFT + f"联系电话{MOBILE}\n")
    pg.click("#run")
    pg.wait_for_selector("#result mark.hl")
    body = pg.locator("#result").inner_text()
    assert ID not in body and MOBILE not in body  # masked everywhere on the page
    assert ID_MASKED in body
    marks = pg.locator("#result pre.text mark.hl")
    texts = [marks.nth(i).inner_text() for i in range(marks.count())]
    assert "机密★5年" in texts  # the marking highlighted in the text
    assert ID_MASKED in texts  # the ID highlighted, masked
    block = pg.locator("#result pre.text mark.hl.s-block").first
    assert block.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert pg.locator("#summary .card.v-block b").inner_text() == "1"
    assert any(u.endswith("/v1/report?format=html") for u in requests)

    # the HTML report's filters work here too: uncheck block, the block highlights go off
    pg.locator('#filters input[data-filter="sev"][value="block"]').uncheck()
    assert pg.locator("#result mark.hl.s-block").count() == 0
    pg.locator('#filters input[data-filter="sev"][value="block"]').check()
    assert pg.locator("#result mark.hl.s-block").count() > 0

    # downloads: the JSON report (masked) and the redacted text
    with pg.expect_download() as dl:
        pg.click('#downloads button[data-format="json"]')
    saved = tmp_path / "report.json"
    dl.value.save_as(saved)
    rows = json.loads(saved.read_text(encoding="utf-8"))
    assert rows[0]["report"]["verdict"] == "block"
    assert ID not in saved.read_text(encoding="utf-8")
    with pg.expect_download() as dl:
        pg.click("#redact-buttons button")
    red = tmp_path / "redacted.txt"
    dl.value.save_as(red)
    out = red.read_text(encoding="utf-8")
    assert ID not in out and ID_MASKED in out and "机密★5年" not in out


def test_upload_a_docx_and_see_its_findings(page: Any, tmp_path: Path) -> None:
    pg, _requests, _ = page
    doc = tmp_path / "通知.docx"
    doc.write_bytes(make_docx(["机密★5年", "关于某项目的通知", f"联系人身份证号{ID}"]))
    txt = tmp_path / "附件.txt"
    txt.write_text("关于召开会议的通知\n请准时参加。\n", encoding="utf-8")
    pg.set_input_files("#files", [str(doc), str(txt)])
    assert pg.locator("#file-list li").count() == 2
    pg.click("#run")
    pg.wait_for_selector("#result details.doc")
    body = pg.locator("#result").inner_text()
    assert "通知.docx" in body
    assert ID not in body and ID_MASKED in body
    rows = pg.locator("#result tr.finding")
    cats = {rows.nth(i).get_attribute("data-cat") for i in range(rows.count())}
    assert {"classified_marking", "id_card"} <= cats
    assert "附件.txt" in (pg.locator("#result details.clean").text_content() or "")  # clean, listed
    # a redacted copy of the .docx is offered
    labels = pg.locator("#redact-buttons button").all_inner_texts()
    assert any("通知.docx" in label for label in labels)


def test_errors_are_shown_in_chinese(page: Any, tmp_path: Path) -> None:
    pg, _requests, errors = page
    pg.click("#run")
    assert "请粘贴文本或选择文件" in pg.locator("#status").inner_text()
    bad = tmp_path / "程序.exe"
    bad.write_bytes(b"MZ\x90\x00")
    pg.set_input_files("#files", [str(bad)])
    pg.click("#run")
    # (a selector, not wait_for_function: the page's CSP forbids the eval that one needs)
    pg.wait_for_selector("#status.error")
    assert "不支持的文件类型" in pg.locator("#status").inner_text()
    # the browser logs the refused request itself; that one is expected
    errors[:] = [e for e in errors if "status of 415" not in e]
