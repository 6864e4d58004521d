"""Generate the held-out evaluation corpus ``corpus/heldout/cases.jsonl``.

Why this file exists: the main corpus (``corpus/cases.jsonl``) was written by the people who tuned
the detectors, so its perfect score only proves that the labelled behaviour holds.  These cases
were written *blind* — from the public contract (``api-contract.md``) and the format reference
(``cn-formats.md``) only, without reading the detectors, their rules or their tests — so that the
score measures behaviour nobody tuned for.

How the cases are written: each case text carries inline labels ``⟦category|severity|evidence⟧``
(nestable, e.g. a spam link inside a hidden HTML element).  ``parse()`` strips the labels and
records exact offsets, so every expected item satisfies ``text[start:start+len] == evidence``.
All identifiers are synthetic and computed here: GB 11643 check characters for ID numbers with
birth years before 1900, Luhn digits for bank cards with zero-heavy bodies, GB 32100 check
characters for credit codes, mobile numbers ending in ``0000``.  The generator is seeded, so
running it twice gives byte-identical output.

Run: ``python corpus/heldout/build.py`` (writes ``cases.jsonl`` next to this file).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20240515
rng = random.Random(SEED)

SEVERITY_ORDER = {"block": 2, "review": 1, "info": 0}
CATEGORIES = {
    "classified_marking", "internal_marking", "id_card", "mobile_phone", "landline", "bank_card",
    "travel_document", "license_plate", "email", "ip_address", "credit_code", "personal_info",
    "spam", "sensitive_term", "wrong_expression", "tampering",
}

# ---------------------------------------------------------------------------------------------
# Synthetic identifiers (arithmetic from cn-formats.md; nothing copied from real records)
# ---------------------------------------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(body17: str) -> str:
    """GB 11643-1999 MOD 11-2 check character for a 17-digit body."""
    s = sum(int(d) * w for d, w in zip(body17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[s % 11]


def id18(addr: str, birth: str, seq: str) -> str:
    """A checksum-valid 18-character ID; callers pass pre-1900 birth dates only."""
    assert len(addr) == 6 and len(birth) == 8 and len(seq) == 3 and birth < "19000101"
    body = addr + birth + seq
    return body + id_check(body)


def wrong_check(valid: str) -> str:
    """The same body with a deliberately wrong check character (a mistyped number)."""
    good = valid[-1]
    bad = "7" if good != "7" else "3"
    return valid[:-1] + bad


def rand_birth() -> str:
    """A real calendar date between 1851 and 1899 (nobody alive holds such a number)."""
    y = rng.randint(1851, 1899)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return f"{y:04d}{m:02d}{d:02d}"


def rand_id(addr: str, female: bool | None = None) -> str:
    seq = rng.randint(0, 99) * 2 + (0 if female else 1) if female is not None else rng.randint(1, 199)
    return id18(addr, rand_birth(), f"{seq:03d}")


def luhn_complete(body: str) -> str:
    """Append the Luhn digit so the whole number passes the check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(body8: str) -> str:
    """GB 11714 organisation-code check character (digits, A=10 … Z=35)."""
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    s = sum((int(c) if c.isdigit() else ord(c) - 55) * wi for c, wi in zip(body8, w, strict=True))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc(dept: str, kind: str, region: str, org8: str) -> str:
    """GB 32100-2015 credit code with a valid embedded organisation code and check character."""
    body = dept + kind + region + org8 + org_check(org8)
    s = sum(_USCC_ALPHA.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + _USCC_ALPHA[(31 - s % 31) % 31]


def isbn13(body12: str) -> str:
    s = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body12))
    return body12 + str((10 - s % 10) % 10)


def regno15(body14: str) -> str:
    """Old 15-digit business registration number, ISO 7064 MOD 11,10 check."""
    p = 10
    for ch in body14:
        s = (p + int(ch)) % 10
        s = 10 if s == 0 else s
        p = (2 * s) % 11
    return body14 + str((11 - p) % 10)


def mobile(prefix: str, mid: str) -> str:
    """An 11-digit mobile in an allocated block with an all-zero subscriber tail."""
    assert len(prefix) == 3 and len(mid) == 4
    return prefix + mid + "0000"


def fw(s: str) -> str:
    """Full-width form of the ASCII characters in ``s`` (what some IMEs and PDFs produce)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def zw(s: str, every: int = 4, char: str = "\u200b") -> str:
    """Insert a zero-width character every ``every`` characters (copy-paste artefact / evasion)."""
    return char.join(s[i:i + every] for i in range(0, len(s), every))


def mask(s: str, keep_head: int, keep_tail: int, ch: str = "*") -> str:
    return s[:keep_head] + ch * (len(s) - keep_head - keep_tail) + s[len(s) - keep_tail:]


# ---------------------------------------------------------------------------------------------
# Inline labels
# ---------------------------------------------------------------------------------------------

OPEN, CLOSE = "⟦", "⟧"
ZWSP = "\u200b"       # zero-width space
PUA_STAR = "\uf0ab"   # a symbol-font star as Word/PDF extraction leaves it (Private Use Area)


def m(cat: str, sev: str, s: str) -> str:
    """Label ``s`` as an expected finding of ``cat`` at ``sev``."""
    assert cat in CATEGORIES and sev in SEVERITY_ORDER, (cat, sev)
    return f"{OPEN}{cat}|{sev}|{s}{CLOSE}"


def CM(s: str, sev: str = "block") -> str:
    return m("classified_marking", sev, s)


def IM(s: str, sev: str = "block") -> str:
    return m("internal_marking", sev, s)


def ID(s: str, sev: str = "block") -> str:
    return m("id_card", sev, s)


def MOB(s: str, sev: str = "review") -> str:
    return m("mobile_phone", sev, s)


def TEL(s: str) -> str:
    return m("landline", "info", s)


def BANK(s: str, sev: str = "block") -> str:
    return m("bank_card", sev, s)


def TRAVEL(s: str) -> str:
    return m("travel_document", "block", s)


def PLATE(s: str) -> str:
    return m("license_plate", "review", s)


def MAIL(s: str, sev: str = "review") -> str:
    return m("email", sev, s)


def IP(s: str, sev: str = "review") -> str:
    return m("ip_address", sev, s)


def CC(s: str, sev: str = "info") -> str:
    return m("credit_code", sev, s)


def PI(s: str, sev: str = "review") -> str:
    return m("personal_info", sev, s)


def SPAM(s: str) -> str:
    return m("spam", "block", s)


def WRONG(s: str, sev: str = "block") -> str:
    return m("wrong_expression", sev, s)


def TAMPER(s: str) -> str:
    return m("tampering", "review", s)


TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LET = "a-zü" + TONED + "êɑɡ"
PINYIN_ANNOT = re.compile(
    rf"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][(（][{_LET}]{{0,6}}[{TONED}][{_LET}]{{0,5}}[)）]"
)


@dataclass
class Case:
    id: str
    note: str
    raw: str
    pinyin_tamper: bool = False  # add one tampering item spanning the annotated region
    text: str = ""
    expected: list[dict[str, Any]] = field(default_factory=list)

    def build(self) -> dict[str, Any]:
        self.text, self.expected = parse(self.raw)
        if self.pinyin_tamper:
            hits = list(PINYIN_ANNOT.finditer(self.text))
            assert len(hits) >= 3, (self.id, len(hits))
            a, b = hits[0].start(), hits[-1].end()
            self.expected.append({"category": "tampering", "text": self.text[a:b], "start": a,
                                  "severity": "review"})
        self.expected.sort(key=lambda e: (e["start"], e["category"]))
        for e in self.expected:
            assert self.text[e["start"]:e["start"] + len(e["text"])] == e["text"]
            assert e["text"] and e["text"] == e["text"].strip("\n"), (self.id, e)
        worst = max((SEVERITY_ORDER[e["severity"]] for e in self.expected), default=0)
        verdict = {2: "block", 1: "review", 0: "pass"}[worst]
        return {"id": self.id, "text": self.text, "expected": self.expected,
                "verdict": verdict, "note": self.note}


def parse(raw: str) -> tuple[str, list[dict[str, Any]]]:
    """Strip ``⟦cat|sev|…⟧`` labels (nestable) and return the clean text and expected items."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, str, int]] = []
    items: list[dict[str, Any]] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == OPEN:
            j = raw.index("|", i)
            k = raw.index("|", j + 1)
            stack.append((raw[i + 1:j], raw[j + 1:k], pos))
            i = k + 1
            continue
        if ch == CLOSE:
            cat, sev, start = stack.pop()
            items.append({"category": cat, "text": "".join(out)[start:pos], "start": start,
                          "severity": sev})
            i += 1
            continue
        out.append(ch)
        pos += 1
        i += 1
    assert not stack, raw[:80]
    return "".join(out), items


