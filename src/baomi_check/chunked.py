"""Checking huge texts and files in overlapping windows, with flat memory and no lost findings.

A whole-text check holds the original, the view, the term view and their offset maps at once —
several times the text's size.  A 50 MB export of a document archive would need gigabytes.  Here
the text is cut into *cores* of ``chunk_chars`` characters; each core is checked inside a larger
*window* that adds a margin on both sides, and only findings that **start inside the core** are
kept.  Every position belongs to exactly one core, so nothing is reported twice, and a finding
that straddles a seam is seen whole by the window of the core where it starts.

Why this gives the same findings as one whole-text scan (what ``tests/perf`` checks):

* windows begin and end on **line boundaries** and carry at least :data:`MARGIN` characters and
  ``header_lines + 2`` non-empty lines on each side.  Line-oriented rules (密级 marks, stamps,
  header zones, the "next line" 解密 look-ahead, spam runs that never cross a line) therefore see
  the same lines; a window's own spurious "document start" header zone and its own 200-character
  "edges" lie entirely in its margins, whose findings are discarded;
* context look-arounds (sentences of ≤80 characters, jieba windows, identifier context words)
  are far shorter than the margin;
* a window also reaches back to the start of its block of non-blank lines (up to
  :data:`BLOCK_SLACK`), so a long table is read from its header row, as the whole-text check
  reads it;
* the one document-level decision, whether inline pinyin is a conversion artefact (cn-formats
  §7.3), is made once over the whole text in a cheap first pass and imposed on every window;
  the single ``tampering.pinyin_conversion`` finding keeps the whole-document count.

Limits, stated honestly: a single line longer than :data:`MAX_LINE_SLACK` characters is cut
mid-line (and a window reaches back at most :data:`REACH` characters, so memory stays flat on a
file that is one line); a table (a block without blank lines) longer than :data:`BLOCK_SLACK`
characters loses its header in later windows; a chain of overlapping candidates longer than the
margin could resolve differently.
Neither occurs in real documents at the default sizes.

Line numbers are made global by counting line breaks (``\\r\\n``, ``\\n``, ``\\r``) before each
window; columns need no change because windows start at line starts — except on a line cut
mid-way, where the characters of the line before the window are added.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .budget import Deadline
from .models import (
    Finding,
    MaskedRecord,
    Report,
    category_counts,
    group_repeats,
    verdict_for,
)
from .normalize import (
    PINYIN_ANNOTATION,
    PINYIN_BARE,
    PINYIN_NEUTRAL,
    PinyinPolicy,
    normalize,
    pinyin_gated,
)
from .resolve import masked_records, resolve

if TYPE_CHECKING:
    from .engine import Checker

CHUNK_CHARS = 1_000_000
"""Default core size: big enough that per-window overhead is negligible, small enough that a
window's views stay in the tens of megabytes."""
MARGIN = 4_000
"""Characters of context on each side of a core (≥ the longest finding plus any look-around)."""
MAX_LINE_SLACK = 100_000
"""How far a window may extend to reach a line boundary before it cuts a line."""
BLOCK_SLACK = 200_000
"""How far back a window's start may move to reach the start of its block (the lines since the
last blank line), so that a table whose rows run past the margin is read with its header row
(the table-column detector reports a cell only under a header it has seen)."""
REACH = 3 * MAX_LINE_SLACK + BLOCK_SLACK
"""The furthest a window's start may lie before its core's margin.  Reaching back to a line or
block start stops within :data:`MAX_LINE_SLACK` / :data:`BLOCK_SLACK` and one more line, so
with lines shorter than :data:`MAX_LINE_SLACK` this never binds; on a single line of 20 MB it
cuts the line, which used to pull every window back to the line's start: each window and the
buffer grew to the whole text (a 20 MB one-line file peaked at 16× its size)."""
_READ_BLOCK = 1 << 20
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_PINYIN_COUNT = re.compile(r"共\d+处")
_TAMPER_RULE = "tampering.pinyin_conversion"


