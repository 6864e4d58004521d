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
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from .budget import Deadline
from .engine import Checker
from .extract import (
    DEFAULT_MAX_BYTES,
    ExtractError,
    FileTimeout,
    annotate,
    check_kind,
    extract_bytes,
    extract_file,
    kind_of,
    ocr,
)
from .extract.ocr import OcrPage
from .models import FileResult, Finding, MaskedRecord, Occurrence, Report
from .suppress import Allowlist, apply_suppressions, unsuppressed_masks
from .walk import DEFAULT_EXCLUDES, SkipLog, WalkItem, iter_paths, read_input

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
    checker: Checker,
    path: str,
    options: BatchOptions,
    allowlist: Allowlist | None = None,
    *,
    pages: dict[int, OcrPage] | None = None,
    data: bytes | None = None,
) -> FileResult:
    """Extract, check and apply suppressions (inline ``baomi-check: allow`` directives and the
    allow-list) to one file; every failure becomes ``FileResult.error``.

    ``pages``: pages of a scan already recognised (by the pool, see :func:`_plan`), used by the
    readers instead of recognising again.  Suppressions are applied here, in the worker,
    because they need the extracted text."""
    t0 = time.perf_counter()
    kind: str | None = None
    encoding: str | None = None
    deadline = Deadline(options.timeout)
    try:
        with _Alarm(options.timeout):
            if data is not None:  # already read (standard input): ``path`` is only its name
                doc = extract_bytes(data, kind_of(path))
            elif pages is not None:
                with ocr.provided(pages):
                    doc = extract_file(path, options.max_bytes)
            else:
                doc = extract_file(path, options.max_bytes)
            kind, encoding = doc.kind, doc.encoding
            extra = check_kind(doc)  # the .html reader's text is plain text
            # The engine's own budget is what is left of the file's: it stops between steps
            # and keeps what it found.  The alarm is the hard stop for a step that overruns.
            if doc.ocr or doc.header_spans:  # recognised text: what the detectors should know
                report = checker.check(doc.text, source=path, timeout=deadline.remaining(),
                                       ocr=[(s.start, s.end) for s in doc.ocr],
                                       header=doc.header_spans, **extra)
            else:
                report = checker.check(doc.text, source=path, timeout=deadline.remaining(),
                                       **extra)
            report = annotate(doc, report)
            report, _ = apply_suppressions(doc.text, report, allowlist)
            report._masked = unsuppressed_masks(doc.text, report._masked, allowlist)
    except ocr.NeedsRecognition:
        raise  # the batch recognises the pages (see _plan); not an error of this file
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


# --- scans: recognition page by page ------------------------------------------------------------


@dataclass(frozen=True)
class Deferred:
    """A file whose pages need recognition first: ``pages`` (0-based) of ``kind`` (``pdf`` or
    ``image``).  Each page is a task of its own, so a 100-page scan uses every core and the
    time limit applies per page; the file is then checked with the recognised pages."""

    path: str
    kind: str
    pages: tuple[int, ...]


def _plan(
    checker: Checker, path: str, options: BatchOptions, allowlist: Allowlist | None
) -> FileResult | Deferred:
    """:func:`check_path`, unless the file is a scan with two or more pages to recognise: then
    a :class:`Deferred` saying which.  Reading the text layer to find out is cheap next to
    recognising a single page."""
    try:
        with ocr.deferring():
            return check_path(checker, path, options, allowlist)
    except ocr.NeedsRecognition as need:
        try:
            own = ocr.digest(read_input(path, options.max_bytes)) == need.digest
        except ExtractError:
            own = False
        if own:
            return Deferred(path, need.kind, tuple(need.pages))
        # A scan inside an archive (or a file that changed meanwhile): recognised in place.
        return check_path(checker, path, options, allowlist)


