"""``baomi-check redact IN OUT``: masked copies of documents, the originals untouched.

What changes, per finding at or above ``min_severity`` (default ``review``):

* identifiers (ID, phone, bank card … numbers) are masked *in place* by the mask policy of
  :mod:`baomi_check.mask` — same length, separators kept (``138 0000 0000`` → ``138 **** 0000``);
* marked wording (secrecy and internal markings, sensitive terms, spam, personal information)
  is replaced character by character with ``■`` (``terms="replace"``, the default), highlighted
  (``terms="highlight"``) or left alone (``terms="keep"``);
* wrong official wording and tampering traces are only highlighted: blacking them out would not
  make the text publishable, a person has to correct it.

Why every substitution keeps the length: a finding in a ``.docx`` often spans several runs (a
bold surname, an underlined number), and a same-length, character-by-character substitution can
be written back into each run's own text, so every run keeps its formatting and no run has to
be merged or rebuilt.  Highlighting is the one edit that adds structure: the run is split at the
finding's edges (when it holds a single text) and the middle run gets a yellow highlight.

Formats: ``.txt``/``.md`` (encoding and line ends kept), ``.html`` (edited as source: text nodes
and attribute values, tags never broken), ``.docx`` (body, tables, text boxes, headers, footers,
footnotes, endnotes, comments, tracked deletions), ``.xlsx`` (string and integer cells, rich
text, comments; cell styles kept; highlight is a cell fill).  Other files in a folder are
*skipped*, never copied: an unchecked copy could carry exactly what redaction is for.

Layout: each format's writer lives in the format's module, beside its reader
(``extract/text.py`` ``redact_text``, ``html.py``, ``docx.py``, ``xlsx.py``), named by the
registry's ``writer`` entry; files reach it through the same walker and reader as ``check``.
This module decides the edits (:func:`plan`) and hands them to the writers as an
:class:`Editor`.

Safety: the input is only ever opened for reading; the output may not be the input, inside an
input folder, or contain it; existing output files are refused unless ``overwrite=True``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .engine import Checker
from .extract.errors import DEFAULT_MAX_BYTES, ExtractError
from .extract.registry import FORMATS, kind_for_suffix, sniff
from .mask import DEFAULT_POLICY, MaskPolicy, mask_in_place
from .models import IDENTIFIER_CATEGORIES, Finding, Severity, expand_findings
from .suppress import Allowlist, apply_suppressions
from .walk import printable

TermsMode = Literal["replace", "highlight", "keep"]
SUPPORTED = frozenset(s for f in FORMATS.values() if f.redact for s in f.suffixes)
"""Extensions redact writes copies of (the registry's ``redact`` flag)."""
REPLACEMENT = "■"
HIGHLIGHT_ONLY = frozenset({"wrong_expression", "tampering"})
TEXT_MARKS = {"txt": ("〖", "〗"), "md": ("<mark>", "</mark>"), "html": ("<mark>", "</mark>")}


class RedactError(Exception):
    """A refused or failed redaction; the message says which path and why."""


@dataclass
class FileChange:
    """What happened to one file."""

    source: str
    target: str | None
    kind: str | None
    masked: int = 0
    replaced: int = 0
    highlighted: int = 0
    suppressed: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    skipped: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.masked or self.replaced or self.highlighted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "masked": self.masked,
            "replaced": self.replaced,
            "highlighted": self.highlighted,
            "suppressed": self.suppressed,
            "categories": dict(self.categories),
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


@dataclass
class RedactSummary:
    files: list[FileChange] = field(default_factory=list)

    @property
    def written(self) -> list[FileChange]:
        return [f for f in self.files if f.skipped is None]

    def as_text(self) -> str:
        lines: list[str] = []
        for f in self.files:
            if f.skipped is not None:
                lines.append(f"跳过  {printable(f.source)}：{f.skipped}")
                continue
            what = "、".join(f"{c} {n}" for c, n in sorted(f.categories.items())) or "无改动"
            kept = f" · 豁免 {f.suppressed}" if f.suppressed else ""
            lines.append(
                f"写入  {printable(f.target or '')}  脱敏 {f.masked} · 替换 {f.replaced} · "
                f"标亮 {f.highlighted}"
                f"{kept}（{what}）"
            )
            lines.extend(f"      警告：{w}" for w in f.warnings)
        w = self.written
        lines.append(
            f"共 {len(w)} 个文件写入、{len(self.files) - len(w)} 个跳过；脱敏 "
            f"{sum(f.masked for f in w)} 处，替换 {sum(f.replaced for f in w)} 处，标亮 "
            f"{sum(f.highlighted for f in w)} 处"
        )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {"files": [f.as_dict() for f in self.files]}


# --- deciding what to do with the text --------------------------------------------------------


@dataclass
class _Plan:
    """Per-character substitutions (same length) and highlight spans over one text."""

    chars: list[str]
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.chars)

    def merged_highlights(self) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for a, b in sorted(self.highlights):
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out


