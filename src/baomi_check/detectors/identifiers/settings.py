"""The ``identifiers:`` settings section of a rule pack, validated with pydantic.

Everything about identifiers that is *knowledge about the world* rather than algorithm lives in
``rules/identifiers.yaml``: context words, the MIIT mobile number-block table (it changes; it
carries its date), public service numbers, area codes with 8-digit local numbers, documentation
sample numbers, the mask policy and the severity knobs.  A user's pack may override any key;
later files win key by key, and for the ``context`` mapping category by category.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ...mask import MaskPolicy
from ...rulepack import RulePack, validate_section


class MobileBlocks(BaseModel):
    """Allocated mobile number blocks (号段), as 3- or 4-digit prefixes."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    as_of: date
    source: str
    prefixes: list[str] = Field(min_length=1)
    iot_13_digit: list[str] = Field(default_factory=list)
    """Prefixes of 13-digit IoT numbers (devices, not people): never reported."""


class ServiceNumbers(BaseModel):
    """Public service numbers: never personal, never reported."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    exact: list[str] = Field(default_factory=list)
    prefixes: dict[str, list[int]] = Field(default_factory=dict)
    """Prefix → allowed total digit counts (``"95": [5, 6]``, ``"400": [10]``)."""


class IdentifierSettings(BaseModel):
    """Validated ``identifiers:`` section (every field has a default so packs may be partial)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    context: dict[str, list[str]] = Field(default_factory=dict)
    """Context words per key: a category name, ``negative`` (labels of things that are *not*
    personal identifiers: 订单号, 准考证号 …), ``person_list`` (words that make a line a roster
    of people), ``institution`` (organisation names for accounts and mailboxes)."""
    context_before: int = Field(default=20, ge=0, le=200)
    context_after: int = Field(default=8, ge=0, le=200)
    mask_policy: MaskPolicy = Field(default_factory=MaskPolicy)
    mobile_blocks: MobileBlocks | None = None
    service_numbers: ServiceNumbers = Field(default_factory=ServiceNumbers)
    landline_8_digit_areas: list[str] = Field(default_factory=list)
    sample_numbers: list[str] = Field(default_factory=list)
    """Published documentation samples (GB 11643 examples …): reported as ``info``."""
    amount_units: list[str] = Field(default_factory=lambda: ["元", "万", "亿", "%"])
    """Words after a number that make it an amount or a quantity, not an identifier."""
    plate_place_words: list[str] = Field(default_factory=list)
    """Place names that end in a plate province character (北京, 南京, 天津 …)."""
    institution_suffixes: list[str] = Field(default_factory=list)
    """Endings of organisation names (局, 中心, 公司 …): an account whose 户名 is an organisation
    is the organisation's published collection account (info), not a person's (review)."""
    account_holder_labels: list[str] = Field(default_factory=lambda: ["户名"])
    """Labels of the account holder's name (户名, 收款单位, 账户名称 …).  The holder is looked up
    on the account's line and the few lines above it, because 招标公告 and 缴费通知 put 户名,
    开户行 and 账号 on separate lines."""
    institutional_email_domains: list[str] = Field(default_factory=list)
    institutional_email_locals: list[str] = Field(default_factory=list)
    mobile_list_min_lines: int = Field(default=5, ge=2)
    """This many lines carrying a personal mobile make the document a list of people."""
    id_year_min: int = Field(default=1850, ge=1800)
    """Birth years before this are not dates of living or dead holders."""


def _merge(base: dict[str, Any], over: BaseModel) -> dict[str, Any]:
    for key in over.model_fields_set:
        value = getattr(over, key)
        if key == "context" and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def load_settings(pack: RulePack) -> IdentifierSettings:
    """The pack's ``identifiers`` sections merged and validated, through the on-disk cache.

    Validating builds pydantic's validators for five models, which costs more than the rest of
    a small file's start-up; the validated result is keyed by the sections' data and this
    module's source, so any edit of either revalidates (and a broken section still raises with
    its file and line, because errors are never cached)."""
    from ... import cache

    sections = [(data, file) for data, file, _ in pack.sections.get("identifiers", [])]
    try:
        data = json.dumps(sections, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # pragma: no cover - YAML gives JSON-compatible data
        return _validated(pack)
    models = (sys.modules[__name__], sys.modules[MaskPolicy.__module__])
    digest = cache.key("idsettings", data, cache.source_digest(*models))
    return cache.cached("idsettings", digest, lambda: _validated(pack))


def _validated(pack: RulePack) -> IdentifierSettings:
    """The pack's ``identifiers`` sections merged in load order (later files win)."""
    merged: dict[str, Any] = {}
    for section in validate_section(IdentifierSettings, pack, "identifiers"):
        merged = _merge(merged, section)
    return IdentifierSettings.model_validate(
        {k: (v.model_dump() if isinstance(v, BaseModel) else v) for k, v in merged.items()}
    )
