"""Report writers: one entry point, one module per format.

>>> import io
>>> from baomi_check.models import FileResult
>>> out = io.StringIO()
>>> write_results([FileResult(path="a.txt", error="无法读取")], "jsonl", out)
>>> out.getvalue().startswith('{"path":"a.txt"')
True

Every writer masks identifiers unless ``show_values=True`` (see :mod:`.common`), shows files that
could not be checked (``FileResult.error``).  ``jsonl`` writes and flushes one line per file as
each arrives (completion order); every other format is a final report that lists files sorted
by path, so the same run gives the same report every time.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TextIO

from ..models import FileResult, Severity
from .common import RenderOptions, TextSource

Writer = Callable[[Iterable[FileResult], TextIO, RenderOptions], None]

_MODULES: dict[str, str] = {
    "text": "text",
    "json": "json_",
    "jsonl": "jsonl",
    "csv": "csv_",
    "sarif": "sarif",
    "html": "html",
}
"""Format name → writer module; a run imports only the writer it uses (start-up time)."""
FORMATS: tuple[str, ...] = tuple(_MODULES)
"""The names ``--format`` accepts."""


def writer_for(fmt: str) -> Writer:
    """The ``write`` function of format ``fmt``; ``ValueError`` for an unknown name."""
    try:
        module = _MODULES[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}") from None
    write: Writer = importlib.import_module(f"{__name__}.{module}").write
    return write


def write_results(
    results: Iterable[FileResult],
    fmt: str,
    out: TextIO,
    *,
    show_values: bool = False,
    color: bool = False,
    texts: TextSource | None = None,
    fingerprint_key: bytes | None = None,
    min_severity: Severity | str = Severity.INFO,
) -> None:
    """Write ``results`` to ``out`` in format ``fmt`` (one of :data:`FORMATS`).

    ``texts`` gives a document's checked text for the HTML view and SARIF context (default:
    re-extract the file and use it only if all offsets still match); ``fingerprint_key`` is
    the key for SARIF fingerprints (default: the baseline key from the environment or
    ``.baomi-check.key``); ``min_severity`` leaves lower findings out of the listing (not out
    of verdicts, counts and summaries)."""
    writer = writer_for(fmt)
    from .. import __version__

    opts = RenderOptions(
        show_values=show_values,
        color=color,
        texts=texts,
        fingerprint_key=fingerprint_key,
        tool_version=__version__,
        min_severity=Severity.parse(min_severity),
    )
    if fmt not in STREAMED:
        # Files finish in whatever order the process pool completes them, so the same run gave
        # a differently ordered report each time (issue 11 B.12): final reports list files
        # sorted by path.  Only ``jsonl`` streams, in completion order, line by line.
        results = sorted(results, key=_by_path)
    writer(iter(results), out, opts)


STREAMED = frozenset({"jsonl"})
"""Formats written as results arrive (completion order); the others are sorted by path."""


def _by_path(r: FileResult) -> tuple[str, str]:
    return (r.path.replace("\\", "/"), r.path)


__all__ = ["FORMATS", "RenderOptions", "write_results", "writer_for"]
