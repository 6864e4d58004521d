"""The default wording pack: each wrong form is found with its correct form as the suggestion,
and the correct form (the innocent look-alike) is clean."""

from __future__ import annotations

import pytest

from baomi_check import check
from baomi_check.rulepack import TermRule, builtin_rules_dir, load_pack

WORDING = [t for t in load_pack(builtin_rules_dir()).terms if t.category == "wrong_expression"]


def test_every_wording_entry_names_its_source_and_fix() -> None:
    assert len(WORDING) >= 20
    for t in WORDING:
        assert t.suggestion and t.rationale, t.term
        assert len(t.term) >= 2


@pytest.mark.parametrize("t", WORDING, ids=lambda t: t.term)
def test_wrong_form_found_with_suggestion(t: TermRule) -> None:
    text = f"会议强调，要深刻认识{t.term}的重要意义。"
    found = [f for f in check(text).findings if f.category == "wrong_expression"]
    assert len(found) == 1
    f = found[0]
    assert f.text == t.term
    assert f.suggestion == t.suggestion
    assert f.severity == t.severity


@pytest.mark.parametrize("t", [t for t in WORDING if t.rule == "wording.slogan"],
                         ids=lambda t: t.term)
def test_correct_form_is_clean(t: TermRule) -> None:
    assert t.suggestion is not None
    text = f"会议强调，要深刻认识{t.suggestion}的重要意义。"
    assert [f for f in check(text).findings if f.category == "wrong_expression"] == []


def test_traditional_and_full_width_variants_are_caught() -> None:
    assert check("堅持一國兩治方針").verdict == "block"
    assert check("中華人民共合國").verdict == "block"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("共建“一带一路”战略合作", "review"),
        ("共建“一带一路”倡议", "pass"),
        ("共建一带一路战略", "review"),
        ("保障残疾人合法权益", "pass"),
        ("不得歧视残废人", "review"),
        ("台湾地区领导人", "pass"),
    ],
)
def test_standard_wording(text: str, verdict: str) -> None:
    assert check(text).verdict == verdict


@pytest.mark.parametrize(
    ("text", "rule", "evidence"),
    [
        ("坚持不忘初衷、牢记使命，推进工作。", "wording.slogan", "不忘初衷、牢记使命"),
        ("关于北朝鲜核问题的报道", "wording.standard", "北朝鲜"),
    ],
)
def test_entries_found_by_the_held_out_corpus(text: str, rule: str, evidence: str) -> None:
    assert [(f.rule_id, f.text) for f in check(text).findings] == [(rule, evidence)]


@pytest.mark.parametrize(
    "text",
    ["不忘初衷，砥砺前行。", "东北朝鲜族自治州", "河北朝鲜族聚居区", "湖北朝鲜语培训", "朝鲜半岛局势"],
)
def test_their_look_alikes_stay_clean(text: str) -> None:
    assert check(text).findings == []