def _breaks(s: str) -> int:
    """Number of line breaks in ``s``, counting ``\\r\\n`` once."""
    return s.count("\n") + s.count("\r") - s.count("\r\n")


@dataclass
class _Window:
    start: int
    """Global offset of ``text[0]``."""
    text: str
    core_start: int
    core_end: int
    lines_before: int
    """Line breaks before the window (its first line's 0-based line index)."""
    first_column: int = 0
    """Characters of the window's first line before the window (0 unless a line longer than
    :data:`REACH` was cut): added to the columns of what is found on that line."""


def _start_of_line(buf: str, i: int) -> int:
    """Start of the line holding index ``i`` (a line-break character belongs to its line)."""
    if 0 < i < len(buf) and buf[i] == "\n" and buf[i - 1] == "\r":
        i -= 1
    return max(buf.rfind("\n", 0, i), buf.rfind("\r", 0, i)) + 1


def _line_start_before(buf: str, pos: int, min_lines: int) -> int:
    """A line start at or before ``pos`` with at least ``min_lines`` non-empty lines between it
    and the line holding ``pos``; 0 when the buffer begins first."""
    if pos <= 0:
        return 0
    floor = max(0, pos - MAX_LINE_SLACK)
    p = _start_of_line(buf, min(pos, len(buf) - 1))
    nonempty = 0
    while p > 0 and nonempty < min_lines and p >= floor:
        q = _start_of_line(buf, p - 1)
        if buf[q:p].strip():
            nonempty += 1
        p = q
    return p


def _block_start(buf: str, p: int) -> int:
    """The start of the block of non-blank lines holding the line that starts at ``p``, at most
    :data:`BLOCK_SLACK` characters back."""
    floor = max(0, p - BLOCK_SLACK)
    while p > floor:
        q = _start_of_line(buf, p - 1)
        if not buf[q:p].strip():
            return p
        p = q
    return p


def _line_end_after(buf: str, pos: int, extra_lines: int, eof: bool) -> int:
    """End of the line holding ``pos`` plus ``extra_lines`` following lines (line breaks
    included); the buffer's end at end of input or when lines are absurdly long."""
    if pos >= len(buf):
        return len(buf)
    limit = min(len(buf), pos + MAX_LINE_SLACK)
    end = pos
    for _ in range(extra_lines + 1):
        m = _LINE_BREAK.search(buf, end, limit)
        if m is None:
            return len(buf) if eof or limit == len(buf) else limit
        if m.group() == "\r" and m.end() == len(buf) and not eof:
            return m.start()  # a \r at the buffer's end may be half of \r\n
        end = m.end()
    return end


def _window_start(buf: str, pos: int, min_lines: int) -> int:
    """Where a window whose context starts at ``pos`` begins: the start of its block of lines
    (see :func:`_block_start`), but no further back than :data:`REACH` — and never between
    the ``\r`` and ``\n`` of one line break."""
    ws = _block_start(buf, _line_start_before(buf, pos, min_lines))
    floor = pos - REACH
    if ws < floor:
        ws = floor
        if 0 < ws < len(buf) and buf[ws] == "\n" and buf[ws - 1] == "\r":
            ws -= 1
    return ws


def _column_of(buf: str, i: int, buf_column: int) -> int:
    """Characters between the start of the line holding ``buf[i]`` and ``buf[i]``
    (``buf_column``: those of ``buf[0]``, whose line may have begun before the buffer)."""
    ls = max(buf.rfind("\n", 0, i), buf.rfind("\r", 0, i)) + 1
    return i - ls if ls > 0 else buf_column + i