@dataclass
class RedactOptions:
    terms: TermsMode = "replace"
    min_severity: Severity = Severity.REVIEW
    policy: MaskPolicy = field(default_factory=lambda: DEFAULT_POLICY)
    overwrite: bool = False
    allowlist: Allowlist | None = None


def _check(
    checker: Checker,
    text: str,
    source: str,
    opts: RedactOptions,
    change: FileChange,
    directives_from: str | None = None,
) -> list[Finding]:
    """Check ``text`` and drop what the author allowed (inline directives, the allow-list):
    a redacted copy must not black out what the review itself accepts."""
    report = checker.check(text, source=source)
    kept, dropped = apply_suppressions(directives_from or text, report, opts.allowlist)
    change.suppressed += len(dropped)
    # Every occurrence of a repeated finding is masked, not only the first.
    return expand_findings(kept.findings)


def _is_identifier(f: Finding) -> bool:
    return f.category in IDENTIFIER_CATEGORIES or f.masked is not None


def plan(
    text: str,
    findings: Sequence[Finding],
    opts: RedactOptions,
    change: FileChange,
    protected: Callable[[int], bool] | None = None,
) -> _Plan:
    """Decide the edits for ``findings`` on ``text``.

    ``protected(i)`` marks characters that must not be replaced by ``■`` (HTML markup)."""
    p = _Plan(list(text))
    seen: set[tuple[int, int, bool]] = set()
    for f in findings:
        if f.severity.rank < opts.min_severity.rank:
            continue
        # two detectors may report one span (a custom pattern and the built-in detector)
        key = (f.start, f.end, _is_identifier(f))
        if key in seen:
            continue
        seen.add(key)
        raw = text[f.start : f.end]
        if _is_identifier(f):
            masked = mask_in_place(f.category, raw, opts.policy)
            if masked == raw:
                continue
            for i, (old, new) in enumerate(zip(raw, masked, strict=True)):
                if old != new:
                    p.chars[f.start + i] = new
            change.masked += 1
            change.categories[f.category] += 1
        elif opts.terms == "keep":
            continue
        elif opts.terms == "highlight" or f.category in HIGHLIGHT_ONLY:
            p.highlights.append((f.start, f.end))
            change.highlighted += 1
            change.categories[f.category] += 1
        else:
            hit = False
            for i in range(f.start, f.end):
                ch = text[i]
                if ch.isspace() or (protected is not None and protected(i)):
                    continue
                p.chars[i] = REPLACEMENT
                hit = True
            if hit:
                change.replaced += 1
                change.categories[f.category] += 1
    return p


