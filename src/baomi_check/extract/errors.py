"""Errors that make one file uncheckable.  Their message is shown to the user as is, so it
says what is wrong and what to do, in Chinese (the reviewers' language)."""

from __future__ import annotations

from ..budget import BudgetExceeded


class ExtractError(Exception):
    """The file cannot be turned into text (corrupt, encrypted, legacy format, too large …)."""


class FileTimeout(ExtractError, BudgetExceeded):
    """Extracting or checking one file took longer than the per-file time limit.

    A :class:`~baomi_check.budget.BudgetExceeded`, so the engine lets it through instead of
    treating it as one failed detector and going on with the others (issue 11 A.5)."""


DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""The default per-file size limit (``--max-file-size``)."""


def format_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def too_large(size: int | None, limit: int) -> str:
    """The size-limit message with exact byte counts: "50.0 MB, limit 50.0 MB" hid that the
    file was larger by a few bytes."""
    shown = f"{size:,} 字节，" if size is not None else "超过上限，"
    return (
        f"文件过大（{shown}上限 {limit:,} 字节 = {format_size(limit)}），已跳过；"
        "可用 --max-file-size 调整上限"
    )
