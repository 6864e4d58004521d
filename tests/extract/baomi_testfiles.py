"""Real documents built at test time: .docx (python-docx plus the XML python-docx cannot write:
footnotes, text boxes), .xlsx (openpyxl), .pdf (fpdf2 for Latin text; a hand-written PDF with a
ToUnicode CMap for Chinese, because this machine has no CJK font for fpdf2 to embed), HTML.

All personal data is synthetic: ID numbers are computed from pre-1900 birth dates.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MARK = "保密测试标记"
"""The term of the test rule pack (``data/locate.yaml``): placed in every part of a document,
each hit tells where extraction put that part."""


def id_check_char(body17: str) -> str:
    """GB 11643 MOD 11-2 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body17, weights, strict=True))
    return "10X98765432"[total % 11]


def synthetic_id(region: str = "110101", birth: str = "18800101", seq: str = "001") -> str:
    body = region + birth + seq
    return body + id_check_char(body)


def make_docx(path: Path, *, footnote: str | None = None, textbox: str | None = None) -> Path:
    """A .docx with a marking line, body paragraphs, a table, header, footer and a comment;
    optionally a footnote and a text box (written as raw WordprocessingML)."""
    d = docx.Document()
    d.add_paragraph("机密★5年")
    d.add_paragraph("关于开展年度检查工作的通知")
    p = d.add_paragraph(f"正文第三段含{MARK}一处。")
    d.add_comment(p.runs, text=f"批注里也有{MARK}", author="审核人")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "备注"
    table.cell(1, 0).text = "张三"
    table.cell(1, 1).text = f"表格单元格{MARK}"
    d.sections[0].header.paragraphs[0].text = f"页眉{MARK}"
    d.sections[0].footer.paragraphs[0].text = f"页脚{MARK}"
    if textbox is not None:
        box_para = d.add_paragraph()
        box_para._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml">'
                '<w:pict><v:shape style="width:200pt;height:50pt"><v:textbox>'
                f"<w:txbxContent><w:p><w:r><w:t>{textbox}</w:t></w:r></w:p></w:txbxContent>"
                "</v:textbox></v:shape></w:pict></w:r>"
            )
        )
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    if footnote is not None:
        data = _add_footnote(data, footnote)
    path.write_bytes(data)
    return path


def _add_footnote(data: bytes, text: str) -> bytes:
    """Add ``word/footnotes.xml`` (separator notes plus one real note) and its relationship."""
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                blob = blob.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                blob = blob.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            z.writestr(item, blob)
        z.writestr("word/footnotes.xml", footnotes.encode("utf-8"))
    return out.getvalue()


def make_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["序号", "姓名", "备注"])
    ws.append([1, "张三", "无"])
    ws["C7"] = f"单元格{MARK}"
    other = wb.create_sheet("Sheet 2")
    other["B3"] = f"第二表{MARK}"
    hidden = wb.create_sheet("隐藏表")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "机密★5年"
    wb.save(path)
    return path


def make_latin_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF written by fpdf2 with a core font (Latin-1 text only)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        for line in text.splitlines():
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_cjk_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF with Chinese text, written by hand.

    fpdf2 must embed a TrueType font with the glyphs, and this machine has no CJK font
    (``fc-list :lang=zh`` is empty).  A PDF does not need glyphs for its *text layer*: this one
    uses a non-embedded Type0 font with ``Identity-H`` codes (one code per distinct character)
    and a ``ToUnicode`` CMap, which is exactly what text extraction reads."""
    chars = sorted({ch for page in pages for ch in page if ch != "\n"})
    code = {ch: i + 1 for i, ch in enumerate(chars)}
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    def stream(content: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"

    cmap_lines = [
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for i in range(0, len(chars), 100):
        chunk = chars[i : i + 100]
        cmap_lines.append(b"%d beginbfchar" % len(chunk))
        for ch in chunk:
            cmap_lines.append(
                b"<%04X> <%s>" % (code[ch], ch.encode("utf-16-be").hex().upper().encode())
            )
        cmap_lines.append(b"endbfchar")
    cmap_lines.append(b"endcmap CMapName currentdict /CMapResource defineresource pop end end")
    tounicode = add(stream(b"\n".join(cmap_lines)))
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    cidfont = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R"
        b" /DW 1000 >>" % descriptor
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
        b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cidfont, tounicode)
    )
    pages_id = len(objects) + 1 + 2 * len(pages)  # after the page and content objects
    page_ids = []
    for text in pages:
        ops = [b"BT /F1 12 Tf 16 TL 50 800 Td"]
        for line in text.split("\n"):
            hexed = "".join(f"{code[ch]:04X}" for ch in line).encode()
            ops.append(b"<%s> Tj T*" % hexed)
        ops.append(b"ET")
        content = add(stream(b"\n".join(ops)))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


HIDDEN_LINK_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某县人民政府 政务公开</title>
<style>.sx{display:none} .menu{font-size:14px}</style></head>
<body>
<div class="menu"><a href="/index.html">首页</a> <a href="https://www.example.gov.cn/zwgk/">政务公开</a>
<ul style="display:none"><li><a href="/zwgk/fdzdgknr/">法定主动公开内容</a></li></ul></div>
<h1>关于开展年度保密自查工作的通知</h1>
<p>各乡镇、各部门：为加强保密工作，现将有关事项通知如下。</p>
<div class="sx"><a href="http://casino.example.invalid/">澳门葡京娱乐城</a>
<a href="http://lottery.example.invalid/">六合彩开奖结果</a></div>
<div style="position:absolute; left:-9999px; top:-9999px">
<a href="https://seo.example.invalid/">优质外链</a></div>
<marquee width="0" height="0"><a href="http://m.example.invalid/">百家乐真人荷官</a></marquee>
<p>联系电话：12345</p>
</body></html>
"""
