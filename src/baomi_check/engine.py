"""The pipeline in one place: normalize → detect → resolve → report.

A :class:`Checker` compiles the rule pack once (automaton, regexes, tables) and is then cheap to
call many times; :func:`check` uses one cached default checker per process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from .budget import BudgetExceeded, Deadline
from .cache import load_pack as cached_pack
from .config import CheckConfig
from .detectors import DEFAULT_DETECTORS, Candidate, Detector
from .models import Report, category_counts, group_repeats, verdict_for
from .normalize import Normalized, PinyinPolicy, normalize
from .resolve import masked_records, resolve
from .rulepack import RuleError, RulePack, builtin_rules_dir

log = logging.getLogger(__name__)

class _Unset:
    """Marker type of "argument not given" (``None`` already means "no time limit")."""


_UNSET = _Unset()

LARGE_TEXT_CHARS = 2_000_000
"""Texts longer than this are checked in overlapping windows (:mod:`baomi_check.chunked`)."""


class Checker:
    """A compiled rule pack plus settings; thread-safe to call."""

    def __init__(
        self,
        pack: RulePack | None = None,
        config: CheckConfig | None = None,
        detectors: list[type[Detector]] | None = None,
    ) -> None:
        self.config = config or CheckConfig.model_construct()
        self.pack = pack if pack is not None else cached_pack(builtin_rules_dir())
        self._pinyin = PinyinPolicy(self.config.pinyin_min_count, self.config.pinyin_per_chars)
        self.detectors = build_detectors(self.pack, self.config, detectors or DEFAULT_DETECTORS)

    @classmethod
    def default(cls) -> Checker:
        """The built-in pack with default settings, built once per process."""
        global _default
        if _default is None:
            with _default_lock:
                if _default is None:
                    _default = cls()
        return _default

    @classmethod
    def from_rules(
        cls, *paths: str | Path, replace: bool = False, config: CheckConfig | None = None
    ) -> Checker:
        """The built-in pack extended by the user's packs (or replaced, with ``replace=True``).

        Raises :class:`~baomi_check.rulepack.RuleError` naming file and line of every problem."""
        user = cached_pack(*paths)
        pack = user if replace else cached_pack(builtin_rules_dir()).extend(user)
        return cls(pack, config)

    def candidates(self, doc: Normalized, deadline: Deadline | None = None) -> list[Candidate]:
        """Every detector's candidates; once ``deadline`` has passed no further detector is
        started and the document is marked failed (an incomplete review, never a pass)."""
        found: list[Candidate] = []
        for det in self.detectors:
            if deadline is not None and deadline.expired():
                if deadline.warning() not in doc.warnings:
                    doc.warnings.append(deadline.warning())
                doc.failed.append("timeout")
                break
            try:
                found.extend(det.detect(doc))
            except BudgetExceeded:
                raise  # a hard time limit: the work must stop, not go on with other detectors
            except Exception as exc:  # a detector bug must not lose the whole review
                msg = f"检测器 {det.name} 出错：{type(exc).__name__}: {exc}"
                # The traceback goes to the debug log only: the report carries the warning, and
                # a traceback on a user's terminal reads as a crash of the whole run.
                log.debug(msg, exc_info=True)
                doc.warnings.append(msg)
                doc.failed.append(det.name)
        return found

    def check(
        self,
        text: str,
        source: str | None = None,
        *,
        timeout: float | _Unset | None = _UNSET,
        ocr: Sequence[tuple[int, int]] = (),
        header: Sequence[tuple[int, int]] = (),
    ) -> Report:
        """Review one text.  Never raises on a ``str``; anything else is a ``TypeError``.

        ``timeout`` (seconds; default ``config.timeout``, 60; ``None`` or ``0``: no limit) is
        the time budget of this call.  When it runs out the engine stops starting new work and
        returns an *incomplete* report: ``incomplete=True``, a warning that says the check
        timed out, the findings made so far, and a verdict that is never ``pass``.

        ``ocr`` and ``header`` are what a reader knows about a recognised (OCR) document: the
        spans that were recognised (number runs there are repaired for misread digits before
        detection) and the spans that are a page's header zone (see :func:`normalize`)."""
        if not isinstance(text, str):
            raise TypeError(
                f"check() expects str, got {type(text).__name__}; decode bytes first "
                "(the command line detects encodings for files)"
            )
        deadline = Deadline(self.config.timeout if isinstance(timeout, _Unset) else timeout)
        if len(text) > LARGE_TEXT_CHARS:
            # Views and offset maps of a huge text would take several times its size; windows
            # keep memory flat and report exactly the same findings (see chunked.py).
            from .chunked import check_large

            return check_large(text, checker=self, source=source, deadline=deadline)
        t0 = time.perf_counter()
        doc = normalize(text, self._pinyin, ocr, header)
        # Repeats are one finding (same rule, severity and evidence): count + occurrences.
        findings = group_repeats(resolve(doc, self.candidates(doc, deadline)))
        stats: dict[str, int | float] = {
            "chars": len(text),
            **category_counts(findings),
            "elapsed_ms": round((time.perf_counter() - t0) * 1000, 3),
        }
        incomplete = bool(doc.failed)
        report = Report.model_construct(
            source=source,
            verdict=verdict_for(findings, incomplete),
            findings=findings,
            stats=stats,
            warnings=list(doc.warnings),
            incomplete=incomplete,
        )
        report._masked = masked_records(doc)
        return report


def build_detectors(
    pack: RulePack, config: CheckConfig, kinds: list[type[Detector]]
) -> list[Detector]:
    """Every detector built from ``pack``; the settings-section problems of *all* of them are
    raised together as one :class:`~baomi_check.rulepack.RuleError` (fixing a pack one error per
    run is how users give up on a tool)."""
    built: list[Detector] = []
    problems: list[str] = []
    for kind in kinds:
        try:
            built.append(kind.build(pack, config))
        except RuleError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RuleError(problems)
    return built


_default: Checker | None = None
_default_lock = threading.Lock()


def check(
    text: str, source: str | None = None, *, timeout: float | _Unset | None = _UNSET
) -> Report:
    """Review ``text`` with the built-in rule pack (``timeout``: see :meth:`Checker.check`)."""
    return Checker.default().check(text, source, timeout=timeout)
