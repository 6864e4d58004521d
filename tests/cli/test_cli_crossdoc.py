"""The same number masked differently in two files of one batch is reported (cn-formats §5.5:
inconsistent masks across pages let a reader recombine the number); look-alikes are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baomi_check import Checker
from baomi_check.cli import main
from baomi_check.crossdoc import BatchMasks
from baomi_check.models import FileResult
from baomi_check.testing import id_number

ID = id_number("11010118800101001")  # synthetic: born 1880
OTHER = id_number("11010118800101002")


def mask(value: str, shown: set[int]) -> str:
    return "".join(c if i in shown else "*" for i, c in enumerate(value))


HEAD_TAIL = set(range(6)) | set(range(14, 18))  # 110101********xxxx (the common policy)
MIDDLE = {0, 1} | set(range(6, 14))  # 11****18800101****: shows what the other hides


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str],
        jobs: int = 1) -> list[dict]:  # type: ignore[type-arg]
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    main(["--no-config", "--format", "jsonl", "-q", "--no-progress", "-j", str(jobs),
          str(tmp_path)])  # fmt: skip
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _inconsistent(rows: list[dict]) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [
        (Path(r["path"]).name, f)
        for r in rows
        for f in (r["report"] or {}).get("findings", [])
        if f["rule_id"] == "pii.inconsistent_mask"
    ]


def test_two_files_that_recombine_a_number_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run(tmp_path, capsys, {
        "a.txt": f"救助对象公示\n张某 身份证号：{mask(ID, HEAD_TAIL)}\n",
        "b.txt": f"补贴发放名单\n张某 身份证号：{mask(ID, MIDDLE)}\n",
    })  # fmt: skip
    (found,) = _inconsistent(rows)
    name, f = found
    assert name == "b.txt" and f["severity"] == "block" and f["category"] == "id_card"
    assert "a.txt 第2行" in f["message"] and "还原完整号码" in f["message"]
    assert f["text"] == mask(ID, MIDDLE)
    assert ID not in json.dumps(rows, ensure_ascii=False)  # nothing reveals the number


def test_pairs_are_found_in_parallel_runs_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {f"f{i:02d}.txt": "通知正文，无个人信息。\n" for i in range(8)}
    files["a.txt"] = f"张某 身份证号：{mask(ID, HEAD_TAIL)}\n"
    files["b.txt"] = f"张某 身份证号：{mask(ID, MIDDLE)}\n"
    found = _inconsistent(run(tmp_path, capsys, files, jobs=2))
    assert len(found) == 1 and found[0][0] in {"a.txt", "b.txt"}  # on the later one, once


@pytest.mark.parametrize(
    "second",
    [
        f"张某 身份证号：{mask(ID, HEAD_TAIL)}\n",  # the same mask: consistent
        f"李某 身份证号：{mask('32010118800101002X', MIDDLE)}\n",  # digits both show differ
        "李某 手机：138****0000\n",  # another kind
    ],
)
def test_look_alikes_are_not_pairs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], second: str
) -> None:
    rows = run(tmp_path, capsys, {"a.txt": f"张某 身份证号：{mask(ID, HEAD_TAIL)}\n",
                                  "b.txt": second})  # fmt: skip
    assert _inconsistent(rows) == []


def test_a_key_shared_by_several_people_pairs_nobody(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two earlier people show the same digits where the new mask also shows digits: the
    pairing is a guess, so nothing is reported."""
    rows = run(tmp_path, capsys, {
        "a.txt": f"张某 身份证号：{mask(ID, HEAD_TAIL)}\n",
        "b.txt": f"王某 身份证号：{mask(OTHER[:14] + ID[14:], HEAD_TAIL)}\n",
        "c.txt": f"张某 身份证号：{mask(ID, MIDDLE)}\n",
    })  # fmt: skip
    # a and b show the same head and tail; c's middle pairs with either: ambiguous.
    assert [n for n, _ in _inconsistent(rows)] == []


def test_batch_masks_on_reports_from_the_library() -> None:
    """A CMS can run the same comparison over the reports of the pages it publishes."""
    checker = Checker.default()
    masks = BatchMasks.for_checker(checker)
    assert masks is not None
    first = FileResult(path="甲.html", report=checker.check(f"身份证号：{mask(ID, HEAD_TAIL)}"))
    second = FileResult(path="乙.html", report=checker.check(f"身份证号：{mask(ID, MIDDLE)}"))
    assert masks.add(first).report.findings == []  # type: ignore[union-attr]
    out = masks.add(second).report
    assert out is not None and out.verdict == "block"
    # (the middle mask shows the birth date, which is also a non-compliant mask on its own)
    assert sorted(f.rule_id for f in out.findings) == [
        "pii.inconsistent_mask", "pii.mask_noncompliant"
    ]


@pytest.mark.parametrize(
    "directive",
    ["  <!-- baomi-check: allow -->", "  <!-- baomi-check: allow pii.inconsistent_mask -->"],
)
def test_an_inline_allow_on_the_line_keeps_the_value_out_of_pairing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], directive: str
) -> None:
    """The pairing is made in the parent, without the text; the worker drops masked values
    that a directive covers, as it would drop the finding itself."""
    rows = run(tmp_path, capsys, {
        "a.txt": f"张某 身份证号：{mask(ID, HEAD_TAIL)}\n",
        "b.txt": f"张某 身份证号：{mask(ID, MIDDLE)}{directive}\n",
    })  # fmt: skip
    assert _inconsistent(rows) == []
