"""Build ``corpus/cases-prose.jsonl``: labelled cases for issue 14 items 3, 5, 6 and 7, seeded.

Same case shape as ``corpus/build.py`` (``id``, ``text``, ``expected`` [{category, text, start,
severity}], ``verdict``, ``note``); a case may also carry ``terms`` (a user's keyword list, checked
as ``--terms`` would, see ``score.py``).  The shapes:

* personal data written as sentences about a named person (health, religion, criminal record,
  disability, a minor's age and school, home address, whereabouts, finances, biometrics), in
  short snippets and in 困难救助 / 矛盾纠纷排查 / 流调通报 style documents, and their look-alikes
  that name nobody (policy, statistics, hospital names, officials in 任免 notices and news);
* classified marks as converted documents deliver them: header fields after the mark (签发人,
  紧急程度, 发文字号), stars damaged to U+FFFD, ``?``, NUL or a private-use glyph, inline pinyin
  without brackets; and the same damage where it is no mark (in the body, a question);
* official title forms (中共某省省委书记) and 新华社 cautioned wording, with their correct forms;
* users' keyword lists: a project code name in the contexts where jieba used to cut it, a list
  written in Traditional characters, and texts where the list has no hit.

All people are synthetic: names are drawn from a fixed list of invented combinations, ID numbers
have computed check characters and birth years before 1900, mobile numbers end in ``0000``.
Run ``python corpus/build_prose.py`` to rewrite the file; ``--check`` fails when it is stale.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from baomi_check.testing import id_number

HERE = Path(__file__).resolve().parent
OUT = HERE / "cases-prose.jsonl"
SEED = 20261206
RANK = {"info": 0, "review": 1, "block": 2}

# Invented full names (surname + given name); none is a word of ordinary text.
NAMES = ["陈国平", "赵卫东", "刘春燕", "孙秀英", "周德胜", "吴海鹏", "郑桂兰", "马志强", "黄淑芬",
         "徐海涛", "林晓雪", "何建英", "罗玉梅", "梁振宇", "宋丽萍", "韩志刚"]
TOWNS = ["青石镇", "柳塘镇", "白沙乡", "云溪镇", "桃源乡", "梅岭街道"]
VILLAGES = ["红星村", "和平村", "双桥村", "金竹村", "枫林村", "团结村"]


@dataclass
class Doc:
    """Text assembled piece by piece; every expected finding is recorded where it is written."""

    parts: list[str] = field(default_factory=list)
    expected: list[dict[str, object]] = field(default_factory=list)
    pos: int = 0

    def t(self, s: str) -> Doc:
        self.parts.append(s)
        self.pos += len(s)
        return self

    def e(self, category: str, s: str, severity: str) -> Doc:
        self.expected.append({"category": category, "text": s, "start": self.pos,
                              "severity": severity})
        return self.t(s)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Corpus:
    cases: list[dict[str, object]] = field(default_factory=list)

    def add(self, cid: str, doc: Doc, note: str, terms: list[str] | None = None) -> None:
        text = doc.text
        for e in doc.expected:
            s = int(e["start"])  # type: ignore[call-overload]
            assert text[s:s + len(str(e["text"]))] == e["text"], (cid, e)
        best = max((RANK[str(e["severity"])] for e in doc.expected), default=0)
        case: dict[str, object] = {
            "id": f"prose-{cid}", "text": text, "expected": doc.expected,
            "verdict": {2: "block", 1: "review", 0: "pass"}[best], "note": note,
        }
        if terms:
            case["terms"] = terms
        self.cases.append(case)


class Synth:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self._names = list(NAMES)
        self.r.shuffle(self._names)

    def name(self) -> str:
        n = self._names.pop()
        self._names.insert(0, n)
        return n

    def masked(self) -> str:
        return self.name()[0] + self.r.choice(["某", "某某"])

    def id18(self) -> str:
        body = f"4306{self.r.randint(10, 29)}18{self.r.randint(50, 99)}" \
               f"{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}{self.r.randint(100, 999)}"
        return id_number(body)

    def mobile(self) -> str:
        return f"1{self.r.choice('3589')}{self.r.randint(0, 9)}{self.r.randint(1000, 9999)}0000"

    def town(self) -> str:
        return self.r.choice(TOWNS)

    def village(self) -> str:
        return self.r.choice(VILLAGES)


# --- item 3: personal data in prose -------------------------------------------------------------

def prose_people(c: Corpus, s: Synth) -> None:
    P = "personal_info"
    snippets: list[tuple[str, Doc]] = [
        ("health-masked", Doc().t(f"{s.masked()}").e(P, "因患尿毒症长期透析", "review")
         .t("，家庭生活十分困难，经村委会评议同意纳入临时救助。")),
        ("health-clause-name", Doc().t(f"经入户核实，{s.name()}").e(P, "因患肺癌晚期", "review")
         .t("无法务工，家中无其他收入来源。")),
        ("health-pronoun", Doc().t(f"经镇村两级评议，拟将{s.name()}纳入低收入人口动态监测范围。"
                                   "家庭主要困难：本人").e(P, "诊断为肺结核，长期服药", "review")
         .t("，无劳动能力。")),
        ("health-role", Doc().t(f"患者{s.name()}，女，").e(P, "确诊为乳腺癌", "review")
         .t("，目前在县人民医院接受治疗。")),
        ("religion-masked", Doc().t(f"{s.masked()}，").e(P, "信仰天主教", "review")
         .t("，每周参加宗教活动。")),
        ("religion-role", Doc().t(f"村民{s.name()}").e(P, "是虔诚的基督教信徒", "review")
         .t("，曾多次参加聚会。")),
        ("criminal-role", Doc().t(f"柳树村矛盾纠纷排查情况：村民{s.name()}，系")
         .e(P, "刑满释放人员（2018年因盗窃罪被判处有期徒刑二年", "review")
         .t("），目前在村务工，表现良好。")),
        ("criminal-suspect", Doc().t(f"犯罪嫌疑人{s.masked()}（男，32岁）")
         .e(P, "被依法刑事拘留", "review").t("，案件正在进一步侦办中。")),
        ("disability", Doc().t(f"村民{s.masked()}系二级").e(P, "肢体残疾", "review")
         .t("，享受困难残疾人生活补贴。")),
        ("minor", Doc().t(f"{s.name()}，男，").e(P, "8岁，就读于某某小学", "review")
         .t("三年级，父母长期在外务工。")),
        ("home-address", Doc().t(f"{s.name()}").e(P, f"家住某某县{s.town()}{s.village()}3组", "review")
         .t("，系本次走访的重点对象。")),
        ("whereabouts", Doc().t(f"确诊病例{s.masked()}的").e(P, "活动轨迹", "review")
         .t("如下：6月1日在某某超市购物。")),
        ("financial", Doc().t(f"经查，{s.masked()}").e(P, "名下有存款12万元", "review")
         .t("，不符合低保条件。")),
        ("biometric", Doc().t(f"民警依法采集犯罪嫌疑人{s.masked()}的").e(P, "指纹信息", "review")
         .t("。")),
    ]
    for cid, doc in snippets:
        c.add(f"person-{cid}", doc, "句中点名的个人 + PIPL 第二十八条敏感信息：review")
    # An identifier of the same person in the sentence makes it block.
    pid, mob = s.id18(), s.mobile()
    c.add("person-health-with-id",
          Doc().t(f"{s.masked()}，身份证号").e("id_card", pid, "block").t("，")
          .e(P, "因患尿毒症长期透析", "block").t("，申请大病救助。"),
          "同句有身份证号：block")
    c.add("person-religion-with-mobile",
          Doc().t(f"村民{s.masked()}（联系电话").e("mobile_phone", mob, "review").t("）")
          .e(P, "信仰伊斯兰教", "block").t("。"),
          "同句有手机号：block")
    # A 困难救助 write-up of several paragraphs (a long document).
    town, vil = s.town(), s.village()
    d = Doc().t(f"关于{town}{vil}2024年第三季度临时救助情况的报告\n\n县民政局：\n"
                f"根据《社会救助暂行办法》和县委县政府关于做好困难群众基本生活保障工作的部署，"
                f"{town}对辖区内因病、因灾、因意外事故导致基本生活出现暂时困难的家庭开展了排查，"
                "共排查农户436户，经个人申请、村级评议、镇人民政府审核，拟对3户给予临时救助。"
                "现将有关情况报告如下。\n一、基本情况\n")
    d.t(f"1. {s.masked()}户，家庭人口3人。户主").e(P, "因患脑梗塞长期卧床", "review") \
        .t("，配偶务农，家庭年收入不足1万元，拟救助5000元。\n")
    d.t(f"2. {s.masked()}户，家庭人口4人。户主妻子").e(P, "身患白血病", "review") \
        .t("，已花费医疗费用20余万元，拟救助8000元。\n")
    d.t(f"3. {s.masked()}户，家庭人口2人，因房屋失火造成财产损失，拟救助3000元。\n"
        "二、下一步工作\n镇民政办将做好救助资金发放工作，对因病致贫返贫风险较大的家庭"
        "开展常态化监测，防止发生规模性返贫。全镇尿毒症、癌症等大病患者的医疗保障政策"
        "落实情况将另行报告。\n\n" + f"{town}人民政府\n2024年9月30日")
    c.add("person-relief-report", d, "困难救助报告：户主病情（review）；政策叙述中的病名无人名，干净")


def prose_lookalikes(c: Corpus) -> None:
    clean = [
        "对尿毒症患者实行门诊慢特病保障，血液透析费用按规定报销，减轻患者家庭负担。",
        "县委统战部、县民宗局联合开展《宗教事务条例》宣传月活动，引导信教群众依法开展宗教活动，"
        "保护公民宗教信仰自由。",
        "县司法局做好刑满释放人员安置帮教工作，全县共有刑满释放人员326名，衔接率100%。",
        "市第一人民医院尿毒症透析中心开诊，可同时为40名患者提供血液透析服务。",
        "市公安局破获一起盗窃案，抓获犯罪嫌疑人3名，均已被依法刑事拘留，案件正在侦办中。",
        "经市委研究决定，任命刘志强同志为市卫生健康委员会主任，免去其市医疗保障局局长职务。",
        "省委书记王国强在调研时强调，要做好刑满释放人员安置帮教工作，落实社区矫正各项制度。",
        "6岁以下儿童免费乘车，14周岁以下未成年人须由监护人陪同入园。",
        "高血压患者应当定期复查，糖尿病患者要控制饮食；全县共有慢性病患者1.2万人。",
        "李村派出所民警张伟提醒，居民应当保管好自己的银行卡和密码，谨防电信诈骗。",
    ]
    for i, text in enumerate(clean, 1):
        c.add(f"person-clean-{i:02d}", Doc().t(text), "假朋友：政策、统计、机构名、官员任免，没有具体个人")


# --- item 5: markings -----------------------------------------------------------------------

BODY = "\n关于做好2024年度安全生产检查工作的通知\n各乡镇人民政府，县直各单位：\n现将有关事项通知如下。"


def markings(c: Corpus) -> None:
    M = "classified_marking"
    cases = [
        ("signer", "", "机密★5年", "\t\t签发人：张三"),
        ("urgency", "", "秘密★1年", "  紧急程度：特急"),
        ("docno", "", "机密★5年", "\t某府函〔2024〕12号\t签发人：王五"),
        ("fffd", "", "机密\ufffd5年", ""),
        ("question", "", "机密?5年", ""),
        ("nul", "", "秘密\x001年", ""),
        ("pua", "000123\t", "绝密\ue000长期", ""),
        ("pinyin", "", "机jī密mì★5年", ""),
        ("fffd-exam", "", "秘密\ufffd启用前", "\u3000\u3000试卷类型：A"),
        ("copyno-question", "份号：000023\t", "秘密?6个月", "\t特急"),
    ]
    for cid, before, mark, after in cases:
        body = BODY
        if cid == "pinyin":
            body = "\n关于做好有关工作的通知\n各镇zhèn人民政府："
        d = Doc().t(before).e(M, mark, "block").t(after + body)
        if cid == "pinyin":
            d.expected.append({"category": "tampering", "text": "机jī", "start": 0,
                               "severity": "review"})
        c.add(f"marking-{cid}", d, "版头密级标志：版头字段、转换损坏的星号、无括号拼音（block）")
    for cid, text in [
        ("body-question", "正文第一段。\n" * 8 + "机密?5年"),
        ("title-question", "什么是秘密?何时公开?" + BODY),
    ]:
        c.add(f"marking-clean-{cid}", Doc().t(text), "假朋友：正文或问句中的“?”不是损坏的星号")


# --- item 6: wording --------------------------------------------------------------------------

def wording(c: Corpus) -> None:
    W = "wrong_expression"
    cases = [
        ("party-title", "会议由", "中共广东省省委书记", "block", "主持。"),
        ("party-title-city", "", "中共长沙市市委副书记", "block", "出席会议并讲话。"),
        ("npc-title", "", "全国人大副委员长", "block", "出席开幕式。"),
        ("audit-title", "", "审计署署长", "block", "作审计工作报告。"),
        ("obsolete-body", "2023年6月，", "国家卫生计生委", "review", "印发了相关通知。"),
        ("xinhua-village", "", "村长", "review", "主持召开村民代表会议。"),
        ("xinhua-wto", "加强与", "世贸组织成员国", "review", "的经贸合作。"),
        ("xinhua-disability", "不得歧视", "聋子", "review", "和其他残疾人。"),
        ("state-body", "", "国务院办公室", "block", "印发《关于进一步优化营商环境的意见》。"),
        ("city-title", "长沙", "市市委书记", "review", "主持召开专题会议。"),
    ]
    for cid, before, wrong, sev, after in cases:
        c.add(f"wording-{cid}", Doc().t(before).e(W, wrong, sev).t(after),
              "称谓、机构名称和新华社禁用词慎用词")
    for cid, text in [
        ("correct-titles", "中共广东省委书记、长沙市委书记、全国人大常委会副委员长和审计长出席会议。"),
        ("correct-historical", "2009年，国土资源部会同有关部门开展地质灾害调查。"),
    ]:
        c.add(f"wording-clean-{cid}", Doc().t(text), "正确称谓；写于机构改革前的历史文件")


# --- item 7: users' keyword lists --------------------------------------------------------------

def custom_lists(c: Corpus) -> None:
    S = "sensitive_term"
    terms = ["长江一号工程", "黄河二号"]
    for cid, before, term, after in [
        ("about", "关于", "长江一号工程", "的通报"),
        ("before-jianshe", "", "长江一号工程", "建设进展顺利。"),
        ("tuijin", "推进", "长江一号工程", "进度，确保年底完工。"),
        ("xiangmu", "", "长江一号工程", "项目已通过验收。"),
        ("short-code", "开展", "黄河二号", "试验准备工作。"),
        ("traditional-doc", "推進", "長江一號工程", "建設。"),
    ]:
        c.add(f"terms-{cid}", Doc().t(before).e(S, term, "block").t(after),
              "用户关键词清单（--terms）：分词不应切断配置的词", terms=terms)
    c.add("terms-traditional-list",
          Doc().t("推进").e(S, "长江一号工程", "block").t("建设。"),
          "清单用繁体书写，文档为简体", terms=["長江一號工程"])
    d = Doc().t("关于").e(S, "长江一号工程", "block").t("的补充通知：").e(S, "黄河二号", "block") \
        .t("同步推进。")
    c.add("terms-two", d, "同一文档命中两个清单词", terms=terms)
    c.add("terms-zero-width",
          Doc().t("关于").e(S, "长江\u200b一号工程", "block").t("的补充说明"),
          "文档中夹有零宽字符", terms=terms)
    c.add("terms-clean-absent", Doc().t("长江流域生态保护工程建设进展顺利，黄河治理二期启动。"),
          "清单词未出现：长江、工程、黄河 单独出现不算", terms=terms)
    c.add("terms-clean-cut", Doc().t("沿黄河二号桥至三号桥段实施亮化工程。"),
          "短清单词仍做分词边界检查：黄河|二号桥", terms=terms)


def build() -> list[dict[str, object]]:
    c = Corpus()
    s = Synth(SEED)
    prose_people(c, s)
    prose_lookalikes(c)
    markings(c)
    wording(c)
    custom_lists(c)
    return c.cases


def render(cases: list[dict[str, object]]) -> str:
    return "".join(json.dumps(k, ensure_ascii=False) + "\n" for k in cases)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if cases-prose.jsonl is stale")
    args = ap.parse_args(argv)
    out = render(build())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != out:
            print("corpus/cases-prose.jsonl is out of date: run python corpus/build_prose.py",
                  file=sys.stderr)
            return 1
        return 0
    OUT.write_text(out, encoding="utf-8")
    cases = json.loads("[" + ",".join(out.splitlines()) + "]")
    clean = sum(1 for k in cases if not k["expected"])
    print(f"wrote {OUT.name}: {len(cases)} cases, {clean} without findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
