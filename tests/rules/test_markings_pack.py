"""The internal-use marking patterns of ``rules/markings.yaml`` (cn-formats §4.5, §4.7):
a stamp or 附注 line counts; a sentence that talks about the same words does not."""

from __future__ import annotations

import pytest

from baomi_check import check


def _marks(text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.severity.value) for f in check(text).findings
            if f.category == "internal_marking"]


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        ("工作秘密\n关于调整值班安排的通知", "marking.work_secret", "block"),
        ("警务工作秘密\n关于…", "marking.work_secret", "block"),
        ("内部资料　注意保存\n2024年第3期", "marking.internal_material", "block"),
        ("内部资料\n工作简报", "marking.internal_material", "review"),
        ("内部发行\n统计资料汇编", "marking.internal_material", "review"),
        ("内部明电\n各县区：", "marking.internal_telegram", "block"),
        ("本材料仅供内部参考。", "marking.internal_reference", "review"),
        ("领导参阅\n第12期", "marking.internal_reference", "review"),
        ("此表仅限内部使用。", "marking.internal_reference", "review"),
        ("正文。\n（此件不得外传）", "marking.circulation_limit", "review"),
        ("正文。\n阅后收回", "marking.circulation_limit", "review"),
        ("正文。\n（此件发至县级）", "marking.distribution_scope", "review"),
        ("正文。\n（此件不公开）", "marking.not_public", "block"),
        ("正文。\n（此件依申请公开）", "marking.not_public", "block"),
        ("关于XX管理办法（征求意见稿）\n各单位：", "marking.draft", "review"),
    ],
)
def test_markings_positive(text: str, rule: str, severity: str) -> None:
    assert (rule, severity) in _marks(text)


@pytest.mark.parametrize(
    "text",
    [
        "加强工作秘密管理，严格落实保密责任制。",
        "建立健全内部控制制度和内部审计制度。",
        "内部资料性出版物须取得准印证。",
        "（此件公开发布）",
        "（此件主动公开）",
        "各部门要注重内部管理，提升效能。",
        "本单位对送审稿进行了认真研究，现将修改情况说明如下。" * 3,
        "负责会议室的日常管理和内部使用安排。",
    ],
)
def test_markings_innocent_look_alikes(text: str) -> None:
    assert _marks(text) == []
