"""Required literal characters of a regular expression: a sound, cheap prefilter.

Each ``patterns:`` rule is one pass of the ``regex`` engine over the whole text, and a pattern
whose first item is optional (``(?:此件|本件)?\\s*[,，]?\\s*(?:不得|请勿)…``) is attempted at
*every* position: a dozen such rules cost more than normalization.  Yet almost every document
lacks the characters these rules need (不/请/严 …).  This module reads a pattern and returns, for
each top-level alternative, characters that **every** match of that alternative must contain,
as clauses ("one of 不/请/严, and one of 外/翻/转/复").  The detector runs the pattern only when
some alternative has all its clauses met by the text (``ch in text`` is a C-speed scan).

Soundness over cleverness: anything not understood — inline flags such as ``(?i)``, nested or
set-operation classes, fuzzy matching, unbalanced syntax — makes the function return ``None``,
meaning "no prefilter, always run".  Only items not made optional by ``?``, ``*`` or
``{0,n}`` count; a group contributes one clause made of a character of each of its
alternatives; look-arounds contribute nothing.  So a skipped pattern provably has no match.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

_META = set(".^$|()[]{}*+?\\")
_FLAG_START = set("aiLmsuxfbeprvVw0123456789-^")
_COUNT = re.compile(r"(\d*)(?:,(\d*))?")


def _split_top(pattern: str) -> list[str] | None:
    """Top-level alternatives of ``pattern``, or ``None`` when its syntax is not understood."""
    out: list[str] = []
    depth = 0
    i = 0
    start = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            end = _class_end(pattern, i)
            if end is None:
                return None
            i = end
            continue
        if c == "(":
            if pattern.startswith("(?", i) and i + 2 < n and pattern[i + 2] in _FLAG_START:
                return None  # inline flags change what a literal matches
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0:
        return None
    out.append(pattern[start:])
    return out


def _class_end(p: str, i: int) -> int | None:
    """Index just past the character class starting at ``p[i] == "["``; ``None`` for nested
    classes or set operations (V1 syntax), which are not analysed."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[" or p.startswith(("--", "&&", "||", "~~"), j):
            return None
        if c == "]":
            return j + 1
        j += 1
    return None


def _group_end(p: str, i: int) -> int | None:
    depth = 0
    j = i
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            end = _class_end(p, j)
            if end is None:
                return None
            j = end
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return None


def _quantifier(p: str, j: int) -> tuple[int, bool] | None:
    """``(end, optional)`` of the quantifier at ``p[j]`` (possibly none); ``None`` if odd."""
    optional = False
    if j < len(p):
        c = p[j]
        if c in "*?":
            optional, j = True, j + 1
        elif c == "+":
            j += 1
        elif c == "{":
            close = p.find("}", j)
            if close < 0:
                return None
            m = _COUNT.fullmatch(p, j + 1, close)
            if m is None:
                return None  # fuzzy constraints such as {e<=1}, or a literal brace
            low = m.group(1)
            optional = not low or int(low) == 0
            j = close + 1
        if j < len(p) and p[j] in "?+":
            j += 1  # lazy or possessive
    return j, optional


Clause = frozenset[str]
"""At least one of these strings (single characters, or runs of literal characters that every
match holds side by side) occurs in every match."""


@dataclass(frozen=True)
class _Item:
    """One item of a branch: an atom (``branch[start:atom_end]``) and its quantifier (up to
    ``end``)."""

    start: int
    atom_end: int
    end: int
    kind: str
    """``lit`` (one literal character), ``esc``, ``class``, ``dot``, ``edge`` (``^`` ``$``) or
    ``group``."""
    char: str = ""
    """The character of a ``lit`` item."""
    optional: bool = False
    """Its quantifier allows zero repetitions."""
    possessive: bool = False


def _group_body(p: str, i: int, end: int) -> str | None:
    """The inside of the group ``p[i:end]`` when it must match (plain, non-capturing, named or
    atomic); ``None`` for look-arounds, whose content is not part of the match."""
    inner = p[i + 1:end - 1]
    if not inner.startswith("?"):
        return inner
    if inner.startswith(("?:", "?>")):
        return inner[2:]
    if inner.startswith(("?P<", "?<")) and not inner.startswith(("?<=", "?<!")):
        close = inner.find(">")
        return inner[close + 1:] if close > 0 else None
    return None


