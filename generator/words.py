"""The words of a language that event extraction and merging need, read from the engine's resources.

They live in ``temporal/resources/<language>/events.toml`` (extraction) and ``merge.toml`` (merging)
beside the temporal rules, so that the code holds no English. Articles are English for now
(``language = "en"``, the only resources there are).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from .temporal.resources import RESOURCE_DIR


@lru_cache(maxsize=4)
def words(language: str = "en") -> dict[str, frozenset[str]]:
    """Each word list of ``events.toml`` as a set."""
    return {name: frozenset(values) for name, values in _events_toml(language).items() if isinstance(values, list)}


@lru_cache(maxsize=4)
def furniture(language: str = "en") -> dict:
    """The ``[furniture]`` table of ``events.toml`` as it is written: the patterns of page furniture
    (datelines, update stamps, comment blocks, ...), which ``events.furniture`` compiles."""
    return _events_toml(language)["furniture"]


@lru_cache(maxsize=4)
def _events_toml(language: str) -> dict:
    return tomllib.loads((RESOURCE_DIR / language / "events.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def merge_lexicon(language: str = "en") -> dict:
    """``merge.toml`` as it is written: the word forms and news verb classes that merging compares
    reports by (``timeline.py`` compiles them). Read by the merge only, so no analysis depends on it."""
    return tomllib.loads((RESOURCE_DIR / language / "merge.toml").read_text(encoding="utf-8"))
