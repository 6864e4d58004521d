"""Mobiles in tables, read through the one table model (``detectors/tables.py``).

A position table (招聘岗位表) or a unit directory lists units: the numbers in its contact column
are the units' published consultation numbers — ``info``, never ``block``.  A table whose
columns name people (姓名, 身份证号, 家庭住址 …) or whose cells are mostly names is a roster —
``block``.  Each shape is tried the ways tables reach the detectors: typed txt (tabs, runs of
spaces, full-width spaces), CSV, Markdown, and the docx, xlsx and HTML readers.  All personal
data is synthetic (mobiles end in 0000, ID numbers are born before 1900).
"""

from __future__ import annotations

import io
import random

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import check
from baomi_check.detectors.tables import Vocabulary
from baomi_check.extract import extract_bytes
from baomi_check.models import Finding, Severity, expand_findings
from baomi_check.normalize import normalize
from baomi_check.rulepack import builtin_rules_dir, load_pack
from baomi_check.testing import synthetic_id

Rows = list[list[str]]


def mobile(i: int) -> str:
    """A synthetic mobile number: a real block, ending in 0000."""
    return f"139{i:04d}0000"


def layout(rows: Rows, shape: str) -> str:
    if shape == "tabs":
        return "".join("\t".join(r) + "\n" for r in rows)
    if shape == "spaces":
        return "".join("  ".join(r) + "\n" for r in rows)
    if shape == "fullwidth":
        return "".join("\u3000".join(r) + "\n" for r in rows)
    if shape == "csv":
        return "".join(",".join(r) + "\n" for r in rows)
    if shape == "markdown":
        head = "| " + " | ".join(rows[0]) + " |\n|" + "|".join("---" for _ in rows[0]) + "|\n"
        return head + "".join("| " + " | ".join(r) + " |\n" for r in rows[1:])
    raise AssertionError(shape)


