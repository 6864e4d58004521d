"""Time limits of one check: a deadline the engine looks at between steps, and the exception
that ends the work when a hard limit fires.

Why both.  :meth:`Checker.check` takes a *budget* (``timeout=`` seconds; the default is
``CheckConfig.timeout``, 60 s): the engine looks at the deadline before every detector and every
window of a huge text, and once it has passed it stops and returns what it found so far as an
**incomplete** report (``incomplete=True``, a warning saying so, a verdict that is never
``pass``).  Every built-in pattern is linear-time (``tests/fuzz/test_redos.py``), so no single
step runs away.  The command line also arms a hard limit (``SIGALRM`` in the worker) around
reading *and* checking; that raises :class:`BudgetExceeded`, which the engine never mistakes for
a failed detector: it propagates, and the batch reports the file as an error.
"""

from __future__ import annotations

import time

TIMEOUT_WARNING = "检查超时（超过 {s:g} 秒），检查不完整：其后的检测步骤未执行，结果可能缺项"


class BudgetExceeded(Exception):
    """A hard time limit fired while checking; never swallowed by the engine's per-detector
    error handler (a timeout is not a detector bug, and the other detectors must not go on)."""


class Deadline:
    """A point in time after which the engine stops starting new steps."""

    __slots__ = ("at", "seconds")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds and seconds > 0 else None
        self.at = time.monotonic() + self.seconds if self.seconds else None

    def expired(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def remaining(self) -> float | None:
        """Seconds left (never below a millisecond), or ``None`` without a limit."""
        return None if self.at is None else max(0.001, self.at - time.monotonic())

    def warning(self) -> str:
        return TIMEOUT_WARNING.format(s=self.seconds or 0)
