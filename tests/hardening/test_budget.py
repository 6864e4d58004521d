"""The time budget of ``check()`` and the command line's per-file limit (issue 11 A.4, A.5).

The outcome of running out of time is documented and tested here: an *incomplete* report
(``incomplete=True``, a warning that says so, the findings made so far, a verdict that is never
``pass``) from the library; an error row from the batch.  Never a hang, never a clean pass, and
a hard timeout is never taken for a failed detector while the others go on."""

from __future__ import annotations

import random
import time
from typing import ClassVar

import pytest

from baomi_check import Checker, check
from baomi_check.batch import BatchOptions, check_path
from baomi_check.budget import BudgetExceeded, Deadline
from baomi_check.chunked import check_large
from baomi_check.detectors import DEFAULT_DETECTORS
from baomi_check.detectors.base import Candidate
from baomi_check.extract import FileTimeout
from baomi_check.models import FileResult
from baomi_check.report import write_results
from baomi_check.testing import synthetic_id, synthetic_mobile

ID = synthetic_id(random.Random(11))
TEXT = f"机密★5年\n身份证号：{ID}\n"


def test_an_exhausted_budget_gives_an_incomplete_report_never_a_pass() -> None:
    report = check("一段没有问题的文字。", timeout=1e-9)
    assert report.incomplete
    assert report.verdict != "pass"
    assert any("检查超时" in w for w in report.warnings)


def test_the_default_budget_is_the_config_and_none_means_unlimited() -> None:
    assert Checker.default().config.timeout == 60.0
    report = check(TEXT, timeout=None)
    assert not report.incomplete and report.verdict == "block"
    assert Deadline(None).remaining() is None and not Deadline(0).expired()


def test_a_huge_text_stops_between_windows_and_says_how_far_it_got() -> None:
    text = ("普通文字。\n" * 200_000) + TEXT
    report = check_large(text, chunk_chars=100_000, timeout=1e-9)
    assert report.incomplete and report.verdict != "pass"
    assert any("只检查了前 0 个字符" in w for w in report.warnings)


class _Calls:
    seen: ClassVar[list[str]] = []


class _SlowDetector:
    """Stands for a detector that overruns (sleeps past the file's limit)."""

    name: ClassVar[str] = "slow"

    @classmethod
    def build(cls, pack: object, config: object) -> _SlowDetector:
        return cls()

    def detect(self, doc: object) -> list[Candidate]:
        _Calls.seen.append(self.name)
        time.sleep(5)
        return []


class _AfterDetector(_SlowDetector):
    name: ClassVar[str] = "after"

    def detect(self, doc: object) -> list[Candidate]:
        _Calls.seen.append(self.name)
        return []


class _Raising(_SlowDetector):
    name: ClassVar[str] = "raising"

    def detect(self, doc: object) -> list[Candidate]:
        raise FileTimeout("hard limit")


def test_a_hard_timeout_inside_a_detector_is_not_swallowed() -> None:
    checker = Checker(detectors=[_Raising, _AfterDetector])
    _Calls.seen.clear()
    with pytest.raises(BudgetExceeded):
        checker.check("文字")
    assert _Calls.seen == []  # the next detector was not started


def test_the_cli_timeout_stops_the_work_and_reports_an_error(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "a.txt"  # type: ignore[operator]
    path.write_text(TEXT, encoding="utf-8")
    checker = Checker(detectors=[_SlowDetector, _AfterDetector])
    _Calls.seen.clear()
    t0 = time.monotonic()
    result = check_path(checker, str(path), BatchOptions(timeout=0.3))
    assert time.monotonic() - t0 < 4  # the 5-second detector was cut short
    assert result.error is not None and "超时" in result.error
    assert _Calls.seen == ["slow"]


def test_a_failed_detector_is_incomplete_without_a_traceback_on_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    class Broken(_SlowDetector):
        name: ClassVar[str] = "broken"

        def detect(self, doc: object) -> list[Candidate]:
            raise ValueError("bug")

    checker = Checker(detectors=[Broken, *DEFAULT_DETECTORS])
    report = checker.check("一段没有问题的文字。")
    assert report.incomplete and report.verdict == "review"
    assert "Traceback" not in capfd.readouterr().err


def test_an_incomplete_file_is_never_shown_as_passed() -> None:
    import io

    report = check("一段没有问题的文字。", timeout=1e-9)
    result = FileResult(path="big.txt", report=report, error="处理超时（超过 60 秒），检查不完整")
    out = io.StringIO()
    write_results([result], "text", out)
    text = out.getvalue()
    assert "错误" in text and "通过 0" not in text.split("\n")[0]
    assert "出错 1" in text and "通过 1" not in text


def test_a_single_line_is_read_once_not_once_per_number(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 20 MB single line was quadratic: for every phone number the whole line was searched
    again for unit words and names (and, before the table model, split into cells)."""
    from baomi_check.detectors.identifiers import IdentifierDetector

    calls = 0
    real = IdentifierDetector._unit_line

    def counting(self: IdentifierDetector, sc: object, li: int) -> bool:
        nonlocal calls
        calls += 1
        return real(self, sc, li)  # type: ignore[arg-type]

    monkeypatch.setattr(IdentifierDetector, "_unit_line", counting)
    rng = random.Random(5)
    line = "，".join(f"值班电话{synthetic_mobile(rng)}" for _ in range(200)) + "。"
    report = check(line)
    assert sum(f.count for f in report.findings if f.category == "mobile_phone") == 200
    assert calls <= 1
