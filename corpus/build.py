"""Build the labelled evaluation corpus (``corpus/cases.jsonl``), seeded and reproducible.

Every case is ``{"id", "text", "expected": [{"category", "text", "start", "severity"}],
"verdict", "note"}``: the exact substring a reviewer expects to be reported, where it is, how
severe it is, and the verdict the whole text should get (the highest expected severity; ``info``
alone is ``pass``).

Why a generator rather than a hand-typed file: all personal data must be synthetic *and* valid
where validity matters (an ID number with a wrong check digit tests a different rule).  So ID
check characters (GB 11643, MOD 11-2), bank-card Luhn digits and 统一社会信用代码 checks
(GB 32100) are computed here; birth dates are before 1900 and mobile numbers end in ``0000``
(cn-formats: nobody alive holds them).  The documents are written for this corpus in the style of
real publications (公示名单, 会议通知, 年度报告, 采购公告, 考试公告, hacked pages …); nothing is
copied from real pages.  The one real page, ``samples/hijacked-mirror-annual-report.txt``, is
kept as a sample file and labelled here.

Run ``python corpus/build.py`` to rewrite ``corpus/cases.jsonl``; ``--check`` exits non-zero when
the file on disk differs from what the generator produces (CI keeps the two in step).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Check characters computed by the one shared synthetic-data module (never real numbers).
from baomi_check.testing import id_check_char as id_check
from baomi_check.testing import luhn_digit as luhn_check
from baomi_check.testing import org_check_char as org_check
from baomi_check.testing import uscc_check_char as uscc_check

HERE = Path(__file__).resolve().parent
OUT = HERE / "cases.jsonl"
SAMPLE = HERE / "samples" / "hijacked-mirror-annual-report.txt"
SEED = 20240601
RANK = {"info": 0, "review": 1, "block": 2}

# --- synthetic identifiers ------------------------------------------------------------------

REGIONS = ["110101", "110105", "310104", "320106", "330106", "340104", "350102", "370102",
           "410105", "420106", "430104", "430621", "440106", "450103", "500103", "510104",
           "610113", "620102", "650102", "360102"]
MOBILE_PREFIXES = ["130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "153", "155", "157", "158", "159", "177", "180", "181", "182", "185", "186",
                   "187", "188", "189", "191", "199"]
AREAS = ["010", "021", "025", "027", "028", "0731", "0571", "0591", "0755", "0311", "0371"]
BINS = ["622848", "621700", "622202", "601382", "621098", "621226"]
class Synth:
    """Seeded source of synthetic people, numbers and places."""

    SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
    GIVEN = "建国华明丽芳军伟秀英敏静强磊洋艳勇杰娟涛超霞平刚桂兰玉红志梅兵春燕海鹏飞晓雪宇婷慧萍凤云琴淑珍"

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def name(self) -> str:
        n = self.r.choice([1, 2, 2, 2])
        return self.r.choice(self.SURNAMES) + "".join(self.r.choice(self.GIVEN) for _ in range(n))

    def id18(self, female: bool | None = None) -> str:
        y = self.r.randint(1850, 1899)
        m = self.r.randint(1, 12)
        d = self.r.randint(1, 28)
        seq = self.r.randint(10, 999)
        if female is not None and (seq % 2 == 0) != female:
            seq += 1 if seq < 999 else -1
        body = f"{self.r.choice(REGIONS)}{y}{m:02d}{d:02d}{seq:03d}"
        return body + id_check(body)

    @staticmethod
    def mask_id(v: str) -> str:
        return v[:6] + "*" * 8 + v[-4:]

    def mobile(self) -> str:
        return f"{self.r.choice(MOBILE_PREFIXES)}{self.r.randint(1000, 9999)}0000"

    @staticmethod
    def mask_mobile(v: str) -> str:
        return v[:3] + "****" + v[-4:]

    def landline(self, area: str | None = None, sep: str = "-") -> str:
        area = area or self.r.choice(AREAS)
        local = f"{self.r.randint(5, 8)}{self.r.randint(10000, 99999)}00"
        return f"{area}{sep}{local}"

    def card(self) -> str:
        body = f"{self.r.choice(BINS)}{self.r.randint(100000, 999999)}000000"
        return body + luhn_check(body)

    def uscc(self, kind: str = "91") -> str:
        org = f"{self.r.randint(10000000, 99999999)}"
        body = f"{kind}{self.r.choice(REGIONS)}{org}{org_check(org)}"
        return body + uscc_check(body)

    def passport(self) -> str:
        letter = self.r.choice("ABCDEFGHJKLMN")
        return f"E{letter}{self.r.randint(1000, 9999)}000"

    def plate(self) -> str:
        return self.r.choice("湘鄂赣皖苏浙") + self.r.choice("ABCDEF") + \
            self.r.choice("DFHKL") + f"{self.r.randint(1000, 9999)}"

    def exam_no(self) -> str:
        return f"24{self.r.randint(10, 99)}{self.r.randint(100000, 999999)}"

    def town(self) -> str:
        return self.r.choice(["青石", "柳塘", "白沙", "云溪", "马鞍", "杨林", "桃源", "梅岭",
                              "长乐", "清河", "石门", "新田"]) + self.r.choice(["镇", "乡", "街道"])

    def county(self) -> str:
        return self.r.choice(["临江", "平川", "安远", "永宁", "丰泽", "东湖", "南山", "西岭"]) + \
            self.r.choice(["县", "区", "市"])

    def village(self) -> str:
        return self.r.choice(["红星", "和平", "新建", "双桥", "高峰", "团结", "金竹", "枫林"]) + "村"

    def date(self, year: int = 2024) -> str:
        return f"{year}年{self.r.randint(1, 12)}月{self.r.randint(1, 28)}日"


# --- the case builder -------------------------------------------------------------------------


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

    def e(self, category: str, s: str, severity: str, *also: tuple[str, str]) -> Doc:
        """Write ``s`` expecting a finding of ``category``; ``also`` adds ``(category,
        severity)`` pairs for the same span (hidden HTML is both spam and tampering)."""
        for cat, sev in ((category, severity), *also):
            self.expected.append({"category": cat, "text": s, "start": self.pos, "severity": sev})
        return self.t(s)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Corpus:
    cases: list[dict[str, object]] = field(default_factory=list)

    def add(self, cid: str, doc: Doc, note: str) -> None:
        text = doc.text
        for e in doc.expected:
            s = int(e["start"])  # type: ignore[call-overload]
            assert text[s:s + len(str(e["text"]))] == e["text"], (cid, e)
        best = max((RANK[str(e["severity"])] for e in doc.expected), default=0)
        verdict = {2: "block", 1: "review", 0: "pass"}[best]
        self.cases.append({"id": cid, "text": text, "expected": doc.expected,
                           "verdict": verdict, "note": note})


# --- long documents -------------------------------------------------------------------------

def roster_subsidy(c: Corpus, s: Synth, i: int, masked: bool) -> None:
    """公示名单 for a subsidy, with full or masked IDs and phones."""
    town, county = s.town(), s.county()
    kind = s.r.choice(["高龄津贴", "困难残疾人生活补贴", "临时救助", "耕地地力保护补贴"])
    d = Doc()
    d.t(f"{county}{town}2024年第{i + 1}批{kind}发放对象公示\n\n")
    d.t(f"根据《{county}{kind}实施办法》有关规定，经本人申请、村（社区）初审、{town}审核，"
        f"现将2024年第{i + 1}批拟享受{kind}人员名单予以公示。公示期为{s.date()}至"
        f"{s.date()}，共7个工作日。公示期间，如对公示对象有异议，可通过来信、来电或来访等方式"
        "向镇民政办反映，反映情况须实事求是，以便核实。\n\n")
    d.t("序号  姓名  性别  身份证号码  所在村（社区）  联系电话  发放金额（元）\n")
    for k in range(s.r.randint(5, 9)):
        female = s.r.random() < 0.5
        nm = s.name()
        idv = s.id18(female)
        mob = s.mobile()
        d.t(f"{k + 1}  {nm}  {'女' if female else '男'}  ")
        if masked:
            d.t(s.mask_id(idv))
        else:
            d.e("id_card", idv, "block")
        d.t(f"  {s.village()}  ")
        if masked:
            d.t(s.mask_mobile(mob))
        else:
            d.e("mobile_phone", mob, "block")
        d.t(f"  {s.r.choice([100, 200, 300, 600, 1200])}\n")
    d.t("\n监督电话：")
    d.e("landline", s.landline(), "info")
    d.t(f"（{town}民政办）  ")
    d.t(f"{county}民政局社会救助股：")
    d.e("landline", s.landline(), "info")
    d.t(f"\n\n{county}{town}人民政府\n{s.date()}\n")
    c.add(f"roster-subsidy-{'masked' if masked else 'full'}-{i:02d}", d,
          f"{kind}公示名单，身份证号和手机号{'已按6+4/3+4脱敏' if masked else '未脱敏'}；办公电话为 info")


def roster_dibao(c: Corpus, s: Synth, i: int, leak: bool) -> None:
    """低保 公示 with names masked to the surname and IDs masked; the leaking variant has a
    household head's full ID and bank account."""
    town, county = s.town(), s.county()
    d = Doc()
    d.t(f"{town}2024年{s.r.randint(1, 4)}季度城乡最低生活保障新增对象公示\n\n")
    d.t(f"按照《社会救助暂行办法》和{county}最低生活保障审核确认办法，经入户调查、民主评议和"
        f"{town}审核，下列家庭符合城乡最低生活保障条件，拟纳入保障范围。为接受群众监督，"
        "现予公示，公示期7天。公示内容已按规定去标识化处理。\n\n")
    d.t("户主姓名  家庭人口  保障类别  月保障金（元）  身份证号\n")
    leak_row = s.r.randint(0, 3) if leak else -1
    for k in range(s.r.randint(4, 7)):
        nm = s.name()
        idv = s.id18()
        shown = nm if k == leak_row else nm[0] + "*" * (len(nm) - 1)
        d.t(f"{shown}  {s.r.randint(1, 5)}  {s.r.choice(['A类', 'B类', 'C类'])}  "
            f"{s.r.choice([320, 450, 580, 720])}  ")
        if k == leak_row:
            d.e("id_card", idv, "block")
            d.t("  开户行：县农村商业银行  账号：")
            d.e("bank_card", s.card(), "block")
        else:
            d.t(s.mask_id(idv))
        d.t("\n")
    d.t(f"\n如有异议，请在公示期内向{town}社会事务办公室反映，联系电话：")
    d.e("landline", s.landline(), "info")
    d.t(f"。\n{county}民政局举报电话：")
    d.e("landline", s.landline(), "info")
    d.t("，12345政务服务便民热线同步受理。\n\n")
    d.t(f"{town}人民政府\n{s.date()}\n")
    c.add(f"roster-dibao-{'leak' if leak else 'masked'}-{i:02d}", d,
          "低保公示，姓名只留姓、身份证6+4脱敏" + ("；一行漏脱敏并带个人银行账号" if leak else "；12345为公共服务号"))


