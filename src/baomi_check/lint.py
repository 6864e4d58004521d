"""Rule-pack lint: the mistakes that make a pack noisy or silently dead, with file and line.

A loader error stops a checker from being built; lint goes further and finds entries that load
fine but do harm or nothing:

* ``duplicate`` — the same term (or the same regex) listed twice;
* ``same-key`` — two different spellings that normalize to one key (``六合彩`` / ``六合綵`` /
  ``六-合-彩``): the second never adds anything and its settings silently compete;
* ``single-char`` — a term of one character, also after normalization (``Ａ`` → ``a``): a
  one-character entry matches everywhere (open lexicons that ship ``的`` are unusable);
* ``empty-key`` — a term that normalizes to nothing (only noise or invisible characters);
* ``shadowed`` — an allow phrase equal to its term (the term can never fire), or an
  ``unless_near`` word contained in the term (its own sentence always excuses it);
* ``allow-unused`` — an allow phrase that does not contain its term, so it can never apply;
* ``broad-near`` — a one-character ``unless_near`` word, which excuses nearly every sentence;
* ``regex`` — a pattern that does not compile, or that can match the empty string;
* ``cut`` — a term with a boundary check that the segmenter would still cut in a common
  context (``{term}建设进展``, ``推进{term}进度`` …) even with every term in its dictionary: the
  check would veto real hits there, so the entry wants ``boundary: none`` or a rewording;
* ``load`` — any other loader problem (YAML syntax, unknown keys, bad severity).

Each file is loaded on its own so one broken file does not hide the problems of the others.
Used by ``baomi-check rules lint [DIR]`` and by the test that keeps the default pack clean.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from .detectors.terms import term_key
from .rulepack import Located, RuleError, RulePack, builtin_rules_dir, load_pack

_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<msg>.*)$", re.S)


@dataclass(frozen=True)
class Problem:
    """One lint finding, printed as ``file:line: code: message``."""

    file: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code}: {self.message}"


def _files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(q for q in path.rglob("*") if q.suffix in {".yaml", ".yml"}))
        elif path.is_file():
            out.append(path)
        else:
            raise FileNotFoundError(f"{path}：规则文件或文件夹不存在")
    return out


def _is_term_list(path: Path) -> bool:
    from .termlist import TERM_LIST_SUFFIXES

    return path.suffix.lower() in TERM_LIST_SUFFIXES


CUT_CONTEXTS = (
    "关于{t}的通知", "{t}建设进展", "推进{t}进度", "{t}项目", "开展{t}工作", "{t}有关情况",
    "做好{t}", "{t}实施方案",
)
"""Ordinary sentences a configured term stands in: after 关于/推进/开展/做好, before 建设/项目/
进度/工作/情况/实施方案.  The words jieba likes to merge with a term's last or first word."""


def _lint_cuts(pack: RulePack) -> list[Problem]:
    """Terms the boundary check would veto in a common context (see :data:`CUT_CONTEXTS`),
    judged by the term detector itself, built on the pack as a check builds it."""
    from .config import CheckConfig
    from .detectors.terms import TermDetector, _Hit, _sentence
    from .normalize import normalize

    checked = [
        (i, t) for i, t in enumerate(pack.terms)
        if t.boundary != "none" and len(term_key(t.term)) >= 2
    ]
    if not checked:
        return []
    det = TermDetector.build(pack, CheckConfig.model_construct())
    out: list[Problem] = []
    for i, t in checked:
        key = term_key(t.term)
        cut_in: list[str] = []
        for ctx in CUT_CONTEXTS:
            doc = normalize(ctx.format(t=t.term), pinyin_policy=None)
            view = doc.terms
            a = view.find(key)
            if a < 0:
                continue
            h = _Hit(a, a + len(key), i, t.severity, t.confidence)
            s0, s1 = _sentence(view, h.start, h.end)
            if not det._aligned(view, h, s0, s1):
                cut_in.append(ctx.format(t=t.term))
        if cut_in:
            src = pack.term_sources[i]
            out.append(Problem(src.file, src.line, "cut",
                               f"term {t.term!r} is cut by the segmenter in "
                               f"{'、'.join(repr(c) for c in cut_in[:3])}: the boundary check "
                               "would drop real hits there (consider boundary: none)"))
    return out


def _load_errors(exc: RuleError, file: Path) -> list[Problem]:
    out: list[Problem] = []
    for text in exc.problems:
        m = _LOCATED.match(text)
        if m:
            msg = m.group("msg")
            code = "regex" if "regex does not compile" in msg else "load"
            out.append(Problem(m.group("file"), int(m.group("line")), code, msg))
        else:
            out.append(Problem(str(file), 1, "load", text))
    return out


def lint_pack(paths: Sequence[str | Path]) -> list[Problem]:
    """Every problem in the rule files under ``paths`` (folders or single YAML files).

    Raises :class:`FileNotFoundError` for a path that does not exist."""
    problems: list[Problem] = []
    pack = RulePack()
    files = _files(paths)
    for f in files:
        try:
            if _is_term_list(f):
                from .termlist import load_term_lists

                pack = pack.extend(load_term_lists([f]))
            else:
                pack = pack.extend(load_pack(f))
        except RuleError as exc:
            problems.extend(_load_errors(exc, f))
    problems.extend(_lint_terms(pack))
    problems.extend(_lint_patterns(pack))
    problems.extend(_lint_cuts(pack))
    problems.extend(_lint_sections(pack, files[0] if files else Path(".")))
    return sorted(problems, key=lambda p: (p.file, p.line, p.code))


