"""On-disk cache of compiled artefacts, so a fresh process does not rebuild them.

Start-up dominates the pre-commit and single-file use of the command line: without a cache every
run rebuilds the 65 536-entry normalization fold table from OpenCC and Unicode data (~0.2 s),
re-parses and re-validates the YAML rule pack and rebuilds the term automaton.  Each of these is a
pure function of its inputs, so it is stored as a pickle keyed by a hash of *everything it was
built from*: the rule files' bytes, the source code of the module that builds it, the package
version, the Python version and, for the fold table, the Unicode and OpenCC versions.  Editing a
rule file or upgrading a dependency therefore invalidates the entry by construction; nothing is
ever invalidated by time.

Where: ``$BAOMI_CHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/baomi-check``, else
``~/.cache/baomi-check``.  ``BAOMI_CHECK_NO_CACHE=1`` turns the cache off.

Robustness is the point of the design, because a cache must never change a verdict:

* any failure to read (missing, truncated, corrupt, foreign pickle, wrong key inside, a file
  owned by someone else or writable by others) silently falls back to building;
* any failure to write (read-only home, full disk, a sandbox) is ignored — the process just runs
  uncached;
* writes go to a temporary file in the same folder and are renamed into place, so concurrent
  workers of a batch never see half a file;
* a few old entries per kind are kept (different rule packs in use side by side) and older ones
  are pruned.

Pickle is used because the artefacts (an ``ahocorasick.Automaton``, pydantic models) are Python
objects whose own serialization is pickle.  Only files in the user's own cache folder, owned by
the user and not writable by group or others, are ever unpickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .rulepack import RulePack

log = logging.getLogger(__name__)

T = TypeVar("T")

FORMAT = 1
"""Bumped when the layout of cache files changes."""
KEEP_PER_KIND = 6
"""Entries kept per kind (built-in pack, a customer pack, a test pack, …)."""

_disabled_for_process = False


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is switched off."""
    if _disabled_for_process or os.environ.get("BAOMI_CHECK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("BAOMI_CHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "baomi-check"


def _version() -> str:
    from . import __version__

    return __version__


def _pydantic_version() -> str:
    """Cached packs are pickled pydantic models: a pydantic upgrade must rebuild them."""
    from pydantic import VERSION

    return str(VERSION)


def installed(module: str) -> str:
    """A fingerprint of the installed copy of a top-level module (part of the key of artefacts
    it builds): the path, size and modification time of its file, found without importing it.

    Any reinstall or upgrade rewrites the file and so changes the key.  ``importlib.metadata``
    would give the version, but importing it and parsing a METADATA file costs ~15 ms of every
    start-up, more than the rest of a small file's check."""
    from importlib.util import find_spec

    try:
        spec = find_spec(module)
        origin = spec.origin if spec is not None else None
        if not origin:
            return "missing"
        st = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return "unknown"
    return f"{origin}:{st.st_size}:{st.st_mtime_ns}"


def key(*parts: str | bytes) -> str:
    """A hex digest of ``parts`` plus the package and Python versions."""
    h = hashlib.sha256()
    base = (f"fmt{FORMAT}", _version(), sys.implementation.cache_tag or sys.version,
            _pydantic_version())
    for p in (*base, *parts):
        data = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def source_digest(*modules_or_files: object) -> str:
    """Hash of the source files of modules (or paths): the code that builds an artefact is part
    of its key, so editing a builder during development invalidates its entries."""
    h = hashlib.sha256()
    for m in modules_or_files:
        path = m if isinstance(m, (str, Path)) else getattr(m, "__file__", None)
        if not path:
            continue
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            h.update(str(path).encode("utf-8", "replace"))
    return h.hexdigest()


def files_digest(files: Iterable[Path]) -> str:
    """Hash of the names and bytes of ``files`` (a rule pack's YAML files)."""
    h = hashlib.sha256()
    for f in files:
        h.update(str(f).encode("utf-8", "surrogatepass"))
        try:
            data = f.read_bytes()
        except OSError:
            data = b"\0unreadable"
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _path(kind: str, digest: str) -> Path | None:
    d = cache_dir()
    return None if d is None else d / f"{kind}-{digest[:40]}.pickle"


def _trusted(path: Path) -> bool:
    """Only our own, not group/world-writable files are unpickled."""
    try:
        st = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode) or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def load(kind: str, digest: str) -> object | None:
    """The cached object, or ``None`` when absent or unusable for any reason."""
    path = _path(kind, digest)
    if path is None or not _trusted(path):
        return None
    try:
        with path.open("rb") as fh:
            stored_key, value = pickle.load(fh)
    except Exception as exc:  # corrupt, truncated, from an incompatible version, …
        log.debug("ignoring unreadable cache file %s: %s", path, exc)
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    if stored_key != digest:
        return None
    return value