def _windows(
    read: Callable[[int], str], chunk_chars: int, margin: int, min_lines: int
) -> Iterator[_Window]:
    """Cut the stream returned by ``read(n)`` into windows around consecutive cores."""
    parts: list[str] = []
    buf = ""
    buf_start = 0
    buf_column = 0
    lines_before_buf = 0
    eof = False
    core_start = 0
    while True:
        core_end = core_start + chunk_chars
        need = core_end + margin + MAX_LINE_SLACK
        have = buf_start + len(buf)
        if not eof and have < need:
            parts = [buf]
            while not eof and have < need:
                block = read(max(_READ_BLOCK, need - have))
                if not block:
                    eof = True
                else:
                    parts.append(block)
                    have += len(block)
            buf = "".join(parts)
            parts = []
        text_end = buf_start + len(buf)
        last = eof and core_end >= text_end
        if last:
            core_end = text_end
        ws = _window_start(buf, core_start - margin - buf_start, min_lines)
        we = len(buf) if last else _line_end_after(
            buf, core_end + margin - buf_start, min_lines, eof
        )
        yield _Window(
            start=buf_start + ws,
            text=buf[ws:we],
            core_start=core_start,
            core_end=core_end,
            lines_before=lines_before_buf + _breaks(buf[:ws]),
            first_column=_column_of(buf, ws, buf_column),
        )
        if last:
            return
        # The buffer keeps what the next window needs: it starts where that window will.
        keep = _window_start(buf, core_end - margin - buf_start, min_lines)
        lines_before_buf += _breaks(buf[:keep])
        buf_column = _column_of(buf, keep, buf_column)
        buf = buf[keep:]
        buf_start += keep
        core_start = core_end


def _pinyin_counts(read: Callable[[int], str]) -> tuple[int, int, int]:
    """Strict and neutral inline-pinyin annotations and the character count, in one streaming
    pass.  An annotation is at most a dozen characters and needs the character before it, so
    matches are counted only when they start before the last 32 characters of a block, which are
    carried over (with one character before them) to the next."""
    strict = neutral = chars = 0
    carry = ""
    while True:
        block = read(_READ_BLOCK)
        chars += len(block)
        s = carry + block
        cut = len(s) - 32 if block else len(s)
        if cut <= 0:
            if not block:
                return strict, neutral, chars
            carry = s
            continue
        # Bracketless syllables (镇zhèn) count towards the gate like bracketed ones.
        for pattern in (PINYIN_ANNOTATION, PINYIN_BARE, PINYIN_NEUTRAL):
            for m in pattern.finditer(s):
                if m.start() >= cut:
                    break
                if pattern is not PINYIN_NEUTRAL:
                    strict += 1
                else:
                    neutral += 1
        if not block:
            return strict, neutral, chars
        carry = s[cut - 1:]


def _forced_policy(policy: PinyinPolicy, strict: int, chars: int) -> PinyinPolicy | None:
    """The whole-document decision of :func:`normalize.pinyin_gated`, as a policy that makes
    every window decide the same way: strip whatever it holds, or strip nothing."""
    if not pinyin_gated(strict, chars, policy):
        return None
    return PinyinPolicy(policy.min_count, policy.per_chars, policy.strip_neutral, force=True)


def _scan(checker: Checker, w: _Window, policy: PinyinPolicy | None,
          warnings: list[str], failed: set[str], masked: list[MaskedRecord],
          deadline: Deadline | None = None) -> list[Finding]:
    doc = normalize(w.text, policy)
    found = resolve(doc, checker.candidates(doc, deadline))
    shift = w.first_column
    for r in masked_records(doc):
        if w.core_start <= w.start + r.start < w.core_end:
            masked.append(replace(r, start=w.start + r.start, end=w.start + r.end,
                                  line=r.line + w.lines_before,
                                  column=r.column + (shift if r.line == 1 else 0)))
    failed.update(doc.failed)
    for msg in doc.warnings:
        if msg not in warnings:
            warnings.append(msg)
    out: list[Finding] = []
    for f in found:
        g0 = w.start + f.start
        if not (w.core_start <= g0 < w.core_end):
            continue
        update: dict[str, int] = {
            "start": g0,
            "end": w.start + f.end,
            "line": f.line + w.lines_before,
        }
        if getattr(f, "end_line", None) is not None:
            update["end_line"] = f.end_line + w.lines_before
        if shift:  # the window cut its first line (longer than REACH)
            if f.line == 1:
                update["column"] = f.column + shift
            if f.end_line == 1:
                update["end_column"] = f.end_column + shift
        out.append(f.model_copy(update=update))
    return out


