"""``dateline new PATH``: a new site with one example article, ready to build.

It never overwrites: if any file it would write exists, nothing is written.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .deploy import REQUIREMENTS, WORKFLOW, requirements_text, workflow_text
from .errors import DatelineError


def local_timezone() -> str:
    """The machine's IANA timezone (``TZ``, or what /etc/localtime links to), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(str(Path("/etc/localtime").resolve()).partition("/zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        try:
            if name and ZoneInfo(name):
                return name.removeprefix("Etc/") if name in ("Etc/UTC", "Etc/GMT") else name
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return "UTC"


def files(title: str, today: date, zone: str) -> dict[str, str]:
    return {
        "dateline.toml": f'''# Settings of this Dateline site (see the Dateline README for every key).
title = {json.dumps(title, ensure_ascii=False)}
description = "A timeline of the story, built from its news coverage."
# Where the site will be published, e.g. "https://you.github.io/repo/": the feed and the sitemap need it.
base_url = "/"
theme = "default"
# Publication times written without a timezone ("date: 2022-11-12 21:30") are read in this one;
# it is this machine's timezone when the site was made. An article can set its own `timezone:`.
timezone = "{zone}"
''',
        "content/first-article.md": f'''---
title: First article about the story
date: {today.isoformat()}
source: Your newspaper
tags: [example]
---

Replace this with a real article. Dates in the text are found and placed on the
timeline: the council met on Monday, and it will vote again next Tuesday.
''',
        ".gitignore": "output/\n.dateline-cache/\n",
        str(REQUIREMENTS): requirements_text(),
        "README.md": f'''# {title}

A timeline built with Dateline.

    dateline build     # writes the site to output/
    dateline serve     # preview at http://127.0.0.1:8000/ with live reload
    dateline deploy    # publish output/ to the gh-pages branch

Articles go in `content/`: Markdown or plain text, each starting with front
matter that gives at least its publication `date`.
''',
    }


def new_site(path: Path, today: date | None = None, github_actions: bool = False) -> list[Path]:
    """Write a new site into ``path``; refuse if any of its files exists."""
    title = path.resolve().name.replace("-", " ").replace("_", " ").strip().title() or "Timeline"
    planned = {path / name: text for name, text in files(title, today or date.today(), local_timezone()).items()}
    if github_actions:
        planned[path / WORKFLOW] = workflow_text(installs_itself=False)
    existing = [p for p in planned if p.exists()]
    if existing:
        raise DatelineError(f"already exists, not overwriting ({len(existing)} file(s)); choose an empty folder",
                            existing[0])
    for target, text in planned.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sorted(planned)
