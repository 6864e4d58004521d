"""Issue 17, batch side: the two batch levers change speed only.

* ``compact_results``: workers send :class:`~baomi_check.batch.Compact` records instead of
  pickled pydantic reports; every report format's output is byte for byte the same.
* ``auto_jobs``: without ``--jobs`` a few small files stay in one process; an explicit
  ``--jobs N`` is always honoured.
"""

from __future__ import annotations

import multiprocessing
import pickle
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import Checker, batch, levers
from baomi_check.batch import BatchOptions, choose_jobs, compact, expand, run_batch
from baomi_check.cli import ALL_FORMATS, main
from baomi_check.crossdoc import BatchMasks
from baomi_check.models import FileResult
from baomi_check.report import write_results
from baomi_check.testing import id_number, synthetic_card, synthetic_id, synthetic_mobile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
from baomi_testfiles import HIDDEN_LINK_PAGE, make_docx, make_xlsx

ID = id_number("11010118800101001")  # synthetic: born 1880


def _documents(root: Path) -> Path:
    """A folder with a bit of everything a report shows: markings, identifiers (masked and
    raw, repeated), a masked value that recombines inside its file, locations of .docx and
    .xlsx, hidden HTML content, an incomplete check and an unreadable file."""
    rng = random.Random(17)
    root.mkdir()
    (root / "clean.md").write_text("# 关于开展保密教育的通知\n请加强保密工作。\n", "utf-8")
    (root / "marked.txt").write_text("机密★5年\n关于某事项的通知\n", "utf-8")
    roster = "\n".join(
        f"{i}. 张某{i} 身份证号：{synthetic_id(rng)} 手机：{synthetic_mobile(rng)} "
        f"卡号：{synthetic_card(rng)}"
        for i in range(12)
    )
    again = f"复核：张某 身份证号：{synthetic_id(rng)}\n" * 3  # one finding, three places
    (root / "roster.txt").write_text(f"补贴发放名单\n{roster}\n{again}", "utf-8")
    (root / "masks.txt").write_text(
        f"公示一：{ID[:6]}********{ID[-4:]}\n公示二：{ID[:2]}****{ID[6:14]}****\n", "utf-8")
    (root / "page.html").write_text(HIDDEN_LINK_PAGE, encoding="utf-8")
    make_docx(root / "draft.docx")
    make_xlsx(root / "sheet.xlsx")
    (root / "broken.pdf").write_text("not a pdf", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    return root


_ELAPSED = re.compile(rb'"elapsed_ms": ?[0-9.e-]+')
_STAMP = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
"""The HTML report's generation time (to the minute: two runs may straddle one)."""


def _cli_output(folder: Path, fmt: str, out: Path, extra: tuple[str, ...] = ()) -> bytes:
    main(["--no-config", "-q", "--no-progress", "-j", "2", "--format", fmt, "-o", str(out),
          *extra, str(folder)])  # fmt: skip
    data = _ELAPSED.sub(b'"elapsed_ms":0', out.read_bytes())
    if fmt == "html":
        data = _STAMP.sub(b"(time)", data)
    if fmt == "jsonl":  # streamed in completion order: the lines, not their order, are the output
        data = b"".join(sorted(data.splitlines(keepends=True)))
    return data


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the lever reaches the workers through fork here")  # fmt: skip
@pytest.mark.parametrize("extra", [(), ("--show-values", "--min-severity", "review")])
def test_every_format_is_byte_for_byte_the_same_with_compact_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]
) -> None:
    """Through the command line with a pool (``-j 2``): masked by default, and raw."""
    monkeypatch.setenv("BAOMI_CHECK_BASELINE_KEY", "ab" * 32)  # SARIF fingerprints: one key
    folder = _documents(tmp_path / "docs")
    sent: list[object] = []
    real = batch._received
    monkeypatch.setattr(batch, "_received", lambda r: (sent.append(type(r)), real(r))[1])
    for fmt in ALL_FORMATS:
        on = _cli_output(folder, fmt, tmp_path / f"on.{fmt}", extra)
        with levers.override(compact_results=False):
            off = _cli_output(folder, fmt, tmp_path / f"off.{fmt}", extra)
        assert on == off, fmt
        if not extra:
            assert ID.encode() not in on  # masked by default
    assert batch.Compact in sent and FileResult in sent  # both paths really ran


