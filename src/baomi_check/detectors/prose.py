"""Sensitive personal information in running prose about a named person (PIPL art. 28).

The labelled-value patterns of ``rules/personal_info.yaml`` see ``病情：尿毒症`` and the column
reader sees a 病情 column.  Case files, 困难救助 write-ups, 矛盾纠纷 reports and 流调通报 write the
same facts as sentences::

    村民陈某某，系刑满释放人员（2018年因盗窃罪被判处有期徒刑二年）。
    张某某因患尿毒症长期透析，家庭生活困难。
    拟将赵某纳入监测范围。家庭主要困难：本人诊断为肺结核，长期服药。

Catches, per sentence (ended by 。！？； or a line break), an **attribute** of one of the kinds in
the ``prose_personal`` section of the rule pack (health, disability, religion, criminal record,
biometric, financial, whereabouts, a minor's age or school, a home address) together with a
**person** in the same sentence before it:

* a masked name (``王某``, ``王某某``, ``王××``) — the usual form in 通报 and case write-ups;
* a name after a role word (``村民陈国平``, ``患者李红``, ``其子王小明``);
* a name with its descriptor (``张三，男，``);
* a name opening the clause right before the attribute (``张三因患…``, ``张三本人信仰…``);
* a name standing alone between separators, as a table row's cell (``1\t黄某芬\t…\t因患胃癌``)
  or between commas;
* a pronoun (他, 她, 其, 本人, 该户主 …) whose person was named earlier in the paragraph by any of
  the above or as the object of a verb (``拟将赵卫东纳入…。…本人诊断为…``).

A name candidate that is not masked must not be an ordinary word: jieba's dictionary knows
安置, 周边 and 高血压 as frequent words and no real name that way (``common_word_freq``).  Kinds
marked ``adjacent`` (biometric, financial data) need the person right before the attribute
(``张某的指纹``), because a sentence that merely mentions a person and the technology is common.

Deliberately not flagged: sentences naming nobody (政策 about 尿毒症患者, 《宗教事务条例》,
刑满释放人员 statistics, a hospital's name), names followed by 同志 or after an official title
(任免 notices, obituaries, 记者 bylines), and a person named only in an earlier sentence without
a pronoun pointing back.  The finding is the attribute; the message names the person masked
(``陈某``).  Severity ``review``; ``block`` when an unmasked identifier of a person (a valid ID
number, a mobile number) is in the same sentence or on the same line.

Cost: one pass over the view for the kinds' trigger words — a ``re`` scan for each word's
rarest character (:mod:`.wordscan`, the ``anchors`` lever; an Aho–Corasick walk without it);
sentences without a trigger are never looked at, and jieba is consulted only for a name
candidate next to an attribute.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import levers
from ..config import CheckConfig
from ..lazyre import lazy_re, lazy_regex
from ..models import Severity
from ..normalize import Normalized, normalize
from ..rulepack import RulePack, validate_section
from ..segment import Segmenter
from .base import Candidate
from .wordscan import WordScan

if TYPE_CHECKING:
    from .tables import TableSettings as Names

SECTION = "prose_personal"
_SENTENCE_END = frozenset("。！？!?；;\n\r")
_MAX_SENTENCE = 200
_PRIORITY = -2
"""Below the labelled-value patterns (0) and the table columns (-1) of the ``personal_info``
group: where a labelled value and a sentence overlap, the labelled finding is kept."""
_NOT_NAME_CHARS = frozenset(
    "的了在是和与及等对为从向于将把被所以而或也都就还又不没有着过这那之其各每该本此个们"
)
"""A name never contains a function character: 王府的 or 张某在 are no names."""
_MERGE_GAP = 12
"""Attributes of one kind this close together in one sentence are one finding."""


class ProseKind(BaseModel):
    """One kind of sensitive attribute written in prose."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    triggers: list[str] = Field(min_length=1)
    """Literal words one of which every attribute of this kind contains (the prefilter)."""
    regex: str = Field(min_length=1)
    """``regex`` (V1) pattern of the attribute; ``<<name>>`` is replaced by the vocabulary list
    of that name (escaped, longest first)."""
    adjacent: bool = False
    """The person must stand right before the attribute (``张某的指纹``), not merely in the
    sentence."""
    severity: Severity = Severity.REVIEW
    message: str = Field(min_length=1)
    """May use ``{person}`` (the person, masked) and ``{match}`` (the attribute)."""
    suggestion: str | None = None
    confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    rationale: str | None = None

    @field_validator("severity", mode="before")
    @classmethod
    def _sev(cls, v: Any) -> Any:
        return Severity.parse(v) if isinstance(v, str) else v

    @field_validator("triggers")
    @classmethod
    def _no_blank(cls, v: list[str]) -> list[str]:
        if any(not s.strip() for s in v):
            raise ValueError("entries must not be blank")
        return v


