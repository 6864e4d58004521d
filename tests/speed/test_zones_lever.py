"""The ``anchors`` lever on markings, the header zone, prose, columns and tampering (issue 17):
the anchored paths give exactly the candidates of the plain paths, on random text built from the
fragments that matter (marks whole and damaged, header-like short lines, attachment headings,
names with their labels, the prose kinds' words, table rows with person and sensitive columns,
long paragraphs, every kind of line break).  All personal data synthetic."""

from __future__ import annotations

import re
import runpy
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from baomi_check import Checker, levers
from baomi_check.detectors import zones
from baomi_check.detectors.wordscan import WordScan
from baomi_check.normalize import normalize
from baomi_check.testing import id_number

ROOT = Path(__file__).resolve().parents[2]
MINE = ("tampering", "markings", "columns", "prose_personal")
ID = id_number("11010518800101001")
MOBILE = "13912340000"

MARKS = [
    "机密★5年", "秘密", "绝密★", "秘　密★启用前", "机密＊5年", "绝密\u200b★长期", "机密?5年",
    "秘密\ufffd长期", "机密\ue123 5年", "机密\uf0ab十年", "机密 5年", "秘密★五年", "（秘密）", "(机密)",
    "【绝密】", "密级：机密", "密 级 秘密", "机密★2030年12月31日", "机密★会议开始前", "绝密★★◆",
    "jī mì", "ji mi", "機密", "秘密★", "★", "☆", "*", "密", "秘", "机", "绝", "解密",
    "保密工作", "秘密投票", "机密性", "国家秘密", "商业秘密", "严密", "密切", "内部资料",
    "（此件不公开）", "工作秘密", "份号：000123", "000123", "签发人：张三", "紧急程度：特急", "特急",
    "X政发〔2024〕12号", "试卷类型：A",
]
HEADER = ["附件", "附件1：", "附 件 2", "附件3", "附", "附近", "关于做好保密工作的通知", "各县（区）：",
          "XX市人民政府办公室", "2024年1月1日"]
PROSE = [
    "姓名：", "张三", "王某某", "李某", "陈国平", "赵卫东", "黄某芬", "村民", "患者", "其子", "本人", "其",
    "他", "因患尿毒症长期透析", "确诊为肺结核", "诊断为乳腺癌", "刑满释放人员", "因盗窃罪被判处有期徒刑二年",
    "信仰天主教", "伊斯兰教信徒", "肢体残疾", "二级残疾", "指纹", "名下有存款12万元", "8岁", "就读于某某小学三年级",
    "幼儿园", "居住在某村3组12号", "现居住", "现居", "家住", "活动轨迹", "，男，", "，女，", "同志", "局长",
    "拟将", "纳入", "尿毒症患者", "DNA", "dna",
]
COLUMNS = ["序号", "姓名", "身份证号", "联系电话", "电话", "家庭住址", "住址", "病情", "诊断", "性别", "备注",
           "宗教信仰", "犯罪记录", "残疾等级", "申请人", "户主", "姓　名", "张某", "女", "尿毒症", "健康",
           "某乡某村3组12号", "某村", "无", "***", ID, MOBILE, "1", "2"]
SEPARATORS = ["\t", "  ", "   ", "|", ",", "\u3000", " ", "\t\t"]
BREAKS = ["\n", "\n", "\n\n", "\r\n", "\r", "\u2028", "\x0c"]
NOISE = ["。", "，", "；", "！", "？", ":", "：", "\u200b", "\x1c", "\x85", "鎮(zhèn)", "機(jī)制", "為", "<b>",
         "&nbsp;", "0", "５", "一"]
PARAGRAPH = "为进一步加强和改进新形势下的保密工作，切实做好国家秘密载体管理，现将有关事项通知如下。"

FRAGMENTS = MARKS + HEADER + PROSE + COLUMNS + SEPARATORS + BREAKS + NOISE + [PARAGRAPH]


