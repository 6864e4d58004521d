"""A seeded, reproducible corpus of realistic Chinese government documents for benchmarking.

Why generate instead of sampling real pages: the benchmark must run anywhere (CI, a reviewer's
laptop) with identical input, and real publications with leaks contain real people's data.  The
documents imitate the shapes reviewers actually see — meeting notices with contact people,
subsidy rosters (公示名单), 政务公开 annual reports, procurement notices, work summaries full of
innocent look-alikes (保密工作, 福利彩票, 打击赌博), classified headers, hijacked pages with
injected spam titles and Traditional-with-pinyin mirror copies — in realistic sizes
(300–3000 characters).  Roughly a third leak something; the rest are clean, because clean text
is what a scanner spends most of its time on.

All personal data is synthetic and *valid-looking*, so the identifier detectors do their full
validation work: ID numbers carry pre-1900 birth dates and a computed MOD 11-2 check character,
bank cards a computed Luhn digit, mobile numbers mostly-zero tails (cn-formats §1.9, §2.7, §3.12).

The same ``seed`` always gives the same corpus: only :class:`random.Random` drives choices and
nothing iterates over sets or dicts whose order could vary.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from baomi_check.testing import (  # noqa: F401  (re-exported for the benchmark's users)
    id_check_char,
    luhn_digit,
    synthetic_card,
    synthetic_id,
    synthetic_landline,
    synthetic_mobile,
)

# --- synthetic identifiers: computed check digits live in baomi_check.testing ------------------


def masked_id(rng: random.Random) -> str:
    """The correctly masked display form (first 6 and last 4 kept, cn-formats §5.5)."""
    full = synthetic_id(rng)
    return full[:6] + "*" * 8 + full[-4:]


# --- phrase banks for government-style prose ---------------------------------------------------

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文辉玉兰红梅志强海燕国庆"
_AGENCIES = ("市人民政府办公室", "区发展和改革委员会", "县教育局", "市生态环境局", "区人力资源和社会保障局",
             "市市场监督管理局", "县民政局", "市住房和城乡建设局", "区卫生健康委员会", "市财政局",
             "县农业农村局", "市数据资源管理局", "街道办事处", "镇人民政府")
_TOPICS = ("安全生产", "营商环境", "乡村振兴", "政务公开", "社会保障", "生态环境保护", "基层治理",
           "数字政府建设", "城市更新", "义务教育", "医疗保障", "就业创业", "防汛抗旱", "食品安全",
           "老旧小区改造", "政府采购", "信用体系建设", "保密工作", "档案管理", "应急管理")
_VERBS = ("深入贯彻落实", "进一步加强", "扎实推进", "全面做好", "持续深化", "统筹推进", "切实抓好",
          "认真组织开展", "不断完善", "加快推进")
_MEASURES = ("建立健全工作机制", "压实主体责任", "强化督促检查", "加强统筹协调", "完善制度体系",
             "加大资金投入", "健全长效机制", "强化宣传引导", "优化办事流程", "严格考核问责",
             "落实保密审查制度", "做好信息发布前的审核把关")
_RESULTS = ("取得明显成效", "群众满意度持续提升", "各项指标稳中有进", "工作质效显著提高",
            "形成了一批可复制可推广的经验", "为全市经济社会发展提供了有力保障")
_LOOKALIKES = (
    "本年度共受理政府信息公开申请{n}件，其中不予公开{m}件，主要涉及国家秘密和商业秘密。",
    "严格执行保密工作责任制，开展保密教育{m}次，未发生失泄密事件。",
    "全年筹集福利彩票公益金{n}万元，全部用于养老服务和残疾人事业。",
    "联合公安部门开展打击六合彩等非法赌博活动专项行动，查处案件{m}起。",
    "召开扫黄打非工作会议，部署净化社会文化环境工作。",
    "修订《发票管理办法》实施细则，规范增值税发票使用。",
    "坚持“一国两制”方针，推进粤港澳大湾区规则衔接。",
    "推动共建“一带一路”倡议走深走实，全年新增合作项目{m}个。",
    "实行机密性信息分级管理，按照秘密投票方式选举产生新一届委员会。",
    "加强三黄片等中成药质量抽检，合格率{p}%。",
)


@dataclass
class Doc:
    """One generated document and what it is supposed to contain."""

    name: str
    text: str
    leaks: list[str] = field(default_factory=list)
    """Kinds of deliberate leaks (empty for clean documents)."""


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(_SURNAMES) + given


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2019, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _sentence(rng: random.Random) -> str:
    topic = rng.choice(_TOPICS)
    n, m, p = rng.randint(100, 9999), rng.randint(2, 60), rng.randint(90, 99)
    shape = rng.randrange(6)
    if shape == 0:
        return rng.choice(_LOOKALIKES).format(n=n, m=m, p=p)
    if shape == 1:
        return (f"{rng.choice(_VERBS)}{topic}各项任务，{rng.choice(_MEASURES)}，"
                f"{rng.choice(_MEASURES)}，{rng.choice(_RESULTS)}。")
    if shape == 2:
        return (f"截至{_date(rng)}，全{rng.choice('市区县')}累计完成{topic}项目{m}个，"
                f"完成投资{n}万元，占年度计划的{p}.{rng.randint(0, 9)}%。")
    if shape == 3:
        return (f"各{rng.choice(('单位', '部门', '乡镇（街道）'))}要{rng.choice(_VERBS)}"
                f"{topic}，{rng.choice(_MEASURES)}，确保各项工作落到实处。")
    if shape == 4:
        return (f"下一步，我们将以{topic}为抓手，{rng.choice(_MEASURES)}，"
                f"{rng.choice(_VERBS)}{rng.choice(_TOPICS)}，推动工作再上新台阶。")
    return (f"{rng.choice(_AGENCIES)}牵头制定《关于{rng.choice(_VERBS)}{topic}的实施意见》，"
            f"明确{m}项重点任务和责任分工。")


def _paragraphs(rng: random.Random, target_chars: int) -> str:
    paras: list[str] = []
    size = 0
    idx = 0
    heads = "一二三四五六七八九十"
    while size < target_chars:
        sents = "".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        if rng.random() < 0.3 and idx < len(heads):
            sents = f"{heads[idx]}、{rng.choice(_VERBS)}{rng.choice(_TOPICS)}\n　　" + sents
            idx += 1
        paras.append("　　" + sents)
        size += len(sents) + 3
    return "\n".join(paras)


# --- document templates ------------------------------------------------------------------------


def _notice(rng: random.Random, leak: bool) -> Doc:
    agency = rng.choice(_AGENCIES)
    person = _name(rng)
    contact = synthetic_mobile(rng) if leak else synthetic_landline(rng)
    text = (
        f"{agency}\n关于召开{rng.choice(_TOPICS)}工作推进会的通知\n\n各有关单位：\n"
        f"{_paragraphs(rng, rng.randint(300, 1200))}\n"
        f"　　会议时间：{_date(rng)}上午9:00\n　　会议地点：{agency}{rng.randint(2, 12)}楼会议室\n"
        f"　　联系人：{person}，联系电话：{contact}\n\n{agency}\n{_date(rng)}\n"
    )
    return Doc("notice", text, ["mobile_phone"] if leak else [])


def _roster(rng: random.Random, leak: bool) -> Doc:
    lines = [f"{rng.choice(_AGENCIES)}{rng.choice(('低保', '临时救助', '就业补贴', '高龄津贴'))}"
             "发放情况公示", "", f"　　根据有关规定，现将{_date(rng)}审核通过名单公示如下：", "",
             "序号\t姓名\t性别\t身份证号\t联系电话\t金额（元）"]
    for i in range(1, rng.randint(8, 40)):
        ident = synthetic_id(rng) if leak else masked_id(rng)
        phone = synthetic_mobile(rng) if leak else "138****" + f"{rng.randint(0, 9999):04d}"
        lines.append(f"{i}\t{_name(rng)}\t{rng.choice('男女')}\t{ident}\t{phone}\t"
                     f"{rng.randint(3, 30) * 100}")
    if leak and rng.random() < 0.5:
        lines.append(f"\n　　补贴资金已打入{_name(rng)}银行卡，卡号：{synthetic_card(rng)}。")
    lines.append(f"\n　　公示期为{rng.randint(5, 7)}个工作日，如有异议请来电反映。")
    lines.append(_paragraphs(rng, rng.randint(100, 400)))
    return Doc("roster", "\n".join(lines), ["id_card", "mobile_phone"] if leak else [])


def _report(rng: random.Random, leak: bool) -> Doc:
    year = rng.randint(2019, 2024)
    head = f"{rng.choice(_AGENCIES)}{year}年政府信息公开工作年度报告\n\n"
    body = _paragraphs(rng, rng.randint(1200, 2800))
    table = "\n".join(
        f"{k}\t{rng.randint(0, 500)}\t{rng.randint(0, 500)}"
        for k in ("规章", "规范性文件", "行政许可", "行政处罚", "行政强制")
    )
    text = head + body + "\n\n信息内容\t本年制发件数\t现行有效件数\n" + table + "\n"
    if leak:
        text = "内部资料　注意保存\n" + text
    return Doc("report", text, ["internal_marking"] if leak else [])


def _procurement(rng: random.Random, leak: bool) -> Doc:
    agency = rng.choice(_AGENCIES)
    text = (
        f"{agency}{rng.choice(_TOPICS)}服务项目采购公告\n\n"
        f"　　项目编号：ZC{rng.randint(2019, 2025)}-{rng.randint(1, 999):03d}\n"
        f"　　采购人：{agency}　统一社会信用代码：111101010000000197\n"
        f"　　预算金额：{rng.randint(10, 900)}万元\n"
        f"{_paragraphs(rng, rng.randint(400, 1500))}\n"
        f"　　采购人联系方式：{synthetic_landline(rng)}\n"
    )
    leaks: list[str] = []
    if leak:
        text += f"　　项目负责人：{_name(rng)}，身份证号码{synthetic_id(rng)}\n"
        leaks.append("id_card")
    return Doc("procurement", text, leaks)


def _classified(rng: random.Random, leak: bool) -> Doc:
    agency = rng.choice(_AGENCIES)
    mark = rng.choice(("机密★5年", "秘密★1年", "绝密★长期", "机密★启用前"))
    text = (f"{rng.randint(0, 999999):06d}\n{mark}\n特急\n\n{agency}文件\n\n"
            f"关于{rng.choice(_VERBS)}{rng.choice(_TOPICS)}的通知\n\n"
            f"{_paragraphs(rng, rng.randint(500, 2000))}\n")
    return Doc("classified", text, ["classified_marking"])


def _hijacked(rng: random.Random, leak: bool) -> Doc:
    run = rng.choice(("免费av_国产精品_一区二区_在线观看", "【今晚开奖结果】【一码一肖】六合彩",
                      "澳门葡京_百家乐_真人荷官_娱乐城", "365bet官网_体育投注_时时彩"))
    text = (f"{run}{rng.choice(_AGENCIES)}政府信息公开\n\n"
            f"{_paragraphs(rng, rng.randint(400, 1500))}\n")
    return Doc("hijacked", text, ["spam"])


_PINYIN = (("國", "guó"), ("開", "kāi"), ("規", "guī"), ("號", "hào"), ("機", "jī"),
           ("關", "guān"), ("聯", "lián"), ("鎮", "zhèn"))


def _mirror(rng: random.Random, leak: bool) -> Doc:
    body = _paragraphs(rng, rng.randint(400, 1200))
    parts = []
    for ch in body:
        parts.append(ch)
        if rng.random() < 0.02:
            trad, py = rng.choice(_PINYIN)
            parts.append(f"{trad}({py})")
    return Doc("mirror", "".join(parts), ["tampering"])


def _summary(rng: random.Random, leak: bool) -> Doc:
    text = (f"{rng.choice(_AGENCIES)}{rng.randint(2019, 2025)}年工作总结和下一步工作打算\n\n"
            f"{_paragraphs(rng, rng.randint(600, 2800))}\n")
    leaks: list[str] = []
    if leak:
        text += "\n　　坚决打好扫黑险恶专项斗争。\n"
        leaks.append("wrong_expression")
    return Doc("summary", text, leaks)


_CLEAN_KINDS = (_notice, _roster, _report, _procurement, _summary)
_LEAK_KINDS = (_notice, _roster, _report, _procurement, _summary, _classified, _hijacked, _mirror)


def generate(n: int, seed: int = 20240607, leak_share: float = 0.35) -> list[Doc]:
    """``n`` documents; about ``leak_share`` of them leak something."""
    rng = random.Random(seed)
    docs: list[Doc] = []
    for i in range(n):
        leak = rng.random() < leak_share
        make = rng.choice(_LEAK_KINDS if leak else _CLEAN_KINDS)
        doc = make(rng, leak)
        doc.name = f"{i:05d}_{doc.name}.txt"
        docs.append(doc)
    return docs


def iter_text(seed: int = 20240607) -> Iterator[str]:
    """An endless stream of documents (for building large files without holding them all)."""
    rng = random.Random(seed)
    while True:
        leak = rng.random() < 0.35
        yield rng.choice(_LEAK_KINDS if leak else _CLEAN_KINDS)(rng, leak).text


def write_corpus(folder: Path, n: int, seed: int = 20240607) -> list[Doc]:
    """Write ``n`` documents as UTF-8 ``.txt`` files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = generate(n, seed)
    for d in docs:
        (folder / d.name).write_text(d.text, encoding="utf-8")
    return docs


def write_big_file(path: Path, target_bytes: int, seed: int = 20240607) -> int:
    """Write one UTF-8 text of at least ``target_bytes`` bytes (documents back to back, as in an
    exported archive or a concatenated web crawl); returns the byte size."""
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for text in iter_text(seed):
            data = text + "\n\n"
            fh.write(data)
            size += len(data.encode("utf-8"))
            if size >= target_bytes:
                break
    return size


if __name__ == "__main__":  # pragma: no cover - manual inspection helper
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for d in generate(count):
        print(f"=== {d.name} leaks={d.leaks} chars={len(d.text)}")
        print(d.text[:600])
