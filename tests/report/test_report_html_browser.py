"""The HTML report in a real browser: it renders, it fetches nothing, and the filters work.

Uses Debian's ``chromium`` driven by Playwright for Python (never ``playwright install``: no
browser downloads).  Skips with the reason when either is missing; ``.ci/run`` installs both.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Batch, Synth

from baomi_check.report import write_results

CHROMIUM = os.environ.get("BAOMI_CHECK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


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


@pytest.fixture()
def page(browser: Any, batch: Batch, tmp_path: Path) -> Iterator[tuple[Any, list[str]]]:
    out = io.StringIO()
    write_results(batch.results, "html", out, texts=batch.text_of)
    path = tmp_path / "report.html"
    path.write_text(out.getvalue(), encoding="utf-8")
    ctx = browser.new_context()
    pg = ctx.new_page()
    requests: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    yield pg, errors
    assert requests == [path.as_uri()], f"the report fetched {requests[1:]}"
    ctx.close()


def visible_rows(pg: Any) -> int:
    return int(pg.evaluate("document.querySelectorAll('tr.finding:not([hidden])').length"))


def test_renders_summary_text_and_highlights(page: tuple[Any, list[str]], synth: Synth) -> None:
    pg, errors = page
    assert not errors
    assert pg.title().startswith("保密审查报告")
    assert pg.locator("#summary .card.v-block b").inner_text() == "1"
    assert pg.locator("#visible-count").inner_text() == "8"
    assert visible_rows(pg) == 8
    body = pg.locator("body").inner_text()
    assert synth.id_a not in body and synth.phone not in body
    assert "110101********0011" in body
    # highlights are visible boxes with the severity's colour
    mark = pg.locator("mark.hl.s-block").first
    assert mark.is_visible()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_severity_filter(page: tuple[Any, list[str]]) -> None:
    pg, _ = page
    pg.locator('input[data-filter="sev"][value="block"]').uncheck()
    assert visible_rows(pg) == 3  # the review findings remain
    assert pg.locator("#visible-count").inner_text() == "3"
    assert pg.locator("mark.hl.s-block").count() == 0
    sevs = pg.evaluate(
        "[...document.querySelectorAll('tr.finding:not([hidden])')].map(t => t.dataset.sev)"
    )
    assert set(sevs) == {"review"}
    # the marking's highlight is switched off, the text itself stays
    assert pg.locator("pre.text").first.inner_text().startswith("机密★5年")
    pg.locator('input[data-filter="sev"][value="block"]').check()
    assert visible_rows(pg) == 8


def test_category_filter(page: tuple[Any, list[str]]) -> None:
    pg, _ = page
    for cat in ("classified_marking", "id_card", "spam", "tampering", "bank_card"):
        pg.locator(f'input[data-filter="cat"][value="{cat}"]').uncheck()
    assert visible_rows(pg) == 2
    assert pg.locator("details.doc[data-findings] .shown").first.inner_text() == "2"
    marks = pg.locator("mark.hl:not(.off)")
    assert marks.count() == 2  # the two phone numbers
    assert all("*" in marks.nth(i).inner_text() for i in range(2))


def test_row_links_jump_to_the_highlight(page: tuple[Any, list[str]]) -> None:
    pg, _ = page
    pg.locator("tr.finding a").nth(1).click()
    # 名单.txt is the third file once files are sorted by path (broken.docx, clean.md, 名单.txt)
    assert pg.evaluate("location.hash").startswith("#m-f2-")
