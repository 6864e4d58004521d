"""The benchmark: one command, one table, every number from the same run on the same corpus.

    python benchmarks/run.py            # full run (~2–3 minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller corpus and files, for a smoke test

What it measures (cf. issue 7), on a seeded corpus from :mod:`corpus_gen`:

* throughput in M chars/s of (a) a raw ``pyahocorasick`` scan of every document with the default
  lexicon's automaton — the floor any term scanner pays, (b) the full ``check()`` and (c) the
  naive pipeline that segments the whole text with jieba and looks every word up in the lexicon,
  with the ratios between them;
* start-up: wall time of ``baomi-check`` on one small file (warm on-disk cache, and cold), and the
  import time of ``baomi_check``;
* batch: files/s over a folder of ≥1,000 documents with ``--jobs 1`` and with all cores;
* peak memory of the batch and of one 50 MB text file: the largest single process (from
  ``getrusage(RUSAGE_CHILDREN)`` in a wrapper process) and the whole process tree (summed RSS
  sampled from ``/proc`` every 20 ms).

Speed is reported here and only here, as ratios measured in one run; unit tests never time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402
from realtext import REALTEXT, read_texts  # noqa: E402

PY = sys.executable
CLI = [PY, "-m", "baomi_check.cli"] if not shutil.which("baomi-check") else ["baomi-check"]
_BIN = Path(PY).parent / "baomi-check"
if _BIN.exists():
    CLI = [str(_BIN)]


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


# --- throughput ---------------------------------------------------------------------------------


def throughput(docs: list[str], naive_docs: int, reps: int) -> dict[str, float]:
    from baomi_check import Checker

    checker = Checker.default()
    terms = next(d for d in checker.detectors if d.name == "terms")
    auto = terms._auto  # the very automaton check() uses: the default lexicon in term-view form
    chars = sum(map(len, docs))

    def raw() -> None:
        for d in docs:
            for _ in auto.iter(d):
                pass

    for d in docs:  # warm-up: loads jieba (a term hit needs a boundary check), fills caches
        checker.check(d)

    def full() -> None:
        for d in docs:
            checker.check(d)

    from baomi_check.normalize import normalize

    def norm_only() -> None:
        for d in docs:
            normalize(d, checker._pinyin)

    def term_path() -> None:
        for d in docs:
            terms.detect(normalize(d, checker._pinyin))

    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    lexicon = {t.term.lower() for t in checker.pack.terms}
    sub = docs[:naive_docs]
    sub_chars = sum(map(len, sub))

    def naive() -> None:
        for d in sub:
            [w for w in tok.lcut(d) if w.lower() in lexicon]

    t_raw = best_of(reps, raw)
    t_full = best_of(reps, full)
    t_naive = best_of(1, naive)
    t_norm = best_of(reps, norm_only)
    t_terms = best_of(reps, term_path)
    return {
        "norm": chars / t_norm / 1e6,
        "terms": chars / t_terms / 1e6,
        "chars": chars,
        "raw": chars / t_raw / 1e6,
        "full": chars / t_full / 1e6,
        "naive": sub_chars / t_naive / 1e6,
        "naive_chars": sub_chars,
    }


# --- real texts: JioNLP ratio and the A/B of each speed lever (issue 17) -------------------------

JIONLP = ("extract_id_card", "extract_phone_number", "extract_email", "extract_ip_address",
          "extract_motor_vehicle_licence_plate")
IN_PROCESS_LEVERS = ("identity", "term_scan", "combined_patterns", "anchors")


def _jionlp_runner(docs: list[str]) -> Callable[[], None] | None:
    """JioNLP's five PII extractors over ``docs`` (the ``bench`` extra), or None if absent."""
    import contextlib
    import io

    try:
        with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
            import jionlp
    except ModuleNotFoundError:
        return None
    fns = [getattr(jionlp, n) for n in JIONLP]

    def run() -> None:
        for d in docs:
            for fn in fns:
                fn(d, detail=True)

    return run


