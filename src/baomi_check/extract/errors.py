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
