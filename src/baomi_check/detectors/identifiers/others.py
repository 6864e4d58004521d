"""Vehicle plates, e-mail addresses and IP addresses (cn-formats §3.6–3.8).

Catches:
* plates (GA 36-2018): province + authority letter (no I/O) + optional ``·`` + five characters
  (last may be 挂/学/警/港/澳), and 8-character new-energy plates (``沪B·D12345``,
  ``苏E·12345D``).  ``review``; higher confidence next to 车牌/号牌/车辆;
* e-mail addresses: ``review`` for personal mailboxes (a numeric ``@qq.com`` local part also
  discloses a QQ number), ``info`` for official ones (``*.gov.cn``, ``xxgk@`` …);
* IPv4 with valid octets and IPv6 accepted by :mod:`ipaddress`: internal ranges (10/8,
  172.16/12, 192.168/16, 100.64/10, fe80::/10, fc00::/7) are ``review`` (a published document
  should not map an internal network); public addresses are ``review`` next to IP/服务器 context
  and ``info`` otherwise; documentation ranges are ``info``.

Deliberately misses:
* ``京ICP备…`` (I is never an authority letter), ``北京AB1234`` (a place name ending in a province
  character, list in the pack), plates with fewer than three digits, masked plates;
* masked e-mail addresses (``z***@example.com``);
* version strings (``v1.2.3.4``, ``版本1.2.3.4``), section numbers with small octets and no
  context, dotted runs longer than four groups, ``0.0.0.0``/broadcast.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from ...models import Severity
from ..base import Candidate
from .common import PROVINCES, Scan, labels, pii_candidate
from .settings import IdentifierSettings

PLATE = re.compile(
    rf"(?<![0-9A-Za-z])(?P<p>[{PROVINCES}])[A-HJ-NP-Z](?P<sep>[·.•]|\s)?"
    r"(?P<body>[DFABCEGHJK][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DFABCEGHJK]"
    r"|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])(?![0-9A-Za-z])"
)
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)
IPV4 = re.compile(
    r"(?<![0-9A-Za-z.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9A-Za-z])(?!\.[0-9])"
)
IPV6 = re.compile(r"(?<![0-9A-Za-z.])[0-9A-Fa-f:]{2,40}(?![0-9A-Za-z:])")
"""Candidates only; :mod:`ipaddress` decides.  A leading ``:`` may be a label's colon
(``IP：fe80::1`` folds to ``IP:fe80::1``) and is dropped when the rest parses."""
_HEX_COLON = frozenset("0123456789abcdefABCDEF:")
_INTERNAL_V4 = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12",
                                                   "192.168.0.0/16", "100.64.0.0/10",
                                                   "169.254.0.0/16")]
_DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24",
                                               "203.0.113.0/24", "2001:db8::/32")]


class OtherFinder:
    def __init__(self, settings: IdentifierSettings) -> None:
        self.s = settings
        self.policy = settings.mask_policy
        self.place_words = tuple(sorted(settings.plate_place_words, key=len, reverse=True))
        self.inst_domains = tuple(d.lower().lstrip(".") for d in
                                  settings.institutional_email_domains)
        self.inst_locals = {x.lower() for x in settings.institutional_email_locals}

    def find(self, scan: Scan) -> list[Candidate]:
        return self._plates(scan) + self._emails(scan) + self._ips(scan)

    # --- plates ------------------------------------------------------------------------------

    def _plates(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        out: list[Candidate] = []
        if scan.anchors is None:
            matches: Iterable[re.Match[str] | None] = PLATE.finditer(text)
        else:
            # The anchor pass found every letter after a province character; a plate starts at
            # that character, and plates never overlap (a plate holds one province character,
            # its first), so matching there finds what the whole-text search finds.
            matches = (PLATE.match(text, i - 1) for i in scan.anchors.plates)
        for m in matches:
            if m is None:
                continue
            body = m.group("body")
            if sum(c.isdigit() for c in body) < 3:
                continue
            p = m.start("p")
            if any(text.endswith(w, 0, p + 1) for w in self.place_words):
                continue
            if m.group("sep") and m.group("sep") not in "·.• ":
                continue  # a line break or tab is not a plate separator
            a, b = m.span()
            has_ctx, _ = labels(scan, "license_plate", a, b, self.s.context_before,
                                self.s.context_after)
            out.append(
                pii_candidate(
                    rule_id="pii.license_plate", category="license_plate",
                    severity=Severity.REVIEW, start=a, end=b, value=m.group(),
                    message="机动车号牌：与姓名、住址等一起出现时可识别个人，请核实是否需要遮蔽",
                    confidence=0.85 if has_ctx else 0.55, policy=self.policy,
                )
            )
        return out

    # --- e-mail ------------------------------------------------------------------------------

    def _emails(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        if "@" not in text:
            return []
        out: list[Candidate] = []
        seen: set[int] = set()
        n = len(text)
        pos = text.find("@")
        while pos != -1:
            for m in EMAIL.finditer(text, max(0, pos - 64), min(n, pos + 256)):
                a, b = m.span()
                if a in seen or not (a < pos < b):
                    continue
                seen.add(a)
                out.append(self._email(a, b, m.group()))
            pos = text.find("@", pos + 1)
        return out

    def _email(self, a: int, b: int, value: str) -> Candidate:
        local, _, domain = value.rpartition("@")
        domain = domain.lower()
        official = domain.endswith(self.inst_domains) or local.lower() in self.inst_locals
        qq = domain == "qq.com" and local.isdigit()
        if official and not qq:
            sev, conf, msg = Severity.INFO, 0.7, "单位公务邮箱：通常可以公开"
        elif qq:
            sev, conf, msg = Severity.REVIEW, 0.85, "个人QQ邮箱（同时暴露QQ号码）：公开前应去标识化"
        else:
            sev, conf, msg = Severity.REVIEW, 0.75, "电子邮箱地址：如为个人邮箱，公开前应去标识化"
        return pii_candidate(
            rule_id="pii.email", category="email", severity=sev, start=a, end=b, value=value,
            message=msg, confidence=conf, policy=self.policy,
        )

    # --- IP addresses ------------------------------------------------------------------------

    def _ips(self, scan: Scan) -> list[Candidate]:
        text = scan.text
        out: list[Candidate] = []
        for w in scan.windows:
            if text.find(".", w.start, w.end) == -1:
                continue
            for m in IPV4.finditer(text, w.start, w.endpos):
                c = self._ip(scan, m.start(), m.end(), m.group())
                if c is not None:
                    out.append(c)
        seen: set[int] = set()
        n = len(text)
        anchors = scan.anchors
        gates = self._ipv6_gates(text) if anchors is None else _spaced(anchors.colons)
        for gate in gates:
            for m in IPV6.finditer(text, max(0, gate - 40), min(n, gate + 41)):
                a, value = m.start(), m.group()
                if a in seen or (m.end() == gate + 41 and m.end() < n):
                    continue
                seen.add(a)
                if value.startswith(":") and not value.startswith("::"):
                    a, value = a + 1, value[1:]
                if value.count(":") < 2:
                    continue
                c = self._ip(scan, a, m.end(), value)
                if c is not None:
                    out.append(c)
        return out

    @staticmethod
    def _ipv6_gates(text: str) -> list[int]:
        """Colons with a hex digit or another colon on both sides: the only places an IPv6
        address can be.  Chinese text has many colons (``：`` folds to ``:``) but few of these,
        so the IPv6 pattern runs on a handful of small windows instead of the whole text."""
        gates: list[int] = []
        pos = text.find(":")
        last = -100
        while pos != -1:
            if (
                0 < pos < len(text) - 1
                and pos - last > 40
                and text[pos - 1] in _HEX_COLON
                and text[pos + 1] in _HEX_COLON
            ):
                gates.append(pos)
                last = pos
            pos = text.find(":", pos + 1)
        return gates

    def _ip(self, scan: Scan, a: int, b: int, value: str) -> Candidate | None:
        try:
            ip = ipaddress.ip_address(value)
        except ValueError:
            return None
        if ip.is_unspecified or ip.is_multicast or str(ip) == "255.255.255.255":
            return None
        has_ctx, negated = labels(scan, "ip_address", a, b, self.s.context_before,
                                  self.s.context_after)
        if negated:
            return None
        if any(ip in net for net in _DOC_NETS if net.version == ip.version):
            sev, conf, msg = Severity.INFO, 0.5, "文档示例IP地址"
        elif ip.is_loopback:
            sev, conf, msg = Severity.INFO, 0.4, "本机回环地址"
        elif (ip.version == 4 and any(ip in net for net in _INTERNAL_V4)) or (
            ip.version == 6 and (ip.is_link_local or ip.is_private)
        ):
            sev, conf, msg = (
                Severity.REVIEW, 0.85 if has_ctx else 0.7,
                "内网IP地址：公开文件不应暴露内部网络结构",
            )
        elif has_ctx:
            sev, conf, msg = Severity.REVIEW, 0.75, "IP地址：请确认可以公开"
        else:
            if ip.version == 4 and sum(int(x) >= 10 for x in value.split(".")) < 2:
                return None  # 1.2.3.4-like: section numbers, versions
            sev, conf, msg = Severity.INFO, 0.4, "疑似公网IP地址"
        return pii_candidate(
            rule_id="pii.ip_address", category="ip_address", severity=sev, start=a, end=b,
            value=value, message=msg, confidence=conf, policy=self.policy,
        )


def _spaced(colons: list[int]) -> list[int]:
    """The gates among the colons with a hex digit or colon on both sides (the anchor pass's),
    as :meth:`OtherFinder._ipv6_gates` keeps them: more than 40 characters apart."""
    gates: list[int] = []
    last = -100
    for pos in colons:
        if pos - last > 40:
            gates.append(pos)
            last = pos
    return gates
