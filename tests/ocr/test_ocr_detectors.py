"""Detectors on recognised text: misread digits judged by the checksum, the page header zone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from baomi_check import Checker
from baomi_check.normalize import ocr_digit_fix
from baomi_check.testing import id_number

VALID = id_number("11010118800101001")  # synthetic: born 1880, check character computed
MISREAD = VALID[:2] + "O" + VALID[3:5] + "l" + VALID[6:]  # 11O1Ol… as an engine may read it


def _ids(report):
    return [f for f in report.findings if f.category == "id_card"]


def test_misread_id_in_recognised_text_is_found_with_the_text_as_read():
    text = f"1\t张某某\t{MISREAD}\t13800120000"
    report = Checker.default().check(text, ocr=[(0, len(text))])
    (f,) = _ids(report)
    assert f.text == MISREAD and text[f.start:f.end] == MISREAD  # evidence as recognised


def test_misread_digits_are_not_repaired_outside_recognised_text():
    text = f"编号 {MISREAD} 已登记"
    assert not _ids(Checker.default().check(text))
    assert not _ids(Checker.default().check(text, ocr=[(0, 2)]))  # span elsewhere


def test_repair_that_breaks_the_checksum_invents_nothing():
    bad = MISREAD[:-1] + ("1" if MISREAD[-1] != "1" else "2")
    text = f"1\t张某某\t{bad}"
    assert not _ids(Checker.default().check(text, ocr=[(0, len(text))]))


def test_words_and_codes_are_not_numbers():
    text = "型号 lOOlOOlOOlOOlOOlOO 与 HelloWorld1234567 不变"
    assert ocr_digit_fix(text, [(0, len(text))]) == text


def test_multiplication_sign_as_check_character():
    body = "11010118800101003"
    value = id_number(body)
    if value[-1] != "X":  # pick a body whose check character is X
        body = next(f"110101188001010{i:02d}" for i in range(100)
                    if id_number(f"110101188001010{i:02d}")[-1] == "X")
        value = id_number(body)
    read = value[:-1] + "×"
    text = f"身份证号：{read}"
    (f,) = _ids(Checker.default().check(text, ocr=[(0, len(text))]))
    assert f.text == read


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789OoIl|×Xx 号码", max_size=60))
def test_repair_keeps_every_offset(text):
    fixed = ocr_digit_fix(text, [(0, len(text))])
    assert len(fixed) == len(text)
    assert all(a == b or a in "OoIl|×" for a, b in zip(text, fixed, strict=True))


def test_page_header_zone_counts_wherever_the_page_starts():
    """Page 3 of a scan starts deep into the text; its top lines are still its 版头, so a bare
    ``秘密`` there is a header-zone level mark — and the same line elsewhere is not."""
    body = "\n".join(f"第{i}段正文内容。" for i in range(30))
    text = body + "\n秘密\n关于某某工作的通知\n正文"
    at = text.index("秘密")
    plain = Checker.default().check(text)
    assert not [f for f in plain.findings if f.category == "classified_marking"]
    zoned = Checker.default().check(text, header=[(at, at + 2)])
    (f,) = [f for f in zoned.findings if f.category == "classified_marking"]
    assert f.text == "秘密"
