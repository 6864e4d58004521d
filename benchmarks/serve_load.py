"""Load run of ``baomi-check serve`` on loopback: throughput, latency, and memory under overload.

    python benchmarks/serve_load.py              # 5,000 requests per concurrency level
    python benchmarks/serve_load.py --quick      # 500 per level, a smoke test

What it does, all in one run on the same seeded documents (``corpus_gen``: notices, rosters,
reports, procurement notices … 300–3,000 characters, a third of them leaking something):

1. **Baseline:** the in-process ``check()`` rate on those documents (one process, best of 3).
2. **Service:** a ``baomi-check serve`` subprocess on a free port of 127.0.0.1 (``--workers``
   = cores), warmed up, then ``--requests`` ``POST /v1/check`` at concurrency 1, 8 and 32
   (keep-alive connections, a minimal asyncio HTTP/1.1 client so the client costs little CPU on
   a machine the server shares).  Throughput, p50/p90/p99 latency, and the ratio to the baseline.
3. **Overload:** a second server with a small queue (``--queue 2``) hammered by 48 connections
   with no pause: the 503 share (each must carry ``Retry-After``) and the whole process tree's
   RSS (server + workers, summed from /proc) sampled every 50 ms — before, peak during, after.

Only loopback traffic; every loop is bounded by a request count and a deadline, and the servers
are stopped (SIGTERM, then SIGKILL) whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import generate
from run import _tree_rss, machine

HOST = "127.0.0.1"
DEADLINE = 900.0
"""No phase runs longer than this many seconds, whatever happens."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """``baomi-check serve`` on a free loopback port; stopped on exit, whatever happens."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "baomi_check", "serve", "--host", HOST, "--port",
             str(self.port), "--log-level", "warning", *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited during start-up")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the server did not become ready")
            time.sleep(0.2)

    def rss_mb(self) -> float:
        return _tree_rss(self.proc.pid) / 1e6

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- a minimal keep-alive HTTP/1.1 client ------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    status: dict[int, int] = field(default_factory=dict)
    retry_after_missing: int = 0


