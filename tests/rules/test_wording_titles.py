"""Official title forms, renamed bodies and the 新华社 cautioned wording (issue 14 item 6)."""

from __future__ import annotations

import pytest

from baomi_check import check


def wording(text: str) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.severity.value, f.text) for f in check(text).findings
            if f.category == "wrong_expression"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中共广东省省委书记出席会议。", ("wording.title", "block", "中共广东省省委书记")),
        ("中共长沙市市委副书记讲话。", ("wording.title", "block", "中共长沙市市委副书记")),
        ("中共某某县县委常委会议召开。", ("wording.title", "block", "中共某某县县委常委")),
        ("长沙市市委书记出席。", ("wording.title", "review", "市市委书记")),
        ("全国人大副委员长出席。", ("wording.title", "block", "全国人大副委员长")),
        ("省人大副主任讲话。", ("wording.title", "review", "省人大副主任")),
        ("审计署署长作报告。", ("wording.title", "block", "审计署署长")),
        ("国务院办公室印发通知。", ("wording.title", "block", "国务院办公室")),
        ("2023年6月，国家卫生计生委印发通知。",
         ("wording.obsolete_name", "review", "国家卫生计生委")),
        ("国土资源部会同有关部门开展调查。", ("wording.obsolete_name", "review", "国土资源部")),
        ("村长张某主持会议。", ("wording.standard", "review", "村长")),
        ("省人大常委审议了议案。", ("wording.standard", "review", "人大常委")),
        ("践行八荣八耻。", ("wording.standard", "review", "八荣八耻")),
        ("扩大世贸组织成员国之间的合作。", ("wording.standard", "review", "世贸组织成员国")),
        ("加强中港合作。", ("wording.standard", "review", "中港")),
        ("不得歧视瞎子、聋子。", ("wording.standard", "review", "瞎子")),
    ],
)
def test_wrong_forms(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in wording(text)


@pytest.mark.parametrize(
    "text",
    [
        "中共广东省委书记出席会议。",
        "中共长沙市委副书记讲话。",
        "长沙市委书记出席。",
        "全国人大常委会副委员长出席。",
        "省人大常委会副主任讲话，提请省人大常委会审议。",
        "审计长作审计工作报告。",
        "国务院办公厅印发通知。国务院台湾事务办公室举行发布会。",
        "国家卫生健康委印发通知。",
        "原国家卫生计生委于2015年印发的文件继续有效。",
        "2009年，国土资源部会同有关部门开展调查。",  # written while the name was right
        "农村长期存在的问题，村主任、村委会主任和大学生村官参加。",
        "社会主义荣辱观，世贸组织成员，内地与香港合作。",
        "城市市容整治，全省省级机关。",
        "中共中央委员会，中共中央政治局常委会。",
        "对某某同志的任免决定。",  # 同志 usage is not a rule
    ],
)
def test_correct_forms_stay_clean(text: str) -> None:
    assert wording(text) == []


def test_every_new_entry_has_a_source_and_a_suggestion() -> None:
    from baomi_check.rulepack import builtin_rules_dir, load_pack

    pack = load_pack(builtin_rules_dir() / "wording_xinhua.yaml", builtin_rules_dir()
                     / "wording_titles.yaml")
    assert len(pack.terms) + len(pack.patterns) >= 40
    for t in pack.terms:
        assert t.suggestion and t.rationale and t.suggestion != t.term, t.term
    for p in pack.patterns:
        assert p.suggestion and p.rationale, p.id
