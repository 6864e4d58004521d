"""Archives (``.zip``; ``.7z`` with the optional ``py7zr``): members are read like files.

A batch scan walks an archive like a folder (:func:`walk_archive`): each member becomes a file
of its own, named ``附件.zip!/名单/花名册.xlsx``, read from inside the archive when it is checked
(:func:`read_member_path`) — so every finding has a location a person can follow and every
member gets its own row.  The library and the service, given the bytes of an archive, get one
:class:`Document` (:func:`extract_zip`) whose locations name the member (``名单/花名册.xlsx
Sheet1!B2``).

Limits, because an archive is the classic way to make a small file large:

* every member obeys the per-file size limit (its *declared* size is checked before inflating,
  and inflating stops one byte past the limit whatever the header claims);
* a member above 64 MiB that compresses more than 200× is a bomb;
* at most :data:`MAX_MEMBERS` members and :data:`MAX_TOTAL` bytes in all per archive;
* archives inside archives are followed :data:`MAX_DEPTH` levels deep, and an archive that
  contains itself (a zip quine, or a copy of an enclosing archive) is recognised by its hash.

Member names written by Chinese Windows tools carry no UTF-8 flag and are GBK/GB18030 bytes;
Python's ``zipfile`` would show them as CP437 mojibake (``╗¿├√▓ß``).  They are decoded as
UTF-8 when that is valid, else as GB18030.  Control characters in names (a terminal escape in a
crafted name) are replaced by ``?``.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .document import Document, HiddenSpan, Segment, TextBuilder
from .errors import ExtractError, format_size, too_large
from .registry import FORMATS, kind_for_suffix, sniff

if TYPE_CHECKING:
    from ..walk import SkipLog, WalkItem

MAX_DEPTH = 3
"""Archives inside archives are followed this many levels (``a.zip!/b.zip!/c.zip!/d.txt``)."""
MAX_MEMBERS = 10_000
MAX_TOTAL = 1 << 30
"""Declared uncompressed bytes of all members of one archive."""
_BOMB_RATIO = 200
_BOMB_MIN = 64 << 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SEP = "!/"


@dataclass(frozen=True)
class Member:
    name: str
    """Decoded, display-safe name (``名单/花名册.xlsx``)."""
    size: int
    """Declared uncompressed size."""
    packed: int
    key: Any
    encrypted: bool = False


def decode_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its author wrote it (see the module docstring)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = b""
        if raw and not raw.isascii():
            for encoding in ("utf-8", "gb18030"):
                try:
                    name = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
    return _CONTROL.sub("?", name)


class _Zip:
    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ExtractError("压缩包已损坏或被截断，无法读取") from exc

    def members(self) -> list[Member]:
        return [
            Member(decode_name(i), i.file_size, i.compress_size, i, bool(i.flag_bits & 1))
            for i in self.zf.infolist()
            if not i.is_dir()
        ]

    def read(self, m: Member, limit: int) -> bytes:
        _member_limits(m, limit)
        try:
            with self.zf.open(m.key) as fh:
                data = fh.read(limit + 1)
        except NotImplementedError as exc:
            raise ExtractError("压缩包成员使用了不支持的压缩方法，无法读取") from exc
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
            raise ExtractError("压缩包成员已损坏（校验失败或数据被截断），无法读取") from exc
        if len(data) > limit:
            raise ExtractError(too_large(None, limit))
        return data


class _SevenZip:
    def __init__(self, data: bytes) -> None:
        try:
            import py7zr
        except ImportError as exc:
            raise ExtractError(
                "读取 .7z 压缩包需要可选依赖 py7zr（pip install 'baomi-check[archives]'），"
                "或解压后再检查"
            ) from exc
        self._data = data
        try:
            self.sz = py7zr.SevenZipFile(io.BytesIO(data))
            self._needs_password = self.sz.needs_password()
            self._infos = self.sz.list()
        except Exception as exc:  # py7zr raises Bad7zFile, LZMAError, PasswordRequired …
            raise ExtractError("7z 压缩包已损坏、被截断或已加密，无法读取") from exc

    def members(self) -> list[Member]:
        return [
            Member(_CONTROL.sub("?", i.filename), i.uncompressed or 0, i.compressed or 0,
                   i.filename, self._needs_password)
            for i in self._infos
            if not i.is_directory
        ]

    def read(self, m: Member, limit: int) -> bytes:
        import py7zr
        from py7zr.io import BytesIOFactory

        _member_limits(m, limit)
        factory = BytesIOFactory(limit + 1)
        try:
            with py7zr.SevenZipFile(io.BytesIO(self._data)) as sz:
                sz.extract(targets=[m.key], factory=factory)
            product = factory.get(m.key)
        except Exception as exc:
            raise ExtractError("7z 压缩包成员已损坏或无法解压") from exc
        product.seek(0)
        data = bytes(product.read())
        if len(data) > limit:
            raise ExtractError(too_large(None, limit))
        return data


def _member_limits(m: Member, limit: int) -> None:
    if m.encrypted:
        raise ExtractError("压缩包成员已加密（需要密码），无法读取；请解压后再检查")
    if m.size > limit:
        raise ExtractError(too_large(m.size, limit))
    if m.size > _BOMB_MIN and m.size > _BOMB_RATIO * max(m.packed, 1):
        raise ExtractError(
            f"压缩包成员解压后过大（{m.size:,} 字节，压缩比超过 {_BOMB_RATIO} 倍），"
            "疑似压缩炸弹，已跳过"
        )


def open_archive(data: bytes, kind: str) -> _Zip | _SevenZip:
    if kind == "7z":
        return _SevenZip(data)
    return _Zip(data)


def members_checked(arch: _Zip | _SevenZip) -> list[Member]:
    """The archive's members, sorted by name, after the whole-archive limits."""
    members = arch.members()
    if len(members) > MAX_MEMBERS:
        raise ExtractError(f"压缩包成员过多（{len(members):,} 个，上限 {MAX_MEMBERS:,}），已跳过")
    total = sum(m.size for m in members)
    if total > MAX_TOTAL:
        raise ExtractError(
            f"压缩包解压后过大（共 {total:,} 字节，{format_size(total)}，上限 "
            f"{format_size(MAX_TOTAL)}），疑似压缩炸弹，已跳过"
        )
    return sorted(members, key=lambda m: m.name)


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


