"""JSON: the list of per-file results, each a :class:`~baomi_check.models.FileResult`.

The items are the contract models themselves (``FileResult.model_validate`` reads them back);
masking replaces the evidence (``text``, ``matched``) and scrubs messages, but keeps offsets,
lines and rule ids.  The array is written item by item, so a long batch never sits in memory
as one string.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ..models import FileResult
from .common import ALREADY_MASKED, RenderOptions, masked_result


def write(results: Iterable[FileResult], out: TextIO, opts: RenderOptions) -> None:
    out.write("[")
    first = True
    for r in results:
        out.write("\n  " if first else ",\n  ")
        first = False
        out.write(masked_result(r, opts.show_values, opts.min_severity).model_dump_json(
            context=ALREADY_MASKED))
        out.flush()
    out.write("\n]\n" if not first else "]\n")
    out.flush()
