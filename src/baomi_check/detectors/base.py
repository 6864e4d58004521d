"""The detector interface: the normalized document in, candidate findings out.

A detector is built once per :class:`~baomi_check.Checker` from the rule pack (so compiled
automata and regexes are shared by every call) and then called once per document.  It does no
I/O, prints nothing and keeps no per-document state between calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol

from ..models import Category, Severity

if TYPE_CHECKING:
    from ..config import CheckConfig
    from ..normalize import Normalized
    from ..rulepack import RulePack

Space = Literal["view", "terms", "original"]


@dataclass
class Candidate:
    """A finding before overlap resolution, in the coordinates of one of the document's views."""

    rule_id: str
    category: Category
    severity: Severity
    start: int
    end: int
    message: str
    space: Space = "view"
    suggestion: str | None = None
    confidence: float = 0.9
    matched: str | None = None
    masked: str | None = None
    """Display form with identifiers masked (set by identifier detectors)."""
    priority: int = 0
    """Among overlapping candidates of the same overlap group, the higher priority wins
    (id_card > credit_code > bank_card > mobile_phone > landline)."""
    group: str | None = None
    """Overlap group; defaults to the category.  Identifier detectors share ``"pii"``."""
    extra: dict[str, object] = field(default_factory=dict)


class Detector(Protocol):
    """What every detector provides."""

    name: ClassVar[str]

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> Detector:
        """Compile whatever the detector needs from the pack, once."""
        ...

    def detect(self, doc: Normalized) -> list[Candidate]:
        """Candidates found in one document."""
        ...
