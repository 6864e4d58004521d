"""Build ``corpus/cases-tables.jsonl``: labelled cases for issue 14 items 1, 2 and 4, seeded.

Same case shape as ``corpus/build.py`` (``id``, ``text``, ``expected`` [{category, text, start,
severity}], ``verdict``, ``note``).  The shapes:

* **position tables** (招聘岗位表: 岗位名称/岗位代码/招聘人数/学历/专业/咨询电话) whose schools'
  and bureaux' consultation mobiles repeat row after row — typed with tabs, runs of spaces or
  full-width spaces, as CSV and as Markdown: every mobile is an ``info`` finding, no ``block``;
* **unit directories** (单位名称/地址/联系人/联系电话): the units' numbers are ``info``;
* **rosters**: a 姓名 or 身份证号 column, or a column of names without such a header, or masked
  names — their mobiles ``block``;
* **unlabelled name + number lists** (``王小明 139…；李红 136…``): ``block``; and their
  look-alikes — the same list after 联系人：, forms of address (张老师), a single pair — ``review``;
* **repeats**: an office number on every line of a long list and one ID number among them, the
  same consultation mobile on many prose lines, units' contact lines in prose: every place is
  labelled (the scorer reads a repeated finding's occurrences one by one);
* **mixed** documents with a position table and a roster;
* **clean** look-alikes: the same tables without published numbers or with masked ones, award
  lists, statistics, prose naming school sections (高中部) and officials.

All people and numbers are synthetic: names are invented combinations, ID numbers have computed
check characters and birth years before 1900, mobile numbers end in ``0000``.
Run ``python corpus/build_tables.py`` to rewrite the file; ``--check`` fails when it is stale.
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
OUT = HERE / "cases-tables.jsonl"
SEED = 20261214
RANK = {"info": 0, "review": 1, "block": 2}

NAMES = ["陈国平", "赵卫东", "刘春燕", "孙秀英", "周德胜", "吴海鹏", "郑桂兰", "马志强", "黄淑芬",
         "徐海涛", "林晓雪", "何建英", "罗玉梅", "梁振宇", "宋丽萍", "韩志刚", "王小明", "李红"]
SCHOOLS = ["第一中学", "第二中学", "实验小学", "城关小学", "中心幼儿园", "职业高级中学", "育才小学",
           "民族中学"]
UNITS = ["县教育局", "县人力资源和社会保障局", "县政务服务中心", "县人民医院", "城关镇人民政府",
         "县图书馆", "县疾病预防控制中心", "县医疗保障局"]
POSTS = [("语文教师", "汉语言文学"), ("数学教师", "数学与应用数学"), ("英语教师", "英语"),
         ("物理教师", "物理学"), ("体育教师", "体育教育"), ("音乐教师", "音乐学"),
         ("美术教师", "美术学"), ("信息技术教师", "计算机科学与技术"), ("幼儿教师", "学前教育")]
TOWNS = ["青石镇", "柳塘镇", "白沙乡", "云溪镇", "桃源乡", "梅岭街道"]
VILLAGES = ["红星村", "和平村", "双桥村", "金竹村", "枫林村", "团结村"]
M = "mobile_phone"
L = "landline"
ID = "id_card"


class Synth:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def mobile(self) -> str:
        return f"{self.r.choice(['139', '138', '136', '150', '187', '158'])}" \
               f"{self.r.randint(1000, 9999)}0000"

    def landline(self) -> str:
        return f"{self.r.choice(['0731', '0571', '027', '028'])}-" \
               f"{self.r.randint(5, 8)}{self.r.randint(10000, 99999)}00"

    def id18(self) -> str:
        body = f"{self.r.choice(['430104', '330106', '510104', '420106'])}" \
               f"{self.r.randint(1850, 1899)}{self.r.randint(1, 12):02d}" \
               f"{self.r.randint(1, 28):02d}{self.r.randint(10, 999):03d}"
        return id_number(body)


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

    def row(self, cells: list[object], shape: str) -> Doc:
        """One table row; a cell is a plain string or ``(category, value, severity)``."""
        sep = {"tabs": "\t", "spaces": "  ", "fullwidth": "\u3000", "csv": ",",
               "markdown": " | "}[shape]
        if shape == "markdown":
            self.t("| ")
        for i, c in enumerate(cells):
            if i:
                self.t(sep)
            if isinstance(c, tuple):
                self.e(*c)
            else:
                self.t(str(c))
        if shape == "markdown":
            self.t(" |")
        return self.t("\n")

    def header(self, names: list[str], shape: str) -> Doc:
        self.row(list(names), shape)
        if shape == "markdown":
            self.t("|" + "|".join("---" for _ in names) + "|\n")
        return self

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
        self.cases.append({
            "id": f"tables-{cid}", "text": text, "expected": doc.expected,
            "verdict": ("pass", "review", "block")[best], "note": note,
        })


SHAPES = ["tabs", "spaces", "fullwidth", "csv", "markdown"]


def position_tables(c: Corpus, s: Synth) -> None:
    """招聘岗位表 in every shape: the schools' consultation mobiles are info, no block."""
    for k, shape in enumerate([*SHAPES, "tabs", "spaces"]):
        n_schools = 3 + k % 3
        phones = [s.mobile() for _ in range(n_schools)]
        d = Doc().t(f"附件{k + 1}\n2024年{['临江', '平川', '安远', '永宁', '丰泽', '东湖', '南山'][k]}"
                    "县公开招聘中小学教师岗位表\n")
        head = ["序号", "招聘单位", "岗位名称", "岗位代码", "招聘人数", "学历", "专业", "咨询电话"]
        if k == 5:
            head[5:5] = ["性别要求", "年龄要求"]
        d.header(head, shape)
        for i in range(6 + k):
            school = i % n_schools
            post, major = POSTS[(i + k) % len(POSTS)]
            row: list[object] = [str(i + 1), SCHOOLS[(school + k) % len(SCHOOLS)], post,
                                 f"2024{k}{i + 1:02d}", str(1 + i % 2), "本科及以上", major,
                                 (M, phones[school], "info")]
            if k == 5:
                row[5:5] = ["不限", "35周岁以下"]
            d.row(row, shape)
        d.t("\n报名时间：2024年7月1日至7月5日。\n")
        c.add(f"positions-{shape}-{k}", d,
              f"招聘岗位表（{shape}）：各校咨询电话逐行重复，单位公开电话为提示，不得判为人员名单")
    # Landline and mobile consultation numbers side by side, and a 监督电话 after the table.
    d = Doc().t("2024年卫生健康系统公开招聘岗位一览表\n")
    d.header(["主管部门", "招聘单位", "岗位名称", "招聘人数", "学历", "专业", "联系电话"], "tabs")
    phones = [s.mobile(), s.landline(), s.mobile()]
    for i in range(6):
        unit = ["县人民医院", "县中医院", "县疾病预防控制中心"][i % 3]
        p = phones[i % 3]
        d.row(["县卫生健康局", unit, ["临床医师", "护士", "检验技师"][i % 3], "2", "本科",
               ["临床医学", "护理学", "医学检验技术"][i % 3],
               (L if "-" in p else M, p, "info")], "tabs")
    sup = s.landline()
    d.t("\n监督电话：").e(L, sup, "info").t("\n")
    c.add("positions-mixed-numbers", d, "岗位表中手机与座机混排，另有监督电话")