_Reader = tuple[Callable[[int], str], "IO[str] | None"]


def _open_reader(source: str | os.PathLike[str], encoding: str) -> Callable[[], _Reader]:
    """A factory of fresh ``read`` callables (the input is read twice)."""
    if isinstance(source, str):
        text = source

        def make() -> _Reader:
            pos = 0

            def read(n: int) -> str:
                nonlocal pos
                piece = text[pos:pos + n]
                pos += len(piece)
                return piece

            return read, None

        return make
    path = Path(source)

    def make_file() -> _Reader:
        fh = path.open("r", encoding=encoding, errors="replace", newline="")
        return fh.read, fh

    return make_file


def check_large(
    text_or_file: str | os.PathLike[str],
    *,
    checker: Checker | None = None,
    chunk_chars: int = CHUNK_CHARS,
    margin: int = MARGIN,
    source: str | None = None,
    encoding: str = "utf-8",
    deadline: Deadline | None = None,
    timeout: float | None = None,
) -> Report:
    """Check a huge text (a ``str``) or text file (a path object) window by window.

    The findings equal those of ``checker.check(whole_text)``; memory stays proportional to
    ``chunk_chars`` rather than to the input.  A file is read twice, streaming, with
    ``newline=""`` so offsets count ``\\r\\n`` as two characters exactly as in the decoded text.

    ``timeout`` seconds (or a ready ``deadline``) bound the whole call: once past, no further
    window is started and the report is incomplete, saying how far the check got."""
    from .engine import Checker

    if not isinstance(text_or_file, (str, os.PathLike)):
        raise TypeError(
            f"check_large() expects str or a path, got {type(text_or_file).__name__}"
        )
    if chunk_chars < 1:
        raise ValueError("chunk_chars must be positive")
    checker = checker or Checker.default()
    if deadline is None:
        deadline = Deadline(timeout)
    t0 = time.perf_counter()
    make = _open_reader(text_or_file, encoding)
    if source is None and not isinstance(text_or_file, str):
        source = str(text_or_file)

    read, fh = make()
    try:
        strict, neutral, chars = _pinyin_counts(read)
    finally:
        if fh is not None:
            fh.close()
    policy = _forced_policy(checker._pinyin, strict, chars)

    min_lines = checker.config.header_lines + 2
    findings: list[Finding] = []
    warnings: list[str] = []
    failed: set[str] = set()
    masked: list[MaskedRecord] = []
    read, fh = make()
    try:
        for w in _windows(read, chunk_chars, margin, min_lines):
            if deadline.expired():
                warnings.append(deadline.warning() + f"（只检查了前 {w.core_start} 个字符）")
                failed.add("timeout")
                break
            findings.extend(_scan(checker, w, policy, warnings, failed, masked, deadline))
    finally:
        if fh is not None:
            fh.close()

    findings = _merge_document_level(findings, strict + (neutral if policy and
                                                         policy.strip_neutral else 0))
    # Windows report occurrences one by one; repeats are grouped over the whole text.
    findings = group_repeats(findings)
    stats: dict[str, int | float] = {
        "chars": chars,
        **category_counts(findings),
        "elapsed_ms": round((time.perf_counter() - t0) * 1000, 3),
    }
    report = Report.model_construct(
        source=source, verdict=verdict_for(findings, bool(failed)), findings=findings, stats=stats,
        warnings=warnings, incomplete=bool(failed),
    )
    report._masked = masked
    return report


def _merge_document_level(findings: list[Finding], pinyin_total: int) -> list[Finding]:
    """Keep one pinyin-artefact finding (the document's first) with the whole-document count."""
    tamper = [f for f in findings if f.rule_id == _TAMPER_RULE]
    if not tamper:
        return findings
    first = min(tamper, key=lambda f: f.start)
    fixed = first.model_copy(
        update={"message": _PINYIN_COUNT.sub(f"共{pinyin_total}处", first.message, count=1)}
    )
    return [f for f in findings if f.rule_id != _TAMPER_RULE] + [fixed]
