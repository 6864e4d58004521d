"""``baomi-check``: check files and folders before they are published.

Exit status (the pre-commit hook and CI rely on it):

* ``0`` — every file was checked and nothing reached ``--fail-on``;
* ``1`` — at least one finding at or above ``--fail-on`` (default ``block``);
* ``2`` — usage or configuration error, or a file that could not be checked (unreadable,
  corrupt, encrypted, too large, too slow), or no file to check at all (unless
  ``--allow-empty``).  An incomplete review is never reported as clean,
  so an I/O error wins over findings.
* ``3`` — ``--update-baseline`` rewrote the baseline file (CI can fail on baseline drift).

Per file, after checking: inline ``baomi-check: allow`` directives and ``--allowlist`` entries
drop findings (:mod:`baomi_check.suppress`), then ``--baseline`` drops known ones
(:mod:`baomi_check.baseline`).

Results stream to the report writer (:func:`baomi_check.report.write_results`, imported only
once the options are valid) as files finish.  A progress bar (rich) is
shown only when both stdout and stderr are terminals; the summary table goes to stderr so stdout
stays machine-readable.

Subcommands dispatched before option parsing: ``baomi-check rules lint [DIR]`` (rule-pack lint,
:mod:`baomi_check.lint`), ``baomi-check redact IN OUT`` (:mod:`baomi_check.redact`) and
``baomi-check serve`` (:mod:`baomi_check.serve`, the HTTP service; optional extra).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .baseline import EXIT_BASELINE_REWRITTEN, Baseline, BaselineError, update_baseline
from .batch import (
    DEFAULT_EXCLUDES,
    BatchOptions,
    build_checker,
    choose_jobs,
    default_jobs,
    iter_paths,
    load_allowlist,
    run_batch,
)
from .crossdoc import BatchMasks
from .models import CATEGORIES, IDENTIFIER_CATEGORIES, FileResult, Finding, Severity
from .rulepack import RuleError
from .settings import Settings, SettingsError, load_settings, parse_size
from .suppress import AllowlistError
from .walk import SkipLog, printable

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
ALL_FORMATS = ("text", "json", "jsonl", "csv", "sarif", "html")

CATEGORY_LABELS = {
    "classified_marking": "密级标志",
    "internal_marking": "内部/工作秘密标志",
    "id_card": "身份证号",
    "mobile_phone": "手机号",
    "landline": "固定电话",
    "bank_card": "银行卡号",
    "travel_document": "护照/通行证",
    "license_plate": "车牌号",
    "email": "电子邮箱",
    "ip_address": "IP地址",
    "credit_code": "统一社会信用代码",
    "personal_info": "其他个人信息",
    "spam": "垃圾/篡改植入",
    "sensitive_term": "敏感词",
    "wrong_expression": "表述错误",
    "tampering": "篡改痕迹",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="baomi-check",
        description="发布前保密审查：检查文件和文件夹中的密级标志、个人信息、被植入的垃圾内容和错误表述。",
        epilog=(
            "退出码：0 未发现达到 --fail-on 级别的问题；1 发现问题；"
            "2 用法/配置错误或有文件无法检查。"
            "  子命令：baomi-check rules lint [DIR] 检查规则包；"
            "baomi-check redact IN OUT 生成脱敏副本；"
            "baomi-check serve 启动 HTTP 服务和网页（需安装 baomi-check[serve]）。"
        ),
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="要检查的文件或文件夹（文件夹递归检查）；- 表示从标准输入读取"
    )
    p.add_argument("--format", choices=ALL_FORMATS, help="输出格式（默认 text）")
    p.add_argument("-o", "--output", metavar="FILE", help="把报告写入文件而不是标准输出")
    p.add_argument(
        "--fail-on",
        choices=("block", "review", "info"),
        help="达到该级别即以退出码 1 结束（默认 block）",
    )
    p.add_argument(
        "--min-severity",
        choices=("block", "review", "info"),
        help="报告只列出达到该级别的问题（默认 info 全部列出；汇总和退出码仍计入全部问题）",
    )
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="并行进程数（默认：全部 CPU 核；文件少而小时用单进程）")
    p.add_argument("--rules", action="append", metavar="DIR", help="追加自定义规则包（可多次使用）")
    p.add_argument("--replace-rules", action="store_true", default=None,
                   help="只用 --rules 给出的规则包，不加载内置规则")  # fmt: skip
    p.add_argument("--terms", action="append", metavar="FILE",
                   help="本单位关键词清单（.txt 每行一个、# 为注释；.csv/.xlsx 取首列或"
                        "“关键词”列），作为敏感词检查（可多次使用）")  # fmt: skip
    p.add_argument("--terms-severity", choices=("block", "review", "info"),
                   help="关键词清单命中的级别（默认 block）")  # fmt: skip
    p.add_argument("--baseline", metavar="FILE", help="忽略基线文件中已登记的问题")
    p.add_argument(
        "--update-baseline",
        action="store_true",
        help="把本次发现的问题写入 --baseline 文件（内容有变化时退出码为 3）",
    )
    p.add_argument("--allowlist", metavar="FILE", help="允许清单文件（短语、值）")
    p.add_argument("--list-suppressed", action="store_true",
                   help="在标准错误中列出被行内指令、允许清单或基线排除的问题及原因")  # fmt: skip
    p.add_argument("--list-skipped", action="store_true",
                   help="在标准错误中列出文件夹中因类型不支持而未检查的文件")  # fmt: skip
    p.add_argument("--include", action="append", metavar="GLOB",
                   help="文件夹中只检查匹配的文件（默认：支持的扩展名）")  # fmt: skip
    p.add_argument("--exclude", action="append", metavar="GLOB", help="跳过匹配的文件或文件夹")
    p.add_argument("--max-file-size", metavar="SIZE", help="单个文件大小上限，如 20MB（默认 50MB）")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="单个文件处理时间上限，0 表示不限（默认 60）")  # fmt: skip
    p.add_argument("--show-values", action="store_true", default=None,
                   help="在报告中显示原始值（默认对身份证号等做脱敏显示）")  # fmt: skip
    p.add_argument("--stdin-name", default="<stdin>", metavar="NAME",
                   help="PATH 为 - 时标准输入在报告中的名字，"
                        "其扩展名决定读法（默认 <stdin>，按文本读）")
    p.add_argument("--allow-empty", action="store_true",
                   help="没有可检查的文件时以退出码 0 结束（默认退出码 2）")  # fmt: skip
    p.add_argument("--ocr", choices=("auto", "always", "never"),
                   help="文字识别（OCR）：auto 识别没有文字层的 PDF 页和图片（默认），"
                        "always 识别 PDF 的每一页，never 不识别（需安装 baomi-check[ocr]）")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条")
    p.add_argument("-q", "--quiet", action="store_true", help="不显示结尾的汇总表")
    p.add_argument(
        "--config",
        metavar="FILE",
        help="配置文件（默认向上查找 .baomi-check.toml 或 pyproject.toml）",
    )
    p.add_argument("--no-config", action="store_true", help="不读取任何配置文件")
    p.add_argument("--version", action="version", version=f"baomi-check {__version__}")
    return p


def _error(msg: str) -> int:
    print(f"baomi-check: 错误：{msg}", file=sys.stderr)
    return EXIT_ERROR


def merge(settings: Settings, args: argparse.Namespace) -> Settings:
    """Command-line flags win over the configuration file."""
    s = settings.model_copy(deep=True)
    if args.rules:
        s.rules = [*s.rules, *(str(Path(r).resolve()) for r in args.rules)]
    if args.replace_rules:
        s.replace_rules = True
    if args.terms:
        s.terms = [*s.terms, *(str(Path(t).resolve()) for t in args.terms)]
    if args.terms_severity:
        s.terms_severity = Severity.parse(args.terms_severity)
    if args.fail_on:
        s.fail_on = Severity.parse(args.fail_on)
    if args.min_severity:
        s.min_severity = Severity.parse(args.min_severity)
    if args.include:
        s.include = list(args.include)
    if args.exclude:
        s.exclude = [*s.exclude, *args.exclude]
    if args.show_values:
        s.show_values = True
    if args.format:
        s.format = args.format
    if args.jobs is not None:
        if args.jobs < 1:
            raise SettingsError("--jobs 必须至少为 1")
        s.jobs = args.jobs
    if args.max_file_size is not None:
        try:
            s.max_file_size = parse_size(args.max_file_size)
        except ValueError as exc:
            raise SettingsError(f"--max-file-size：{exc}") from None
    if args.ocr:
        s.ocr = args.ocr
    if args.timeout is not None:
        if args.timeout < 0:
            raise SettingsError("--timeout 不能为负数")
        s.timeout = args.timeout or None
    return s


def _apply_baseline(
    results: Iterable[FileResult],
    baseline: Baseline,
    known: list[tuple[str, list[Finding]]] | None = None,
) -> Iterator[FileResult]:
    for r in results:
        kept, dropped = baseline.filter(r)
        if known is not None and dropped:
            known.append((r.path, dropped))
        yield kept


class Summary:
    """Counts for the closing table, updated as results stream past."""

    def __init__(self, fail_on: Severity) -> None:
        self.fail_on = fail_on
        self.files = 0
        self.errors = 0
        self.failing = 0
        self.verdicts: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()
        self.severities: Counter[str] = Counter()
        self.skipped = SkipLog()
        """Files the walk left out for their type (counted per extension in the table)."""
        self.t0 = time.perf_counter()

    def add(self, r: FileResult) -> None:
        self.files += 1
        if r.error is not None or r.report is None:
            self.errors += 1
            return
        self.verdicts[r.report.verdict] += 1
        for f in r.report.findings:
            self.categories[f.category] += 1
            self.severities[f.severity.value] += 1
        if r.report.at_or_above(self.fail_on):
            self.failing += 1

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.failing else EXIT_CLEAN

    def rows(self, jobs: int) -> list[tuple[str, str, bool]]:
        """(label, value, alarming) rows of the closing summary."""
        elapsed = time.perf_counter() - self.t0
        rows = [
            ("检查的文件", str(self.files - self.errors), False),
            ("无法检查的文件", str(self.errors), bool(self.errors)),
            *_skipped_row(self.skipped),
            ("结论：阻断", str(self.verdicts["block"]), bool(self.verdicts["block"])),
            ("结论：需复核", str(self.verdicts["review"]), False),
            ("结论：通过", str(self.verdicts["pass"]), False),
        ]
        for cat in CATEGORIES:
            if self.categories[cat]:
                rows.append((f"发现：{CATEGORY_LABELS[cat]}（{cat}）", str(self.categories[cat]),
                             False))  # fmt: skip
        rows.append(("发现合计", str(sum(self.categories.values())), False))
        rows.append(("用时", f"{elapsed:.2f} 秒（{jobs} 个进程）", False))
        return rows

    def render(self, console: Any, jobs: int) -> None:
        """A rich table, for a terminal."""
        from rich.table import Table

        table = Table(title=SUMMARY_TITLE, show_header=True, header_style="bold")
        table.add_column("项目")
        table.add_column("数量", justify="right")
        for label, value, alarming in self.rows(jobs):
            table.add_row(label, value, style="red" if alarming else None)
        console.print(table)

    def render_plain(self, stream: TextIO, jobs: int) -> None:
        """Plain lines, for logs and hooks (no box drawing, and no rich import: ~50 ms of a
        pre-commit run)."""
        rows = self.rows(jobs)
        width = max(_display_width(label) for label, _, _ in rows)
        print(SUMMARY_TITLE, file=stream)
        for label, value, _ in rows:
            pad = " " * (width - _display_width(label))
            print(f"  {label}{pad}  {value}", file=stream)


SUMMARY_TITLE = "baomi-check 汇总"


def _skipped_row(skipped: SkipLog) -> list[tuple[str, str, bool]]:
    """``未检查（类型不支持）  12（.exe 5 · .png 4 · 无扩展名 3）``: a scan says what it did
    not read (``--list-skipped`` lists the files)."""
    if not skipped.paths:
        return []
    counts = skipped.by_extension().most_common()
    shown = " · ".join(f"{ext} {n}" for ext, n in counts[:6]) + (" …" if len(counts) > 6 else "")
    return [("未检查（类型不支持）", f"{len(skipped.paths)}（{shown}）", False)]


def _display_width(s: str) -> int:
    """Terminal columns of ``s``: CJK and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _progress(enabled: bool, total: int) -> Any:
    if not enabled:
        return contextlib.nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("检查中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}", markup=False),  # a file named "a[/]b" is not markup
        console=Console(stderr=True),
        transient=True,
    )
    progress.add_task("check", total=total, name="")
    return progress


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # usage errors (2), --help and --version (0): return, not raise
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        settings = load_settings(
            explicit=Path(args.config) if args.config else None, discover=not args.no_config
        )
        settings = merge(settings, args)
    except SettingsError as exc:
        return _error(str(exc))

    from .report import write_results as writer
    if args.update_baseline and not args.baseline:
        return _error("--update-baseline 需要同时给出 --baseline FILE")
    baseline: Baseline | None = None
    if args.baseline and not args.update_baseline:
        try:
            baseline = Baseline.load(args.baseline)
        except BaselineError as exc:
            return _error(str(exc))
        for w in baseline.warnings:
            print(f"baomi-check: 警告：{w}", file=sys.stderr)

    options = BatchOptions(
        rules=tuple(settings.rules),
        replace_rules=settings.replace_rules,
        terms=tuple(settings.terms),
        terms_severity=settings.terms_severity.value,
        max_bytes=settings.max_file_size,
        timeout=settings.timeout,
        ocr=settings.ocr,
        include=tuple(settings.include),
        exclude=(*DEFAULT_EXCLUDES, *settings.exclude),
        allowlist=str(Path(args.allowlist).resolve()) if args.allowlist else None,
    )
    try:
        checker = build_checker(options)
        allowlist = load_allowlist(options)
    except RuleError as exc:
        return _error(f"规则包或关键词清单有误：\n{exc}")
    except AllowlistError as exc:
        return _error(f"允许清单有误：{exc}")
    except OSError as exc:
        return _error(f"无法读取规则包：{exc}")

    skipped = SkipLog()
    # ``-`` is standard input (issue 11 B.14): read once, here, and checked like a file named
    # --stdin-name (its extension picks the reader; encodings are detected as for files).
    stdin_result: FileResult | None = None
    if "-" in args.paths:
        stdin_result = _check_stdin(args.stdin_name, checker, options, allowlist)
        args.paths = [p for p in args.paths if p != "-"]
    items = list(iter_paths(args.paths, options.include, options.exclude, skipped=skipped,
                            max_bytes=options.max_bytes))  # fmt: skip
    if args.output:
        # Opening the report truncates it, so this is decided before it is opened: if it is
        # one of the files to check — named, found by walking a folder, or a hard or symbolic
        # link to one — the input would be destroyed and then "checked" as an empty file (or
        # silently left out).  Which existing file is "a previous report" and which a document
        # cannot be told apart, so every such output is refused.
        named = _same_file_as(
            args.output, [*(str(p) for p in args.paths), *(i.path for i in items if not i.error)]
        )
        if named is not None:
            return _error(
                f"输出文件 {args.output} 就是要检查的文件 {named}，拒绝覆盖；"
                "请把报告写到别处，或用 --exclude 排除它"
            )
    files = [i.path for i in items if i.error is None]
    walk_errors = [FileResult(path=i.path, error=i.error) for i in items if i.error is not None]
    # An explicit --jobs is honoured; by default a few small files stay in one process.
    jobs = choose_jobs(files, settings.jobs, serial_below=settings.serial_below,
                       ocr_mode=options.ocr)
    summary = Summary(settings.fail_on)
    summary.skipped = skipped
    collected: list[FileResult] = []
    known: list[tuple[str, list[Finding]]] = []
    stderr_console = None
    if not args.quiet and sys.stderr.isatty():
        from rich.console import Console

        stderr_console = Console(stderr=True)
    if stdin_result is not None:
        walk_errors.insert(0, stdin_result)
    if not files and not walk_errors:
        # A run that checked nothing must not look like a clean one: a mistyped folder, a
        # glob that excludes everything, a folder of unsupported files (issue 11 B.15).
        why = f"；{skipped.summary()}" if skipped.paths else ""
        if args.allow_empty:
            if not args.quiet:
                print(f"baomi-check: 没有要检查的文件（--allow-empty）{why}", file=sys.stderr)
            return EXIT_CLEAN
        return _error(
            "没有找到可检查的文件：给出的路径中没有支持的文件（支持的格式见 README 的格式表），"
            "或都被 --exclude/--include 或默认跳过的目录排除了；"
            f"如属正常（例如 CI 中可能为空的目录），请加 --allow-empty{why}"
        )

    show_bar = (
        not args.no_progress and sys.stderr.isatty() and (sys.stdout.isatty() or bool(args.output))
    )
    out_file: TextIO | None = None
    try:
        if args.output:
            out_file = open(  # noqa: SIM115 - closed in finally, after streaming
                args.output, "w", encoding="utf-8", newline="" if settings.format == "csv" else None
            )
    except OSError as exc:
        return _error(f"无法写入输出文件 {args.output}：{exc.strerror or exc}")

    try:
        with _progress(show_bar, len(files) + len(walk_errors)) as progress:
            out = out_file if out_file is not None else sys.stdout

            def on_page(path: str, done: int, total: int) -> None:
                # A scan's pages are recognised one by one (seconds each): say which page.
                if progress is not None:
                    progress.update(progress.task_ids[0],
                                    name=f"{Path(path).name[-32:]} 识别 {done}/{total} 页")

            def stream() -> Iterator[FileResult]:
                results: Iterable[FileResult] = _chain(
                    walk_errors,
                    run_batch(files, options, jobs, checker, allowlist, on_page=on_page,
                              page_jobs=settings.jobs or default_jobs())
                    if files else (),
                )
                # The same number masked differently in two files of the batch (cn-formats §5.5).
                masks = BatchMasks.for_checker(checker) if len(files) > 1 else None
                if masks is not None:
                    results = masks.apply(results)
                if baseline is not None:
                    results = _apply_baseline(results, baseline, known)
                for r in results:
                    summary.add(r)
                    if args.update_baseline or args.list_suppressed:
                        collected.append(r)
                    if progress is not None:
                        progress.update(
                            progress.task_ids[0], advance=1, name=Path(r.path).name[-40:]
                        )
                    yield r

            color = (
                settings.format == "text"
                and out_file is None
                and sys.stdout.isatty()
                and "NO_COLOR" not in os.environ
            )
            writer(
                stream(),
                settings.format,
                out,
                show_values=settings.show_values,
                color=color,
                texts=_texts_without(known, options.max_bytes, settings.show_values),
                min_severity=settings.min_severity,
            )
    except KeyboardInterrupt:
        print("\nbaomi-check: 已中断", file=sys.stderr)
        return 130
    finally:
        if out_file is not None:
            out_file.close()

    if args.list_skipped:
        for path in skipped.paths:
            print(f"未检查（类型不支持）：{printable(path)}", file=sys.stderr)
    if args.list_suppressed:
        from .report.suppressed import list_suppressed

        list_suppressed(collected, known, checker, allowlist, sys.stderr,
                        max_bytes=options.max_bytes, baseline_path=args.baseline,
                        show_values=settings.show_values)  # fmt: skip
    if stderr_console is not None:
        summary.render(stderr_console, jobs)
    elif not args.quiet:
        summary.render_plain(sys.stderr, jobs)
    if args.update_baseline:
        try:
            changed = update_baseline(args.baseline, collected)
        except BaselineError as exc:
            return _error(str(exc))
        if summary.errors:
            return EXIT_ERROR
        return EXIT_BASELINE_REWRITTEN if changed else EXIT_CLEAN
    return summary.exit_code


