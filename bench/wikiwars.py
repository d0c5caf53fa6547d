"""The WikiWars gold corpus, read with the shared TempEval-3 scorer (../shared/tools/timex_score.py).

One place for the benchmarks to get the corpus and the scorer, so the text and
offsets are exactly the ones the scorer checks against.
"""

from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
FOLDER = SHARED / "corpora" / "wikiwars"
sys.path.insert(0, str(SHARED / "tools"))

import timex_score as scorer  # noqa: E402  (the shared scorer; standard library only)


def documents() -> list:
    """The gold documents: .name, .text (the scorer's text), .dct, .timexes."""
    return scorer.read_gold_dir(str(FOLDER))
