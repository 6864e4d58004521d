"""``redact`` keeps every input limit of ``check`` (it reads through the same walker and reader):
special files, devices behind symlinks, zip bombs, symlink loops, binaries with text names,
dependency folders, escape sequences in names, damaged packages — each refused with a clear
message while the rest of the folder is still written.

Synthetic values only (pre-1900 birth date, computed check character)."""

from __future__ import annotations

import io
import os
import signal
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
from baomi_testfiles import make_docx

from baomi_check.redact import main, redact
from baomi_check.testing import id_number

ID = id_number("11010118800101001")
TEXT = f"联系人身份证号：{ID}\n"


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A FIFO used to block redact forever: fail instead of hanging the suite."""

    def fire(signum: int, frame: object) -> None:
        raise TimeoutError("redact blocked")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def by_name(summary) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {Path(f.source).name: f for f in summary.files}


def test_special_inputs_in_a_folder_are_refused(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "ok.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "loop.txt").symlink_to(src / "loop2.txt")
    (src / "loop2.txt").symlink_to(src / "loop.txt")
    (src / "prog.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16)
    (src / "noise.txt").write_bytes(os.urandom(4096).replace(b"\n", b"\0"))
    (src / "node_modules").mkdir()
    (src / "node_modules" / "dep.txt").write_text(TEXT, encoding="utf-8")
    summary = redact(src, out)
    files = by_name(summary)
    assert "dep.txt" not in files  # the walker's excludes hold for redact too
    assert not (out / "node_modules").exists()
    assert files["ok.txt"].skipped is None and ID not in (out / "ok.txt").read_text("utf-8")
    assert "命名管道" in files["pipe.txt"].skipped
    assert "设备文件" in files["zero.txt"].skipped
    assert "符号链接循环" in files["loop.txt"].skipped
    assert "二进制" in files["prog.txt"].skipped
    assert "二进制" in files["noise.txt"].skipped
    written = sorted(p.name for p in out.rglob("*"))
    assert written == ["ok.txt"]  # nothing unreadable was "redacted" into a copy


def test_dev_zero_named_directly_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "a.txt"
    link.symlink_to("/dev/zero")
    assert main([str(link), str(tmp_path / "out.txt")]) == 2
    assert "设备文件" in capsys.readouterr().out
    assert not (tmp_path / "out.txt").exists()


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx").read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as z, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as o:
        for item in z.infolist():
            o.writestr(item, z.read(item))
        o.writestr("word/media/zeros.bin", b"\0" * (80 << 20))
    src = tmp_path / "bomb.docx"
    src.write_bytes(buf.getvalue())
    summary = redact(src, tmp_path / "out.docx")
    assert "压缩炸弹" in summary.files[0].skipped
    assert not (tmp_path / "out.docx").exists()


def test_terminal_escapes_in_names_are_not_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "\x1b]0;owned\x07a.txt").write_text(TEXT, encoding="utf-8")
    (src / "\x1b[2Jb.bin").write_bytes(b"x")
    assert main([str(src), str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;owned\\x07a.txt" in out


def test_output_with_a_trailing_slash_is_a_folder(tmp_path: Path) -> None:
    src = tmp_path / "x.txt"
    src.write_text(TEXT, encoding="utf-8")
    redact(src, f"{tmp_path / 'newdir'}/")
    assert (tmp_path / "newdir" / "x.txt").is_file()


def test_corrupt_docx_gets_a_plain_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "broken.docx"
    src.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert main([str(src), str(tmp_path / "out.docx")]) == 2
    out = capsys.readouterr().out
    assert "PackageNotFoundError" not in out and "无法处理" in out and ".docx" in out
    assert not (tmp_path / "out.docx").exists()
