"""The one table model: where a table is, how its rows split into cells, and what it lists.

Every detector that reads tables reads them through this module — the column detector
(:mod:`.columns`: 病情 under a 病情 header), the identifier detector (a 银行卡号 header giving its
column context, a 金额 header negating it, a mobile in a roster blocking, a mobile in a position
table's 咨询电话 column not).  Before, three splitters and two upward header searches disagreed:
one saw a full-width space as a separator and another did not, one took the nearest digit-free
row as the header (a data row of names was a "header"), and a 招聘岗位 table of teacher posts
whose schools' consultation numbers filled a 联系电话 column was called a 人员名单 and blocked
332 times.

**Cells.** Tables reach detectors flattened to text the way the readers flatten them: cells
separated by tabs (docx, xlsx and HTML rows, TSV), by ``|`` (Markdown), by ASCII commas (CSV,
with ``"quoted, cells"``) or by two or more spaces or one full-width space (typed txt tables).
:func:`split_cells` is the only splitter.  In tab mode a table whose header row uses single tabs
is split *strictly* (each tab a separator, so the HTML reader's empty cells keep their place);
a row that does not split into the header's width that way is split loosely (runs of tabs one
separator), as txt tables aligned with several tabs need.

**Header rows.** A line is a header row when it splits into at least two cells, holds no ASCII
digit, none of its cells is longer than a column name, and at least two of its cells (one, for a
two-column table) contain a column word (``column_words`` of ``rules/tables.yaml`` plus the
table-column labels and identifier context words of the pack).  Data rows of names and places
rarely do.

**Rows.** The lines under a header, until a blank line, a new header row or a line that is not a
row (fewer than two cells; a short section row such as ``一、小学岗位`` does not end the table).
A row is *aligned* when it splits into the header's width (or lacks only the header's trailing
``optional_trailing`` cells, which the office readers drop when empty); only aligned rows map
cells to header cells.

**Kinds.** What a table lists decides what a number in it means:

* ``roster`` — people: a header cell naming a person's own attribute (姓名, 身份证号, 家庭住址 …,
  not a requirement such as 户籍要求), or a column whose cells are mostly distinct personal
  names (a roster without a 姓名 header);
* ``positions`` — a 招聘岗位表 (岗位名称, 岗位代码, 招聘人数, 学历, 专业 …);
* ``directory`` — units with a contact column (单位名称 | 地址 | 联系电话);
* ``other``.

**Names.** :class:`Names` recognises a personal name standing alone between separators: a
surname (``surnames``, ``compound_surnames``) and one or two given-name characters, not a form
of address (张老师) and not one of the ``not_names`` words that begin with a surname character
(高中, 文学).  Masked names (张某, 张*) are names too: a roster with masked names still lists
people.

Cost: a line is split only when a number in it is looked at or a person label is on it; the
upward search for a row's header stops at the first line that is not a row, and every line it
passes is remembered, so a table of thousands of rows is read once.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..normalize import Normalized, normalize
from ..rulepack import RulePack, validate_section

SECTION = "tables"
"""The rule-pack section this module owns."""

Mode = Literal["tab", "pipe", "comma", "space"]
Kind = Literal["roster", "positions", "directory", "other"]

_WS = re.compile(r"\s+")
_TAB_SEP = re.compile(r"[ \t]*\t[ \t\u3000]*")
"""A run of tabs (with padding) is one separator: txt tables align columns with several tabs."""
_SPACE_RUN = re.compile(r"[ \t]+")
_CSV_SPECIAL = re.compile(r'[",]')
RULE_LINE = re.compile(r"[\s|:\-+=]*")
"""A Markdown delimiter row (``|---|:--:|``) or an ASCII ruler: part of the table, never data."""
_DIGIT = re.compile(r"[0-9]")
_SECTION_ROW = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．])"
)
"""How a section row inside a table begins (``一、小学岗位``, ``（二）初中``)."""
_SENTENCE = re.compile(r"[。；;！？!?]")
_MAX_SECTION_ROW = 12
"""A single-cell line this short (or opening with an enumerator) is a section row of a table."""
_MAX_WALK = 5000
"""How far above a row its header is looked for (every line passed is remembered)."""
_TITLE_LINES = 3
"""Non-blank lines above a header read as the table's title (招聘岗位表)."""