_NESTED = f"压缩包嵌套层数过多（超过 {MAX_DEPTH} 层），已跳过"
_SELF = "压缩包包含自身（递归压缩包），已跳过"


# --- walking an archive like a folder ----------------------------------------------------------


def walk_archive(
    path: str,
    include: Sequence[str],
    skipped: SkipLog | None,
    max_bytes: int,
    depth: int = 1,
    ancestors: frozenset[bytes] = frozenset(),
    data: bytes | None = None,
    exclude: Sequence[str] = (),
) -> Iterator[WalkItem]:
    """The members of the archive at ``path`` as walk items (``path!/member``); ``include`` and
    ``exclude`` globs apply to the names inside the archive as to a folder's files."""
    from ..walk import WalkItem, read_input, wanted

    try:
        if data is None:
            data = read_input(path, max_bytes)
        kind = sniff(data, kind_for_suffix(path.rsplit(SEP, 1)[-1]))
        if kind not in ("zip", "7z"):
            yield WalkItem(path)  # named like an archive, but is not one: its reader decides
            return
        arch = open_archive(data, kind)
        members = members_checked(arch)
    except ExtractError as exc:
        yield WalkItem(path, str(exc))
        return
    ancestors = ancestors | {_digest(data)}
    found = False
    for m in members:
        inner = f"{path}{SEP}{m.name}"
        if exclude and not wanted(m.name, (), exclude):
            continue
        if not wanted(m.name, include):
            if skipped is not None and not include:
                skipped.add(inner)
            continue
        found = True
        if kind_for_suffix(m.name) not in ("zip", "7z"):
            yield WalkItem(inner)
            continue
        if depth >= MAX_DEPTH:
            yield WalkItem(inner, _NESTED)
            continue
        try:
            inner_data = arch.read(m, max_bytes)
        except ExtractError as exc:
            yield WalkItem(inner, str(exc))
            continue
        if _digest(inner_data) in ancestors:
            yield WalkItem(inner, _SELF)
            continue
        yield from walk_archive(inner, include, skipped, max_bytes, depth + 1, ancestors,
                                inner_data, exclude)  # fmt: skip
    if not found:
        yield WalkItem(path)  # nothing to check inside: the archive's own row says so


_CACHE: dict[tuple[object, ...], bytes] = {}
"""Archive bytes by (path, mtime, size, members leading to it): a worker checking 500 members
of one archive (or of one archive inside it) reads and inflates that archive once, not 500
times.  Two entries: the outer archive and the innermost one in use."""


def _remember(key: tuple[object, ...], data: bytes) -> None:
    if len(_CACHE) >= 2:
        for old in [k for k in _CACHE if len(k) > 3 or k[:3] != key[:3]]:
            del _CACHE[old]
    _CACHE[key] = data