# ---------------------------------------------------------------------------------------------
# Synthetic people and numbers used below (seeded)
# ---------------------------------------------------------------------------------------------

YYX = "430621"   # 岳阳县-style county code (historical and current tables both have it)
XH = "330106"    # 西湖区
JJ = "510104"    # 锦江区
NS = "440305"    # 南山区
DC = "110101"    # 东城区
YT = "610113"    # 雁塔区

CASES: list[Case] = []


def add(cid: str, note: str, raw: str, *, pinyin: bool = False) -> None:
    CASES.append(Case(f"ho-{len(CASES) + 1:03d}-{cid}", note, raw, pinyin_tamper=pinyin))


# =============================================================================================
# A. Innocent look-alikes: nothing to report, or info only
# =============================================================================================

add("secrecy-month-notice", "保密宣传教育月通知：保密工作/保密法/涉密人员等正文用语不应报告；办公座机为 info", f"""关于开展2024年度保密宣传教育月活动的通知

各乡镇人民政府，县直各单位：
为深入学习贯彻新修订的《中华人民共和国保守国家秘密法》，进一步增强全县干部职工的保密意识，经研究，决定于2024年5月1日至5月31日在全县开展保密宣传教育月活动。现将有关事项通知如下：
一、组织集中学习。各单位要把保密法纳入党组（党委）理论学习中心组学习内容，组织涉密人员和新入职人员开展专题培训。
二、开展警示教育。组织观看保密警示教育片，结合典型案例讲清失泄密危害，引导干部职工自觉保守国家秘密。
三、做好定密工作自查。对照保密事项范围，检查本单位定密工作是否规范，涉及国家秘密的，依照有关规定办理。
四、签订保密承诺书。各单位要与涉密人员逐一签订保密承诺书，做到应签尽签。
联系人：县保密办 王同志，联系电话：{TEL("0730-8000000")}。

青山县保密委员会办公室
2024年4月25日""")

add("secret-ballot", "村委会选举公告：无记名秘密投票不是密级标志", """青山县东岭镇柳树村第十二届村民委员会选举公告（第3号）

根据《中华人民共和国村民委员会组织法》和《湖南省村民委员会选举办法》，经村民选举委员会研究决定：
一、选举日期：2024年5月18日上午8:30至12:00。
二、选举方式：设立中心投票会场1个、投票站3个，采用无记名秘密投票方式，设立秘密写票处。
三、选民须凭选民证领取选票，因外出不能参加投票的，可书面委托本村有选举权的近亲属代为投票，每人接受委托不得超过三人。

柳树村村民选举委员会
2024年5月8日""")

add("infosec-confidentiality", "等保测评通知：机密性、完整性和可用性是信息安全术语", """关于做好2024年政务信息系统等级保护测评工作的通知

各单位要按照《信息安全技术 网络安全等级保护基本要求》（GB/T 22239-2019），对本单位运行的政务信息系统开展等级保护测评，重点检查身份鉴别、访问控制、安全审计等措施，保障信息系统的机密性、完整性和可用性。第三级以上系统每年至少开展一次测评，测评报告于11月30日前报县委网信办备案。""")

add("trade-secret-guide", "商业秘密保护指引：商业秘密是独立类别，不是国家秘密标志", """青山县市场监督管理局关于开展商业秘密保护示范站点创建工作的通知

为加强企业商业秘密保护，今年将在县经开区选取5家企业创建商业秘密保护示范站点。创建企业应建立商业秘密管理制度，明确商业秘密范围、密级和保密期限，与接触商业秘密的员工签订保密协议和竞业限制协议。对侵犯商业秘密的违法行为，我局将依法查处。""")

add("secrecy-case-study", "保密警示案例：正文引用“机密”“秘密”份数，不在版头、不是 级★期限 形式", """【以案说法】一起违规存储涉密文件案件的警示

某单位干部李某为图方便，将工作中接触的涉密文件拍照后存储在个人手机中。经鉴定，其手机中存有标“机密”级文件4份、标“秘密”级文件6份。李某的行为违反了保密法关于“不得在非涉密信息系统、设备中存储、处理国家秘密”的规定，受到党内严重警告处分。
广大干部职工要以案为鉴，严格遵守“涉密不上网、上网不涉密”的要求。""")

add("welfare-lottery-report", "福利彩票公益金使用公告：福利彩票/金额不应报告", """2023年度青山县福利彩票公益金使用情况公告

根据《彩票管理条例》和《彩票公益金管理办法》有关规定，现将我县2023年度本级福利彩票公益金使用情况公告如下：
2023年，县民政局共使用福利彩票公益金1,286.50万元，其中：养老服务体系建设632.00万元，儿童福利和未成年人保护213.80万元，残疾人福利和康复服务176.40万元，社会救助等其他社会福利项目264.30万元。
公益金项目均按规定在实施场所显著位置标注“福利彩票公益金资助——中国福利彩票”字样。
特此公告。

青山县民政局
2024年3月20日""")

add("sports-lottery-outlets", "体育彩票网点管理：体育彩票、即开型彩票正常用语", """关于规范体育彩票销售网点管理的通知

各体育彩票销售网点要严格执行国家彩票政策，严禁向未成年人销售体育彩票，严禁以赊销或者信用方式销售彩票。即开型体育彩票应当按规定设置专门销售区域，并在显著位置张贴“未成年人不得购买彩票、兑奖”的提示。""")

add("anti-gambling-notice", "打击非法赌博通告：六合彩/网络赌博/老虎机出现在“打击”语境中", """青山县公安局关于严厉打击六合彩等非法赌博违法犯罪活动的通告

为维护社会治安秩序，决定即日起在全县范围内开展打击六合彩、网络赌博、私彩等非法赌博违法犯罪专项行动。一、严禁任何单位和个人组织、参与六合彩、私彩赌博活动，严禁设置老虎机、捕鱼机等赌博机。二、鼓励群众积极举报，举报电话：110。对提供重要线索的，给予500元至5000元奖励，并为举报人严格保密。

青山县公安局
2024年3月1日""")

add("shaohei-chue-correct", "扫黑除恶正确表述、公共服务号码12345/110不应报告", """今年以来，我县坚持常态化开展扫黑除恶斗争，深化行业领域整治，共打掉涉黑涉恶团伙3个，办结涉黑涉恶案件17件。下一步，将持续完善扫黑除恶常态化机制，畅通群众举报渠道，欢迎广大群众通过12345政务服务便民热线或拨打110反映线索。""")

