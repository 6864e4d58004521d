"""Baselines: accept the findings a team has already reviewed, report only new ones.

A baseline is a JSON file of entries ``(rule_id, path, value_hmac, count)``.  It is
*line-agnostic*: editing a draft above a known finding does not make it "new" again, because the
entry names the value, not the position.  ``count`` keeps the matching honest: when a file held
the same value twice and now holds it three times, the third occurrence is reported.

Why keyed hashes (HMAC-SHA256) and never plain values or bare SHA-256: a baseline is committed
next to the documents and read by anyone with the repository, and the value spaces of what it
records are tiny — about 10^8 mobile numbers per prefix, about 10^9 plausible ID numbers for a
known region and birth year.  An unsalted hash of such a value is reversed in seconds by
enumeration.  With a secret key the entries reveal nothing without the key.

The key comes from the environment variable ``BAOMI_CHECK_BASELINE_KEY`` (for CI: store it as a
secret) or from a key file ``.baomi-check.key`` next to the baseline, created with mode 0600 on
the first ``--update-baseline``.  Keep that file out of version control (add it to
``.gitignore``) when the repository is shared more widely than the documents.

The same keyed hash serves the SARIF ``partialFingerprints`` and ``hmac:`` entries of allow-lists,
so a value has one stable, non-reversible name everywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .models import (
    IDENTIFIER_CATEGORIES,
    FileResult,
    Finding,
    Report,
    expand_findings,
    group_repeats,
)
from .normalize import normalize

KEY_ENV = "BAOMI_CHECK_BASELINE_KEY"
KEY_FILE_NAME = ".baomi-check.key"
BASELINE_VERSION = 1
EXIT_BASELINE_REWRITTEN = 3
"""Exit status of ``--update-baseline`` when the file's content changed (CI can fail on drift)."""

_ID_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－.·•()（）/]+")
_PHONE_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1\d{10}$)")
_HMAC_DOMAIN = b"baomi-check/value/v1\x00"


class BaselineError(Exception):
    """A baseline or key file that cannot be read or written; the message says which and why."""


def normalized_value(finding: Finding) -> str:
    """The form of a finding's evidence that baselines, allow-lists and fingerprints compare.

    Identifiers lose their separators and width/case variants (``138-0000-0000``, ``１３８ 0000
    0000`` and ``+86 13800000000`` are one value); wording findings compare on the term view
    (lower-cased, Traditional folded to Simplified, noise between Han characters dropped), so
    ``機密`` and ``机 密`` name the same entry."""
    return normalize_value(finding.category, finding.text)


def normalize_value(category: str, text: str) -> str:
    """:func:`normalized_value` for a bare ``(category, text)`` pair (allow-list entries)."""
    doc = normalize(text, None)
    if category in IDENTIFIER_CATEGORIES:
        value = _ID_SEPARATORS.sub("", doc.text).upper()
        if category == "mobile_phone":
            value = _PHONE_PREFIX.sub("", value)
        if category == "email":
            value = value.lower()
        return value
    return re.sub(r"\s+", "", doc.terms)


def value_hmac(key: bytes, value: str) -> str:
    """HMAC-SHA256 (hex) of an already normalized value under ``key``."""
    return hmac.new(key, _HMAC_DOMAIN + value.encode("utf-8"), hashlib.sha256).hexdigest()


def finding_hmac(key: bytes, finding: Finding) -> str:
    return value_hmac(key, normalized_value(finding))


def key_id(key: bytes) -> str:
    """A short public name of a key, stored in the baseline to detect a key mismatch.

    Derived with HMAC so it says nothing about the key itself."""
    return hmac.new(key, b"baomi-check/key-id", hashlib.sha256).hexdigest()[:16]


def key_file_for(baseline_path: str | Path) -> Path:
    return Path(baseline_path).resolve().parent / KEY_FILE_NAME


def _parse_key(raw: str, origin: str) -> bytes:
    raw = raw.strip()
    if not raw:
        raise BaselineError(f"{origin}: the key is empty")
    if re.fullmatch(r"[0-9a-fA-F]{32,}", raw) and len(raw) % 2 == 0:
        return bytes.fromhex(raw)
    if len(raw) < 16:
        raise BaselineError(f"{origin}: a key needs at least 16 characters (64 hex digits advised)")
    return raw.encode("utf-8")


