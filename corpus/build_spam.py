"""Build ``corpus/cases-spam.jsonl``: injected spam and hidden content in the shapes of issue 13,
and the clean look-alikes they must not be confused with.  Seeded and reproducible.

Same case shape as ``corpus/build.py`` (``id``, ``text``, ``expected[{category, text, start,
severity}]``, ``verdict``, ``note``).  The texts are written for this corpus from the *shapes*
of real hijacked pages (lottery titles imitating notices, casino title runs, a brand standing in
for a school's name, hidden link blocks) — no real page is copied, and the hosts are
``.invalid``.

Run ``python corpus/build_spam.py`` to rewrite the file; ``--check`` exits non-zero when the file
on disk differs from what this generator writes (a test keeps the two in step).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent / "cases-spam.jsonl"
SEED = 13


@dataclass
class Doc:
    parts: list[str] = field(default_factory=list)
    expected: list[dict[str, object]] = field(default_factory=list)
    length: int = 0

    def t(self, text: str) -> Doc:
        self.parts.append(text)
        self.length += len(text)
        return self

    def e(self, category: str, text: str, severity: str = "block",
          also: tuple[str, str] | None = None) -> Doc:
        self.expected.append({"category": category, "text": text, "start": self.length,
                              "severity": severity})
        if also is not None:
            self.expected.append({"category": also[0], "text": text, "start": self.length,
                                  "severity": also[1]})
        return self.t(text)


class Corpus:
    def __init__(self) -> None:
        self.cases: list[dict[str, object]] = []

    def add(self, cid: str, d: Doc, note: str) -> None:
        text = "".join(d.parts)
        for e in d.expected:
            s = int(e["start"])  # type: ignore[arg-type]
            assert text[s:s + len(str(e["text"]))] == e["text"], (cid, e)
        sev = {str(e["severity"]) for e in d.expected}
        verdict = "block" if "block" in sev else "review" if "review" in sev else "pass"
        self.cases.append({"id": f"spam-{cid}", "text": text, "expected": d.expected,
                           "verdict": verdict, "note": note})


COUNTIES = ["青川县", "临河区", "东山镇", "南溪县", "石门县", "永和县", "西林区", "北塘镇"]
SCHOOLS = ["第三中学", "实验小学", "职业技术学院", "师范学院", "卫生学校"]
BODIES = [
    "为进一步做好政务公开工作，现将有关事项通知如下：一是严格落实保密审查制度；"
    "二是及时更新公开内容；三是做好政策解读和回应关切。",
    "按照上级工作部署，我单位认真组织开展安全生产大检查，对重点行业领域逐一排查，"
    "共发现并整改隐患十二处，切实保障了人民群众生命财产安全。",
    "会议强调，要坚持以人民为中心的发展思想，扎实推进乡村振兴各项任务，"
    "确保各项民生实事落地见效。",
]
REGIONS = ["澳门", "新澳门", "新澳", "香港", "澳彩", "2025新澳门", "246"]
WHENS = ["今晚", "今晚9点30", "今期", "2025年今晚", "最新", "第128期"]
DRAWS = ["开奖结果", "开奖号码", "开奖记录", "开奖结果查询", "开码结果", "资料大全"]
TAILS = ["正确解答落实", "权威诠释推进方式", "精选解释落实", "全面解答解释落实", "词语释义解释落实",
         "实证分析解释落实", "深度解析执行方案", "专家解读说明", "快速响应方案", "科学解答解释"]
SEPS = [" | ", "|", "丨", "_", " - ", "——"]
GAMES = ["真人百家乐", "网上赌场", "北京赛车pk10开奖直播", "幸运飞艇计划", "时时彩平台", "电子游艺",
         "体育投注", "六合彩资料大全", "真人视讯", "注册送彩金", "棋牌游戏", "老虎机"]
BRANDS = ["澳门新葡京", "威尼斯人", "澳门金沙", "新濠天地", "美高梅", "皇冠体育", "开云体育",
          "bet365", "华体会", "九游会", "乐鱼体育", "太阳城集团"]
PORN = ["中文字幕无码", "免费av专区", "国产自拍", "久久精品国产", "一级特黄", "超碰在线", "人妻熟女",
        "亚洲无码", "午夜福利", "成人综合", "av资源站", "高清无码"]
OUT_HOSTS = ["http://www.casino-a.example.invalid/", "https://bet.example.invalid/x",
             "http://sp.example.invalid/"]


def body(r: random.Random) -> str:
    return r.choice(BODIES)


def lottery_titles(c: Corpus, r: random.Random) -> None:
    for i in range(14):
        region, when, draw, tail = (r.choice(REGIONS), r.choice(WHENS), r.choice(DRAWS),
                                    r.choice(TAILS))
        shape = i % 4
        if shape == 0:
            title = f"{when}{region}{draw}{r.choice(SEPS)}{tail}"
        elif shape == 1:
            title = f"{region}{when}{draw}{r.choice(SEPS)}{tail}"
        elif shape == 2:
            title = f"{region}{when}{draw}"
        else:
            title = f"{when}{draw}{r.choice(SEPS)}{tail}"
        d = Doc()
        if i % 3 == 0:
            d.t("关于印发“").e("spam", title).t("”的通知\n")
        else:
            d.e("spam", title).t("\n")
        d.t(f"{r.choice(COUNTIES)}人民政府办公室\n{body(r)}\n")
        c.add(f"lottery-title-{i:02d}", d, "冒充通知的私彩开奖标题（开奖用语+套话尾巴/港澳标记）")


def title_runs(c: Corpus, r: random.Random) -> None:
    for i in range(10):
        sep = ["_", "|", "丨", " "][i % 4]
        brand = r.choice(BRANDS) + r.choice(["娱乐场", "官网", "娱乐平台", ""])
        words = [brand, *r.sample(GAMES, 3)]
        run = sep.join(words)
        d = Doc().e("spam", run).t(f"\n{r.choice(COUNTIES)}关于开展春季植树活动的通知\n{body(r)}\n")
        c.add(f"gambling-run-{i:02d}", d, "博彩标题串（品牌+游戏名，以分隔符连接）")
    for i in range(8):
        sep = ["_", "|", " ", "丨"][i % 4]
        run = sep.join(r.sample(PORN, 4))
        d = Doc()
        if i % 2:
            d.t(f"{r.choice(COUNTIES)}2024年政务公开工作年度报告\n{body(r)}\n").e("spam", run).t("\n")
        else:
            d.e("spam", run).t(f"\n{r.choice(COUNTIES)}2024年政务公开工作年度报告\n{body(r)}\n")
        c.add(f"porn-run-{i:02d}", d, "色情标题串（页首或页尾）")


def brand_promotion(c: Corpus, r: random.Random) -> None:
    shapes = [
        lambda b: (f"{b}{r.randint(1000, 9999)}", "站点编号"),
        lambda b: (f"{b}官网", "官网"),
        lambda b: (f"{b}娱乐平台", "娱乐平台"),
        lambda b: (f"{b}app官网开户", "app官网开户"),
    ]
    for i in range(12):
        b = BRANDS[i % len(BRANDS)]
        span, why = shapes[i % len(shapes)](b)
        school = r.choice(COUNTIES) + r.choice(SCHOOLS)
        d = Doc()
        if i % 2:
            d.e("spam", span).t(f"：{school}召开2024年度安全工作会议\n{body(r)}\n")
        else:
            d.t(f"{school}新闻网 > 学校要闻\n").e("spam", span).t(
                f"举行新学期开学典礼\n{body(r)}\n")
        c.add(f"brand-promo-{i:02d}", d, f"博彩品牌替代单位名称（{why}）")
    lures = ["注册送彩金，首存再送100%", "注册即送888元体验金，提款秒到", "买球app下载，注册送38元",
             "电竞投注平台，首充返水1.5%", "百家乐平台注册即送彩金"]
    for i, lure in enumerate(lures):
        d = Doc().t(f"{r.choice(COUNTIES)}文化馆开放时间调整公告\n{body(r)}\n")
        d.e("spam", lure).t("\n")
        c.add(f"lure-{i:02d}", d, "赌博拉新话术")


def evasion(c: Corpus, r: random.Random) -> None:
    items = [
        ("六-合-彩特码资料", "噪声字符插在词中"),
        ("时 时 彩 平台", "空格插在词中"),
        ("新\u200b葡\u200b京娱乐城", "零宽字符"),
        ("澳門新葡京官網", "繁体"),
        ("線上賭場，真人百家樂，註冊送彩金", "繁体标题"),
        ("ｂｅｔ３６５官网", "全角拉丁字母"),
        ("百*家*乐开户", "星号插在词中"),
        ("菠菜平台_bocai_注册送彩金", "谐音+拼音"),
    ]
    for i, (span, why) in enumerate(items):
        d = Doc().e("spam", span).t(f"\n{r.choice(COUNTIES)}人民政府关于加强防汛工作的通知\n{body(r)}\n")
        c.add(f"evasion-{i:02d}", d, f"规避写法：{why}")
    english = ["Best online casino - free spins, no deposit bonus",
               "live casino | sportsbook | online slots",
               "bet365 bonus code, online casino games", "free porn videos, sex videos online"]
    for i, span in enumerate(english):
        d = Doc().e("spam", span).t(f"\n{r.choice(COUNTIES)}2023年财政预算执行情况\n{body(r)}\n")
        c.add(f"english-{i:02d}", d, "英文博彩/色情推广")


HIDE = [
    ("font-size:0.1px", '<span style="font-size:0.1px">{a}</span>'),
    ("颜色同背景", '<div style="color:#ffffff;background-color:#fff">{a}</div>'),
    ("opacity:0", '<div style="opacity:0">{a}</div>'),
    ("clip", '<div style="position:absolute;clip:rect(0 0 0 0)">{a}</div>'),
    ("text-indent", '<p style="text-indent:-9999px">{a}</p>'),
    ("marquee 1×1", '<marquee width="1" height="1">{a}</marquee>'),
    ("display:none", '<div style="display:none">{a}</div>'),
    ("visibility:hidden", '<section style="visibility:hidden">{a}</section>'),
    ("top:-9999px", '<div style="position:absolute;top:-9999px">{a}</div>'),
]


def page(title: str, inner: str) -> tuple[str, str]:
    head = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>"
            "<style>body{font-size:14px;color:#333}.nav li{float:left}</style></head><body>\n"
            "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li>"
            "<li><a href=\"/zwgk/\">政务公开</a></li></ul></div>\n")
    tail = ("\n<div class=\"content\"><h1>关于做好秋冬季森林防火工作的通知</h1>"
            "<p>各乡镇：当前已进入森林防火紧要期，请各单位落实责任，加强巡查。</p></div>\n"
            "</body></html>\n")
    return head, tail


def hidden(c: Corpus, r: random.Random) -> None:
    for i, (why, tmpl) in enumerate(HIDE):
        host = OUT_HOSTS[i % len(OUT_HOSTS)]
        a = f"<a href=\"{host}\">{r.choice(BRANDS)}</a><a href=\"{host}2\">{r.choice(GAMES)}</a>"
        head, tail = page(f"{r.choice(COUNTIES)}人民政府", "")
        d = Doc().t(head).e("spam", tmpl.format(a=a), "block", ("tampering", "review")).t(tail)
        c.add(f"hidden-{i:02d}", d, f"页面源码中的隐藏暗链（{why}）")
    for i, frame in enumerate([
        '<iframe src="http://sp.example.invalid/p" width="0" height="0" frameborder="0"></iframe>',
        '<iframe src="https://bet.example.invalid/" style="display:none"></iframe>',
        '<iframe src="//x.example.invalid/a" width="1" height="1"></iframe>',
    ]):
        head, tail = page(f"{r.choice(COUNTIES)}人民政府", "")
        d = Doc().t(head).e("spam", frame, "block", ("tampering", "review")).t(tail)
        c.add(f"hidden-iframe-{i:02d}", d, "零尺寸或隐藏的 iframe 指向外部网站")
    script = ("<script>document.write('<div style=\"display:none\"><a href=\""
              "http://sp.example.invalid/\">\\u6fb3\\u95e8\\u65b0\\u8461\\u4eac</a></div>');"
              "</script>")
    head, tail = page("XX县人民政府", "")
    d = Doc().t(head).e("spam", script, "block", ("tampering", "review")).t(tail)
    c.add("hidden-script-00", d, "脚本写入的暗链")


def clean(c: Corpus, r: random.Random) -> None:
    welfare = [
        "2024年度{c}福利彩票公益金使用情况公告：本年度共筹集福利彩票公益金1260万元，"
        "主要用于养老服务、儿童福利和残疾人康复等社会公益事业。",
        "{c}体育彩票公益金资助项目公示：全民健身路径、社区多功能运动场等12个项目获得资助。",
        "中国福利彩票双色球第2024118期开奖公告：本期开奖号码为05、12、19、23、28、31，蓝球09。",
        "体彩大乐透第24120期开奖结果公告，请中奖者在60日内兑奖。",
        "关于{c}福彩销售站点规范经营的通知：各站点应公示开奖结果和中奖规则。",
        "福利彩票快乐8今晚开奖，请购彩者理性购彩。",
    ]
    crackdown = [
        "关于开展打击跨境赌博专项行动的通告：严厉打击利用“澳门新葡京”“威尼斯人”等名义开设网络赌场的违法犯罪活动。",
        "警惕“注册送彩金”“首存返水”等网络赌博陷阱，切勿下载来历不明的买球app。",
        "公安机关破获一起利用六合彩、时时彩进行非法赌博的案件，抓获犯罪嫌疑人12名。",
        "严禁在电子游艺场所设置具有赌博功能的老虎机、捕鱼机。",
        "谨防“百家乐技巧”“网投平台”类诈骗，遇到可疑情况请拨打110。",
        "网络安全通报：部分网站被植入暗链和蜘蛛池，请各单位立即排查清除。",
        "依法查处代开各类发票等违法行为，维护税收秩序。",
        "开展扫黄打非专项整治，查处传播淫秽色情信息的网站32个。",
    ]
    macau = [
        "澳门特别行政区政府今日举行新闻发布会，介绍粤澳深度合作区建设进展。",
        "澳门今晚举行国际烟花比赛汇演，市民游客可在旅游塔附近观赏。",
        "港澳居民可通过一码通办理居住证相关业务。",
        "据报道，今年前三季度赴澳门旅游的内地游客人数同比增长。",
        "新澳两国签署农业合作谅解备忘录。",
        "金沙县召开2024年乡村振兴工作推进会。",
        "太阳城小区物业管理服务公示。",
        "皇冠假日酒店承办全市旅游推介会。",
        "本馆银河主题科普展即日起开放，欢迎师生参观。",
        "学校申博工作取得阶段性进展，两个学科获批博士点。",
        "区体育局组织开展全民健身赛事竞猜答题活动，答对即可获得纪念品。",
        "本所资料室整理出版《地方志资料大全》，供社会各界查阅。",
        "全市统一推行惠企政策“免申即享”，补贴资金秒到账。",
        "市图书馆举办“走近威尼斯”意大利文化展，展出莎士比亚《威尼斯商人》版本。",
        "体育中心篮球馆对外开放，欢迎市民预约买票。",
    ]
    seo = [
        "什么是蜘蛛池？蜘蛛池是一种黑帽SEO手段，利用大量站群吸引搜索引擎蜘蛛，网站管理员应提高警惕。",
        "暗链是指网页中访问者看不到的链接，常被用于提升违法网站的搜索排名。",
        "快照劫持和泛目录是常见的网站篡改方式，请定期检查网页源码。",
    ]
    for i, tmpl in enumerate(welfare + crackdown + macau + seo):
        d = Doc().t(tmpl.format(c=r.choice(COUNTIES)) + "\n" + body(r) + "\n")
        c.add(f"clean-{i:02d}", d, "干净的相似文本（彩票公益金、打击赌博、港澳新闻、黑帽SEO科普）")
    css_pages = [
        '<div style="color:#333;background:#fff;font-size:12px">联系我们</div>',
        '<h1 class="logo" style="text-indent:-9999px">XX市人民政府</h1>',
        '<ul style="display:none"><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="https://www.gov.cn/">中国政府网</a></li></ul>',
        '<iframe src="https://map.example.invalid/embed" width="600" height="400"></iframe>',
        '<div style="position:relative;left:-10px;opacity:0.9">通知公告</div>',
        '<a href="https://www.example.invalid/">友情链接</a>'
        '<div style="display:none"><a href="https://www.example.invalid/more">更多</a></div>',
        '<marquee width="600" height="30">欢迎访问本站</marquee>',
        '<span style="font-size:16px;color:#c00">重要通知</span>',
    ]
    for i, inner in enumerate(css_pages):
        head, tail = page(f"{r.choice(COUNTIES)}人民政府", "")
        d = Doc().t(head + inner + tail)
        c.add(f"clean-css-{i:02d}", d, "样式繁多但无隐藏暗链的干净页面")
    prose = [
        "澳门威尼斯人是一个集酒店、会展、购物中心和剧院于一体的大型综合度假村，于2007年开业。",
        "据报道，澳门银河娱乐集团今年第三季度接待旅客人次较去年同期有所增长。",
    ]
    for i, text in enumerate(prose):
        b = "澳门威尼斯人" if i == 0 else "银河娱乐"
        at = text.index(b)
        d = Doc().t(text[:at]).e("spam", b, "review").t(text[at + len(b):] + "\n")
        c.add(f"brand-prose-{i:02d}", d, "描述性新闻语句中提到博彩品牌：review 而非 block")


def build() -> list[dict[str, object]]:
    r = random.Random(SEED)
    c = Corpus()
    lottery_titles(c, r)
    title_runs(c, r)
    brand_promotion(c, r)
    evasion(c, r)
    hidden(c, r)
    clean(c, r)
    return c.cases


def render(cases: list[dict[str, object]]) -> str:
    return "".join(json.dumps(k, ensure_ascii=False) + "\n" for k in cases)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = ap.parse_args(argv)
    out = render(build())
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != out:
            print(f"{OUT.name} is out of date: run python corpus/build_spam.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(out, encoding="utf-8")
    cases = [json.loads(line) for line in out.splitlines()]
    clean_n = sum(1 for k in cases if not k["expected"])
    print(f"wrote {OUT.name}: {len(cases)} cases, {clean_n} without findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