add("saohuang-dafei", "扫黄打非会议：淫秽色情出现在整治语境", """全县“扫黄打非”工作领导小组召开2024年第一次全体会议。会议要求，要深入开展“净网”“护苗”专项行动，持续清理网上淫秽色情信息，严厉打击非法出版活动，为青少年成长营造清朗网络空间。""")

add("tax-invoice-service", "税务代开发票业务、发票管理办法：合法用语", """青山县税务局关于优化代开发票服务的公告

自2024年4月1日起，自然人纳税人可通过电子税务局申请代开增值税普通发票，无需前往办税服务厅。纳税人应当按照《中华人民共和国发票管理办法》规定如实申报，虚开发票的，依法承担法律责任。咨询请拨打全国12366纳税缴费服务热线。""")

add("business-startup-seal", "企业开办免费刻章、办证窗口：合法政务用语", """青山县优化营商环境“一件事一次办”改革成效

县政务服务中心设立企业开办专区，整合营业执照办理、免费刻制公章、发票申领、社保登记等环节，新开办企业1个工作日内即可办结。中心还设有不动产办证窗口和户籍办证窗口，全年累计办件3.2万件。""")

add("adult-exam-online", "成人高考报名、在线观看直播：成人/在线观看 单词出现在正常语境", """2024年成人高等学校招生考试报名工作即将开始

2024年全国成人高考报名时间为8月26日至9月2日。报考成人高等教育的考生须在网上报名后到县教育考试院现场确认。县教育考试院将于8月20日举办报考政策解读直播，考生可通过县政府门户网站在线观看，错过直播的可点播回放视频。""")

add("taiyangcheng-community", "名为“太阳城”的社区：地名中的博彩品牌词", """太阳城社区新时代文明实践站开展“邻里互助”志愿服务活动

5月12日，东岭镇太阳城社区新时代文明实践站组织志愿者走进辖区困难老人家中，开展义务理发、家电维修和健康义诊等服务。太阳城社区现有居民2300余户，今年以来已开展志愿服务活动26场次。""")

add("hospital-departments", "县医院科室调整：男科门诊正常医疗用语；机构地址带门牌号不是个人住址", """青山县人民医院关于门诊科室调整的公告

为方便群众就医，自2024年6月1日起，我院泌尿外科与男科门诊合并设于门诊楼三楼，妇产科迁至新建住院楼二楼。医院地址：青山县人民路88号。预约挂号可关注“青山县人民医院”微信公众号。""")

add("antidrug-aml-guns", "禁毒日、反洗钱、枪支管理宣传：违禁词出现在宣传/整治语境", """6月26日国际禁毒日前后，县禁毒委联合县人民银行、县公安局在城区广场开展集中宣传，现场发放《反洗钱宣传手册》《枪支管理法》宣传资料2000余份，向群众讲解毒品危害、洗钱犯罪的常见手法以及非法持有枪支的法律后果，提醒群众远离毒品、抵制代孕等违法行为。""")

add("public-service-numbers", "便民服务号码：12345/12315/110/119/120/95588/12366 都不应报告", """便民服务电话一览
政务服务便民热线：12345
消费者投诉举报：12315
报警：110　火警：119　急救：120　交通事故：122
纳税服务：12366　人社服务：12333　医保服务：12393
中国工商银行客服：95588　国家电网供电服务：95598""")

add("office-landlines", "政务公开指南中的办公座机、传真、监督电话：均为 info", f"""青山县人民政府办公室政府信息公开指南（节选）

受理机构：青山县人民政府办公室政务公开科
办公地址：青山县人民路1号行政中心3楼
咨询电话：{TEL("（0730）8000000")}
传真：{TEL("0730-8000001")}
监督电话：{TEL("0730 8000002")}
办公时间：工作日上午8:30-12:00，下午14:30-17:30（法定节假日除外）""")

add("hotline-extension", "400客服与带分机的座机：400号不报告，座机 info", f"""关于开通企业用电报装“一网通办”的公告

企业可通过“网上国网”APP在线提交用电报装申请。如有疑问，可拨打客户服务热线400-600-0000，或联系县发改局能源股：{TEL("0571-87000000转8001")}。""")

add("masked-id-list", "已脱敏的公示名单：6+4、3+4、2+3、1+1、全角星号、×号、15位旧号6+3 掩码均合规，不应报告", f"""2024年第一季度城乡居民养老保险待遇领取人员公示

序号	姓名	身份证号	领取月份
1	王*华	{mask(rand_id(YYX), 6, 4)}	2024年1月
2	李**	{mask(rand_id(YYX), 3, 4)}	2024年1月
3	欧阳**	{mask(rand_id(YYX), 2, 3)}	2024年2月
4	张*	{mask(rand_id(YYX), 1, 1)}	2024年2月
5	刘*兰	{mask(rand_id(YYX), 6, 4, "＊")}	2024年3月
6	陈*平	{mask(rand_id(YYX), 6, 4, "×")}	2024年3月
7	周*明	{"430621" + "******" + "031"}	2024年3月
公示期：2024年4月1日至4月7日。如有异议，请向县人社局反映。""")

add("masked-phones-cards", "已脱敏的手机号、银行卡号、护照号、座机、邮箱：不应报告", f"""2024年度见义勇为奖励发放情况公示

1. 赵*东，联系电话：{mask(mobile("139", "0731"), 3, 4)}，奖励金发放账户：{mask(luhn_complete("622848000000000013"), 6, 4)}
2. 黄*芬，联系电话：{mask(mobile("186", "7300"), 3, 4, "＊")}，奖励金发放账户：{mask(luhn_complete("621700000000000021"), 0, 4)}
3. 吴*梅（港澳居民），通行证号：H*****001，联系电话：0730-****0000，邮箱：w***@163.com
以上人员奖励金已于2024年5月10日发放到位。""")

add("amounts-dates-times", "金额、日期、时间、数字金额（含小数）不应报告", """青山县2024年重点项目建设推进会召开

5月20日上午9:30，全县重点项目建设推进会在县行政中心召开。今年全县共安排重点项目128个，总投资18600000000.00元，年度计划投资5,320,000,000元。截至2024-05-15 17:00，已完成投资23.6亿元，占年度计划的44.36%。会议要求，6月30日前所有新建项目全部开工。""")

add("doc-numbers", "文号、项目编号、合同编号、流水号、订单号不应报告", """关于转发《国务院办公厅关于进一步优化政务服务提升行政效能的意见》的通知
（青政办发〔2024〕12号）

根据国办发〔2024〕3号文件精神，结合我县实际，请认真抓好落实。相关采购项目编号：QSCG2024-0087，合同编号：QS-ZFCG-2024-0315，财政支付流水号：202403150000012345，电子订单号：20240315093000123456。""")

add("credit-codes-procurement", "中标结果公告：单位统一社会信用代码为 info，办公座机 info，金额与项目编号不报告", f"""青山县东岭镇污水管网改造工程中标结果公告

一、项目编号：QSCG2024-0112
二、采购人：青山县东岭镇人民政府（统一社会信用代码：{CC(uscc("1", "1", YYX, "00000021"))}）
三、中标人：青山县宏建市政工程有限公司（统一社会信用代码：{CC(uscc("9", "1", YYX, "MA4L0001"))}）
四、中标金额：人民币叁佰陆拾捌万伍仟元整（¥3,685,000.00）
五、联系方式：采购人联系电话{TEL("0730-8000003")}；代理机构：青山县公共资源交易中心，电话{TEL("0730-8000004")}。""")

_isbn = isbn13("978701000012")
add("isbn-versions", "ISBN、标准号、软件版本号（四段点分）、章节号不应报告", f"""《青山县志（1988—2020）》已由人民出版社出版（ISBN {_isbn[:3]}-{_isbn[3]}-{_isbn[4:6]}-{_isbn[6:12]}-{_isbn[12]}），全书共计186万字。县档案馆同步上线数字方志查询系统，客户端版本号2.10.3.1，适配Windows 10及以上操作系统，详见使用手册第3.2.1节及GB/T 9704-2012附录。""")