def hiring(c: Corpus, s: Synth, i: int, with_ids: bool) -> None:
    """事业单位 拟聘用人员公示 with 准考证号 (not identifiers) and optionally full IDs."""
    county = s.county()
    unit = s.r.choice(["教育局所属学校", "卫生健康局所属医疗卫生机构", "自然资源局所属事业单位",
                       "农业农村局所属事业单位"])
    d = Doc()
    d.t(f"{county}2024年公开招聘{unit}工作人员拟聘用人员公示\n\n")
    d.t(f"根据《事业单位人事管理条例》和{county}2024年公开招聘{unit}工作人员公告，经笔试、"
        "面试、资格复审、体检和考察等程序，确定以下人员为拟聘用人员，现予以公示。"
        "公示期为5个工作日。\n\n")
    d.t("序号  准考证号  姓名  性别  学历  毕业院校  岗位代码" + ("  身份证号" if with_ids else "") + "\n")
    for k in range(s.r.randint(5, 8)):
        female = s.r.random() < 0.5
        d.t(f"{k + 1}  {s.exam_no()}  {s.name()}  {'女' if female else '男'}  "
            f"{s.r.choice(['本科', '硕士研究生', '大专'])}  "
            f"{s.r.choice(['湖南师范大学', '中南大学', '湘潭大学', '长沙学院', '吉首大学'])}  "
            f"{s.r.randint(101, 160)}")
        if with_ids:
            d.t("  ")
            d.e("id_card", s.id18(female), "block")
        d.t("\n")
    d.t(f"\n公示期间，对拟聘用人员有异议的，请以书面形式实名向{county}人力资源和社会保障局反映。"
        "受理电话：")
    d.e("landline", s.landline(), "info")
    d.t("；监督电话：")
    d.e("landline", s.landline(), "info")
    d.t(f"。\n\n{county}人力资源和社会保障局\n{s.date()}\n")
    c.add(f"hiring-{'ids' if with_ids else 'clean'}-{i:02d}", d,
          "拟聘用人员公示；准考证号不是身份证号" + ("；附完整身份证号" if with_ids else ""))


