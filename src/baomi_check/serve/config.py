"""The settings of one ``baomi-check serve`` process.

A frozen, picklable dataclass: the check workers receive it in their initializer, so they build
the same checker and apply the same limits as the process that answers HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extract import DEFAULT_MAX_BYTES

DEFAULT_MAX_REQUEST = 20 * 1024 * 1024
"""Default request body limit: a long Word document with pictures is a few MB; a CMS that
posts more than this is posting something other than a draft."""
DEFAULT_TIME_LIMIT = 30.0
"""Default seconds per request (extraction + check + serialization in the worker)."""


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    """Check processes (the pool); the HTTP side is one asyncio process."""
    queue: int = 0
    """Jobs allowed to wait for a free worker; 0 means ``4 × workers``.  One more is a 503."""
    max_request_bytes: int = DEFAULT_MAX_REQUEST
    max_file_bytes: int = DEFAULT_MAX_BYTES
    """The command line's per-file limit; an upload is also bounded by the request limit."""
    time_limit: float = DEFAULT_TIME_LIMIT
    upload_timeout: float = 60.0
    """Seconds to receive a request body (a client that trickles bytes is cut off: 408)."""
    token: str | None = field(default=None, repr=False)
    """Bearer token required on ``/v1/*`` and ``/metrics`` when set (never printed)."""
    allow_show_values: bool = False
    """Only then may a request ask for unmasked identifiers (``?show_values=true``)."""
    cors_origins: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    replace_rules: bool = False
    allowlist: str | None = None
    retry_after: int = 2
    """Seconds suggested to a client turned away because the queue is full."""

    @property
    def capacity(self) -> int:
        """Jobs admitted at once: one running per worker plus the waiting queue."""
        return self.workers + (self.queue if self.queue > 0 else 4 * self.workers)
