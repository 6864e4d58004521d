"""``python -m baomi_check``: the same command line as ``baomi-check``, for environments where the
console script is not on ``PATH`` (a venv used without activation, Windows task runners)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
