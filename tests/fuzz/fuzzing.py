"""Shared settings of the fuzz suite: bounded, derandomized hypothesis runs (see README.md).

``BAOMI_FUZZ_EXAMPLES`` scales every target's example count (CI uses the default; a long local
run sets it to 100000 and drops the deadline)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("BAOMI_FUZZ_EXAMPLES", "0") or 0)

settings.register_profile(
    "fuzz",
    derandomize=not EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def examples(default: int) -> int:
    """How many examples a target runs: ``default`` in CI, ``BAOMI_FUZZ_EXAMPLES`` when set."""
    return EXAMPLES or default