def position_variants(c: Corpus, s: Synth) -> None:
    """Position tables as web pages and CSV exports deliver them."""
    d = Doc().t("2024年事业单位公开招聘岗位信息表\n")
    d.t("招聘单位\t岗位名称\t岗位代码\t招聘人数\t学历\t备注\t咨询电话\n")
    phones = [s.mobile(), s.mobile()]
    for i in range(5):
        # An HTML page keeps the empty 备注 cell as two tabs in a row.
        d.t(f"{UNITS[i % 2]}\t{['综合管理', '财务会计', '信息技术'][i % 3]}\tS{i:03d}\t1\t本科\t\t")
        d.e(M, phones[i % 2], "info").t("\n")
    c.add("positions-html-empty-cells", d, "网页表格：空的备注单元格保留为连续制表符")
    d = Doc().t("岗位代码,招聘单位,岗位名称,招聘人数,学历学位,咨询电话\n")
    phone = s.mobile()
    for i in range(5):
        d.t(f'J{i:03d},{SCHOOLS[i]},{POSTS[i][0]},1,"本科及以上,学士学位",')
        d.e(M, phone, "info").t("\n")
    c.add("positions-csv-quoted", d, "CSV 导出：带逗号的单元格加引号，咨询电话为同一号码")


def directories(c: Corpus, s: Synth) -> None:
    """Unit directories: the units' numbers are info."""
    for k, shape in enumerate(["tabs", "spaces", "csv", "fullwidth"]):
        d = Doc().t("县直有关单位联系方式\n")
        d.header(["单位名称", "办公地址", "联系人", "联系电话"], shape)
        for i in range(5):
            unit = UNITS[(i + k) % len(UNITS)]
            contact = ["王老师", "李科长", NAMES[(i + k) % len(NAMES)], "张主任", "刘老师"][i]
            d.row([unit, f"人民路{i + 1}号", contact, (M, s.mobile(), "info")], shape)
        c.add(f"directory-{shape}", d, "单位通讯录：联系人一栏有姓名也不是人员名单，单位电话为提示")


