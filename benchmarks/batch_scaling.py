"""Batches: the default ``--jobs`` against ``--jobs 1``, two cores against one, start-up and
memory of one file (issue 17, batch side).

    python benchmarks/batch_scaling.py               # about 10 minutes on 2 busy cores
    python benchmarks/batch_scaling.py --quick       # a smoke test (small sizes, 2 rounds)

Every comparison runs its variants alternately in the same run, round after round, and
reports the ratio of each round's pair: median and spread (min–max), never one absolute
time.  Each run is a fresh ``baomi-check`` process, as a user starts it.

1. **Costs behind the default ``--jobs``** (:func:`baomi_check.batch.choose_jobs`): one
   process's checking rate on small text files, the fixed cost of a file, the parent's own
   cost per file in a pool and the pool's start-up, and from them the pool's start as bytes
   of checking — the figure :data:`~baomi_check.batch.POOL_START_BYTES` should be.
2. **Small batches** (5, 30, 100 generated notices): default ``--jobs`` / ``--jobs 1``, and
   the old default (every core; ``BAOMI_CHECK_LEVERS_OFF=auto_jobs``) / ``--jobs 1``.
3. **2,000 mixed small files** (``corpus_gen.py`` text, plus ``.html``, ``.csv`` and, with
   python-docx installed, ``.docx``): ``--jobs 2`` / ``--jobs 1``, and the compact results
   lever (``--jobs 2`` with ``compact_results`` off / on), with the load average.
4. **One file**: the command line's start-up (median wall time on a small file, must stay
   under 0.5 s) and peak memory (``ru_maxrss``) on one large text file, with lines and as a
   single line, as a multiple of the file size (must stay under 10×).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import corpus_gen  # noqa: E402
import huge_text  # noqa: E402

from baomi_check import levers  # noqa: E402

PY = sys.executable
CLI = [PY, "-m", "baomi_check", "--no-config", "-q", "--no-progress", "--format", "jsonl",
       "-o", os.devnull]  # fmt: skip


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def wall(cmd: Sequence[str], off: str = "") -> float:
    env = dict(os.environ)
    env[levers.ENV] = off
    t = time.perf_counter()
    subprocess.run(list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   check=False)  # fmt: skip
    return time.perf_counter() - t


def alternate(variants: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Each variant once per round, in turn (the order rotates so none always goes first)."""
    names = list(variants)
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        for n in names[r % len(names):] + names[:r % len(names)]:
            times[n].append(variants[n]())
    return times


def ratio(a: list[float], b: list[float]) -> str:
    """Median and min–max of the per-round ratios a/b."""
    rs = [x / y for x, y in zip(a, b, strict=True)]
    return f"{statistics.median(rs):.2f} ({min(rs):.2f}–{max(rs):.2f})"


def med(xs: list[float]) -> str:
    return f"{statistics.median(xs):.3f} s"


# --- inputs -------------------------------------------------------------------------------------


def small_batch(folder: Path, n: int) -> Path:
    corpus_gen.write_corpus(folder, n, seed=17)
    return folder


