"""Personal data in table columns: the label in the header row, the values in the rows below.

Positives for every kind of column and every way a table reaches us as text (spaces, full-width
spaces, tabs, Markdown ``|``, CSV, and the docx/xlsx readers' tab-joined rows), side by side with
the innocent look-alikes that share their shape.  All personal data here is synthetic: masked ID
numbers, invented villages, 张某-style names.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi_check import Checker, check
from baomi_check.detectors import DEFAULT_DETECTORS
from baomi_check.detectors import tables as tables_mod
from baomi_check.detectors.columns import ColumnDetector
from baomi_check.extract import extract_bytes
from baomi_check.models import expand_findings
from baomi_check.normalize import normalize
from baomi_check.rulepack import RuleError, builtin_rules_dir, load_pack

Row = list[str]


def found(text: str) -> list[tuple[str, str, str]]:
    """``(rule_id, severity, evidence)`` of the personal_info findings, offsets checked."""
    out = []
    for f in expand_findings(check(text).findings):
        assert text[f.start:f.end] == f.text
        if f.category == "personal_info":
            out.append((f.rule_id, f.severity.value, f.text))
    return out


def table(rows: list[Row], shape: str) -> str:
    """Rows laid out the way one kind of source file writes them."""
    if shape == "spaces":
        return "".join("  ".join(r) + "\n" for r in rows)
    if shape == "fullwidth":
        return "".join("\u3000".join(r) + "\n" for r in rows)
    if shape == "tabs":
        return "".join("\t".join(r) + "\n" for r in rows)
    if shape == "markdown":
        head = "| " + " | ".join(rows[0]) + " |\n"
        rule = "|" + "|".join("---" for _ in rows[0]) + "|\n"
        return head + rule + "".join("| " + " | ".join(r) + " |\n" for r in rows[1:])
    if shape == "csv":
        return "".join(",".join(f'"{c}"' if "," in c else c for c in r) + "\n" for r in rows)
    raise AssertionError(shape)


SHAPES = ["spaces", "fullwidth", "tabs", "markdown", "csv"]

# One column of each kind: (header label, value that must be reported, rule, severity).
KINDS = [
    ("家庭住址", "柳塘乡红星村3组12号", "personal_info.column_home_address", "review"),
    ("病情", "肺癌晚期", "personal_info.column_health", "review"),
    ("宗教信仰", "某教", "personal_info.column_religion", "review"),
    ("犯罪记录", "2010年因盗窃被判刑", "personal_info.column_criminal_record", "review"),
    ("残疾等级", "二级", "personal_info.column_disability", "review"),
    ("住院号", "ZY20230001", "personal_info.column_medical_record", "block"),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("label", "value", "rule", "severity"), KINDS)
def test_every_kind_in_every_shape(
    shape: str, label: str, value: str, rule: str, severity: str
) -> None:
    rows = [
        ["序号", "姓名", "性别", label, "救助金额（元）"],
        ["1", "张某", "女", value, "2000"],
    ]
    text = "临时救助对象公示\n\n" + table(rows, shape) + "\n公示期5个工作日。\n"
    assert found(text) == [(rule, severity, value)]


def test_the_table_from_the_brief() -> None:
    text = (
        "序号  姓名  性别  身份证号码          家庭住址              病情      救助金额（元）\n"
        "1     张某  女    110101********0011  柳塘乡红星村3组12号   尿毒症    2000\n"
        "2     李某  男    110101********0029  柳塘乡新民村5组8号    肺癌晚期  3000\n"
    )
    assert found(text) == [
        ("personal_info.column_home_address", "review", "柳塘乡红星村3组12号"),
        ("personal_info.column_health", "review", "尿毒症"),
        ("personal_info.column_home_address", "review", "柳塘乡新民村5组8号"),
        ("personal_info.column_health", "review", "肺癌晚期"),
    ]


def test_one_finding_per_cell_with_a_message_naming_the_column() -> None:
    text = "姓名\t家庭住址\t诊断\n王某\t云溪镇枫林村7组3号\t白血病\n"
    fs = [f for f in check(text).findings if f.category == "personal_info"]
    assert [f.text for f in fs] == ["云溪镇枫林村7组3号", "白血病"]
    assert "“家庭住址”列" in fs[0].message and "云溪镇枫林村7组3号" in fs[0].message
    assert fs[0].suggestion and "门牌" in fs[0].suggestion
    assert (fs[1].line, fs[1].column) == (2, len("王某\t云溪镇枫林村7组3号\t") + 1)


def test_house_level_address_shapes() -> None:
    rows = [["姓名", "性别", "现住址"]]
    values = ["城关镇解放路12号", "某小区3栋2单元501室", "桃源街道1-2-301", "长乐镇新建村十二组3号"]
    rows += [["张某", "男", v] for v in values]
    assert [t for _, _, t in found(table(rows, "tabs"))] == values


# --- innocent look-alikes ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_office_directory_has_no_person_column(shape: str) -> None:
    rows = [
        ["单位名称", "地址", "联系电话"],
        ["县民政局", "人民路12号", "0731-5000000"],
        ["县财政局", "解放路8号", "0731-6000000"],
    ]
    assert found(table(rows, shape)) == []


def test_contact_person_and_office_address_are_not_a_roster() -> None:
    rows = [
        ["单位名称", "联系人", "办公地址", "联系电话"],
        ["县民政局", "张某", "人民路12号", "0731-5000000"],
    ]
    assert found(table(rows, "tabs")) == []
    # A person column next to an office address column: 单位住址 is not a home address.
    rows = [["姓名", "职务", "单位住址"], ["张某", "科长", "人民路12号"]]
    assert found(table(rows, "spaces")) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_addresses_cut_at_the_village_are_the_compliant_form(shape: str) -> None:
    rows = [
        ["序号", "姓名", "家庭住址", "救助金额（元）"],
        ["1", "张某", "柳塘乡红星村", "2000"],
        ["2", "李某", "柳塘乡新民村5组", "3000"],
        ["3", "王某", "桃源街道和平社区", "1000"],
    ]
    assert found(table(rows, shape)) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_health_column_of_a_cadre_notice_with_good_health(shape: str) -> None:
    rows = [
        ["姓名", "性别", "出生年月", "健康状况", "学历"],
        ["张某", "男", "1975.03", "健康", "大学"],
        ["李某", "女", "1980.11", "良好", "研究生"],
        ["王某", "男", "1979.05", "身体健康", "大学"],
    ]
    assert found(table(rows, shape)) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_masked_columns_are_not_findings(shape: str) -> None:
    rows = [
        ["姓名", "家庭住址", "病情", "宗教信仰", "住院号"],
        ["张*", "柳塘乡红星村**组**号", "***", "某某", "ZY****0001"],
        ["李*", "柳塘乡新民村*组*号", "尿**", "**", "******"],
    ]
    assert found(table(rows, shape)) == []


def test_none_values_are_not_findings() -> None:
    rows = [
        ["姓名", "犯罪记录", "宗教信仰", "残疾等级", "病历号"],
        ["张某", "无", "无", "无", "无"],
        ["李某", "无犯罪记录", "不信教", "/", "—"],
    ]
    assert found(table(rows, "tabs")) == []


def test_prose_mentioning_the_labels_is_not_a_table() -> None:
    text = (
        "申请人应如实填写姓名、性别、家庭住址、病情等信息，家庭住址须填写到门牌号，"
        "例如柳塘乡红星村3组12号。\n"
        "户主  姓名和家庭住址由村委会核实后报乡民政办，病情证明附后。\n"
    )
    assert found(text) == []


def test_header_followed_by_prose_reports_nothing() -> None:
    text = (
        "姓名  性别  家庭住址  病情\n"
        "请各村于5月1日前将名单报送乡民政办，家庭住址须详细到红星村3组12号，病情须附诊断证明。\n"
    )
    assert found(text) == []


def test_a_blank_line_ends_the_table() -> None:
    text = "姓名  性别  家庭住址\n张某  女  红星村3组12号\n\n李某  男  新民村5组8号\n"
    assert found(text) == [("personal_info.column_home_address", "review", "红星村3组12号")]


def test_a_row_of_another_width_ends_the_table() -> None:
    text = (
        "姓名  性别  家庭住址\n"
        "张某  女  红星村3组12号\n"
        "以上名单经村民代表会议评议通过\n"
        "李某  男  新民村5组8号\n"
    )
    assert found(text) == [("personal_info.column_home_address", "review", "红星村3组12号")]


def test_a_new_header_without_sensitive_columns_ends_the_table() -> None:
    text = (
        "姓名\t性别\t家庭住址\n"
        "张某\t女\t红星村3组12号\n"
        "姓名\t职务\t办公地点\n"
        "李某\t科长\t人民路8号\n"
    )
    assert found(text) == [("personal_info.column_home_address", "review", "红星村3组12号")]


def test_a_new_header_starts_its_own_columns() -> None:
    text = (
        "姓名\t性别\t病情\n"
        "张某\t女\t尿毒症\n"
        "户主\t病种\t性别\n"
        "李某\t白血病\t男\n"
    )
    assert [t for _, _, t in found(text)] == ["尿毒症", "白血病"]


def test_full_width_commas_of_prose_are_not_csv() -> None:
    # The view folds ， to ","; only ASCII commas of the original separate CSV cells.
    text = "姓名，性别，家庭住址，病情\n张某，女，红星村3组12号，尿毒症\n"
    assert found(text) == []


def test_csv_quoted_cell_with_commas() -> None:
    text = '序号,姓名,家庭住址,病情\n1,张某,"红星村3组12号,东侧",尿毒症\n2,李某,新民村,"良好"\n'
    assert found(text) == [
        ("personal_info.column_home_address", "review", "红星村3组12号,东侧"),
        ("personal_info.column_health", "review", "尿毒症"),
    ]


def test_traditional_and_full_width_forms() -> None:
    text = "姓名　性別　現住址　診斷\n張某　女　紅星村３組１２號　腎衰竭\n"
    assert found(text) == [
        ("personal_info.column_home_address", "review", "紅星村３組１２號"),
        ("personal_info.column_health", "review", "腎衰竭"),
    ]


def test_spaced_header_labels_in_cells() -> None:
    text = "序号\t姓 名\t家庭住址\t备注\n1\t张某\t红星村3组12号\t\n"
    assert found(text) == [("personal_info.column_home_address", "review", "红星村3组12号")]


# --- overlap with the labelled-value patterns -------------------------------------------------


def test_labelled_value_inside_a_cell_is_reported_once() -> None:
    text = "姓名\t性别\t家庭住址\n张某\t女\t家庭住址：红星村3组12号\n"
    assert found(text) == [
        ("personal_info.home_address", "review", "家庭住址：红星村3组12号")
    ]
    text = "姓名\t诊断\t备注\n张某\t诊断：尿毒症\t无\n"
    assert found(text) == [("personal_info.health", "review", "诊断：尿毒症")]


# --- tables from the docx and xlsx readers ----------------------------------------------------

HEADER = ["序号", "姓名", "性别", "家庭住址", "病情", "备注"]
ROWS = [
    ["1", "张某", "女", "柳塘乡红星村3组12号", "尿毒症", ""],
    ["2", "李某", "男", "柳塘乡新民村", "良好", "低保户"],
    ["3", "王某", "男", "柳塘乡新民村5组8号", "肺癌晚期", ""],
]
EXPECTED = ["柳塘乡红星村3组12号", "尿毒症", "柳塘乡新民村5组8号", "肺癌晚期"]


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("柳塘乡2024年第一批临时救助对象公示")
    t = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for r, values in enumerate([HEADER, *ROWS]):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    d.add_paragraph("公示期5个工作日。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["柳塘乡2024年第一批临时救助对象公示"])
    for values in [HEADER, *ROWS]:
        ws.append([v or None for v in values])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _html_bytes() -> bytes:
    """A 公示 page as CMSs publish it: the roster is an HTML table, cells padded with spaces."""
    cells = "".join
    rows = "".join(
        "<tr>" + cells(f"<td> {v} </td>" for v in values) + "</tr>" for values in [HEADER, *ROWS]
    )
    return (
        "<html><head><meta charset='utf-8'><title>临时救助对象公示</title></head><body>"
        "<p>柳塘乡2024年第一批临时救助对象公示</p>"
        f"<table><thead></thead><tbody>{rows}</tbody></table><p>公示期5个工作日。</p>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("kind", "make"), [("docx", _docx_bytes), ("xlsx", _xlsx_bytes), ("html", _html_bytes)]
)
def test_tables_from_the_office_readers(kind: str, make: object) -> None:
    doc = extract_bytes(make(), kind)  # type: ignore[operator]
    # The office readers drop empty cells: rows whose 备注 is empty are one cell short; the HTML
    # reader keeps them as empty cells.  Both are read as the same table.
    assert "柳塘乡红星村3组12号\t尿毒症\n" in doc.text or "柳塘乡红星村3组12号\t尿毒症\t\n" in doc.text
    assert [t for _, _, t in found(doc.text)] == EXPECTED


def test_a_row_short_by_more_than_the_optional_columns_ends_the_table() -> None:
    # Without an optional trailing column (备注) there is no room for a short row at all: which
    # cell the reader dropped is unknowable, and guessing would put values under wrong columns.
    text = "姓名\t家庭住址\t病情\n张某\t红星村3组12号\t尿毒症\n李某\t新民村5组8号\n王某\t和平村2组1号\t白血病\n"
    assert [t for _, _, t in found(text)] == ["红星村3组12号", "尿毒症"]
    text = (
        "姓名\t家庭住址\t病情\t备注\n张某\t红星村3组12号\t尿毒症\n李某\t新民村5组8号\n"
        "王某\t和平村2组1号\t白血病\n"
    )
    assert [t for _, _, t in found(text)] == ["红星村3组12号", "尿毒症"]


# --- rules are data ---------------------------------------------------------------------------


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOMI_CHECK_CACHE_DIR", str(tmp_path / "cache"))


def test_a_label_added_in_a_user_pack_needs_no_code(tmp_path: Path, own_cache: None) -> None:
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "columns.yaml").write_text(
        "table_columns:\n"
        "  kinds:\n"
        "    home_address:\n"
        "      labels: [地址]\n"
        "      value: '\\d+号'\n"
        "      severity: review\n"
        "      message: “{label}”列出现门牌地址“{value}”\n",
        encoding="utf-8",
    )
    text = "姓名\t性别\t地址\n张某\t女\t红星村3组12号\n"
    assert found(text) == []
    report = Checker.from_rules(pack).check(text)
    assert [(f.rule_id, f.text, f.message) for f in report.findings] == [
        ("personal_info.column_home_address", "红星村3组12号", "“地址”列出现门牌地址“红星村3组12号”")
    ]


@pytest.mark.parametrize(
    ("snippet", "problem"),
    [
        ("      value: '(\\d+号'\n", "regex does not compile"),
        ("      value: '\\d*'\n", "can match the empty string"),
        ("      value: 'x|'\n", "can match the empty string"),
        ("      value: '\\d+号'\n      colour: red\n", "colour"),
    ],
)
def test_bad_section_names_file_and_line(
    tmp_path: Path, own_cache: None, snippet: str, problem: str
) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(
        "table_columns:\n  kinds:\n    home_address:\n      labels: [地址]\n"
        + snippet + "      severity: review\n      message: m\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as err:
        Checker.from_rules(f)
    assert f"{f}:" in str(err.value) and problem in str(err.value)


# --- cost --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def detector() -> ColumnDetector:
    assert ColumnDetector in DEFAULT_DETECTORS
    return ColumnDetector.build(load_pack(builtin_rules_dir()), None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "关于召开年度工作会议的通知\n各单位：请于下周一参加会议。\n" * 200,
        "申请人须提交身份证复印件。\n单位名称  地址  电话\n县局  人民路12号  0000\n" * 200,
        "报名表须填写姓名、性别和学历。\n序号  姓名  性别  学历\n1  张某  男  大学\n" * 200,
    ],
)
def test_no_line_is_split_without_both_kinds_of_label(
    detector: ColumnDetector, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Structural, not timed: texts lacking a person label or a sensitive label never reach
    the per-line splitting."""

    def boom(*args: object) -> None:
        raise AssertionError("split_cells called")

    monkeypatch.setattr(tables_mod, "split_cells", boom)
    assert detector.detect(normalize(text)) == []


