"""The ``identifiers:`` section: validated, overridable by a user's pack, errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from baomi_check.detectors.identifiers import IdentifierDetector
from baomi_check.detectors.identifiers.settings import load_settings
from baomi_check.engine import Checker
from baomi_check.models import Severity
from baomi_check.rulepack import RuleError, builtin_rules_dir, load_pack


def test_builtin_section_loads() -> None:
    s = load_settings(load_pack(builtin_rules_dir()))
    assert s.mobile_blocks is not None and str(s.mobile_blocks.as_of) == "2023-03-31"
    assert "身份证" in s.context["id_card"]
    assert s.mask_policy.id18.head == 6


def test_user_pack_overrides_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "identifiers:\n"
        "  mask_policy:\n"
        "    id18: {head: 2, tail: 3}\n"
        "  context:\n"
        "    mobile_phone: [手机]\n"
        "  mobile_list_min_lines: 2\n",
        encoding="utf-8",
    )
    checker = Checker.from_rules(tmp_path, config=None)
    checker.detectors = [
        d for d in checker.detectors if isinstance(d, IdentifierDetector)
    ]
    s = checker.detectors[0].settings  # type: ignore[attr-defined]
    assert s.mask_policy.id18.head == 2
    assert s.context["mobile_phone"] == ["手机"]
    assert "身份证" in s.context["id_card"]  # other categories kept from the built-in pack
    assert s.mobile_blocks is not None  # untouched keys kept
    rep = checker.check("公民身份号码110101188001010011")
    assert rep.findings[0].suggestion == "11*************011"
    rep = checker.check("张三 13800000000\n李四 13900000000")
    assert all(f.severity is Severity.BLOCK for f in rep.findings)


def test_bad_section_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "identifiers:\n  context_before: 20\n  mobile_list_min_lines: one\n", encoding="utf-8"
    )
    with pytest.raises(RuleError) as exc:
        Checker.from_rules(tmp_path)
    assert "bad.yaml:3" in str(exc.value)