def recognise_page(path: str, kind: str, index: int, options: BatchOptions) -> OcrPage | str:
    """One page of a :class:`Deferred` file, under the time limit (per page); an error is the
    message for the user (the file then fails as a whole, naming the page)."""
    try:
        with _Alarm(options.timeout):
            return ocr.recognise_file_page(path, kind, index, options.max_bytes)
    except FileTimeout:
        return (f"第{index + 1}页文字识别超时（超过 {options.timeout:g} 秒），已跳过该文件；"
                "可用 --timeout 调整上限（按页计）")
    except ExtractError as exc:
        return f"第{index + 1}页：{exc}"
    except MemoryError:
        return f"第{index + 1}页：内存不足，无法识别"
    except Exception as exc:  # an engine bug must not end the batch
        return f"第{index + 1}页文字识别出错：{type(exc).__name__}: {exc}"


def _finish(
    checker: Checker, job: Deferred, found: dict[int, OcrPage | str],
    options: BatchOptions, allowlist: Allowlist | None,
) -> FileResult:
    """The file checked with its recognised pages, or the first page's error."""
    errors = [found[i] for i in job.pages if isinstance(found.get(i), str)]
    if errors:
        return FileResult.model_construct(path=job.path, error=str(errors[0]), kind=job.kind)
    pages = {i + 1: p for i, p in found.items() if isinstance(p, OcrPage)}
    return check_path(checker, job.path, options, allowlist, pages=pages)


PageProgress = Callable[[str, int, int], None]
"""``(path, pages done, pages in all)`` after each recognised page of a scan."""


# --- the pool -----------------------------------------------------------------------------------

_worker_checker: Checker | None = None
_worker_options: BatchOptions | None = None
_worker_allowlist: Allowlist | None = None


def die_with_parent(parent: int | None = None) -> None:
    """End this worker when the process that started it dies (issue 11 A.7: after SIGTERM or
    SIGKILL of the command line, its workers ran on with parent 1, for half an hour and more).

    On Linux the kernel does it: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``.  Everywhere (and as a
    second line on Linux) a daemon thread watches the parent's pid once a second and exits
    the process when it changes — the parent is gone and the worker was re-parented."""
    parent = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc / no prctl
            pass
        if os.getppid() != parent:  # died before prctl took effect
            os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="baomi-parent-watch", daemon=True).start()


def _init_worker(options: BatchOptions, parent: int | None = None) -> None:
    global _worker_checker, _worker_options, _worker_allowlist
    die_with_parent(parent)
    # Ctrl-C goes to the whole process group; let the parent decide and shut the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent turns SIGTERM into an interrupt; a worker told to stop just stops.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Every core already runs a worker: one recognition thread each (ONNX Runtime would
    # otherwise start a thread per core in every worker and oversubscribe the machine).
    ocr.configure(mode=options.ocr, threads=1)
    if _worker_checker is None or _worker_options != options:
        _worker_checker = build_checker(options)
        _worker_allowlist = load_allowlist(options)
        _worker_options = options


# --- results across the process boundary -------------------------------------------------------

_FILE_FIELDS = tuple(f for f in FileResult.model_fields if f != "report")
_REPORT_FIELDS = tuple(f for f in Report.model_fields if f != "findings")
_FINDING_FIELDS = tuple(f for f in Finding.model_fields if f != "occurrences")
_OCC_FIELDS = tuple(Occurrence.model_fields)
_MASKED_FIELDS = tuple(f.name for f in dataclass_fields(MaskedRecord))
_M = TypeVar("_M", bound=BaseModel)
_ORDER: dict[type[BaseModel], list[str]] = {
    cls: list(cls.model_fields) for cls in (FileResult, Report, Finding, Occurrence)}


class Compact(tuple):  # type: ignore[type-arg]
    """A :class:`FileResult` as nested tuples of plain values, the way a worker sends it to
    the parent (issue 17, lever ``compact_results``).

    A pickled pydantic model carries, for every finding and occurrence, its class, a state
    dictionary with the field names and its set of fields given; the parent unpickles all of
    that in the pool's result thread.  Here the field names are sent once, as the order of
    :data:`_FINDING_FIELDS` (taken from the models, so a field added to a model travels
    too), and values only.  Masked records (a dozen per roster, :class:`MaskedRecord`) become
    plain tuples.  :func:`expand` rebuilds exactly the same objects: every report format's
    output is byte for byte the same (``tests/speed/test_batch_levers.py``).

    Measured (2,000 generated documents, ``--jobs 2``, five alternating rounds): the workers'
    pickling is twice as fast and a third smaller, the parent's CPU is the same (0.97×,
    0.78–1.18; rebuilt through pydantic's own ``__setstate__``, as unpickling does; through
    ``model_construct`` it was 1.2× the plain path's), wall time the same (1.01×)."""

    __slots__ = ()