def rosters(c: Corpus, s: Synth) -> None:
    """Tables that list people: their mobiles block."""
    for k, shape in enumerate(["tabs", "spaces", "fullwidth", "csv", "markdown"]):
        d = Doc().t(f"2024年{['第一', '第二', '第三', '第四', '第五'][k]}批拟聘用人员名单\n")
        d.header(["序号", "姓名", "性别", "拟聘学校", "岗位", "联系电话"], shape)
        for i in range(4):
            d.row([str(i + 1), NAMES[(i + 3 * k) % len(NAMES)], "男" if i % 2 else "女",
                   SCHOOLS[(i + k) % len(SCHOOLS)], POSTS[i][0], (M, s.mobile(), "block")], shape)
        c.add(f"roster-name-{shape}", d, "人员名单：有姓名列，各行写学校名称也仍是人员名单")
    d = Doc().t("2024年度临时救助对象名单\n")
    d.header(["序号", "救助对象", "所在村", "手机"], "tabs")
    for i in range(4):
        d.row([str(i + 1), NAMES[i + 5], VILLAGES[i], (M, s.mobile(), "block")], "tabs")
    c.add("roster-object-column", d, "救助对象一栏为姓名")
    d = Doc().t("慰问走访登记表\n")
    d.header(["序号", "走访人员", "所在村组", "手机号码"], "tabs")
    for i, n in enumerate(["张某", "李某某", "王*明", "赵某"]):
        d.row([str(i + 1), n, VILLAGES[i] + f"{i + 2}组", (M, s.mobile(), "block")], "tabs")
    c.add("roster-masked-names", d, "姓名已脱敏但手机完整：名字列仍说明是人员名单")
    d = Doc().t("报考人员信息汇总表\n")
    d.header(["序号", "姓名", "身份证号", "报考岗位", "学历", "联系电话"], "tabs")
    for i in range(3):
        d.row([str(i + 1), NAMES[i + 9], (ID, s.id18(), "block"), POSTS[i][0], "本科",
               (M, s.mobile(), "block")], "tabs")
    c.add("roster-id-column", d, "报考人员表：姓名+身份证号列")


def name_lists(c: Corpus, s: Synth) -> None:
    """Unlabelled name + number lists block; their look-alikes stay review."""
    shapes = [
        ("semicolon", "；", ""),
        ("fullwidth", "\u3000", "\u3000"),
        ("comma", "，", " "),
        ("phone-label", "；", "，手机"),
        ("lines", "\n", " "),
        ("numbered-lines", "\n", " "),
        ("enumeration-comma", "、", ""),
    ]
    for k, (name, sep, glue) in enumerate(shapes):
        d = Doc().t(["经研究，以下同志参加集中培训：", "请以下人员于周五前提交材料：\n",
                     "本次活动报名情况如下。", "参加现场核查人员：", "值班安排如下：\n",
                     "入围名单如下：\n", "请通知："][k])
        for i in range(3):
            if i:
                d.t(sep)
            if name == "numbered-lines":
                d.t(f"{i + 1}.")
            d.t(NAMES[(i + 2 * k) % len(NAMES)] + glue).e(M, s.mobile(), "block")
        d.t("。\n" if sep != "\n" else "\n")
        c.add(f"namelist-{name}", d, f"无标签的姓名+手机号成串列出（{name}）：人员名单")
    looks = [
        ("contact-label", "联系人：", "；", " "),
        ("consult-label", "报名咨询：", "；", " "),
        ("titles", "", "；", " "),
    ]
    for name, label, sep, glue in looks:
        d = Doc().t("请于7月5日前将报名表报送县教育局人事股。" + label)
        for i in range(2):
            if i:
                d.t(sep)
            who = ["张老师", "李老师"][i] if name == "titles" else NAMES[i + 12]
            d.t(who + glue).e(M, s.mobile(), "review")
        d.t("。\n")
        c.add(f"namelist-lookalike-{name}", d, "联系人标签之后或称呼（张老师）：单位联系方式，不是人员名单")
    d = Doc().t("如有疑问，请联系").t(NAMES[15] + " ").e(M, s.mobile(), "review") \
        .t("。\n会议地点：县政府三楼会议室。\n")
    c.add("namelist-lookalike-single", d, "一个姓名一个号码：单个联系人")


