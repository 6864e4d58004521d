"""Reading order and located text of recognised boxes (no engine needed: boxes are given)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from baomi_check.extract.document import TextBuilder
from baomi_check.extract.ocr import OcrBox, OcrPage, add_page, assemble


def box(text: str, x0: float, y0: float, w: float = 60, h: float = 12, conf: float = 0.95):
    return OcrBox(text, conf, x0, y0, x0 + w, y0 + h)


def test_table_row_with_uneven_tops_is_one_tab_separated_line():
    boxes = [
        box("110101188001010011", 190, 314.5, 130),
        box("1", 75, 316, 8),
        box("张某某", 123, 313, 36),
        box("13800120000", 382, 315, 80),
        box("2", 75, 338, 8),
        box("李某", 123, 337, 24),
    ]
    lines = [line.text for line in assemble(boxes)]
    assert lines == ["1\t张某某\t110101188001010011\t13800120000", "2\t李某"]


def test_lines_of_prose_never_merge_and_come_top_to_bottom():
    boxes = [box("第二行", 72, 40), box("第一行", 72, 20), box("第三行", 72, 60)]
    assert [line.text for line in assemble(boxes)] == ["第一行", "第二行", "第三行"]


def test_pieces_of_one_phrase_join_without_a_tab():
    boxes = [box("关于发放", 100, 10, 48), box("补贴的通知", 150, 10, 60)]
    assert [line.text for line in assemble(boxes)] == ["关于发放补贴的通知"]


def test_corner_mark_is_its_own_line_above_the_title():
    boxes = [box("关于临时救助的公示", 110, 130, 200, 20), box("机密★5年", 435, 50, 75, 16)]
    assert [line.text for line in assemble(boxes)] == ["机密★5年", "关于临时救助的公示"]


def test_second_line_of_a_tall_cell_is_not_pulled_into_the_row():
    """A two-line cell (地址 wrapping) next to a one-line cell: the wrapped line overlaps the
    row band but sits under a member of the row, so it starts the next line."""
    boxes = [box("某某路1号", 200, 100, 60, 12), box("3栋", 200, 110, 60, 12),
             box("张某", 100, 104, 40, 12)]
    texts = [line.text for line in assemble(boxes)]
    assert texts[0].startswith("张某") and "3栋" not in texts[0]


def test_header_zone_is_the_top_of_the_page():
    page = OcrPage(2, 595, 842, tuple(assemble([box("机密★5年", 435, 50), box("正文", 72, 400)])))
    out = TextBuilder()
    spans: list = []
    header: list = []
    add_page(out, page, spans, header)
    text = out.text()
    assert [text[a:b] for a, b in header] == ["机密★5年"]
    assert {s.location for s in out.segments} == {"第2页（识别）"}


_cell = st.text(alphabet="机密★5年张某0123456789OlX公示名单", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_cell, st.floats(0, 500), st.floats(0, 800),
                          st.floats(5, 200), st.floats(5, 30)), min_size=1, max_size=25))
def test_every_box_span_points_at_its_text(raw):
    """Offsets are sacred: whatever the layout, ``text[span]`` is the box's own text and every
    box appears exactly once."""
    boxes = [OcrBox(t, 0.9, x, y, x + w, y + h) for t, x, y, w, h in raw]
    page = OcrPage(1, 595, 842, tuple(assemble(boxes)))
    out = TextBuilder()
    spans: list = []
    add_page(out, page, spans, [])
    text = out.text()
    assert sorted(text[s.start:s.end] for s in spans) == sorted(b.text for b in boxes)
    assert all(s.start < s.end for s in spans)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
