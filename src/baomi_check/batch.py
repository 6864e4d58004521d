"""Batch checking: files and folders → a stream of :class:`~baomi_check.models.FileResult`.

A thin layer over :meth:`Checker.check` (architecture: "batch is a thin layer").  What it adds:

* **Walking** folders recursively in a stable order, with include/exclude globs, never following
  directory symlinks (no loops), skipping VCS and dependency folders and Office lock files
  (``~$draft.docx``).  A folder that cannot be listed becomes an error row, not a crash.
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

import fnmatch
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from .budget import Deadline
from .engine import Checker
from .extract import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ExtractError,
    FileTimeout,
    annotate,
    extract_file,
)
from .models import FileResult
from .suppress import Allowlist, apply_suppressions, unsuppressed_masks

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
    ".mypy_cache", ".pytest_cache", "~$*", ".~lock.*#",
)  # fmt: skip
"""Never walked into or checked: VCS metadata, environments, Office and LibreOffice lock files."""


@dataclass(frozen=True)
class BatchOptions:
    """Everything a worker needs to build its checker and check a file (picklable)."""

    rules: tuple[str, ...] = ()
    replace_rules: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = 60.0
    include: tuple[str, ...] = ()
    """Globs a file found by walking a folder must match; empty: the supported extensions."""
    exclude: tuple[str, ...] = field(default=DEFAULT_EXCLUDES)
    allowlist: str | None = None
    """An allow-list file (:mod:`baomi_check.suppress`); inline directives apply regardless."""


def build_checker(options: BatchOptions) -> Checker:
    """The checker for these options (raises :class:`~baomi_check.rulepack.RuleError`)."""
    if options.rules:
        return Checker.from_rules(*options.rules, replace=options.replace_rules)
    return Checker.default()


def load_allowlist(options: BatchOptions) -> Allowlist | None:
    """The allow-list for these options (raises :class:`~baomi_check.suppress.AllowlistError`)."""
    return Allowlist.load(options.allowlist) if options.allowlist else None


# --- walking ------------------------------------------------------------------------------------


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    """Does a relative POSIX path, its name or one of its parent folders match a glob?"""
    whole, part = _compiled_globs(tuple(patterns))
    if whole is not None and (whole.match(rel) or whole.match(rel.rsplit("/", 1)[-1])):
        return True
    return part is not None and any(part.match(p) for p in rel.split("/")[:-1])


def _matches_whole(path: str, patterns: Iterable[str]) -> bool:
    """Does a glob *with a folder in it* match the whole path?  Not folder names (the folders
    above a walked root are where the user stands, not something to exclude), not bare name
    globs (``docs*`` is about names, and would match every path under ``docs/``)."""
    whole, _ = _compiled_globs(_with_folders(tuple(patterns)))
    return whole is not None and whole.match(path) is not None


@lru_cache(maxsize=64)
def _with_folders(patterns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in patterns if "/" in p.strip("/").removeprefix("./"))


@lru_cache(maxsize=64)
def _compiled_globs(
    patterns: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """All globs as two regexes (whole path or name; one folder name), built once: a folder of
    thousands of files would otherwise run ``fnmatch`` per file × per glob × per folder."""
    whole: list[str] = []
    part: list[str] = []
    for pat in patterns:
        pat = pat.rstrip("/")
        while pat.startswith("./"):
            pat = pat[2:]
        if not pat:
            continue
        whole.append(fnmatch.translate(pat))
        if pat.startswith("**/"):
            whole.append(fnmatch.translate(pat[3:]))
        if "/" not in pat:
            part.append(fnmatch.translate(pat))
    return (
        re.compile("|".join(whole)) if whole else None,
        re.compile("|".join(part)) if part else None,
    )


def _as_given(full: Path) -> str:
    """A walked path as the user sees it: relative to the working directory when it is below
    it.  Globs are matched against this form as well as against the path inside the walked
    folder, so ``baomi-check docs --exclude 'docs/drafts/*'`` excludes what it says (the
    folder-relative form alone is ``drafts/…``)."""
    path = os.path.normpath(full)
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return Path(path).as_posix()
        if not rel.startswith(".."):
            path = rel
    return Path(path).as_posix()


def _matches_any_form(full: Path, given: str, patterns: Sequence[str]) -> bool:
    """Folder globs against the path as the user sees it and against the absolute path (the
    form a configuration file's globs take, see :func:`~baomi_check.settings.anchor_glob`)."""
    if _matches_whole(given, patterns):
        return True
    return _matches_whole(Path(os.path.abspath(full)).as_posix(), patterns)


@dataclass(frozen=True)
class WalkItem:
    path: str
    error: str | None = None


def iter_paths(
    paths: Sequence[str | Path],
    include: Sequence[str] = (),
    exclude: Sequence[str] = DEFAULT_EXCLUDES,
) -> Iterator[WalkItem]:
    """Files to check, in a stable order, plus error items for what cannot be walked.

    Files named explicitly are always checked (whatever their extension: pre-commit passes
    exactly the files its ``files:`` pattern selected) unless an exclude glob matches them;
    files found inside folders must also match ``include`` (default: supported extensions)."""
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            yield from _walk(p, include, exclude, seen)
        elif p.exists() or p.is_symlink():
            key = os.path.normpath(str(p))
            if key not in seen and not (
                _matches(Path(key).as_posix(), exclude) or _matches_any_form(p, key, exclude)
            ):
                seen.add(key)
                yield WalkItem(str(p))
        else:
            yield WalkItem(str(p), "路径不存在")


def _walk(
    root: Path, include: Sequence[str], exclude: Sequence[str], seen: set[str]
) -> Iterator[WalkItem]:
    stack: list[Path] = [root]
    with_folders = bool(_with_folders((*include, *exclude)))
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield WalkItem(str(folder), f"无法读取目录：{exc.strerror or exc}")
            continue
        subdirs: list[Path] = []
        for entry in entries:
            full = Path(entry.path)
            rel = full.relative_to(root).as_posix()
            given = _as_given(full) if with_folders else rel
            if _matches(rel, exclude) or (with_folders and _matches_any_form(full, given, exclude)):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(full)
                continue
            if include:
                if not _matches(rel, include) and not (
                    with_folders and _matches_any_form(full, given, include)
                ):
                    continue
            elif full.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            key = os.path.normpath(entry.path)
            if key not in seen:
                seen.add(key)
                yield WalkItem(entry.path)
        stack.extend(reversed(subdirs))


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
