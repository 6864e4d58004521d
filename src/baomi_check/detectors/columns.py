"""Sensitive personal data in the COLUMNS of a table: the label in the header row, the values below.

The labelled-value patterns of ``rules/personal_info.yaml`` see ``病情：尿毒症``.  A 公示名单 or an
审批表 more often names each field once, in its header row, and lists the values underneath::

    序号  姓名  性别  家庭住址            病情
    1     张某  女    某乡某村3组12号      尿毒症

Catches, in tables flattened to text the way the readers flatten them — cells separated by tabs
(docx and xlsx rows, TSV), by two or more spaces or a full-width space (typed txt tables), by
``|`` (Markdown) or by ASCII commas (CSV, with ``"quoted, cells"``):

* a **header row**: at least three cells, none longer than a column name, one naming a person
  (姓名, 申请人, 户主 …) and one naming a sensitive attribute of a kind from the
  ``table_columns`` section of the rule pack (家庭住址, 病情, 宗教信仰, 犯罪记录, 残疾等级,
  病历号 …);
* the following **rows** that split, the same way, into the same number of cells: the cell under
  each sensitive column is reported when it matches the kind's ``value`` pattern (house-level for
  addresses) and is not one of its ``innocent`` values (健康, 良好, 无 …).  One finding per cell,
  its span exactly the cell's value, its rule ``personal_info.column_<kind>`` with the severity
  of the matching labelled-value rule.

Deliberately misses (each a choice for precision, not an oversight):

* tables without a person column (an office directory: 单位名称 | 地址 | 电话);
* addresses cut at the village (某乡某村, 某村3组): the compliant form (cn-formats §5.5);
* de-identified cells (``***``, ``尿**``, ``某某``): the publisher already masked them;
* rows after the first row that does not split into the header's number of cells, after a blank
  line or at a new header of a table of people.  The docx and xlsx readers drop empty cells, so
  nothing says *which* cell of a short row is missing.  A short row is read from the left only
  when the missing cells could be the header's trailing ``optional_trailing`` columns (备注, the
  column usually left empty); otherwise the table ends rather than put values under the wrong
  column.  The price: a row lacking a *middle* cell whose 备注 is filled slides left, and the
  kinds' ``value`` patterns are then the only guard.  A cell spanning several lines (a docx cell
  of two paragraphs) ends the table;
* cells joined by a single ordinary space (the HTML reader's join): indistinguishable from the
  spaces inside a value.

A cell that a labelled-value pattern also catches (``住址：某村3组12号`` inside a cell) is reported
once: column candidates share the ``personal_info`` overlap group with a lower priority, so the
resolver keeps the labelled finding.

Cost: next to nothing on texts without a table of people.  One scan of the term view for any
sensitive label and one for person labels (each a single compiled alternation) come before any
per-line work, and only lines holding a person label are ever split as header candidates.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..config import CheckConfig
from ..lazyre import lazy_re, lazy_regex
from ..mask import mask_codes
from ..models import Severity
from ..normalize import Normalized, normalize
from ..rulepack import RulePack, validate_section
from .base import Candidate
from .tables import Table, Vocabulary, view_forms

SECTION = "table_columns"
"""The rule-pack section this detector owns."""

_WS = re.compile(r"\s+")
_INNOCENT_STRIP = " \t\u3000.。,，;；、:：!！"
_PRIORITY = -1
"""Below the labelled-value patterns (priority 0) of the same ``personal_info`` group."""


class ColumnKind(BaseModel):
    """One kind of sensitive column (``home_address``, ``health`` …)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    labels: list[str] = Field(min_length=1)
    """Header cells containing one of these (spaces removed) are columns of this kind."""
    value: str = Field(min_length=1)
    """``regex`` (V1) pattern searched in the cell's value (normalized view): a cell that does
    not match is not data of this kind (an address cut at the village, an amount)."""
    innocent: list[str] = Field(default_factory=list)
    """Whole values that carry no sensitive information (健康, 良好, 无)."""
    severity: Severity
    message: str = Field(min_length=1)
    """May use ``{label}`` (the header cell) and ``{value}`` (the cell)."""
    suggestion: str | None = None
    confidence: float = Field(default=0.85, ge=0.0, le=1.0)
    rationale: str | None = None
    mask: bool = False
    """The cells hold codes that identify a person (住院号): outputs show them masked."""

    @field_validator("severity", mode="before")
    @classmethod
    def _sev(cls, v: Any) -> Any:
        return Severity.parse(v) if isinstance(v, str) else v

    @field_validator("labels", "innocent")
    @classmethod
    def _no_blank(cls, v: list[str]) -> list[str]:
        if any(not s.strip() for s in v):
            raise ValueError("entries must not be blank")
        return v

    @field_validator("value")
    @classmethod
    def _compiles(cls, v: str) -> str:
        import regex

        try:
            pat = regex.compile(v, regex.V1)
        except regex.error as exc:
            raise ValueError(f"regex does not compile: {exc}") from None
        if pat.search("") is not None:
            raise ValueError("regex can match the empty string: every cell would be reported")
        return v


