"""The baseline key file is created atomically (issue 11 A.9): a run killed while writing it
left an empty file, and every later run failed until someone deleted it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from baomi_check import baseline
from baomi_check.baseline import KEY_ENV, BaselineError, key_file_for, load_key
from baomi_check.cli import main


@pytest.fixture(autouse=True)
def _no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)


def test_a_crash_while_writing_leaves_no_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = key_file_for(tmp_path / "b.json")

    def killed(fd: int, *a: object, **k: object) -> object:
        os.close(fd)
        raise KeyboardInterrupt  # stands for SIGKILL between creating and writing the file

    monkeypatch.setattr(baseline.os, "fdopen", killed)
    with pytest.raises(KeyboardInterrupt):
        load_key(tmp_path / "b.json", create=True)
    monkeypatch.undo()
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either
    key = load_key(tmp_path / "b.json", create=True)
    assert key is not None and load_key(tmp_path / "b.json") == key
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_an_empty_key_file_is_explained_or_safely_regenerated(tmp_path: Path) -> None:
    path = key_file_for(tmp_path / "b.json")
    path.write_text("", encoding="utf-8")
    with pytest.raises(BaselineError, match="空的"):
        load_key(tmp_path / "b.json")
    key = load_key(tmp_path / "b.json", create=True)
    assert key is not None and len(path.read_text("utf-8").strip()) == 64


def test_update_baseline_recovers_from_an_empty_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text("机密★5年\n", encoding="utf-8")
    Path(".baomi-check.key").write_text("", encoding="utf-8")
    args = ["--no-progress", "-q", "--no-config", "a.md", "--baseline", "b.json"]
    assert main([*args, "--update-baseline"]) == 3
    assert main(args) == 0
