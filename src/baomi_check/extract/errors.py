"""Errors that make one file uncheckable.  Their message is shown to the user as is, so it
says what is wrong and what to do, in Chinese (the reviewers' language)."""

from __future__ import annotations


class ExtractError(Exception):
    """The file cannot be turned into text (corrupt, encrypted, legacy format, too large …)."""


class FileTimeout(ExtractError):
    """Extracting or checking one file took longer than the per-file time limit."""