class TableSettings(BaseModel):
    """The validated ``tables:`` section (every field has a default: packs may be partial;
    later files win key by key)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    max_header_cell: int = Field(default=16, ge=2, le=60)
    column_words: list[str] = Field(default_factory=list)
    person_columns: list[str] = Field(default_factory=list)
    requirement_marks: list[str] = Field(default_factory=list)
    contact_person_columns: list[str] = Field(default_factory=list)
    position_columns: list[str] = Field(default_factory=list)
    position_titles: list[str] = Field(default_factory=lambda: ["招聘", "岗位", "职位", "选调"])
    unit_columns: list[str] = Field(default_factory=list)
    contact_columns: list[str] = Field(default_factory=list)
    optional_trailing: list[str] = Field(default_factory=lambda: ["备注", "说明", "其他"])
    unit_words: list[str] = Field(default_factory=list)
    contact_labels: list[str] = Field(default_factory=list)
    surnames: str = ""
    compound_surnames: list[str] = Field(default_factory=list)
    title_words: list[str] = Field(default_factory=list)
    not_names: list[str] = Field(default_factory=list)
    person_value_share: float = Field(default=0.6, gt=0.0, le=1.0)
    name_list_min_pairs: int = Field(default=2, ge=2)


def load_settings(pack: RulePack) -> TableSettings:
    """The pack's ``tables`` sections merged (key by key) and validated, through the on-disk
    cache keyed by the sections' data and this module's source."""
    from .. import cache

    sections = [(data, file) for data, file, _ in pack.sections.get(SECTION, [])]
    if not sections:
        return TableSettings.model_construct()  # defaults, without building a validator
    try:
        data = json.dumps(sections, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # pragma: no cover - YAML gives JSON-compatible data
        return _validated(pack)
    digest = cache.key("tablesettings", data, cache.source_digest(sys.modules[__name__]))
    return cache.cached("tablesettings", digest, lambda: _validated(pack))


def _validated(pack: RulePack) -> TableSettings:
    merged: dict[str, Any] = {}
    for section in validate_section(TableSettings, pack, SECTION):
        for key in section.model_fields_set:
            merged[key] = getattr(section, key)
    return TableSettings.model_validate(merged)


def _pack_words(pack: RulePack) -> tuple[list[str], list[str]]:
    """Column labels other sections know (table-column labels, identifier context words): a
    header cell holding one is a column name too; and the ``table_columns`` section's optional
    trailing columns.  Read raw: their owners validate them."""
    out: list[str] = []
    optional: list[str] = []
    for data, _file, _lines in pack.sections.get("table_columns", []):
        if not isinstance(data, dict):
            continue
        out.extend(w for w in data.get("person_labels") or () if isinstance(w, str))
        optional.extend(w for w in data.get("optional_trailing") or () if isinstance(w, str))
        kinds = data.get("kinds")
        if isinstance(kinds, dict):
            for kind in kinds.values():
                if isinstance(kind, dict):
                    out.extend(w for w in kind.get("labels") or () if isinstance(w, str))
    for data, _file, _lines in pack.sections.get("identifiers", []):
        ctx = data.get("context") if isinstance(data, dict) else None
        if isinstance(ctx, dict):
            for words in ctx.values():
                if isinstance(words, list):
                    out.extend(w for w in words if isinstance(w, str) and not w.isascii())
    return out + optional, optional


def view_forms(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``words`` as they appear in a header cell of the view (normalized, spaces removed)."""
    forms = (_WS.sub("", normalize(w, None).text) for w in words)
    return tuple(dict.fromkeys(f for f in forms if f))


# --- personal names -------------------------------------------------------------------------------


_HAN = r"\u3400-\u9fff"
_GIVEN = rf"[{_HAN}*＊×Xx]"
"""A given-name character, or a mask character standing for one (张*, 张XX)."""