class ProseSettings(BaseModel):
    """The validated ``prose_personal:`` section; later packs win key by key, kinds by name."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    roles: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    pronouns: list[str] = Field(default_factory=list)
    object_verbs: list[str] = Field(default_factory=list)
    common_word_freq: int = Field(default=50, ge=1)
    antecedent_window: int = Field(default=150, ge=10, le=1000)
    vocabulary: dict[str, list[str]] = Field(default_factory=dict)
    kinds: dict[str, ProseKind] = Field(default_factory=dict)

    @field_validator("kinds")
    @classmethod
    def _kind_names(cls, v: dict[str, ProseKind]) -> dict[str, ProseKind]:
        for name in v:
            if not re.fullmatch(r"[a-z0-9_]+", name):
                raise ValueError(f"kind name {name!r} must be lower-case letters, digits or _")
        return v


def load_settings(pack: RulePack) -> ProseSettings:
    """The pack's sections merged and validated, through the on-disk cache (building the
    validators costs more than checking a small file)."""
    from .. import cache

    sections = [(data, file) for data, file, _ in pack.sections.get(SECTION, [])]
    if not sections:
        return ProseSettings.model_construct()
    try:
        data = json.dumps(sections, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # pragma: no cover - YAML gives JSON-compatible data
        return _validated(pack)
    digest = cache.key("prosesettings", data, cache.source_digest(sys.modules[__name__]))
    return cache.cached("prosesettings", digest, lambda: _validated(pack))


def _validated(pack: RulePack) -> ProseSettings:
    merged: dict[str, Any] = {}
    for section in validate_section(ProseSettings, pack, SECTION):
        for key in section.model_fields_set:
            value = getattr(section, key)
            if key in ("kinds", "vocabulary"):
                merged[key] = {**merged.get(key, {}), **value}
            else:
                merged[key] = value
    settings = ProseSettings.model_validate(
        {k: ({n: kd.model_dump() for n, kd in v.items()} if k == "kinds" else v)
         for k, v in merged.items()}
    )
    problems = []
    for name, kind in settings.kinds.items():
        try:
            import regex

            regex.compile(_expand(kind.regex, settings.vocabulary), regex.V1)
        except (regex.error, KeyError) as exc:
            problems.append(f"{SECTION}.kinds.{name}.regex: {type(exc).__name__}: {exc}")
    if problems:
        from ..rulepack import RuleError

        file = pack.sections[SECTION][-1][1]
        raise RuleError([f"{file}:1: {p}" for p in problems])
    return settings


def _view(word: str) -> str:
    return normalize(word, None).text


def _alt(words: list[str]) -> str:
    forms = sorted({_view(w) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in forms) or "(?!)"


def _expand(pattern: str, vocabulary: dict[str, list[str]]) -> str:
    return re.sub(r"<<([a-z0-9_]+)>>", lambda m: _alt(vocabulary[m.group(1)]), pattern)


@dataclass(frozen=True)
class _Kind:
    name: str
    spec: ProseKind
    pattern: Any


_ID = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_ok(v: str) -> bool:
    total = sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == v[17].upper()


@dataclass(frozen=True)
class _Sources:
    """Everything the detector compiles, as plain strings: built once per pack and kept in the
    on-disk cache (normalizing a few hundred vocabulary words costs more than checking a small
    file)."""

    kinds: tuple[tuple[str, str], ...]
    """``(kind name, expanded regex)``."""
    triggers: tuple[tuple[str, tuple[int, ...]], ...]
    """``(trigger word in view form, indices of the kinds it starts)``."""
    masked: str
    role_name: str
    name_desc: str
    clause_name: str
    cell_name: str
    verb_name: str
    title_before: str
    pronoun: str
    compounds: tuple[str, ...]
    not_names: frozenset[str]


def _build_sources(settings: ProseSettings, names: Names | None) -> _Sources:
    kinds = tuple((n, "(?V1)" + _expand(k.regex, settings.vocabulary))
                  for n, k in settings.kinds.items())
    by_word: dict[str, set[int]] = {}
    for i, k in enumerate(settings.kinds.values()):
        for t in k.triggers:
            w = _view(t)
            if w:
                by_word.setdefault(w, set()).add(i)
    surnames = names.surnames if names else ""
    compounds = list(names.compound_surnames) if names else []
    singles = "".join(sorted({_view(c) for c in surnames if c.strip()}))
    compound = _alt(compounds) if compounds else "(?!)"
    sur = f"(?:{compound}|[{re.escape(singles) or 'x'}])" if singles or compounds else "(?!)"
    name = rf"{sur}\p{{Han}}{{1,2}}"
    masked = (
        rf"{sur}(?:某某|某|[×*xX]{{1,3}})"
        r"(?![县市区镇乡村街社公单局厂路医学院校店场所部处项种些年月日时地])"
    )
    roles = _alt(settings.roles)
    return _Sources(
        kinds=kinds,
        triggers=tuple((w, tuple(sorted(ks))) for w, ks in sorted(by_word.items())),
        masked=f"(?V1)(?P<n>{masked})",
        role_name=f"(?V1)(?:{roles})\\s*(?P<n>{masked}|{name})",
        name_desc=f"(?V1)(?P<n>{name})\\s*[，,（(]\\s*(?:男|女)(?=[，,、）)\\s]|性|族)",
        clause_name=(f"(?V1)(?:^|(?<=[，,；;：:、\\s“\"（(]))(?P<n>{name})(?:本人)?"
                     "\\s*[，,]?\\s*(?:的)?$"),
        # The separator and padding before a cell are a lookbehind tried only where a
        # non-blank character starts: ``(?:^|(?<=…))\s*`` was tried at every blank of a long
        # run and read the rest of the run each time (quadratic, tests/fuzz/test_redos.py).
        cell_name=(rf"(?V1)(?=\S)(?<=(?:^|[\t|,，\u3000]|  )\s*)(?P<n>{masked}|{name})"
                   rf"(?=\s*(?:[\t|,，\u3000]|  |$))"),
        verb_name=f"(?V1)(?:{_alt(settings.object_verbs)})(?P<n>{name})",
        title_before=f"(?V1)(?:{_alt(settings.titles)})\\s*$",
        pronoun=(f"(?V1)(?:{_alt(settings.pronouns)})(?!们|中|他|它|余|实|次|后|间|所|是|一)"
                 "[^。！？!?；;\\n]{0,12}$"),
        compounds=tuple(sorted({_view(c) for c in compounds}, key=len, reverse=True)),
        not_names=frozenset(_view(w) for w in (names.not_names if names else [])),
    )


def _sources(settings: ProseSettings, names: Names | None, raw: str) -> _Sources:
    """:func:`_build_sources` through the on-disk cache, keyed by the raw sections the settings
    came from (``raw``: serializing the validated models would build their serializers, which
    costs more than the whole build), the names, this module's source and the fold tables."""
    from .. import cache
    from .. import normalize as norm

    data = json.dumps(
        [raw, [names.surnames, list(names.compound_surnames), list(names.not_names)]
         if names else None],
        sort_keys=True, ensure_ascii=False, default=repr,
    )
    digest = cache.key("prosesrc", data, cache.source_digest(sys.modules[__name__], norm),
                       cache.fold_key(norm))
    return cache.cached("prosesrc", digest, lambda: _build_sources(settings, names))