def mixed_batch(folder: Path, n: int) -> Path:
    """``n`` files: mostly generated text, about 8 % HTML pages, 5 % CSV rosters and, when
    python-docx is installed, 2.5 % .docx (each made from a generated document)."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = corpus_gen.generate(n, seed=20)
    try:
        import docx
    except ImportError:  # pragma: no cover - the test extra installs it
        docx = None
    rng = random.Random(20)
    for i, d in enumerate(docs):
        stem = folder / f"{i:05d}"
        pick = rng.random()
        if pick < 0.08:
            body = "".join(f"<p>{line}</p>\n" for line in d.text.splitlines())
            stem.with_suffix(".html").write_text(
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>通知</title></head>"
                f"<body>{body}</body></html>", encoding="utf-8")
        elif pick < 0.13:
            rows = [",".join(line.replace(",", "，").split()[:4]) for line in d.text.splitlines()]
            stem.with_suffix(".csv").write_text("序号,内容\n" + "\n".join(
                f"{k},{r}" for k, r in enumerate(rows, 1)), encoding="utf-8")
        elif pick < 0.155 and docx is not None:
            doc = docx.Document()
            for line in d.text.splitlines():
                doc.add_paragraph(line)
            doc.save(str(stem.with_suffix(".docx")))
        else:
            stem.with_suffix(".txt").write_text(d.text, encoding="utf-8")
    return folder


def tiny_batch(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"t{i:04d}.txt"
        p.write_text("关于开展保密教育的通知。\n", encoding="utf-8")
        out.append(str(p))
    return out


# --- 1. the costs behind the default ------------------------------------------------------------


def costs(tmp: Path, rounds: int) -> list[str]:
    from baomi_check.batch import (
        FILE_BYTES,
        PARENT_FILE_BYTES,
        POOL_START_BYTES,
        BatchOptions,
        build_checker,
        iter_paths,
        run_batch,
    )

    opts = BatchOptions()
    checker = build_checker(opts)
    text_files = [i.path for i in iter_paths([small_batch(tmp / "rate", 100)])]
    size = sum(os.path.getsize(f) for f in text_files)
    tiny = tiny_batch(tmp / "tiny", 400)
    list(run_batch(tiny[:5], opts, 1, checker))  # lazy tables built

    def serial(files: list[str]) -> float:
        t = time.perf_counter()
        list(run_batch(files, opts, 1, checker))
        return time.perf_counter() - t

    def parent_cpu() -> float:
        t = time.process_time()  # every thread of this process: the pool's result thread too
        list(run_batch(tiny, opts, 2, checker))
        return time.process_time() - t

    rate = size / min(serial(text_files) for _ in range(rounds))
    fixed = statistics.median(serial(tiny) for _ in range(rounds)) / len(tiny)
    parent = statistics.median(parent_cpu() for _ in range(rounds)) / len(tiny)
    two = tiny[:2]
    start = alternate({"pool": lambda: wall([*CLI, "-j", "2", *two]),
                       "one": lambda: wall([*CLI, "-j", "1", *two])}, max(rounds, 5))
    startup = statistics.median(start["pool"]) - statistics.median(start["one"])
    kb = 1024
    return [
        f"| checking rate, one process, small text files | {rate / 2**20:.2f} MB/s |",
        f"| fixed cost of a file (400 tiny files, --jobs 1) | {fixed * 1e3:.2f} ms"
        f" = {fixed * rate:.0f} B (FILE_BYTES = {FILE_BYTES}) |",
        f"| parent's cost per file in a 2-process pool (CPU) | {parent * 1e3:.2f} ms"
        f" = {parent * rate:.0f} B (PARENT_FILE_BYTES = {PARENT_FILE_BYTES}) |",
        f"| pool start-up, CLI on 2 files, -j 2 minus -j 1 (median of {len(start['one'])}) |"
        f" {startup * 1e3:.0f} ms = {startup * rate / kb:.0f} KB"
        f" (POOL_START_BYTES = {POOL_START_BYTES // kb} KB) |",
    ]


# --- 2.–4. ---------------------------------------------------------------------------------------


def small_batches(tmp: Path, sizes: Sequence[int], rounds: int) -> list[str]:
    rows = []
    for n in sizes:
        folder = str(small_batch(tmp / f"small{n}", n))
        t = alternate({
            "default": lambda f=folder: wall([*CLI, f]),
            "old default": lambda f=folder: wall([*CLI, f], off="auto_jobs"),
            "j1": lambda f=folder: wall([*CLI, "-j", "1", f]),
        }, rounds)
        rows.append(f"| {n} files | {med(t['j1'])} | {ratio(t['default'], t['j1'])} |"
                    f" {ratio(t['old default'], t['j1'])} |")
    return rows


def big_batch(tmp: Path, n: int, rounds: int) -> list[str]:
    folder = str(mixed_batch(tmp / "mixed", n))
    kinds: dict[str, int] = {}
    for p in Path(folder).iterdir():
        kinds[p.suffix] = kinds.get(p.suffix, 0) + 1
    before = loadavg()
    t = alternate({
        "j2": lambda: wall([*CLI, "-j", "2", folder]),
        "j1": lambda: wall([*CLI, "-j", "1", folder]),
        "j2 plain": lambda: wall([*CLI, "-j", "2", folder], off="compact_results"),
    }, rounds)
    mix = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    return [
        f"| {n} mixed files ({mix}) | --jobs 1 {med(t['j1'])}, --jobs 2 {med(t['j2'])} |",
        f"| --jobs 2 / --jobs 1 ({rounds} alternating rounds) | {ratio(t['j2'], t['j1'])} |",
        f"| --jobs 2: compact results on / off | {ratio(t['j2'], t['j2 plain'])} |",
        f"| load average before / after | {before} / {loadavg()} |",
    ]


def one_file(tmp: Path, rounds: int, mb: int) -> list[str]:
    small = tmp / "one.txt"
    small.write_text("机密★5年\n关于开展保密教育的通知\n", encoding="utf-8")
    starts = [wall([*CLI, str(small)]) for _ in range(max(rounds, 7))]
    rows = [f"| one-file CLI start-up, median of {len(starts)} (< 0.5 s) |"
            f" {statistics.median(starts):.3f} s ({min(starts):.3f}–{max(starts):.3f}) |"]
    for name, single in (("with lines", False), ("a single line", True)):
        path = tmp / f"big-{single}.txt"
        size = huge_text.write_text(path, mb, single)
        got = huge_text.run(path, size)
        rows.append(f"| one {got['size_mb']} MB text file, {name}: peak RSS (< 10×) |"
                    f" {got['peak_mb']} MB = {got['peak_x_size']}× in {got['seconds']} s |")
        path.unlink()
    return rows


def ensure_bytecode() -> None:
    """Compile the package first: with ``PYTHONDONTWRITEBYTECODE=1`` (set on the shared machine)
    an editable checkout recompiles every module at every start, and the start-up figure would
    time the compiler (as ``run.py`` does, for the same reason)."""
    import compileall

    import baomi_check

    compileall.compile_dir(str(Path(baomi_check.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, 2 rounds")
    ap.add_argument("--rounds", type=int, default=None, help="alternating rounds (default 5)")
    ap.add_argument("--files", type=int, default=None, help="mixed batch size (default 2000)")
    ap.add_argument("--mb", type=int, default=None, help="large file size in MB (default 20)")
    ap.add_argument("--only", choices=("costs", "small", "big", "one"), action="append")
    args = ap.parse_args(argv)
    rounds = args.rounds or (2 if args.quick else 5)
    n = args.files or (200 if args.quick else 2000)
    mb = args.mb or (3 if args.quick else 20)
    parts = set(args.only or ("costs", "small", "big", "one"))
    ensure_bytecode()
    print(f"cores {os.cpu_count()}, load average {loadavg()}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if "costs" in parts:
            print("\n| cost behind the default --jobs | measured |\n|---|---|")
            print("\n".join(costs(tmp, rounds)))
        if "small" in parts:
            print(f"\n| small batch | --jobs 1 median | default / --jobs 1 | old default"
                  f" / --jobs 1 |\n|---|---|---|---|  ({rounds} alternating rounds)")
            print("\n".join(small_batches(tmp, (5, 30, 100), rounds)))
        if "big" in parts:
            print("\n| mixed batch | |\n|---|---|")
            print("\n".join(big_batch(tmp, n, rounds)))
        if "one" in parts:
            print("\n| one file | |\n|---|---|")
            print("\n".join(one_file(tmp, rounds, mb)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
