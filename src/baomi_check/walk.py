"""The one walker: which paths are files to read, which are skipped, and how a file is opened.

``check``, ``redact`` and the service all come through here, so a rule about input holds
everywhere by construction:

* **what is walked**: folders recursively, in a stable (sorted) order, never following
  directory symlinks (no loops), skipping VCS, environment and dependency folders and Office
  lock files (:data:`DEFAULT_EXCLUDES`); inside folders, files whose extension names a known
  format (:data:`~baomi_check.extract.registry.WALKED_SUFFIXES`) or that match ``include``;
* **what is skipped is said**: every file left out for its type is recorded in a
  :class:`SkipLog` (counted per extension in the summary, listed with ``--list-skipped``);
* **how a file is opened** (:func:`read_input`): only regular files (a FIFO would block, a
  device such as ``/dev/zero`` behind a symlink would stream forever), opened non-blocking and
  checked *after* opening (no swap between check and open), symlink loops named as such, the
  size limit with exact sizes, never more than the limit read;
* **archives** (``.zip``, ``.7z``): their members are walked like files of a folder and named
  ``附件.zip!/名单/花名册.xlsx``; :func:`read_input` reads such a path from inside the archive
  with the zip-bomb limits of :mod:`baomi_check.extract.archive`.

Binary sniffing, the zip-bomb limits of packages and the per-format readers live in
:mod:`baomi_check.extract` (:func:`~baomi_check.extract.extract_file` calls :func:`read_input`).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .extract.errors import DEFAULT_MAX_BYTES, ExtractError, too_large
from .extract.registry import kind_for_suffix, walked_suffixes

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
    ".mypy_cache", ".pytest_cache", "~$*", ".~lock.*#",
)  # fmt: skip
"""Never walked into or checked: VCS metadata, environments, Office and LibreOffice lock files."""

MEMBER_SEP = "!/"
"""Between an archive's path and a member's name: ``附件.zip!/名单/花名册.xlsx``."""


# --- reading one input ----------------------------------------------------------------------------


def read_input(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input file (or archive member), with every limit on input applied.

    Raises :class:`ExtractError` with a message for the user: missing, not a regular file,
    symlink loop, unreadable, too large."""
    p = str(path)
    if MEMBER_SEP in p and not os.path.lexists(p):
        from .extract.archive import read_member_path

        member = read_member_path(p, max_bytes)
        if member is not None:
            return member
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_BINARY", 0))  # fmt: skip
    except OSError as exc:
        raise ExtractError(_open_error(p, exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ExtractError(_special(st.st_mode))
        if st.st_size > max_bytes:
            raise ExtractError(too_large(st.st_size, max_bytes))
        chunks: list[bytes] = []
        got = 0
        while got <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise ExtractError(f"无法读取文件：{exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if got > max_bytes:  # grew between stat and read
        raise ExtractError(too_large(None, max_bytes))
    return b"".join(chunks)


def _open_error(path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "符号链接循环（链接直接或间接指向自身），无法读取，已跳过"
    if exc.errno == errno.ENOENT:
        return "符号链接指向的文件不存在" if os.path.islink(path) else "文件不存在"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取该文件的权限"
    if exc.errno == errno.EISDIR:
        return "不是普通文件（是目录），已跳过"
    return f"无法访问文件：{exc.strerror or exc}"


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        what = "命名管道（FIFO）"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "设备文件"
    elif stat.S_ISSOCK(mode):
        what = "套接字"
    elif stat.S_ISDIR(mode):
        what = "目录"
    else:
        what = "特殊文件"
    return f"不是普通文件（{what}），已跳过"


def printable(path: str) -> str:
    """A path safe to print to a terminal: an escape sequence in a file name is shown, not
    run (``\x1b[2J`` would clear the reviewer's screen)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in path)


# --- what was skipped -----------------------------------------------------------------------------


@dataclass
class SkipLog:
    """Files a walk left out for their type: counted per extension, listed on request."""

    paths: list[str] = field(default_factory=list)

    def add(self, path: str) -> None:
        self.paths.append(path)

    def by_extension(self) -> Counter[str]:
        return Counter(_extension(p) for p in self.paths)

    def summary(self) -> str:
        """``跳过 12 个未支持类型的文件（.exe 5 · .png 4 · 无扩展名 3）``, or ``""``."""
        if not self.paths:
            return ""
        counts = self.by_extension().most_common()
        shown = " · ".join(f"{ext} {n}" for ext, n in counts[:8])
        more = f" · 另有 {len(counts) - 8} 种" if len(counts) > 8 else ""
        return f"跳过 {len(self.paths)} 个未支持类型的文件（{shown}{more}）"


def _extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else "无扩展名"


# --- globs ----------------------------------------------------------------------------------------


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    """Does a relative POSIX path, its name or one of its parent folders match a glob?"""
    whole, part = _compiled_globs(tuple(patterns))
    if whole is not None and (whole.match(rel) or whole.match(rel.rsplit("/", 1)[-1])):
        return True
    return part is not None and any(part.match(p) for p in rel.split("/")[:-1])


def _matches_whole(path: str, patterns: Iterable[str]) -> bool:
    """Does a glob *with a folder in it* match the whole path?  Not folder names (the folders
    above a walked root are where the user stands, not something to exclude), not bare name
    globs (``docs*`` is about names, and would match every path under ``docs/``)."""
    whole, _ = _compiled_globs(_with_folders(tuple(patterns)))
    return whole is not None and whole.match(path) is not None


@lru_cache(maxsize=64)
def _with_folders(patterns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in patterns if "/" in p.strip("/").removeprefix("./"))


@lru_cache(maxsize=64)
def _compiled_globs(
    patterns: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """All globs as two regexes (whole path or name; one folder name), built once: a folder of
    thousands of files would otherwise run ``fnmatch`` per file × per glob × per folder."""
    whole: list[str] = []
    part: list[str] = []
    for pat in patterns:
        pat = pat.rstrip("/")
        while pat.startswith("./"):
            pat = pat[2:]
        if not pat:
            continue
        whole.append(fnmatch.translate(pat))
        if pat.startswith("**/"):
            whole.append(fnmatch.translate(pat[3:]))
        if "/" not in pat:
            part.append(fnmatch.translate(pat))
    return (
        re.compile("|".join(whole)) if whole else None,
        re.compile("|".join(part)) if part else None,
    )


def _as_given(full: Path) -> str:
    """A walked path as the user sees it: relative to the working directory when it is below
    it.  Globs are matched against this form as well as against the path inside the walked
    folder, so ``baomi-check docs --exclude 'docs/drafts/*'`` excludes what it says (the
    folder-relative form alone is ``drafts/…``)."""
    path = os.path.normpath(full)
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            return Path(path).as_posix()
        if not rel.startswith(".."):
            path = rel
    return Path(path).as_posix()


def _matches_any_form(full: Path, given: str, patterns: Sequence[str]) -> bool:
    """Folder globs against the path as the user sees it and against the absolute path (the
    form a configuration file's globs take, see :func:`~baomi_check.settings.anchor_glob`)."""
    if _matches_whole(given, patterns):
        return True
    return _matches_whole(Path(os.path.abspath(full)).as_posix(), patterns)


@dataclass(frozen=True)
class WalkItem:
    path: str
    error: str | None = None


def iter_paths(
    paths: Sequence[str | Path],
    include: Sequence[str] = (),
    exclude: Sequence[str] = DEFAULT_EXCLUDES,
    skipped: SkipLog | None = None,
    archives: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[WalkItem]:
    """Files to check, in a stable order, plus error items for what cannot be walked.

    Files named explicitly are always checked (whatever their extension: pre-commit passes
    exactly the files its ``files:`` pattern selected) unless an exclude glob matches them;
    files found inside folders must also match ``include`` (default: the known formats' suffixes),
    and those that do not are recorded in ``skipped``.  With ``archives``, a ``.zip``/``.7z``
    (named or found) is replaced by its members (``a.zip!/b/c.docx``)."""
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            yield from _walk(p, include, exclude, seen, skipped, archives, max_bytes)
        elif p.exists() or p.is_symlink():
            key = os.path.normpath(str(p))
            if key not in seen and not (
                _matches(Path(key).as_posix(), exclude) or _matches_any_form(p, key, exclude)
            ):
                seen.add(key)
                yield from _file_item(str(p), include, exclude, archives, skipped, max_bytes)
        elif MEMBER_SEP in str(given):
            yield WalkItem(str(given))  # an archive member named as the report shows it
        else:
            yield WalkItem(str(p), "路径不存在")


def _file_item(
    path: str,
    include: Sequence[str],
    exclude: Sequence[str],
    archives: bool,
    skipped: SkipLog | None,
    max_bytes: int,
) -> Iterator[WalkItem]:
    kind = kind_for_suffix(path)
    if archives and kind in ("zip", "7z"):
        from .extract.archive import walk_archive

        yield from walk_archive(path, include, skipped, max_bytes, exclude=exclude)
    else:
        yield WalkItem(path)


def wanted(rel: str, include: Sequence[str], exclude: Sequence[str] = ()) -> bool:
    """Is a file found inside a folder (or an archive) one to read?"""
    if exclude and _matches(rel, exclude):
        return False
    if include:
        return _matches(rel, include)
    dot = rel.rfind(".")
    return dot > rel.rfind("/") + 1 and rel[dot:].lower() in walked_suffixes()


def _walk(
    root: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    seen: set[str],
    skipped: SkipLog | None,
    archives: bool,
    max_bytes: int,
) -> Iterator[WalkItem]:
    walked = walked_suffixes()
    stack: list[Path] = [root]
    with_folders = bool(_with_folders((*include, *exclude)))
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield WalkItem(str(folder), f"无法读取目录：{exc.strerror or exc}")
            continue
        subdirs: list[Path] = []
        for entry in entries:
            full = Path(entry.path)
            rel = full.relative_to(root).as_posix()
            given = _as_given(full) if with_folders else rel
            if _matches(rel, exclude) or (with_folders and _matches_any_form(full, given, exclude)):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(full)
                continue
            if include:
                if not _matches(rel, include) and not (
                    with_folders and _matches_any_form(full, given, include)
                ):
                    continue
            elif full.suffix.lower() not in walked:
                if skipped is not None:
                    skipped.add(entry.path)
                continue
            key = os.path.normpath(entry.path)
            if key not in seen:
                seen.add(key)
                yield from _file_item(entry.path, include, exclude, archives, skipped, max_bytes)
        stack.extend(reversed(subdirs))
