"""Synthetic personal data for tests, corpora and benchmarks: valid-looking, never real.

A detector that validates check digits can only be tested with numbers whose check digits are
right, and a test, a corpus or a bug report must never carry a real person's number.  These
helpers compute the check characters (GB 11643 for ID numbers, Luhn for cards, GB 11714 and
GB 32100 for organisation and credit codes) for bodies that cannot belong to a living person:
birth dates before 1900, mobile numbers with all-zero tails (cn-formats §1.9, §2.7, §3.12).

The check-character arithmetic here is written separately from the validators in
:mod:`baomi_check.detectors.identifiers`, so a test that builds its input here and expects the
detector to accept it compares two implementations, not one with itself.  The project's own
identifier tests go further and keep a third copy (``tests/identifiers/synth.py``).
"""

from __future__ import annotations

import random

__all__ = [
    "find_cjk_font",
    "id_check_char",
    "id_number",
    "luhn_digit",
    "org_check_char",
    "render_notice",
    "scanned_pdf",
    "synthetic_card",
    "synthetic_id",
    "synthetic_landline",
    "synthetic_mobile",
    "uscc_check_char",
]

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 symbols of a 统一社会信用代码 (no I, O, Z, S, V)."""

REGIONS = ("110101", "110105", "310115", "320102", "330106", "420106", "440305", "500103",
           "510104", "610113", "650102", "370202")  # fmt: skip
MOBILE_PREFIXES = ("138", "139", "135", "150", "186", "177", "199", "181", "158", "133")
CARD_BINS = ("622848", "622202", "621700", "601382", "622262", "621098")


def id_check_char(body17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of a 17-digit body."""
    total = sum(int(d) * w for d, w in zip(body17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def id_number(body17: str) -> str:
    """``body17`` with its check character: ``id_number("11010118800101001")``."""
    return body17 + id_check_char(body17)


def luhn_digit(body: str) -> str:
    """The digit that makes ``body + digit`` pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def org_check_char(body8: str) -> str:
    """GB 11714-1997 organization-code check character."""
    total = sum(int(c, 36) * w for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def uscc_check_char(body17: str) -> str:
    """GB 32100-2015 check character of a 17-character credit-code body."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, weights, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def synthetic_id(rng: random.Random) -> str:
    """An 18-character ID number that passes every check, born 1850–1899."""
    region = rng.choice(REGIONS)
    year = rng.randint(1850, 1899)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    seq = rng.randint(0, 999)
    return id_number(f"{region}{year:04d}{month:02d}{day:02d}{seq:03d}")


def synthetic_mobile(rng: random.Random) -> str:
    """A mobile number in a real block, with a mostly-zero tail."""
    return rng.choice(MOBILE_PREFIXES) + "0000" + f"{rng.randint(0, 999):04d}"


def synthetic_card(rng: random.Random) -> str:
    """A 19-digit card number with a real BIN, zeros and a computed Luhn digit."""
    body = rng.choice(CARD_BINS) + "0" * 8 + f"{rng.randint(0, 9999):04d}"
    return body + luhn_digit(body)


def synthetic_landline(rng: random.Random) -> str:
    """An office-style landline (area code, dash, local number)."""
    area = rng.choice(("010", "021", "0755", "0571", "027", "028", "023"))
    return f"{area}-{rng.randint(6, 8)}{'0' * 4}{rng.randint(100, 999)}"


# --- synthetic scans (for the OCR tests and benchmarks) -----------------------------------------

CJK_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
"""Where Debian's CJK font packages (fonts-wqy-zenhei, fonts-noto-cjk …) put their fonts."""


def find_cjk_font() -> str | None:
    """A font file that can draw Chinese, or ``None`` (then scans cannot be rendered)."""
    import glob
    import os

    for path in CJK_FONT_PATHS:
        if os.path.exists(path):
            return path
    for pattern in ("/usr/share/fonts/**/*CJK*.tt[cf]", "/usr/share/fonts/**/wqy*.tt[cf]",
                    "/usr/share/fonts/**/*[Hh]ei*.tt[cf]"):
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    return None


def render_notice(
    ids: list[str], mobiles: list[str], *, font: str, dpi: int = 150, mark: str = "机密★5年"
) -> tuple[object, dict[str, tuple[float, float, float, float]]]:
    """A scanned-looking A4 notice as a Pillow image: ``mark`` in the top right corner, a title,
    a paragraph and a 公示名单 table with one row per ``(id, mobile)``.

    Returns the image and where each value was drawn, ``(x0, y0, x1, y1)`` in PDF points from
    the top left (the units of a recognised PDF page's boxes), keyed by the value."""
    from PIL import Image, ImageDraw, ImageFont

    k = dpi / 72
    im = Image.new("L", (round(595 * k), round(842 * k)), 255)
    draw = ImageDraw.Draw(im)
    where: dict[str, tuple[float, float, float, float]] = {}

    def text(x: float, y: float, s: str, size: float) -> None:
        f = ImageFont.truetype(font, round(size * k))
        draw.text((x * k, y * k), s, font=f, fill=0)
        x0, y0, x1, y1 = draw.textbbox((x * k, y * k), s, font=f)
        where[s] = (x0 / k, y0 / k, x1 / k, y1 / k)

    if mark:
        text(435, 50, mark, 16)
    text(110, 130, "关于2024年度临时救助对象的公示", 20)
    text(72, 190, "各街道办事处：", 14)
    text(100, 215, "根据有关规定，现将审核通过的救助对象名单公示如下，公示期五天。", 12)
    text(250, 260, "公示名单", 16)
    cols = (72, 120, 190, 380, 520)
    rows = [("序号", "姓名", "身份证号码", "联系电话")]
    names = ("张某某", "李某", "王某某", "赵某", "刘某某")
    rows += [(str(i + 1), names[i % len(names)], v, m)
             for i, (v, m) in enumerate(zip(ids, mobiles, strict=True))]
    y = 290.0
    for row in rows:
        for x, value in zip(cols, row, strict=False):
            text(x + 3, y + 4, value, 12)
        for x in cols:
            draw.line((x * k, y * k, x * k, (y + 22) * k), fill=0, width=2)
        draw.line((cols[0] * k, y * k, cols[-1] * k, y * k), fill=0, width=2)
        y += 22
    draw.line((cols[0] * k, y * k, cols[-1] * k, y * k), fill=0, width=2)
    text(380, y + 60, "某某区民政局", 14)
    text(370, y + 85, "2024年3月1日", 14)
    return im, where


def scanned_pdf(images: list[object], dpi: int = 150) -> bytes:
    """A PDF whose pages are only the given images (no text layer), as a scanner writes it."""
    import io

    buf = io.BytesIO()
    first, *rest = images
    first.save(buf, format="PDF", resolution=dpi, save_all=True, append_images=rest)  # type: ignore[attr-defined]
    return buf.getvalue()
