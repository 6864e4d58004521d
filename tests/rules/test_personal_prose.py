"""Sensitive personal information in sentences about a named person (issue 14 item 3,
``detectors/prose.py`` with ``rules/personal_prose.yaml``).  All names and numbers synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import Checker, check
from baomi_check.rulepack import RuleError
from baomi_check.testing import id_number


def prose(text: str) -> list[tuple[str, str, str]]:
    return [(f.rule_id.removeprefix("personal_info.prose_"), f.severity.value, f.text)
            for f in check(text).findings if f.rule_id.startswith("personal_info.prose_")]


@pytest.mark.parametrize(
    ("text", "kind", "evidence"),
    [
        ("张某某因患尿毒症长期透析，家庭生活困难。", "health", "因患尿毒症长期透析"),
        ("赵卫东因患尿毒症长期透析。", "health", "因患尿毒症长期透析"),
        ("患者李红，女，确诊为乳腺癌晚期。", "health", "确诊为乳腺癌晚期"),
        ("经镇村两级评议，拟将赵卫东纳入低收入人口动态监测范围。家庭主要困难：本人诊断为肺结核，"
         "长期服药，无劳动能力。", "health", "诊断为肺结核，长期服药"),
        ("村民孙某系二级肢体残疾。", "disability", "肢体残疾"),
        ("李某信仰天主教。", "religion", "信仰天主教"),
        ("村民马某某是虔诚的伊斯兰教信徒。", "religion", "是虔诚的伊斯兰教信徒"),
        ("村民陈国平，系刑满释放人员（2018年因盗窃罪被判处有期徒刑二年），目前在村务工。",
         "criminal_record", "刑满释放人员（2018年因盗窃罪被判处有期徒刑二年"),
        ("犯罪嫌疑人王某（男，32岁）被依法刑事拘留。", "criminal_record", "被依法刑事拘留"),
        ("采集犯罪嫌疑人张某的指纹信息。", "biometric", "指纹信息"),
        ("经查，周某名下有存款12万元。", "financial", "名下有存款12万元"),
        ("确诊病例张某某的活动轨迹如下。", "whereabouts", "活动轨迹"),
        ("王小明，男，8岁，就读于某某小学三年级。", "minor", "8岁，就读于某某小学"),
        ("其子王某（6岁）在某某幼儿园就读。", "minor", "6岁"),
        ("张三家住某某县某某镇某某村3组。", "home_address", "家住某某县某某镇某某村3组"),
        ("1\t黄某芬\t东岭镇桃花村\t因患胃癌住院治疗\t5000", "health", "因患胃癌住院治疗"),
        ("據查，張某某因患尿毒症長期透析。", "health", "因患尿毒症長期透析"),  # Traditional
    ],
)
def test_named_person_with_a_sensitive_attribute_is_review(
    text: str, kind: str, evidence: str
) -> None:
    assert prose(text) == [(kind, "review", evidence)]


def test_an_identifier_of_the_person_in_the_sentence_makes_it_block() -> None:
    pid = id_number("11010118800101001")
    found = prose(f"张某某，身份证号{pid}，因患尿毒症长期透析。")
    assert found == [("health", "block", "因患尿毒症长期透析")]
    found = prose("村民李某（联系电话13800000000）信仰天主教。")
    assert found == [("religion", "block", "信仰天主教")]
    # A masked number identifies nobody: review.
    assert prose("村民李某（联系电话138****0000）信仰天主教。") == [
        ("religion", "review", "信仰天主教")]


def test_message_names_the_person_masked() -> None:
    f = next(f for f in check("村民陈国平，系刑满释放人员。").findings
             if f.category == "personal_info")
    assert "陈某" in f.message and "陈国平" not in f.message


@pytest.mark.parametrize(
    "text",
    [
        "对尿毒症患者实行门诊慢特病保障，减轻患者负担。",
        "县委统战部、县民宗局联合开展《宗教事务条例》宣传月活动，引导信教群众依法开展宗教活动，"
        "保护公民宗教信仰自由。",
        "县司法局做好刑满释放人员安置帮教工作，全县共有刑满释放人员326名。",
        "安置刑满释放人员就业。",
        "市第一人民医院尿毒症透析中心开诊。",
        "市公安局破获一起盗窃案，抓获犯罪嫌疑人3名，均已被依法刑事拘留。",
        "经市委研究决定，任命刘志强同志为市卫生健康委员会主任。",
        "张三同志因病医治无效，于2023年5月1日逝世，享年85岁。",
        "省委书记王国强在调研时强调，要做好刑满释放人员安置帮教工作。",
        "市人民医院肾内科主任李建华介绍，该院今年为200余名尿毒症患者提供血液透析服务。",
        "县民宗局局长陈立新出席佛教协会第五次代表会议，他指出要加强宗教事务管理。",
        "据了解，王庄村共有低保户32户，其中因患重病致贫的有12户。",
        "他强调，要关心关爱尿毒症患者、白血病儿童等困难群体。",
        "高血压患者应当定期复查，糖尿病患者要控制饮食。",
        "学校要求各年级学生不得携带手机，实验小学三年级学生参加了活动。",
        "依照刑法，犯盗窃罪的，处三年以下有期徒刑。对刑满释放人员，不得歧视。",
        "全省共有在押人员5万余人，社区矫正对象3万余人。",
        "周边群众反映强烈，安置房建设进度缓慢。",
        "金融机构要做好个人征信服务。",
        "李村派出所民警张伟提醒，居民应当保管好自己的银行卡和密码。",
        "6岁以下儿童免费乘车，14周岁以下未成年人须由监护人陪同。",
        "王某某县于某年某月开展专项行动。",  # 某某县 is a place
        "村民王某介绍，该村采用人脸识别门禁系统。",  # biometric needs the person right before
    ],
)
def test_look_alikes_stay_clean(text: str) -> None:
    assert prose(text) == []


def test_a_person_named_only_in_an_earlier_sentence_without_a_pronoun_is_not_linked() -> None:
    assert prose("村民陈某参加了会议。会上通报了刑满释放人员安置情况。") == []


def test_user_pack_can_add_a_disease(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "prose_personal:\n  vocabulary:\n    diseases: [某某综合征]\n", encoding="utf-8")
    checker = Checker.from_rules(tmp_path)
    found = [f.text for f in checker.check("张某某因患某某综合征住院。").findings]
    assert found == ["因患某某综合征"]


def test_bad_kind_regex_is_a_rule_error(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "prose_personal:\n  kinds:\n    health:\n      triggers: [患]\n"
        "      regex: '(?:<<nosuchlist>>)'\n      message: m\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        Checker.from_rules(tmp_path)
    assert "prose_personal.kinds.health.regex" in str(err.value)


_PIECES = ["张某某", "因患尿毒症", "长期透析", "村民", "陈国平", "，", "。", "\n", "系刑满释放人员",
           "信仰天主教", "本人", "诊断为肺结核", "\u200b", "（", "）", "8岁", "就读于某某小学",
           "家住某村3组", "鎮(zhèn)", "機(jī)", "關(guān)", "\t"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_evidence_is_always_the_original_text(text: str) -> None:
    report = check(text)
    assert report.warnings == []
    for f in report.findings:
        assert text[f.start:f.end] == f.text
