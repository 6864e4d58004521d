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


def _clauses(branch: str) -> list[Clause] | None:
    r"""Clauses every match of ``branch`` satisfies; ``None`` when not understood.

    Literal characters that must occur exactly once, one right after the other (``病历号``,
    not ``病\s*历``), form a run: every match holds the run as a substring, which rules out far
    more texts than its characters scattered anywhere would.  A ``+`` keeps its character in
    the run and ends it (``ab+c`` holds ``ab``, not ``abc``)."""
    req: list[Clause] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            req.append(frozenset(("".join(run),)))
            run.clear()

    i = 0
    n = len(branch)
    while i < n:
        c = branch[i]
        found: Clause | None = None
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
                found, end = frozenset(nxt), i + 2
        elif c == "[":
            got = _class_end(branch, i)
            if got is None:
                return None
            end = got
        elif c == "(":
            got = _group_end(branch, i)
            if got is None:
                return None
            end = got
            body = _group_body(branch, i, end)
            if body is not None:
                found = _alternation_clause(body)
        elif c in ".^$":
            end = i + 1
        elif c in _META:
            return None  # stray quantifier or bracket
        else:
            found, end = frozenset(c), i + 1
        q = _quantifier(branch, end)
        if q is None:
            return None
        i, optional = q
        single = found is not None and len(found) == 1 and not _is_group(c)
        if single and not optional and (i == end or branch[end] == "+"):
            run.extend(found)  # type: ignore[arg-type]
            if i != end:
                flush()
            continue
        flush()
        if found and not optional:
            req.append(found)
    flush()
    return req


def _is_group(c: str) -> bool:
    """A group's clause is a set of alternatives, never part of a run of characters."""
    return c == "("


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