def docx_bytes(title: str, rows: Rows) -> bytes:
    d = docx.Document()
    d.add_paragraph(title)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    d.add_paragraph("以上岗位如有疑问，请在工作时间咨询。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes(title: str, rows: Rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    for r in rows:
        ws.append([v or None for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def html_bytes(title: str, rows: Rows) -> bytes:
    body = "".join("<tr>" + "".join(f"<td> {v} </td>" for v in r) + "</tr>" for r in rows)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<h1>{title}</h1><table>{body}</table><p>欢迎报考。</p></body></html>"
    ).encode()


TEXT_SHAPES = ["tabs", "spaces", "fullwidth", "csv", "markdown"]
FILE_KINDS = {"docx": docx_bytes, "xlsx": xlsx_bytes, "html": html_bytes}


def texts(title: str, rows: Rows) -> list[tuple[str, str]]:
    """``(shape, text)`` for every way the table reaches the detectors."""
    out = [(s, f"{title}\n{layout(rows, s)}") for s in TEXT_SHAPES]
    for kind, make in FILE_KINDS.items():
        out.append((kind, extract_bytes(make(title, rows), kind).text))
    return out


def mobiles(text: str) -> list[Finding]:
    """Every mobile occurrence (a repeated number is one finding with occurrences)."""
    found = []
    for f in expand_findings(check(text).findings):
        assert text[f.start:f.end] == f.text
        if f.category == "mobile_phone":
            found.append(f)
    return found


# --- position tables -------------------------------------------------------------------------

SCHOOLS = ["第一中学", "第二中学", "实验小学", "城关小学", "中心幼儿园", "职业中学"]
POSTS = [("语文教师", "汉语言文学"), ("数学教师", "数学与应用数学"), ("英语教师", "英语"),
         ("体育教师", "体育教育"), ("音乐教师", "音乐学"), ("美术教师", "美术学")]


def position_rows(n: int, phones: int = 3, header: list[str] | None = None) -> Rows:
    head = header or ["序号", "招聘单位", "岗位名称", "岗位代码", "招聘人数", "学历", "专业",
                      "咨询电话"]
    rows = [head]
    for i in range(n):
        post, major = POSTS[i % len(POSTS)]
        rows.append([str(i + 1), SCHOOLS[i % len(SCHOOLS)], post, f"2024{i + 1:03d}", "1",
                     "本科及以上", major, mobile(i % phones)])
    return rows


@pytest.mark.parametrize(("shape", "text"), texts("2024年某区公开招聘教师岗位表", position_rows(8)))
def test_position_table_contact_numbers_are_info(shape: str, text: str) -> None:
    found = mobiles(text)
    assert len(found) == 8, shape
    assert all(f.severity is Severity.INFO for f in found), (shape, found)
    assert check(text).verdict == "pass"


def test_position_table_with_requirement_columns_is_no_roster() -> None:
    # 性别/年龄/户籍 as requirements of a post, not attributes of listed people.
    head = ["岗位名称", "岗位代码", "招聘人数", "性别要求", "年龄要求", "户籍要求", "学历",
            "联系电话"]
    rows = [head] + [[p, f"J{i:03d}", "1", "不限", "35周岁以下", "不限", "本科", mobile(i)]
                     for i, (p, _m) in enumerate(POSTS)]
    for shape, text in texts("教师招聘岗位", rows):
        found = mobiles(text)
        assert found and all(f.severity is not Severity.BLOCK for f in found), shape


def test_distinct_school_numbers_without_school_names_stay_below_block() -> None:
    # Every row a different number and no unit in the row: the contact column still says it.
    head = ["岗位名称", "岗位代码", "招聘人数", "学历", "专业", "咨询电话"]
    rows = [head] + [[p, f"J{i:03d}", "1", "本科", m, mobile(i)]
                     for i, (p, m) in enumerate(POSTS)]
    found = mobiles(layout(rows, "tabs"))
    assert len(found) == 6 and all(f.severity is Severity.INFO for f in found)


# --- unit directories ------------------------------------------------------------------------


def directory_rows() -> Rows:
    rows = [["单位名称", "办公地址", "联系人", "联系电话"]]
    for i, unit in enumerate(["县教育局", "县人社局", "县政务服务中心", "县人民医院", "城关镇政府",
                              "县图书馆"]):
        rows.append([unit, f"人民路{i + 1}号", "王老师", mobile(i)])
    return rows


@pytest.mark.parametrize(("shape", "text"), texts("县直单位通讯录", directory_rows()))
def test_unit_directory_numbers_are_info(shape: str, text: str) -> None:
    found = mobiles(text)
    assert len(found) == 6, shape
    assert all(f.severity is Severity.INFO for f in found), (shape, found)


def test_directory_of_contact_persons_is_no_roster() -> None:
    # Full names in a 联系人 column are the units' contacts, not a list of people.
    rows = [["单位", "联系人", "联系电话"]] + [
        [u, n, mobile(i)] for i, (u, n) in enumerate(
            [("县教育局", "王小明"), ("县人社局", "李红"), ("县卫健委", "张伟"),
             ("县民政局", "刘洋"), ("县财政局", "陈静"), ("县水利局", "杨帆")])
    ]
    found = mobiles(layout(rows, "tabs"))
    assert len(found) == 6 and all(f.severity is Severity.INFO for f in found)


# --- rosters ---------------------------------------------------------------------------------

NAMES = ["王小明", "李红", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周婷"]


def roster_rows(n: int = 4) -> Rows:
    rows = [["序号", "姓名", "性别", "所在学校", "联系电话"]]
    for i in range(n):
        rows.append([str(i + 1), NAMES[i], "男" if i % 2 else "女", SCHOOLS[i], mobile(i)])
    return rows


@pytest.mark.parametrize(("shape", "text"), texts("2024年拟聘用人员名单", roster_rows()))
def test_roster_with_a_name_column_blocks(shape: str, text: str) -> None:
    # The rows name schools, but the header says the table lists people.
    found = mobiles(text)
    assert len(found) == 4, shape
    assert all(f.severity is Severity.BLOCK for f in found), (shape, found)


def test_roster_without_a_name_header_is_found_by_its_names() -> None:
    rows = [["序号", "人员", "所在村", "手机"]] + [
        [str(i + 1), NAMES[i], "红星村", mobile(i)] for i in range(3)
    ]
    for shape in TEXT_SHAPES:
        found = mobiles(layout(rows, shape))
        assert len(found) == 3 and all(f.severity is Severity.BLOCK for f in found), shape


def test_masked_names_still_make_a_roster() -> None:
    rows = [["序号", "人员", "所在村", "手机"]] + [
        [str(i + 1), n, "红星村", mobile(i)] for i, n in enumerate(["张某", "李*", "王某某"])
    ]
    found = mobiles(layout(rows, "tabs"))
    assert len(found) == 3 and all(f.severity is Severity.BLOCK for f in found)


def test_a_column_of_education_levels_is_no_column_of_names() -> None:
    rows = [["序号", "学历层次", "类别", "咨询电话"]] + [
        [str(i + 1), lvl, "普通", mobile(9)] for i, lvl in enumerate(["高中", "本科", "高中"])
    ]
    found = mobiles(layout(rows, "tabs"))
    assert found and all(f.severity is not Severity.BLOCK for f in found)


def test_id_column_makes_the_position_sheet_a_roster() -> None:
    rng = random.Random(14)
    head = ["序号", "姓名", "身份证号", "报考岗位", "学历", "联系电话"]
    rows = [head] + [[str(i + 1), NAMES[i], synthetic_id(rng), POSTS[i][0], "本科", mobile(i)]
                     for i in range(4)]
    found = mobiles(layout(rows, "tabs"))
    assert len(found) == 4 and all(f.severity is Severity.BLOCK for f in found)


# --- mixed sheets ----------------------------------------------------------------------------


def test_mixed_sheet_positions_then_roster() -> None:
    positions = layout(position_rows(6), "tabs")
    roster = layout(roster_rows(3), "tabs")
    text = f"一、招聘岗位\n{positions}\n二、拟聘人员名单\n{roster}"
    found = mobiles(text)
    cut = text.index("二、拟聘人员名单")
    before = [f for f in found if f.start < cut]
    after = [f for f in found if f.start > cut]
    assert len(before) == 6 and all(f.severity is Severity.INFO for f in before)
    assert len(after) == 3 and all(f.severity is Severity.BLOCK for f in after)


def test_mixed_xlsx_with_two_tables_on_one_sheet() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in position_rows(5):
        ws.append(r)
    ws.append([])
    for r in roster_rows(3):
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    text = extract_bytes(buf.getvalue(), "xlsx").text
    sev = [f.severity for f in mobiles(text)]
    assert sev.count(Severity.INFO) == 5 and sev.count(Severity.BLOCK) == 3


def test_section_rows_inside_a_position_table_keep_the_table() -> None:
    rows = position_rows(6)
    text = layout(rows[:1], "tabs") + "一、小学岗位\n" + layout(rows[1:4], "tabs") + \
        "二、中学岗位\n" + layout(rows[4:], "tabs")
    found = mobiles(text)
    assert len(found) == 6 and all(f.severity is Severity.INFO for f in found)


# --- prose ------------------------------------------------------------------------------------


def test_prose_contact_lines_of_units_are_no_list_of_people() -> None:
    text = "".join(f"{i + 1}. {s}报名咨询电话：{mobile(i)}\n" for i, s in enumerate(SCHOOLS))
    found = mobiles(text)
    assert len(found) == 6 and all(f.severity is Severity.REVIEW for f in found)


def test_one_number_repeated_on_many_lines_is_no_list_of_people() -> None:
    text = "".join(f"{i + 1}. {p}岗位，报名请致电{mobile(7)}\n" for i, (p, _m) in enumerate(POSTS))
    found = mobiles(text)
    assert len(found) == 6 and all(f.severity is Severity.REVIEW for f in found)


def test_prose_roster_of_people_still_blocks() -> None:
    text = "".join(f"{i + 1}. {n} {mobile(i)}\n" for i, n in enumerate(NAMES[:6]))
    assert all(f.severity is Severity.BLOCK for f in mobiles(text))


# --- unlabelled name + number lists (issue 14 item 4) -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"王小明 {mobile(1)}；李红 {mobile(2)}",
        f"王小明{mobile(1)}；李红{mobile(2)}；张伟{mobile(3)}。",
        f"王小明\u3000{mobile(1)}\u3000李红\u3000{mobile(2)}",
        f"参会人员：王小明 {mobile(1)}、李红 {mobile(2)}",
        f"王小明，手机{mobile(1)}；李红，手机{mobile(2)}",
        f"王小明 {mobile(1)}\n李红 {mobile(2)}\n",
        f"1.王小明 {mobile(1)}\n2.李红 {mobile(2)}\n",
        f"欧阳娜娜 {mobile(1)}; 张某 {mobile(2)}",
    ],
)
def test_unlabelled_name_number_lists_block(text: str) -> None:
    found = mobiles(text)
    assert len(found) >= 2 and all(f.severity is Severity.BLOCK for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        # The unit's contacts after a contact label.
        f"联系人：王小明 {mobile(1)}；李红 {mobile(2)}",
        f"报名咨询：王小明 {mobile(1)}；李红 {mobile(2)}",
        f"联系电话：王小明\u3000{mobile(1)}\u3000李红\u3000{mobile(2)}",
        # Forms of address, not listed people.
        f"张老师 {mobile(1)}；李老师 {mobile(2)}",
        f"王主任 {mobile(1)}；刘科长 {mobile(2)}",
        # One pair is one contact.
        f"王小明 {mobile(1)}",
        # Words that begin with a surname character are not names.
        f"高中部 {mobile(1)}；文学社 {mobile(2)}",
        # Not one after the other.
        f"王小明 {mobile(1)}。会议定于周一召开，地点在三楼会议室。李红 {mobile(2)}",
    ],
)
def test_name_number_look_alikes_stay_review(text: str) -> None:
    found = mobiles(text)
    assert found and all(f.severity is Severity.REVIEW for f in found), found