def read_member_path(path: str, max_bytes: int) -> bytes | None:
    """The bytes of ``a.zip!/b/c.docx`` (members of members too), or ``None`` when no prefix of
    ``path`` is an existing file (then it is not a member path)."""
    from ..walk import read_input

    parts = path.split(SEP)
    for i in range(1, len(parts)):
        outer = SEP.join(parts[:i])
        if os.path.isfile(outer):
            break
    else:
        return None
    st = os.stat(outer)
    key: tuple[object, ...] = (outer, st.st_mtime_ns, st.st_size)
    data = _CACHE.get(key)
    if data is None:
        data = read_input(outer, max_bytes)
        _CACHE.clear()
        _CACHE[key] = data
    rest = parts[i:]
    name_of = outer
    inner = _CACHE.get((*key, *rest[:-1])) if len(rest) > 1 else None
    if inner is not None:  # an archive inside, already inflated for a sibling member
        key, data, name_of, rest = (*key, *rest[:-1]), inner, rest[-2], rest[-1:]
    for depth in range(1, MAX_DEPTH + 1):
        kind = sniff(data, kind_for_suffix(name_of))
        if kind not in ("zip", "7z"):
            raise ExtractError("路径中的压缩包不是有效的压缩文件")
        members = {m.name: m for m in members_checked(open_archive(data, kind))}
        for j in range(len(rest), 0, -1):
            name = SEP.join(rest[:j])
            if name in members:
                break
        else:
            raise ExtractError("压缩包中没有该文件")
        data = open_archive(data, kind).read(members[name], max_bytes)
        rest = rest[j:]
        name_of = name
        if not rest:
            return data
        key = (*key, name)
        _remember(key, data)
        if depth == MAX_DEPTH:
            break
    raise ExtractError(_NESTED)


# --- one document for a whole archive (library, service) ---------------------------------------


def extract_zip(data: bytes, kind: str = "zip") -> Document:
    """Every member of the archive as one document, located ``member location``."""
    return extract_archive(data, kind)


def extract_7z(data: bytes, kind: str = "7z") -> Document:
    return extract_archive(data, kind)


def extract_archive(
    data: bytes,
    kind: str,
    depth: int = 0,
    ancestors: frozenset[bytes] = frozenset(),
    prefix: str = "",
    out: TextBuilder | None = None,
    hidden: list[HiddenSpan] | None = None,
    warnings: list[str] | None = None,
) -> Document:
    from . import extract_bytes
    from .errors import DEFAULT_MAX_BYTES

    top = out is None
    out = out if out is not None else TextBuilder()
    hidden = hidden if hidden is not None else []
    warnings = warnings if warnings is not None else []
    arch = open_archive(data, kind)
    members = members_checked(arch)
    ancestors = ancestors | {_digest(data)}
    skipped = 0
    for m in members:
        name = prefix + m.name
        claimed = kind_for_suffix(m.name)
        if claimed is None or not FORMATS[claimed].walk:
            skipped += 1
            continue
        try:
            member = arch.read(m, DEFAULT_MAX_BYTES)
            member_kind = sniff(member, claimed)
            if member_kind in ("zip", "7z"):
                if depth + 1 >= MAX_DEPTH:
                    raise ExtractError(_NESTED)
                if _digest(member) in ancestors:
                    raise ExtractError(_SELF)
                extract_archive(member, member_kind, depth + 1, ancestors, name + SEP, out,
                                hidden, warnings)  # fmt: skip
                continue
            doc = extract_bytes(member, claimed)
        except ExtractError as exc:
            warnings.append(f"{name}：{exc}")
            continue
        _append(out, hidden, name, doc)
        warnings.extend(f"{name}：{w}" for w in doc.warnings)
    if skipped:
        warnings.append(f"{prefix or ''}压缩包中有 {skipped} 个文件因类型不受支持未检查")
    if not top:
        return Document("", kind)
    text = out.text()
    if not members:
        warnings.append("压缩包为空，没有可检查的文件")
    return Document(text, kind, segments=out.segments, hidden=hidden, warnings=warnings)


def _append(out: TextBuilder, hidden: list[HiddenSpan], name: str, doc: Document) -> None:
    """Add a member's text, its locations prefixed with the member's name."""
    if not doc.text:
        return
    base = out.length + (len(out.sep) if out.length else 0)
    if doc.segments:
        segments = doc.segments
    elif doc.line_locations:
        segments = []
        pos = 0
        for n, line in enumerate(doc.text.splitlines(keepends=True), start=1):
            segments.append(Segment(pos, pos + len(line), f"第{n}行"))
            pos += len(line)
    else:
        segments = [Segment(0, len(doc.text), "")]
    start, _ = out.add(doc.text, name)
    assert start == base
    out.segments.pop()
    first = segments[0].start if segments else 0
    if first > 0:
        out.segments.append(Segment(start, start + first, name))
    for s in segments:
        loc = f"{name} {s.location}".rstrip()
        out.segments.append(Segment(start + s.start, start + s.end, loc))
    for h in doc.hidden:
        hidden.append(HiddenSpan(start + h.start, start + h.end, h.reason, h.links))