# --- offsets, over generated tables -----------------------------------------------------------

ADDRESS_HOUSE = ["红星村3组12号", "新民村5组8号", "解放路12号3单元", "和平社区2栋301室"]
ADDRESS_VILLAGE = ["红星村", "新民村5组", "和平社区"]
HEALTH_SICK = ["尿毒症", "肺癌晚期", "重度抑郁症", "糖尿病、高血压"]
HEALTH_FINE = ["健康", "良好", "一般", "无"]
MASKED = ["***", "某某", "尿**", "红星村*组*号"]

cells = {
    "家庭住址": st.sampled_from(ADDRESS_HOUSE + ADDRESS_VILLAGE + MASKED),
    "病情": st.sampled_from(HEALTH_SICK + HEALTH_FINE + MASKED),
}
rows_st = st.lists(
    st.tuples(st.sampled_from(["张某", "李某", "王某"]), cells["家庭住址"], cells["病情"]),
    min_size=1, max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=rows_st,
    shape=st.sampled_from(SHAPES),
    lead=st.sampled_from(["", "公示\n\n", "\ufeff", "名单\u200b如下：\n"]),
    pad=st.sampled_from(["", " ", "\u3000"]),
    eol=st.sampled_from(["\n", "\r\n"]),
)
def test_generated_tables(rows: list[tuple[str, str, str]], shape: str, lead: str,
                          pad: str, eol: str) -> None:
    body = [["序号", "姓名", "家庭住址", "病情"]]
    body += [[str(i + 1), n, a, h] for i, (n, a, h) in enumerate(rows)]
    text = lead + table(body, shape).replace("\n", pad + eol) + eol + "以上名单公示。" + eol
    expected = []
    for _, a, h in rows:
        if a in ADDRESS_HOUSE:
            expected.append(a)
        if h in HEALTH_SICK:
            expected.append(h)
    report = check(text)
    got = []
    for f in expand_findings(report.findings):
        assert text[f.start:f.end] == f.text
        if f.rule_id.startswith("personal_info.column_"):
            got.append(f.text)
    assert got == expected


TABLE_PIECES = ["姓名", "姓 名", "户主", "家庭住址", "病情", "住院号", "备注", "单位地址", "\t", "\t\t",
                "  ", "\u3000", "|", "---", ",", "，", '"', "\n", "\r\n", "\n\n", "3组12号", "ZY0001",
                "***", "某某", "良好", "尿毒症", "張", "１２號", "\u200b", "\ufeff"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(TABLE_PIECES), st.text(max_size=4)), max_size=40)
       .map("".join))
def test_table_fragments_never_break_the_detector(text: str) -> None:
    report = check(text)
    assert report.warnings == []  # a detector that raised leaves a warning
    for f in report.findings:
        assert text[f.start:f.end] == f.text
        if f.rule_id.startswith("personal_info.column_"):
            assert f.text == f.text.strip() and f.text