def repeats(c: Corpus, s: Synth) -> None:
    """The same value on many lines: every place labelled; the scorer reads occurrences."""
    office = s.landline()
    d = Doc().t("2024年度政务服务事项清单\n")
    for i in range(30):
        d.t(f"{i + 1}. {['社保卡补办', '医保转移接续', '居住证办理', '不动产登记'][i % 4]}"
            "，咨询电话：").e(L, office, "info").t("\n")
        if i == 17:
            d.t("经办人身份证号：").e(ID, s.id18(), "block").t("\n")
    c.add("repeat-office-landline", d, "同一座机重复30次，其间一个身份证号：阻断不应被淹没")
    mob = s.mobile()
    d = Doc().t("暑期托管服务报名通知\n")
    for i, school in enumerate(SCHOOLS[:6]):
        d.t(f"{i + 1}. {school}托管班，报名请致电").e(M, mob, "review").t("。\n")
    c.add("repeat-one-mobile-prose", d, "同一手机号在6行出现：单位号码，不是6人名单")
    d = Doc().t("各校招生咨询电话\n")
    for i, school in enumerate(SCHOOLS[:6]):
        d.t(f"{i + 1}. {school}招生办公室咨询电话：").e(M, s.mobile(), "review").t("\n")
    c.add("prose-unit-contact-lines", d, "各单位联系电话逐行列出（正文）：单位联系方式，不判为人员名单")
    d = Doc().e("classified_marking", "机密★5年", "block").t("\n关于某项工作的通知\n")
    for i in range(3):
        d.t(f"第{i + 1}部分正文。\n").e("classified_marking", "机密★5年", "block").t("\n")
    c.add("repeat-marking-every-page", d, "每页页眉重复的密级标志：一条结果，多处位置")
    d = Doc().t("培训费发放明细表\n")
    d.header(["序号", "姓名", "所在单位", "手机号码", "金额（元）"], "tabs")
    shared = s.mobile()
    for i in range(4):
        d.row([str(i + 1), NAMES[i], SCHOOLS[i], (M, shared if i < 2 else s.mobile(), "block"),
               "300"], "tabs")
    c.add("repeat-in-roster", d, "人员名单中两人同一号码：重复值仍为阻断")


def mixed(c: Corpus, s: Synth) -> None:
    """A position table and a roster in one document."""
    for k, shape in enumerate(["tabs", "spaces", "csv"]):
        d = Doc().t("一、招聘岗位\n")
        d.header(["招聘单位", "岗位名称", "岗位代码", "招聘人数", "学历", "咨询电话"], shape)
        phone = s.mobile()
        for i in range(4):
            d.row([SCHOOLS[i + k], POSTS[i][0], f"J{k}{i:02d}", "1", "本科", (M, phone, "info")],
                  shape)
        d.t("\n二、拟聘人员名单\n")
        d.header(["序号", "姓名", "性别", "岗位代码", "联系电话"], shape)
        for i in range(3):
            d.row([str(i + 1), NAMES[i + 4 * k], "女", f"J{k}{i:02d}", (M, s.mobile(), "block")],
                  shape)
        c.add(f"mixed-{shape}", d, "同一文件中岗位表（提示）和人员名单（阻断）")


