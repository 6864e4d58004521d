"""The jobs the pool runs, called in-process (the time limit uses ``SIGALRM``, which works in
the main thread, where pytest runs tests)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from servekit import DRAFT, ID

from baomi_check.serve import worker
from baomi_check.serve.config import ServeConfig


@pytest.fixture()
def limited() -> Iterator[Any]:
    worker.init_worker(ServeConfig(time_limit=0.2))
    yield worker
    worker.init_worker(ServeConfig())


def test_a_timeout_inside_a_detector_is_504_not_incomplete(limited: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The engine turns a detector's exception into an incomplete report; a timeout that
    strikes there must still be a timeout (504), not a 500."""
    checker = limited._checker
    det = checker.detectors[0]
    real = det.detect

    def slow(doc: Any) -> Any:
        time.sleep(1.0)
        return real(doc)

    monkeypatch.setattr(det, "detect", slow)
    out = limited.job_check(json.dumps({"text": DRAFT}).encode(), False)
    assert out.status == 504
    assert json.loads(out.body)["error"]["code"] == "timeout"
    monkeypatch.setattr(det, "detect", real)
    out = limited.job_check(json.dumps({"text": DRAFT}).encode(), False)
    assert out.status == 200


def test_outcome_meta_carries_no_text(limited: Any) -> None:
    out = limited.job_check(json.dumps({"text": DRAFT}).encode(), False)
    assert out.verdicts == ["block"]
    assert "pii.id_card" in out.rule_ids
    assert out.categories["id_card"] == 1
    meta = json.dumps([out.verdicts, out.rule_ids, out.categories, out.kinds])
    assert ID not in meta and "机密" not in meta


def test_warm_up_runs_every_detector() -> None:
    from baomi_check import check

    cats = {f.category for f in check(worker.WARM_UP).findings}
    assert {"classified_marking", "id_card", "mobile_phone", "spam"} <= cats


def test_each_worker_recognises_text_with_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool has a worker per core already; an OCR engine per worker using every core
    oversubscribed the machine on scanned uploads."""
    from baomi_check.extract import ocr

    monkeypatch.setattr(ocr, "_threads", None)
    worker.init_worker(ServeConfig())
    assert ocr._threads == 1


def test_the_warm_up_text_holds_a_valid_synthetic_id() -> None:
    """Built from ``baomi_check.testing`` rather than typed into the source: its check character
    is computed, so the identifier detector really runs during warm-up."""
    from baomi_check import check

    ids = [f for f in check(worker.WARM_UP).findings if f.category == "id_card"]
    assert ids and ids[0].text.startswith("1101011880")