add("about-personal-data", "讲个人信息保护的句子：提到身份证号、手机号等词，但没有具体号码", """关于进一步规范政府网站公示公告中个人信息保护工作的通知

各单位在政府网站发布公示公告时，不得公开公民身份号码、手机号码、银行卡号、家庭住址、健康状况、宗教信仰等个人信息；确需公开的，应当进行去标识化处理，例如身份证号码只保留前6位和后4位、手机号码只保留前3位和后4位。""")

add("relief-village-addresses", "临时救助公示：姓名已脱敏，住址只到村，不应报告", """东岭镇2024年4月临时救助公示

序号	姓名	家庭住址	救助原因	救助金额（元）
1	王*华	东岭镇柳树村	火灾	3000
2	李*英	东岭镇石桥村	意外事故	2000
3	周*明	东岭镇桃花村	因病	1500
公示时间：2024年5月6日至5月12日。监督电话：12345。""")

add("hiring-health-good", "拟聘用人员公示：健康状况良好、体检合格、民族、准考证号属于常规公示内容", """青山县2024年公开招聘中小学教师拟聘用人员公示

姓名：张志强　性别：男　民族：汉族　出生年月：1996.05　学历：本科　毕业院校：湖南师范大学　准考证号：2024010203　体检结果：合格　健康状况：良好　拟聘岗位：初中数学教师
公示期为2024年7月1日至7月7日（5个工作日）。""")

add("rare-char-annotation", "生僻字注音只出现一次：不是整页繁体带拼音的篡改痕迹", """温馨提示：本次补贴申请人中有一位姓名含生僻字“堃(kūn)”，请各经办窗口在系统中使用扩展字库录入，避免因字库缺字导致发放失败。""")

add("neutral-brackets", "普通括号内容：（一）(试行)(见附件1) 第(2)项 不是拼音注音", """青山县农村人居环境整治考核办法(试行)

（一）考核对象为各乡镇人民政府。（二）考核内容见附件1(见附件1)。（三）考核结果按第(2)项规定折算计分，满分100分。""")

add("internal-control-words", "内部控制、内部审计、秘书科、内部资料性出版物（准印证）：正常用语", """县财政局召开行政事业单位内部控制建设推进会

会议通报了全县内部控制报告编报情况，部署开展内部审计和内部管理制度清理工作。局办公室（秘书科）负责汇编《青山财政》，该刊物属于内部资料性出版物，已取得准印证，每季度印发一期。""")

add("publish-attribute-public", "附注为（此件公开发布）/（此件主动公开）：公开属性为公开", """青山县人民政府办公室关于印发《青山县城市燃气安全专项整治方案》的通知

各乡镇人民政府，县直各单位：
《青山县城市燃气安全专项整治方案》已经县人民政府同意，现印发给你们，请认真组织实施。

青山县人民政府办公室
2024年4月10日
（此件公开发布）""")

add("secret-garden-weapon", "秘密花园、秘密武器、秘书长：普通语言中的“秘密”“秘”", """县图书馆“世界读书日”活动推荐书目中，《秘密花园》涂色书深受小读者喜爱。县作协秘书长在分享会上表示，坚持阅读是提升孩子写作能力的“秘密武器”。""")

add("institution-addresses", "定点医疗机构名单：机构地址带门牌号，不是个人住址", """青山县2024年基本医疗保险定点医疗机构名单
1. 青山县人民医院，地址：青山县人民路88号，电话：12320
2. 东岭镇卫生院，地址：东岭镇建设路12号
3. 柳溪镇中心卫生院，地址：柳溪镇解放街6号""")

add("policy-religion-disability", "宗教事务、残疾人补贴、安置帮教、艾滋病防治等政策用语：没有具体个人", """县委统战部、县民宗局联合开展《宗教事务条例》宣传月活动，引导信教群众依法开展宗教活动，保护公民宗教信仰自由。县残联全年发放困难残疾人生活补贴和重度残疾人护理补贴共计862万元。县司法局做好刑满释放人员安置帮教工作，县疾控中心开展艾滋病防治知识进校园活动。""")

add("ip-like-non-ip", "IPv4/IPv6 一词、点分版本号、点分日期：都不是 IP 地址", """县政务云平台已完成IPv6改造，政府门户网站支持IPv4/IPv6双栈访问。移动端APP于2024.03.15发布新版，版本号为3.1.12.8，修复了若干已知问题。""")

add("clean-work-summary", "长篇干净的工作总结：大量普通数字、热线号码、百分比", """青山县政务服务中心2023年工作总结

2023年，县政务服务中心在县委、县政府的坚强领导下，以“高效办成一件事”为目标，持续深化“放管服”改革，各项工作取得新成效。
一、政务服务效能持续提升。全年共受理各类政务服务事项138652件，办结138601件，按时办结率99.96%。推行“一件事一次办”主题服务42项，平均减少跑动次数3.2次、减少申请材料41%。
二、12345热线服务水平不断提高。全年共接听12345热线来电15820件，受理网络诉求3261件，按时办结率100%，群众满意率98.7%。
三、“互联网+政务服务”深入推进。全县1268项政务服务事项实现网上可办，其中“全程网办”事项865项；自助服务终端覆盖全部18个乡镇（街道）。
四、营商环境持续优化。新登记市场主体4126户，同比增长12.3%；企业开办时间压缩至0.5个工作日。
2024年，我们将聚焦群众企业关切，推动更多事项集成办、就近办、掌上办，以政务服务的“加速度”助力县域经济高质量发展。""")

add("meeting-minutes-clean", "会议纪要：出席人员姓名和职务属于正常公开内容", """县人民政府第15次常务会议纪要

2024年5月6日，县长王建华主持召开县人民政府第15次常务会议。副县长李秀英、陈国平，县政府办公室主任周德明出席，县发改局、财政局、自然资源局主要负责人列席。
会议研究了2024年县级重点项目调度、城区老旧小区改造等事项。会议要求，各相关单位要按照职责分工抓好落实，确保6月底前完成年度投资计划的50%以上。""")

add("gov-mailbox", "政府信息公开邮箱（gov.cn）：官方邮箱为 info", f"""公民、法人或者其他组织可以通过以下方式提出政府信息公开申请：
1. 当面提交：到县政务服务中心政务公开窗口填写申请表；
2. 信函提交：邮寄至青山县人民路1号县政府办公室（邮编414100）；
3. 电子邮件提交：发送至{MAIL("xxgk@qingshan.gov.cn", "info")}。""")

add("traditional-hk-news", "繁体转引的港澳新闻（无拼音注音）：繁体本身不是篡改痕迹", """本报讯 粵港澳大灣區青年創新創業交流活動日前舉行。香港特別行政區政府代表在致辭中表示，希望兩地青年加強交流合作，共同把握大灣區發展機遇。活動吸引了來自內地與香港、澳門的120多名青年參加。""")

add("business-regno-15", "旧版15位工商注册号（MOD 11,10 校验）：不是15位身份证号", f"""行政处罚决定书送达公告

当事人：青山县某某农资经营部，营业执照注册号：{regno15("43062160000123")}，经营场所：青山县东岭镇建设路。因你单位经营不合格化肥，我局依法作出行政处罚决定。""")