def _items(branch: str) -> list[_Item] | None:
    """The items of ``branch`` in order; ``None`` when its syntax is not understood."""
    out: list[_Item] = []
    i = 0
    n = len(branch)
    while i < n:
        c = branch[i]
        kind, char = "esc", ""
        if c == "\\":
            if i + 1 >= n:
                return None
            nxt = branch[i + 1]
            if nxt in "pPN" and i + 2 < n and branch[i + 2] == "{":
                close = branch.find("}", i)
                if close < 0:
                    return None
                end = close + 1
            elif nxt == "x":
                end = i + 4
            elif nxt == "u":
                end = i + 6
            elif nxt == "U":
                end = i + 10
            elif nxt.isalnum():
                end = i + 2  # \s \d \b \1 …: not a literal
            else:
                kind, char, end = "lit", nxt, i + 2
        elif c == "[":
            got = _class_end(branch, i)
            if got is None:
                return None
            kind, end = "class", got
        elif c == "(":
            got = _group_end(branch, i)
            if got is None:
                return None
            kind, end = "group", got
        elif c == ".":
            kind, end = "dot", i + 1
        elif c in "^$":
            kind, end = "edge", i + 1
        elif c in _META:
            return None  # stray quantifier or bracket
        else:
            kind, char, end = "lit", c, i + 1
        q = _quantifier(branch, end)
        if q is None:
            return None
        stop, optional = q
        possessive = stop > end and branch[stop - 1] == "+" and stop - 1 > end
        out.append(_Item(i, end, stop, kind, char, optional, possessive))
        i = stop
    return out


def _clauses(branch: str) -> list[Clause] | None:
    r"""Clauses every match of ``branch`` satisfies; ``None`` when not understood.

    Literal characters that must occur exactly once, one right after the other (``病历号``,
    not ``病\s*历``), form a run: every match holds the run as a substring, which rules out far
    more texts than its characters scattered anywhere would.  A ``+`` keeps its character in
    the run and ends it (``ab+c`` holds ``ab``, not ``abc``)."""
    items = _items(branch)
    if items is None:
        return None
    req: list[Clause] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            req.append(frozenset(("".join(run),)))
            run.clear()

    for it in items:
        found: Clause | None = None
        if it.kind == "lit":
            found = frozenset(it.char)
        elif it.kind == "group":
            body = _group_body(branch, it.start, it.atom_end)
            if body is not None:
                found = _alternation_clause(body)
        if it.kind == "lit" and not it.optional and (
            it.end == it.atom_end or branch[it.atom_end] == "+"
        ):
            run.append(it.char)
            if it.end != it.atom_end:
                flush()
            continue
        flush()
        if found and not it.optional:
            req.append(found)
    flush()
    return req


def _alternation_clause(body: str) -> Clause | None:
    """One clause for a group: a character from a clause of each alternative (every match of
    the group matches some alternative, hence contains that alternative's character)."""
    branches = _split_top(body)
    if branches is None:
        return None
    chars: set[str] = set()
    for b in branches:
        cl = _clauses(b)
        if not cl:
            return None  # an alternative that needs nothing: the group needs nothing
        # The most selective clause of the alternative: fewest options, then longest strings.
        chars |= min(cl, key=lambda c: (len(c), -min(map(len, c))))
    return frozenset(chars)


@lru_cache(maxsize=1024)
def required_literals(pattern: str) -> tuple[tuple[Clause, ...], ...] | None:
    """Per top-level alternative, clauses every match satisfies; ``None`` when the pattern is
    not understood or some alternative requires nothing."""
    branches = _split_top(pattern)
    if branches is None:
        return None
    out: list[tuple[Clause, ...]] = []
    for b in branches:
        cl = _clauses(b)
        if not cl:
            return None
        out.append(tuple(cl))
    return tuple(out)


# --- anchors: where a match can be, not only whether ------------------------------------------

_SAFE_ESCAPES = set("sSdDwWtnrfvxuU")
"""Escapes that match characters without looking around them (``\\b``, ``\\A``, ``\\G`` and
back-references do look, so they end an anchor)."""