def compact(r: FileResult) -> Compact:
    rep = r.report
    report: tuple[object, ...] | None = None
    if rep is not None:
        findings = tuple(
            (*(getattr(f, k) for k in _FINDING_FIELDS),
             tuple(tuple(getattr(o, k) for k in _OCC_FIELDS) for o in f.occurrences))
            for f in rep.findings
        )
        masked = tuple(tuple(getattr(m, k) for k in _MASKED_FIELDS) for m in rep._masked)
        report = (*(getattr(rep, k) for k in _REPORT_FIELDS), findings, masked)
    return Compact((*(getattr(r, k) for k in _FILE_FIELDS), report))


def _rebuilt(cls: type[_M], values: dict[str, object], private: dict[str, object] | None = None
             ) -> _M:
    """A model from values it already had, the way unpickling rebuilds one (pydantic's own
    ``__setstate__``): no validation, no defaults to fill — every field is in ``values``."""
    if list(values) != _ORDER[cls]:  # the fields' order is the JSON key order
        values = {k: values[k] for k in _ORDER[cls]}
    m = cls.__new__(cls)
    m.__setstate__({"__dict__": values, "__pydantic_fields_set__": set(values),
                    "__pydantic_extra__": None, "__pydantic_private__": private})
    return m


def expand(c: Compact) -> FileResult:
    """The :class:`FileResult` a :class:`Compact` was made from."""
    *head, report = c
    values: dict[str, object] = dict(zip(_FILE_FIELDS, head, strict=True))
    if report is None:
        values["report"] = None
    else:
        *rhead, findings, masked = report
        rvalues: dict[str, object] = dict(zip(_REPORT_FIELDS, rhead, strict=True))
        built: list[Finding] = []
        for *fhead, occs in findings:
            fvalues: dict[str, object] = dict(zip(_FINDING_FIELDS, fhead, strict=True))
            fvalues["occurrences"] = [
                _rebuilt(Occurrence, dict(zip(_OCC_FIELDS, o, strict=True))) for o in occs
            ]
            built.append(_rebuilt(Finding, fvalues))
        rvalues["findings"] = built
        values["report"] = _rebuilt(Report, rvalues,
                                    {"_masked": [MaskedRecord(*m) for m in masked]})
    return _rebuilt(FileResult, values)


def _out(r: FileResult) -> FileResult | Compact:
    """What a worker sends back for a checked file."""
    from . import levers

    return compact(r) if levers.active.compact_results else r


def _received(r: object) -> FileResult:
    """A worker's result as the parent yields it (either form: the lever is read in the
    worker)."""
    return expand(r) if isinstance(r, Compact) else r  # type: ignore[return-value]


def _work(paths: list[str]) -> list[FileResult | Compact | Deferred]:
    assert _worker_checker is not None and _worker_options is not None
    out: list[FileResult | Compact | Deferred] = []
    for p in paths:
        r = _plan(_worker_checker, p, _worker_options, _worker_allowlist)
        out.append(r if isinstance(r, Deferred) else _out(r))
    return out


def _work_page(path: str, kind: str, index: int) -> OcrPage | str:
    assert _worker_options is not None
    return recognise_page(path, kind, index, _worker_options)


def _work_finish(job: Deferred, found: dict[int, OcrPage | str]) -> list[FileResult | Compact]:
    assert _worker_checker is not None and _worker_options is not None
    return [_out(_finish(_worker_checker, job, found, _worker_options, _worker_allowlist))]


