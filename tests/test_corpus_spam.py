"""``corpus/cases-spam.jsonl`` is exactly what ``corpus/build_spam.py`` writes, and has the
shape issue 13 asks for: at least 60 spam/hidden-content cases and 40 clean look-alikes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_spam_corpus_file_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("build_spam", CORPUS / "build_spam.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    assert mod.main(["--check"]) == 0


def test_spam_corpus_shape() -> None:
    cases = [json.loads(x) for x in (CORPUS / "cases-spam.jsonl").read_text("utf-8").splitlines()]
    blocked = [c for c in cases if c["verdict"] == "block"]
    clean = [c for c in cases if c["verdict"] != "block"]
    assert len(blocked) >= 60
    assert len(clean) >= 40
    assert sum(1 for c in blocked if "<" in c["text"]) >= 10  # hidden-content pages
