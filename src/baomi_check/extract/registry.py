"""Which formats exist, how a file's bytes are recognised, and which reader reads them.

HOW TO REGISTER A READER (one line in :data:`FORMATS`)
------------------------------------------------------
1. Write ``extract/<name>.py`` with ``def extract_<name>(data: bytes, kind: str) -> Document``
   that raises :class:`~baomi_check.extract.errors.ExtractError` with a Chinese message for
   anything it cannot read (encrypted, truncated, too old …).
2. In :data:`FORMATS`, set ``reader="<name>:extract_<name>"`` on the format's entry (or add an
   entry: kind, suffixes, label).  Nothing else: the walker picks the suffixes up, the README
   table test sees the new row, ``extract_bytes``/``extract_file``/redact/the service dispatch
   through :func:`reader_for`.
3. ``writer="<name>:redact_<name>"`` when the module also writes the redacted copy
   (``(data, kind, edit: redact.Editor) -> bytes``, see ``text.py``/``docx.py``);
   ``convert_to`` names the kind LibreOffice converts the format to when no native reader
   exists (used only when ``soffice`` is on ``PATH``); ``missing`` is the message shown when
   neither is available.

Recognition is by *content first*: :func:`sniff` looks at the magic bytes (OLE compound file,
ZIP package and which main part it holds, ``%PDF``, ``{\\rtf``, HTML saved as ``.xls`` …) and
only falls back to the suffix.  A ``.docx`` saved as ``.doc`` is read as ``.docx``; an Excel-HTML
page saved as ``.xls`` as HTML; a Word 97 file named ``.docx`` goes to the ``doc`` reader; an
executable renamed ``.txt`` is refused as binary instead of being "checked".
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

Reader = Callable[[bytes, str], "Document"]


@dataclass(frozen=True)
class Format:
    """One kind of file: how it is named, read, converted and redacted."""

    kind: str
    suffixes: tuple[str, ...]
    label: str
    """What a person calls it (messages, the README table)."""
    reader: str | None = None
    """``module:function`` inside :mod:`baomi_check.extract`; ``None``: no native reader."""
    convert_to: str | None = None
    """Kind LibreOffice converts it to when there is no native reader and ``soffice`` exists."""
    missing: str | None = None
    """Message when the file cannot be read (no reader, no converter)."""
    writer: str | None = None
    """``module:function`` writing the redacted copy (``redact_<kind>(data, kind, edit) ->
    bytes``, next to the reader); ``None``: ``redact`` refuses the kind with a message."""
    container: bool = False
    """An archive: its members are files of their own (``附件.zip!/名单/花名册.xlsx``)."""
    package: bool = False
    """A ZIP-based package: the zip-bomb limits apply before any library inflates it."""
    walk: bool = True
    """Picked up when a folder is walked (``False``: only when named or sniffed)."""

    @property
    def redact(self) -> bool:
        """``baomi-check redact`` writes a redacted copy of this kind."""
        return self.writer is not None


def _convert_msg(label: str, suffix: str, target: str) -> str:
    return (
        f"{label}（{suffix}）暂无内置读取器，请另存为 {target} 后再检查"
        "（或安装 LibreOffice，使 soffice 在 PATH 中，将自动转换后检查）"
    )


_MISSING = {
    "rar": "RAR 压缩包无法直接检查（读取需要外部 unrar 程序），请解压或改存为 .zip 后再检查",
    "encrypted": "文件是设置了打开密码的 Office 文档，无法读取；请去除密码后再检查",
    "binary": "文件内容是二进制数据（程序、图片或其他非文档文件）而不是文本，无法检查"
    "（扩展名与内容不符？）",
}

FORMATS: dict[str, Format] = {
    f.kind: f
    for f in (
        Format("txt", (".txt", ".text"), "纯文本", "text:extract_text", writer="text:redact_text"),
        Format("md", (".md", ".markdown"), "Markdown", "text:extract_text",
               writer="text:redact_text"),
        Format("csv", (".csv", ".tsv"), "CSV/TSV 表格", "text:extract_text"),
        Format("html", (".html", ".htm", ".xhtml", ".shtml"), "网页", "html:extract_html",
               writer="html:redact_html"),
        Format("docx", (".docx",), "Word 文档", "docx:extract_docx", writer="docx:redact_docx",
               package=True),
        Format("xlsx", (".xlsx", ".xlsm"), "Excel 工作簿", "xlsx:extract_xlsx",
               writer="xlsx:redact_xlsx", package=True),
        Format("pdf", (".pdf",), "PDF", "pdf:extract_pdf"),
        Format("doc", (".doc",), "旧版 Word 文档", "doc:extract_doc"),
        Format("wps", (".wps",), "WPS 文字文档", "doc:extract_doc"),
        Format("xls", (".xls",), "旧版 Excel 工作簿", "xls:extract_xls"),
        Format("et", (".et",), "WPS 表格", "xls:extract_xls"),
        Format("pptx", (".pptx",), "PowerPoint 演示文稿", "pptx:extract_pptx", package=True),
        Format("ppt", (".ppt",), "旧版 PowerPoint 演示文稿", convert_to="pptx",
               missing=_convert_msg("旧版 PowerPoint 演示文稿", ".ppt", ".pdf")),
        Format("dps", (".dps",), "WPS 演示文稿", convert_to="pptx",
               missing=_convert_msg("WPS 演示文稿", ".dps", ".pdf")),
        Format("rtf", (".rtf",), "RTF 文档", "rtf:extract_rtf"),
        Format("ofd", (".ofd",), "OFD 版式文档", "ofd:extract_ofd", package=True),
        Format("json", (".json",), "JSON 数据", "structured:extract_json"),
        Format("xml", (".xml",), "XML 数据", "structured:extract_xml"),
        Format("odt", (".odt",), "OpenDocument 文本", package=True, convert_to="docx",
               missing=_convert_msg("OpenDocument 文本", ".odt", ".docx")),
        Format("ods", (".ods",), "OpenDocument 表格", package=True, convert_to="xlsx",
               missing=_convert_msg("OpenDocument 表格", ".ods", ".xlsx")),
        Format("odp", (".odp",), "OpenDocument 演示文稿", package=True, convert_to="pptx",
               missing=_convert_msg("OpenDocument 演示文稿", ".odp", ".pdf")),
        Format("zip", (".zip",), "ZIP 压缩包", "archive:extract_zip", container=True),
        Format("7z", (".7z",), "7z 压缩包", "archive:extract_7z", container=True),
        Format("rar", (".rar",), "RAR 压缩包", missing=_MISSING["rar"]),
        # Read by text recognition (the [ocr] extra); see images.py.  Checked when named (or
        # matched by --include); a folder walk picks them up only with --ocr always, so the
        # logos and photos of a website folder neither cost seconds each nor fail the run.
        Format("png", (".png",), "PNG 图片", "images:extract_image", walk=False),
        Format("jpeg", (".jpg", ".jpeg"), "JPEG 图片", "images:extract_image", walk=False),
        Format("tiff", (".tif", ".tiff"), "TIFF 图片（可多页）", "images:extract_image",
               walk=False),
        Format("bmp", (".bmp",), "BMP 图片", "images:extract_image", walk=False),
        # Recognised by content only (never walked for their suffix).
        Format("encrypted", (), "加密的 Office 文档", walk=False, missing=_MISSING["encrypted"]),
        Format("binary", (), "二进制文件", walk=False, missing=_MISSING["binary"]),
    )
}  # fmt: skip
"""Every kind the project knows, with its reader.  See the module docstring to add one."""

SUFFIX_KIND: dict[str, str] = {s: f.kind for f in FORMATS.values() for s in f.suffixes}
WALKED_SUFFIXES: frozenset[str] = frozenset(
    s for f in FORMATS.values() if f.walk for s in f.suffixes
)
"""Extensions a folder walk picks up: every format with a reader, a converter or a message
(a file a scan cannot read gets an error row saying what to do, it never vanishes)."""


IMAGE_SUFFIXES: frozenset[str] = frozenset(
    s for k in ("png", "jpeg", "tiff", "bmp") for s in FORMATS[k].suffixes
)


def walked_suffixes() -> frozenset[str]:
    """The suffixes a folder walk picks up now: images too when recognition is ``always``."""
    from . import ocr

    return WALKED_SUFFIXES | IMAGE_SUFFIXES if ocr.mode() == "always" else WALKED_SUFFIXES


def kind_for_suffix(name: str) -> str | None:
    """The kind an extension claims (``None`` for an unknown extension)."""
    dot = name.rfind(".")
    if dot < 0 or "/" in name[dot:]:
        return None
    return SUFFIX_KIND.get(name[dot:].lower())


def writer_for(kind: str) -> Callable[..., bytes] | None:
    """The redacted-copy writer of a kind (``None``: redact refuses it)."""
    fmt = FORMATS.get(kind)
    if fmt is None or fmt.writer is None:
        return None
    module, _, func = fmt.writer.partition(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), func)  # type: ignore[no-any-return]


def reader_for(kind: str) -> Reader | None:
    """The native reader of a kind (imported lazily: a pre-commit run on three Markdown files
    should not import lxml, pypdf, python-docx and openpyxl)."""
    fmt = FORMATS.get(kind)
    if fmt is None or fmt.reader is None:
        return None
    module, _, func = fmt.reader.partition(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), func)  # type: ignore[no-any-return]


# --- recognising bytes -------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_BINARY_MAGIC = (
    b"\x7fELF", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
    b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\x1f\x8b", b"\xfd7zXZ\x00",
    b"II*\x00", b"MM\x00*", b"\x00asm", b"SQLite format 3\x00",
)  # fmt: skip
"""Signatures long or odd enough never to start a text file.  Two- and three-letter ones
(``MZ`` of Windows programs, ``BZh`` of bzip2) are checked with more of their header below, so a
note that starts with "MZ公司" stays text."""
_BZIP2 = re.compile(rb"^BZh[1-9]1AY&SY")


def _is_binary(data: bytes) -> bool:
    head = data[:16]
    if head.startswith(_BINARY_MAGIC) or _BZIP2.match(head):
        return True
    return head.startswith(b"MZ") and b"\x00" in data[2:64]
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table)\b",
    re.I | re.S,
)
_OFFICE_BINARY = frozenset({"doc", "wps", "xls", "et", "ppt", "dps"})
_OLE_STREAMS = (
    ("WordDocument", ("doc", "wps")),
    ("Workbook", ("xls", "et")),
    ("Book", ("xls", "et")),
    ("PowerPoint Document", ("ppt", "dps")),
    ("EncryptedPackage", ("encrypted",)),
)


def _ole_streams(data: bytes) -> list[str]:
    """Names of the directory entries of a compound file that decide its kind.

    Directory entries are 128-byte records whose name (UTF-16LE) starts the record, and
    records are aligned on 128 bytes after the 512-byte header, so an aligned search finds them
    without walking the FAT (which a damaged file may not have intact)."""
    found: list[str] = []
    for name, _kinds in _OLE_STREAMS:
        needle = name.encode("utf-16-le") + b"\x00\x00"
        pos = data.find(needle, 512)
        while pos >= 0:
            if (pos - 512) % 128 == 0:
                found.append(name)
                break
            pos = data.find(needle, pos + 1)
    return found


def _ole_kind(data: bytes, claimed: str | None) -> str:
    streams = _ole_streams(data)
    if "EncryptedPackage" in streams:
        return "encrypted"  # an OOXML file with an open password is an OLE container
    candidates = [k for name, kinds in _OLE_STREAMS if name in streams for k in kinds]
    if claimed in candidates:
        return claimed  # type: ignore[return-value]
    if candidates:
        return candidates[0]  # a .doc embedding a sheet has both: the document is the Word one
    if claimed in ("docx", "xlsx", "pptx"):
        return "encrypted"  # an OLE file named as OOXML, holding neither Word nor Excel streams
    return claimed if claimed in _OFFICE_BINARY else "doc"


_MAIN_PART_DIR = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OFFICE_DOC_REL = re.compile(
    rb"<Relationship\b[^>]*?Type=\"[^\"]*/officeDocument\"[^>]*>", re.I
)
_TARGET = re.compile(rb"Target=\"([^\"]*)\"", re.I)


def _zip_kind(data: bytes, claimed: str | None) -> str:
    """OOXML (by its main part), OFD, OpenDocument, or a plain archive."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = {n.lower().lstrip("/"): n for n in zf.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        # A truncated package: its suffix is all there is (the reader says it is broken).
        return claimed if claimed is not None else "zip"
    if "mimetype" in names:
        try:
            mime = zf.read(names["mimetype"])[:80].strip()
        except Exception:
            mime = b""
        if mime in _ODF:
            return _ODF[mime]
    if "ofd.xml" in names:
        return "ofd"
    if "_rels/.rels" in names:
        try:
            rels = zf.read(names["_rels/.rels"])[: 1 << 20]
        except Exception:
            rels = b""
        m = _OFFICE_DOC_REL.search(rels)
        target = _TARGET.search(m.group(0)) if m else None
        if target:
            path = target.group(1).decode("utf-8", "replace").lower().lstrip("/")
            for folder, kind in _MAIN_PART_DIR.items():
                if path.startswith(folder):
                    return kind
    for main, kind in (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"),
                       ("ppt/presentation.xml", "pptx")):  # fmt: skip
        if main in names:
            return kind
    if claimed in ("docx", "xlsx", "pptx", "ofd", "odt", "ods", "odp"):
        return claimed  # an OOXML package without its main part: the reader says so
    return "zip"


_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)  # fmt: skip


def _image_kind(head: bytes, claimed: str | None) -> str | None:
    """An image format by its magic bytes (read by recognition).  ``BM`` is two letters a text
    file may start with, so a BMP is recognised only when its name says so too."""
    for magic, kind in _IMAGE_MAGIC:
        if head.startswith(magic):
            return kind
    if claimed == "bmp" and head.startswith(b"BM"):
        return "bmp"
    return None


def sniff(data: bytes, claimed: str | None = None) -> str:
    """The kind of a file, from its content; ``claimed`` (from the suffix) decides only where
    the content does not (plain text, or a package too broken to tell)."""
    head = data[:16]
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data, claimed)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(data, claimed)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    image = _image_kind(head, claimed)
    if image is not None:
        return image
    if _is_binary(data):
        return "binary"
    if (claimed is None or claimed in _OFFICE_BINARY) and _HTML_START.match(data[:4096]):
        return "html"  # Excel/Word "save as web page" with an .xls/.doc name
    if claimed is None:
        return "txt"
    return claimed


def describe(kind: str) -> str:
    fmt = FORMATS.get(kind)
    return fmt.label if fmt else kind
