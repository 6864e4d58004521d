"""Detectors: small, uniform units from the normalized document to candidate findings.

Adding a detector is adding a module with a class that follows :class:`base.Detector` and
listing it in :data:`DEFAULT_DETECTORS`.  The data each one needs comes from ``rules/``.
"""

from __future__ import annotations

from .base import Candidate, Detector
from .columns import ColumnDetector
from .identifiers import IdentifierDetector
from .markings import MarkingDetector
from .patterns import PatternDetector
from .prose import ProsePersonalDetector
from .spam import SpamStructureDetector
from .tampering import TamperingDetector
from .terms import TermDetector

DEFAULT_DETECTORS: list[type[Detector]] = [
    TamperingDetector,
    MarkingDetector,
    PatternDetector,
    TermDetector,
    SpamStructureDetector,
    IdentifierDetector,
    ColumnDetector,
    ProsePersonalDetector,
]

__all__ = ["DEFAULT_DETECTORS", "Candidate", "Detector"]
