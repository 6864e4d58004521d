"""baomi_check — pre-publication confidentiality review (保密审查) for Chinese documents.

>>> from baomi_check import check
>>> check("机密★5年").verdict
'block'
"""

from __future__ import annotations

from .config import CheckConfig
from .engine import Checker, check
from .models import CATEGORIES, Finding, Report, Severity
from .rulepack import RuleError

__all__ = [
    "CATEGORIES",
    "CheckConfig",
    "Checker",
    "Finding",
    "Report",
    "RuleError",
    "Severity",
    "check",
]
__version__ = "0.1.0"