def _every_format(results: list[FileResult]) -> dict[str, str]:
    import io

    out = {}
    for fmt in ALL_FORMATS:
        buf = io.StringIO()
        write_results(results, fmt, buf, fingerprint_key=b"k" * 32)
        out[fmt] = buf.getvalue()
    return out


def test_compact_records_rebuild_the_same_results(tmp_path: Path) -> None:
    """In one process, every result of the folder through ``compact`` → pickle → ``expand``,
    then the cross-file mask comparison and every writer: the same bytes."""
    folder = _documents(tmp_path / "docs")
    checker = Checker.default()
    files = sorted(str(p) for p in folder.iterdir())
    results = list(run_batch(files, BatchOptions(), 1, checker))
    back = [expand(pickle.loads(pickle.dumps(compact(r)))) for r in results]
    assert [r.report._masked for r in back if r.report] == [
        r.report._masked for r in results if r.report]
    assert any(r.report and r.report._masked for r in back)
    assert any(r.report and any(f.occurrences for f in r.report.findings) for r in back)
    a = list(BatchMasks.for_checker(checker).apply(results))  # type: ignore[union-attr]
    b = list(BatchMasks.for_checker(checker).apply(back))  # type: ignore[union-attr]
    assert _every_format(a) == _every_format(b)


_PIECES = ["机密", "★", "密", "5年", "绝密★", "内部", "0", "1", "9", "X", "１", "２", "０",
           "\u200b", "\n", " ", "-", "*", "@", ".", "：", "电话", "身份证号", "手机", "張",
           "jī mì", "<b>", "</b>", "保密工作", "福利彩票", "联系人", "http://", "13800000000",
           ID, ID[:6] + "*" * 8 + ID[-4:], "11010119"]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_compact_round_trip_on_mangled_text(pieces: list[str]) -> None:
    """Whatever the engine reports (findings, repeats, masked records, warnings), the compact
    record carries it exactly: the serialised result, raw and masked, and the masked records."""
    text = "".join(pieces)
    report = _checker().check(text, source="x.txt")
    r = FileResult.model_construct(path="x.txt", report=report, kind="txt", elapsed_ms=1.5)
    back = expand(pickle.loads(pickle.dumps(compact(r))))
    raw = {"show_values": True}
    assert back.model_dump_json(context=raw) == r.model_dump_json(context=raw)
    assert back.model_dump_json() == r.model_dump_json()
    assert back.report is not None and back.report._masked == report._masked
    err = FileResult.model_construct(path="y.pdf", error="无法读取", kind=None)
    assert expand(compact(err)).model_dump_json() == err.model_dump_json()


_CHECKER: list[Checker] = []


def _checker() -> Checker:
    if not _CHECKER:
        _CHECKER.append(Checker.default())
    return _CHECKER[0]


# --- choosing the number of processes -----------------------------------------------------------


def _files(folder: Path, n: int, size: int, suffix: str = ".txt") -> list[str]:
    folder.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"f{i:04}{suffix}"
        p.write_bytes(b"a" * size)
        out.append(str(p))
    return out


@pytest.fixture()
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "default_jobs", lambda: 2)


def test_a_few_small_files_stay_in_one_process(tmp_path: Path, two_cores: None) -> None:
    notices = _files(tmp_path / "a", 30, 4000)  # the 30 small files
    assert choose_jobs(notices) == 1
    assert choose_jobs(notices[:5]) == 1


def test_a_large_batch_uses_every_core(tmp_path: Path, two_cores: None) -> None:
    assert choose_jobs(_files(tmp_path / "a", 400, 6000)) == 2
    assert choose_jobs(_files(tmp_path / "b", 2, 3_000_000)) == 2  # two large files
    # one large file and a few notes: the large file alone sets the wall time either way
    big = _files(tmp_path / "c", 1, 3_000_000) + _files(tmp_path / "d", 3, 1000)
    assert choose_jobs(big) == 1


def test_explicit_jobs_are_always_honoured(tmp_path: Path, two_cores: None) -> None:
    small = _files(tmp_path / "a", 5, 100)
    assert choose_jobs(small, 2) == 2
    assert choose_jobs(small, 1) == 1
    assert choose_jobs(small[:1], 4) == 1  # never more processes than files
    assert choose_jobs(_files(tmp_path / "b", 400, 6000), 1) == 1