# --- the model itself --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.build(load_pack(builtin_rules_dir()))


def test_kinds(vocab: Vocabulary) -> None:
    def kind(rows: Rows, shape: str = "tabs") -> str | None:
        doc = normalize("标题\n" + layout(rows, shape))
        t = vocab.index(doc).table_at_header(1)
        return t.kind if t is not None else None

    assert kind(position_rows(3)) == "positions"
    assert kind(directory_rows()) == "directory"
    assert kind(roster_rows()) == "roster"
    assert kind([["项目", "金额"], ["办公费", "2000"]]) == "other"
    # A data row of names is no header.
    assert kind([["张三", "男", "本科"], ["李四", "女", "硕士"]]) is None


def test_html_empty_cells_keep_their_column(vocab: Vocabulary) -> None:
    rows = [["姓名", "性别", "银行卡号", "备注"], ["张某", "", "6222000000000000000", "无"]]
    text = extract_bytes(html_bytes("发放表", rows), "html").text
    doc = normalize(text)
    pos = doc.text.index("6222")
    cell = vocab.index(doc).header_cell(pos)
    assert cell is not None and doc.text[cell[0]:cell[1]] == "银行卡号"


def test_a_row_far_below_its_header_is_read_once(vocab: Vocabulary) -> None:
    text = layout(position_rows(3000, phones=30), "tabs")
    doc = normalize(text)
    index = vocab.index(doc)
    last = len(doc.view_lines()) - 2
    r = index.row(last)
    assert r is not None and r.table.kind == "positions" and r.table.header == 0
    assert len(r.table.rows) == 3000


# --- generated tables: the kind decides, whatever the shape and the order ------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(min_value=2, max_value=9),
    phones=st.integers(min_value=1, max_value=9),
    shape=st.sampled_from(TEXT_SHAPES),
    roster=st.booleans(),
    eol=st.sampled_from(["\n", "\r\n"]),
    lead=st.sampled_from(["", "公告\n\n", "\ufeff", "说明\u200b如下：\n"]),
)
def test_generated_tables(n: int, phones: int, shape: str, roster: bool, eol: str,
                          lead: str) -> None:
    if roster:
        rows = [["序号", "姓名", "岗位", "手机"]] + [
            [str(i + 1), NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i)),
             POSTS[i % 6][0], mobile(i % phones)] for i in range(n)
        ]
    else:
        rows = position_rows(n, phones)
    text = lead + layout(rows, shape).replace("\n", eol)
    found = mobiles(text)
    assert len(found) == n
    if roster:
        assert all(f.severity is Severity.BLOCK for f in found)
    else:
        assert all(f.severity is Severity.INFO for f in found)
