"""The issue-14 prose/markings/wording/term-list cases: the file is what its seeded generator
writes, and the shapes the issue asks for are all there (caught and clean)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"corpus_{name}", CORPUS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_cases_file_is_what_the_generator_writes() -> None:
    assert _module("build_prose").main(["--check"]) == 0


def test_every_shape_has_caught_and_clean_cases() -> None:
    cases = [json.loads(line) for line in
             (CORPUS / "cases-prose.jsonl").read_text("utf-8").splitlines()]
    assert len(cases) >= 40
    groups = {"person", "marking", "wording", "terms"}
    for g in groups:
        mine = [c for c in cases if c["id"].startswith(f"prose-{g}-")]
        assert any(c["expected"] for c in mine), g
        assert any(not c["expected"] for c in mine), g
    assert all(c.get("terms") for c in cases if c["id"].startswith("prose-terms-"))
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