class Names:
    """Personal names standing alone between separators (see the module docstring)."""

    def __init__(self, s: TableSettings) -> None:
        single = "".join(dict.fromkeys(normalize(s.surnames, None).text))
        compound = view_forms(s.compound_surnames)
        alts = [re.escape(c) for c in sorted(compound, key=len, reverse=True)]
        if single:
            alts.append(f"[{re.escape(single)}]")
        self.titles = view_forms(s.title_words)
        self.not_names = frozenset(view_forms(s.not_names))
        self.pattern: re.Pattern[str] | None = None
        if alts:
            self.pattern = re.compile(
                rf"(?<![{_HAN}])(?:{'|'.join(alts)})(?:某某?|{_GIVEN}{{1,2}})(?![{_HAN}])"
            )

    def is_name(self, token: str) -> bool:
        """Is ``token`` (a whole cell, spaces removed) a personal name?"""
        if self.pattern is None or not 2 <= len(token) <= 4:
            return False
        m = self.pattern.fullmatch(token)
        return m is not None and self._plausible(token)

    def _plausible(self, token: str) -> bool:
        if token in self.not_names or token[:2] in self.not_names:
            return False
        return not any(token.endswith(t) and len(token) > len(t) for t in self.titles)

    def find(self, text: str, a: int = 0, b: int | None = None) -> Iterator[tuple[int, int]]:
        """Spans of names in ``text[a:b]``."""
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text, a, len(text) if b is None else b):
            if self._plausible(m.group()):
                yield m.span()


# --- splitting a line into cells ------------------------------------------------------------------


def _original_char(doc: Normalized, v: int) -> str:
    """The original character a view character came from (its first, for an expansion)."""
    a, b = doc.to_original(v, v + 1)
    return doc.original[a:b][:1]


def line_mode(doc: Normalized, a: int, b: int) -> Mode:
    """How the cells of the line ``view[a:b]`` are separated.

    Tabs win (docx/xlsx/HTML rows, TSV), then ``|`` (Markdown), then commas — only ASCII commas
    of the *original*: the view turns the full-width ``，`` of every Chinese sentence into ``,``
    — and otherwise runs of spaces or a full-width space."""
    line = doc.text[a:b]
    if "\t" in line:
        return "tab"
    if "|" in line:
        return "pipe"
    if line.count(",") >= 2:
        oa, ob = doc.to_original(a, b)
        if doc.original.count(",", oa, ob) >= 2:
            return "comma"
    return "space"


def split_cells(
    doc: Normalized, a: int, b: int, mode: Mode, strict: bool = False
) -> list[tuple[int, int]]:
    """View spans of the cells of line ``view[a:b]``, trimmed of padding (and CSV quotes).

    Empty cells are kept (``(p, p)``) where the format keeps them (``|``, CSV, and tabs when
    ``strict``), so the cell count is the table's width."""
    text = doc.text
    return [_trim(text, s, e, mode) for s, e in _raw_cells(doc, a, b, mode, strict)]


def _raw_cells(
    doc: Normalized, a: int, b: int, mode: Mode, strict: bool
) -> Iterator[tuple[int, int]]:
    text = doc.text
    while a < b and text[a] in " \t":
        a += 1
    while b > a and text[b - 1] in " \t":
        b -= 1
    if a == b:
        return
    if mode == "pipe":
        if text[a] == "|":
            a += 1
        if b > a and text[b - 1] == "|" and (b - 2 < a or text[b - 2] != "\\"):
            b -= 1
        pos = a
        for i in range(a, b):
            if text[i] == "|" and (i == a or text[i - 1] != "\\"):
                yield pos, i
                pos = i + 1
        yield pos, b
        return
    if mode == "comma":
        pos, quoted = a, False
        for m in _CSV_SPECIAL.finditer(text, a, b):
            i = m.start()
            if text[i] == '"':
                quoted = not quoted
            elif not quoted and _original_char(doc, i) == ",":
                yield pos, i
                pos = i + 1
        yield pos, b
        return
    if mode == "tab":
        pos = a
        if strict:
            i = text.find("\t", a, b)
            while i >= 0:
                yield pos, i
                pos = i + 1
                i = text.find("\t", pos, b)
        else:
            for m in _TAB_SEP.finditer(text, a, b):
                yield pos, m.start()
                pos = m.end()
        yield pos, b
        return
    # Spaces: a run of two or more, or a single full-width space of the original (the view
    # folds U+3000 to an ASCII space).
    pos = a
    for m in _SPACE_RUN.finditer(text, a, b):
        s, e = m.span()
        if e - s >= 2 or _original_char(doc, s) == "\u3000":
            yield pos, s
            pos = e
    yield pos, b