def meeting(c: Corpus, s: Synth, i: int, personal: bool) -> None:
    """Meeting notice with a contact person: a personal mobile (review) or only the office line."""
    county = s.county()
    topic = s.r.choice(["2024年安全生产工作", "秋冬季森林防火工作", "政务公开业务培训",
                        "农村人居环境整治工作推进", "第一季度经济运行分析"])
    d = Doc()
    d.t(f"关于召开{county}{topic}会议的通知\n\n各乡镇人民政府、街道办事处，县直各有关单位：\n\n")
    d.t(f"经县人民政府同意，定于近期召开{topic}会议，现将有关事项通知如下：\n\n"
        f"一、会议时间\n{s.date()}上午9:00，会期半天。\n\n"
        f"二、会议地点\n县行政中心{s.r.randint(2, 9)}楼第{s.r.randint(1, 5)}会议室。\n\n"
        "三、参会人员\n各乡镇（街道）分管负责同志，县直有关单位主要负责同志。\n\n"
        "四、有关要求\n（一）请参会人员提前10分钟入场，会议期间将手机调至静音状态。\n"
        "（二）请各单位于会前一天下班前将参会人员名单报县政府办公室。"
        "因故不能参会的，须向县政府主要领导请假。\n（三）请各单位认真准备书面汇报材料，"
        "汇报时间控制在5分钟以内。\n\n")
    d.t(f"联系人：{s.name()}，联系电话：")
    d.e("landline", s.landline(), "info")
    if personal:
        d.t("，手机：")
        d.e("mobile_phone", s.mobile(), "review")
    d.t("。\n传真：")
    d.e("landline", s.landline(), "info")
    d.t(f"\n\n{county}人民政府办公室\n{s.date()}\n（此件公开发布）\n")
    c.add(f"meeting-{'mobile' if personal else 'office'}-{i:02d}", d,
          "会议通知；联系人" + ("留个人手机（review）" if personal else "只留办公电话和传真（info）"))


ANNUAL_PARAS = [
    "一、总体情况\n{year}年，{org}坚持以人民为中心的发展思想，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕中心工作，持续加强政务公开标准化规范化建设，不断提升政务公开质量和实效。",
    "（一）主动公开。全年通过政府门户网站主动公开政府信息{n1}条，其中规范性文件{n2}件，"
    "财政预决算信息{n3}条，重大建设项目信息{n4}条。建立健全政府信息发布保密审查机制，"
    "坚持“先审查、后公开”和“一事一审”原则，确保涉及国家秘密、商业秘密和个人隐私的信息不上网。",
    "（二）依申请公开。全年共受理政府信息公开申请{n5}件，均在法定期限内予以答复，"
    "未发生因政府信息公开申请引发的行政复议和行政诉讼案件。",
    "（三）政府信息管理。对现行有效的规范性文件进行全面清理，及时公布清理结果。"
    "严格落实保密审查制度，明确保密审查的职责分工和审查程序，全年未发生泄密事件。",
    "（四）平台建设。优化政府门户网站栏目设置，加强政务新媒体管理，"
    "对网站内容开展常态化巡查，及时发现并整改错别字、错链断链和过期信息等问题。",
    "（五）监督保障。将政务公开工作纳入年度绩效考核，组织开展政务公开业务培训{n6}次，"
    "参训人员{n7}人次。",
    "二、存在的主要问题及改进情况\n一是政策解读的形式还不够丰富；二是基层政务公开标准目录动态调整不够及时。"
    "下一步，我们将进一步完善公开目录，加强工作人员业务培训，提升政务公开专业化水平。",
]


def annual_report(c: Corpus, s: Synth, i: int) -> Doc:
    org = s.county() + "人民政府"
    d = Doc()
    d.t(f"{org}{2023 - i % 3}年政府信息公开工作年度报告\n\n")
    for p in ANNUAL_PARAS:
        d.t(p.format(year=2023 - i % 3, org=org, n1=s.r.randint(800, 3000),
                     n2=s.r.randint(5, 40), n3=s.r.randint(20, 90), n4=s.r.randint(10, 80),
                     n5=s.r.randint(3, 60), n6=s.r.randint(2, 8), n7=s.r.randint(50, 400)))
        d.t("\n\n")
    d.t("三、其他需要报告的事项\n本年度未收取信息处理费。\n\n政府信息公开咨询电话：")
    d.e("landline", s.landline(), "info")
    d.t("\n")
    return d


def procurement(c: Corpus, s: Synth, i: int) -> None:
    county = s.county()
    item = s.r.choice(["中小学教学设备采购", "农村公路养护服务", "办公家具采购",
                       "政务服务中心物业管理服务", "病媒生物防制服务"])
    company = s.r.choice(["湖南长信", "江西华远", "安徽中科", "浙江恒力", "湖北楚天"]) + \
        s.r.choice(["科技有限公司", "建设工程有限公司", "物业服务有限公司", "贸易有限公司"])
    d = Doc()
    d.t(f"{county}{item}项目中标（成交）结果公告\n\n")
    d.t(f"一、项目编号：{county[:2].upper()}CG-2024-{s.r.randint(100, 999)}\n"
        f"二、项目名称：{county}{item}项目\n三、中标（成交）信息\n供应商名称：{company}\n"
        "统一社会信用代码：")
    d.e("credit_code", s.uscc(), "info")
    d.t(f"\n供应商地址：{s.county()}经济开发区创业大道{s.r.randint(1, 300)}号\n"
        f"中标（成交）金额：{s.r.randint(20, 900)}.{s.r.randint(10, 99)}万元\n\n"
        "四、主要标的信息\n详见附件。\n\n五、评审专家名单\n"
        f"{s.name()}、{s.name()}、{s.name()}、{s.name()}、{s.name()}（采购人代表）\n\n"
        "六、公告期限\n自本公告发布之日起1个工作日。\n\n七、其他补充事宜\n"
        "各有关当事人对中标结果有异议的，可以在中标公告发布之日起7个工作日内以书面形式"
        "向采购人或采购代理机构提出质疑。\n\n八、凡对本次公告内容提出询问，请按以下方式联系。\n"
        f"1.采购人信息\n名称：{county}{s.r.choice(['教育局', '交通运输局', '机关事务服务中心'])}\n"
        "联系方式：")
    d.e("landline", s.landline(), "info")
    d.t(f"\n2.采购代理机构信息\n名称：{s.county()}公共资源交易咨询有限公司\n联系方式：")
    d.e("landline", s.landline(), "info")
    d.t("\n3.项目联系方式\n项目联系人：政府采购科\n电话：")
    d.e("landline", s.landline(), "info")
    d.t("\n")
    c.add(f"procurement-{i:02d}", d, "中标结果公告；办公电话与单位信用代码均为 info，项目编号和金额不是标识符")


def exam_notice(c: Corpus, s: Synth, i: int) -> None:
    county = s.county()
    d = Doc()
    d.t(f"{county}2024年公开招聘教师笔试有关事项的公告\n\n")
    d.t(f"根据招聘工作安排，{county}2024年公开招聘教师笔试定于{s.date()}举行，"
        "现将有关事项公告如下：\n\n一、准考证打印\n报考人员请于考前3日登录报名网站打印准考证。"
        "准考证号由10位数字组成，例如准考证号")
    d.t(s.exam_no())
    d.t("，考场号为第3、4位。\n\n二、考试时间及科目\n上午9:00—11:30 教育综合知识\n"
        "下午14:30—16:30 学科专业知识\n\n三、注意事项\n考生须凭准考证和有效居民身份证原件进入考场，"
        "二者缺一不可。考试开始30分钟后不得入场。严禁携带手机等通讯工具进入考场，"
        "已携带的须关机后放在指定位置。试卷标有“")
    d.e("classified_marking", "绝密★启用前", "review")
    d.t("”字样的，考后即解密。\n\n四、咨询方式\n考务咨询电话：")
    d.e("landline", s.landline(), "info")
    d.t("\n政策咨询电话：")
    d.e("landline", s.landline(), "info")
    d.t(f"\n\n{county}教育局\n{s.date()}\n")
    c.add(f"exam-notice-{i:02d}", d,
          "考试公告；准考证号不是身份证号；正文提到“绝密★启用前”不是版头密级，"
          "按 cn-formats §4.4 正文中的密级+星号为 review")


