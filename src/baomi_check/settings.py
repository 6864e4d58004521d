"""Project configuration for the command line: ``.baomi-check.toml`` or ``[tool.baomi-check]``.

Discovery walks from the working directory upwards and takes the first of, per folder,
``.baomi-check.toml`` (the whole file is the configuration) and ``pyproject.toml`` *with* a
``[tool.baomi-check]`` table (a ``pyproject.toml`` without one is passed over, as ruff and black
do, so a sub-package does not hide the repository's configuration).  Paths in the file (rule
folders) are relative to the file, so the same configuration works from any subfolder and from
the pre-commit hook, which runs at the repository root.

Precedence: built-in defaults < configuration file < command-line flags.  Unknown keys are an
error naming the file: a misspelt ``fail_on`` that silently did nothing would make a
confidentiality gate quietly weaker.

Keys (kebab-case; snake_case accepted)::

    rules = ["rules/local"]      # extra rule packs (or replace the built-in one, see below)
    replace-rules = false
    terms = ["涉密关键词.txt"]     # plain keyword lists (.txt/.csv/.xlsx) as sensitive_term rules
    terms-severity = "block"     # severity of their hits: block | review | info
    fail-on = "block"            # block | review | info
    include = ["*.md", "*.docx"] # files picked up in folders (default: supported extensions)
    exclude = ["drafts/old/*"]   # added to the built-in excludes (.git, node_modules, ~$*)
    show-values = false          # mask policy of the outputs: false = masked identifiers
    format = "text"
    jobs = 4                     # default: every core, or one for a few small files
    serial-below = "256KB"       # pool start-up cost in bytes of checking (see batch.choose_jobs)
    max-file-size = "50MB"
    timeout = 60                 # seconds per file (per page for recognised pages)
    ocr = "auto"                 # auto | always | never: text recognition of scans and images
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .models import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_FILE = ".baomi-check.toml"
Format = Literal["text", "json", "jsonl", "csv", "sarif", "html"]


class SettingsError(ValueError):
    """The configuration file is malformed; the message names the file."""


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)


def parse_size(value: str | int) -> int:
    """``"50MB"``, ``"500k"``, ``"2G"``, ``1048576`` → bytes (binary multiples)."""
    if isinstance(value, int):
        if value <= 0:
            raise ValueError("size must be positive")
        return value
    m = _SIZE.match(value)
    if not m:
        raise ValueError(f"not a size: {value!r} (examples: 500KB, 50MB, 1GB)")
    mult = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[m.group(2).lower()]
    size = int(float(m.group(1)) * mult)
    if size <= 0:
        raise ValueError("size must be positive")
    return size


class Settings(BaseModel):
    """The merged settings of one command-line run."""

    model_config = ConfigDict(
        defer_build=True, extra="forbid", populate_by_name=True, validate_assignment=True
    )

    rules: list[str] = Field(default_factory=list)
    replace_rules: bool = Field(default=False, alias="replace-rules")
    terms: list[str] = Field(default_factory=list)
    terms_severity: Severity = Field(default=Severity.BLOCK, alias="terms-severity")
    fail_on: Severity = Field(default=Severity.BLOCK, alias="fail-on")
    min_severity: Severity = Field(default=Severity.INFO, alias="min-severity")
    """Findings below this are not listed in the report (counts and exit codes still see
    them)."""
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    show_values: bool = Field(default=False, alias="show-values")
    format: Format = "text"
    jobs: int | None = Field(default=None, ge=1)
    serial_below: int | None = Field(default=None, alias="serial-below")
    """Without ``jobs``: what starting a process pool costs, as a size of files one process
    checks meanwhile; a batch whose pool would not save more than that runs in one process.
    ``None``: the measured figure, :data:`baomi_check.batch.POOL_START_BYTES` (see
    :func:`baomi_check.batch.choose_jobs`)."""
    max_file_size: int = Field(default=50 * 1024 * 1024, alias="max-file-size")
    timeout: float | None = Field(default=60.0, gt=0)
    ocr: Literal["auto", "always", "never"] = "auto"
    """Text recognition (OCR) of scanned PDF pages and images (the ``[ocr]`` extra)."""
    source: str | None = Field(default=None, exclude=True)
    """The configuration file these settings came from, if any (shown with ``--verbose``)."""

    @field_validator("fail_on", "terms_severity", "min_severity", mode="before")
    @classmethod
    def _severity(cls, v: Any) -> Any:
        return Severity.parse(v) if isinstance(v, str) else v

    @field_validator("max_file_size", "serial_below", mode="before")
    @classmethod
    def _size(cls, v: Any) -> Any:
        return parse_size(v) if isinstance(v, (str, int)) and not isinstance(v, bool) else v

    @field_validator("rules", "terms", "include", "exclude", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration at or above ``start`` (default: the working directory)."""
    folder = (start or Path.cwd()).resolve()
    for d in (folder, *folder.parents):
        dedicated = d / CONFIG_FILE
        if dedicated.is_file():
            return dedicated, _read_toml(dedicated)
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("baomi-check")
            if isinstance(table, dict):
                return pyproject, table
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: 不是有效的 TOML：{exc}") from exc
    except OSError as exc:
        raise SettingsError(f"{path}: 无法读取：{exc.strerror or exc}") from exc


def settings_from(path: Path, table: dict[str, Any]) -> Settings:
    """Validate one configuration table; rule folders become absolute, relative to the file."""
    data = {k.replace("_", "-"): v for k, v in table.items()}
    if "source" in data:
        raise SettingsError(f"{path}: 配置有误：source: Extra inputs are not permitted")
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(f"{path}: 配置有误：{problems}") from None
    settings.rules = [str((path.parent / r).resolve()) for r in settings.rules]
    settings.terms = [str((path.parent / r).resolve()) for r in settings.terms]
    base = path.parent.resolve()
    settings.include = [anchor_glob(base, g) for g in settings.include]
    settings.exclude = [anchor_glob(base, g) for g in settings.exclude]
    settings.source = str(path)
    return settings


def anchor_glob(base: Path, glob: str) -> str:
    """A configuration file's glob, made absolute when it names folders.

    ``exclude = ["docs/drafts/*"]`` in ``/repo/pyproject.toml`` means ``/repo/docs/drafts/*``
    wherever the command runs and whichever folder it walks; matched against the path inside a
    walked folder instead, it missed the drafts when run from ``docs/`` and excluded
    ``other/docs/drafts`` by accident (for a review tool, an unchecked file).  Name globs
    (``*.bak``, ``归档``) and ``**/`` globs keep matching at any depth, as written."""
    core = glob.strip().rstrip("/")
    while core.startswith("./"):
        core = core[2:]
    if "/" not in core or core.startswith("**/") or os.path.isabs(core):
        return glob
    return f"{base.as_posix().rstrip('/')}/{core}"


def load_settings(
    start: Path | None = None, explicit: Path | None = None, discover: bool = True
) -> Settings:
    """Settings from ``explicit`` (a TOML file, or a ``pyproject.toml``), else the discovered
    file, else the defaults."""
    if explicit is not None:
        table = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            table = table.get("tool", {}).get("baomi-check", {})
        return settings_from(explicit, table)
    found = find_config(start) if discover else None
    if found is None:
        return Settings.model_construct()
    return settings_from(*found)
