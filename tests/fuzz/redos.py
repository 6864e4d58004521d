"""Every regular expression the engine runs, and inputs built to make a backtracking matcher
blow up on them (issue 11 A.4).

Collected, not listed by hand, so a pattern added tomorrow is audited too: module-level
patterns of every ``baomi_check`` module (compiled ``re``/``regex`` objects and
:class:`~baomi_check.lazyre.LazyPattern` proxies), the patterns held by the built detectors of
the default checker (rule-pack ``patterns:``, column kinds, label regexes built from settings).

The attacks are the classic shapes of catastrophic backtracking for the characters these
patterns consume — a long run of one "pump" unit that several sub-patterns can each take,
followed by a character that makes the overall match fail at the end.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import baomi_check
from baomi_check.lazyre import LazyPattern

_PUMPS = (
    "1", "12", "1 ", "1-", "1 2", "12-", "0", "9", "x", "X", "a", "a.", "a-", "a1", ".1",
    "1.", ":", "a:", " ", "\t", "  ", "中", "密", "秘密", "★", "*", "●", "1*", "(", "（1",
    "zhōng ", "zhong1 ", "<div>", "<a ", "&#1;", "@", "a@", "-", "—", "·", "\u3000",
    "账号", "、", "，", "1,", "1、", "第1", "号", "1年", "\n", "1\n", "\r\n", "《", "<",
)  # fmt: skip
_TAILS = ("", "A", "\x00", "1")
_PREFIXES = ("", "账号：", "密级：", "<p>")


def attacks(n: int) -> Iterator[str]:
    """Inputs of about ``n`` characters of each shape."""
    for pump in _PUMPS:
        body = pump * max(1, n // len(pump))
        for tail in _TAILS:
            yield body + tail
        for prefix in _PREFIXES[1:]:
            yield prefix + body + "A"


def _as_regex(p: Any) -> Any | None:
    """The pattern compiled by the ``regex`` module (which has a per-call timeout)."""
    import regex

    if isinstance(p, LazyPattern):
        module = p._module
        source, flags = p._source, p._flags
    elif isinstance(p, re.Pattern):
        module, source, flags = "re", p.pattern, p.flags
    elif type(p).__module__.startswith("regex") or type(p).__name__ == "Pattern":
        module, source, flags = "regex", p.pattern, p.flags
    else:
        return None
    if not isinstance(source, str):
        return None
    if module == "re":
        flags = flags & ~re.UNICODE  # implied for str patterns; regex flag values differ
        rflags = 0
        for name in ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"):
            if flags & getattr(re, name):
                rflags |= getattr(regex, name)
        return regex.compile(source, rflags)
    return regex.compile(source, flags)


def _walk(obj: Any, depth: int, seen: set[int]) -> Iterator[Any]:
    if id(obj) in seen or depth < 0:
        return
    seen.add(id(obj))
    if isinstance(obj, (LazyPattern, re.Pattern)) or type(obj).__name__ == "Pattern":
        yield obj
        return
    if isinstance(obj, (str, bytes, int, float, bool, type(None))):
        return
    if isinstance(obj, dict):
        for v in obj.values():
            yield from _walk(v, depth - 1, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from _walk(v, depth - 1, seen)
    elif type(obj).__module__.startswith("baomi_check"):
        for name in getattr(obj, "__dict__", {}):
            yield from _walk(getattr(obj, name), depth - 1, seen)
        for name in getattr(type(obj), "__slots__", ()):
            if hasattr(obj, name):
                yield from _walk(getattr(obj, name), depth - 1, seen)


def engine_patterns() -> dict[str, Any]:
    """``{where: regex-compiled pattern}`` for every pattern found."""
    from baomi_check import Checker

    found: dict[str, Any] = {}

    def add(where: str, p: Any) -> None:
        try:
            compiled = _as_regex(p)
        except Exception:  # a pattern the regex module reads differently: audited by hand
            return
        if compiled is not None:
            found.setdefault(f"{where}: {compiled.pattern[:60]}", compiled)

    for info in pkgutil.walk_packages(baomi_check.__path__, "baomi_check."):
        if info.name.endswith("__main__") or ".serve" in info.name:
            continue
        try:
            mod = importlib.import_module(info.name)
        except Exception:
            continue
        for name, value in vars(mod).items():
            for p in _walk(value, 2, set()):
                add(f"{info.name}.{name}", p)
    checker = Checker.default()
    for det in checker.detectors:
        for p in _walk(det, 5, set()):
            add(f"detector {det.name}", p)
    for rule in checker.pack.patterns:
        add(f"rule {rule.id}", _rule(rule.regex))
    return found


def _rule(source: str) -> Any:
    import regex

    return regex.compile(source, regex.V1)