class ProsePersonalDetector:
    name: ClassVar[str] = "prose_personal"

    def __init__(self, settings: ProseSettings, segmenter: Segmenter | None,
                 names: Names | None = None, raw: str | None = None) -> None:
        self.s = settings
        self._seg = segmenter
        if settings.kinds and raw is not None:
            src = _sources(settings, names, raw)
        else:
            src = _build_sources(settings, names)
        self.kinds = [
            _Kind(name, spec, lazy_regex(pattern))
            for (name, pattern), spec in zip(src.kinds, settings.kinds.values(), strict=True)
        ]
        self._auto: Any = None
        self._triggers: WordScan[tuple[int, ...]] = WordScan(src.triggers)
        if src.triggers:
            auto = ahocorasick.Automaton()
            for w, ks in src.triggers:
                auto.add_word(w, (len(w), ks))
            auto.make_automaton()
            self._auto = auto
        self._not_names = src.not_names
        self._sur_compound = src.compounds
        self._masked = lazy_regex(src.masked)
        self._role_name = lazy_regex(src.role_name)
        self._name_desc = lazy_regex(src.name_desc)
        self._clause_name = lazy_regex(src.clause_name)
        self._cell_name = lazy_regex(src.cell_name)
        self._verb_name = lazy_regex(src.verb_name)
        self._title_before = lazy_regex(src.title_before)
        self._pronoun = lazy_regex(src.pronoun)

    @classmethod
    def build(cls, pack: RulePack, config: CheckConfig) -> ProsePersonalDetector:
        from .tables import load_settings as table_settings
        from .terms import pack_segmenter

        settings = load_settings(pack)
        if not settings.kinds:
            return cls(settings, None)
        raw = json.dumps([d for d, _f, _l in pack.sections.get(SECTION, [])],
                         sort_keys=True, ensure_ascii=False, default=repr)
        return cls(settings, pack_segmenter(pack), table_settings(pack), raw)

    # -- people ------------------------------------------------------------------------

    def _common_word(self, cand: str) -> bool:
        """Is this name candidate an ordinary word rather than a name?"""
        if any(c in _NOT_NAME_CHARS for c in cand):
            return True
        if cand in self._not_names or cand[:2] in self._not_names:
            return True
        if self._seg is None:
            return False
        limit = self.s.common_word_freq
        words = {cand}
        if len(cand) >= 3:
            words.add(cand[:2])
        return any(self._seg.frequency(w) >= limit for w in words)

    def _official(self, text: str, a: int, b: int, lo: int) -> bool:
        """A name after an official title or followed by 同志."""
        if text.startswith("同志", b):
            return True
        return self._title_before.search(text, max(lo, a - 6), a) is not None

    def _ok(self, text: str, m: Any, lo: int, masked_ok: bool = True) -> str | None:
        a, b = m.span("n")
        cand = text[a:b]
        if "某" in cand or any(c in cand for c in "×*xX"):
            return cand if masked_ok else None
        if self._official(text, a, b, lo) or self._common_word(cand):
            return None
        return cand

    def _named_in(self, text: str, lo: int, hi: int, clause_end: bool) -> str | None:
        """A person named in ``text[lo:hi]``; with ``clause_end`` also a bare name ending
        exactly at ``hi``."""
        if hi <= lo:
            return None
        for pat in (self._masked, self._role_name, self._name_desc, self._cell_name):
            for m in pat.finditer(text, lo, hi):
                got = self._ok(text, m, lo)
                if got is not None:
                    return got
        if clause_end:
            m = self._clause_name.search(text, lo, hi)
            if m is not None:
                got = self._ok(text, m, lo)
                if got is not None:
                    return got
        return None

    def _antecedent(self, text: str, lo: int, hi: int) -> str | None:
        got = self._named_in(text, lo, hi, clause_end=False)
        if got is not None:
            return got
        for m in self._verb_name.finditer(text, lo, hi):
            got = self._ok(text, m, lo)
            if got is not None:
                return got
        return None

    def _person(self, text: str, s0: int, a0: int, line0: int, adjacent: bool) -> str | None:
        """The person an attribute starting at ``a0`` (sentence from ``s0``) is about."""
        lo = max(s0, a0 - 6) if adjacent else s0
        got = self._named_in(text, lo, a0, clause_end=True)
        if got is not None:
            return got
        if adjacent:
            return None
        m = self._pronoun.search(text, s0, a0)
        if m is None:
            return None
        back = max(line0, s0 - self.s.antecedent_window)
        return self._antecedent(text, back, m.start())

    # -- detection -----------------------------------------------------------------------

    def detect(self, doc: Normalized) -> list[Candidate]:
        if self._auto is None:
            return []
        text = doc.text
        todo: dict[tuple[int, int], set[int]] = {}
        if levers.active.anchors:
            # The same trigger occurrences, by one compiled scan for their rarest characters
            # (:mod:`.wordscan`), and the same sentences, found by C-speed searches.
            first_end = _END.search
            for a, b, kinds in self._triggers.occurrences(text):
                s = _sentence_fast(text, a, b, first_end)
                todo.setdefault(s, set()).update(kinds)
        else:
            for end, (n, kinds) in self._auto.iter(text):
                s = _sentence(text, end - n + 1, end + 1)
                todo.setdefault(s, set()).update(kinds)
        out: list[Candidate] = []
        taken: list[tuple[int, int]] = []
        for (s0, s1), kinds in sorted(todo.items()):
            for ki in sorted(kinds):
                kind = self.kinds[ki]
                found: list[tuple[int, int, str]] = []
                for m in kind.pattern.finditer(text, s0, s1):
                    a, b = m.span()
                    if b <= a or any(x < b and a < y for x, y in taken):
                        continue
                    if found and a - found[-1][1] <= _MERGE_GAP:
                        # 刑满释放人员（2018年因盗窃罪被判处…）: one fact about one person
                        found[-1] = (found[-1][0], b, found[-1][2])
                        continue
                    line0 = text.rfind("\n", 0, a) + 1
                    person = self._person(text, s0, a, line0, kind.spec.adjacent)
                    if person is not None:
                        found.append((a, b, person))
                for a, b, person in found:
                    taken.append((a, b))
                    out.append(self._candidate(doc, kind, a, b, person, s0, s1))
        return out

    def _candidate(self, doc: Normalized, kind: _Kind, a: int, b: int, person: str,
                   s0: int, s1: int) -> Candidate:
        text = doc.text
        spec = kind.spec
        line0 = text.rfind("\n", 0, a) + 1
        line1 = text.find("\n", b)
        line1 = len(text) if line1 < 0 else line1
        sev = spec.severity
        tied = _identifier_in(text, min(s0, line0), max(s1, line1))
        if tied:
            sev = Severity.BLOCK
        shown = _mask_name(person, self._sur_compound)
        msg = spec.message.replace("{person}", shown).replace("{match}", text[a:b])
        if tied:
            msg += "；同一句（行）中还有该人的身份证号或手机号，可直接识别到个人"
        return Candidate(
            rule_id=f"personal_info.prose_{kind.name}",
            category="personal_info",
            severity=sev,
            start=a,
            end=b,
            message=msg,
            suggestion=spec.suggestion,
            confidence=spec.confidence if not tied else max(spec.confidence, 0.9),
            matched=text[a:b],
            priority=_PRIORITY,
        )