class ColumnSettings(BaseModel):
    """The validated ``table_columns:`` section (every field has a default: packs may be partial;
    later files win key by key, and ``kinds`` kind by kind)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    person_labels: list[str] = Field(default_factory=list)
    """A header cell containing one of these names a person column: only tables of people are
    read (an office directory's addresses are published on purpose)."""
    label_exclusions: list[str] = Field(default_factory=list)
    """A header cell containing one of these is not the person's own attribute even when it
    holds a sensitive label (单位地址, 诊断日期)."""
    mask_marks: list[str] = Field(default_factory=list)
    """A cell containing one of these was de-identified on purpose (``***``, ``某某``)."""
    optional_trailing: list[str] = Field(default_factory=list)
    """Trailing header columns a row may lack (备注): the office readers drop empty cells."""
    max_header_cell: int = Field(default=16, ge=2, le=60)
    """Longer header cells (spaces removed) are sentences, not column names."""
    kinds: dict[str, ColumnKind] = Field(default_factory=dict)
    """Sensitive column kinds by name; the rule id is ``personal_info.column_<name>``.  A later
    pack's kind of the same name replaces the whole kind."""

    @field_validator("kinds")
    @classmethod
    def _kind_names(cls, v: dict[str, ColumnKind]) -> dict[str, ColumnKind]:
        for name in v:
            if not re.fullmatch(r"[a-z0-9_]+", name):
                raise ValueError(f"kind name {name!r} must be lower-case letters, digits or _")
        return v


def load_settings(pack: RulePack) -> ColumnSettings:
    """The pack's ``table_columns`` sections merged and validated, through the on-disk cache
    (keyed by the sections' data and this module's source, like the identifier settings:
    building the validators would otherwise cost more than checking a small file)."""
    from .. import cache

    sections = [(data, file) for data, file, _ in pack.sections.get(SECTION, [])]
    if not sections:
        return ColumnSettings.model_construct()  # no section: no kinds, the detector is idle
    try:
        data = json.dumps(sections, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # pragma: no cover - YAML gives JSON-compatible data
        return _validated(pack)
    digest = cache.key("colsettings", data, cache.source_digest(sys.modules[__name__]))
    return cache.cached("colsettings", digest, lambda: _validated(pack))


def _validated(pack: RulePack) -> ColumnSettings:
    merged: dict[str, Any] = {}
    for section in validate_section(ColumnSettings, pack, SECTION):
        for key in section.model_fields_set:
            value = getattr(section, key)
            if key == "kinds":
                merged["kinds"] = {**merged.get("kinds", {}), **value}
            else:
                merged[key] = value
    return ColumnSettings.model_validate(
        {k: ({n: kd.model_dump() for n, kd in v.items()} if k == "kinds" else v)
         for k, v in merged.items()}
    )


@dataclass(frozen=True)
class _Kind:
    name: str
    spec: ColumnKind
    value: Any
    """The lazily compiled ``value`` pattern."""
    innocent: frozenset[str]
    labels: tuple[str, ...]
    """The kind's labels in view form, spaces removed."""


class ColumnDetector:
    name: ClassVar[str] = "columns"

    def __init__(self, settings: ColumnSettings, tables: Vocabulary) -> None:
        self.s = settings
        self.tables = tables
        # Vocabulary is matched in the normalized view, so it is normalized like a document:
        # a pack may write 診斷 or ＨＩＶ and still match.
        self.person = view_forms(settings.person_labels)
        self.exclusions = view_forms(settings.label_exclusions)
        self.masks = tuple(m for m in settings.mask_marks if m)
        self.kinds = [
            _Kind(name, spec, lazy_regex("(?V1)" + spec.value),
                  frozenset(_bare(normalize(v, None).text) for v in spec.innocent),
                  view_forms(spec.labels))
            for name, spec in settings.kinds.items()
        ]
        sensitive = [lab for k in self.kinds for lab in k.spec.labels]
        self._person_re = _any_of(settings.person_labels)
        self._sensitive_re = _any_of(sensitive)

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> ColumnDetector:
        return cls(load_settings(pack), Vocabulary.build(pack))

    def detect(self, doc: Normalized) -> list[Candidate]:
        # One C-speed scan of the term view for any sensitive label, then one for person
        # labels: no table of people, no per-line work.  The term view drops the separators
        # between Han characters (姓　名 → 姓名, 姓名\t住址 → 姓名住址), so this is a superset
        # test, and the lines holding a person label are the only header candidates ever split
        # into cells.
        if self._person_re is None or self._sensitive_re is None or not self.kinds:
            return []
        terms = doc.terms
        if self._sensitive_re.search(terms) is None:
            return []
        index = self.tables.index(doc)
        out: list[Candidate] = []
        for li in self._header_candidates(doc):
            table = index.table_at_header(li)
            if table is None:
                continue
            columns = self._columns(doc, table)
            if columns:
                self._rows(doc, table, columns, out)
        return out

    # --- headers ---------------------------------------------------------------------------

    def _header_candidates(self, doc: Normalized) -> list[int]:
        """View line indices holding a person label (found in the term view, so spaced labels
        such as ``姓　名`` count), in order."""
        found: set[int] = set()
        for m in self._person_re.finditer(doc.terms):
            va, _ = doc.terms_to_view(m.start(), m.end())
            found.add(doc.view_line_index(va))
        return sorted(found)

    def _columns(self, doc: Normalized, t: Table) -> list[tuple[int, _Kind, str]]:
        """``(header cell start, kind, label as written)`` of the sensitive columns of a table
        of people (at least three columns, one naming a person), else empty."""
        names = [t.names[s] for s, _e in t.loose]
        if len(names) < 3 or any(len(n) > self.s.max_header_cell for n in names):
            return []
        if not any(any(w in n for w in self.person) for n in names):
            return []
        columns: list[tuple[int, _Kind, str]] = []
        for s, e in t.loose:
            n = t.names[s]
            if any(x in n for x in self.exclusions):
                continue
            for kind in self.kinds:
                if any(lab in n for lab in kind.labels):
                    columns.append((s, kind, doc.text[s:e]))
                    break
        return columns

    # --- rows ------------------------------------------------------------------------------

    def _rows(
        self, doc: Normalized, t: Table, columns: list[tuple[int, _Kind, str]],
        out: list[Candidate],
    ) -> None:
        """Report the sensitive cells of the rows of ``t`` up to its first row that does not
        align with the header (which cell a reader dropped is unknowable: the table ends rather
        than put values under the wrong column)."""
        for row in t.rows:
            if not row.aligned:
                break
            for start, kind, label in columns:
                cell = row.cell_under(start)
                if cell is None:
                    continue
                c = self._cell(doc, cell, kind, label)
                if c is not None:
                    out.append(c)

    def _cell(
        self, doc: Normalized, span: tuple[int, int], kind: _Kind, label: str
    ) -> Candidate | None:
        s, e = span
        value = doc.text[s:e]
        if not value or any(m in value for m in self.masks):
            return None
        if _bare(value) in kind.innocent:
            return None
        if kind.value.search(value) is None:
            return None
        spec = kind.spec
        return Candidate(
            rule_id=f"personal_info.column_{kind.name}",
            category="personal_info",
            severity=spec.severity,
            start=s,
            end=e,
            message=spec.message.replace("{label}", _WS.sub("", label))
            .replace("{value}", value),
            suggestion=spec.suggestion,
            confidence=spec.confidence,
            matched=value,
            masked=mask_codes(value) if spec.mask else None,
            priority=_PRIORITY,
            group="personal_info",
        )


# --- helpers ------------------------------------------------------------------------------------


def _any_of(words: list[str]) -> Any:
    """A lazily compiled alternation finding any of ``words`` in the term view, or ``None``
    for no words.  Words containing another word are left out: the shorter one finds them."""
    forms = {normalize(w, None).terms for w in words}
    forms.discard("")
    minimal = sorted(
        (f for f in forms if not any(o != f and o in f for o in forms)), key=len, reverse=True
    )
    if not minimal:
        return None
    return lazy_re("|".join(re.escape(f) for f in minimal))


def _bare(s: str) -> str:
    return _WS.sub("", s).strip(_INNOCENT_STRIP)


