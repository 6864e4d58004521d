"""Settings of one :class:`~baomi_check.Checker` that are not rule data.

Rule data (terms, patterns, context words, mask policy defaults) lives in ``rules/``; this model
holds the knobs a caller or the command line sets per run.  Kept deliberately small.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CheckConfig(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    header_lines: int = Field(default=6, ge=1, le=50)
    """How many non-empty lines at the top of a document (or an attachment) form the header
    zone where 密级 marks, 份号 and 紧急程度 stand (GB/T 9704-2012)."""
    pinyin_min_count: int = Field(default=3, ge=1)
    """Inline pinyin annotations needed before a document is treated as machine-converted."""
    pinyin_per_chars: int = Field(default=500, ge=1)
    """…or one annotation per this many characters, for short texts."""
    boundary_window: int = Field(default=8, ge=2, le=40)
    """Characters of context on each side given to jieba when checking a term hit."""
    regex_timeout: float = Field(default=2.0, gt=0)
    """Seconds one pattern may run on one text before it is abandoned (ReDoS guard)."""
    timeout: float | None = Field(default=60.0, ge=0)
    """Seconds one :meth:`~baomi_check.Checker.check` call may take (``None``/``0``: no limit).
    Past it the engine stops and returns an incomplete report (see :mod:`baomi_check.budget`);
    ``check(text, timeout=…)`` overrides it per call."""
    show_values: bool = False
    """Outputs mask identifiers unless this is set (the library's ``Finding.text`` is always
    exact; this only affects rendered outputs)."""