def classified(c: Corpus, s: Synth, i: int) -> None:
    county = s.county()
    variants = [
        ("000023\n", "机密★5年", "\n特急\n", "classified_marking", "block"),
        ("", "秘密★1年", "\n", "classified_marking", "block"),
        ("", "绝密★长期", "\n", "classified_marking", "block"),
        ("", "工作秘密", "\n", "internal_marking", "block"),
        ("", "内部资料　注意保存", "\n", "internal_marking", "block"),
        ("", "秘　密★10年", "\n", "classified_marking", "block"),
    ]
    pre, mark, post, cat, sev = variants[i % len(variants)]
    d = Doc()
    d.t(pre)
    d.e(cat, mark, sev)
    d.t(post)
    d.t(f"\n{county}人民政府办公室文件\n\n{county[:2]}政办发〔2024〕{s.r.randint(1, 60)}号\n\n"
        f"关于做好{s.r.choice(['重要目标安全防护', '重大活动安保', '应急物资储备'])}工作的通知\n\n"
        "各乡镇人民政府，县直有关单位：\n\n为切实做好相关工作，经县人民政府同意，现就有关事项通知如下。"
        "一、提高思想认识。各单位要充分认识做好此项工作的重要性，切实加强组织领导，"
        "明确责任分工。二、突出工作重点。要对辖区内重点部位开展拉网式排查，建立问题清单，"
        "逐项整改落实。三、强化督促检查。县政府督查室将适时开展专项督查，对工作不力的单位予以通报。\n\n"
        f"{county}人民政府办公室\n{s.date()}\n")
    if i % 3 == 0:
        d.t("（")
        d.e("internal_marking", "此件不公开", "block")
        d.t("）\n")
    c.add(f"classified-{i:02d}", d, f"版头标有“{mark.strip()}”的文件")


HACKED_BODY = (
    "为进一步规范政府信息公开发布工作，确保发布信息准确、安全，根据有关规定，结合本单位实际，"
    "制定本制度。第一条 本单位发布的政府信息，应当遵循“谁公开谁审查、谁审查谁负责”和"
    "“先审查、后公开”的原则。第二条 拟公开的政府信息由承办科室提出初审意见，经分管领导审核后，"
    "报主要领导审批。第三条 涉及国家秘密、商业秘密、个人隐私的政府信息不得公开，"
    "但权利人同意公开或者行政机关认为不公开会对公共利益造成重大影响的除外。"
    "第四条 本制度自印发之日起施行。"
)


def hacked(c: Corpus, s: Synth, i: int) -> None:
    county = s.county()
    d = Doc()
    kind = i % 6
    if kind == 0:
        d.e("spam", "免费av_国产精品_一区二区_在线观看", "block")
        d.t("\n")
    elif kind == 1:
        d.e("spam", "【今晚开奖结果】", "block")
        d.e("spam", "【香港马会一码一肖】", "block")
        d.t("\n")
    elif kind == 2:
        d.e("spam", "澳门新葡京", "block")
        d.t("_")
        d.e("spam", "365bet", "block")
        d.t("官网_真人娱乐平台\n")
    d.t(f"{county}市场监督管理局政府信息公开发布审核制度\n\n发布时间：{s.date()}  来源：办公室\n\n")
    if kind == 3:
        d.t("依法公开")
        d.e("spam", "★◆■★政府信息■◆★，不予公开◆★■", "block")
        d.t("的情形应当说明理由。")
    d.t(HACKED_BODY)
    if kind == 4:
        d.t("据悉，")
        d.e("spam", "k8娱乐", "block")
        d.t("平台亦对此作出说明。")
    d.t("\n\n")
    if kind == 5:
        d.e("spam", "主站蜘蛛池模板: 午夜福利视频| 人妻无码专区| 成人影院在线观看|", "block")
        d.t("\n")
    d.t("版权所有：" + county + "人民政府  网站标识码：4306000000\n")
    c.add(f"hacked-{i:02d}", d, "被篡改的政府页面：" + ["色情标题串", "【】私彩块", "博彩品牌标题",
                                                   "干扰符号", "正文植入博彩品牌", "蜘蛛池页脚"][kind])


def html_hidden(c: Corpus, s: Synth, i: int, spam: bool) -> None:
    county = s.county()
    d = Doc()
    d.t(f"<html><head><title>{county}人民政府 政务公开</title></head><body>\n"
        "<div class=\"nav\"><ul><li><a href=\"/index.html\">首页</a></li>"
        "<li><a href=\"/zwgk/\">政务公开</a></li>")
    d.t("<li class=\"sub\"><ul style=\"display:none\"><li><a href=\"/zwgk/fdzdgknr/\">法定主动公开内容</a>"
        "</li><li><a href=\"https://www.gov.cn/\">中国政府网</a></li></ul></li></ul></div>\n")
    if spam:
        style = ["display:none", "position:absolute;left:-9999px", "visibility:hidden"][i % 3]
        d.e("spam", f"<div style=\"{style}\"><a href=\"http://www.casino-example.invalid/\">"
            "澳门葡京娱乐城</a><a href=\"http://bet.example.invalid/\">体育投注官网</a></div>",
            "block", ("tampering", "review"))
        d.t("\n")
    d.t(f"<div class=\"content\"><h1>{county}关于做好春季农业生产工作的通知</h1>\n"
        "<p>各乡镇人民政府：当前正值春耕备耕关键时期，为确保粮食播种面积稳定，"
        "现就做好春季农业生产工作通知如下：一是抓好种子、化肥、农药等农资供应；"
        "二是加强农田水利设施建设；三是做好农业气象灾害防御。</p>\n"
        f"<p>联系电话：")
    d.e("landline", s.landline(), "info")
    d.t("</p></div>\n<div class=\"footer\">主办单位：" + county + "人民政府办公室</div>\n</body></html>\n")
    c.add(f"html-{'hidden-links' if spam else 'menu'}-{i:02d}", d,
          "HTML 源码" + ("，隐藏块中指向外部博彩网站的暗链" if spam else "，隐藏的下拉菜单只链接站内和政府网站"))