@dataclass(frozen=True)
class Anchor:
    """A stretch of consecutive items of one alternative of a pattern, as a regular expression
    of its own (``regex`` V1 syntax, the pattern's own text).

    If the alternative matches ``text[a:b]``, its items match consecutive pieces of that
    substring, so this stretch matches the piece ``text[p:q]`` inside it; and it matches there
    on its own, because none of its items looks beyond its
    own piece (no look-arounds, ``^``/``$``, ``\\b``, back-references, possessive or atomic
    items).  A text where the anchor matches nowhere has no match of the alternative; a line
    where no anchor match starts holds none either.  It starts with a literal character (or a
    group of alternatives that each do), so :func:`anchor_keys` can spell its beginnings."""

    regex: str
    before: int | None = None
    """At most this many characters of a match of the alternative come before the anchor's
    piece, not counting whitespace when :attr:`spaced` (``None``: no bound): a match holding
    an anchor match at ``p`` starts in ``[p - before, p]``, or, when spaced, where
    ``text[start:p]`` holds at most ``before`` characters other than whitespace."""
    spaced: bool = False
    """Items before the anchor may match any amount of whitespace (``[(（]?\\s*此件``)."""


@dataclass(frozen=True)
class _Facts:
    safe: bool
    """Matches without looking outside its own piece of the text."""
    leads: bool
    """It must match, and every match starts with a literal character of the pattern."""
    literals: int
    """Literal characters every match holds (a rough measure of how rare matches are)."""


_UNSAFE = _Facts(False, False, 0)


def _facts(branch: str, it: _Item) -> _Facts | None:
    if it.possessive:
        return _UNSAFE
    if it.kind == "lit":
        return _Facts(True, not it.optional, 0 if it.optional else 1)
    if it.kind == "esc":
        letter = branch[it.start + 1]
        braced = letter in "pPN" and it.atom_end - it.start > 2
        return _Facts(letter in _SAFE_ESCAPES or braced, False, 0)
    if it.kind in ("class", "dot"):
        return _Facts(True, False, 0)
    if it.kind == "edge":
        return _UNSAFE
    # A group: plain or non-capturing ones only (look-arounds look, atomic groups cut, named
    # groups may be referred to, flags change the meaning).
    inner = branch[it.start + 1:it.atom_end - 1]
    if inner.startswith("?:"):
        inner = inner[2:]
    elif inner.startswith("?"):
        return _UNSAFE
    alternatives = _split_top(inner)
    if alternatives is None:
        return None
    leads = True
    literals: int | None = None
    for alt in alternatives:
        items = _items(alt)
        if items is None:
            return None
        facts = [_facts(alt, x) for x in items]
        if any(f is None for f in facts):
            return None
        if not all(f.safe for f in facts):  # type: ignore[union-attr]
            return _UNSAFE
        count = sum(f.literals for f in facts)  # type: ignore[union-attr]
        literals = count if literals is None else min(literals, count)
        leads = leads and bool(facts) and facts[0].leads  # type: ignore[union-attr]
    if it.optional:
        return _Facts(True, False, 0)
    return _Facts(True, leads, literals or 0)


def _branch_anchor(branch: str) -> Anchor | None:
    """The stretch of ``branch`` with the most literal characters that starts with a literal
    and ends with one; ``None`` when there is none."""
    items = _items(branch)
    if items is None:
        return None
    facts = [_facts(branch, it) for it in items]
    if any(f is None for f in facts):
        return None
    best: tuple[int, int, int] | None = None  # (literals, start item, end item)
    i = 0
    while i < len(items):
        if not facts[i].safe:  # type: ignore[union-attr]
            i += 1
            continue
        j = i
        while j < len(items) and facts[j].safe:  # type: ignore[union-attr]
            j += 1
        # items[i:j] is a maximal stretch of safe items: trim it to a literal at each end.
        lead = next((k for k in range(i, j) if facts[k].leads), None)  # type: ignore[union-attr]
        if lead is not None:
            tail = max(k for k in range(lead, j) if facts[k].literals > 0)  # type: ignore[union-attr]
            score = sum(f.literals for f in facts[lead:tail + 1])  # type: ignore[union-attr]
            if best is None or score > best[0]:
                best = (score, lead, tail)
        i = j
    if best is None:
        return None
    _, lead, tail = best
    bound = _prefix_bound(branch, items[:lead])
    return Anchor(branch[items[lead].start:items[tail].end],
                  None if bound is None else bound[0], bound is not None and bound[1])


