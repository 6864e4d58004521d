"""The rule pack ships inside the wheel and is found from any working directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def test_installed_package_finds_its_rules_from_another_folder(tmp_path: Path) -> None:
    code = "from baomi_check import check; print(check('机密★5年').verdict)"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "block"


@pytest.mark.slow
def test_wheel_contains_rules_and_py_typed(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path),
         str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("baomi_check-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "baomi_check/py.typed" in names
    for rule_file in (ROOT / "rules").glob("*.yaml"):
        assert f"baomi_check/rules/{rule_file.name}" in names
