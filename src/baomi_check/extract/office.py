"""LibreOffice (``soffice``) as the fallback reader for formats without a native one.

Used only when ``soffice`` (or ``libreoffice``) is on ``PATH``, and only for formats the
registry marks with ``convert_to`` that have no native reader (``.ppt``, ``.dps``, ``.odt`` …).
The input is written into a private temporary folder (mode 0700) together with a private
LibreOffice profile (a user's running LibreOffice must not be joined, nor their profile
touched), converted headless with a time limit, and the folder is removed afterwards.
LibreOffice runs in its own process group, which is killed on timeout or on any error, so no
``soffice.bin`` is ever left behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ExtractError

TIMEOUT = 120.0
"""Seconds one conversion may take (LibreOffice starts in 2-5 s; a huge deck takes longer)."""


def soffice() -> str | None:
    """The LibreOffice executable on ``PATH``, or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def convert(data: bytes, kind: str, target: str, timeout: float = TIMEOUT) -> bytes:
    """``data`` (a ``kind`` file) converted to ``target`` (``docx``, ``xlsx``, ``pptx`` …)."""
    exe = soffice()
    if exe is None:
        raise ExtractError("未找到 LibreOffice（soffice），无法转换该文件")
    with tempfile.TemporaryDirectory(prefix="baomi-soffice-") as tmp:
        os.chmod(tmp, 0o700)
        folder = Path(tmp)
        src = folder / f"input.{kind}"
        src.write_bytes(data)
        out = folder / "out"
        out.mkdir()
        profile = (folder / "profile").as_uri()
        cmd = [
            exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", target, "--outdir", str(out), str(src),
        ]  # fmt: skip
        env = {**os.environ, "HOME": str(folder)}
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=folder,
            env=env,
            start_new_session=True,  # its own process group: killed as a whole below
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ExtractError(
                f"LibreOffice 转换超时（超过 {timeout:g} 秒），已跳过；"
                f"请手工另存为 .{target} 后再检查"
            ) from None
        finally:
            _kill_group(proc)
        produced = sorted(out.glob(f"*.{target}"))
        if proc.returncode != 0 or not produced:
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
            raise ExtractError(
                f"LibreOffice 无法转换该文件（退出码 {proc.returncode}"
                + (f"：{detail[0][:200]}" if detail else "")
                + f"）；请手工另存为 .{target} 后再检查"
            )
        return produced[0].read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and everything it started (``soffice`` forks ``soffice.bin``)."""
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
