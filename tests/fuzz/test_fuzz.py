"""Bounded fuzzing of the public entry points (issue 11 "Must show"): ``check()`` on mixed
text, every reader on mutated valid files through the public extract entry point, and
``redact`` on the same mutants and on special files.

Derandomized (the same examples every CI run) and bounded to a few thousand examples in total;
``tests/fuzz/README.md`` says how to run it longer or with atheris.  What is asserted is what
must hold for *any* input: no exception but the documented ones, offsets into the original,
the engine's own time budget not exhausted, nothing but the output written."""

from __future__ import annotations

import os
import random
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "extract"))
import contextlib

from fuzzing import examples

from baomi_check import check
from baomi_check.extract import ExtractError, extract_bytes
from baomi_check.testing import synthetic_id, synthetic_mobile

_RNG = random.Random(7)
_PIECES = [
    "机密★5年", "秘密", "★", "☆", "绝 密", "工作秘密", "内部资料 注意保存", "身份证号：", "手机：",
    synthetic_id(_RNG), synthetic_mobile(_RNG), "6222020200112233445", "账号：", "1" * 40,
    "zhōng", "guó（guó）", "bǎo mì", "<div style=\"display:none\">", "</div>", "<a href=\"http://x.invalid\">",
    "</a>", "<p>", "&#26426;&#23494;", "<!-- baomi-check: allow -->", "\n", "\r\n", "\t", "  ",
    "，", "。", "|", "(", "（", "保密工作", "福利彩票", "六合彩", "张三", "138****0000", "*", "0",
]  # fmt: skip

TEXTS = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=5)), max_size=60).map("".join),
)


@settings(max_examples=examples(1500), derandomize=True, deadline=None)
@given(TEXTS)
def test_check_holds_on_any_text(text: str) -> None:
    report = check(text, timeout=20.0)
    # The engine's own budget: a few hundred characters never come near it (the old bank-account
    # pattern took hours on 9,999 characters; every pattern is linear now).
    assert not report.incomplete, report.warnings
    for f in report.findings:
        assert text[f.start : f.end] == f.text
        for o in f.occurrences:
            assert text[o.start : o.end] == f.text


# --- readers on mutated valid files ------------------------------------------------------------


def _valid_files() -> dict[str, bytes]:
    import tempfile

    from baomi_testfiles import make_cjk_pdf, make_docx, make_xlsx

    out: dict[str, bytes] = {
        "txt": f"机密★5年\n身份证号：{synthetic_id(_RNG)}\n".encode(),
        "md": "# 通知\n\n| 姓名 | 手机 |\n|---|---|\n| 张三 | 13800000000 |\n".encode(),
        "csv": f"姓名,身份证号\n张三,{synthetic_id(_RNG)}\n".encode("gb18030"),
        "html": ("<html><body><p>机密★5年</p><div style='display:none'><a href='http://x.invalid'>"
                 "六合彩</a></div></body></html>").encode(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        out["docx"] = make_docx(Path(tmp) / "a.docx").read_bytes()
        out["xlsx"] = make_xlsx(Path(tmp) / "a.xlsx").read_bytes()
        out["pdf"] = make_cjk_pdf(Path(tmp) / "a.pdf", ["机密★5年\n第一页", "第二页"]).read_bytes()
    return out


VALID = _valid_files()


@st.composite
def mutants(draw: st.DrawFn, kind: str) -> bytes:
    data = bytearray(VALID[kind])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        i = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i : i + draw(st.integers(1, 64))]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif data:
            j = draw(st.integers(i, min(len(data), i + 256)))
            data[j:j] = data[i:j]
    return bytes(data)


def _read(kind: str, data: bytes) -> None:
    try:
        doc = extract_bytes(data, kind)
    except ExtractError as exc:
        assert str(exc)  # a message for the user, in their language
        return
    report = check(doc.text, timeout=20.0)
    for f in report.findings:
        assert doc.text[f.start : f.end] == f.text


@pytest.mark.parametrize("kind", sorted(VALID))
@settings(max_examples=examples(80), derandomize=True, deadline=None)
@given(data=st.data())
def test_every_reader_on_mutated_files(kind: str, data: st.DataObject) -> None:
    _read(kind, data.draw(mutants(kind)))


def _redact(kind: str, data: bytes) -> None:
    import tempfile

    from baomi_check.redact import RedactError, redact

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in.{kind}"
        src.write_bytes(data)
        with contextlib.suppress(RedactError):
            redact(src, Path(tmp) / f"out.{kind}")
        assert src.read_bytes() == data  # the input is never modified
        assert {p.name for p in Path(tmp).iterdir()} <= {src.name, f"out.{kind}"}


@pytest.mark.parametrize("kind", sorted(VALID))
@settings(max_examples=examples(25), derandomize=True, deadline=None)
@given(data=st.data())
def test_redact_on_mutated_files(kind: str, data: st.DataObject) -> None:
    _redact(kind, data.draw(mutants(kind)))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_redact_on_special_files_neither_hangs_nor_copies(tmp_path: Path) -> None:
    from baomi_check.redact import RedactError, redact

    docs = tmp_path / "docs"
    docs.mkdir()
    os.mkfifo(docs / "pipe.txt")
    (docs / "zero.txt").symlink_to("/dev/zero")
    (docs / "loop").symlink_to(docs)
    (docs / "ok.txt").write_text(f"身份证号：{synthetic_id(_RNG)}\n", encoding="utf-8")

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("redact hung on a special file")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with contextlib.suppress(RedactError):
            redact(docs, tmp_path / "out")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    written = {p.name for p in (tmp_path / "out").rglob("*")} if (tmp_path / "out").exists() else set()
    assert "pipe.txt" not in written and "zero.txt" not in written