def realtext_speed(docs: list[str], rounds: int) -> list[tuple[str, str, str]]:
    """check() on real clean texts against JioNLP, and each lever's before/after, in one run.

    Every round times all variants once, in turn (all levers on, each lever off alone, all off,
    JioNLP), so a load change on the shared machine hits every variant alike; the table gives the
    median over rounds and the spread (min–max) of each ratio."""
    from baomi_check import Checker, levers

    checker = Checker.default()
    chars = sum(map(len, docs))

    def full() -> None:
        for d in docs:
            checker.check(d, timeout=None)

    variants: dict[str, dict[str, bool]] = {"all levers on": {}}
    for name in IN_PROCESS_LEVERS:
        variants[f"without {name}"] = {name: False}
    variants["all levers off (before)"] = {n: False for n in IN_PROCESS_LEVERS}
    jio = _jionlp_runner(docs)
    for switches in variants.values():  # warm-up: lazy tables of both paths, jieba, JioNLP
        with levers.override(**switches):
            full()
    if jio is not None:
        jio()
    times: dict[str, list[float]] = {k: [] for k in variants}
    jtimes: list[float] = []
    for _ in range(rounds):
        for label, switches in variants.items():
            with levers.override(**switches):
                times[label].append(best_of(1, full))
        if jio is not None:
            jtimes.append(best_of(1, jio))

    def spread(xs: list[float]) -> str:
        return f"{statistics.median(xs):.2f}× ({min(xs):.2f}–{max(xs):.2f})"

    on = times["all levers on"]
    rows = [("real texts", f"check() on {len(docs)} real clean texts ({chars:,} chars), "
             f"median of {rounds}", f"{chars / statistics.median(on) / 1e6:.2f} M chars/s")]
    if jio is not None:
        rows += [
            ("real texts", "JioNLP, 5 PII extractors (ID, phone, e-mail, IP, plate)",
             f"{chars / statistics.median(jtimes) / 1e6:.2f} M chars/s"),
            ("ratio", "check() speed / JioNLP speed, per round (target ≥ 2)",
             spread([j / t for j, t in zip(jtimes, on, strict=True)])),
        ]
    else:
        rows.append(("real texts", "JioNLP ratio", "skipped: pip install -e '.[bench]'"))
    for label in variants:
        if label == "all levers on":
            continue
        rows.append(("lever A/B", f"speed-up of check(): all levers on vs {label}",
                     spread([b / a for a, b in zip(on, times[label], strict=True)])))
    return rows


