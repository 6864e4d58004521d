"""Regular-expression rules from the pack (``patterns:``), with a scope and a timeout.

Internal-use markings (工作秘密, 内部资料　注意保存, （此件不公开）, 不得外传 …) and any customer
pattern are data in ``rules/``.  A rule's ``scope`` says where a match counts: ``any`` place,
only as a whole short ``line`` (a stamp or 附注 line, not a sentence that mentions the words), or
only as a whole line in the ``header`` zone.  Matches outside the scope are ignored unless the
rule gives an ``elsewhere`` severity.

Each pattern runs once over the whole view (one pass per rule, never per line × per rule), with
the ``regex`` module's timeout so a catastrophic pattern in a user's pack cannot hang a scan.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from ..config import CheckConfig
from ..literals import may_match, required_literals
from ..mask import mask_codes
from ..normalize import Normalized
from ..rulepack import PatternRule, RulePack
from .base import Candidate
from .zones import TRIM, header_lines, is_whole_line, line_index

if TYPE_CHECKING:
    import regex

log = logging.getLogger(__name__)


class PatternDetector:
    name: ClassVar[str] = "patterns"

    def __init__(self, rules: list[PatternRule], header_n: int, timeout: float) -> None:
        self.rules = rules
        self.header_n = header_n
        self.timeout = timeout
        # Characters each pattern's matches must contain: a pattern whose characters are absent
        # is skipped without a regex pass (see literals.py; sound, so results are unchanged).
        self._needs = [required_literals(r.regex) for r in rules]
        # Compiled on first use: most texts rule most patterns out by their literals alone, and
        # compiling all of them costs more than checking a small file.  The pack's loader has
        # already compiled each once to validate it, so this cannot fail here.
        self._compiled: list[regex.Pattern[str] | None] = [None] * len(rules)

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> PatternDetector:
        return cls(list(pack.patterns), config.header_lines, config.regex_timeout)

    def _pattern(self, i: int) -> regex.Pattern[str]:
        pat = self._compiled[i]
        if pat is None:
            import regex

            pat = self._compiled[i] = regex.compile(self.rules[i].regex, regex.V1)
        return pat

    def detect(self, doc: Normalized) -> list[Candidate]:
        out: list[Candidate] = []
        text = doc.text
        header: set[int] | None = None
        lines = doc.view_lines()
        chars = set(text)
        for i, (rule, need) in enumerate(zip(self.rules, self._needs, strict=True)):
            if not may_match(need, text, chars):
                continue
            pat = self._pattern(i)
            try:
                if rule.scope != "any" and rule.elsewhere is None:
                    # Only whole short lines can count: run the pattern on those lines alone
                    # instead of trying it at every position of every paragraph.
                    if rule.scope != "line" and header is None:
                        header = header_lines(doc, self.header_n)
                    matches = []
                    for li in _eligible(doc, rule, header):
                        a, b = lines[li]
                        # A match lies inside its line, so the line must hold the literals.
                        if may_match(need, text[a:b]):
                            matches.extend(pat.finditer(text, a, b, timeout=self.timeout))
                else:
                    matches = list(pat.finditer(text, timeout=self.timeout))
            except TimeoutError:
                msg = f"规则 {rule.id} 的正则表达式超时（{self.timeout}s），已跳过"
                log.warning(msg)
                doc.warnings.append(msg)
                continue
            for m in matches:
                a, b = m.span()
                # A pattern that allows spacing at its edges (``[(（]?\s*此件…``) may begin on
                # the previous line when run over the whole text: the finding, and the line it
                # is judged on, start at its first visible character.
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if a == b:
                    continue
                sev = rule.severity
                if rule.scope != "any":
                    li = line_index(doc, a)
                    la, lb = lines[li]
                    if rule.scope == "in_header":
                        ok = b <= lb and (lb - la) <= rule.max_line_length
                    else:
                        ok = b <= lb and is_whole_line(text[la:lb], a - la, b - la,
                                                       rule.max_line_length)
                    if ok and rule.scope in ("header", "in_header"):
                        if header is None:
                            header = header_lines(doc, self.header_n)
                        ok = li in header
                    if not ok:
                        if rule.elsewhere is None:
                            continue
                        sev = rule.elsewhere
                out.append(
                    Candidate(
                        rule_id=rule.id,
                        category=rule.category,
                        severity=sev,
                        start=a,
                        end=b,
                        message=rule.message.replace("{match}", m.group().strip()),
                        suggestion=rule.suggestion,
                        confidence=rule.confidence if sev == rule.severity
                        else min(rule.confidence, 0.6),
                        matched=text[a:b],
                        masked=mask_codes(text[a:b]) if rule.mask else None,
                    )
                )
        return out


def _eligible(doc: Normalized, rule: PatternRule, header: set[int] | None) -> list[int]:
    """Indices of the lines where a match of a line- or header-scoped rule could count."""
    ordered, short = _short_lines(doc, rule.max_line_length)
    if rule.scope != "line" and header is not None:
        return [li for li in sorted(header) if li in short]
    return ordered


def _short_lines(doc: Normalized, max_len: int) -> tuple[list[int], frozenset[int]]:
    """Lines no longer than ``max_len`` without padding (in order, and as a set), once per
    document and length: most rules share the default length."""
    key = ("short_lines", max_len)
    got = doc.derived.get(key)
    if got is None:
        text = doc.text
        ordered = [
            li for li, (a, b) in enumerate(doc.view_lines())
            if b - a <= max_len or len(text[a:b].strip(TRIM)) <= max_len
        ]
        got = doc.derived[key] = (ordered, frozenset(ordered))
    return got  # type: ignore[return-value]