@cache
def detectors() -> dict[str, Any]:
    return {d.name: d for d in Checker.default().detectors if d.name in MINE}


def run(text: str, on: bool, header: tuple[tuple[int, int], ...] = ()) -> dict[str, object]:
    """Every candidate of this part and the header zones, with the lever ``on`` or off, on a
    freshly normalized document (no cache shared between the two ways)."""
    with levers.override(anchors=on):
        out: dict[str, object] = {}
        doc = normalize(text, header=header)
        for n in (1, 3, 6, 20):
            out[f"header_lines {n}"] = sorted(zones.header_lines(doc, n))
        doc = normalize(text, header=header)
        doc.derived["input_kind"] = "text"
        for name, det in detectors().items():
            out[name] = det.detect(doc)
        return out


def same(text: str, header: tuple[tuple[int, int], ...] = ()) -> None:
    on, off = run(text, True, header), run(text, False, header)
    for key in off:
        assert on[key] == off[key], key


fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
line = st.lists(st.sampled_from(MARKS + HEADER + PROSE + NOISE + SEPARATORS), max_size=6).map("".join)
lines = st.tuples(st.lists(line, max_size=14), st.lists(st.sampled_from(BREAKS), min_size=1)).map(
    lambda x: "".join(ln + x[1][i % len(x[1])] for i, ln in enumerate(x[0])))
row = st.tuples(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6),
                st.sampled_from(SEPARATORS)).map(lambda x: x[1].join(x[0]))
table = st.tuples(st.lists(row, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]),
                  st.sampled_from(["", PARAGRAPH + "\n", "附件1\n"])).map(
    lambda x: x[2] + x[1].join(x[0]) + x[1])
PERSONS = ["王某某", "村民陈国平", "患者李红", "张三", "其子王小明", "赵卫东", "黄某芬", "局长张三", "其", "本人", "他",
           "拟将赵卫东纳入监测范围。本人"]
ATTRIBUTES = ["患尿毒症长期透析", "确诊为肺结核", "信仰天主教", "系刑满释放人员（2018年因盗窃罪被判处有期徒刑二年）",
              "二级肢体残疾", "名下有存款12万元", "8岁，就读于某某小学三年级", "的指纹信息", "现居住在某村3组12号",
              "被依法刑事拘留", "的活动轨迹如下"]
sentence = st.tuples(st.sampled_from(PERSONS), st.sampled_from(["", "，男，", "因", "，", "同志", "\t"]),
                     st.sampled_from(ATTRIBUTES), st.sampled_from(["", "，身份证号" + ID, "，电话" + MOBILE]),
                     st.sampled_from(["。", "；", "\n", "", "，"])).map("".join)
prose = st.lists(st.one_of(sentence, st.sampled_from(NOISE + PROSE + [PARAGRAPH])), max_size=12).map(
    "".join)
# A table of people: a header with a person column and sensitive ones, rows of values under it
# (some short, some long, some masked), one separator per table.
COLUMN_VALUES = {
    "序号": ["1", "2"], "姓名": ["张某", "李红", "王×"], "户主": ["陈国平"], "性别": ["男", "女"],
    "家庭住址": ["某乡某村3组12号", "某村", "***"], "病情": ["尿毒症", "健康", "尿**"],
    "宗教信仰": ["天主教", "无"], "犯罪记录": ["盗窃罪", "无"], "残疾等级": ["二级", "无"],
    "身份证号": [ID], "联系电话": [MOBILE], "备注": ["", "低保"], "单位": ["某某中学"],
}
roster = st.tuples(
    st.lists(st.sampled_from(sorted(COLUMN_VALUES)), min_size=2, max_size=6, unique=True),
    st.sampled_from(["\t", "  ", "\u3000", "|", ","]),
    st.lists(st.lists(st.integers(0, 2), min_size=6, max_size=6), max_size=5),
    st.sampled_from(["", "附件1\n", PARAGRAPH + "\n\n"]),
).map(lambda x: x[3] + x[1].join(x[0]) + "\n" + "".join(
    x[1].join(COLUMN_VALUES[c][k % len(COLUMN_VALUES[c])] for c, k in zip(x[0], r, strict=False))
    + "\n" for r in x[2]))
