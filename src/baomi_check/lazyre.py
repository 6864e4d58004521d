"""Patterns compiled on first use.

Compiling the module-level patterns of the detectors costs tens of milliseconds, paid by every
process before its first file, while many texts never reach most of them (a text without ``密``
never runs the marking grammar, one without ``<`` never the hidden-link patterns).  A
:class:`LazyPattern` stands in for the compiled object and compiles on the first attribute
access, then forwards to it.  Thread-safe in the way that matters: two threads racing compile
the same pattern twice, and either result is correct.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyPattern:
    """``<module>.compile(pattern, flags)`` deferred until a method of the pattern is first used
    (the module too: importing ``regex`` alone costs ~15 ms)."""

    __slots__ = ("_flags", "_module", "_pattern", "_source")

    def __init__(self, module: str, source: str, flags: int = 0) -> None:
        self._module = module
        self._source = source
        self._flags = flags
        self._pattern: Any = None

    def __getattr__(self, name: str) -> Any:
        # Only reached for names the proxy does not have itself: the pattern's methods.
        pattern = self._pattern
        if pattern is None:
            compile_ = importlib.import_module(self._module).compile
            pattern = self._pattern = compile_(self._source, self._flags)
        return getattr(pattern, name)

    def __repr__(self) -> str:
        state = "compiled" if self._pattern is not None else "not compiled yet"
        return f"LazyPattern({self._module}, {self._source!r}, {state})"


def lazy_regex(pattern: str, flags: int = 0) -> Any:
    """A ``regex`` module pattern compiled on first use (typed ``Any``: it quacks like one)."""
    return LazyPattern("regex", pattern, flags)


def lazy_re(pattern: str, flags: int = 0) -> Any:
    """A standard-library ``re`` pattern compiled on first use."""
    return LazyPattern("re", pattern, flags)
