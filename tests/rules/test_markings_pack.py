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
        # 公开属性 附注 in its other wordings, and as a 版记 field.
        ("正文。\n（此件不宜公开）", "marking.not_public", "block"),
        ("正文。\n（此件不对外公开）", "marking.not_public", "block"),
        ("正文。\n（本件不公开）", "marking.not_public", "block"),
        ("正文。\n（此文件不公开）", "marking.not_public", "block"),
        ("正文。\n（此件不得上网）", "marking.not_public", "block"),
        ("正文。\n此件不得上网公开", "marking.not_public", "block"),  # no brackets
        ("正文。\n（不予公开）", "marking.not_public", "block"),
        ("正文。\n公开方式：依申请公开", "marking.not_public", "block"),
        ("正文。\n信息公开选项：不予公开", "marking.not_public", "block"),
        ("目录：某某通知，公开方式：不予公开，2024年", "marking.not_public", "review"),
        ("正文。\n（此件仅供内部使用）", "marking.internal_reference", "review"),
        # Any document noun as the subject (found by the blind held-out corpus).
        ("正文。\n本纪要不得外传。", "marking.circulation_limit", "review"),
        ("正文。\n该材料请勿外传", "marking.circulation_limit", "review"),
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
        "公开方式：主动公开",
        "（此件删减后公开）",
        "对决定不予公开的，应当告知申请人并说明理由。",
        "涉及国家秘密的政府信息不予公开。",
        "本件不公开的部分已作删除处理，其余内容主动公开。" * 2,
        "会议要求：各单位不得外传文件内容，确保信息安全。",  # a sentence, not a stamp
    ],
)
def test_markings_innocent_look_alikes(text: str) -> None:
    assert _marks(text) == []
