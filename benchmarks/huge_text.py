"""Peak memory and time of the command line on a huge text file and on a huge single line
(issue 11 A.5, A.8).

    python benchmarks/huge_text.py                 # 200 MB text file, 20 MB single line
    python benchmarks/huge_text.py --text-mb 20 --line-mb 5

Each case runs ``baomi-check -j 1 --timeout 0`` in a fresh process and reads that process's
own peak resident memory (``ru_maxrss``) and wall time, so the numbers are the tool's and
nothing else's.  The content is synthetic: government-notice prose with a classified mark, a
synthetic ID and phone every few hundred lines.  Reported as MB and seconds, plus peak memory as
a multiple of the file size (the issue's target: under 10×).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from baomi_check.testing import synthetic_id, synthetic_mobile

_PROSE = ("关于开展年度保密教育工作的通知，各科室要高度重视，认真组织学习，按时报送总结材料。"
          "联系电话请见附件，材料请于月底前报送办公室。")

_RUNNER = r"""
import resource, sys, time
from baomi_check.cli import main
t0 = time.perf_counter()
code = main(sys.argv[1:])
elapsed = time.perf_counter() - t0
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("RESULT", code, elapsed, peak_kb, file=sys.stderr)
"""


def write_text(path: Path, mb: int, single_line: bool) -> int:
    rng = random.Random(11)
    target = mb * 1024 * 1024
    sep = "" if single_line else "\n"
    with path.open("w", encoding="utf-8") as fh:
        written = 0
        i = 0
        while written < target:
            extra = ""
            if i % 300 == 0:
                extra = f"身份证号：{synthetic_id(rng)}，手机{synthetic_mobile(rng)}。"
            if i % 5000 == 0:
                extra += "机密★5年"
            piece = _PROSE + extra + sep
            fh.write(piece)
            written += len(piece.encode("utf-8"))
            i += 1
    return path.stat().st_size


def run(path: Path, size: int) -> dict[str, float | int | str]:
    cmd = [sys.executable, "-c", _RUNNER, "-j", "1", "--timeout", "0", "--no-progress", "-q",
           "--no-config", "--max-file-size", f"{size // (1024 * 1024) + 10}MB", "--format", "json",
           "-o", os.devnull, str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    line = next(x for x in proc.stderr.splitlines() if x.startswith("RESULT"))
    _, code, elapsed, peak_kb = line.split()
    peak = int(peak_kb) * 1024
    return {"file": path.name, "size_mb": round(size / 2**20, 1), "exit": int(code),
            "seconds": round(float(elapsed), 1), "peak_mb": round(peak / 2**20),
            "peak_x_size": round(peak / size, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--text-mb", type=int, default=200)
    ap.add_argument("--line-mb", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for name, mb, single in (("text.txt", args.text_mb, False), ("line.txt", args.line_mb, True)):
            path = Path(tmp) / name
            size = write_text(path, mb, single)
            rows.append(run(path, size))
            path.unlink()
    print(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
