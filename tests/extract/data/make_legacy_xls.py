"""Writes the committed ``.xls``/``.et`` fixtures in ``legacy/`` (run once; the output is
committed so that xlwt, unmaintained since 2017, is never a test or runtime dependency).

    pip install xlwt olefile && python tests/extract/data/make_legacy_xls.py

xlwt writes genuine BIFF8 in an OLE compound file, the format Excel 97–2003 and WPS 表格 save:
a writer independent of the reader under test.  All personal data is synthetic (ID numbers with
pre-1900 birth dates and computed check characters, mobiles ending 0000).  The ``.et`` file is
the same workbook under WPS's extension: WPS 表格 writes BIFF8 there too.  xlwt writes no cell
comments, so one is added as Excel writes it (see :func:`with_comment`), and the streams are
repacked by the test helper's compound-file writer (``legacy_files.compound_file``).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import sys
from pathlib import Path

import xlwt

from baomi_check.testing import id_number

HERE = Path(__file__).parent / "legacy"
ID_TEXT = id_number("11010118800101001")
ID_HIDDEN = id_number("11010218850505002")
ID_NOTE = id_number("11010318900303003")


def roster() -> xlwt.Workbook:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("名单")
    for c, head in enumerate(["姓名", "身份证号", "手机", "编号", "入职日期", "金额"]):
        ws.write(0, c, head)
    ws.write(1, 0, "张三")
    ws.write(1, 1, ID_TEXT)
    ws.write(1, 2, 13800000000)  # a phone typed into a number cell
    ws.write(1, 3, 110101188001010016)  # an ID typed into a number cell (rounded float)
    ws.write(1, 4, dt.date(2020, 3, 1), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    ws.write(1, 5, 12.5)
    ws.write(2, 0, "李四")
    ws.write(2, 1, "已脱敏")
    hidden = wb.add_sheet("备份")
    hidden.write(0, 0, "身份证号")
    hidden.write(0, 1, ID_HIDDEN)
    hidden.visibility = 1  # a hidden sheet is published with the file
    ws.col(5).hidden = True
    notes = wb.add_sheet("说明")
    notes.write(0, 0, "填表说明")
    return wb


def _record(rtype: int, payload: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(payload)) + payload


def with_comment(book: bytes, text: str, author: str = "审核人") -> bytes:
    """The Workbook stream with a cell comment on A1 of the last sheet: the OBJ (ftCmo of
    type comment, ftNts, ftEnd), TXO + CONTINUE (text, runs) and NOTE records that Excel writes
    ([MS-XLS] 2.4.181, 2.4.329, 2.4.179), inserted before that sheet's EOF (xlwt writes no
    comments).  Offsets of earlier sheets do not move."""
    pos, last_eof = 0, -1
    while pos + 4 <= len(book):
        rtype, size = struct.unpack_from("<HH", book, pos)
        if rtype == 0x000A:
            last_eof = pos
        pos += 4 + size
    obj_id = 1
    obj = (
        struct.pack("<HHHHH", 0x15, 18, 0x19, obj_id, 0x4011) + b"\0" * 12
        + struct.pack("<HH", 0x0D, 22) + b"\0" * 22
        + struct.pack("<HH", 0x00, 0)
    )  # fmt: skip
    txo = struct.pack("<HH6sHHH", 0x0212, 0, b"\0" * 6, len(text), 16, 0)
    runs = struct.pack("<HH4xHH4x", 0, 0, len(text), 0)
    note = struct.pack("<HHHHHB", 0, 0, 0, obj_id, len(author), 1) + author.encode("utf-16-le") + b"\0"
    records = (
        _record(0x005D, obj) + _record(0x01B6, txo)
        + _record(0x003C, b"\x01" + text.encode("utf-16-le")) + _record(0x003C, runs)
        + _record(0x001C, note)
    )  # fmt: skip
    return book[:last_eof] + records + book[last_eof:]


def main() -> None:
    import olefile

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from legacy_files import compound_file

    HERE.mkdir(exist_ok=True)
    buf = io.BytesIO()
    roster().save(buf)
    ole = olefile.OleFileIO(buf.getvalue())
    streams = {"/".join(e): ole.openstream(e).read() for e in ole.listdir()}
    ole.close()
    streams["Workbook"] = with_comment(streams["Workbook"], f"联系人身份证号 {ID_NOTE}")
    (HERE / "roster.xls").write_bytes(compound_file(streams))
    (HERE / "roster.et").write_bytes((HERE / "roster.xls").read_bytes())


if __name__ == "__main__":
    main()