add("collection-account-info", "非税收入缴款通知：单位收款账户属于有意公开，bank_card info", f"""关于缴纳2024年度城乡居民医疗保险费的通知

缴费标准：每人每年380元。
可通过“湘税社保”小程序缴纳，也可转账至以下账户：
户名：青山县财政局非税收入汇缴结算户
开户行：中国农业银行青山县支行
账号：{BANK("18210101040000018", "info")}
咨询电话：{TEL("0730-8000005")}""")

_txn = "4200000000202403150"
assert not luhn_ok(_txn)
add("transaction-serial", "19位交易流水号（不通过 Luhn、无卡号语境）：不是银行卡号", f"""缴费成功后，系统将生成电子票据。如需查询，请提供缴费日期和交易流水号（如：{_txn}），不需要提供其他信息。""")

_long19 = id18(DC, "18800101", "001") + "1"
assert not luhn_ok(_long19)
add("id-inside-longer-run", "19位档案编号中包含身份证形状：长数字串内部不得匹配", f"""档案移交清单：本批共移交不动产登记档案36卷，档案编号{_long19}至其后连续编号，由县不动产登记中心统一保管。""")

add("leap-day-schedule", "会议安排中的日期（闰日）、时间段、会议室房间号、12345：不应报告", """会议安排：2月29日（星期四）14:30-16:30在县行政中心1205会议室召开，参会人员请于14:20前签到；会议议程共5项，会期约2小时。会后由12345热线办通报第一季度工单办理情况。""")

add("hk-residence-policy", "讲港澳台居民居住证政策的句子：提到号码结构，但没有具体号码", """港澳台居民居住证号码与内地居民身份证号码一样为18位，前6位地址码分别为810000（香港）、820000（澳门）、830000（台湾），持证人可凭居住证在内地办理银行、教育、医疗等业务。""")

# =============================================================================================
# B. Classified markings (国家秘密标志)
# =============================================================================================

add("header-copyno-level-urgency", "标准版头：份号/机密★5年/特急 —— 密级标志 block", f"""000023
{CM("机密★5年")}
特急

青山县人民政府关于做好防汛抢险物资调度的紧急通知

各乡镇人民政府，县直有关单位：
近期我县将出现持续强降雨过程，请立即按照预案做好物资调度准备。""")

add("exam-plan-before-use", "考务工作方案版头 秘密★启用前 —— block", f"""{CM("秘密★启用前")}

2024年青山县初中学业水平考试考务工作方案

一、考点设置：全县共设考点8个，考场312个。
二、试卷保管：试卷运抵后存放于县教育考试院保密室，实行24小时双人值守和视频监控。""")

add("declass-date-form", "解密时间形式 机密★2030年12月31日 —— block", f"""{CM("机密★2030年12月31日")}
加急

关于调整县城区重要目标防护部署的通知""")

add("ideographic-space-level", "旧式版头：秘　密★10年（全角空格） —— block", f"""                                        {CM("秘　密★10年")}
                                        特　急

青山县人民武装部关于2024年度民兵整组工作安排的通知""")

add("fullwidth-asterisk", "全角星号 机密＊5年 —— block", f"""{CM("机密＊5年")}

关于2024年度县级储备粮轮换计划的批复""")

add("pua-star", "Word 符号字体导出的私用区星号 机密\\uf0ab5年 —— block", f"""000017
{CM("机密" + PUA_STAR + "5年")}

关于开展2024年度安全生产综合督查的工作方案""")

add("star-dropped", "抽取时丢失星号：版头只剩 机密 5年 —— block", f"""{CM("机密 5年")}

青山县重点区域视频监控点位调整方案""")

add("bare-level-header", "版头单独一行 秘　密（无星号无期限）—— review", f"""{CM("秘　密", "review")}

青山县2024年信访维稳形势分析""")

add("paragraph-level-mark", "段首（秘密）段落标志 —— review", f"""关于县城区供水保障工作情况的汇报

一、基本情况。县城区现有水厂2座，日供水能力6万吨。
{CM("（秘密）", "review")}二、应急水源地及取水口防护措施。应急水源地位于……，由县公安局负责日常巡查。
三、下一步工作打算。""")

add("level-star-in-text", "正文中出现 机密★10年 —— review", f"""会议传达学习了上级下发的{CM("机密★10年", "review")}文件精神，要求各单位严格按照保密规定组织传达，不得复制、摘抄。""")

add("zero-width-level", "零宽字符插在密级中间 绝\\u200b密★长期 —— block", f"""{CM("绝" + ZWSP + "密★长期")}

关于县城区重要基础设施安全防护的工作方案""")

add("exam-paper-after-use", "考试后公开的真题仍带 绝密★启用前：cn-formats §4.7 保持 review", f"""{CM("绝密★启用前", "review")}
2023年青山县初中学业水平考试数学试题卷
（本试题已于2023年6月考试结束后公开，供2024届学生复习参考）
一、选择题（本大题共10小题，每小题3分，共30分）""")

# =============================================================================================
# C. Internal / work-secret markings
# =============================================================================================

add("work-secret-header", "版头 工作秘密 —— block", f"""{IM("工作秘密")}

关于2024年上半年全县信访突出问题的分析报告""")

add("internal-keep-safe", "版头 内部资料　注意保存 —— block；标题中的“领导参阅”（cn-formats §4.5）—— review", f"""{IM("内部资料　注意保存")}

青山县2024年第一季度经济运行分析（供{IM("领导参阅", "review")}）""")

add("internal-telegram", "内部明电 —— block", f"""{IM("内部明电")}
等级：特急

发电单位：青山县防汛抗旱指挥部
关于立即启动防汛Ⅳ级应急响应的通知""")

add("not-public-footnote", "附注（此件不公开）—— 主动公开时 block", f"""青山县人民政府办公室关于调整县城区领导干部周末值班安排的通知

各有关单位：
根据工作需要，现对2024年第二季度县城区领导干部周末值班安排作如下调整。

青山县人民政府办公室
2024年4月2日
{IM("（此件不公开）")}""")

add("internal-reference-no-spread", "仅供内部参考、不得外传 —— review ×2", f"""本材料{IM("仅供内部参考", "review")}，{IM("不得外传", "review")}。2024年一季度全县规模以上工业增加值同比增长6.8%，其中，建材、食品加工两个行业增速回落较快。""")

add("on-request-only", "附注（此件依申请公开）：不应主动公开 —— block", f"""青山县自然资源局关于东岭镇部分地块土地征收补偿安置方案的批复

东岭镇人民政府：
你镇《关于……的请示》收悉。经研究，同意你镇上报的补偿安置方案。

青山县自然资源局
2024年3月18日
{IM("（此件依申请公开）")}""")

# =============================================================================================
# D. ID numbers
# =============================================================================================

_f = rand_id(XH, female=True)
add("fullwidth-id", "全角数字的身份证号 —— block", f"""申请人：杨丽娟，公民身份号码：{ID(fw(_f))}，申请事项：城镇公共租赁住房资格。""")

_z = rand_id(JJ)
add("zero-width-id", "号码中间夹零宽空格的身份证号 —— block", f"""经审核，黄淑芬（身份证号{ID(zw(_z))}）符合城乡居民最低生活保障条件。""")

_s = rand_id(NS, female=False)
add("spaced-id-684", "6-8-4 空格分组的身份证号 —— block", f"""当事人：徐海涛，男，身份证号码：{ID(_s[:6] + " " + _s[6:14] + " " + _s[14:])}，住所地为深圳市南山区。""")

_xlow = next(x for x in (id18(YT, f"18{y:02d}0{mo}1{d}", f"{s:03d}") for y in range(60, 99)
                        for mo in range(1, 10) for d in range(0, 9) for s in (12, 34, 56))
             if x.endswith("X"))
add("lowercase-x-id", "末位小写 x 的身份证号 —— block", f"""受理人：周德明，身份证号：{ID(_xlow[:-1] + "x")}，受理时间：2024年4月8日。""")