documents = st.one_of(fragments, lines, table, prose, roster,
                      st.tuples(lines, roster, prose, fragments).map("".join))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents)
@example("机密★5年\n关于某某的通知\n正文")
@example("\r\n\r\n  秘密★启用前\r\n签发人：张三\r\n")
@example("机\n密★5年\n绝\u2028密★长期")  # a level word broken by a line break, or by U+2028
@example("机\x1c密★5年")  # \x1c: str.isspace, not the regex engine's \s
@example("秘密机密★5年\n" * 7)  # the first level word of the line gives nothing, the second does
@example("机 密 秘密 （绝密） 机密★5年")
@example(" " * 300 + "（ 秘密 ）正文\n" + "密 级 ：" + " " * 300 + "机密")
@example("一\n二\n三\n四\n五\n六\n七\n附件1\n机密\n附近\n附件2：\n\n秘密\n附")
@example("附件" + "\n正文" * 10 + "\n附件\n（秘密）本段\n密级：机密")
@example("村民陈某现居住在某村3组12号。")  # 现居 and 居住 overlap
@example("张某某" + "，" * 250 + "因患尿毒症长期透析")  # beyond the 200-character sentence window
@example("序号  姓名  性别  家庭住址  病情\n1  张某  女  某乡某村3组12号  尿毒症\n")
@example("姓\u3000名\t住址\t病情\n张某\t某村3组12号\t尿毒症")
@example("鎮(zhèn)機(jī)制為(wéi)民(mín)服(fú)務(wù)")
def test_anchors_give_the_plain_candidates(text: str) -> None:
    same(text)


@settings(max_examples=40, deadline=None)
@given(lines, st.integers(0, 40), st.integers(0, 40))
def test_header_spans_of_a_recognised_page_too(text: str, a: int, n: int) -> None:
    same(text, ((a, a + n),))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text("甲乙丙丁", min_size=1, max_size=4), min_size=1, max_size=6),
       st.text("甲乙丙丁戊\n", max_size=60))
def test_word_scan_finds_every_occurrence_overlapping_ones_included(
    words: list[str], text: str,
) -> None:
    scan = WordScan((w, i) for i, w in enumerate(words))
    found = sorted(scan.occurrences(text))
    brute = sorted((s, s + len(w), i) for i, w in enumerate(words)
                   for s in range(len(text)) if text.startswith(w, s))
    assert found == sorted(set(brute))
    assert scan.any(text) == bool(brute)


def test_isspace_covers_the_regex_engines_white_space() -> None:
    """The marking anchors skip ``str.isspace`` characters where the grammar allows ``\\s``, and
    the line tests use ``re``'s ``\\s``: both must cover the ``regex`` engine's."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    rx = set(regex.findall(r"\s", every)) | set(regex.findall(r"(?V1)\s", every))
    isspace = {c for c in every if c.isspace()}
    assert rx <= isspace
    assert set(re.findall(r"\s", every)) == isspace


def test_common_characters_are_what_the_generator_writes() -> None:
    gen = runpy.run_path(str(ROOT / "scripts" / "charfreq.py"))
    assert gen["main"](["--check"]) == 0
    from baomi_check.charfreq import COMMON, rank

    assert len(set(COMMON)) == len(COMMON) >= 1000
    assert all(unicodedata.name(c).startswith("CJK") for c in COMMON)
    assert rank("的") < rank("诊") == rank("\U00020000") == len(COMMON)


@pytest.mark.parametrize("text", ["", "\n", "密", "秘密", "附件", "\r", "机密★"])
def test_tiny_texts(text: str) -> None:
    same(text)