PINYIN_BODY = (
    "鎮(zhèn)政府高度重視政務公開工作，建立健全長效機(jī)制，嚴格落實有關規(guī)定，"
    "不斷拓展公開渠道。一是加強組織領導，成立工作專班；二是規(guī)範發布流程，"
    "落實保密審查制度；三是強化監督考核，將政務公開納入年度目標考核。"
    "下一步，我鎮(zhèn)將繼續加大公開力度，回應群眾關(guān)切。"
)


def pinyin_page(c: Corpus, s: Synth, i: int, spam_line: bool) -> None:
    d = Doc()
    if spam_line:
        d.e("spam", "中文字幕无码_人妻_一区二区", "block")
        d.t("\n\n")
    d.t(f"{s.town()}2023年度政務公開工作總結\n\n")
    body = PINYIN_BODY
    a = body.index("鎮(zhèn)")
    d.t(body[:a])
    d.e("tampering", "鎮(zhèn)", "review")
    d.t(body[a + len("鎮(zhèn)"):])
    d.t("\n")
    c.add(f"pinyin-{'spam' if spam_line else 'plain'}-{i:02d}", d,
          "繁体夹注拼音的镜像页（tampering，review）" + ("，首行色情标题串" if spam_line else ""))


def wording_doc(c: Corpus, s: Synth, i: int) -> None:
    county = s.county()
    errs = [("扫黑险恶", "block"), ("一郭两制", "block"), ("社会主义核心价值关", "block"),
            ("全面从严制党", "block"), ("乡村振心", "block"), ("中华人民共合国", "block"),
            ("人民正府", "block"), ("党风廉正建设", "block")]
    w1, sev1 = errs[i % len(errs)]
    d = Doc()
    d.t(f"{county}2024年上半年工作总结\n\n今年以来，在县委的坚强领导下，{county}全面贯彻党的二十大精神，"
        "坚持稳中求进工作总基调，统筹推进经济社会各项工作。\n\n一、经济运行稳中有进。"
        "规模以上工业增加值同比增长6.2%，固定资产投资同比增长8.1%。\n\n二、重点工作扎实推进。"
        "深入推进")
    d.e("wrong_expression", w1, sev1)
    d.t("相关工作，持续巩固拓展脱贫攻坚成果，全力推进乡村振兴。")
    if i % 2 == 0:
        d.t("积极参与共建")
        d.e("wrong_expression", "“一带一路”战略", "review")
        d.t("，外贸进出口总额同比增长12%。")
    d.t("\n\n三、民生保障持续加强。新增城镇就业2100人，完成农村危房改造320户。\n\n"
        "四、下半年工作打算。坚持以人民为中心，扎实做好稳增长、促改革、调结构、惠民生、防风险各项工作。\n")
    c.add(f"wording-doc-{i:02d}", d, f"工作总结中的严重表述错误“{w1}”")


def clean_false_friends(c: Corpus, s: Synth) -> None:
    """Long clean documents full of words that trip naive filters (cn-formats §6.3, §4.7)."""
    county = s.county()
    texts = {
        "welfare-lottery": (
            f"{county}2023年度福利彩票公益金使用情况公告\n\n根据《彩票管理条例》和《彩票公益金管理办法》，"
            "现将2023年度本级福利彩票公益金使用情况公告如下。一、资金总体情况：全年共使用福利彩票公益金"
            "856万元，主要用于资助老年人福利、残疾人福利、儿童福利和社会公益事业。二、项目实施情况："
            "资助敬老院改造项目4个，资助农村互助养老服务设施建设12个，资助困境儿童关爱项目3个。"
            "三、中国福利彩票【开奖结果】及销售信息请以中国福利彩票发行管理中心官方网站为准。"
            "四、监督管理：公益金使用接受财政、审计部门监督，项目完成后组织绩效评价。\n"),
        "anti-gambling": (
            f"关于开展打击六合彩等非法赌博活动专项行动的通告\n\n为维护社会治安秩序，保护人民群众财产安全，"
            f"{county}公安局决定自即日起开展打击六合彩、时时彩、百家乐等非法赌博活动专项行动。"
            "一、严禁任何单位和个人组织、参与六合彩等非法赌博活动，严禁为赌博活动提供场所、资金等便利。"
            "二、严厉查处利用网络开设赌场、组织网络赌博的违法犯罪行为，依法取缔网上娱乐城、"
            "现金网等非法赌博平台的推广活动。三、鼓励群众积极举报，对提供有价值线索的，给予奖励。"
            "举报电话：110。\n"),
        "anti-porn-meeting": (
            f"{county}召开2024年扫黄打非工作会议\n\n4月12日，{county}召开2024年扫黄打非工作会议，"
            "总结2023年工作，部署2024年重点任务。会议指出，要持续开展净网、护苗、秋风等专项行动，"
            "坚决查处传播淫秽色情信息、非法出版物等违法行为，依法打击制作、传播黄片和三级片等淫秽物品的犯罪活动。"
            "会议要求，各成员单位要加强协作配合，形成工作合力，为青少年成长营造清朗的网络空间。\n"),
        "tax-invoice": (
            "自然人代开发票办理指南\n\n一、适用对象：从事临时经营活动的自然人，可向经营地主管税务机关"
            "申请代开发票。二、办理渠道：办税服务厅、电子税务局。三、所需资料：身份证件、合同或协议。"
            "四、注意事项：纳税人应如实申报，严禁虚开发票，警惕不法分子以代开发票为名实施诈骗。"
            "咨询电话：12366。\n"),
        "secrecy-education": (
            "保密警示教育案例通报\n\n某单位工作人员违反规定，将标有“机密”级的文件4份、“秘密”级的文件6份"
            "带回家中，造成重大泄密隐患。经查，该同志保密意识淡薄，受到党内严重警告处分。各单位要引以为戒，"
            "加强保密工作，严守国家秘密，落实保密责任制，定期开展保密教育和保密检查，"
            "确保信息系统的机密性、完整性和可用性。涉及国家秘密的，依照有关规定办理。\n"),
        "finance-risk": (
            "关于防范非法金融活动的风险提示\n\n近期，部分不法分子以信用卡套现、网贷秒批等名义，"
            "诱导群众参与非法金融活动。请广大群众提高警惕，防范风险，不轻信来历不明的广告，"
            "不向陌生账户转账。如发现可疑情况，请及时向公安机关报案。\n"),
        "culture-events": (
            f"{county}文化馆2024年春节文化活动安排\n\n春节期间，文化馆推出精品剧目展演，"
            "市民可通过文化云平台在线观看，部分节目配有中文字幕。活动坚持久久为功，"
            "打造群众文化精品工程。另有莎士比亚名剧《威尼斯商人》演出，欢迎广大市民观看。"
            "太阳城社区文艺队也将参加展演。\n"),
        "cyber-notice": (
            "关于开展政府网站安全隐患排查的通知\n\n近期，部分地区政府网站被植入暗链、蜘蛛池等黑帽SEO内容，"
            "请各单位立即开展排查，重点检查网页源码中隐藏的外部链接、被篡改的网页标题，"
            "发现问题及时整改并报告。\n"),
    }
    for name, text in texts.items():
        d = Doc().t(text)
        c.add(f"clean-{name}", d, "假朋友：正常政府文稿中的易误报词")
    # A long report with running-text secrecy vocabulary (clean).
    d = annual_report(c, s, 99)
    c.add("clean-annual-with-secrecy-words", d, "年度报告正文提到保密审查、国家秘密")