def _trim(text: str, s: int, e: int, mode: Mode) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if mode == "comma" and e - s >= 2 and text[s] == '"' and text[e - 1] == '"':
        s, e = s + 1, e - 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
    return s, e


# --- the model ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The compiled ``tables`` settings of one pack (built once per checker)."""

    settings: TableSettings
    column_words: tuple[str, ...]
    person: tuple[str, ...]
    requirement: tuple[str, ...]
    contact_person: tuple[str, ...]
    position: tuple[str, ...]
    position_titles: tuple[str, ...]
    unit_columns: tuple[str, ...]
    contact: tuple[str, ...]
    optional: tuple[str, ...]
    unit_words: tuple[str, ...]
    contact_labels: tuple[str, ...]
    names: Names
    key: str
    """Identifies this vocabulary in :attr:`Normalized.derived` (one model per document)."""

    @classmethod
    def build(cls, pack: RulePack) -> Vocabulary:
        s = load_settings(pack)
        extra, optional = _pack_words(pack)
        words = [*s.column_words, *s.person_columns, *s.contact_person_columns,
                 *s.position_columns, *s.unit_columns, *s.contact_columns,
                 *s.optional_trailing, *extra]
        column_words = view_forms(words)
        # Not model_dump_json: building a serializer costs start-up time (tests/perf).
        key = "tables:" + str(hash((column_words, repr(sorted(s.__dict__.items())))))
        return cls(
            settings=s,
            column_words=column_words,
            person=view_forms(s.person_columns),
            requirement=view_forms(s.requirement_marks),
            contact_person=view_forms(s.contact_person_columns),
            position=view_forms(s.position_columns),
            position_titles=view_forms(s.position_titles),
            unit_columns=view_forms(s.unit_columns),
            contact=view_forms(s.contact_columns),
            optional=view_forms([*s.optional_trailing, *optional]),
            unit_words=view_forms(s.unit_words),
            contact_labels=view_forms(s.contact_labels),
            names=Names(s),
            key=key,
        )

    def index(self, doc: Normalized) -> TableIndex:
        """The table model of ``doc`` (built lazily, shared by every detector)."""
        got = doc.derived.get(self.key)
        if not isinstance(got, TableIndex):
            got = TableIndex(doc, self)
            doc.derived[self.key] = got
        return got


def _has(name: str, words: tuple[str, ...]) -> bool:
    return any(w in name for w in words)


@dataclass
class Row:
    """One line of a table under its header."""

    table: Table
    line: int
    cells: list[tuple[int, int]]
    """View spans of the row's cells (empty cells kept in a strict split)."""
    aligned: bool
    """The cells map one to one onto the header's (:attr:`header`)."""
    header: list[tuple[int, int]]
    """The header cells these cells map onto (strict or loose split of the header)."""
    section: bool = False
    """A section row (``一、小学岗位``) inside the table: no cells to map."""

    def column(self, pos: int) -> int | None:
        """Index of the cell holding view position ``pos``."""
        for i, (s, e) in enumerate(self.cells):
            if s <= pos < e:
                return i
        return None

    def header_cell(self, i: int) -> tuple[int, int] | None:
        """The header cell above cell ``i``, for an aligned row."""
        if not self.aligned or i >= len(self.header):
            return None
        return self.header[i]

    def cell_under(self, header_start: int) -> tuple[int, int] | None:
        """The cell under the header cell starting at ``header_start`` (aligned rows)."""
        if not self.aligned:
            return None
        for i, (s, _e) in enumerate(self.header):
            if s == header_start:
                return self.cells[i] if i < len(self.cells) else None
        return None


@dataclass
class Table:
    """A header row and the rows under it."""

    header: int
    """View line of the header row."""
    mode: Mode
    strict: list[tuple[int, int]]
    """Header cells split strictly (tab mode keeps empty cells); equal to :attr:`loose`
    otherwise."""
    loose: list[tuple[int, int]]
    """Header cells without empty ones: what rows from readers that drop empty cells align to."""
    names: dict[int, str]
    """Header cell start → cell text with spaces removed."""
    optional_tail: int
    rows: list[Row] = field(default_factory=list)
    kind: Kind = "other"
    person_columns: set[int] = field(default_factory=set)
    """Header cell starts of the columns that make this table a roster."""
    contact_columns: set[int] = field(default_factory=set)

    @property
    def width(self) -> int:
        return len(self.loose)

    def name_of(self, header_cell: tuple[int, int] | None) -> str:
        return self.names.get(header_cell[0], "") if header_cell else ""


