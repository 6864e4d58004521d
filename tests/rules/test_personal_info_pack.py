"""personal_info rules: labelled sensitive values fire, sentences about the topic do not."""

from __future__ import annotations

import pytest

from baomi_check import check


def found(text: str) -> list[tuple[str, str, str]]:
    return [
        (f.rule_id, f.severity.value, f.text)
        for f in check(text).findings
        if f.category == "personal_info"
    ]


@pytest.mark.parametrize(
    ("text", "rule", "severity", "evidence"),
    [
        ("姓名：张某，住院号：ZY20230001", "personal_info.medical_record", "block",
         "住院号：ZY20230001"),
        ("病案号: 000123", "personal_info.medical_record", "block", "病案号: 000123"),
        ("户主：李某；诊断：糖尿病、高血压", "personal_info.health", "review", "诊断：糖尿病、高血压"),
        ("宗教信仰：某教", "personal_info.religion", "review", "宗教信仰：某教"),
        ("犯罪记录：2010年因盗窃被判刑", "personal_info.criminal_record", "review",
         "犯罪记录：2010年因盗窃被判刑"),
        ("残疾等级：二级", "personal_info.disability", "review", "残疾等级：二级"),
        # A value that merely starts like a benign one is still health information.
        ("健康状况：一般性高血压", "personal_info.health", "review", "健康状况：一般性高血压"),
        ("健康状况：良好，患有糖尿病", "personal_info.health", "review", "健康状况：良好，患有糖尿病"),
        ("家庭住址：某某县城关镇解放路12号3单元", "personal_info.home_address", "review",
         "家庭住址：某某县城关镇解放路12号"),
        ("現住址：某某縣某某鎮和平街8號", "personal_info.home_address", "review",
         "現住址：某某縣某某鎮和平街8號"),
        # Where a person lives, written as a sentence (流调通报): house level only.
        ("确诊病例1，居住于某某县城关镇建设路锦绣小区3栋2单元501室，3月1日出现症状。",
         "personal_info.home_address_prose", "review",
         "居住于某某县城关镇建设路锦绣小区3栋2单元501室"),
        ("王某，暂住于幸福路88号院5号楼", "personal_info.home_address_prose", "review",
         "暂住于幸福路88号院5号楼"),
        ("该人员家住某某村三组12号。", "personal_info.home_address_prose", "review",
         "家住某某村三组12号"),
        # A diagnosis may start with a type number (found by the blind held-out corpus).
        ("出院诊断：2型糖尿病伴肾病", "personal_info.health", "review", "诊断：2型糖尿病伴肾病"),
    ],
)
def test_labelled_values_fire(text: str, rule: str, severity: str, evidence: str) -> None:
    assert (rule, severity, evidence) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "加强医疗健康信息保护，尊重公民宗教信仰自由，依法查询犯罪记录。",
        "住址：某某县某某镇某某村",  # masked down to the village, as the convention asks
        "犯罪记录：无",
        "病情稳定后出院。诊断标准见附件。",
        "残疾人两项补贴按照残疾等级分档发放。",
        "请携带病历、医保卡号码等材料到窗口办理。",
        "本单位住址：某某市人民路1号",  # an office address is not a home address
        # 干部任前公示 / 录用公示 fields that carry no health information.
        "姓名：张三，健康状况：健康，学历：大学",
        "健康状况：良好",
        "诊断日期：2024年3月1日",
        "本单位位于人民路1号。",
        "居住在城关镇的群众可就近办理。",
        "居住于锦绣小区的居民请配合核酸检测。",  # cut at the compound: the compliant form
    ],
)
def test_topic_sentences_stay_clean(text: str) -> None:
    assert found(text) == []
