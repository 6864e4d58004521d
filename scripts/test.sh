#!/usr/bin/env bash
# The README's test command runs this after installing '.[test]': lint, unit/property tests,
# and the corpus scorer (precision/recall gate).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m ruff check src tests benchmarks corpus
python -m pytest
