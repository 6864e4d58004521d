"""Writes the committed ``.xls``/``.et`` fixtures in ``legacy/`` (run once; the output is
committed so that xlwt, unmaintained since 2017, is never a test or runtime dependency).

    pip install xlwt && python tests/extract/data/make_legacy_xls.py

xlwt writes genuine BIFF8 in an OLE compound file, the format Excel 97–2003 and WPS 表格 save:
a writer independent of the reader under test.  All personal data is synthetic (ID numbers with
pre-1900 birth dates and computed check characters, mobiles ending 0000).  The ``.et`` file is
the same workbook under WPS's extension: WPS 表格 writes BIFF8 there too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlwt

from baomi_check.testing import id_number

HERE = Path(__file__).parent / "legacy"
ID_TEXT = id_number("11010118800101001")
ID_HIDDEN = id_number("11010218850505002")


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
    return wb


def main() -> None:
    HERE.mkdir(exist_ok=True)
    roster().save(str(HERE / "roster.xls"))
    (HERE / "roster.et").write_bytes((HERE / "roster.xls").read_bytes())


if __name__ == "__main__":
    main()
