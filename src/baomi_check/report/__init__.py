"""Report writers: one entry point, one module per format.

>>> import io
>>> from baomi_check.models import FileResult
>>> out = io.StringIO()
>>> write_results([FileResult(path="a.txt", error="无法读取")], "jsonl", out)
>>> out.getvalue().startswith('{"path":"a.txt"')
True

Every writer masks identifiers unless ``show_values=True`` (see :mod:`.common`), shows files that
could not be checked (``FileResult.error``), and consumes the results lazily: ``jsonl`` writes
and flushes one line per file as each arrives, ``text``/``csv``/``json`` write per file too, and
only ``sarif`` and ``html`` (whose summaries and rule tables need the whole batch) wait for the
end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from ..models import FileResult
from . import csv_, html, json_, jsonl, sarif, text
from .common import RenderOptions, TextSource

Writer = Callable[[Iterable[FileResult], TextIO, RenderOptions], None]

WRITERS: dict[str, Writer] = {
    "text": text.write,
    "json": json_.write,
    "jsonl": jsonl.write,
    "csv": csv_.write,
    "sarif": sarif.write,
    "html": html.write,
}
FORMATS: tuple[str, ...] = tuple(WRITERS)
"""The names ``--format`` accepts."""


def write_results(
    results: Iterable[FileResult],
    fmt: str,
    out: TextIO,
    *,
    show_values: bool = False,
    color: bool = False,
    texts: TextSource | None = None,
    fingerprint_key: bytes | None = None,
) -> None:
    """Write ``results`` to ``out`` in format ``fmt`` (one of :data:`FORMATS`).

    ``texts`` gives a document's checked text for the HTML view and SARIF context (default:
    re-extract the file and use it only if all offsets still match); ``fingerprint_key`` is
    the key for SARIF fingerprints (default: the baseline key from the environment or
    ``.baomi-check.key``)."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}") from None
    from .. import __version__

    opts = RenderOptions(
        show_values=show_values,
        color=color,
        texts=texts,
        fingerprint_key=fingerprint_key,
        tool_version=__version__,
    )
    writer(iter(results), out, opts)


__all__ = ["FORMATS", "RenderOptions", "write_results"]