_xfw = next(x for x in (id18(XH, f"188{y}0{mo}2{d}", "022") for y in range(10) for mo in range(1, 10)
                        for d in range(10)) if x.endswith("X"))
add("fullwidth-X-id", "全角数字加全角 Ｘ 的身份证号 —— block", f"""领款人（签字）：吴玉梅　　证件号码：{ID(fw(_xfw))}""")

_hk = id18("810000", "18950612", "003")
_tw = id18("830000", "18870309", "006")
add("residence-permits", "港澳台居民居住证号码 —— block ×2", f"""2024年度港澳台居民参加城乡居民医保登记名单
1. 姓名：梁志明（香港居民），居住证号码：{ID(_hk)}
2. 姓名：林美玲（台湾居民），居住证号码：{ID(_tw)}""")

_old15 = "430621" + "000315" + "021"
add("old-15-digit-id", "带“身份证”语境的15位旧身份证号 —— block", f"""1998年农村土地承包经营权证存根信息：承包方代表赵卫东，身份证号{ID(_old15)}，承包地块5块，合计6.8亩。""")

_bad = wrong_check(rand_id(YYX))
add("id-wrong-check", "校验位错误但有身份证语境（疑似录入错误的真实号码）—— review", f"""经核查，申请人李秀英填报的身份证号码{ID(_bad, "review")}与户籍系统登记信息不一致，请于5个工作日内到镇便民服务中心更正。""")

_nc = rand_id(DC)
add("noncompliant-mask-birth", "不合规脱敏：出生年份外露（6+4 策略下应隐藏）—— review", f"""公示：张志强，身份证号{ID(_nc[:10] + "****" + _nc[14:], "review")}，获评2023年度“最美志愿者”。""")

_rc = rand_id(YYX, female=True)
add("recombinable-id-masks", "同一文件中同一号码两种不同掩码，合起来可还原全号 —— block ×2", f"""关于刘桂兰同志申请公租房的审核情况

第一次公示（3月5日）：刘桂兰，身份证号{ID(mask(_rc, 6, 4))}，家庭人口2人。
复核更正（3月12日）：刘桂兰，身份证号{ID(_rc[:14] + "****")}，家庭人口调整为3人。""")

_t = [rand_id(JJ) for _ in range(2)]
add("roster-table-ids-phones", "人员花名册：制表符分隔的姓名、身份证号、手机号（人员名单中的手机号 block）", f"""东岭镇2024年公益性岗位人员花名册

姓名	性别	身份证号	联系电话	岗位
杨丽娟	女	{ID(_t[0])}	{MOB(mobile("139", "0731"), "block")}	保洁
徐海涛	男	{ID(_t[1])}	{MOB(mobile("186", "7305"), "block")}	护林""")

# =============================================================================================
# E. Mobile numbers
# =============================================================================================

add("contact-mobile", "通知末尾联系人手机号 —— review", f"""请各单位于5月20日前报送材料。联系人：县农业农村局周德明，联系电话：{MOB(mobile("135", "0730"))}。""")

add("plus86-mobile", "+86 国际格式、空格分组的手机号 —— review", f"""招商联络：青山县经开区招商一局 赵卫东 {MOB("+86 " + mobile("138", "0730")[:3] + " " + mobile("138", "0730")[3:7] + " " + mobile("138", "0730")[7:])}""")

add("fullwidth-mobile", "全角数字手机号 —— review", f"""报名咨询：李秀英老师，手机{MOB(fw(mobile("159", "7300")))}（工作日）""")

add("representatives-list-mobiles", "村民代表名单带手机号：人员名单中的手机号 —— block ×4", f"""柳树村第十二届村民代表名单
第一村民小组：王建华　{MOB(mobile("139", "0732"), "block")}
第二村民小组：刘桂兰　{MOB(mobile("187", "3070"), "block")}
第三村民小组：陈国平　{MOB(mobile("199", "7300"), "block")}
第四村民小组：吴玉梅　{MOB(mobile("157", "0731"), "block")}""")

add("annotation-contact", "附注中的联系人及手机号、办公电话 —— 手机 review，座机 info", f"""青山县教育局关于申请2024年农村学校校舍维修资金的请示

县财政局：
……妥否，请批示。

青山县教育局
2024年3月6日
（联系人：杨丽娟，电话：{MOB(mobile("136", "7300"))}，{TEL("0730-8000006")}）""")

# =============================================================================================
# F. Bank cards, travel documents, plates, e-mail, IP, credit codes
# =============================================================================================

_c1 = luhn_complete("622848000000000345")
_c2 = luhn_complete("621700000000000127")
add("subsidy-roster-accounts", "补贴发放花名册：个人户名+银行卡号 —— block ×2", f"""2024年度退耕还林补助资金发放花名册

户名	开户银行	银行卡号	金额（元）
赵卫东	农业银行	{BANK(_c1)}	1200.00
黄淑芬	建设银行	{BANK(_c2)}	960.00""")

_c3 = luhn_complete("622202000000000567")
add("spaced-card", "4位一组空格分隔的银行卡号 —— block", f"""请将学生资助资金转入监护人银行卡：卡号 {BANK(" ".join(_c3[i:i + 4] for i in range(0, len(_c3), 4)))}，持卡人吴玉梅。""")

_c4 = luhn_complete("622588000000012")
_c4bad = _c4[:-1] + str((int(_c4[-1]) + 3) % 10)
assert not luhn_ok(_c4bad)
add("card-luhn-invalid", "不通过 Luhn 但有“银行卡号”语境（疑似录错）—— review", f"""申请人孙凤英提供的银行卡号{BANK(_c4bad, "review")}经银行核验无效，请重新提供。""")

add("passport-and-permit", "“护照号码”“往来港澳通行证号”语境下的证件号 —— block ×2", f"""出国（境）人员备案表
1. 姓名：徐海涛，出访国家：新加坡，护照号码：{TRAVEL("EB0000371")}，出访时间：2024年6月3日至6月9日。
2. 姓名：周德明，赴港参加教研交流，往来港澳通行证号：{TRAVEL("C00001237")}，出行时间：2024年6月12日至6月14日。""")

add("plates-with-owner", "违停处理告知：车主姓名+车牌号 —— review ×2", f"""城区占道停车车辆告知

车主王建华，车牌号{PLATE("湘F·5A000")}；车主刘桂兰，新能源车牌号{PLATE("湘F·D00000")}。请于3日内到县交警大队接受处理。""")

add("personal-emails", "个人邮箱（163/QQ 数字邮箱）—— review ×2", f"""征文投稿可发送至活动负责人周德明的个人邮箱{MAIL("zdm_qs1888@163.com")}，或联系志愿者李秀英（{MAIL("1000000001@qq.com")}）。""")

add("internal-ips", "网络改造方案中的内网地址、网关与内网网段（cn-formats §3.8）—— review ×4", f"""县电子政务外网改造实施方案（节选）

核心交换机管理地址：{IP("10.12.0.1")}；
政务服务平台应用服务器：{IP("192.168.10.25")}，数据库服务器：{IP("192.168.10.26")}；
各乡镇接入网段统一规划在{IP("172.20.0.0/16")}范围内，由县大数据中心统一分配。""")

_gt = uscc("9", "2", YYX, "MA4L0007")
_gt_id = rand_id(YYX)
add("individual-business-code", "个体工商户信用代码与经营者姓名、身份证号同时出现 —— credit_code review + id block", f"""行政处罚决定书
当事人：青山县东岭镇建华百货店（个体工商户）
统一社会信用代码：{CC(_gt, "review")}
经营者：王建华，身份证号：{ID(_gt_id)}""")

