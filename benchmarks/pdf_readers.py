"""PDF text extraction: pypdf against PDFium (pypdfium2), on the same PDFs, in one run.

The PDFs are built for the benchmark from the seeded corpus (``corpus_gen.py``), two kinds:

* **CJK**: Chinese government documents written as PDFs with a Type0/Identity-H font and a
  ``ToUnicode`` CMap (the structure of Chinese PDFs exported by office suites; no font file is
  embedded, which a text layer does not need), several documents per file, 4-30 pages;
* **Latin**: multi-page fpdf2 files with a core font (fpdf2's own content streams).

Each backend reads every file through :func:`baomi_check.extract.pdf.read_pages`; the table
gives pages/s and MB/s per backend, the ratio, and whether both extracted the same characters
(whitespace ignored).  Usage::

    python benchmarks/pdf_readers.py            # 40 files
    python benchmarks/pdf_readers.py --files 10 # a smoke test
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "extract"))

from baomi_testfiles import make_cjk_pdf
from corpus_gen import generate

from baomi_check.extract.pdf import read_pages


def _latin_pdf(path: Path, rng: random.Random, pages: int) -> Path:
    from fpdf import FPDF

    words = ["annual", "report", "budget", "notice", "procurement", "contract", "department", "office", "public", "information", "disclosure", "meeting", "schedule", "the", "of", "and", "to", "for", "with"]  # fmt: skip
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for _ in range(45):
            pdf.cell(0, 6, " ".join(rng.choice(words) for _ in range(12)),
                     new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.output(str(path))
    return path


def build(folder: Path, n: int, seed: int = 20240607) -> list[Path]:
    rng = random.Random(seed)
    docs = generate(n * 6, seed=seed)
    files: list[Path] = []
    for i in range(n):
        if i % 4 == 3:
            files.append(_latin_pdf(folder / f"latin{i}.pdf", rng, rng.randint(4, 20)))
            continue
        pages: list[str] = []
        for doc in docs[i * 6 : i * 6 + rng.randint(2, 6)]:
            lines = [ln for ln in doc.text.splitlines() if ln.strip()]
            for k in range(0, len(lines), 30):
                pages.append("\n".join(ln[:60] for ln in lines[k : k + 30]))
        files.append(make_cjk_pdf(folder / f"cjk{i}.pdf", pages))
    return files


def _measure(files: list[Path], backend: str) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    pages = 0
    texts: list[str] = []
    for f in files:
        content = read_pages(f.read_bytes(), backend)
        pages += len(content.pages)
        texts.append("".join(p.text for p in content.pages))
    return time.perf_counter() - t0, pages, "".join("".join(t.split()) for t in texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=40)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp), args.files)
        size = sum(f.stat().st_size for f in files) / 1e6
        _measure(files[:2], "pdfium")  # import and first-load costs out of the timing
        _measure(files[:2], "pypdf")
        rows = {}
        for backend in ("pypdf", "pdfium"):
            rows[backend] = _measure(files, backend)
    pages = rows["pdfium"][1]
    print(f"{len(files)} PDFs, {pages} pages, {size:.1f} MB\n")
    print("| reader | seconds | pages/s | MB/s |")
    print("|---|---:|---:|---:|")
    for backend, (secs, n, _) in rows.items():
        print(f"| {backend} | {secs:.2f} | {n / secs:.0f} | {size / secs:.2f} |")
    ratio = rows["pypdf"][0] / rows["pdfium"][0]
    same = rows["pypdf"][2] == rows["pdfium"][2]
    print(f"\nPDFium is {ratio:.1f}x pypdf; same characters extracted: {same}")


if __name__ == "__main__":
    main()