_ZERO_WIDTH_ESCAPES = set("bBAZGmM")


def _prefix_bound(src: str, items: list[_Item]) -> tuple[int, bool] | None:
    """The most characters ``items`` can match, whitespace matched by unbounded ``\\s``
    items not counted, and whether there are such items; ``None`` when unbounded otherwise."""
    total, spaced = 0, False
    for it in items:
        if src[it.start:it.atom_end] == "\\s" and _max_repeats(src[it.atom_end:it.end]) is None:
            spaced = True  # only whitespace, however much
            continue
        w = _item_width(src, it)
        if w is None:
            return None
        total += w
    return total, spaced


def _width(src: str, items: list[_Item]) -> int | None:
    """The most characters ``items`` can match together; ``None`` when unbounded or unknown."""
    total = 0
    for it in items:
        w = _item_width(src, it)
        if w is None:
            return None
        total += w
    return total


def _item_width(src: str, it: _Item) -> int | None:
    atom = src[it.start:it.atom_end]
    if it.kind == "edge":
        return 0
    if it.kind == "esc":
        letter = atom[1]
        if letter in _ZERO_WIDTH_ESCAPES:
            return 0
        one = letter in _SAFE_ESCAPES or (letter in "pPN" and len(atom) > 2)
        width: int | None = 1 if one else None  # back-references, \X …: unknown
    elif it.kind == "group":
        inner = atom[1:-1]
        if inner.startswith(("?=", "?!", "?<=", "?<!")):
            return 0  # look-arounds consume nothing
        body = _group_body(src, it.start, it.atom_end)
        if body is None or inner.startswith("?P="):
            return None
        widths = [_width(alt, _items(alt) or []) if _items(alt) is not None else None
                  for alt in _split_top(body) or [None]]  # type: ignore[list-item]
        width = None if any(w is None for w in widths) else max(widths)  # type: ignore[type-var]
    else:
        width = 1
    reps = _max_repeats(src[it.atom_end:it.end])
    return None if width is None or reps is None else width * reps


def _max_repeats(quantifier: str) -> int | None:
    q = quantifier
    if len(q) > 1 and q[-1] in "?+" and q[-2] in "*+?}":
        q = q[:-1]  # lazy or possessive: the same counts
    if q in ("", "?"):
        return 1
    if q in ("*", "+"):
        return None
    m = _COUNT.fullmatch(q[1:-1]) if q[:1] == "{" else None
    if m is None or m.group(2) == "" or (m.group(2) is None and not m.group(1)):
        return None  # {m,}: unbounded
    return int(m.group(2) if m.group(2) is not None else m.group(1))


@lru_cache(maxsize=1024)
def required_anchors(pattern: str) -> tuple[Anchor, ...] | None:
    """One anchor per top-level alternative of ``pattern`` (every match of the pattern holds a
    match of one of them); ``None`` when the pattern is not understood or some alternative has
    no anchor (the caller then cannot tell where matches may be)."""
    branches = _split_top(pattern)
    if branches is None:
        return None
    out: list[Anchor] = []
    for b in branches:
        got = _branch_anchor(b)
        if got is None:
            return None
        out.append(got)
    return tuple(out)



_MAX_KEYS = 256


def anchor_keys(anchor: Anchor) -> frozenset[str] | None:
    """Strings without whitespace such that every match of ``anchor``, with its whitespace
    removed, starts with one of them; ``None`` when the anchor gives none.

    So a text whose whitespace-free copy (``"".join(text.split())``, C speed) holds none of
    them has no match of the anchor: one Aho-Corasick pass over that copy tells which anchors
    can match at all, whatever spacing (``内 部 资 料``, a line break inside) the text uses.
    ``\\s`` of the ``regex`` module is a subset of ``str.isspace`` (tested), so removing
    whitespace never removes a character a key needs.  Optional items, simple classes and
    groups multiply the keys (up to a bound); the first item that cannot be spelt out ends
    them."""
    keys, _ = _keys(anchor.regex)
    if "" in keys:  # some match may begin with nothing we can spell
        return None
    return frozenset(keys)