def _texts_without(
    known: list[tuple[str, list[Finding]]], max_bytes: int, show_values: bool
) -> Any:
    """The document-text source of the HTML view and SARIF context: the file's text with the
    identifiers the baseline dropped masked in place (same length, offsets kept).

    A baseline finding is *known*, not *public*: it leaves the report, so no writer masks it,
    and the document view would show the e-mail address or passport number in full (digit
    runs alone are caught by the last-line masking)."""
    from .extract import extract_file
    from .mask import mask_in_place

    def texts(result: FileResult) -> str | None:
        if result.path in _STDIN_TEXTS:
            text = _STDIN_TEXTS[result.path]
        else:
            text = extract_file(result.path, max_bytes).text
        if show_values:
            return text
        dropped = [g for path, fs in known if path == result.path for f in fs
                   for g in f.expanded()]
        chars = list(text)
        for f in dropped:
            if f.category not in IDENTIFIER_CATEGORIES or text[f.start : f.end] != f.text:
                continue
            shown = mask_in_place(f.category, f.text)
            if len(shown) == len(f.text):
                chars[f.start : f.end] = shown
        return "".join(chars) if dropped else text

    return texts


_STDIN_TEXTS: dict[str, str] = {}
"""The text read from standard input, by its name, for the HTML view and SARIF context (the
writers otherwise read a file again by its path)."""