# =============================================================================================
# G. Personal information
# =============================================================================================

add("relief-table-health-address", "大病救助公示表：全名+门牌级住址+病种（表格列）—— personal_info ×4", f"""东岭镇2024年第一批大病医疗救助公示

姓名	家庭住址	病种	救助金额（元）
王建华	{PI("东岭镇柳树村三组12号")}	{PI("尿毒症")}	8000
刘桂兰	{PI("东岭镇石桥村五组7号")}	{PI("乳腺癌")}	6500
公示期7天。""")

add("labelled-diagnosis", "标注式病情：姓名+诊断 —— personal_info", f"""经镇村两级评议，拟将赵卫东纳入低收入人口动态监测范围。{PI("家庭主要困难：本人诊断为肺结核，长期服药")}，无劳动能力。""")

add("religion-column", "人员信息表中的宗教信仰列 —— personal_info ×2", f"""社区网格员基本情况登记表
姓名	性别	政治面貌	宗教信仰
黄淑芬	女	群众	{PI("基督教")}
徐海涛	男	群众	{PI("伊斯兰教")}""")

add("criminal-record", "姓名+刑满释放+罪名刑期 —— personal_info", f"""柳树村矛盾纠纷排查情况：村民陈国平，{PI("系刑满释放人员（2018年因盗窃罪被判处有期徒刑二年）")}，目前在村务工，表现良好。""")

add("home-address-labelled", "标注式家庭住址到门牌号 —— personal_info", f"""见义勇为候选人：杨丽娟，女，{PI("家庭住址：青山县东岭镇柳树村5组18号")}。""")

add("inpatient-number", "姓名+住院号+诊断：医疗健康信息，cn-formats §3.11 —— personal_info block", f"""医疗救助审核结果：患者吴玉梅，{PI("住院号：ZY2024031500017", "block")}，{PI("出院诊断：2型糖尿病伴肾病")}，经审核符合救助条件。""")

add("contact-tracing-address", "流调通告：行踪+门牌级住址 —— personal_info", f"""病例1：男，35岁，{PI("居住于青山县城关镇建设路锦绣小区3栋2单元501室")}。3月2日18时至20时在城关镇人民路某餐馆就餐。""")

# =============================================================================================
# H. Spam injected into pages
# =============================================================================================

add("porn-title-run", "页首色情标题串（下划线分隔）+ 正常政务正文 —— spam", f"""{SPAM("日韩无码高清_免费av在线观看_国产精品一区二区_人妻中文字幕")}

青山县2023年法治政府建设年度报告

2023年，县人民政府坚持以习近平法治思想为指导，深入推进法治政府建设。""")

add("lottery-bracket-block", "文章前插入的彩票方括号块 —— spam", f"""{SPAM("【香港马会开奖结果】【管家婆一码一肖】【六合彩资料大全】")}关于做好2024年春季学期学生资助工作的通知

各中小学：现将有关事项通知如下。""")

add("hidden-div-link", "display:none 隐藏的博彩链接 —— spam + tampering", f"""<div class="article">青山县2024年春季农业生产工作会议召开</div>
{TAMPER('<div style="display:none"><a href="http://bet.example.invalid/">' + SPAM("澳门葡京娱乐城") + '</a></div>')}
<p>4月2日，全县春季农业生产工作会议召开。</p>""")

add("title-hijack", "站点标题被替换为博彩关键词串 —— spam", f"""{SPAM("bet365体育在线_真人荷官_百家乐现金网_注册送体验金")}青山县市场监督管理局政府信息公开
首页 > 政策法规 > 部门文件""")

add("noise-symbols-brand", "正文中夹杂★◆■噪声符号和博彩品牌词 —— spam ×2", f"""依法公开{SPAM("★◆■★◆")}政府信息，不予公开的{SPAM("■◆★")}应当说明理由。{SPAM("k8娱乐")}行政机关应当及时、准确地公开政府信息。""")

add("noise-between-chars", "字间插噪声符号的“赌★博”广告 —— spam", f"""{SPAM("线上赌★博平台，注册即送体验金，日赚千元")}
关于开展2024年度“平安家庭”创建活动的通知""")

add("zero-width-spam", "零宽字符拆开的博彩词 —— spam", f"""{SPAM(zw("真人荷官", 1) + " " + zw("百家乐", 1) + " " + zw("老虎机", 1))}
青山县2024年国有土地使用权出让计划""")

_dw_links = SPAM('<a href="http://x.example.invalid">太阳城娱乐</a><a href="http://y.example.invalid">老虎机游戏</a>')
_dw = TAMPER("document.write('<div style=\"position:absolute;left:-9999px\">" + _dw_links + "</div>');")
add("document-write-links", "document.write 写出的隐藏博彩链接 —— spam + tampering", f"""<script>{_dw}</script>
<h1>青山县人民政府关于印发2024年政务公开工作要点的通知</h1>""")

add("random-empty-tags", "正文前共享同一随机 id 的空 HTML 标签串（指纹混淆）—— tampering", f"""{TAMPER('<th id="qk7zt"></th><pre id="qk7zt"></pre><ins id="qk7zt"></ins><sub id="qk7zt"></sub><dfn id="qk7zt"></dfn>')}
<p>青山县2024年城乡居民基本医疗保险参保缴费工作方案</p>""")

add("noise-after-level-word", "噪声符号跟在“机密”后面：不是密级标志，是 spam 噪声", f"""根据{SPAM("“机密★★★■◆■”")}有关规定，政府信息公开工作应当坚持以公开为常态、不公开为例外。""")

# =============================================================================================
# I. Wrong official wording
# =============================================================================================

add("saohei-xian-e", "扫黑险恶（应为扫黑除恶）—— wrong_expression block", f"""县委政法委召开常态化{WRONG("扫黑险恶")}斗争推进会，通报一季度线索核查情况。""")

add("slogan-initial-heart", "“不忘初衷、牢记使命”（应为不忘初心、牢记使命）—— block", f"""全县各级党组织要以主题教育为契机，始终坚持{WRONG("不忘初衷、牢记使命")}，推动各项工作落地见效。""")

add("taiwan-government", "“台湾政府”（应称台湾当局）—— block", f"""会议通报了今年以来我县台资企业发展情况，并就{WRONG("台湾政府")}近期出台的限制性措施对台资企业的影响进行了分析。""")

add("north-korea", "“北朝鲜”（规范称谓为朝鲜）—— review", f"""县商务局组织企业参加东北亚博览会，重点了解俄罗斯、蒙古国、{WRONG("北朝鲜", "review")}等国家市场需求。""")

add("obsolete-agency-name", "2024年文件使用已撤销机构名“国家卫生计生委”（现为国家卫生健康委）—— review", f"""根据{WRONG("国家卫生计生委", "review")}有关要求，我县2024年将继续实施基本公共卫生服务项目，人均补助标准提高到94元。""")

# =============================================================================================
# J. Tampering / mirrored pages with Traditional + pinyin, combined with other findings
# =============================================================================================

add("pinyin-mirror-notice", "繁体带拼音注音的镜像页面 —— tampering", """青山縣(xiàn)東嶺鎮(zhèn)人民政府關(guān)於(yú)開(kāi)展2024年春季植樹造林活動的通知
各村(cūn)、社區：為(wèi)進一步改善人居環境，經研究，決定於3月12日至3月31日在全鎮(zhèn)開(kāi)展春季植樹造林活動。""", pinyin=True)

add("pinyin-mirror-mobile", "繁体带拼音页面中的联系人手机号 —— tampering + mobile", f"""關(guān)於(yú)做好2024年度農村(cūn)危房改造工作的通知
聯(lián)繫(xì)人：王建華，聯(lián)繫(xì)電話：{MOB(mobile("189", "7300"))}""", pinyin=True)

