"""The words of a language that event extraction and merging need, read from the engine's resources.

They live in ``temporal/resources/<language>/events.toml`` beside the temporal rules, so that the code
holds no English. Articles are English for now (``language = "en"``, the only resources there are).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from .temporal.resources import RESOURCE_DIR


@lru_cache(maxsize=4)
def words(language: str = "en") -> dict[str, frozenset[str]]:
    """Each word list of ``events.toml`` as a set."""
    data = tomllib.loads((RESOURCE_DIR / language / "events.toml").read_text(encoding="utf-8"))
    return {name: frozenset(values) for name, values in data.items()}
