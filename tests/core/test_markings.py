"""国家秘密标志 and internal-use markings (cn-formats §4.4–4.8)."""

from __future__ import annotations

import pytest

from baomi_check import check


def cats(text: str) -> list[tuple[str, str, str]]:
    return [(f.category, f.severity.value, f.text) for f in check(text).findings]


BODY = "\n关于做好2024年度有关工作的通知\n各单位：\n现将有关事项通知如下。"


@pytest.mark.parametrize(
    ("header", "mark"),
    [
        ("机密★5年", "机密★5年"),
        ("秘密★启用前", "秘密★启用前"),
        ("绝密★长期", "绝密★长期"),
        ("秘密★1年", "秘密★1年"),
        ("机密★会议开始前", "机密★会议开始前"),
        ("秘\u3000密★10年", "秘\u3000密★10年"),
        ("机密 ★ 20年", "机密 ★ 20年"),
        ("机密＊5年", "机密＊5年"),
        ("秘密★6个月", "秘密★6个月"),
        ("机密★2030年12月31日", "机密★2030年12月31日"),
        ("绝密☆启用前", "绝密☆启用前"),
        ("机密\uf0ab5年", "机密\uf0ab5年"),  # symbol-font star from Word/PDF extraction
        ("000023\n机密★5年\n特急", "机密★5年"),
        ("000023  机密★5年  特急", "机密★5年"),
        ("絕密★啟用前", "絕密★啟用前"),  # Traditional
        # Header fields flattened onto the mark's line (tabs, a header table, an exam paper).
        ("绝密★启用前\u3000\u3000\u3000试卷类型：A", "绝密★启用前"),
        ("份号：000023\t机密★5年\t特急", "机密★5年"),
        ("机密★5年\t\t份号：000023", "机密★5年"),
        ("秘密★五年", "秘密★五年"),  # period in Chinese numerals
        ("机密★十年\n特急", "机密★十年"),
        ("密级\t机密★1年\t份号\t000123", "机密★1年"),  # a header table flattened
        # Stars as PDF text layers deliver them.
        ("机密∗5年", "机密∗5年"),
        ("机密✱5年", "机密✱5年"),
        ("秘密⋆启用前", "秘密⋆启用前"),
        ("绝密✪长期", "绝密✪长期"),
    ],
)
def test_header_marks_block(header: str, mark: str) -> None:
    report = check(header + BODY)
    found = [f for f in report.findings if f.category == "classified_marking"]
    assert report.verdict == "block"
    assert [f.text for f in found] == [mark]
    assert found[0].severity.value == "block"
    assert found[0].line == header.split("\n").index(mark.split("\n")[0]) + 1 if "\n" in header \
        else found[0].line == 1


@pytest.mark.parametrize(
    "header",
    [
        "绝密★启用前 考试结束后由监考员收回",  # a sentence after the mark, not a header field
        "机密★5年 份号不详",
        "秘密★五年级学生名单",
    ],
)
def test_mark_with_prose_on_its_line_is_review_not_block(header: str) -> None:
    found = [f for f in check(header + BODY).findings if f.category == "classified_marking"]
    assert [f.severity.value for f in found] == ["review"], [(f.rule_id, f.text) for f in found]


def test_header_fields_on_a_body_line_do_not_make_a_block() -> None:
    text = "正文。\n" * 8 + "000023  机密★5年  特急"
    found = [f for f in check(text).findings if f.category == "classified_marking"]
    assert [(f.severity.value, f.text) for f in found] == [("review", "机密★5年")]


def test_starless_header_line_blocks() -> None:
    assert ("classified_marking", "block", "机密 5年") in cats("机密 5年" + BODY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("秘密" + BODY, ("classified_marking", "review", "秘密")),
        ("正文第一段。\n" * 8 + "（秘密）本段涉及具体部署。", ("classified_marking", "review", "（秘密）")),
        ("正文第一段。\n" * 8 + "该文件标注“机密★5年”字样。",
         ("classified_marking", "review", "机密★5年")),
        ("工作秘密" + BODY, ("internal_marking", "block", "工作秘密")),
        ("警务工作秘密" + BODY, ("internal_marking", "block", "警务工作秘密")),
        ("内部资料\u3000注意保存" + BODY, ("internal_marking", "block", "内部资料\u3000注意保存")),
        ("内部明电" + BODY, ("internal_marking", "block", "内部明电")),
        ("正文。\n（此件不公开）", ("internal_marking", "block", "（此件不公开）")),
        ("正文。\n（此件不得翻印）", ("internal_marking", "review", "此件不得翻印")),
        ("关于印发某某办法（征求意见稿）的通知" + BODY,
         ("internal_marking", "review", "征求意见稿")),
    ],
)
def test_review_and_internal_markings(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "加强保密工作，严守国家秘密。",
        "保密法第九条规定，下列涉及国家安全和利益的事项应当确定为国家秘密。",
        "采用无记名秘密投票方式进行选举。",
        "信息系统的机密性、完整性和可用性应当得到保障。",
        "加强商业秘密保护。",
        "（此件公开发布）",
        "机密✱✱✦■◆",  # star-like noise is noise whatever the code point
        "建立健全内部控制制度和内部审计制度。",
        "秘书科负责会务。",
        "涉及国家秘密的，依照有关规定办理。",
        "本案查获标“机密”4份、标“秘密”6份文件。",
        "依法加强工作秘密管理，不得泄露工作秘密。",
        "国内参加比赛的运动员",
        "内部资料性出版物管理办法",
        "现将《某某管理办法（征求意见稿）》全文公布，公开征求社会意见。" * 3,
    ],
)
def test_false_friends_stay_clean(text: str) -> None:
    report = check("正文。\n" * 8 + text)
    assert report.findings == [], [(f.rule_id, f.text) for f in report.findings]


@pytest.mark.parametrize("text", ["“机密★★★■◆■”", "机密★★★■◆■"])
def test_level_word_with_mixed_noise_is_spam_noise_not_a_mark(text: str) -> None:
    """cn-formats §4.8 and §6: hacked pages insert ★◆■ noise; after a level word it is no
    secrecy mark, but the noise itself is reported (found by the blind held-out corpus)."""
    found = {(f.category, f.rule_id) for f in check("正文。\n" * 8 + text).findings}
    assert found == {("spam", "spam.noise_symbols")}


def test_false_friends_in_header_zone_too() -> None:
    for text in ("加强保密工作，严守国家秘密。", "采用秘密投票方式", "信息系统的机密性"):
        assert check(text).findings == []


def test_declassified_mark_is_review() -> None:
    report = check("机密★10年\n（已解密）" + BODY)
    assert [(f.severity.value, f.rule_id) for f in report.findings] == [
        ("review", "marking.classified_declassified")
    ]


def test_attachment_starts_a_new_header_zone() -> None:
    text = "正文。\n" * 20 + "附件1\n秘密★启用前\n考试试卷"
    report = check(text)
    assert [(f.severity.value, f.text) for f in report.findings] == [("block", "秘密★启用前")]


def test_spam_noise_stars_with_text_are_not_marks() -> None:
    text = "依法公开★◆■★政府信息■◆★，不予公开◆★■"
    assert not [f for f in check(text).findings if f.category == "classified_marking"]
