"""Scans are recognised page by page in the process pool: every core works on one scan, the
time limit applies per page, and progress hears of every page.

The engine is replaced by a stand-in (inherited by the forked workers) that "reads" each page's
width and sleeps like a real page would, so these tests take a second, not a minute."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image

from baomi_check.batch import BatchOptions, run_batch
from baomi_check.extract import ocr
from baomi_check.testing import id_number, scanned_pdf

VALID = id_number("11010118800101001")


@pytest.fixture
def fake_engine(monkeypatch, tmp_path):
    """Page images of width 100·k "contain" one line naming k; the page 3 pixels narrower
    than a multiple of 100 sleeps long (a page that hangs).  Each call writes its process id."""
    pids = tmp_path / "pids"
    pids.mkdir()

    def recognize(image, unit=1.0):
        (pids / f"{os.getpid()}-{time.monotonic_ns()}").touch()
        w = image.width
        if w % 100 == 97:
            time.sleep(5)
        time.sleep(0.4)
        k = round(w / 100)
        text = f"第{k}张\t身份证号 {VALID}" if k == 3 else f"第{k}张"
        return [ocr.OcrBox(text, 0.9, 10 * unit, 10 * unit, 200 * unit, 30 * unit)]

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "engine", lambda: object())
    monkeypatch.setattr(ocr, "recognize", recognize)
    return pids


def _tiff(path: Path, widths: list[int]) -> Path:
    first, *rest = [Image.new("L", (w, 80), 255) for w in widths]
    first.save(path, save_all=True, append_images=rest)
    return path


def test_pages_of_one_scan_run_on_every_core_and_report_progress(tmp_path, fake_engine):
    scan = _tiff(tmp_path / "scan.tif", [100, 200, 300, 400, 500, 600])
    seen: list[tuple[int, int]] = []
    results = list(run_batch([str(scan)], BatchOptions(timeout=None), jobs=2,
                             on_page=lambda p, done, total: seen.append((done, total))))
    (r,) = results
    assert r.error is None, r.error
    (f,) = [f for f in r.report.findings if f.category == "id_card"]
    assert f.location == "第3页（识别）" and f.page == 3
    assert seen == [(n, 6) for n in range(1, 7)]
    pids = {p.name.split("-")[0] for p in fake_engine.iterdir()}
    assert len(pids) == 2 and str(os.getpid()) not in pids  # both workers, not the parent


def test_scans_among_other_files_in_a_pooled_batch(tmp_path, fake_engine):
    scan = _tiff(tmp_path / "b.tif", [100, 200, 300])
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(scanned_pdf([Image.new("L", (w, 80), 255) for w in (150, 300)], dpi=72))
    (tmp_path / "a.txt").write_text(f"身份证号 {VALID}", encoding="utf-8")
    results = {Path(r.path).name: r for r in run_batch(
        [str(tmp_path / "a.txt"), str(scan), str(pdf)], BatchOptions(timeout=None), jobs=2)}
    assert set(results) == {"a.txt", "b.tif", "c.pdf"}
    assert all(r.error is None for r in results.values()), {k: r.error for k, r in results.items()}
    assert [f.page for f in results["b.tif"].report.findings if f.category == "id_card"] == [3]
    # The PDF's page 1 (150 pt) renders 300 px wide at scale 2: "page 3" text, boxes in points.
    (f,) = [f for f in results["c.pdf"].report.findings if f.category == "id_card"]
    assert f.page == 1 and f.box == (5.0, 5.0, 100.0, 15.0)


def test_time_limit_applies_per_page(tmp_path, fake_engine):
    """Four pages of 0.4 s pass a 1 s limit (per page, not per file); a page that hangs fails
    the file, naming the page."""
    ok = _tiff(tmp_path / "ok.tif", [100, 200, 300, 400])
    hang = _tiff(tmp_path / "hang.tif", [100, 197])
    for jobs in (1, 2):
        (r,) = list(run_batch([str(ok)], BatchOptions(timeout=1.0), jobs=jobs))
        assert r.error is None, (jobs, r.error)
        (r,) = list(run_batch([str(hang)], BatchOptions(timeout=1.0), jobs=jobs))
        assert r.report is None and "第2页" in r.error and "超时" in r.error, (jobs, r.error)


def test_sequential_run_recognises_pages_one_by_one(tmp_path, fake_engine):
    scan = _tiff(tmp_path / "scan.tif", [100, 200, 300])
    seen: list[int] = []
    (r,) = list(run_batch([str(scan)], BatchOptions(timeout=None), jobs=1,
                          on_page=lambda p, done, total: seen.append(done)))
    assert r.error is None and seen == [1, 2, 3]
    assert {p.name.split("-")[0] for p in fake_engine.iterdir()} == {str(os.getpid())}
