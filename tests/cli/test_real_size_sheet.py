"""A real-size spreadsheet (issue 14): 2,000 rows of a 招聘岗位表 whose schools' consultation
mobiles repeat row after row gives no ``block`` and a short text report; the same sheet with a
姓名 and a 身份证号 column is a roster and blocks.

Synthetic data only: mobiles end in 0000, ID numbers are born before 1900.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import openpyxl
import pytest

from baomi_check.cli import main
from baomi_check.testing import synthetic_id

ROWS = 2000
SCHOOLS = 30
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def sheet(path: Path, roster: bool) -> None:
    rng = random.Random(2024)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("岗位表")
    ws.append(["2024年某区公开招聘中小学教师岗位表"])
    head = ["序号", "招聘单位", "岗位名称", "岗位代码", "招聘人数", "学历", "专业", "咨询电话"]
    if roster:
        head[1:1] = ["姓名", "身份证号"]
    ws.append(head)
    for i in range(ROWS):
        school = i % SCHOOLS
        row = [str(i + 1), f"第{school + 1}中学", "语文教师", f"2024{i:04d}", "1", "本科及以上",
               "汉语言文学", f"139{school:04d}0000"]
        if roster:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            row[1:1] = [name, synthetic_id(rng)]
        ws.append(row)
    ws.append(["监督电话：010-60000000"])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("sheets")
    positions, roster = d / "岗位表.xlsx", d / "拟聘人员.xlsx"
    sheet(positions, roster=False)
    sheet(roster, roster=True)
    return positions, roster


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--no-progress", "-q", "--no-config", *args])
    return code, capsys.readouterr().out


def test_position_sheet_has_no_block_and_a_short_report(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    positions, _ = sheets
    code, out = run(capsys, str(positions))
    assert code == 0
    lines = out.splitlines()
    # One entry per distinct school number (30), three lines each, plus head and summary:
    # bounded by the distinct values, not by the 2,000 rows.
    assert len(lines) <= 3 * (SCHOOLS + 1) + 4, len(lines)
    assert "×" in out and "阻断" not in out.split("\n")[0]
    code, out = run(capsys, "--format", "json", str(positions))
    report = json.loads(out)[0]["report"]
    assert report["verdict"] == "pass"
    mobiles = [f for f in report["findings"] if f["category"] == "mobile_phone"]
    assert len(mobiles) == SCHOOLS
    assert sum(f["count"] for f in mobiles) == ROWS
    assert all(f["severity"] == "info" for f in mobiles)
    assert all(f["occurrences"][0]["location"].startswith("岗位表!") for f in mobiles)


def test_the_same_sheet_with_names_and_ids_blocks(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, roster = sheets
    code, out = run(capsys, "--format", "json", str(roster))
    assert code == 1
    report = json.loads(out)[0]["report"]
    assert report["verdict"] == "block"
    ids = [f for f in report["findings"] if f["category"] == "id_card"]
    assert sum(f["count"] for f in ids) == ROWS
    mobiles = [f for f in report["findings"] if f["category"] == "mobile_phone"]
    assert mobiles and all(f["severity"] == "block" for f in mobiles)
    # Blocks only: --min-severity leaves nothing out here, and the summary counts them all.
    code, out = run(capsys, "--min-severity", "block", str(roster))
    assert code == 1 and "pii.id_card" in out