def _check_stdin(
    name: str, checker: Any, options: BatchOptions, allowlist: Any
) -> FileResult:
    """Read standard input (up to the size limit) and check it as the file ``name``."""
    from .batch import check_path
    from .extract import extract_bytes, kind_of

    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return FileResult(path=name, error=f"标准输入超过大小上限（{options.max_bytes:,} 字节），"
                                            "可用 --max-file-size 调整上限")
    result = check_path(checker, name, options, allowlist, data=data)
    if result.report is not None:
        with contextlib.suppress(Exception):  # the check already reported any problem
            _STDIN_TEXTS[name] = extract_bytes(data, kind_of(name)).text
    return result


def _same_file_as(output: str, paths: Iterable[str]) -> str | None:
    """The first of ``paths`` that is the file ``output`` names (hard and symbolic links
    included), or ``None``; nothing is the same as an output that does not exist yet."""
    try:
        out = os.stat(output)
    except OSError:
        return None
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            return path
    return None


def _chain(first: Iterable[FileResult], second: Iterable[FileResult]) -> Iterator[FileResult]:
    yield from first
    yield from second


RULES_HELP = """用法：baomi-check rules lint [DIR ...] [--with-builtin]

规则包子命令。
  lint   检查规则包（重复词条、被遮蔽的条目、单字词条、有误的正则），
         不给 DIR 时检查内置规则包；详见 baomi-check rules lint --help
"""


