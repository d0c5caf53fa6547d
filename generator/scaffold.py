"""``dateline new PATH``: a new site with one example article, ready to build.

It never overwrites: if any file it would write exists, nothing is written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import DatelineError


def files(title: str, today: date) -> dict[str, str]:
    return {
        "dateline.toml": f'''# Settings of this Dateline site (see the Dateline README for every key).
title = "{title}"
description = "A timeline of the story, built from its news coverage."
base_url = "/"
theme = "default"
timezone = "UTC"
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
    planned = {path / name: text for name, text in files(title, today or date.today()).items()}
    if github_actions:
        from .deploy import WORKFLOW, workflow_text
        planned[path / WORKFLOW] = workflow_text(installs_itself=False)
    existing = [p for p in planned if p.exists()]
    if existing:
        raise DatelineError(f"already exists, not overwriting ({len(existing)} file(s)); choose an empty folder",
                            existing[0])
    for target, text in planned.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sorted(planned)
