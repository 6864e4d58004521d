"""Write src/baomi_check/data/term_weights.tsv from the installed jieba's dictionary.

    python scripts/term_weights.py

The term anchor index (src/baomi_check/detectors/term_anchors.py) picks rare characters and
bigrams of general Chinese as anchors; this file is where "rare" comes from.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from baomi_check.detectors.term_anchors import WEIGHTS_FILE, render_weights


def jieba_dict() -> Path:
    spec = find_spec("jieba")
    assert spec is not None and spec.origin, "jieba is a runtime dependency"
    return Path(spec.origin).with_name("dict.txt")


if __name__ == "__main__":
    WEIGHTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS_FILE.write_text(render_weights(jieba_dict()), encoding="utf-8")
    print(f"wrote {WEIGHTS_FILE}")