# --- short snippets: every detector and every false friend ------------------------------------

def snippets(c: Corpus, s: Synth) -> None:
    n = 0

    def add(doc: Doc, note: str) -> None:
        nonlocal n
        n += 1
        c.add(f"snippet-{n:03d}", doc, note)

    def one(prefix: str, cat: str, value: str, sev: str, suffix: str, note: str) -> None:
        add(Doc().t(prefix).e(cat, value, sev).t(suffix), note)

    def clean(text: str, note: str) -> None:
        add(Doc().t(text), note)

    # markings (cn-formats §4.8)
    for mark in ["机密★5年", "秘密★启用前", "绝密★长期", "机密★会议开始前", "秘密★6个月",
                 "机密★2030年12月31日", "机密＊5年"]:
        one("", "classified_marking", mark, "block", "\n关于……的通知\n正文。", "密级标志（block）")
    one("", "internal_marking", "工作秘密", "block", "\n关于调整值班安排的通知", "工作秘密版头")
    one("正文。\n（", "internal_marking", "此件不公开", "block", "）", "公开属性：不公开")
    one("正文。\n", "internal_marking", "内部明电", "block", "", "内部明电")
    one("正文。\n（", "internal_marking", "此件不得外传", "review", "）", "传阅限制")
    for t in ["加强保密工作，严守国家秘密。", "保密法第九条规定，国家秘密的密级分为绝密、机密、秘密三级。",
              "采用无记名秘密投票方式选举。", "信息系统的机密性、完整性和可用性。", "加强商业秘密保护。",
              "（此件公开发布）", "建立健全内部控制制度。", "秘书科负责文件收发。",
              "加强工作秘密管理，严格落实保密责任制。"]:
        clean(t, "假朋友：正文中的保密词汇")
    # cn-formats §4.8/§6: a level word followed by mixed noise is no secrecy mark, but the noise
    # is what hacked pages inject.
    one("“机密", "spam", "★★★■◆", "block", "”", "密级词后的混合干扰符号：不是密级标志，是植入噪声")

    # spam (cn-formats §6.4)
    one("", "spam", "免费av_国产精品_一区二区_在线观看", "block", "", "色情标题串")
    one("", "spam", "主站蜘蛛池模板: 某某视频| 某某成人|", "block", "", "蜘蛛池签名")
    one("", "spam", "365bet", "block", "官网_体育投注市场监督管理局政府信息公开", "博彩品牌标题劫持")
    one("", "spam", "【今晚开奖结果】", "block", "关于印发……的通知", "【】私彩块")
    one("", "spam", "国产精品_在线观看", "block", "\n关于做好2024年春季学期工作的通知", "首行分隔符连接的弱词")
    one("", "spam", "代开全国各地增值税发票", "block", "，可查验，加微信", "发票广告")
    for t in ["关于开展打击六合彩等非法赌博活动的通告", "2024年中国福利彩票公益金使用情况公告",
              "发票管理办法", "扫黄打非工作会议", "纳税人可向税务机关申请代开发票。",
              "【双色球】第2024001期开奖结果公告", "酒店评级：★★★★★", "太阳城小区物业费公示",
              "驰而不息、久久为功。", "本品含三黄片，请遵医嘱服用。"]:
        clean(t, "假朋友：§6.4 负例")

    # wording
    for w, sev in [("扫黑险恶", "block"), ("一郭两制", "block"), ("不忘出心", "block"),
                   ("两学一作", "block"), ("人类命运共用体", "block"), ("残废人", "review"),
                   ("台湾总统", "review")]:
        one("我们要正确理解", "wrong_expression", w, sev, "的提法。", "表述错误")
    for t in ["深入开展扫黑除恶专项斗争。", "坚持一国两制方针。", "共建“一带一路”倡议。",
              "保障残疾人合法权益。"]:
        clean(t, "正确表述")

    # tampering: pinyin artefact; a single annotation is below the gate
    one("有關", "tampering", "規(guī)", "review", "定：國(guó)家機(jī)關鄉(xiāng)鎮政府",
        "拼音夹注≥3处，报告在第一处")
    clean("关于公布2024年度优秀志愿者名单的通知\n\n各社区：\n" + "为弘扬志愿服务精神，"
          "经各社区推荐、评审委员会评审，决定授予以下同志2024年度优秀志愿者称号。希望受表彰的同志"
          "珍惜荣誉，再接再厉，继续在社区治理、邻里互助、应急救援和环境保护等志愿服务中发挥示范作用。"
          * 6 + "\n名单中“喆(zhé)”字为人名用字，特此说明。\n",
          "单个注音（每500字不足1处），低于门限，不是镜像痕迹")
    clean("说明(见附件1)，第(2)项，机制(试行)。", "括号内不是拼音")

    # identifiers (cn-formats §1–§3), synthetic
    for _ in range(4):
        one("身份证号：", "id_card", s.id18(), "block", "", "有效身份证号")
    idv = s.id18()
    one("公民身份号码", "id_card", idv.lower() if idv.endswith("X") else idv, "block", "。", "有效身份证号（紧贴汉字）")
    clean(f"身份证号：{s.mask_id(s.id18())}", "已脱敏身份证号")
    clean(f"订单号：{s.id18()[:17]}{(int(s.id18()[-2]) + 1) % 10}0", "19位订单号，不是身份证号")
    for _ in range(3):
        one("联系人手机：", "mobile_phone", s.mobile(), "review", "", "个人手机")
    one("电话：", "mobile_phone", "+86 " + s.mobile()[:3] + " 1234 0000", "review", "", "带国家码的手机")
    clean(f"手机：{s.mask_mobile(s.mobile())}", "已脱敏手机号")
    clean("金额为0.13812340000万元。", "小数不是手机号")
    clean("政务服务便民热线：12345；市场监管投诉：12315；供电服务：95598。", "公共服务号码")
    for _ in range(2):
        one("办公室电话：", "landline", s.landline(), "info", "", "办公座机")
    one("咨询电话：（", "landline", "0755）" + s.landline("0755", "")[4:], "info", "", "全角括号区号")
    clean("全国统一客服电话：400-000-0000。", "400 号码")
    for _ in range(2):
        one("收款人银行卡号：", "bank_card", s.card(), "block", "", "个人银行卡号")
    clean("项目编号：20240301000100010001。", "20位项目编号")
    for _ in range(2):
        one("统一社会信用代码：", "credit_code", s.uscc(), "info", "", "单位信用代码")
    one("护照号码：", "travel_document", s.passport(), "block", "", "护照号")
    one("车牌号：", "license_plate", s.plate(), "review", "", "车牌")
    clean("网站备案号：湘ICP备20240001号。", "ICP 备案号不是车牌")
    one("申请人邮箱：", "email", f"zhangsan{s.r.randint(10, 99)}@example.com", "review", "", "个人邮箱")
    one("服务器IP：", "ip_address", f"10.{s.r.randint(1, 254)}.{s.r.randint(1, 254)}.{s.r.randint(1, 254)}",
        "review", "", "内网IP")
    clean("软件版本1.2.3.4已发布。", "版本号不是 IP")

    # written variants: Traditional, full-width, noise between characters, spacing
    one("", "spam", "免費AV_國產精品_一區二區", "block", "\n正文。", "繁体色情标题串")
    one("", "spam", "六*合*彩", "block", "资料大全，今晚必中。", "字间干扰符号")
    one("欢迎访问", "spam", "ｂｅｔ３６５", "block", "，注册即送。", "全角博彩品牌")
    one("", "spam", "成人影院|人妻|无码", "block", "\n关于……的公告", "| 分隔的标题串")
    one("坚持", "wrong_expression", "一國兩治", "block", "。", "繁体表述错误")
    idv = s.id18()
    one("身份证号码：", "id_card", f"{idv[:6]} {idv[6:14]} {idv[14:]}", "block", "", "6-8-4 分组身份证号")
    mob = s.mobile()
    one("手机：", "mobile_phone", f"{mob[:3]}-{mob[3:7]}-{mob[7:]}", "review", "", "带连字符的手机号")
    one("正文。\n\n附件\n\n", "classified_marking", "秘密★1年", "block", "\n名单", "附件版头的密级")
    clean("附件\n\n2024年度保密工作要点\n一、加强保密宣传教育。", "附件标题中的保密二字")
    clean("会议通过了《关于加强网络赌博治理的意见》，依法打击跨境赌博。", "打击赌博")
    clean("开放大学为学员提供成人视频课程资源。", "成人教育的视频课程")
    clean("一区二区三区供水管网改造工程已完工。", "分区编号")
    clean("精品课程_在线观看_市教育局门户网站", "教育局页面标题")


