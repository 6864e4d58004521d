"""Plates, e-mail addresses, IP addresses (cn-formats §3.6–3.8, §3.12)."""

from __future__ import annotations

import pytest

from baomi_check.models import Severity

from .conftest import Find

PLATES = ["京A·12345", "京A12345", "京A·1234警", "粤Z·1234港", "沪B·D12345", "粤B·DF1234",
          "苏E·12345D", "川A 12345"]


@pytest.mark.parametrize("plate", PLATES)
def test_plates_are_review(find: Find, plate: str) -> None:
    (f,) = find(f"车牌号为{plate}的车辆", "license_plate")
    assert f.text == plate and f.severity is Severity.REVIEW
    assert f.suggestion.startswith(plate[:2]) and f.suggestion.endswith(plate[-1])


@pytest.mark.parametrize(
    "text",
    [
        "京I·12345",
        "京A·O1234",
        "京A·123456",
        "京ICP备12345678号",
        "沪ICP备2021000000号-1",
        "北京AB1234",
        "南京AB1234",
        "增值电信业务经营许可证：粤B2-20090059",
        "京A·1**45",  # masked
        "京ABCDE",
    ],
)
def test_plate_look_alikes(find: Find, text: str) -> None:
    assert find(text, "license_plate") == []


def test_context_raises_plate_confidence(find: Find) -> None:
    (bare,) = find("京A12345", "license_plate")
    (ctx,) = find("号牌京A12345", "license_plate")
    assert ctx.confidence > bare.confidence


@pytest.mark.parametrize(
    "addr,severity",
    [
        ("zhangsan@example.com", Severity.REVIEW),
        ("10000000@qq.com", Severity.REVIEW),
        ("xxgk@example.gov.cn", Severity.INFO),
        ("bgs@example.com", Severity.INFO),
        ("someone@dept.example.edu.cn", Severity.INFO),
    ],
)
def test_email(find: Find, addr: str, severity: Severity) -> None:
    (f,) = find(f"来信请寄{addr}。", "email")
    assert f.text == addr and f.severity is severity
    assert f.suggestion.endswith(addr[addr.index("@"):])
    assert f.suggestion[0] == addr[0] and "*" in f.suggestion


def test_qq_mail_message(find: Find) -> None:
    (f,) = find("邮箱10000000@qq.com", "email")
    assert "QQ" in f.message


@pytest.mark.parametrize("text", ["z***@example.com", "@example.com", "a@b", "张三@例子.中国"])
def test_email_look_alikes(find: Find, text: str) -> None:
    assert find(text, "email") == []


@pytest.mark.parametrize(
    "ip,severity",
    [
        ("10.0.0.1", Severity.REVIEW),
        ("172.16.5.4", Severity.REVIEW),
        ("192.168.1.1", Severity.REVIEW),
        ("8.8.8.8", Severity.REVIEW),  # with IP context
        ("2001:db8::1", Severity.INFO),  # documentation range
        ("fe80::1", Severity.REVIEW),  # link-local
    ],
)
def test_ip_addresses(find: Find, ip: str, severity: Severity) -> None:
    (f,) = find(f"服务器IP：{ip}，", "ip_address")
    assert f.text == ip and f.severity is severity
    assert "*" in f.suggestion


def test_public_ip_without_context_is_info(find: Find) -> None:
    (f,) = find("访问 202.96.128.86 即可", "ip_address")
    assert f.severity is Severity.INFO


@pytest.mark.parametrize(
    "text",
    [
        "256.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        "v1.2.3.4",
        "版本1.2.3.4",
        "软件版本 10.2.3.4",
        "第1.2.3.4条",
        "12:30:45",
        "2024.01.02",
        "0.0.0.0",
    ],
)
def test_ip_look_alikes(find: Find, text: str) -> None:
    assert find(text, "ip_address") == []