def test_the_lever_off_is_the_old_rule(tmp_path: Path, two_cores: None) -> None:
    small = _files(tmp_path / "a", 5, 100)
    with levers.override(auto_jobs=False):
        assert choose_jobs(small) == 2
    assert choose_jobs(small) == 1


def test_the_threshold_is_configurable(tmp_path: Path, two_cores: None) -> None:
    files = _files(tmp_path / "a", 30, 4000)
    assert choose_jobs(files, serial_below=1) == 2
    assert choose_jobs(files, serial_below=10**9) == 1


def test_images_count_as_recognition_and_archives_by_share(
    tmp_path: Path, two_cores: None
) -> None:
    images = _files(tmp_path / "a", 3, 20_000, ".png")
    assert choose_jobs(images) == 2  # seconds of recognition each
    assert choose_jobs(images, ocr_mode="never") == 1
    zipped = tmp_path / "big.zip"
    zipped.write_bytes(b"z" * 6_000_000)
    members = [f"{zipped}!/m{i}.txt" for i in range(3)]
    assert choose_jobs(members) == 2  # 2 MB each
    assert choose_jobs([f"{tmp_path}/gone.zip!/m.txt", f"{tmp_path}/gone.txt"]) == 1


def test_the_command_line_default_checks_a_few_files_in_one_process(
    tmp_path: Path, two_cores: None, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(5):
        (folder / f"n{i}.md").write_text("关于开展保密教育的通知\n", "utf-8")
    seen: list[tuple[int | None, int | None]] = []
    real = batch.run_batch

    def spy(files, options, jobs=None, *args, **kw):  # type: ignore[no-untyped-def]
        seen.append((jobs, kw.get("page_jobs")))
        return real(files, options, jobs, *args, **kw)

    import baomi_check.cli as cli

    monkeypatch.setattr(cli, "run_batch", spy)
    assert main(["--no-config", "--no-progress", str(folder)]) == 0
    assert seen == [(1, 2)]  # one process; a scan's pages may still use both cores
    assert "（1 个进程）" in capsys.readouterr().err
    assert main(["--no-config", "--no-progress", "-q", "-j", "2", str(folder)]) == 0
    assert seen[-1] == (2, 2)


# --- the pool: a task sent while the pool was breaking ------------------------------------------


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the test's pool class reaches the workers through fork")  # fmt: skip
@pytest.mark.parametrize("times", [1, 2])
def test_a_task_sent_while_the_pool_broke_is_sent_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, times: int
) -> None:
    """``test_a_worker_that_dies_costs_only_its_own_file`` hung under load: CPython 3.11's
    pool marks itself broken without the lock ``submit`` holds, so a task sent at that moment
    is neither run nor failed, and the batch waited for it forever with every worker gone.
    Here the pool "breaks" while one task is being sent (a future that never finishes); the
    batch must notice, send it again to a new pool (``times`` = 2: that breaks too), and check
    every file exactly once."""
    import concurrent.futures
    import threading
    from concurrent.futures import Future, ProcessPoolExecutor

    files = []
    for i in range(12):
        f = tmp_path / f"f{i:02}.txt"
        f.write_text("机密★5年\n正文\n", encoding="utf-8")
        files.append(str(f))
    target = files[5]
    orphans: list[Future[object]] = []

    class Racy(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            if fn is batch._work and target in args[0] and len(orphans) < times:
                self._broken = "simulated"  # type: ignore[assignment]
                orphans.append(Future())
                return orphans[-1]
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Racy)
    monkeypatch.setattr(batch, "ORPHAN_GRACE", 0.2)
    monkeypatch.setattr(batch, "_POLL", 0.1)
    got: list[FileResult] = []
    run = threading.Thread(target=lambda: got.extend(
        run_batch(files, BatchOptions(), jobs=2, checker=_checker())), daemon=True)
    run.start()
    run.join(120)
    assert not run.is_alive(), "the batch hung on a task that will never finish"
    assert sorted(r.path for r in got) == sorted(files)  # each file once
    assert all(r.error is None and r.report is not None and r.report.verdict == "block"
               for r in got)  # fmt: skip
    assert len(orphans) == times and not any(o.done() for o in orphans)


def test_serial_below_is_a_setting(tmp_path: Path) -> None:
    from baomi_check.settings import Settings, settings_from

    assert Settings.model_construct().serial_below is None  # the measured default
    cfg = tmp_path / ".baomi-check.toml"
    s = settings_from(cfg, {"serial-below": "1MB"})
    assert s.serial_below == 1 << 20