NEWS_TOPICS = [
    ("召开全县安全生产工作会议", "安全生产", "会议强调，要压紧压实安全生产责任，深入开展重大事故隐患专项排查整治，"
     "聚焦道路交通、建筑施工、危险化学品、燃气等重点行业领域，坚决遏制重特大事故发生。"),
    ("部署秋冬季森林防灭火工作", "森林防灭火", "会议要求，要严格落实野外火源管控措施，加强重点时段、重点部位巡查看守，"
     "做好扑火队伍、物资和装备准备，确保一旦发生火情能够打早打小打了。"),
    ("开展政务公开业务培训", "政务公开", "培训围绕政府信息公开条例、政务公开标准目录、政策解读和回应关切等内容展开，"
     "并结合网站和政务新媒体常见问题进行了案例讲解，强调发布前要严格落实保密审查和个人信息保护要求。"),
    ("推进农村人居环境整治", "人居环境整治", "会议指出，要以农村厕所革命、生活垃圾和污水治理、村容村貌提升为重点，"
     "建立健全长效管护机制，引导农民群众共建共治共享美丽家园。"),
    ("召开优化营商环境工作推进会", "营商环境", "会议要求，要持续深化放管服改革，推进政务服务一网通办，"
     "压缩审批时限，规范涉企检查，切实为市场主体减负担、增便利。"),
    ("部署防汛抗旱工作", "防汛抗旱", "会议强调，要立足防大汛、抗大旱、抢大险、救大灾，"
     "加强雨情水情监测预警，抓好水库、山洪灾害危险区等重点部位的巡查防守。"),
    ("推进义务教育优质均衡发展", "义务教育", "会议提出，要加快薄弱学校改造，推进城乡教师交流轮岗，"
     "深化课后服务，持续减轻学生过重作业负担，办好人民满意的教育。"),
]


def news(c: Corpus, s: Synth, i: int) -> None:
    """Clean government news and policy notices: no numbers, no markings, no spam."""
    title, topic, body = NEWS_TOPICS[i % len(NEWS_TOPICS)]
    county = s.county()
    d = Doc()
    d.t(f"{county}{title}\n\n发布时间：{s.date()}  来源：{county}人民政府办公室\n\n")
    d.t(f"{s.date()}，{county}{title}，总结前一阶段{topic}工作情况，分析当前形势，部署下一步重点任务。"
        f"县政府主要负责同志出席会议并讲话，各乡镇（街道）和县直有关部门负责同志参加会议。\n\n")
    d.t(body + "\n\n")
    d.t(f"会议指出，{topic}工作事关人民群众切身利益，事关经济社会发展大局。各级各部门要坚持人民至上，"
        "增强责任感和紧迫感，把各项工作抓细抓实。要加强统筹协调，形成上下联动、部门协同的工作格局。"
        "要强化督查考核，对工作推进不力、问题整改不到位的，依规依纪严肃问责。\n\n")
    d.t(f"会上，{s.r.randint(3, 6)}个单位作了交流发言。与会人员一致表示，将认真贯彻落实会议精神，"
        "以更加务实的作风推动各项任务落地见效。\n")
    c.add(f"news-{i:02d}", d, "干净的政务新闻稿：无标识符、无标志、无推广词")


def sample_case(c: Corpus) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    d = Doc()
    d.e("spam", first, "block")
    rest = text[len(first):]
    k = rest.index("鎮(zhèn)")
    d.t(rest[:k])
    d.e("tampering", "鎮(zhèn)", "review")
    d.t(rest[k + len("鎮(zhèn)"):])
    assert d.text == text
    c.add("sample-hijacked-mirror-annual-report", d,
          "真实镜像页：首行色情标题串（block），正文繁体夹注拼音（tampering），其余正文干净")


def assistance_roster(c: Corpus, s: Synth, i: int, leak: bool) -> None:
    """临时救助 / 残疾人补贴 审批表 published as a 公示: the leaking variant keeps diagnoses,
    disability grades and house-level addresses (personal_info); the clean one publishes only
    what the 公示 needs (surname, village, amount)."""
    town, county = s.town(), s.county()
    d = Doc()
    d.t(f"{county}{town}2024年第{i + 1}批临时救助对象审批结果公示\n\n")
    d.t(f"根据《社会救助暂行办法》和{county}临时救助实施细则，经本人申请、村（社区）评议、"
        f"{town}审核审批，现将第{i + 1}批临时救助对象予以公示，公示期5个工作日。\n\n")
    for k in range(s.r.randint(3, 5)):
        nm = s.name()
        vil = s.village()
        if leak:
            d.t(f"{k + 1}. 申请人：{nm}；家庭住址：")
            d.e("personal_info", f"{vil}{s.r.randint(1, 30)}组{s.r.randint(1, 99)}号", "review")
            d.t("；")
            d.e("personal_info",
                "诊断：" + s.r.choice(["尿毒症", "肺癌晚期", "重度抑郁症", "白血病"]), "review")
            d.t("；")
            if k % 2 == 0:
                d.e("personal_info", "残疾等级：" + s.r.choice(["一级", "二级"]), "review")
                d.t("；")
            d.t(f"救助金额：{s.r.choice([2000, 3000, 5000])}元\n")
        else:
            d.t(f"{k + 1}. 申请人：{nm[0]}**；所在村：{vil}；救助类别：因病；"
                f"救助金额：{s.r.choice([2000, 3000, 5000])}元\n")
    d.t(f"\n公示期间如有异议，请向{town}社会事务办反映。\n{town}人民政府\n{s.date()}\n")
    c.add(f"assistance-{'leak' if leak else 'clean'}-{i:02d}", d,
          "临时救助公示" + ("，漏删诊断、残疾等级和门牌地址（PIPL 第28条）" if leak
                        else "，只公示姓氏、村和金额"))


