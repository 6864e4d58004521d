"""Switches for the speed levers of issue 17, all on by default.

Each lever is a faster path to exactly the findings of the plain path beside it.  The plain paths
stay for two reasons: they are the reference that the equivalence tests (``tests/speed/``)
compare the fast paths with on random, mangled text, and they are the *before* that
``benchmarks/run.py`` times against the *after* in the same run.  Users never need to touch
these switches; a wrong fast path is found by the tests, not by a reviewer.

Code reads ``levers.active.<name>`` at call time, never at build time, so that one built
:class:`~baomi_check.engine.Checker` can be timed both ways::

    with levers.override(anchors=False):
        checker.check(text)

Child processes (the batch workers, a benchmark's CLI runs) take the switched-off levers from
the environment: ``BAOMI_CHECK_LEVERS_OFF=anchors,identity``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

ENV = "BAOMI_CHECK_LEVERS_OFF"


@dataclass(frozen=True)
class Levers:
    identity: bool = True
    """Normalization: a text that needs no edit gets no views or offset maps built."""
    term_scan: bool = True
    """Terms and spam: the lexicon is searched only where one of its rare anchors occurs."""
    combined_patterns: bool = True
    """Pattern rules: one combined scan instead of one scan per rule."""
    anchors: bool = True
    """Identifiers, markings, prose and tables: work only around the anchors one cheap pass
    finds (digit runs, ★ and 密, name and health words …); a clean page does little else."""
    auto_jobs: bool = True
    """Batches: the default ``--jobs`` stays serial for a few or small files."""
    compact_results: bool = True
    """Batches: workers send compact, already masked records instead of whole reports."""


def names() -> list[str]:
    return [f.name for f in fields(Levers)]


def from_env(value: str | None = None) -> Levers:
    """The levers with those named in ``BAOMI_CHECK_LEVERS_OFF`` switched off (unknown names
    are an error: a misspelt switch would silently time the wrong thing)."""
    raw = os.environ.get(ENV, "") if value is None else value
    off = {n.strip() for n in raw.split(",") if n.strip()}
    unknown = off - set(names())
    if unknown:
        raise ValueError(f"{ENV}: unknown lever(s) {sorted(unknown)}; known: {names()}")
    return Levers(**{n: False for n in off})


active: Levers = from_env()


def off_list(lv: Levers | None = None) -> str:
    """The ``BAOMI_CHECK_LEVERS_OFF`` value that recreates ``lv`` in a child process."""
    lv = lv or active
    return ",".join(n for n in names() if not getattr(lv, n))


@contextmanager
def override(**switches: bool) -> Iterator[Levers]:
    """Switch levers for the duration of a block (benchmarks and tests; not thread-safe)."""
    global active
    before = active
    active = replace(before, **switches)
    try:
        yield active
    finally:
        active = before
