"""Analysis results stored per article, so that unchanged articles are never parsed twice.

The key covers everything the analysis depends on: the article's plain text
and publication date, the engine version (``ENGINE_VERSION`` and a hash of the
analysing code itself, so an edited extractor never serves stale events), the
hash of the rule files and the model's name and version (read from its
package metadata, without importing spaCy). Entries are written to a temporary file and renamed into place; an
unreadable or foreign entry is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import __version__
from .errors import ModelError, display_path
from .processes import alive
from .model import Analysis
from .nlp import installed_model_name
from .temporal import ENGINE_VERSION, rules_digest

# The code whose output is cached: the engine, the pipeline set-up and event extraction.
ANALYSIS_CODE = ("temporal/__init__.py", "temporal/recognise.py", "temporal/resolve.py", "temporal/tense.py",
                 "temporal/value.py", "temporal/resources.py", "temporal/stretch.py", "temporal/component.py", "nlp.py", "components.py", "events.py",
                 "model.py", "words.py", "temporal/resources/en/events.toml")
FORMAT = 2  # 2: timexes carry their basis
log = logging.getLogger("dateline")


@lru_cache(maxsize=4)
def installed_model(configured: str | None) -> str:
    """``name-version`` of the model ``nlp.load_pipeline`` would load, or "none" (read once per process)."""
    try:
        name = installed_model_name(configured)
    except ModelError:
        return "none"
    for folder in importlib.util.find_spec(name).submodule_search_locations or ():
        for meta in sorted(Path(folder).glob("*/meta.json")) + [Path(folder) / "meta.json"]:
            if meta.is_file():
                data = json.loads(meta.read_text(encoding="utf-8"))
                return f"{data.get('lang')}_{data.get('name')}-{data.get('version')}"
    return name


@lru_cache(maxsize=4)
def code_digest(names: tuple[str, ...] = ANALYSIS_CODE) -> str:
    """Hash of some of Dateline's own modules: output made by other code is not reused."""
    package = Path(__file__).parent
    h = hashlib.sha256()
    for name in names:
        h.update((package / name).read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def package_digest() -> str:
    """Hash of the whole installed package, code and rule files: a build made by any other
    version of Dateline is never taken for this one's (no hand-kept list of modules to forget)."""
    package = Path(__file__).parent
    h = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml") and p.is_file()):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    def __init__(self, folder: Path, model: str | None, language: str = "en"):
        self.folder = folder
        self.unwritable = False
        self.salt = (f"{FORMAT}|{ENGINE_VERSION}|{code_digest()}|{rules_digest(language)}|"
                     f"{installed_model(model)}")

    def key(self, text: str, dct: date) -> str:
        return hashlib.sha256(f"{self.salt}|{dct.isoformat()}|{text}".encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, text: str, dct: date) -> Analysis | None:
        key = self.key(text, dct)
        path = self.path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None
            return Analysis.from_json(data["analysis"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.debug("ignoring unreadable cache entry %s: %s", path, exc)
            return None

    def sweep(self) -> None:
        """Remove the half-written entries of builds that were killed while writing (their names
        carry the pid of the build; a live build's are kept)."""
        for leftover in self.folder.glob("*/.tmp-*-*"):
            pid = leftover.name.split("-")[1]
            if pid.isdigit() and not alive(int(pid)):
                leftover.unlink(missing_ok=True)

    def put(self, text: str, dct: date, analysis: Analysis) -> None:
        """Store an analysis; a cache that cannot be written (read-only, full) costs speed, not the
        build: said once, then the build goes on without it."""
        if self.unwritable:
            return
        key = self.key(text, dct)
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{os.getpid()}-")
        except OSError as exc:
            self.unwritable = True
            log.warning("%s: cannot write the analysis cache (%s); this build goes on without it, the next "
                        "analyses every article again", display_path(self.folder), exc.strerror)
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": key, "analysis": analysis.to_json()}, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