TABLE_SEPARATORS = {"tabs": "\t", "spaces": "  ", "fullwidth": "\u3000", "csv": ","}


def column_roster(c: Corpus, s: Synth, i: int, leak: bool, shape: str) -> None:
    """临时救助 / 医疗救助 名单 as a TABLE: the labels 家庭住址, 病情 (and 住院号) are only in the
    header row, the values in the rows below, laid out as the readers deliver tables (tabs of a
    docx/xlsx row, spaces or full-width spaces of a typed txt, a Markdown or CSV table).  The
    leaking variant keeps house-level addresses, diseases and inpatient numbers; the clean one
    cuts addresses at the village, writes 良好/健康 or masks the column."""
    town, county = s.town(), s.county()
    with_record = i % 2 == 0
    header = ["序号", "姓名", "性别", "家庭住址", "病情"]
    if with_record:
        header.append("住院号")
    header.append("救助金额（元）")
    d = Doc()
    d.t(f"{county}{town}2024年第{i + 1}批医疗救助对象公示\n\n")
    d.t(f"根据《{county}医疗救助实施办法》，经本人申请、村（社区）评议、{town}审核，"
        "现将救助对象予以公示，公示期5个工作日。\n\n")

    def row(cells: list[str | tuple[str, str]]) -> None:
        # A tuple is (value, severity): a cell the reviewer expects to be reported.
        if shape == "markdown":
            d.t("| ")
        for k, cell in enumerate(cells):
            if k:
                d.t(" | " if shape == "markdown" else TABLE_SEPARATORS[shape])
            if isinstance(cell, tuple):
                d.e("personal_info", cell[0], cell[1])
            else:
                d.t(cell)
        d.t(" |\n" if shape == "markdown" else "\n")

    row(list(header))
    if shape == "markdown":
        d.t("|" + "|".join("---" for _ in header) + "|\n")
    for k in range(s.r.randint(3, 5)):
        nm = s.name()
        vil = s.village()
        shown = nm if leak else nm[0] + "*" * (len(nm) - 1)
        cells: list[str | tuple[str, str]] = [str(k + 1), shown, s.r.choice(["男", "女"])]
        if leak:
            cells.append((f"{town}{vil}{s.r.randint(1, 30)}组{s.r.randint(1, 99)}号", "review"))
            cells.append((s.r.choice(["尿毒症", "肺癌晚期", "重度抑郁症", "白血病", "脑梗塞后遗症"]),
                          "review"))
            if with_record:
                cells.append((f"ZY2024{s.r.randint(1000, 9999)}", "block"))
        else:
            cells.append(f"{town}{vil}")
            cells.append(s.r.choice(["良好", "健康", "***"]))
            if with_record:
                cells.append("******")
        cells.append(str(s.r.choice([2000, 3000, 5000])))
        row(cells)
    d.t(f"\n公示期间如有异议，请向{town}社会事务办反映。\n{town}人民政府\n{s.date()}\n")
    c.add(f"column-roster-{'leak' if leak else 'clean'}-{shape}-{i:02d}", d,
          f"表格形式（{shape}）的医疗救助名单，标签只在表头" +
          ("，列中漏删门牌地址、病情、住院号" if leak else "，住址只到村、病情为良好或已脱敏"))


def build() -> list[dict[str, object]]:
    s = Synth(SEED)
    c = Corpus()
    plans: list[tuple[Callable[..., None], list[tuple[object, ...]]]] = [
        (roster_subsidy, [(i, i % 2 == 1) for i in range(8)]),
        (roster_dibao, [(i, i % 3 == 0) for i in range(6)]),
        (hiring, [(i, i % 3 == 0) for i in range(6)]),
        (meeting, [(i, i % 2 == 0) for i in range(6)]),
        (procurement, [(i,) for i in range(5)]),
        (exam_notice, [(i,) for i in range(3)]),
        (classified, [(i,) for i in range(6)]),
        (hacked, [(i,) for i in range(12)]),
        (html_hidden, [(i, i % 2 == 0) for i in range(6)]),
        (pinyin_page, [(i, i % 2 == 1) for i in range(4)]),
        (wording_doc, [(i,) for i in range(6)]),
        (news, [(i,) for i in range(20)]),
    ]
    for fn, args in plans:
        for a in args:
            fn(c, s, *a)
    for i in range(4):
        d = annual_report(c, s, i)
        c.add(f"annual-report-{i:02d}", d, "政务公开年度报告，正文提到保密审查和国家秘密；咨询电话 info")
    clean_false_friends(c, s)
    snippets(c, s)
    sample_case(c)
    # Added after the first release of the corpus: last, so earlier cases keep their content.
    for i in range(6):
        assistance_roster(c, s, i, i % 3 != 2)
    for text in ["加强医疗健康信息保护，尊重公民宗教信仰自由。", "住址：某某县某某镇某某村",
                 "犯罪记录：无", "残疾人两项补贴按照残疾等级分档发放。"]:
        c.add(f"personal-info-clean-{len(c.cases):03d}", Doc().t(text),
              "假朋友：谈及敏感个人信息的句子，或只到村的住址")
    for i, (shape, leak) in enumerate([("tabs", True), ("spaces", True), ("fullwidth", True),
                                       ("markdown", True), ("csv", True), ("tabs", False),
                                       ("spaces", False), ("markdown", False)]):
        column_roster(c, s, i, leak, shape)
    return c.cases


def render(cases: list[dict[str, object]]) -> str:
    return "".join(json.dumps(k, ensure_ascii=False) + "\n" for k in cases)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if cases.jsonl is out of date")
    args = ap.parse_args(argv)
    out = render(build())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != out:
            print("corpus/cases.jsonl is out of date: run python corpus/build.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(out, encoding="utf-8")
    cases = json.loads("[" + ",".join(out.splitlines()) + "]")
    clean = sum(1 for k in cases if not k["expected"])
    print(f"wrote {OUT.name}: {len(cases)} cases, {clean} without findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
