#!/usr/bin/env bash
# The README's test command runs this after installing '.[test]': lint, then the unit, property
# and integration tests (the corpus precision/recall gate runs as part of them).
set -euo pipefail
cd "$(dirname "$0")/.."
lint_dirs=()
for d in src tests benchmarks corpus; do [ -d "$d" ] && lint_dirs+=("$d"); done
python -m ruff check "${lint_dirs[@]}"
python -m pytest
# The corpus scorer prints its precision/recall table and fails below corpus/thresholds.toml.
python corpus/score.py
