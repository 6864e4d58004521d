"""When recognition runs, and what happens when it cannot: no extra, ``--ocr never``, no
network, images and multi-page TIFF, scans that ``redact`` refuses."""

from __future__ import annotations

import io
import socket
import sys

import pytest

from baomi_check.batch import BatchOptions, build_checker, check_path
from baomi_check.extract import ExtractError, extract_file, ocr
from baomi_check.testing import render_notice, scanned_pdf


def _image_only_pdf(pages: int = 1) -> bytes:
    """A PDF of page images with something drawn on them (no font needed)."""
    from PIL import Image, ImageDraw

    images = []
    for _ in range(pages):
        im = Image.new("L", (620, 877), 255)
        ImageDraw.Draw(im).rectangle((60, 60, 560, 120), outline=0, width=3)
        images.append(im)
    return scanned_pdf(images, dpi=75)


@pytest.fixture
def no_extra(monkeypatch):
    """The [ocr] extra as if not installed: the import fails, nothing is cached."""
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setattr(ocr, "available", lambda: False)


def test_scanned_pdf_without_the_extra_is_an_error_naming_it(tmp_path, no_extra):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    opts = BatchOptions(timeout=None)
    result = check_path(build_checker(opts), str(path), opts)
    assert result.report is None
    assert "baomi-check[ocr]" in result.error and "OCR" in result.error


def test_image_without_the_extra_is_an_error_naming_it(tmp_path, no_extra):
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.new("L", (50, 50), 255).save(path)
    with pytest.raises(ExtractError, match=r"baomi-check\[ocr\]"):
        extract_file(path)


def test_engine_import_failure_names_the_extra(no_extra):
    with pytest.raises(ocr.OcrUnavailable, match=r"baomi-check\[ocr\]"):
        ocr.engine()


def test_cli_exits_2_for_a_scan_without_the_extra(tmp_path, no_extra, capsys):
    from baomi_check.cli import main

    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    code = main([str(path), "--no-progress", "--no-config", "--jobs", "1", "--format", "json"])
    assert code == 2
    assert "baomi-check[ocr]" in capsys.readouterr().out


def test_ocr_never_keeps_scans_an_error(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    opts = BatchOptions(timeout=None, ocr="never")
    result = check_path(build_checker(opts), str(path), opts)
    assert result.report is None and "--ocr never" in result.error


def test_ocr_setting_is_validated(tmp_path):
    from baomi_check.settings import SettingsError, settings_from

    assert settings_from(tmp_path / "x.toml", {"ocr": "never"}).ocr == "never"
    with pytest.raises(SettingsError):
        settings_from(tmp_path / "x.toml", {"ocr": "sometimes"})


def test_redact_refuses_scans_and_images_clearly(tmp_path):
    from baomi_check.redact import redact

    src = tmp_path / "in"
    src.mkdir()
    (src / "scan.pdf").write_bytes(_image_only_pdf())
    (src / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    summary = redact(src, tmp_path / "out")
    for change in summary.files:
        assert change.target is None
        assert "不支持对" in change.skipped and "脱敏" in change.skipped


def test_a_page_with_a_stray_word_on_a_full_page_image_is_recognised():
    """``auto`` recognises a page whose only text is a page number printed over a scan."""
    from fpdf import FPDF
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (600, 840), 200).save(buf, format="PNG")
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=595, h=842)
    pdf.set_font("Helvetica", size=9)
    pdf.text(290, 820, "- 3 -")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.text(72, 72, "- 4 -")  # a short text page with no image: not a scan
    data = bytes(pdf.output())
    assert ocr.pdf_pages_to_recognise(data, ["- 3 -", "- 4 -"]) == [0]
    ocr.configure(mode="always")
    assert ocr.pdf_pages_to_recognise(data, ["- 3 -", "- 4 -"]) == [0, 1]
    ocr.configure(mode="never")
    assert ocr.pdf_pages_to_recognise(data, ["", ""]) == []


@pytest.mark.usefixtures("engine_installed")
def test_engine_loads_and_reads_with_the_network_switched_off(monkeypatch, cjk_font):
    """Models ship in the package: loading and recognising open no connection."""
    from PIL import Image, ImageDraw, ImageFont

    def refuse(*args, **kwargs):
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(ocr, "_engine", None)
    im = Image.new("L", (360, 80), 255)
    ImageDraw.Draw(im).text((10, 15), "秘密★1年", font=ImageFont.truetype(cjk_font, 40), fill=0)
    boxes = ocr.recognize(im)
    assert "".join(b.text for b in boxes).startswith("秘密")


@pytest.mark.usefixtures("engine_installed")
def test_multipage_tiff_pages_are_located(tmp_path, scans, notice_values):
    """A two-page TIFF (a blank page, then the notice): findings are on 第2页（识别）, in image
    pixels.  The first page is blank and costs little."""
    from PIL import Image

    ids, _ = notice_values
    notice = scans["leaky_image"].resize((620, 877))
    path = tmp_path / "fax.tif"
    Image.new("L", notice.size, 255).save(path, save_all=True, append_images=[notice])
    opts = BatchOptions(timeout=None)
    result = check_path(build_checker(opts), str(path), opts)
    assert result.error is None, result.error
    id_findings = [f for f in result.report.findings if f.category == "id_card"]
    assert {f.text for f in id_findings} == set(ids)
    assert all(f.location == "第2页（识别）" and f.page == 2 for f in id_findings)
    assert all(0 <= f.box[0] < f.box[2] <= 620 for f in id_findings)


def test_blank_image_is_never_a_pass(tmp_path, monkeypatch):
    """Nothing recognised is an error for the reviewer, not a clean result."""
    from PIL import Image

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "recognize", lambda image, unit=1.0: [])
    path = tmp_path / "blank.png"
    Image.new("L", (80, 80), 255).save(path)
    with pytest.raises(ExtractError, match="未识别出任何文字"):
        extract_file(path)


def test_broken_image_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: True)
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(ExtractError, match="无法读取图片"):
        extract_file(path)


def test_render_notice_reports_where_values_are(cjk_font):
    im, where = render_notice(["110101188001010011"], ["13800120000"], font=cjk_font, dpi=72)
    assert im.size == (595, 842)
    x0, y0, x1, y1 = where["110101188001010011"]
    assert 190 < x0 < x1 < 380 and 290 < y0 < y1 < 340


def test_folder_walks_pick_images_up_only_with_ocr_always(tmp_path):
    """``auto`` reads images named on the command line, but a folder walk leaves the logos and
    photos of a website alone; ``always`` walks them too."""
    from baomi_check.walk import iter_paths

    (tmp_path / "a.txt").write_text("正文", encoding="utf-8")
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    names = lambda: sorted(p.path.rsplit("/", 1)[-1] for p in iter_paths([tmp_path]))  # noqa: E731
    assert names() == ["a.txt"]
    ocr.configure(mode="always")
    assert names() == ["a.txt", "scan.png"]
    ocr.configure(mode="auto")
    assert [p.path for p in iter_paths([tmp_path / "scan.png"])] == [str(tmp_path / "scan.png")]