def _with_marks(p: _Plan, marks: tuple[str, str]) -> str:
    text = p.text()
    spans = p.merged_highlights()
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for a, b in spans:
        out.extend((text[pos:a], marks[0], text[a:b], marks[1]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


# --- what a format's writer asks of redaction ---------------------------------------------------


@dataclass
class Editor:
    """Redaction as a format's writer sees it (``redact_<kind>(data, kind, edit) -> bytes`` in
    the format's module): check a text, decide its same-length edits, count them, warn.

    The writers live beside their readers (``extract/text.py``, ``html.py``, ``docx.py``,
    ``xlsx.py``) because they walk the same structures; what is masked, replaced or highlighted
    is decided here, once, for every format."""

    checker: Checker
    opts: RedactOptions
    change: FileChange
    source: str

    def findings(
        self, text: str, where: str = "", directives_from: str | None = None, counted: bool = True
    ) -> list[Finding]:
        """The findings to act on in ``text`` (suppressed ones dropped; ``counted=False`` for a
        second look that must not count them twice)."""
        change = self.change if counted else FileChange(self.source, None, self.change.kind)
        return _check(self.checker, text, self.source + where, self.opts, change, directives_from)

    def plan(
        self,
        text: str,
        findings: Sequence[Finding] | None = None,
        where: str = "",
        protected: Callable[[int], bool] | None = None,
    ) -> _Plan:
        if findings is None:
            findings = self.findings(text, where)
        return plan(text, findings, self.opts, self.change, protected)

    def warn(self, message: str) -> None:
        self.change.warnings.append(message)

    def unhighlight(self) -> None:
        """A planned highlight the writer could not apply."""
        self.change.highlighted -= 1

    def has_identifier(self, text: str) -> bool:
        return any(_is_identifier(f) for f in self.checker.check(text).findings)

    @staticmethod
    def is_identifier(f: Finding) -> bool:
        return _is_identifier(f)

    @staticmethod
    def marked(p: _Plan, kind: str) -> str:
        """The planned text with highlights as the kind's text marks (``〖…〗``, ``<mark>``)."""
        return _with_marks(p, TEXT_MARKS[kind])

    def encode(self, text: str, encoding: str) -> bytes:
        """In the file's own encoding, or UTF-8 (with a warning) when ■ does not fit in it."""
        try:
            return text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            self.warn(f"无法按原编码 {encoding} 写出替换字符，已改用 UTF-8")
            return text.encode("utf-8")


# --- files and folders ------------------------------------------------------------------------


def _write_bytes(dst: Path, payload: bytes) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".redact-", dir=dst.parent)
    try:
        # mkstemp creates 0600; a copy meant for publishing gets the usual permissions.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
    except ValueError:
        return False
    return True


@dataclass
class _Pair:
    source: Path
    target: Path | None
    skipped: str | None = None


def _pairs(src: Path, dst: Path, overwrite: bool, out_is_dir: bool) -> list[_Pair]:
    """What to write where.  Folders are walked by the one walker (:mod:`baomi_check.walk`):
    the same excludes (``node_modules``, ``.git``, lock files) and the same idea of what is a
    file as ``check``; a file it skips for its type is listed as skipped, never copied."""
    from .walk import DEFAULT_EXCLUDES, SkipLog, iter_paths

    if not os.path.lexists(src):
        raise RedactError(f"{src}: 输入不存在")
    try:
        s, d = src.resolve(), dst.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop as IN or OUT
        raise RedactError(f"{src} 或 {dst}: 路径无法解析（符号链接循环？）：{exc}") from exc
    pairs: list[_Pair] = []
    if src.is_dir():
        if d == s or _inside(d, s) or _inside(s, d):
            raise RedactError(f"{dst}: 输出目录不能是输入目录、在输入目录之内或包含输入目录")
        if d.exists() and not d.is_dir():
            raise RedactError(f"{dst}: 输入是目录，输出也必须是目录")
        log = SkipLog()
        items = list(iter_paths([src], exclude=DEFAULT_EXCLUDES, skipped=log, archives=False))
        for item in items:
            f = Path(item.path)
            if item.error is not None:
                pairs.append(_Pair(f, None, item.error))
                continue
            kind = kind_for_suffix(f.name)
            if kind is None or not FORMATS[kind].redact:
                pairs.append(_Pair(f, None, _not_redactable(kind, f)))
            else:
                pairs.append(_Pair(f, d / f.relative_to(src)))
        pairs += [_Pair(Path(p), None, _not_redactable(kind_for_suffix(Path(p).name), Path(p)))
                  for p in log.paths]
        pairs.sort(key=lambda p: str(p.source))
    else:
        # ``redact x.docx newdir/`` means a folder, as cp does: not a file named ``newdir``.
        target = d / src.name if (out_is_dir or d.is_dir()) else d
        if target == s or (target.exists() and _same_file(target, s)):
            raise RedactError(f"{dst}: 输出不能覆盖输入文件")
        pairs = [_Pair(src, target)]
    for pair in pairs:
        # A folder inside OUT may be a symlink back into IN (or a file a link to an input):
        # the lexical checks above pass, but writing would replace the input file itself.
        if pair.target is None:
            continue
        try:
            real = pair.target.resolve()
            same = real == pair.source.resolve()
        except (RuntimeError, OSError):
            pair.target, pair.skipped = None, "符号链接循环（链接直接或间接指向自身），已跳过"
            continue
        if same or (src.is_dir() and _inside(real, s)):
            raise RedactError(f"{pair.target}: 输出路径经符号链接指向输入（{real}），拒绝写入")
    if not overwrite:
        existing = [str(p.target) for p in pairs if p.target is not None and p.target.exists()]
        if existing:
            raise RedactError(
                f"输出文件已存在（用 --overwrite 覆盖）：{', '.join(existing[:5])}"
                + ("…" if len(existing) > 5 else "")
            )
    return pairs


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


SCANNED_KINDS = frozenset({"pdf", "png", "jpeg", "tiff", "bmp"})
"""PDFs and images: their text may exist only as pixels (a scan, read by recognition), and
rewriting pixels is not redaction this tool can vouch for."""
_READ_ONLY = {"doc": ".docx", "wps": ".docx", "rtf": ".docx", "xls": ".xlsx", "et": ".xlsx",
              "ofd": None, "pptx": None, "pdf": None}  # fmt: skip
"""Formats ``check`` reads but whose redacted copy cannot be written back safely (binary Office
streams, fixed layouts, slides: a masked value could survive where the writer does not look),
with the format to save as first."""


def _not_redactable(kind: str | None, f: Path) -> str:
    if kind is None:
        return f"不支持的格式 {f.suffix or '（无扩展名）'}，未复制"
    label = f"{FORMATS[kind].label}（{f.suffix or kind}）"
    if kind in SCANNED_KINDS:
        # check reads them (by recognition, for scans): say why redact does not.
        return (
            f"不支持对{label}脱敏：PDF、扫描件和图片中的内容可能只是图像，无法可靠地改写，未复制；"
            "请在原始文档（.docx/.xlsx 等）中脱敏后重新导出"
        )
    if kind in _READ_ONLY:
        target = _READ_ONLY[kind]
        how = f"请另存为 {target} 后再脱敏" if target else "请在原软件中修改后重新导出"
        return f"{label}可以检查，但无法安全地写回脱敏副本（二进制或版式格式）：{how}，未复制"
    return f"{label}不支持生成脱敏副本，未复制"


def _redact_one(
    f: Path, target: Path, change: FileChange, checker: Checker, opts: RedactOptions,
    max_bytes: int,
) -> None:
    """Read ``f`` as ``check`` does, then write its redacted copy to ``target`` with the
    format's writer (:func:`~baomi_check.extract.registry.writer_for`)."""
    from .extract import NO_TEXT_WARNING, extract_bytes
    from .extract.registry import writer_for
    from .walk import read_input

    data = read_input(f, max_bytes)
    claimed = kind_for_suffix(f.name) or "txt"
    kind = sniff(data, claimed)
    change.kind = kind
    writer = writer_for(kind)
    if writer is None:
        raise ExtractError(_not_redactable(kind if kind in FORMATS else None, f))
    # The reader first: it refuses what check refuses (binary content, zip bombs, damaged
    # packages) with the same message, before any library inflates or rewrites the file.
    doc = extract_bytes(data, claimed)
    if not doc.text.strip():
        change.warnings.append(NO_TEXT_WARNING)
    payload = writer(data, kind, Editor(checker, opts, change, str(f)))
    _write_bytes(target, payload)


def redact(
    in_path: str | Path,
    out_path: str | Path,
    *,
    checker: Checker | None = None,
    terms: TermsMode = "replace",
    min_severity: Severity | str = Severity.REVIEW,
    policy: MaskPolicy | None = None,
    overwrite: bool = False,
    allowlist: Allowlist | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RedactSummary:
    """Write redacted copies of ``in_path`` (a file or a folder) to ``out_path``.

    Every input goes through the same walker and reader as ``check`` (input limits, content
    recognition, zip-bomb limits, damaged packages); a file that cannot be read is skipped
    with the reader's message, never copied.

    Raises :class:`RedactError` before writing anything when the paths are unsafe; a file that
    fails on its own is reported as skipped and the others are still written."""
    if terms not in ("replace", "highlight", "keep"):
        raise RedactError(f"terms 必须是 replace、highlight 或 keep，而不是 {terms!r}")
    opts = RedactOptions(
        allowlist=allowlist,
        terms=terms,
        min_severity=Severity.parse(min_severity),
        policy=policy or DEFAULT_POLICY,
        overwrite=overwrite,
    )
    checker = checker or Checker.default()
    src, dst = Path(in_path), Path(out_path)
    out_is_dir = str(out_path).endswith(("/", os.sep))
    summary = RedactSummary()
    for pair in _pairs(src, dst, overwrite, out_is_dir):
        f, target = pair.source, pair.target
        change = FileChange(str(f), str(target) if target else None, kind_for_suffix(f.name))
        summary.files.append(change)
        if target is None:
            change.skipped = pair.skipped or "未处理"
            continue
        try:
            _redact_one(f, target, change, checker, opts, max_bytes)
        except ExtractError as exc:  # input limits, binary content, a damaged file
            change.skipped = f"无法处理：{exc}"
            change.target = None
        except Exception as exc:  # one broken file must not stop the folder
            from .report.common import mask_long_digits  # a library message may quote a cell

            change.skipped = (
                "无法处理：文件已损坏或格式异常，未生成副本"
                f"（技术信息：{type(exc).__name__}: {mask_long_digits(str(exc))[:200]}）"
            )
            change.target = None
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """``baomi-check redact IN OUT [options]``; exit 0 when written, 2 on refusal or errors."""
    ap = argparse.ArgumentParser(
        prog="baomi-check redact",
        description="生成脱敏副本：身份证号等标识符按脱敏规则遮盖，标记的词语替换或标亮；"
        "不修改原文件。支持 .txt .md .html .docx .xlsx。",
    )
    ap.add_argument("input", metavar="IN", help="输入文件或目录")
    ap.add_argument("output", metavar="OUT", help="输出文件或目录（不能与输入相同或互相包含）")
    ap.add_argument(
        "--terms",
        choices=("replace", "highlight", "keep"),
        default="replace",
        help="标记词语的处理：replace 用■替换（默认），highlight 标亮，keep 保留",
    )
    ap.add_argument(
        "--min-severity",
        choices=("block", "review", "info"),
        default="review",
        help="处理该级别及以上的结果（默认 review）",
    )
    ap.add_argument(
        "--rules", action="append", default=[], metavar="DIR", help="额外的规则包目录（可重复）"
    )
    ap.add_argument("--term-list", action="append", default=[], metavar="FILE",
                    help="本单位关键词清单（.txt/.csv/.xlsx，与检查的 --terms 相同），命中的词语"
                         "按 --terms 处理（可重复）")  # fmt: skip
    ap.add_argument("--allowlist", metavar="FILE", help="允许清单文件：清单中的短语和值不处理")
    ap.add_argument("--overwrite", action="store_true", help="覆盖已存在的输出文件")
    ap.add_argument("--json", action="store_true", help="以 JSON 输出改动摘要")
    ap.add_argument("--max-file-size", metavar="SIZE", default="50MB",
                    help="单个文件大小上限，如 20MB（默认 50MB，与检查相同）")  # fmt: skip
    args = ap.parse_args(list(argv) if argv is not None else None)
    from .settings import parse_size

    try:
        max_bytes = parse_size(args.max_file_size)
    except ValueError:
        print(f"baomi-check redact: 无效的文件大小：{args.max_file_size}", file=sys.stderr)
        return 2
    try:
        checker = Checker.from_rules(*args.rules) if args.rules else None
        if args.term_list:
            from .termlist import load_term_lists

            base = checker or Checker.default()
            checker = Checker(base.pack.extend(load_term_lists(args.term_list)), base.config)
        allowlist = Allowlist.load(args.allowlist) if args.allowlist else None
        summary = redact(
            args.input,
            args.output,
            checker=checker,
            terms=args.terms,
            min_severity=args.min_severity,
            overwrite=args.overwrite,
            allowlist=allowlist,
            max_bytes=max_bytes,
        )
    except RedactError as exc:
        print(f"baomi-check redact: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # rule-pack errors and the like: a clear message, not a trace
        print(f"baomi-check redact: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary.as_text())
    failed = [
        f for f in summary.files
        if f.skipped and not f.skipped.endswith("未复制")  # unreadable, not merely unsupported
    ]  # fmt: skip
    return 2 if failed else 0