# --- processes: wall time and peak memory ----------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Summed RSS (bytes) of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total = 0
    stack = [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(children.get(pid, ()))
    return total


_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "dt = time.perf_counter() - t\n"
    "print(rc, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``cmd`` under a wrapper; wall seconds, exit code, max single-process RSS and the
    sampled peak of the whole tree's RSS (MB)."""
    proc = subprocess.Popen([PY, "-c", _WRAPPER, *cmd], stdout=subprocess.PIPE, text=True,
                            env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    done.set()
    th.join()
    rc, dt, maxrss_kb = out.split()
    return {"rc": int(rc), "wall": float(dt), "max_proc_mb": int(maxrss_kb) / 1024,
            "tree_mb": peak / 2**20}


def walls(cmd: list[str], n: int, env: dict[str, str] | None = None) -> list[float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t)
    return times


def import_time(n: int) -> float:
    code = "import time; t=time.perf_counter(); import baomi_check; print(time.perf_counter()-t)"
    vals = [float(subprocess.run([PY, "-c", code], capture_output=True, text=True).stdout)
            for _ in range(n)]
    return statistics.median(vals)


# --- the table ---------------------------------------------------------------------------------


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def ensure_bytecode() -> None:
    """Compile the package's bytecode before timing start-up.

    A pip-installed wheel ships ``.pyc`` files (pip compiles on install), but an editable
    checkout on a machine with ``PYTHONDONTWRITEBYTECODE=1`` (set on ours) recompiles every
    module at every start, which would time the compiler rather than the tool (~0.1 s here)."""
    import compileall

    import baomi_check

    compileall.compile_dir(str(Path(baomi_check.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    ap.add_argument("--seed", type=int, default=20240607)
    args = ap.parse_args(argv)
    n_docs = 200 if args.quick else 800
    batches = (1000, 4000) if not args.quick else (200,)
    big_mb = 50 if not args.quick else 5
    cores = os.cpu_count() or 1

    load0 = _loadavg()
    docs = [d.text for d in corpus_gen.generate(n_docs, args.seed)]
    rows: list[tuple[str, str, str]] = []

    if REALTEXT.is_dir():
        real = read_texts(REALTEXT)
        rows += realtext_speed(real, rounds=3 if args.quick else 7)
    else:
        rows.append(("real texts", f"{REALTEXT} not found", "skipped"))
    rows += [(k, f"{w} — seeded corpus", v)
             for k, w, v in realtext_speed(docs, rounds=3) if k == "lever A/B"]

    tp = throughput(docs, naive_docs=n_docs // 4, reps=3)
    rows += [
        ("throughput", f"raw pyahocorasick scan, default lexicon ({tp['chars']:,} chars)",
         f"{tp['raw']:.2f} M chars/s"),
        ("throughput", "full check()", f"{tp['full']:.2f} M chars/s"),
        ("throughput", f"naive: jieba on the whole text + lexicon lookup "
         f"({tp['naive_chars']:,} chars)", f"{tp['naive']:.3f} M chars/s"),
        ("throughput", "normalize() alone (the views every detector needs)",
         f"{tp['norm']:.2f} M chars/s"),
        ("throughput", "term path alone: normalize() + term detector (lazy jieba windows)",
         f"{tp['terms']:.2f} M chars/s"),
        ("ratio", "check() / raw automaton (target ≥ 0.5)", f"{tp['full'] / tp['raw']:.3f}×"),
        ("ratio", "normalize() alone / raw automaton (ceiling for any check())",
         f"{tp['norm'] / tp['raw']:.3f}×"),
        ("ratio", "check() / naive jieba pipeline (target ≥ 10)",
         f"{tp['full'] / tp['naive']:.1f}×"),
        ("ratio", "term path alone / naive jieba pipeline (same job: find lexicon terms)",
         f"{tp['terms'] / tp['naive']:.1f}×"),
    ]

    ensure_bytecode()
    with tempfile.TemporaryDirectory(prefix="baomi-bench-") as tmp_s:
        tmp = Path(tmp_s)
        small = tmp / "small.txt"
        small.write_text(docs[0], encoding="utf-8")
        cli_small = [*CLI, "--no-progress", "-q", "--no-config", str(small)]
        cold_env = {**os.environ, "BAOMI_CHECK_CACHE_DIR": str(tmp / "cold-cache")}
        cold: list[float] = []
        for i in range(3):
            cold_env["BAOMI_CHECK_CACHE_DIR"] = str(tmp / f"cold-cache-{i}")
            cold += walls(cli_small, 1, cold_env)
        subprocess.run(cli_small, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        warm = walls(cli_small, 9)
        rows += [
            ("start-up", "`baomi-check` on one small file, warm cache (target < 0.5 s): "
             "median / best of 9", f"{statistics.median(warm):.3f} s / {min(warm):.3f} s"),
            ("start-up", "same, empty cache (first run after install or a rule change)",
             f"{statistics.median(cold):.3f} s"),
            ("start-up", "`import baomi_check` (median of 7)", f"{import_time(7):.3f} s"),
        ]

        base = [*CLI, "--no-progress", "-q", "--no-config", "--format", "jsonl",
                "-o", os.devnull]
        for i, n_files in enumerate(batches):
            folder = tmp / f"corpus-{n_files}"
            corpus_gen.write_corpus(folder, n_files, args.seed + 1)
            # Best of two runs each: other load on a shared machine only ever slows a run down.
            one = min((run_measured([*base, "--jobs", "1", str(folder)]) for _ in range(2)),
                      key=lambda r: r["wall"])
            many = min((run_measured([*base, "--jobs", str(cores), str(folder)])
                        for _ in range(2)), key=lambda r: r["wall"])
            rows += [
                ("batch", f"{n_files} files, --jobs 1", f"{n_files / one['wall']:.0f} files/s "
                 f"({one['wall']:.1f} s)"),
                ("batch", f"{n_files} files, --jobs {cores}",
                 f"{n_files / many['wall']:.0f} files/s ({many['wall']:.1f} s)"),
                ("ratio", f"{n_files} files: --jobs {cores} / --jobs 1"
                 + (" (target ≥ 1.7 on 2 cores)" if i == 0 else ""),
                 f"{one['wall'] / many['wall']:.2f}×"),
            ]
            if i == 0:
                rows += [
                    ("memory", f"batch of {n_files}, --jobs 1: largest process / process tree",
                     f"{one['max_proc_mb']:.0f} MB / {one['tree_mb']:.0f} MB"),
                    ("memory", f"batch of {n_files}, --jobs {cores}: largest process / tree",
                     f"{many['max_proc_mb']:.0f} MB / {many['tree_mb']:.0f} MB"),
                ]
            shutil.rmtree(folder, ignore_errors=True)

        big = tmp / "big.txt"
        size = corpus_gen.write_big_file(big, big_mb * 2**20, args.seed + 2)
        limit = f"{size // 2**20 + 10}MB"
        cli_big = run_measured([*CLI, "--no-progress", "-q", "--no-config", "--format", "jsonl",
                                "-o", os.devnull, "--max-file-size", limit, "--timeout", "0",
                                str(big)])
        lib_code = ("import sys; from pathlib import Path; "
                    "from baomi_check.chunked import check_large; "
                    "check_large(Path(sys.argv[1]))")
        lib_big = run_measured([PY, "-c", lib_code, str(big)])
        mb = size / 2**20
        rows += [
            ("memory", f"`baomi-check` on one {mb:.0f} MB text file (target < 10× = "
             f"{10 * mb:.0f} MB)", f"{cli_big['max_proc_mb']:.0f} MB "
             f"({cli_big['max_proc_mb'] / mb:.1f}×), {cli_big['wall']:.1f} s, exit {cli_big['rc']}"),
            ("memory", f"`check_large(path)` streaming the same {mb:.0f} MB file",
             f"{lib_big['max_proc_mb']:.0f} MB ({lib_big['max_proc_mb'] / mb:.1f}×), "
             f"{lib_big['wall']:.1f} s"),
        ]

        # The batch levers (auto_jobs, compact_results) as A/Bs of whole command-line runs,
        # from batch_scaling.py: each round runs every variant once, in turn.
        import batch_scaling

        batch_scaling.ensure_bytecode()
        rounds = 3 if args.quick else 5
        for line in batch_scaling.small_batches(tmp, (5, 30) if args.quick else (5, 30, 100),
                                                rounds):
            n, j1, new_default, old_default = (c.strip() for c in line.strip("|").split("|"))
            rows += [("lever A/B", f"{n}: default --jobs / --jobs 1 ({j1}), time ratio "
                      f"median (min–max) of {rounds} rounds; ≤ 1 means never slower",
                      new_default),
                     ("lever A/B", f"{n}: old default (every core, auto_jobs off) / --jobs 1",
                      old_default)]
        n_mixed = 400 if args.quick else 2000
        for line in batch_scaling.big_batch(tmp, n_mixed, rounds):
            what, val = (c.strip() for c in line.strip("|").split("|"))
            if "/" in what and "load" not in what:
                what += ": wall-time ratio, median (min–max); < 1 means the first is faster"
            rows.append(("batch", what, val))

    w1 = max(len(r[1]) for r in rows)
    print(f"machine: {machine()}")
    print(f"corpus: seed {args.seed}, {n_docs} documents for throughput, "
          f"{' and '.join(map(str, batches))} files for batches")
    print(f"load average before / after: {load0} / {_loadavg()} (other work on the machine "
          "skews the parallel ratio)\n")
    print(f"| {'what':10} | {'measure':{w1}} | result |")
    print(f"|{'-' * 12}|{'-' * (w1 + 2)}|--------|")
    for kind, what, val in rows:
        print(f"| {kind:10} | {what:{w1}} | {val} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
