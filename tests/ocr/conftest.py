"""Fixtures for recognition (OCR) tests: the engine when installed, a CJK font when present.

The tests make their own scans (:func:`baomi_check.testing.render_notice`); they need a font
that can draw Chinese (``.ci/run`` installs Debian's fonts-wqy-zenhei, so CI never skips) and
the ``[ocr]`` extra (``.ci/run`` installs ``.[test,ocr]``).  Recognition costs seconds per page,
so the scans are recognised once per session and shared."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from baomi_check.extract import ocr
from baomi_check.testing import find_cjk_font, render_notice, scanned_pdf, synthetic_id


@pytest.fixture(autouse=True)
def _ocr_mode():
    """Every test starts in the default mode and leaves it so."""
    ocr.configure(mode="auto")
    yield
    ocr.configure(mode="auto")


@pytest.fixture(scope="session")
def cjk_font() -> str:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font found (apt-get install fonts-wqy-zenhei or fonts-noto-cjk)")
    return font


@pytest.fixture(scope="session")
def engine_installed() -> None:
    if not ocr.available():
        pytest.skip("the [ocr] extra is not installed (pip install 'baomi-check[ocr]')")


@pytest.fixture(scope="session")
def notice_values() -> tuple[list[str], list[str]]:
    rng = random.Random(15)
    ids = [synthetic_id(rng) for _ in range(2)]
    mobiles = ["13800120000", "13900340000"]  # synthetic: all-zero tails
    return ids, mobiles


@pytest.fixture(scope="session")
def scans(tmp_path_factory, cjk_font, notice_values) -> dict[str, object]:
    """The leaky notice and its masked twin as image-only PDFs, plus where values were drawn."""
    ids, mobiles = notice_values
    d: Path = tmp_path_factory.mktemp("scans")
    leaky, where = render_notice(ids, mobiles, font=cjk_font)
    masked_ids = [v[:6] + "********" + v[-4:] for v in ids]
    masked_mobiles = [m[:3] + "****" + m[-4:] for m in mobiles]
    clean, _ = render_notice(masked_ids, masked_mobiles, font=cjk_font, mark="")
    (d / "notice.pdf").write_bytes(scanned_pdf([leaky]))
    (d / "masked.pdf").write_bytes(scanned_pdf([clean]))
    return {"dir": d, "where": where, "leaky_image": leaky}
