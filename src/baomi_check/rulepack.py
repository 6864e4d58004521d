"""Rule packs: YAML data in ``rules/``, validated with pydantic; errors name file and line.

A pack is a folder of ``*.yaml`` files.  Each file may hold any of these sections:

``defaults``  values applied to every entry of the file that does not set them;
``terms``     words matched by the automaton (category, severity, message, allow phrases, …);
``patterns``  regular expressions (``regex`` module syntax) for markings and structural rules;
any other top-level key is a *settings section* owned by one detector (for example
``identifiers``), validated by that detector's own model through :func:`validate_section`.

Why YAML with hand-kept line numbers: reviewers edit these files by hand, and "field required"
without a location is useless in a 600-entry list.  The loader records the line of every key and
list item so a pydantic error becomes ``rules/spam.yaml:42: terms[17].severity: …``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .models import Category, Severity

BoundaryMode = Literal["strict", "downgrade", "none"]
"""What to do when jieba says a term hit cuts through words (办法|轮流 for 法轮):
``strict`` drops the hit, ``downgrade`` keeps it one severity lower with low confidence,
``none`` skips the check (distinctive strings such as 蜘蛛池 or Latin brand names)."""

Scope = Literal["any", "line", "header", "in_header"]
"""Where a pattern counts: anywhere, only as a whole short line, only as a whole line in the
document's header zone (the first few non-empty lines), or anywhere on a header-zone line (a
title such as ``XX办法（征求意见稿）``)."""


class RuleError(ValueError):
    """A rule file is malformed.  ``str(err)`` names the file, the line and the problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class TermRule(BaseModel):
    """A word or phrase to find, in the normalized term view."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    term: str = Field(min_length=1)
    rule: str = Field(default="term", pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
    category: Category
    severity: Severity
    message: str = Field(min_length=1)
    suggestion: str | None = None
    allow: list[str] = Field(default_factory=list)
    """Longer phrases in which the term is innocent (三黄片 for 黄片, 打击六合彩 for 六合彩)."""
    unless_near: list[str] = Field(default_factory=list)
    """Words that, in the same sentence, make the term innocent (打击, 整治, 福利)."""
    boundary: BoundaryMode = "strict"
    strength: Literal["strong", "weak"] = "strong"
    """``weak`` terms (在线观看, 精品) count only inside spam structures, never alone."""
    confidence: float = Field(default=0.9, ge=0.0, le=1.0)
    rationale: str | None = None
    wrong_since: int | None = Field(default=None, ge=1900, le=2100)
    """The year from which the term is wrong (a body abolished in 2018).  A document whose
    latest written year (``2009年``) is earlier was written while the term was right and is not
    reported; a document without any year is."""

    @field_validator("severity", mode="before")
    @classmethod
    def _sev(cls, v: Any) -> Any:
        return Severity.parse(v) if isinstance(v, str) else v


class PatternRule(BaseModel):
    """A regular expression rule (markings, structural spam, customer patterns)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
    regex: str = Field(min_length=1)
    category: Category
    severity: Severity
    message: str = Field(min_length=1)
    suggestion: str | None = None
    scope: Scope = "any"
    elsewhere: Severity | None = None
    """Severity when the pattern matches outside its scope; ``None`` ignores such matches."""
    max_line_length: int = 30
    """For ``line``/``header`` scope: longer lines are running text, not markings."""
    confidence: float = Field(default=0.9, ge=0.0, le=1.0)
    rationale: str | None = None
    mask: bool = False
    """The match holds a code that identifies a person (病历号, 住院号): outputs show it masked
    (:func:`baomi_check.mask.mask_codes`), like identifier findings."""

    @field_validator("severity", "elsewhere", mode="before")
    @classmethod
    def _sev(cls, v: Any) -> Any:
        return Severity.parse(v) if isinstance(v, str) else v

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str) -> str:
        import regex

        try:
            regex.compile(v, regex.V1)
        except regex.error as exc:
            raise ValueError(f"regex does not compile: {exc}") from None
        return v


class Located(BaseModel):
    """Where an entry came from, for error messages and lint."""

    model_config = ConfigDict(defer_build=True)

    file: str
    line: int


class RulePack(BaseModel):
    """Every entry of every file of one or more packs, plus the raw settings sections."""

    model_config = ConfigDict(defer_build=True, arbitrary_types_allowed=True)

    terms: list[TermRule] = Field(default_factory=list)
    term_sources: list[Located] = Field(default_factory=list)
    patterns: list[PatternRule] = Field(default_factory=list)
    pattern_sources: list[Located] = Field(default_factory=list)
    sections: dict[str, list[tuple[dict[str, Any], str, dict[tuple[Any, ...], int]]]] = Field(
        default_factory=dict
    )
    """Settings sections by name: ``(data, file, line_index)`` for each file that has one."""
    digest: str = ""
    """Hash of the files' bytes; keys the compiled-pack cache."""

    def extend(self, other: RulePack) -> RulePack:
        sections = {k: list(v) for k, v in self.sections.items()}
        for k, v in other.sections.items():
            sections.setdefault(k, []).extend(v)
        return RulePack(
            terms=self.terms + other.terms,
            term_sources=self.term_sources + other.term_sources,
            patterns=self.patterns + other.patterns,
            pattern_sources=self.pattern_sources + other.pattern_sources,
            sections=sections,
            digest=hashlib.sha256((self.digest + other.digest).encode()).hexdigest(),
        )


