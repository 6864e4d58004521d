"""Signs that a page was machine-converted or mirrored (cn-formats §7).

Catches the Traditional-with-inline-pinyin artefact (``鎮(zhèn)``, ``機(jī)制``) that mirror and
spam copies of government pages carry.  The normalizer already decided, per document, whether
the artefact is present (≥3 annotations, or one per 500 characters) and stripped the
annotations from the view; this detector turns that decision into one ``review`` finding on the
first annotation, with the count, so a reviewer sees the signal once rather than 200 times.

A single legitimate annotation (a notice explaining a rare character in a name) is below the
gate and never reported.  Hidden HTML content is reported by the HTML extractor, which knows
about CSS; this detector sees only text.
"""

from __future__ import annotations

from typing import ClassVar

from ..config import CheckConfig
from ..models import Severity
from ..normalize import Normalized
from ..rulepack import RulePack
from .base import Candidate


class TamperingDetector:
    name: ClassVar[str] = "tampering"

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> TamperingDetector:
        return cls()

    def detect(self, doc: Normalized) -> list[Candidate]:
        if not doc.pinyin:
            return []
        a, b = doc.pinyin[0]
        start = max(0, a - 1)  # include the annotated character: 鎮(zhèn)
        return [
            Candidate(
                rule_id="tampering.pinyin_conversion",
                category="tampering",
                severity=Severity.REVIEW,
                start=start,
                end=b,
                space="original",
                message=(
                    f"全文疑经机器繁体转换并夹注拼音（共{len(doc.pinyin)}处，如“{doc.original[start:b]}”），"
                    "常见于镜像站或被篡改的页面"
                ),
                suggestion="核对该页面是否为本单位原始发布内容，排查镜像或篡改；已在检查时忽略拼音注音",
                confidence=0.95,
            )
        ]
