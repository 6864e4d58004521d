"""Text recognition (OCR): speed, its share of a mixed batch, and what the engine reads.

    python benchmarks/ocr.py            # about 3–5 minutes on 2 cores
    python benchmarks/ocr.py --quick    # fewer pages, a smoke test

Needs the ``[ocr]`` extra and a CJK font (Debian's fonts-wqy-zenhei).  Every number comes from
this run, on synthetic scans rendered here (:func:`baomi_check.testing.render_notice`):

* **pages/s per core**: an N-page image-only PDF checked with ``--jobs 1`` and with every core
  (pages are pool tasks), as pages per second of wall time, and divided by the cores used;
* **OCR share of a mixed batch**: a folder of seeded text documents (``corpus_gen``) with and
  without a few scanned PDFs among them, all cores; the share is the extra time the scans cost
  over the time of the mixed batch;
* **scale**: recognition of small print (18-digit IDs in 5.5–7.5 pt, blurred) at render scales
  1.25–2.5, the measurement behind :data:`baomi_check.extract.ocr.PDF_SCALE`;
* **marks**: what the engine reads for ``机密★5年``-style marks rendered at 9–16 pt, clean and
  degraded (which star stand-ins are worth handling).

Speed is reported here and only here, as measured; other load on the machine skews it, so the
load average is printed before and after.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

from baomi_check.batch import BatchOptions, default_jobs, run_batch  # noqa: E402
from baomi_check.extract import ocr  # noqa: E402
from baomi_check.testing import (  # noqa: E402
    find_cjk_font,
    render_notice,
    scanned_pdf,
    synthetic_id,
)


def _notice_pdf(path: Path, pages: int, font: str, rng: random.Random) -> None:
    images = []
    for _ in range(pages):
        ids = [synthetic_id(rng) for _ in range(4)]
        mobiles = [f"13{rng.randint(0, 9)}{rng.randint(1000, 9999)}0000" for _ in ids]
        images.append(render_notice(ids, mobiles, font=font)[0])
    path.write_bytes(scanned_pdf(images))


def _run(files: list[str], jobs: int) -> tuple[float, int]:
    t = time.perf_counter()
    results = list(run_batch(files, BatchOptions(timeout=None), jobs=jobs))
    errors = sum(1 for r in results if r.error)
    return time.perf_counter() - t, errors


def speed(font: str, pages: int, cores: int) -> list[tuple[str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as d:
        pdf = Path(d) / "scan.pdf"
        _notice_pdf(pdf, pages, font, random.Random(1))
        ocr.configure(threads=1)
        _run([str(pdf)], 1)  # warm: models loaded, caches filled
        one, e1 = _run([str(pdf)], 1)
        many, e2 = _run([str(pdf)], cores)
        assert not e1 and not e2, "a scanned page failed"
        rows.append((f"{pages}-page scan, --jobs 1", f"{one:.1f} s · {pages / one:.3f} pages/s"))
        rows.append((f"{pages}-page scan, --jobs {cores} (pages as pool tasks)",
                     f"{many:.1f} s · {pages / many:.3f} pages/s · "
                     f"{pages / many / cores:.3f} pages/s per core · ×{one / many:.2f}"))
    return rows


def share(font: str, docs: int, scans: int, pages: int, cores: int) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        corpus_gen.write_corpus(folder / "text", docs)
        texts = sorted(str(p) for p in (folder / "text").rglob("*") if p.is_file())
        rng = random.Random(2)
        scanned = []
        for i in range(scans):
            p = folder / f"scan{i}.pdf"
            _notice_pdf(p, pages, font, rng)
            scanned.append(str(p))
        _run(texts[:20], cores)  # warm
        text_only, _ = _run(texts, cores)
        mixed, errors = _run(texts + scanned, cores)
        assert not errors or errors < len(texts) // 10
    extra = max(0.0, mixed - text_only)
    return [
        (f"{len(texts)} text documents, --jobs {cores}", f"{text_only:.1f} s"),
        (f"same + {scans} scanned PDFs × {pages} pages", f"{mixed:.1f} s"),
        ("share of the mixed batch's time spent on the scans (OCR)", f"{extra / mixed:.0%}"),
    ]


def _small_print(font: str, sizes: tuple[float, ...]) -> tuple[bytes, list[str]]:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    dpi = 300
    k = dpi / 72
    im = Image.new("L", (round(595 * k), round(842 * k)), 255)
    draw = ImageDraw.Draw(im)
    rng = random.Random(3)
    lines: list[str] = []
    y = 60.0
    for size in sizes:
        f = ImageFont.truetype(font, round(size * k))
        for i in range(6):
            value = synthetic_id(rng)
            line = f"{i + 1} 某某某 {value} 1{rng.choice('3589')}{rng.randint(10000, 99999)}0000"
            draw.text((72 * k, y * k), line, font=f, fill=0)
            lines.append(value)
            y += size * 1.8
    im = im.filter(ImageFilter.GaussianBlur(1.0))
    return scanned_pdf([im], dpi=dpi), lines


def scales(font: str) -> list[tuple[str, str]]:
    sizes = (5.5, 6.5, 7.5)
    data, ids = _small_print(font, sizes)
    rows = []
    old = ocr.PDF_SCALE
    try:
        for scale in (1.25, 1.5, 2.0, 2.5):
            ocr.PDF_SCALE = scale
            t = time.perf_counter()
            page = ocr.ocr_pdf_page(data, 0)
            el = time.perf_counter() - t
            got = "\n".join(line.text for line in page.lines)
            found = [sum(v in got for v in ids[k * 6:(k + 1) * 6]) for k in range(len(sizes))]
            rows.append((f"scale {scale}",
                         " · ".join(f"{s} pt {n}/6" for s, n in zip(sizes, found, strict=True))
                         + f" · {el:.1f} s"))
    finally:
        ocr.PDF_SCALE = old
    return rows


def marks(font: str) -> list[tuple[str, str]]:
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    seen: collections.Counter[str] = collections.Counter()
    stars: collections.Counter[str] = collections.Counter()
    total = 0
    for mark in ("机密★5年", "秘密★1年", "绝密★长期", "机密★启用前"):
        for pt in (9, 12, 16):
            for blur, noise in ((0, 0.01), (1.0, 20), (1.6, 35)):
                k = 100 / 72
                im = Image.new("L", (round(300 * k), round(60 * k)), 255)
                ImageDraw.Draw(im).text((20 * k, 15 * k), mark,
                                        font=ImageFont.truetype(font, round(pt * k)), fill=0)
                if blur:
                    im = im.filter(ImageFilter.GaussianBlur(blur))
                a = np.asarray(im).astype(np.int16) + np.random.default_rng(pt).normal(
                    0, noise, (im.height, im.width))
                im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).resize((600, 120))
                got = "".join(b.text for b in ocr.recognize(im))
                total += 1
                seen["exact" if got == mark else "nothing" if not got else "partial"] += 1
                level = mark[:2]
                if got.startswith(level) and len(got) > 2:
                    stars[got[2]] += 1
    return [
        (f"{total} renders (4 marks × 9–16 pt × clean/blurred/noisy, 100 dpi)",
         ", ".join(f"{k} {v}" for k, v in seen.most_common())),
        ("character after the level word, when the level word was read",
         ", ".join(f"{k!r} {v}" for k, v in stars.most_common()) or "—"),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=("speed", "share", "scales", "marks"),
                    help="run one section")
    args = ap.parse_args()
    if not ocr.available():
        print("the [ocr] extra is not installed: pip install 'baomi-check[ocr]'")
        return 2
    font = find_cjk_font()
    if font is None:
        print("no CJK font: apt-get install fonts-wqy-zenhei")
        return 2
    cores = default_jobs()
    load0 = os.getloadavg()
    rows: list[tuple[str, str]] = []
    pages = 2 if args.quick else 6

    def want(name: str) -> bool:
        return args.only in (None, name)

    if want("speed"):
        rows += speed(font, pages, cores)
    if want("share"):
        rows += share(font, 60 if args.quick else 400, 1 if args.quick else 2, 2, cores)
    if want("scales") and not args.quick:
        rows += scales(font)
    ocr.configure(threads=cores)
    if want("marks"):
        rows += marks(font)
    load1 = os.getloadavg()
    print("| measurement | result |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    print(f"\n{cores} cores; load average {load0[0]:.2f} before, {load1[0]:.2f} after.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
