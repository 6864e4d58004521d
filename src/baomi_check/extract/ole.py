"""OLE compound files (Word 97–2003 ``.doc``, WPS ``.wps``, Excel ``.xls``, WPS ``.et``): what
the legacy readers share — opening the container with ``olefile`` and reading the summary
properties (title, subject, keywords) that Explorer and WPS show for the file.

The property strings are stored in the code page the property set declares (936 for files saved
on Chinese Windows): they are decoded with it, as GB18030 for 936, so that a ``机密`` title is
read as such and not as Latin-1 noise.
"""

from __future__ import annotations

import codecs
import io

from .errors import ExtractError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# [MS-OLEPS] summary information property ids (PIDSI_*) read as document properties.  Author
# (4) and last author (8) are left out like in the other readers (see ``add_properties``).
_PID_CODEPAGE = 1
_PID_TITLE = 2
_PID_SUBJECT = 3
_PID_KEYWORDS = 5
# Document summary information: category (PIDDSI_CATEGORY).
_PID_CATEGORY = 2


def open_ole(data: bytes, what: str):  # type: ignore[no-untyped-def]
    """The compound file, or a clear :class:`ExtractError` naming the format ``what``."""
    import olefile

    if not data.startswith(OLE_MAGIC):
        raise ExtractError(
            f"文件不是 {what} 使用的复合文档格式（文件头不符），可能已损坏或扩展名有误"
        )
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError … on bad input
        raise ExtractError(
            f"无法打开 {what} 文件（文件损坏或被截断）：{type(exc).__name__}: {exc}"
        ) from exc


def read_stream(ole, name: str, label: str) -> bytes:  # type: ignore[no-untyped-def]
    """A stream's bytes; a stream shorter than its directory entry says means the file was cut
    off (olefile returns what there is without complaint), which is an error: a truncated file
    must not pass as a checked one."""
    try:
        data = ole.openstream(name).read()
        size = ole.get_size(name)
    except Exception as exc:  # olefile on a broken sector chain
        raise ExtractError(
            f"无法读取 {label} 文件内容（文件被截断或已损坏）：{type(exc).__name__}: {exc}"
        ) from exc
    if len(data) < size:
        raise ExtractError(
            f"{label} 文件不完整（{name} 流只有 {len(data)}/{size} 字节），文件被截断或已损坏"
        )
    return data


def truncated_streams(ole) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of streams the file ends before (for a warning about the optional ones)."""
    out = []
    for entry in ole.listdir():
        name = "/".join(entry)
        try:
            if len(ole.openstream(name).read()) < ole.get_size(name):
                out.append(name.lstrip("\x05"))
        except Exception:
            out.append(name.lstrip("\x05"))
    return out


def _codec(codepage: object) -> str:
    if isinstance(codepage, int) and codepage < 0:
        codepage += 65536  # a VT_I2 property: olefile reads 65001 (UTF-8) as -535
    if codepage == 936:
        return "gb18030"
    if codepage == 65001:
        return "utf-8"
    if isinstance(codepage, int) and 0 < codepage < 65536:
        name = "cp1252" if codepage == 1252 else f"cp{codepage}"
        try:
            codecs.lookup(name)
        except LookupError:
            return "gb18030"
        return name
    return "gb18030"


def _text(value: object, codec: str) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        for enc in (codec, "gb18030", "latin-1"):
            try:
                return value.decode(enc)
            except UnicodeDecodeError:
                continue
    return None


def summary_properties(ole) -> list[str | None]:  # type: ignore[no-untyped-def]
    """Title, subject, keywords and category of a compound file; absent or unreadable property
    sets give nothing (they are optional and often damaged, never worth the file)."""
    values: list[str | None] = []
    for stream, pids in (
        ("\x05SummaryInformation", (_PID_TITLE, _PID_SUBJECT, _PID_KEYWORDS)),
        ("\x05DocumentSummaryInformation", (_PID_CATEGORY,)),
    ):
        try:
            if not ole.exists(stream):
                continue
            props = ole.getproperties(stream)
        except Exception:
            continue
        codec = _codec(props.get(_PID_CODEPAGE))
        values.extend(_text(props.get(pid), codec) for pid in pids)
    return values