add("pinyin-wrong-expression", "繁体带拼音注音拆开的“掃黑險惡” —— tampering + wrong_expression", f"""縣(xiàn)委政法委召開(kāi)常態化{WRONG("掃(sǎo)黑險(xiǎn)惡(è)")}鬥爭推進會，通報一季度線索核查情況。""", pinyin=True)

add("pinyin-spam-mirror", "镜像站：页首色情标题 + 繁体带拼音正文 + 办公座机 —— spam + tampering + landline", f"""{SPAM("亚洲无码专区_免费av网站_人妻熟女在线观看")}

柳溪鎮(zhèn)2023年度政務(wù)公開(kāi)工作年度報告
柳溪鎮(zhèn)堅持以公開(kāi)為常態、不公開(kāi)為例外，嚴格落實保密審查機(jī)制，全年主動公開(kāi)政府信息326條。
聯系電話：{TEL("0730-8000007")}""", pinyin=True)

# =============================================================================================
# K. Longer mixed documents
# =============================================================================================

_l = [rand_id(YYX, female=True), rand_id(YYX, female=False)]
_lm = rand_id(YYX, female=False)
add("relief-notice-mixed", "临时救助公示长文：未脱敏身份证、已脱敏身份证、门牌住址、病因、手机号、监督电话", f"""青山县东岭镇2024年第二季度临时救助对象公示

根据《湖南省临时救助实施办法》规定，经个人申请、村（社区）评议、镇人民政府审核，拟对以下3户困难群众给予临时救助，现予公示。

序号	申请人	身份证号	家庭住址	救助原因	联系电话	救助金额（元）
1	黄淑芬	{ID(_l[0])}	{PI("东岭镇桃花村二组6号")}	{PI("因患胃癌住院治疗")}	{MOB(mobile("139", "0733"), "block")}	5000
2	徐海涛	{ID(_l[1])}	{PI("东岭镇柳树村四组21号")}	火灾	{MOB(mobile("186", "7306"), "block")}	3000
3	孙*英	{mask(_lm, 6, 4)}	东岭镇石桥村	意外事故	{mask(mobile("152", "7301"), 3, 4)}	2000

公示期：2024年6月3日至6月9日（7天）。如对公示对象有异议，请向东岭镇社会事务办反映。
监督电话：{TEL("0730-8000008")}；县民政局监督电话：12345。

东岭镇人民政府
2024年6月3日""")

_bid_cc = uscc("9", "1", YYX, "MA4L0003")
_agent_cc = uscc("9", "1", YYX, "MA4L0004")
add("tender-notice-mixed", "招标公告长文：信用代码 info、办公座机 info、官方邮箱 info、代理机构项目负责人手机 review", f"""青山县城区老旧小区改造（二期）工程施工招标公告

1. 招标条件
本招标项目青山县城区老旧小区改造（二期）工程已由青山县发展和改革局以青发改投〔2024〕36号批准建设，项目业主为青山县住房和城乡建设局，建设资金来自中央预算内投资和地方政府专项债券，项目出资比例为100%。项目已具备招标条件，现对该项目的施工进行公开招标。
2. 项目概况与招标范围
建设地点：青山县城关镇；建设规模：改造小区12个，涉及住户1846户；计划工期：240日历天；最高投标限价：人民币42,860,000.00元。
3. 投标人资格要求
投标人须具备建筑工程施工总承包二级及以上资质，并在人员、设备、资金等方面具备相应的施工能力。
4. 招标文件的获取
凡有意参加投标者，请于2024年5月8日9:00至5月14日17:00，登录青山县公共资源交易中心网站下载电子招标文件。
5. 联系方式
招 标 人：青山县住房和城乡建设局（统一社会信用代码：{CC(uscc("1", "1", YYX, "00000035"))}）
地　　址：青山县建设路16号
联系电话：{TEL("0730-8000009")}
招标代理机构：湖南宏信项目管理有限公司（统一社会信用代码：{CC(_agent_cc)}）
项目负责人：李秀英，手机：{MOB(mobile("173", "0730"))}
电子邮件：{MAIL("zjjzbb@qingshan.gov.cn", "info")}
中标候选人公示期间如有异议，可向青山县住房和城乡建设局提出。""")

add("minutes-internal-mixed", "会议纪要长文：版头 内部资料 注意保存、文末 不得外传，正文干净", f"""{IM("内部资料　注意保存")}

青山县防汛抗旱指挥部2024年第2次成员会议纪要

2024年5月10日下午，县防汛抗旱指挥部召开第2次成员会议，副县长陈国平主持，指挥部各成员单位负责人参加。会议听取了县水利局关于今年汛期天气趋势和防汛准备工作情况的汇报，研究了以下事项：
一、关于山洪灾害危险区转移工作。会议要求，各乡镇要逐村逐户落实转移责任人、转移路线和安置点，确保遇险情时“应转尽转、应转早转”。
二、关于防汛物资储备。会议同意县应急管理局追加采购冲锋舟4艘、救生衣800件，所需资金由县财政统筹解决。
三、关于值班值守。汛期实行24小时领导带班和专人值班制度，严格执行信息报送制度，严禁迟报、漏报、瞒报。
本纪要{IM("不得外传", "review")}。

青山县防汛抗旱指挥部办公室
2024年5月11日""")

add("work-report-wording-mixed", "工作总结长文：一处错误表述（扫黑险恶）、其余为干净内容", f"""东岭镇2023年平安建设工作总结

2023年，东岭镇坚持和发展新时代“枫桥经验”，全镇社会大局保持和谐稳定。
一、矛盾纠纷化解有力。全年共排查矛盾纠纷186起，调处成功182起，调处成功率97.8%。
二、{WRONG("扫黑险恶")}常态化推进。深入开展线索摸排，向县公安局移交涉黑涉恶线索3条，全部办结。
三、基层治理持续加强。全镇划分网格68个，配备专兼职网格员136名，12345热线工单按时办结率100%。
四、平安宣传深入人心。开展反电诈、禁毒、防溺水宣传进村入户活动52场，受众1.6万人次。""")

add("hacked-page-full", "被篡改网页全文：页首彩票块、隐藏链接、页脚蜘蛛池，正文干净 —— spam ×3 + tampering", f"""<html><head><title>{SPAM("【一码一肖】【今晚开奖结果】【铁算盘】")}青山县人民政府门户网站</title></head>
<body>
{TAMPER('<div style="visibility:hidden">' + SPAM('<a href="http://z.example.invalid">威尼斯人娱乐城官网</a>') + "</div>")}
<h1>青山县2024年一季度国民经济运行情况</h1>
<p>一季度，全县地区生产总值同比增长5.6%，规模以上工业增加值增长6.8%，社会消费品零售总额增长7.1%。</p>
<p>{SPAM("主站蜘蛛池模板： 久久精品视频| 国产成人在线|")}</p>
</body></html>""")

add("classified-plus-pii", "带密级版头的人员名单：密级标志 block + 身份证 block", f"""{CM("秘密★1年")}

青山县2024年度民兵应急分队人员名单
姓名	身份证号	所属分队
赵卫东	{ID(rand_id(YYX))}	抢险救援一分队""")


def main() -> None:
    rows = [c.build() for c in CASES]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    out = HERE / "cases.jsonl"
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_pass = sum(r["verdict"] == "pass" for r in rows)
    n_empty = sum(not r["expected"] for r in rows)
    n_items = sum(len(r["expected"]) for r in rows)
    print(f"wrote {out.name}: {len(rows)} cases, {n_pass} expected pass ({n_empty} with no item), "
          f"{n_items} expected items")


if __name__ == "__main__":
    main()