def _chunk_size(n_files: int, jobs: int) -> int:
    """Files per task: small folders keep one file per task (results stream at once), large
    ones send a few at a time so the parent is not kept busy with one future per file."""
    return max(1, min(16, n_files // (jobs * 8)))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# --- how many processes when none were asked for ------------------------------------------------

POOL_START_BYTES = 256 * 1024
"""What starting a pool costs, as bytes of checking one process gets through meanwhile (the
default of ``serial-below`` in the configuration).

Measured on a 2-core machine shared with other work (``benchmarks/batch_scaling.py --only
costs`` prints the costs and this figure; re-derive it there when the engine gets faster):
forking the workers and their first check (lazy tables built again in each worker) take
0.11–0.24 s of wall clock, while one process checks 0.4–1.9 MB of small text files per second
(1.9 once the issue-17 levers were in), so the pool's start costs 100–225 KB of checking;
a little margin on top."""

FILE_BYTES = 750
"""The fixed cost of one file (stat, open, reader, report: 0.4 ms measured) as bytes of
checking."""

PARENT_FILE_BYTES = 200
"""The parent's own cost per file in a pool (sending the task, receiving and rebuilding the
result: 0.07–0.14 ms of CPU measured), as bytes of checking.  With as many workers as cores
the parent competes with them for a core, so it counts against the pool's gain."""

OCR_FILE_BYTES = 1024 * 1024
"""An image to recognise costs about a second (one page of text recognition), whatever its
size: counted as at least this many bytes of checking."""

POOL_MARGIN = 0.75
"""The pool is chosen only when its estimated wall time is below this share of one
process's: a pool on a shared machine gets less than it asks for, and a serial run that was
estimated a little slower costs little."""


def _sizes(files: Sequence[str], ocr_mode: str) -> Iterator[int]:
    """Cost of each file as bytes of checking (see :func:`choose_jobs`).  An archive member
    counts as an equal share of its archive; a file that cannot be stat-ed as one fixed cost
    (it will be an error row)."""
    from .extract.registry import IMAGE_SUFFIXES
    from .walk import MEMBER_SEP

    archives: dict[str, tuple[int, int]] = {}
    for path in files:
        if MEMBER_SEP in path:
            outer = path.split(MEMBER_SEP, 1)[0]
            if not archives:
                for p in files:
                    if MEMBER_SEP in p:
                        o = p.split(MEMBER_SEP, 1)[0]
                        size, n = archives.get(o, (-1, 0))
                        archives[o] = (size, n + 1)
            size, n = archives[outer]
            if size < 0:
                try:
                    size = os.stat(outer).st_size
                except OSError:
                    size = 0
                archives[outer] = (size, n)
            yield size // max(1, n) + FILE_BYTES
            continue
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        dot = path.rfind(".")
        if ocr_mode != "never" and dot >= 0 and path[dot:].lower() in IMAGE_SUFFIXES:
            size = max(size, OCR_FILE_BYTES)
        yield size + FILE_BYTES


def choose_jobs(
    files: Sequence[str],
    jobs: int | None = None,
    *,
    serial_below: int | None = None,
    ocr_mode: str = "auto",
) -> int:
    """The number of processes for checking ``files``: ``jobs`` when given (always honoured,
    capped by the number of files); otherwise every core, unless a pool would not pay for its
    start — then one.

    Issue 17: on 30 small files the default (a pool on every core) lost to ``--jobs 1`` in
    every one of five alternating pairs.  The estimate, in bytes of checking (``W``: the
    files' sizes plus :data:`FILE_BYTES` each; ``j`` workers; ``n`` files; ``serial_below``
    the pool's start, :data:`POOL_START_BYTES` by default)::

        pool  ≈ serial_below + max((W + n × PARENT_FILE_BYTES) / j, largest file)
        serial = W

    and the pool is used when it is below :data:`POOL_MARGIN` × serial.  On two cores this
    keeps batches of small text files up to about 1.1 MB in one process (30 notices of
    4 KB are 130 KB) and starts the pool for a folder of about 230 such notices or more, or
    two large files.  Files are stat-ed only until the answer is clear, so a folder of 100 000 files
    does not wait for 100 000 stats.

    With ``levers.active.auto_jobs`` off, the old rule: every core, capped by the files."""
    n = len(files)
    if jobs is not None:
        return max(1, min(jobs, max(1, n)))
    cores = min(default_jobs(), max(1, n))
    from . import levers

    if cores == 1 or not levers.active.auto_jobs:
        return cores
    start = POOL_START_BYTES if serial_below is None else serial_below
    total = largest = 0
    for seen, cost in enumerate(_sizes(files, ocr_mode), start=1):
        total += cost
        largest = max(largest, cost)
        # A pool once the files seen so far justify it: more files only add to the gain
        # (each costs the parent less than it saves: FILE_BYTES > PARENT_FILE_BYTES).
        if _pool_pays(total, largest, seen, cores, start):
            return cores
    return 1


def _pool_pays(total: int, largest: int, n: int, jobs: int, start: int) -> bool:
    pooled = start + max((total + n * PARENT_FILE_BYTES) / jobs, largest)
    return pooled < POOL_MARGIN * total

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor


def run_batch(
    files: Sequence[str],
    options: BatchOptions,
    jobs: int | None = None,
    checker: Checker | None = None,
    allowlist: Allowlist | None = None,
    on_page: PageProgress | None = None,
    page_jobs: int | None = None,
) -> Iterator[FileResult]:
    """Check ``files`` and yield results as they finish (completion order with a pool).

    ``checker`` (already built, e.g. to validate the rules before any output) is reused for
    in-process runs and inherited by forked workers.  Scans are recognised page by page
    (:class:`Deferred`): in the pool when more than one job is allowed — also for a single
    scanned file — and ``on_page`` hears of every recognised page.  ``page_jobs``: the
    processes a scan's pages may use when the batch itself runs in one (default ``jobs``; the
    command line passes every core when it chose one process for a few small files, see
    :func:`choose_jobs`)."""
    global _worker_checker, _worker_options, _worker_allowlist
    ocr.configure(mode=options.ocr)
    allowed = max(1, jobs or default_jobs())
    jobs = min(allowed, max(1, len(files)))
    if page_jobs is not None:
        allowed = max(allowed, page_jobs)
    if checker is None:
        checker = build_checker(options)
    if allowlist is None:
        allowlist = load_allowlist(options)
    # Inherited by forked workers, which then skip building their own.
    _worker_checker, _worker_options, _worker_allowlist = checker, options, allowlist
    if jobs == 1:
        for path in files:
            planned = _plan(checker, path, options, allowlist)
            if isinstance(planned, FileResult):
                yield planned
            elif allowed > 1:  # one scanned file, several cores: its pages go to a pool
                yield from _pooled([], options, min(allowed, len(planned.pages)), on_page,
                                   deferred=[planned])
            else:
                found: dict[int, OcrPage | str] = {}
                for n, index in enumerate(planned.pages, start=1):
                    found[index] = recognise_page(path, planned.kind, index, options)
                    if on_page is not None:
                        on_page(path, n, len(planned.pages))
                yield _finish(checker, planned, found, options, allowlist)
        return
    yield from _pooled(files, options, jobs, on_page)


def _pooled(
    files: Sequence[str],
    options: BatchOptions,
    jobs: int,
    on_page: PageProgress | None = None,
    deferred: Sequence[Deferred] = (),
) -> Iterator[FileResult]:
    """The pool loop.  A worker that dies (killed, out of memory, a crash in a C library)
    breaks the whole pool and fails every task in flight, not only its own: the pool is then
    restarted, and the files of the failed tasks are checked again one at a time, so only the
    file that really kills a worker is reported as an error and the rest of the batch goes on.

    Three kinds of task share the pool: a chunk of files; one page of a scan to recognise (a
    file's check came back :class:`Deferred`); and a scan's final check once all its pages are
    recognised.  Pages go before new files so a scan's result is not held up behind the rest
    of the folder."""
    # Imported here: a one-file run (a pre-commit hook) never starts a pool.
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                   initargs=(options, os.getpid()))

    pool = new_pool()
    owner: dict[Future[object], ProcessPoolExecutor] = {}
    """The pool each task went to (a task can outlive the pool it was sent to)."""
    broken_at: dict[ProcessPoolExecutor, float] = {}

    def submit(fn: Callable[..., object], *args: object) -> Future[object]:
        nonlocal pool
        try:
            fut = pool.submit(fn, *args)
        except BrokenProcessPool:  # a worker died while idle: start afresh, once
            pool.shutdown(wait=True, cancel_futures=True)
            pool = new_pool()
            fut = pool.submit(fn, *args)
        owner[fut] = pool
        return fut

    def orphaned(fut: Future[object]) -> bool:
        """A task that will never finish: its pool broke more than :data:`ORPHAN_GRACE`
        seconds ago and its clean-up did not fail it.  ``submit`` and the pool's own
        clean-up after a dying worker race (CPython 3.11: ``terminate_broken`` marks the pool
        broken without the lock ``submit`` holds), so a task sent at that moment is neither
        run nor failed — and waiting for it hung the batch with every worker gone."""
        if fut.done():
            return False
        p = owner[fut]
        if not getattr(p, "_broken", False):
            return False
        since = broken_at.setdefault(p, time.monotonic())
        return time.monotonic() - since >= ORPHAN_GRACE

    Task = tuple[str, object, bool]
    """``("files", chunk, alone)``, ``("page", (job, index), _)`` or ``("finish", job, _)``."""
    scans: dict[str, tuple[Deferred, dict[int, OcrPage | str]]] = {}
    page_queue: deque[tuple[Deferred, int]] = deque()
    ready: deque[Deferred] = deque()
    """Scans whose pages are all recognised, waiting for their final check."""

    def start_scan(job: Deferred) -> None:
        scans[job.path] = (job, {})
        page_queue.extend((job, i) for i in job.pages)

    for job in deferred:
        start_scan(job)

    try:
        pending: dict[Future[object], Task] = {}
        size = _chunk_size(len(files), jobs)
        chunks = [list(files[i:i + size]) for i in range(0, len(files), size)]
        chunks.reverse()
        suspects: list[str] = []
        """Files of tasks a dying worker took down with it, re-checked one at a time."""
        # Keep a bounded number of tasks in flight: streaming starts at once and memory stays
        # flat on folders of 100 000 files.
        limit = jobs * 4

        def page_done(job: Deferred, index: int, got: OcrPage | str) -> None:
            found = scans[job.path][1]
            found[index] = got
            if on_page is not None:
                on_page(job.path, len(found), len(job.pages))
            if len(found) == len(job.pages):
                ready.append(job)

        finishing: dict[str, dict[int, OcrPage | str]] = {}
        """The recognised pages of scans whose final check is in flight."""

        def take(fut: Future[object]) -> Task:
            """Remove a finished (or failed) task from the books."""
            owner.pop(fut, None)
            task = pending.pop(fut)
            if task[0] == "finish":
                finishing.pop(task[1].path, None)  # type: ignore[attr-defined]
            return task

        def resend(fut: Future[object]) -> None:
            """Queue an orphaned task again: it never reached a worker."""
            owner.pop(fut, None)
            what, payload, alone = pending.pop(fut)
            if what == "files":
                chunk: list[str] = payload  # type: ignore[assignment]
                if alone:
                    suspects.append(chunk[0])
                else:
                    chunks.append(chunk)
            elif what == "page":
                page_queue.appendleft(payload)  # type: ignore[arg-type]
            else:
                job: Deferred = payload  # type: ignore[assignment]
                scans[job.path] = (job, finishing.pop(job.path))
                ready.appendleft(job)

        def deliver(what: str, payload: object, got: object) -> Iterator[FileResult]:
            """A finished task's result: a page to its scan; a chunk's reports yielded, its
            scans started."""
            if what == "page":
                job, index = payload  # type: ignore[misc]
                page_done(job, index, got)  # type: ignore[arg-type]
                return
            for r in got:  # type: ignore[attr-defined]
                if isinstance(r, Deferred):
                    start_scan(r)
                else:
                    yield _received(r)

        while chunks or suspects or pending or page_queue or ready:
            while ready:
                job = ready.popleft()
                found = finishing[job.path] = scans.pop(job.path)[1]
                pending[submit(_work_finish, job, found)] = ("finish", job, True)
            if suspects:
                if not pending:
                    path = suspects.pop()
                    pending[submit(_work, [path])] = ("files", [path], True)
            else:
                while page_queue and len(pending) < limit:
                    job, index = page_queue.popleft()
                    pending[submit(_work_page, job.path, job.kind, index)] = (
                        "page", (job, index), False)
                while chunks and len(pending) < limit:
                    chunk = chunks.pop()
                    pending[submit(_work, chunk)] = ("files", chunk, False)
            done, _ = wait(pending, timeout=_POLL, return_when=FIRST_COMPLETED)
            if not done:
                lost = [fut for fut in pending if orphaned(fut)]
                if lost:  # a broken pool's clean-up died: nothing of it will finish
                    dead = {owner[fut] for fut in lost}
                    for fut in [f for f in pending if owner[f] in dead]:
                        resend(fut)
                    if pool in dead:
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = new_pool()
                continue
            broken = False
            for fut in done:
                what, payload, alone = take(fut)
                try:
                    got = fut.result()
                except BrokenProcessPool as exc:
                    broken = True
                    yield from _lost(what, payload, alone, exc, suspects, page_done)
                    continue
                except Exception as exc:  # an error outside check_path (pickling …)
                    yield from _failed(what, payload, exc, page_done)
                    continue
                yield from deliver(what, payload, got)
            if broken:
                # Every other task in flight fails with the pool (or finished just before);
                # one sent while the pool was breaking is never run, nor failed: sent again.
                wait(pending, timeout=ORPHAN_GRACE)
                for fut in list(pending):
                    if not fut.done() and getattr(owner[fut], "_broken", False):
                        resend(fut)
                        continue
                    what, payload, alone = take(fut)
                    try:
                        got = fut.result()
                    except Exception as exc:
                        yield from _lost(what, payload, False, exc, suspects, page_done)
                        continue
                    yield from deliver(what, payload, got)
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_POLL = 1.0
"""Seconds between checks for orphaned tasks while waiting for results."""
ORPHAN_GRACE = 3.0
"""Seconds a broken pool has to fail its tasks itself (it takes milliseconds) before a task
still neither done nor failed is taken for one that never reached a worker."""


def _lost(
    what: str, payload: object, alone: bool, exc: BaseException, suspects: list[str],
    page_done: Callable[[Deferred, int, OcrPage | str], None],
) -> Iterator[FileResult]:
    """A task the pool lost with a dying worker."""
    if what == "files":
        chunk: list[str] = payload  # type: ignore[assignment]
        if alone:
            yield FileResult.model_construct(
                path=chunk[0],
                error=f"检查进程在处理该文件时异常退出（可能内存不足或文件异常）：{exc}",
            )
        else:
            suspects.extend(reversed(chunk))
    elif what == "page":
        job, index = payload  # type: ignore[misc]
        page_done(job, index, f"第{index + 1}页：识别进程异常退出（可能内存不足或文件异常）")
    else:
        job = payload  # type: ignore[assignment]
        yield FileResult.model_construct(
            path=job.path,  # type: ignore[attr-defined]
            error=f"检查进程在处理该文件时异常退出（可能内存不足或文件异常）：{exc}",
        )


def _failed(
    what: str, payload: object, exc: BaseException,
    page_done: Callable[[Deferred, int, OcrPage | str], None],
) -> Iterator[FileResult]:
    message = f"内部错误：{type(exc).__name__}: {exc}"
    if what == "files":
        for path in payload:  # type: ignore[attr-defined]
            yield FileResult.model_construct(path=path, error=message)
    elif what == "page":
        job, index = payload  # type: ignore[misc]
        page_done(job, index, message)
    else:
        yield FileResult.model_construct(path=payload.path, error=message)  # type: ignore[attr-defined]
