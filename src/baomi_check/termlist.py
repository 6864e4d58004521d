"""Users' own keyword lists (涉密关键词, project code names) as ``sensitive_term`` rules.

Offices keep such lists as plain text or as a spreadsheet column, not as YAML rule packs, so
``--terms FILE`` (and the ``terms`` settings key) read them as they are:

* ``.txt`` / ``.lst``: one term per line; blank lines and ``#`` comments (a whole line, or
  after whitespace at the end of a line) are skipped;
* ``.csv`` / ``.tsv``: the column headed ``关键词`` (or 关键字, 敏感词, 词语, 术语, 名称, term,
  keyword) when the first row has one, otherwise the first column, every row;
* ``.xlsx``: the same, on every sheet.

Every term becomes a :class:`~baomi_check.rulepack.TermRule` of category ``sensitive_term``,
rule id ``term.user_list``, with one severity for the whole list (``--terms-severity``,
default ``block``: a unit's list names what must not be published).  Terms are matched like
every pack term: normalized exactly as documents are (Traditional → Simplified, full-width →
half-width, case), so ``長江一號工程`` in the list finds ``长江一号工程`` and the reverse.  The
terms also join the segmenter's dictionary (``terms.segmentation_words``), so a boundary check
never vetoes ``长江一号工程建设进展``; terms of five characters or more skip the boundary check
altogether (:data:`NO_BOUNDARY_FROM`).

Entries that would make a list noisy or dead are refused with their file and line, like a
malformed rule file: a single character (after normalization it matches nearly everywhere) and
a term that normalizes to nothing.  Duplicates (also after normalization) are dropped silently:
merged lists repeat entries.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from .models import Severity
from .rulepack import Located, RuleError, RulePack, TermRule

TERM_LIST_SUFFIXES = (".txt", ".lst", ".csv", ".tsv", ".xlsx")
HEADER_NAMES = ("关键词", "关键字", "敏感词", "词语", "词条", "术语", "名称", "term", "terms",
                "keyword", "keywords")
"""A first-row cell naming the column that holds the terms."""
RULE_ID = "term.user_list"
NO_BOUNDARY_FROM = 5
"""Terms of this many characters or more skip the word-boundary check.  A code name such as
``长江一号工程`` is distinctive enough that a hit is a hit, and jieba, even with the term in its
dictionary, can still cut a long term against a strong neighbour; shorter entries (``黄河二号``,
``天网``) keep the check, so ``沿黄河|二号桥`` style look-alikes across words stay out, and
``rules lint`` names the few contexts where the dictionary is not enough (``工程建设|项目``)."""
MAX_TERM = 100
"""A cell longer than this is a sentence or a paste error, not a term."""


def _decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) or GB18030: Excel in a Chinese locale saves CSV as GBK."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise RuleError([f"{file}:1: 无法识别的文本编码（请另存为 UTF-8）"])


def _txt_rows(text: str) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        for sep in (" #", "\t#", "\u3000#"):
            if sep in s:
                s = s.split(sep, 1)[0].rstrip()
        yield n, s


def _column(rows: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[int, str]]:
    """The term column of a table: the one headed by a known name, else the first."""
    col = 0
    first = True
    for n, cells in rows:
        cells = [c.strip() if isinstance(c, str) else "" for c in cells]
        if first:
            first = False
            heads = [c.lower() for c in cells]
            hit = next((i for i, c in enumerate(heads) if c in HEADER_NAMES), None)
            if hit is not None:
                col = hit
                continue
        if col < len(cells) and cells[col] and not cells[col].startswith("#"):
            yield n, cells[col]


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, row


def _xlsx_rows(path: Path, file: str) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # corrupt, encrypted, not a workbook
        raise RuleError([f"{file}:1: 无法读取 Excel 文件：{type(exc).__name__}: {exc}"]) from None
    try:
        for ws in wb.worksheets:
            rows = (
                (i, ["" if v is None else str(v) for v in row])
                for i, row in enumerate(ws.iter_rows(values_only=True), 1)
            )
            yield from _column(rows)  # type: ignore[misc]
    finally:
        wb.close()


def read_terms(path: str | Path) -> list[tuple[int, str]]:
    """``(line or row, term)`` of every entry of one list file, in file order.

    Raises :class:`RuleError` (``file:line: problem``) for an unreadable or unsupported file."""
    p = Path(path)
    file = str(p)
    suffix = p.suffix.lower()
    if suffix not in TERM_LIST_SUFFIXES:
        raise RuleError([
            f"{file}:1: 不支持的关键词清单格式“{p.suffix or '无扩展名'}”"
            f"（支持 {' '.join(TERM_LIST_SUFFIXES)}；.xls 请另存为 .xlsx）"
        ])
    if suffix == ".xlsx":
        if not p.is_file():
            raise RuleError([f"{file}: 关键词清单不存在"])
        return list(_xlsx_rows(p, file))  # type: ignore[arg-type]
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise RuleError([f"{file}: 无法读取关键词清单：{exc.strerror or exc}"]) from None
    text = _decode(raw, file)
    if suffix in (".txt", ".lst"):
        return list(_txt_rows(text))
    rows = _csv_rows(text, "\t" if suffix == ".tsv" else ",")
    return list(_column(rows))


def load_term_lists(
    paths: Iterable[str | Path], severity: Severity | str = Severity.BLOCK
) -> RulePack:
    """A rule pack holding the terms of every list file, ready for ``RulePack.extend``.

    Raises :class:`RuleError` listing every bad entry of every file with its line."""
    lists: list[tuple[str, list[tuple[int, str]]]] = []
    problems: list[str] = []
    for path in paths:
        try:
            lists.append((str(path), read_terms(path)))
        except RuleError as exc:
            problems.extend(exc.problems)
    return _pack(lists, severity, problems)


def terms_pack(
    terms: Iterable[str], severity: Severity | str = Severity.BLOCK, source: str = "<terms>"
) -> RulePack:
    """The same rules from terms already in memory (a CMS's own list, a test)::

        checker = Checker(Checker.default().pack.extend(terms_pack(["长江一号工程"])))
    """
    return _pack([(source, list(enumerate(terms, 1)))], severity, [])


def _pack(
    lists: list[tuple[str, list[tuple[int, str]]]], severity: Severity | str,
    problems: list[str],
) -> RulePack:
    from .detectors.terms import term_key

    sev = Severity.parse(severity)
    pack = RulePack()
    digest = hashlib.sha256(f"term-lists:{sev.value}".encode())
    seen: set[str] = set()
    for file, entries in lists:
        if not entries:
            problems.append(f"{file}:1: 关键词清单为空")
            continue
        for line, term in entries:
            digest.update(f"{file}\0{line}\0{term}\n".encode("utf-8", "replace"))
            key = term_key(term)
            if not key:
                problems.append(f"{file}:{line}: 关键词“{term}”只含空白或符号，无法匹配")
                continue
            if len(key) == 1:
                problems.append(f"{file}:{line}: 关键词“{term}”只有一个字，会在几乎所有文本中命中")
                continue
            if len(term) > MAX_TERM:
                problems.append(
                    f"{file}:{line}: 关键词过长（{len(term)} 字），请检查是否误粘贴了整段文字"
                )
                continue
            if key in seen:
                continue
            seen.add(key)
            pack.terms.append(TermRule.model_construct(
                term=term, rule=RULE_ID, category="sensitive_term", severity=sev,
                message=f"出现本单位关键词清单中的词语“{term}”（{Path(file).name}）：请核实是否涉密或不宜公开",
                suggestion="删除或改写该内容；确认不涉密后再公开",
                allow=[], unless_near=[],
                boundary="none" if len(key) >= NO_BOUNDARY_FROM else "strict",
                strength="strong",
                confidence=0.9, rationale=f"用户关键词清单 {file}:{line}",
            ))
            pack.term_sources.append(Located.model_construct(file=file, line=line))
    if problems:
        raise RuleError(problems)
    pack.digest = digest.hexdigest()
    return pack
