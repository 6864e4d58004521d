"""Batch checking: files and folders → a stream of :class:`~baomi_check.models.FileResult`.

A thin layer over :meth:`Checker.check` (architecture: "batch is a thin layer").  What it adds:

* **Walking** is :mod:`baomi_check.walk` (the one walker, shared with redact and the service):
  folders recursively in a stable order, VCS/dependency folders and lock files skipped, what
  is skipped for its type counted, archive members walked like files.
* **Limits per file**: a size limit checked before reading, and a wall-clock limit on extraction
  plus checking (``SIGALRM`` in the worker, where available), each with a message saying which
  limit was hit and which flag changes it.
* **A process pool** (``jobs`` workers; the GIL makes threads useless for this CPU-bound work).
  Each worker builds its :class:`Checker` once, in the initializer — with the ``fork`` start
  method the parent's already-built checker is simply inherited.  One process is used when only
  one file or one job is asked for, because starting a pool costs more than checking a draft.
* **Streaming**: results are yielded as files finish, so the JSON-lines writer and the progress
  bar move while a large batch runs.

One bad file never stops the batch: every failure is turned into ``FileResult.error``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING

from .budget import Deadline
from .engine import Checker
from .extract import (
    DEFAULT_MAX_BYTES,
    ExtractError,
    FileTimeout,
    annotate,
    extract_file,
)
from .models import FileResult
from .suppress import Allowlist, apply_suppressions, unsuppressed_masks
from .walk import DEFAULT_EXCLUDES, SkipLog, WalkItem, iter_paths

__all__ = ["DEFAULT_EXCLUDES", "BatchOptions", "SkipLog", "WalkItem", "check_path", "iter_paths",
           "run_batch"]  # fmt: skip

@dataclass(frozen=True)
class BatchOptions:
    """Everything a worker needs to build its checker and check a file (picklable)."""

    rules: tuple[str, ...] = ()
    replace_rules: bool = False
    terms: tuple[str, ...] = ()
    """Plain keyword lists (.txt/.csv/.xlsx) loaded as ``sensitive_term`` rules (termlist.py)."""
    terms_severity: str = "block"
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = 60.0
    include: tuple[str, ...] = ()
    """Globs a file found by walking a folder must match; empty: the supported extensions."""
    exclude: tuple[str, ...] = field(default=DEFAULT_EXCLUDES)
    allowlist: str | None = None
    """An allow-list file (:mod:`baomi_check.suppress`); inline directives apply regardless."""
    ocr: str = "auto"
    """Text recognition of scanned PDF pages and images: ``auto``, ``always`` or ``never``."""


def build_checker(options: BatchOptions) -> Checker:
    """The checker for these options (raises :class:`~baomi_check.rulepack.RuleError`).

    Also sets this process's recognition mode (readers share one ``(bytes, kind)`` signature,
    so the mode is process state; see :func:`baomi_check.extract.ocr.configure`)."""
    from .extract import ocr

    ocr.configure(mode=options.ocr)
    if options.rules:
        checker = Checker.from_rules(*options.rules, replace=options.replace_rules)
    else:
        checker = Checker.default()
    if options.terms:
        from .termlist import load_term_lists

        lists = load_term_lists(options.terms, options.terms_severity)
        checker = Checker(checker.pack.extend(lists), checker.config)
    return checker


def load_allowlist(options: BatchOptions) -> Allowlist | None:
    """The allow-list for these options (raises :class:`~baomi_check.suppress.AllowlistError`)."""
    return Allowlist.load(options.allowlist) if options.allowlist else None


# --- checking one file --------------------------------------------------------------------------


class _Alarm:
    """Wall-clock limit via ``SIGALRM``; a no-op off the main thread or without ``setitimer``."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.active = bool(
            seconds
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        self._old: Callable[[int, FrameType | None], object] | int | None = None

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        raise FileTimeout(f"处理超时（超过 {self.seconds:g} 秒），已跳过；可用 --timeout 调整上限")

    def __enter__(self) -> _Alarm:
        if self.active and self.seconds:
            self._old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old if self._old is not None else signal.SIG_DFL)


def check_path(
    checker: Checker, path: str, options: BatchOptions, allowlist: Allowlist | None = None
) -> FileResult:
    """Extract, check and apply suppressions (inline ``baomi-check: allow`` directives and the
    allow-list) to one file; every failure becomes ``FileResult.error``.

    Suppressions are applied here, in the worker, because they need the extracted text."""
    t0 = time.perf_counter()
    kind: str | None = None
    encoding: str | None = None
    deadline = Deadline(options.timeout)
    try:
        with _Alarm(options.timeout):
            doc = extract_file(path, options.max_bytes)
            kind, encoding = doc.kind, doc.encoding
            # The engine's own budget is what is left of the file's: it stops between steps
            # and keeps what it found.  The alarm is the hard stop for a step that overruns.
            if doc.ocr or doc.header_spans:  # recognised text: what the detectors should know
                report = checker.check(doc.text, source=path, timeout=deadline.remaining(),
                                       ocr=[(s.start, s.end) for s in doc.ocr],
                                       header=doc.header_spans)
            else:
                report = checker.check(doc.text, source=path, timeout=deadline.remaining())
            report = annotate(doc, report)
            report, _ = apply_suppressions(doc.text, report, allowlist)
            report._masked = unsuppressed_masks(doc.text, report._masked, allowlist)
    except ExtractError as exc:
        return FileResult.model_construct(path=path, error=str(exc), kind=kind, elapsed_ms=_ms(t0))
    except MemoryError:
        return FileResult.model_construct(
            path=path, error="内存不足，无法处理该文件", kind=kind, elapsed_ms=_ms(t0)
        )
    except Exception as exc:  # an extractor or detector bug must not end the batch
        return FileResult.model_construct(
            path=path, error=f"内部错误：{type(exc).__name__}: {exc}", kind=kind, elapsed_ms=_ms(t0)
        )
    # A detector that failed leaves the review incomplete: keep what was found, but report the
    # file as an error so the batch exits 2 rather than passing it as clean.
    error = None
    if report.incomplete:
        error = (
            f"处理超时（超过 {options.timeout:g} 秒），检查不完整：已发现的问题照常列出，"
            "其余内容未检查；可用 --timeout 调整上限"
            if options.timeout and deadline.expired()
            else "检查不完整：有检测器出错（见警告），结果可能缺项"
        )
    return FileResult.model_construct(
        path=path, report=report, error=error, kind=kind, encoding=encoding, elapsed_ms=_ms(t0)
    )


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 3)


