#!/usr/bin/env bash
# The README's test command runs this after installing '.[test]': lint, the corpus scorer
# (prints its precision/recall table and fails below corpus/thresholds.toml), then the unit,
# property and integration tests.  pytest runs last so its summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
lint_dirs=()
for d in src tests benchmarks corpus; do [ -d "$d" ] && lint_dirs+=("$d"); done
python -m ruff check "${lint_dirs[@]}"
python corpus/score.py
python -m pytest