def literal_matches(anchor: Anchor) -> frozenset[str] | None:
    """The strings the anchor matches, when it is only literal characters and groups of
    literal alternatives (``(?:病历号|病案号)``): then it matches at ``p`` exactly where one
    of them starts, which ``str.find`` locates faster than a regex search.  ``None`` for
    anything else (whitespace, classes, quantifiers …)."""
    got = _literal_strings(anchor.regex)
    return None if got is None or "" in got else frozenset(got)


def _literal_strings(src: str) -> set[str] | None:
    items = _items(src)
    if items is None:
        return None
    out = {""}
    for it in items:
        if it.end != it.atom_end:
            return None
        if it.kind == "lit" and not it.char.isspace():
            options = {it.char}
        elif it.kind == "group":
            inner = src[it.start + 1:it.atom_end - 1]
            if inner.startswith("?:"):
                inner = inner[2:]
            elif inner.startswith("?"):
                return None
            options = set()
            for alt in _split_top(inner) or [""]:
                got = _literal_strings(alt)
                if got is None:
                    return None
                options |= got
        else:
            return None
        out = {a + b for a in out for b in options}
        if len(out) > _MAX_KEYS:
            return None
    return out


def _keys(src: str) -> tuple[set[str], bool]:
    """Whitespace-free beginnings of the matches of ``src``, and whether they are whole (the
    matches, without whitespace, *are* one of them)."""
    items = _items(src)
    if items is None:
        return {""}, False
    keys = {""}
    for it in items:
        options = _item_options(src, it)
        if options is None:
            return keys, False
        spelt, whole = options
        if it.optional:
            spelt = spelt | {""}
        grown = {k + o for k in keys for o in spelt}
        if len(grown) > _MAX_KEYS:
            return keys, False
        keys = grown
        if not whole:
            return keys, False
    return keys, True


def _item_options(src: str, it: _Item) -> tuple[set[str], bool] | None:
    """What one repetition of an item spells without whitespace (and whether completely); a
    repeated item (``+``, ``{2,}``) spells its first repetition only."""
    repeated = it.end != it.atom_end and not (it.optional and src[it.atom_end] == "?")
    if it.kind == "esc" and src[it.start + 1] == "s" and it.atom_end - it.start == 2:
        return {""}, True  # whitespace only, however often
    if it.kind == "lit":
        spelt, whole = {"" if it.char.isspace() else it.char}, True
    elif it.kind == "class":
        body = src[it.start + 1:it.atom_end - 1]
        if not body or body[0] == "^" or any(c in "\\-[" for c in body) or len(body) > 8:
            return None
        spelt, whole = {"" if c.isspace() else c for c in body}, True
    elif it.kind == "group":
        inner = src[it.start + 1:it.atom_end - 1]
        if inner.startswith("?:"):
            inner = inner[2:]
        elif inner.startswith("?"):
            return None
        alternatives = _split_top(inner)
        if alternatives is None:
            return None
        spelt, whole = set(), True
        for alt in alternatives:
            got, complete = _keys(alt)
            spelt |= got
            whole = whole and complete
    else:
        return None
    return spelt, whole and not repeated


def may_match(
    need: tuple[tuple[Clause, ...], ...] | None,
    text: str,
    chars: AbstractSet[str] | None = None,
) -> bool:
    """``False`` only when no alternative has all of its clauses satisfied by ``text``.

    ``chars``, the set of characters of ``text`` when the caller has it, turns most tests into
    set lookups instead of scans of the whole text (a document meets every rule of the pack).
    Plain loops rather than nested generator expressions: this runs once per pattern per
    document, and generator frames cost more than the ``in`` scans themselves."""
    if need is None:
        return True
    for branch in need:
        for clause in branch:
            for s in clause:
                if chars is not None:
                    if s[0] not in chars:
                        continue
                    if len(s) == 1:
                        break
                if s in text:
                    break
            else:
                break  # this clause is unmet: the alternative cannot match
        else:
            return True
    return False