def store(kind: str, digest: str, value: object) -> bool:
    """Write ``value`` atomically; returns whether it was stored.  Never raises."""
    path = _path(kind, digest)
    if path is None:
        return False
    import tempfile  # only writers need it (it imports ``random``: a few ms of start-up)

    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((digest, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        tmp = None
        _prune(path.parent, kind, keep=path)
        return True
    except Exception as exc:  # read-only home, full disk, unpicklable value: run uncached
        log.debug("cannot write cache file %s: %s", path, exc)
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(folder: Path, kind: str, keep: Path) -> None:
    try:
        entries = sorted(
            (p for p in folder.glob(f"{kind}-*.pickle") if p != keep),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
    except OSError:
        return
    for old in entries[KEEP_PER_KIND - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()


def cached(kind: str, digest: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when a valid entry for ``digest`` exists.

    The builder's own exceptions propagate (a broken rule file must still be reported); cache
    problems never do."""
    hit = load(kind, digest)
    if hit is not None:
        return hit  # type: ignore[return-value]
    value = build()
    store(kind, digest, value)
    return value


def clear() -> int:
    """Delete every cache file; returns how many were removed."""
    d = cache_dir()
    if d is None or not d.is_dir():
        return 0
    n = 0
    for p in d.glob("*.pickle"):
        with contextlib.suppress(OSError):
            p.unlink()
            n += 1
    return n


def set_enabled(enabled: bool) -> None:
    """Switch the cache off (or back on) for this process, e.g. for a ``--no-cache`` option."""
    global _disabled_for_process
    _disabled_for_process = not enabled


# --- the artefacts -------------------------------------------------------------------------------


def _rule_files(paths: Iterable[str | Path]) -> list[Path] | None:
    """The files :func:`~baomi_check.rulepack.load_pack` would read, or ``None`` when a path
    is missing (then the real loader runs and reports the error)."""
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files.extend(sorted(q for q in path.rglob("*") if q.suffix in {".yaml", ".yml"}))
        elif path.is_file():
            files.append(path)
        else:
            return None
    return files


def load_pack(*paths: str | Path) -> RulePack:
    """:func:`baomi_check.rulepack.load_pack` through the cache.

    Parsing YAML with line tracking and validating every entry with pydantic costs tens of
    milliseconds per hundred entries; the cached pack is keyed by the files' names and bytes and
    by the source of the loader and the models, so any edit rebuilds it.  Errors are never
    cached: a broken pack raises :class:`~baomi_check.rulepack.RuleError` every time."""
    from . import models, rulepack

    files = _rule_files(paths)
    if files is None or cache_dir() is None:
        return rulepack.load_pack(*paths)
    digest = key("pack", files_digest(files), source_digest(rulepack, models))
    return cached("pack", digest, lambda: rulepack.load_pack(*paths))


def fold_key(builder_module: object) -> str:
    """Key of the normalization fold tables: the builder's source, Unicode and OpenCC data."""
    import unicodedata

    return key(
        "fold", source_digest(builder_module), unicodedata.unidata_version, installed("opencc")
    )


def import_jieba() -> Any:
    """``import jieba`` without letting it import ``pkg_resources``.

    jieba's ``_compat`` module uses ``pkg_resources`` (deprecated, and ~0.17 s to import: two
    thirds of jieba's import time) only to open its own data files, and falls back to a plain
    ``open`` beside its ``__file__`` when that import fails.  Hiding ``pkg_resources`` for the
    duration of the import selects the fallback; an already imported ``pkg_resources`` is left
    alone."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if hide and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


class JiebaWords:
    """jieba's prefix dictionary, loaded one first character at a time.

    jieba looks words up only as substrings of the text it cuts, and every such substring starts
    with a character of that text.  So a tokenizer that will only ever cut short windows needs
    only the entries whose first character occurs in those windows: :meth:`ensure` adds them to
    the tokenizer's ``FREQ`` before a window is cut, and the cut is exactly the one the full
    dictionary gives (tested).  Unpickling the whole dictionary costs ~0.4 s per process, paid
    by every worker of a batch; the entries a batch of documents touches cost a few ms.

    ``buckets`` maps a first character to its pickled entries; ``None`` means ``freq`` is
    already the full dictionary (no cache available)."""

    def __init__(self, freq: dict[str, int], buckets: dict[str, bytes] | None) -> None:
        self.freq = freq
        self._buckets = buckets
        self._loaded: set[str] = set()

    def ensure(self, text: str) -> None:
        """Make every entry starting with a character of ``text`` available.

        Safe to call from several threads: loading a bucket twice writes the same values, and a
        character is marked loaded only after its entries are in."""
        if self._buckets is None:
            return
        missing = set(text).difference(self._loaded)
        for ch in missing:
            blob = self._buckets.get(ch)
            if blob is not None:
                self.freq.update(pickle.loads(blob))
            self._loaded.add(ch)


def jieba_tokenizer() -> tuple[Any, JiebaWords]:
    """A private, initialized ``jieba.Tokenizer`` whose prefix dictionary comes from this cache
    bucket by bucket (see :class:`JiebaWords`; call ``words.ensure(text)`` before cutting
    ``text``).

    jieba's own start-up reads its whole marshal cache (1.2 s here); unpickling the whole
    dictionary from bytes still took 0.4 s.  The entry is keyed by jieba's version and the size
    and modification time of its dictionary file; without a usable cache jieba initializes
    itself as usual and ``ensure`` does nothing."""
    jieba = import_jieba()

    tok = jieba.Tokenizer()
    dict_file = Path(jieba.__file__).with_name("dict.txt")
    try:
        st = dict_file.stat()
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        stamp = None
    if cache_dir() is None or stamp is None:
        tok.initialize()
        return tok, JiebaWords(tok.FREQ, None)

    def build() -> tuple[dict[str, bytes], int]:
        fresh = jieba.Tokenizer()
        fresh.initialize()
        groups: dict[str, dict[str, int]] = {}
        for word, freq in fresh.FREQ.items():
            groups.setdefault(word[0], {})[word] = freq
        proto = pickle.HIGHEST_PROTOCOL
        buckets = {ch: pickle.dumps(g, protocol=proto) for ch, g in groups.items()}
        return buckets, fresh.total

    digest = key("jieba-words", getattr(jieba, "__version__", "?"), str(dict_file), stamp)
    buckets, total = cached("jieba-words", digest, build)
    tok.FREQ, tok.total = {}, total
    tok.initialized = True
    return tok, JiebaWords(tok.FREQ, buckets)