def _lint_sections(pack: RulePack, first: Path) -> list[Problem]:
    """Settings sections (``identifiers``, ``table_columns`` …) are validated by the detectors
    that own them: build every default detector on the pack, as a check would, and report what
    they reject with file and line."""
    from .config import CheckConfig
    from .detectors import DEFAULT_DETECTORS
    from .engine import build_detectors

    try:
        build_detectors(pack, CheckConfig.model_construct(), list(DEFAULT_DETECTORS))
    except RuleError as exc:
        return [
            Problem(p.file, p.line, "section", p.message) for p in _load_errors(exc, first)
        ]
    return []


def _lint_terms(pack: RulePack) -> list[Problem]:
    out: list[Problem] = []
    seen_raw: dict[tuple[str, str], Located] = {}
    seen_key: dict[str, tuple[str, Located]] = {}
    for t, src in zip(pack.terms, pack.term_sources, strict=True):

        def add(code: str, msg: str, src: Located = src) -> None:
            out.append(Problem(src.file, src.line, code, msg))

        key = term_key(t.term)
        if len(t.term) == 1 or len(key) == 1:
            add("single-char", f"词条 {t.term!r} 只有一个字（归一化后为 {key!r}）："
                "几乎处处都会命中")
        if not key:
            add("empty-key", f"词条 {t.term!r} 归一化后为空，永远不会命中")
            continue
        first = seen_raw.get((t.term, t.category))
        if first is not None:
            add("duplicate", f"词条 {t.term!r}（{t.category}）已在 "
                f"{first.file}:{first.line} 列出")
        elif key in seen_key:
            other, where = seen_key[key]
            add("same-key", f"词条 {t.term!r} 归一化后为 {key!r}，与 "
                f"{where.file}:{where.line} 的 {other!r} 相同")
        seen_raw.setdefault((t.term, t.category), src)
        seen_key.setdefault(key, (t.term, src))
        for phrase in t.allow:
            akey = term_key(phrase)
            if akey == key:
                add("shadowed", f"放行短语 {phrase!r} 与词条 {t.term!r} 相同："
                    "该词条永远不会报告")
            elif key not in akey:
                add("allow-unused", f"放行短语 {phrase!r} 不包含词条 {t.term!r}"
                    "（归一化后），永远不会生效")
        for word in t.unless_near:
            nkey = term_key(word)
            if not nkey:
                add("empty-key", f"unless_near 词 {word!r} 归一化后为空")
            elif nkey in key:
                add("shadowed", f"unless_near 词 {word!r} 是词条 {t.term!r} 的一部分："
                    "每次命中都会放行自己")
            elif len(nkey) == 1:
                add("broad-near", f"unless_near 词 {word!r} 只有一个字，"
                    "几乎会放行每一句")
    return out


def _lint_patterns(pack: RulePack) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, Located] = {}
    for p, src in zip(pack.patterns, pack.pattern_sources, strict=True):
        if p.regex in seen:
            first = seen[p.regex]
            out.append(Problem(src.file, src.line, "duplicate",
                               f"规则 {p.id!r} 的正则与 {first.file}:{first.line} 重复"))
        seen.setdefault(p.regex, src)
        try:
            pat = regex.compile(p.regex, regex.V1)
        except regex.error as exc:  # pragma: no cover - the loader rejects these first
            out.append(Problem(src.file, src.line, "regex", f"规则 {p.id!r}：{exc}"))
            continue
        if any(m.group() == "" for m in pat.finditer("\n")):
            out.append(Problem(src.file, src.line, "regex",
                               f"规则 {p.id!r} 的正则可以匹配空字符串"))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``baomi-check rules lint [DIR ...]``: exit 0 when clean, 1 with problems, 2 on bad paths."""
    ap = argparse.ArgumentParser(
        prog="baomi-check rules lint",
        description="检查规则包中的重复词条、被遮蔽的条目、单字词条和有误的正则表达式。"
        "不给文件夹时检查内置规则包。",
    )
    ap.add_argument("paths", nargs="*", metavar="DIR", help="规则文件夹或 YAML 文件")
    ap.add_argument("--with-builtin", action="store_true",
                    help="同时加载内置规则包，找出与它冲突的条目")
    args = ap.parse_args(list(argv) if argv is not None else None)
    paths: list[str | Path] = list(args.paths) or [builtin_rules_dir()]
    if args.with_builtin and args.paths:
        paths.insert(0, builtin_rules_dir())
    try:
        problems = lint_pack(paths)
    except FileNotFoundError as exc:
        print(f"baomi-check rules lint: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    n_files = len(_files(paths))
    if problems:
        print(f"{n_files} 个文件中有 {len(problems)} 个问题", file=sys.stderr)
        return 1
    print(f"规则包没有问题（clean）：{n_files} 个文件", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
