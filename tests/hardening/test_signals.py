"""Killing the command line ends its workers (issue 11 A.7): after SIGTERM or SIGKILL of the
parent, both workers stayed alive with parent 1 (40 were still running half an hour later)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out.update(int(c) for c in (task / "children").read_text().split())
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    folder = tmp_path / "docs"
    folder.mkdir()
    body = "关于开展保密教育的通知，各科室请加强保密工作。\n" * 40_000
    for i in range(24):
        (folder / f"{i:02}.txt").write_text(body, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "baomi_check", "-j", "2", "--no-progress", "--no-config",
         "--timeout", "0", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = {c for c in _children(proc.pid) if _alive(c)}
    assert len(workers) >= 2, "the pool did not start"
    time.sleep(1.0)  # the workers are initialised and busy
    return proc, workers


def _gone(pids: set[int], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.2)
    return False


def test_sigkill_of_the_parent_ends_the_workers(tmp_path: Path) -> None:
    proc, workers = _start(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    try:
        assert _gone(workers), "workers outlived their killed parent"
    finally:
        for p in workers:
            if _alive(p):
                os.kill(p, signal.SIGKILL)


def test_sigterm_shuts_down_like_ctrl_c(tmp_path: Path) -> None:
    proc, workers = _start(tmp_path)
    os.kill(proc.pid, signal.SIGTERM)
    try:
        code = proc.wait(30)
        assert code == 130
        assert "已中断" in (proc.stderr.read() if proc.stderr else "")
        assert _gone(workers)
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in workers:
            if _alive(p):
                os.kill(p, signal.SIGKILL)
