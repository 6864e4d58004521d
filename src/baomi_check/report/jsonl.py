"""JSON Lines: one :class:`~baomi_check.models.FileResult` per line, written as each file
finishes, so a consumer (a CMS queue, ``jq --stream``) sees results while a batch still runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..models import FileResult
from .common import ALREADY_MASKED, RenderOptions, masked_result


def write(results: Iterable[FileResult], out: TextIO, opts: RenderOptions) -> None:
    for r in results:
        out.write(masked_result(r, opts.show_values, opts.min_severity).model_dump_json(
            context=ALREADY_MASKED))
        out.write("\n")
        out.flush()
