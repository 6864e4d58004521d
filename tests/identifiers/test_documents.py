"""Passports and travel permits: context required (cn-formats §3.5, §3.12)."""

from __future__ import annotations

import pytest

from baomi_check.models import Severity

from .conftest import Find

SHAPES = [
    "E00000001",
    "EA0000001",
    "G00000001",
    "DE0000001",
    "SE0000001",
    "PE0000001",
    "C00000001",
    "CA0000001",
    "H00000001",
    "M0000000100",
    "K00000001",
    "MA0000001",
]


@pytest.mark.parametrize("number", SHAPES)
def test_documents_with_context_block(find: Find, number: str) -> None:
    (f,) = find(f"护照/通行证号码：{number}", "travel_document")
    assert f.severity is Severity.BLOCK and f.text == number
    letters = len(number) - len(number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert f.suggestion.startswith(number[:letters]) and f.suggestion.endswith(number[-3:])
    assert "*" in f.suggestion


@pytest.mark.parametrize("number", SHAPES[:4])
def test_same_shapes_without_context_are_silent(find: Find, number: str) -> None:
    assert find(f"零件型号{number}", "travel_document") == []


@pytest.mark.parametrize(
    "number", ["EI0000001", "E0000001", "E123456789", "CO0000001", "E00000001A"]
)
def test_invalid_shapes(find: Find, number: str) -> None:
    assert find(f"护照号码：{number}", "travel_document") == []


def test_label_after_the_number(find: Find) -> None:
    (f,) = find("E00000001（护照）", "travel_document")
    assert f.text == "E00000001"


def test_taiwan_permit_needs_its_own_context(find: Find) -> None:
    (f,) = find("台胞证号码：00000001", "travel_document")
    assert f.text == "00000001"
    assert find("护照号码：00000001", "travel_document") == []


def test_machine_readable_zone(find: Find) -> None:
    (f,) = find("P<CHNZHANG<<SAN<<<<<<<<<<<<<<<", "travel_document")
    assert f.severity is Severity.BLOCK
