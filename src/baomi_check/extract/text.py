"""Plain text (``.txt``, ``.md``, ``.csv`` …) with encoding detection.

Government drafts arrive as UTF-8 (with or without a BOM, the latter from Notepad), GB18030/GBK
(older Windows tools, WPS exports) and UTF-16 ("Unicode" in Notepad's save dialog).  Detection
order, from the most to the least certain evidence:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. strict UTF-8 (almost never decodes non-UTF-8 Chinese text by accident);
3. UTF-16 without a BOM, recognised by NUL bytes on alternating positions;
4. GB18030 when every character it yields is ASCII or in GB2312 (see :func:`_plain_gb`: decisive
   even for the 4 bytes of ``秘密``, where charset-normalizer guesses Big5);
5. charset-normalizer's guess when it names a CJK or Unicode encoding (GBK and GB2312 are read
   as GB18030, their superset, so no character is lost);
6. strict GB18030: charset-normalizer is unreliable on very short texts (``机密★5年`` in GBK is
   8 bytes), and a text that is valid GB18030 is, for this tool's users, almost surely Chinese;
7. charset-normalizer's other guesses, then UTF-8 with replacement characters — both with a
   warning in the report, because a wrong guess can hide findings.

Binary files with a text extension (NUL bytes everywhere) are refused rather than "checked".
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from .document import Document
from .errors import ExtractError

if TYPE_CHECKING:
    from ..redact import Editor

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz"}
_TRUSTED = _GB_FAMILY | {"big5", "big5hkscs", "utf_16", "utf_16_le", "utf_16_be", "utf_32"}


def _normal_name(encoding: str) -> str:
    return codecs.lookup(encoding).name.replace("-", "_")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NULs sit on one parity of positions (ASCII-heavy text),
    else ``None``."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain_gb(data: bytes) -> str | None:
    """The text, when the bytes are GB18030 whose every character is ASCII or in GB2312 (the
    6 763 common hanzi, full-width forms and CJK punctuation), else ``None``.

    That is the signature of a GBK/GB2312 file of simplified Chinese, and it is decisive even
    for a few bytes, where charset-normalizer is not: ``秘密`` in GBK (4 bytes) was read as Big5
    ``贈躇`` and ``绝密★长期`` as UTF-16 — a classified mark turned into noise.  Big5 or UTF-16
    bytes read as GB18030 produce characters outside GB2312 or control characters, so they
    still go to charset-normalizer."""
    try:
        text = data.decode("gb18030")
        text.encode("gb2312")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return None
    return None if _CONTROLS.search(text) else text


def decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode file bytes; returns ``(text, encoding, warnings)``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, []
            except UnicodeDecodeError as exc:
                raise ExtractError(
                    f"文件以 {enc} 字节序标记开头，但内容无法按该编码解码：{exc}"
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, []
        except UnicodeDecodeError:
            pass
    plain = _plain_gb(data)
    if plain is not None:
        return plain, "gb18030", []
    import charset_normalizer  # only for bytes the cheap rules above could not decide

    best = charset_normalizer.from_bytes(data).best()
    guess = _normal_name(best.encoding) if best is not None else None
    if guess in _TRUSTED:
        enc = "gb18030" if guess in _GB_FAMILY else guess
        try:
            return data.decode(enc), enc, []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030"), "gb18030", []
    except UnicodeDecodeError:
        pass
    if best is not None and guess:
        return (
            str(best),
            guess,
            [f"文件编码无法确定，按 {guess} 解码；如内容显示为乱码，请另存为 UTF-8 后重新检查"],
        )
    return (
        data.decode("utf-8", errors="replace"),
        "utf-8",
        ["文件编码无法识别，按 UTF-8 解码并替换了无法识别的字节；检查结果可能不完整"],
    )


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v\x1a")
    return ("\x00" in sample and controls > 0.01 * len(sample)) or controls > 0.1 * len(sample)


def extract_text(data: bytes, kind: str = "txt") -> Document:
    """A text file becomes one segment-less document whose locations are line numbers."""
    text, encoding, warnings = decode(data)
    if _looks_binary(text):
        raise ExtractError("文件内容是二进制数据而不是文本，无法检查（扩展名与内容不符？）")
    if not text.strip():
        warnings.append("文件为空或只有空白字符")
    return Document(text, kind, encoding, warnings=warnings, line_locations=True)


def redact_text(data: bytes, kind: str, edit: Editor) -> bytes:
    """The redacted copy of a text file: same encoding and line ends, highlights as text marks
    (``〖…〗`` in ``.txt``, ``<mark>`` in Markdown)."""
    text, encoding, warnings = decode(data)
    for w in warnings:
        edit.warn(w)
    return edit.encode(edit.marked(edit.plan(text), kind), encoding)