def load_key(
    baseline_path: str | Path | None = None, *, create: bool = False, key_file: Path | None = None
) -> bytes | None:
    """The baseline key: ``$BAOMI_CHECK_BASELINE_KEY``, else the key file, else ``None``.

    With ``create=True`` a missing key file is generated (32 random bytes, hex, mode 0600)."""
    env = os.environ.get(KEY_ENV)
    if env:
        return _parse_key(env, f"${KEY_ENV}")
    path = key_file or (key_file_for(baseline_path) if baseline_path is not None else None)
    if path is None:
        path = Path.cwd() / KEY_FILE_NAME
    if path.is_file():
        try:
            raw = path.read_text("utf-8")
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read the key file: {exc}") from exc
        if raw.strip() or not create:
            if not raw.strip():
                raise BaselineError(
                    f"{path}：基线密钥文件是空的（可能是上次生成时被中断）。它不可能已被用于任何"
                    "基线；删除它后用 --update-baseline 重新生成即可"
                )
            return _parse_key(raw, str(path))
        # An empty key file (a run killed while writing it, before creation was atomic) was
        # never used to hash anything: replacing it loses nothing.
    if not create:
        return None
    return _create_key(path)


def _create_key(path: Path) -> bytes:
    """Write a new key file atomically: a complete temporary file (mode 0600, flushed to disk)
    is linked into place, so a crash at any moment leaves either no key file or a whole one
    (issue 11 A.9), and a key another process created meanwhile is kept, not overwritten."""
    key = secrets.token_bytes(32)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key.hex() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        if path.is_file() and not path.read_text("utf-8").strip():
            os.replace(tmp, path)  # the empty leftover of an interrupted run
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:  # created by a concurrent run: use that one
                return _parse_key(path.read_text("utf-8"), str(path))
            except OSError:  # no hard links on this file system
                if path.exists():
                    return _parse_key(path.read_text("utf-8"), str(path))
                os.replace(tmp, path)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot create the key file: {exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return key


@dataclass(frozen=True)
class BaselineEntry:
    rule_id: str
    path: str
    value_hmac: str
    count: int = 1


@dataclass
class Baseline:
    """Known findings, keyed by rule, path and the keyed hash of the value."""

    key: bytes
    root: Path
    """Paths are stored relative to this folder (the baseline's), so the file works from any
    working directory."""
    entries: dict[tuple[str, str, str], int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    # -- paths ------------------------------------------------------------------------------
    def path_key(self, path: str) -> str:
        """``path`` relative to the baseline's folder, POSIX style; absolute when outside."""
        p = Path(path)
        try:
            resolved = p.resolve()
        except OSError:
            return p.as_posix()
        try:
            return resolved.relative_to(self.root).as_posix()
        except ValueError:
            return resolved.as_posix()

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def empty(cls, baseline_path: str | Path, key: bytes) -> Baseline:
        return cls(key=key, root=Path(baseline_path).resolve().parent)

    def add(self, path: str, findings: Iterable[Finding]) -> None:
        pk = self.path_key(path)
        for f in findings:
            k = (f.rule_id, pk, finding_hmac(self.key, f))
            # A repeated finding counts every occurrence: the baseline's count is the number of
            # places, as it was before repeats were grouped, so old baselines still match.
            self.entries[k] = self.entries.get(k, 0) + f.count

    @classmethod
    def from_results(
        cls, baseline_path: str | Path, key: bytes, results: Iterable[FileResult]
    ) -> Baseline:
        base = cls.empty(baseline_path, key)
        for r in results:
            if r.report is not None:
                base.add(r.path, r.report.findings)
        return base

    # -- files ------------------------------------------------------------------------------
    def to_json(self) -> str:
        rows = [
            {"rule_id": rule, "path": path, "value_hmac": h, "count": n}
            for (rule, path, h), n in sorted(self.entries.items())
        ]
        doc = {
            "version": BASELINE_VERSION,
            "tool": "baomi-check",
            "hash": "hmac-sha256",
            "key_id": key_id(self.key),
            "entries": rows,
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def save(self, baseline_path: str | Path) -> bool:
        """Write the baseline; ``True`` when the file's content changed (or it is new)."""
        path = Path(baseline_path)
        new = self.to_json()
        try:
            old = path.read_text("utf-8") if path.is_file() else None
        except OSError:
            old = None
        if old == new:
            return False
        tmp = path.with_name(path.name + ".tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(new, encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise BaselineError(f"{path}: cannot write the baseline: {exc}") from exc
        return True

    @classmethod
    def load(cls, baseline_path: str | Path, key: bytes | None = None) -> Baseline:
        """Read a baseline.  A missing key is an error: entries cannot be matched without it."""
        path = Path(baseline_path)
        try:
            raw = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise BaselineError(
                f"{path}: no such baseline (create it with --update-baseline)"
            ) from None
        except (OSError, ValueError) as exc:
            raise BaselineError(f"{path}: not a readable baseline: {exc}") from exc
        if not isinstance(raw, dict) or raw.get("version") != BASELINE_VERSION:
            raise BaselineError(f"{path}: unsupported baseline (expected version 1)")
        if key is None:
            key = load_key(path)
        if key is None:
            raise BaselineError(
                f"{path}: no key to read it: set ${KEY_ENV} or provide {key_file_for(path)}"
            )
        base = cls.empty(path, key)
        if raw.get("key_id") and raw.get("key_id") != key_id(key):
            base.warnings.append(
                f"{path}: 基线文件由另一个密钥生成，已知结果无法匹配（检查 ${KEY_ENV} 或密钥文件）"
            )
        entries = raw.get("entries")
        if not isinstance(entries, list):
            raise BaselineError(f"{path}: 'entries' must be a list")
        for i, e in enumerate(entries):
            try:
                k = (str(e["rule_id"]), str(e["path"]), str(e["value_hmac"]))
                n = int(e.get("count", 1))
            except (KeyError, TypeError, ValueError) as exc:
                raise BaselineError(f"{path}: entry {i}: malformed ({exc})") from exc
            if not re.fullmatch(r"[0-9a-f]{64}", k[2]):
                raise BaselineError(f"{path}: entry {i}: value_hmac is not an HMAC-SHA256 digest")
            base.entries[k] = base.entries.get(k, 0) + max(n, 1)
        return base

    # -- filtering --------------------------------------------------------------------------
    def filter_report(self, path: str, report: Report) -> tuple[Report, list[Finding]]:
        """The report without known findings, and the known findings that were dropped.

        Occurrences are consumed in document order, so surplus occurrences stay reported: a
        value known twice and now present three times is reported with its third place only
        (a new place of a known value is a new leak, not the reviewed one)."""
        pk = self.path_key(path)
        budget: Counter[tuple[str, str, str]] = Counter()
        kept: list[Finding] = []
        known: list[Finding] = []
        for f in expand_findings(report.findings):
            k = (f.rule_id, pk, finding_hmac(self.key, f))
            if budget[k] < self.entries.get(k, 0):
                budget[k] += 1
                known.append(f)
            else:
                kept.append(f)
        if not known:
            return report, []
        return report_with_findings(report, group_repeats(kept)), known

    def filter(self, result: FileResult) -> tuple[FileResult, list[Finding]]:
        if result.report is None:
            return result, []
        report, known = self.filter_report(result.path, result.report)
        if not known:
            return result, []
        return result.model_copy(update={"report": report}), known


def report_with_findings(report: Report, findings: list[Finding]) -> Report:
    """A copy of ``report`` holding ``findings``, with verdict and counts recomputed.

    Suppressions and baselines remove findings after the engine ran; the verdict and the
    per-category counts must follow, or a fully suppressed file would still "block"."""
    return report.with_findings(findings)


def update_baseline(
    baseline_path: str | Path, results: Iterable[FileResult], key: bytes | None = None
) -> bool:
    """Rewrite the baseline from ``results``; ``True`` when its content changed.

    Entries of files this run did not check are kept while the file still exists: a run over
    some of the files (the pre-commit hook's staged files, one folder) or a file that could not
    be read this time must not erase what is known about the others — their findings would all
    come back as new.  Entries of deleted files are dropped.  A baseline that cannot be read,
    or was made with another key, is rebuilt from this run alone.

    The key file is created next to the baseline when neither it nor the environment variable
    provides one."""
    if key is None:
        key = load_key(baseline_path, create=True)
    assert key is not None
    results = list(results)
    fresh = Baseline.from_results(baseline_path, key, results)
    old: Baseline | None = None
    if Path(baseline_path).is_file():
        try:
            old = Baseline.load(baseline_path, key)
        except BaselineError:
            old = None
    if old is not None and not old.warnings:
        checked = {fresh.path_key(r.path) for r in results if r.report is not None}
        for (rule, pk, h), n in old.entries.items():
            if pk not in checked and (fresh.root / pk).exists():
                fresh.entries[(rule, pk, h)] = n
    return fresh.save(baseline_path)
