"""Property tests (issue 3): random digit runs in Chinese text, and exact offsets through
full-width digits and zero-width characters inside numbers."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check.models import Severity

from .conftest import Find
from .synth import fullwidth, id18, id_check

# Chinese filler with no context word of any category in it.
FILLER = st.text(alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可",
                 max_size=6)
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=24)
SEPARATORS = st.sampled_from(["", "，", "。", "、", " ", "：", "（", "）"])
PROPS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _date_ok(yyyymmdd: str) -> bool:
    try:
        d = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return d.year >= 1850 and d <= date.today()


@PROPS
@given(st.lists(st.tuples(FILLER, SEPARATORS, DIGITS), min_size=1, max_size=6))
def test_random_digit_runs(find: Find, parts: list[tuple[str, str, str]]) -> None:
    text = "".join(f + s + d for f, s, d in parts) + "。"
    for f in find(text, None):
        if f.category == "id_card":
            digits = "".join(c for c in f.text if c.isalnum()).upper()
            if len(digits) == 18:
                assert id_check(digits[:17]) == digits[17], f
                assert _date_ok(digits[6:14]), f
            else:  # 15-digit ones need context words, which the filler never has
                raise AssertionError(f)
        if f.category == "mobile_phone":
            before = text[f.start - 1] if f.start else ""
            after = text[f.end] if f.end < len(text) else ""
            assert not before.isdigit() and not after.isdigit(), f
        # Without context nothing shape-only may block.
        if f.severity is Severity.BLOCK:
            assert f.category == "id_card", f


@PROPS
@given(
    st.lists(st.tuples(st.sampled_from(["身份证号", "手机", "卡号", "的", "为"]), DIGITS),
             min_size=1, max_size=5)
)
def test_random_digit_runs_with_context(find: Find, parts: list[tuple[str, str]]) -> None:
    text = "，".join(w + d for w, d in parts)
    for f in find(text, None):
        if f.category == "id_card" and f.rule_id == "pii.id_card":
            digits = "".join(c for c in f.text if c.isalnum()).upper()
            if len(digits) == 18:
                assert id_check(digits[:17]) == digits[17] and _date_ok(digits[6:14]), f
        if f.category == "id_card" and f.rule_id == "pii.id_card.unverified":
            assert f.severity is Severity.REVIEW
        if f.category == "mobile_phone":
            before = text[f.start - 1] if f.start else ""
            after = text[f.end] if f.end < len(text) else ""
            assert not before.isdigit() and not after.isdigit(), f


ZERO_WIDTH = st.sampled_from(["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"])


def _disguise(draw: st.DrawFn, value: str) -> str:
    """Full-width some characters and slip zero-width characters between them."""
    out: list[str] = []
    for i, ch in enumerate(value):
        out.append(fullwidth(ch) if draw(st.booleans()) else ch)
        if i < len(value) - 1 and draw(st.integers(0, 3)) == 0:
            out.append(draw(ZERO_WIDTH))
    return "".join(out)


@st.composite
def disguised_id(draw: st.DrawFn) -> tuple[str, str]:
    year = draw(st.integers(1851, 1899))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    seq = draw(st.integers(0, 999))
    number = id18("110101", f"{year}{month:02d}{day:02d}", f"{seq:03d}")
    return number, _disguise(draw, number)


@st.composite
def disguised_mobile(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(st.sampled_from(["138", "139", "150", "186", "199"])) + "0000" + "".join(
        draw(st.sampled_from("0123456789")) for _ in range(4)
    )
    return number, _disguise(draw, number)


@PROPS
@given(FILLER, disguised_id(), FILLER)
def test_id_offsets_exact_through_fullwidth_and_zero_width(
    find: Find, pre: str, pair: tuple[str, str], post: str
) -> None:
    number, written = pair
    text = f"{pre}身份证：{written}。{post}"
    (f,) = find(text, "id_card")
    start = len(pre) + 4
    assert (f.start, f.end) == (start, start + len(written))
    assert f.text == written
    assert f.suggestion == number[:6] + "********" + number[-4:]


@PROPS
@given(FILLER, disguised_mobile(), FILLER)
def test_mobile_offsets_exact_through_fullwidth_and_zero_width(
    find: Find, pre: str, pair: tuple[str, str], post: str
) -> None:
    number, written = pair
    text = f"{pre}电话{written}{post}"
    (f,) = find(text, "mobile_phone")
    start = len(pre) + 2
    assert (f.start, f.end) == (start, start + len(written))
    assert f.suggestion == number[:3] + "****" + number[-4:]


def test_number_windows_skip_only_what_cannot_be_an_identifier() -> None:
    """The shared scan drops years and short amounts (bare runs under five digits) and keeps
    everything an identifier pattern can need: dotted quads, masked values, longer runs."""
    from baomi_check import Checker
    from baomi_check.detectors.identifiers import IdentifierDetector
    from baomi_check.detectors.identifiers.common import scan
    from baomi_check.normalize import normalize

    (det,) = [d for d in Checker.default().detectors if isinstance(d, IdentifierDetector)]
    text = "2024年拨款3000元，服务器8.8.8.8，编号12345，电话138****0000，座机6234567。"
    doc = normalize(text)
    spans = [doc.text[w.start:w.end] for w in scan(doc, det.matcher).windows]
    assert spans == ["8.8.8.8", "12345", "138****0000", "6234567"]
    masked = [doc.text[w.start:w.end] for w in scan(doc, det.matcher).windows if w.masked]
    assert masked == ["138****0000"]