class TableIndex:
    """The tables of one document, found lazily (see the module docstring)."""

    def __init__(self, doc: Normalized, vocab: Vocabulary) -> None:
        self.doc = doc
        self.v = vocab
        self._rows: dict[int, Row | None] = {}
        self._headers: dict[int, bool] = {}
        self._tables: dict[int, Table | None] = {}
        self._modes: dict[int, Mode] = {}

    # -- lines ----------------------------------------------------------------------------------

    def _line(self, li: int) -> tuple[int, int]:
        return self.doc.view_lines()[li]

    def mode(self, li: int) -> Mode:
        got = self._modes.get(li)
        if got is None:
            a, b = self._line(li)
            got = self._modes[li] = line_mode(self.doc, a, b)
        return got

    def cells(self, li: int, mode: Mode | None = None, strict: bool = False) -> list[
        tuple[int, int]
    ]:
        a, b = self._line(li)
        return split_cells(self.doc, a, b, mode or self.mode(li), strict)

    def _blank(self, li: int) -> bool:
        a, b = self._line(li)
        return not self.doc.text[a:b].strip()

    def is_header(self, li: int) -> bool:
        """Is view line ``li`` a header row (see the module docstring)?"""
        got = self._headers.get(li)
        if got is not None:
            return got
        got = self._headers[li] = self._header_test(li)
        return got

    def _header_test(self, li: int) -> bool:
        a, b = self._line(li)
        text = self.doc.text
        if a == b or _DIGIT.search(text, a, b) is not None:
            return False
        names = [n for n in (_WS.sub("", text[s:e]) for s, e in self.cells(li)) if n]
        if len(names) < 2 or any(len(n) > self.v.settings.max_header_cell for n in names):
            return False
        if any(_SENTENCE.search(n) for n in names):
            return False
        words = sum(1 for n in names if _has(n, self.v.column_words))
        return words >= (1 if len(names) == 2 else 2)

    def _section_row(self, li: int, cells: list[tuple[int, int]]) -> bool:
        nonempty = [(s, e) for s, e in cells if e > s]
        if len(nonempty) != 1:
            return False
        s, e = nonempty[0]
        value = _WS.sub("", self.doc.text[s:e])
        if _SENTENCE.search(value):
            return False
        return len(value) <= _MAX_SECTION_ROW or _SECTION_ROW.match(value) is not None

    # -- tables ---------------------------------------------------------------------------------

    def table_at_header(self, li: int) -> Table | None:
        """The table headed by view line ``li``, or ``None`` when ``li`` is no header row."""
        if li in self._tables:
            return self._tables[li]
        table = self._build(li) if self.is_header(li) else None
        self._tables[li] = table
        return table

    def row(self, li: int) -> Row | None:
        """The table row on view line ``li`` (``None``: not a row under a header)."""
        if li in self._rows:
            return self._rows[li]
        lines = self.doc.view_lines()
        if li >= len(lines) or len(self.cells(li)) < 2:
            self._rows[li] = None
            return None
        walked: list[int] = []
        k = li - 1
        stop = max(-1, li - _MAX_WALK)
        while k > stop:
            if k in self._rows:
                break  # a known row of another table, or a known non-row: li's table ended
            if self._blank(k):
                break
            if self.is_header(k):
                self.table_at_header(k)
                break
            cells = self.cells(k)
            if len(cells) < 2 and not self._section_row(k, cells):
                break
            walked.append(k)
            k -= 1
        for w in walked:
            self._rows.setdefault(w, None)
        return self._rows.setdefault(li, None)

    def cell_at(self, pos: int) -> tuple[Row, int] | None:
        """The row holding view position ``pos`` and the index of its cell."""
        li = self.doc.view_line_index(pos)
        r = self.row(li)
        if r is None:
            return None
        col = r.column(pos)
        return None if col is None else (r, col)

    def header_cell(self, pos: int) -> tuple[int, int] | None:
        """View span of the header cell above the cell holding ``pos`` (aligned rows only)."""
        found = self.cell_at(pos)
        if found is None:
            return None
        r, col = found
        return r.header_cell(col)

    def _build(self, h: int) -> Table:
        mode = self.mode(h)
        strict = self.cells(h, mode, strict=True) if mode == "tab" else self.cells(h, mode)
        loose = [c for c in strict if c[1] > c[0]] if mode == "tab" else strict
        text = self.doc.text
        names = {s: _WS.sub("", text[s:e]) for s, e in strict}
        tail = 0
        for s, _e in reversed(loose):
            if not _has(names[s], self.v.optional):
                break
            tail += 1
        table = Table(h, mode, strict, loose, names, tail)
        lines = self.doc.view_lines()
        li = h + 1
        while li < len(lines):
            a, b = lines[li]
            if not text[a:b].strip() or self.is_header(li):
                break
            if RULE_LINE.fullmatch(text, a, b):
                li += 1
                continue
            row = self._row(table, li)
            if row is None:
                break
            table.rows.append(row)
            self._rows[li] = row
            li += 1
        self._classify(table)
        return table

    def _row(self, t: Table, li: int) -> Row | None:
        if t.mode == "tab":
            # Strict first: an HTML row keeps its empty cells in place.
            cells = self.cells(li, "tab", strict=True)
            if len(cells) == len(t.strict) and sum(1 for c in cells if c[1] > c[0]) >= 2:
                return Row(t, li, cells, True, t.strict)
        cells = self.cells(li, t.mode)
        if t.mode == "tab":
            cells = [c for c in cells if c[1] > c[0]]
        if len(cells) < 2:
            if self._section_row(li, cells):
                return Row(t, li, cells, False, t.loose, section=True)
            return None
        aligned = t.width - t.optional_tail <= len(cells) <= t.width
        return Row(t, li, cells, aligned, t.loose)

    # -- kinds ----------------------------------------------------------------------------------

    def _classify(self, t: Table) -> None:
        v = self.v
        names = [(s, t.names[s]) for s, _e in t.loose]
        excluded = (*v.requirement, *v.contact_person)
        for s, n in names:
            if _has(n, v.person) and not _has(n, excluded):
                t.person_columns.add(s)
            if _has(n, v.contact):
                t.contact_columns.add(s)
        if t.person_columns:
            t.kind = "roster"
            return
        position = sum(1 for _s, n in names if _has(n, v.position))
        if position < 2 and position and self._titled(t.header):
            position += 1
        if position >= 2:
            t.kind = "positions"
            return
        named = self._name_columns(t, names)
        if named:
            t.person_columns.update(named)
            t.kind = "roster"
            return
        if t.contact_columns and any(_has(n, v.unit_columns) for _s, n in names):
            t.kind = "directory"

    def _titled(self, h: int) -> bool:
        """Does a line just above the header name a position table (招聘岗位表)?"""
        seen = 0
        k = h - 1
        text = self.doc.text
        while k >= 0 and seen < _TITLE_LINES:
            a, b = self._line(k)
            line = _WS.sub("", text[a:b])
            if line:
                seen += 1
                if _has(line, self.v.position_titles):
                    return True
            k -= 1
        return False

    def _name_columns(self, t: Table, names: list[tuple[int, str]]) -> set[int]:
        """Header cell starts of columns whose cells are mostly distinct personal names."""
        v = self.v
        skip = (*v.contact_person, *v.position, *v.unit_columns, *v.contact)
        rows = [r for r in t.rows if r.aligned]
        if len(rows) < 2:
            return set()
        out: set[int] = set()
        text = self.doc.text
        need = v.settings.person_value_share * len(rows)
        for s, n in names:
            if _has(n, skip):
                continue
            values = []
            for r in rows:
                cell = r.cell_under(s)
                if cell is not None:
                    value = _WS.sub("", text[cell[0]:cell[1]])
                    if v.names.is_name(value):
                        values.append(value)
            if len(values) >= need and len(set(values)) >= need:
                out.add(s)
        return out

    # -- rows -----------------------------------------------------------------------------------

    def names_unit(self, r: Row) -> bool:
        """Does the row name an organisation (学校, 教育局, 中心 …)?"""
        a, b = self._line(r.line)
        return _has(self.doc.text[a:b], self.v.unit_words)