# --- YAML with line numbers -------------------------------------------------------------------


def _load_yaml(text: str, file: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Parse YAML keeping the 1-based line of every mapping key and sequence item."""
    import yaml  # only when parsing: a cached pack starts without PyYAML (~15 ms)

    lines: dict[tuple[Any, ...], int] = {}
    constructor = yaml.constructor.SafeConstructor()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError([f"{file}:{line}: YAML syntax error: {problem}"]) from None
    problems: list[str] = []

    def conv(node: Any, path: tuple[Any, ...]) -> Any:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                key = constructor.construct_object(knode, deep=True)
                if key in out:
                    problems.append(
                        f"{file}:{knode.start_mark.line + 1}: duplicate key {key!r}"
                    )
                lines[(*path, key)] = knode.start_mark.line + 1
                out[key] = conv(vnode, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                lines[(*path, i)] = item.start_mark.line + 1
                items.append(conv(item, (*path, i)))
            return items
        return constructor.construct_object(node, deep=True)

    data = conv(root, ()) if root is not None else {}
    if problems:
        raise RuleError(problems)
    return data, lines


def _line_for(lines: dict[tuple[Any, ...], int], loc: Iterable[Any]) -> int:
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


def _fmt_loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


M = TypeVar("M", bound=BaseModel)


def validate_entry(
    model: type[M],
    data: Any,
    file: str,
    lines: dict[tuple[Any, ...], int],
    prefix: tuple[Any, ...],
    problems: list[str],
) -> M | None:
    """Validate one entry; on failure append ``file:line: where: problem`` lines."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = (*prefix, *err["loc"])
            problems.append(f"{file}:{_line_for(lines, loc)}: {_fmt_loc(loc)}: {err['msg']}")
        return None


def validate_section(
    model: type[M], pack: RulePack, name: str
) -> list[M]:
    """Validate every file's copy of a settings section with ``model``.

    Detectors call this for the section they own; errors carry file and line like the rest."""
    problems: list[str] = []
    out: list[M] = []
    for data, file, lines in pack.sections.get(name, []):
        item = validate_entry(model, data, file, lines, (name,), problems)
        if item is not None:
            out.append(item)
    if problems:
        raise RuleError(problems)
    return out


# --- loading packs --------------------------------------------------------------------------------

_KNOWN = {"defaults", "terms", "patterns", "pack", "description"}


def _load_file(path: Path, display: str, pack: RulePack, problems: list[str]) -> None:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{display}:1: cannot read rule file: {exc}")
        return
    try:
        data, lines = _load_yaml(text, display)
    except RuleError as exc:
        problems.extend(exc.problems)
        return
    if data is None or data == {}:
        return
    if not isinstance(data, dict):
        problems.append(f"{display}:1: a rule file must be a mapping (terms:, patterns:, …)")
        return
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append(f"{display}:{_line_for(lines, ('defaults',))}: defaults must be a mapping")
        defaults = {}
    for section, model, target, sources in (
        ("terms", TermRule, pack.terms, pack.term_sources),
        ("patterns", PatternRule, pack.patterns, pack.pattern_sources),
    ):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            problems.append(f"{display}:{_line_for(lines, (section,))}: {section} must be a list")
            continue
        for i, entry in enumerate(entries):
            if isinstance(entry, str) and section == "terms":
                entry = {"term": entry}
            if not isinstance(entry, dict):
                problems.append(
                    f"{display}:{_line_for(lines, (section, i))}: {section}[{i}]: "
                    "expected a mapping"
                )
                continue
            # Defaults apply where the entry's model has the field (a file's defaults serve both
            # its terms and its patterns); the entry's own keys are validated as written.
            fields = model.model_fields
            merged = {**{k: v for k, v in defaults.items() if k in fields}, **entry}
            item = validate_entry(model, merged, display, lines, (section, i), problems)
            if item is not None:
                target.append(item)  # type: ignore[attr-defined]
                sources.append(Located(file=display, line=_line_for(lines, (section, i))))
    for key, value in data.items():
        if key in _KNOWN:
            continue
        pack.sections.setdefault(str(key), []).append((value, display, lines))


def load_pack(*paths: str | Path) -> RulePack:
    """Load one or more rule folders (or single YAML files) into one pack.

    Raises :class:`RuleError` listing every problem found, each with file and line."""
    pack = RulePack()
    problems: list[str] = []
    digest = hashlib.sha256()
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(q for q in path.rglob("*") if q.suffix in {".yaml", ".yml"})
        elif path.is_file():
            files = [path]
        else:
            raise RuleError([f"{path}: no such rule file or folder"])
        for f in files:
            display = str(f)
            try:
                digest.update(display.encode("utf-8", "replace"))
                digest.update(f.read_bytes())
            except OSError:
                pass
            _load_file(f, display, pack, problems)
    if problems:
        raise RuleError(problems)
    pack.digest = digest.hexdigest()
    return pack


def builtin_rules_dir() -> Path:
    """The packaged default pack (``rules/`` in a source checkout, inside the wheel otherwise)."""
    try:
        packaged = Path(str(resources.files("baomi_check") / "rules"))
        if packaged.is_dir():
            return packaged
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        pass
    return Path(__file__).resolve().parents[2] / "rules"