# --- the pool -----------------------------------------------------------------------------------

_worker_checker: Checker | None = None
_worker_options: BatchOptions | None = None
_worker_allowlist: Allowlist | None = None


def _init_worker(options: BatchOptions) -> None:
    global _worker_checker, _worker_options, _worker_allowlist
    # Ctrl-C goes to the whole process group; let the parent decide and shut the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .extract import ocr

    # Every core already runs a worker: one recognition thread each (ONNX Runtime would
    # otherwise start a thread per core in every worker and oversubscribe the machine).
    ocr.configure(mode=options.ocr, threads=1)
    if _worker_checker is None or _worker_options != options:
        _worker_checker = build_checker(options)
        _worker_allowlist = load_allowlist(options)
        _worker_options = options


def _work(paths: list[str]) -> list[FileResult]:
    assert _worker_checker is not None and _worker_options is not None
    return [check_path(_worker_checker, p, _worker_options, _worker_allowlist) for p in paths]


def _chunk_size(n_files: int, jobs: int) -> int:
    """Files per task: small folders keep one file per task (results stream at once), large
    ones send a few at a time so the parent is not kept busy with one future per file."""
    return max(1, min(16, n_files // (jobs * 8)))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


def run_batch(
    files: Sequence[str],
    options: BatchOptions,
    jobs: int | None = None,
    checker: Checker | None = None,
    allowlist: Allowlist | None = None,
) -> Iterator[FileResult]:
    """Check ``files`` and yield results as they finish (completion order with a pool).

    ``checker`` (already built, e.g. to validate the rules before any output) is reused for
    in-process runs and inherited by forked workers."""
    global _worker_checker, _worker_options, _worker_allowlist
    from .extract import ocr

    ocr.configure(mode=options.ocr)
    jobs = max(1, min(jobs or default_jobs(), len(files)))
    if checker is None:
        checker = build_checker(options)
    if allowlist is None:
        allowlist = load_allowlist(options)
    if jobs == 1:
        for path in files:
            yield check_path(checker, path, options, allowlist)
        return
    # Inherited by forked workers, which then skip building their own.
    _worker_checker, _worker_options, _worker_allowlist = checker, options, allowlist
    yield from _pooled(files, options, jobs)


def _pooled(files: Sequence[str], options: BatchOptions, jobs: int) -> Iterator[FileResult]:
    """The pool loop.  A worker that dies (killed, out of memory, a crash in a C library)
    breaks the whole pool and fails every task in flight, not only its own: the pool is then
    restarted, and the files of the failed tasks are checked again one at a time, so only the
    file that really kills a worker is reported as an error and the rest of the batch goes on."""
    # Imported here: a one-file run (a pre-commit hook) never starts a pool.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(options,))

    pool = new_pool()

    def submit(chunk: list[str]) -> Future[list[FileResult]]:
        nonlocal pool
        try:
            return pool.submit(_work, chunk)
        except BrokenProcessPool:  # a worker died while idle: start afresh, once
            pool.shutdown(wait=True, cancel_futures=True)
            pool = new_pool()
            return pool.submit(_work, chunk)

    try:
        pending: dict[Future[list[FileResult]], tuple[list[str], bool]] = {}
        size = _chunk_size(len(files), jobs)
        chunks = [list(files[i:i + size]) for i in range(0, len(files), size)]
        chunks.reverse()
        suspects: list[str] = []
        """Files of tasks a dying worker took down with it, re-checked one at a time."""
        # Keep a bounded number of tasks in flight: streaming starts at once and memory stays
        # flat on folders of 100 000 files.
        limit = jobs * 4
        while chunks or suspects or pending:
            if suspects:
                if not pending:
                    path = suspects.pop()
                    pending[submit([path])] = ([path], True)
            else:
                while chunks and len(pending) < limit:
                    chunk = chunks.pop()
                    pending[submit(chunk)] = (chunk, False)
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                chunk, alone = pending.pop(fut)
                try:
                    yield from fut.result()
                except BrokenProcessPool as exc:
                    broken = True
                    if alone:
                        yield FileResult.model_construct(
                            path=chunk[0],
                            error=f"检查进程在处理该文件时异常退出（可能内存不足或文件异常）：{exc}",
                        )
                    else:
                        suspects.extend(reversed(chunk))
                except Exception as exc:  # an error outside check_path (pickling …)
                    for path in chunk:
                        yield FileResult.model_construct(
                            path=path, error=f"内部错误：{type(exc).__name__}: {exc}"
                        )
            if broken:
                # Every other task in flight fails with the pool (or finished just before).
                for fut in list(pending):
                    chunk, _alone = pending.pop(fut)
                    try:
                        yield from fut.result()
                    except Exception:
                        suspects.extend(reversed(chunk))
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