async def _connection(port: int, bodies: list[bytes], next_index: list[int], total: int,
                      tally: Tally, stop_at: float) -> None:  # fmt: skip
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while next_index[0] < total and time.monotonic() < stop_at:
            i = next_index[0]
            next_index[0] += 1
            body = bodies[i % len(bodies)]
            head = (
                f"POST /v1/check HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            t0 = time.perf_counter()
            writer.write(head + body)
            await writer.drain()
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError("server closed the connection")
            status = int(status_line.split()[1])
            length = 0
            retry_after = False
            close = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "retry-after":
                    retry_after = True
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            await reader.readexactly(length)
            tally.latencies.append(time.perf_counter() - t0)
            tally.status[status] = tally.status.get(status, 0) + 1
            if status == 503 and not retry_after:
                tally.retry_after_missing += 1
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
    finally:
        writer.close()


async def _load(port: int, bodies: list[bytes], total: int, concurrency: int) -> tuple[Tally, float]:
    tally = Tally()
    counter = [0]
    stop_at = time.monotonic() + DEADLINE
    t0 = time.perf_counter()
    await asyncio.gather(*(_connection(port, bodies, counter, total, tally, stop_at)
                           for _ in range(concurrency)))  # fmt: skip
    return tally, time.perf_counter() - t0


def load(port: int, bodies: list[bytes], total: int, concurrency: int) -> tuple[Tally, float]:
    return asyncio.run(_load(port, bodies, total, concurrency))


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- the run ------------------------------------------------------------------------------------


def baseline(texts: list[str]) -> float:
    """Documents per second of the in-process ``check()``, one process, best of 3."""
    from baomi_check import check

    for t in texts[:20]:
        check(t)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for t in texts:
            check(t)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000, help="requests per concurrency level")
    ap.add_argument("--quick", action="store_true", help="500 requests per level")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = ap.parse_args(argv)
    total = 500 if args.quick else args.requests

    docs = generate(300, seed=20261206)
    texts = [d.text for d in docs]
    bodies = [json.dumps({"text": d.text, "source": d.name}, ensure_ascii=False).encode()
              for d in docs]  # fmt: skip
    chars = statistics.mean(len(t) for t in texts)
    out: dict[str, object] = {"machine": machine(), "python": platform.python_version(),
                              "docs": len(texts), "mean_chars": round(chars),
                              "requests_per_level": total, "workers": args.workers,
                              "load_before": os.getloadavg()[0]}  # fmt: skip

    rate = baseline(texts)
    out["baseline_docs_per_s"] = round(rate, 1)

    levels: list[dict[str, object]] = []
    # A queue deep enough for the highest concurrency: this phase measures throughput, not
    # admission (the overload phase below does).
    with Server("--workers", str(args.workers), "--queue", "64") as srv:
        load(srv.port, bodies, min(200, total), 4)  # warm-up: connections, caches
        rss_warm = srv.rss_mb()
        for conc in (1, 8, 32):
            tally, wall = load(srv.port, bodies, total, conc)
            ok = tally.status.get(200, 0)
            levels.append({
                "concurrency": conc, "requests": sum(tally.status.values()), "ok": ok,
                "status": tally.status, "req_per_s": round(ok / wall, 1),
                "ratio_to_baseline": round(ok / wall / rate, 2),
                "p50_ms": round(pct(tally.latencies, 0.50) * 1000, 1),
                "p90_ms": round(pct(tally.latencies, 0.90) * 1000, 1),
                "p99_ms": round(pct(tally.latencies, 0.99) * 1000, 1),
            })  # fmt: skip
        out["rss_after_levels_mb"] = round(srv.rss_mb(), 1)
        out["rss_warm_mb"] = round(rss_warm, 1)
    out["levels"] = levels

    # Overload: a small queue, many eager clients.
    big = [b for b in bodies if len(b) > 3000] or bodies
    with Server("--workers", str(args.workers), "--queue", "2") as srv:
        load(srv.port, big, 100, 4)
        before = srv.rss_mb()
        peak = [before]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak.append(srv.rss_mb())
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            tally, wall = load(srv.port, big, max(total, 2000), 48)
        finally:
            done.set()
            sampler.join()
        after = srv.rss_mb()
        rejected = tally.status.get(503, 0)
        out["overload"] = {
            "concurrency": 48, "queue": 2, "requests": sum(tally.status.values()),
            "status": tally.status, "share_503": round(rejected / max(1, sum(tally.status.values())), 3),
            "retry_after_missing": tally.retry_after_missing,
            "ok_per_s": round(tally.status.get(200, 0) / wall, 1),
            "rss_before_mb": round(before, 1), "rss_peak_mb": round(max(peak), 1),
            "rss_after_mb": round(after, 1), "samples": len(peak),
        }  # fmt: skip
    out["load_after"] = os.getloadavg()[0]

    print(f"Machine: {out['machine']}; load average {out['load_before']:.2f} → "
          f"{out['load_after']:.2f}")
    print(f"Documents: {out['docs']} seeded pages, mean {out['mean_chars']} characters; "
          f"{args.workers} check workers\n")
    print(f"In-process `check()` baseline (one process): **{rate:.0f} docs/s**\n")
    print("| concurrency | requests | req/s | × baseline | p50 ms | p90 ms | p99 ms | statuses |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for lv in levels:
        print(f"| {lv['concurrency']} | {lv['requests']} | {lv['req_per_s']} | "
              f"{lv['ratio_to_baseline']} | {lv['p50_ms']} | {lv['p90_ms']} | {lv['p99_ms']} | "
              f"{lv['status']} |")  # fmt: skip
    ov = out["overload"]
    assert isinstance(ov, dict)
    print(f"\nOverload (48 connections, queue 2): {ov['requests']} requests, statuses "
          f"{ov['status']}, 503 share {ov['share_503']:.1%}, 503 without Retry-After "
          f"{ov['retry_after_missing']}; {ov['ok_per_s']} answered checks/s.")
    print(f"Server tree RSS: {ov['rss_before_mb']} MB before, {ov['rss_peak_mb']} MB peak during "
          f"({ov['samples']} samples), {ov['rss_after_mb']} MB after.")
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