def clean(c: Corpus, s: Synth) -> None:
    """Tables and lists that hold nothing to report: the shapes above without a published
    number, or with the numbers already masked as the 公示 rules ask."""
    for k, shape in enumerate(SHAPES):
        d = Doc().t("2024年公开招聘教师岗位及条件\n")
        d.header(["岗位名称", "岗位代码", "招聘人数", "性别要求", "年龄要求", "户籍要求", "学历",
                  "专业"], shape)
        for i in range(5):
            post, major = POSTS[(i + k) % len(POSTS)]
            d.row([post, f"2024{k}{i:02d}", "1", "不限", "35周岁以下", "不限", "本科", major],
                  shape)
        c.add(f"clean-positions-{shape}", d, "岗位表无电话：性别、年龄、户籍要求不是人员信息")
    for k, shape in enumerate(["tabs", "spaces", "fullwidth", "csv"]):
        d = Doc().t("2024年拟聘用人员公示\n")
        d.header(["序号", "姓名", "性别", "拟聘学校", "联系电话"], shape)
        for i in range(4):
            m = s.mobile()
            d.row([str(i + 1), NAMES[(i + k) % len(NAMES)][0] + "某", "女",
                   SCHOOLS[(i + k) % len(SCHOOLS)], m[:3] + "****" + m[-4:]], shape)
        c.add(f"clean-roster-masked-{shape}", d, "人员名单中手机号已按规则脱敏：不报告")
    for k in range(3):
        d = Doc().t("县直单位办公地点一览\n")
        d.header(["单位名称", "办公地址", "邮政编码"], ["tabs", "spaces", "csv"][k])
        for i in range(5):
            d.row([UNITS[(i + k) % len(UNITS)], f"人民路{i + 10}号", f"41{k}{i}00"],
                  ["tabs", "spaces", "csv"][k])
        c.add(f"clean-directory-addresses-{k}", d, "单位地址表：无个人信息")
    for k in range(3):
        d = Doc().t("2024年度优秀教师表彰名单\n")
        d.header(["序号", "姓名", "工作单位", "荣誉称号"], ["tabs", "spaces", "fullwidth"][k])
        for i in range(5):
            d.row([str(i + 1), NAMES[(i + 2 * k) % len(NAMES)], SCHOOLS[(i + k) % len(SCHOOLS)],
                   "优秀教师"], ["tabs", "spaces", "fullwidth"][k])
        c.add(f"clean-award-roster-{k}", d, "表彰名单：只有姓名和单位，公开发布属正常")
    for k in range(2):
        m1, m2 = s.mobile(), s.mobile()
        d = Doc().t(["值班安排：", "联络员："][k] + f"{NAMES[k]} {m1[:3]}****{m1[-4:]}；"
                    f"{NAMES[k + 1]} {m2[:3]}****{m2[-4:]}。\n")
        c.add(f"clean-namelist-masked-{k}", d, "姓名+手机号已脱敏：不报告")
    for k in range(3):
        d = Doc().t(["2024年各学段招生计划\n", "各校教师编制情况\n", "招聘经费预算表\n"][k])
        d.header(["学段", "计划人数", "比上年增减"] if k == 0 else
                 ["学校", "核定编制", "在编人数"] if k == 1 else ["项目", "金额（元）", "备注"],
                 "tabs")
        for i in range(4):
            d.row([["高中", "初中", "小学", "幼儿园"][i] if k == 0 else SCHOOLS[i] if k == 1
                   else ["宣传费", "考务费", "体检费", "培训费"][i],
                   str(120 + 35 * i), str(5 + i)], "tabs")
        c.add(f"clean-statistics-{k}", d, "统计表：数字不是号码，高中/初中不是姓名")
    for k in range(4):
        d = Doc().t([
            "高中部、初中部、小学部各推荐两名教师参加培训，文学社、科技社负责会务。\n",
            "王小明同志任县教育局局长，李红同志任县教育局副局长。\n",
            "请各校于7月5日前将报名表报送县教育局人事股，联系人：王老师。\n",
            "2024年共招聘教师120人，其中高中30人、初中45人、小学45人。\n",
        ][k])
        c.add(f"clean-prose-{k}", d, "正文：姓名、称呼、学段名称，无号码")


def build() -> list[dict[str, object]]:
    c = Corpus()
    s = Synth(SEED)
    position_tables(c, s)
    position_variants(c, s)
    directories(c, s)
    rosters(c, s)
    name_lists(c, s)
    repeats(c, s)
    mixed(c, s)
    clean(c, s)
    return c.cases


def render(cases: list[dict[str, object]]) -> str:
    return "".join(json.dumps(k, ensure_ascii=False) + "\n" for k in cases)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if cases-tables.jsonl is stale")
    args = ap.parse_args(argv)
    out = render(build())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != out:
            print("corpus/cases-tables.jsonl is out of date: run python corpus/build_tables.py",
                  file=sys.stderr)
            return 1
        return 0
    OUT.write_text(out, encoding="utf-8")
    cases = json.loads("[" + ",".join(out.splitlines()) + "]")
    clean = sum(1 for k in cases if k["verdict"] == "pass")
    print(f"wrote {OUT.name}: {len(cases)} cases, {clean} expected to pass")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