def _rules_help(rest: list[str]) -> int:
    """Help of the ``rules`` subcommand group: exit 0 when asked for, 2 for anything else."""
    if rest in ([], ["-h"], ["--help"]):
        print(RULES_HELP, end="")
        return EXIT_CLEAN if rest else EXIT_ERROR
    print(RULES_HELP, end="", file=sys.stderr)
    return _error(f"未知的 rules 子命令：{rest[0]}")


def _subcommand(module: str, argv: list[str]) -> int:
    """Run ``module.main(argv)`` (imported only for that subcommand: start-up stays small)."""
    try:
        return int(importlib.import_module(module).main(argv) or 0)
    except SystemExit as exc:  # argparse's --help and usage errors: a status, not an exception
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR


def _terminate_like_interrupt() -> Any:
    """SIGTERM (``kill``, a CI job cancelled, a service manager stopping) shuts down like
    Ctrl-C: the pool is shut down, workers end, ``已中断`` and exit 130 — instead of the parent
    vanishing and leaving its workers running (issue 11 A.7).  Only in the main thread, and
    only when nobody else installed a handler (an embedding program keeps its own)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:2] == ["rules", "lint"]:
        return _subcommand("baomi_check.lint", args[2:])
    if args[:1] == ["rules"] and (args[1:2] in (["-h"], ["--help"]) or not Path("rules").exists()):
        # ``baomi-check rules --help`` printed the top-level help.  (A folder named ``rules``
        # in the working directory is still checked as a folder.)
        return _rules_help(args[1:])
    if args[:1] == ["redact"]:
        return _subcommand("baomi_check.redact", args[1:])
    if args[:1] == ["serve"]:
        return _subcommand("baomi_check.serve", args[1:])
    restore = _terminate_like_interrupt()
    try:
        return run(args)
    except BrokenPipeError:  # `baomi-check … | head`: not an error of ours
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_CLEAN
    finally:
        if restore is not None:
            restore()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