def _identifier_in(text: str, a: int, b: int) -> bool:
    for m in _ID.finditer(text, a, b):
        if _id_ok(m.group()):
            return True
    return _MOBILE.search(text, a, b) is not None


def _mask_name(name: str, compound: tuple[str, ...]) -> str:
    """``陈国平`` → ``陈某``; masked names stay as written (``王某某``)."""
    if "某" in name or any(c in name for c in "×*xX"):
        return name
    for c in compound:
        if name.startswith(c):
            return c + "某"
    return name[:1] + "某"


_END = lazy_re(r"[。！？!?；;\n\r]")


def _sentence_fast(text: str, a: int, b: int, first_end: Any) -> tuple[int, int]:
    """:func:`_sentence` by two C searches (``first_end`` is ``_END.search``, bound once per
    document) instead of a Python loop over up to 400 characters; the search back is a search
    forward in the reversed window."""
    lo = a - _MAX_SENTENCE if a > _MAX_SENTENCE else 0
    m = first_end(text[lo:a][::-1])
    s = a - m.start() if m else lo
    hi = b + _MAX_SENTENCE
    m = first_end(text, b, hi)
    return s, (m.start() if m else min(len(text), hi))


def _sentence(text: str, a: int, b: int) -> tuple[int, int]:
    s = a
    lim = max(0, a - _MAX_SENTENCE)
    while s > lim and text[s - 1] not in _SENTENCE_END:
        s -= 1
    e = b
    lim = min(len(text), b + _MAX_SENTENCE)
    while e < lim and text[e] not in _SENTENCE_END:
        e += 1
    return s, e
