"""What an importer makes of a source: drafts of articles and failures, and what both kinds of
importer (``ingest.py`` for pages, feeds and rows; ``sheets.py`` for TimelineJS sheets) share.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import timezone
from functools import lru_cache
from pathlib import Path

from .content import parse_date
from .errors import ContentError

RESOURCES = Path(__file__).parent / "resources" / "import.toml"
_NOWHERE = "<import>"


@dataclass
class Draft:
    """An article to write: its front matter (in the order it is written) and Markdown body.
    ``origin`` says where it came from, for the summary ("feed.xml, item 3")."""

    origin: str
    title: str = ""
    date: str = ""  # ISO 8601, with its offset when the source gave a time; "" when none was found
    source: str = ""
    author: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)
    image: str = ""
    image_alt: str = ""
    image_caption: str = ""
    image_credit: str = ""
    body: str = ""
    summary: str = ""
    events: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Failed:
    """A part of a source that could not be imported, and why (a sentence saying what to fix)."""

    origin: str
    reason: str


@lru_cache(maxsize=1)
def resources() -> dict:
    """The column names of spreadsheets, kept as data (resources/import.toml), not in code."""
    return tomllib.loads(RESOURCES.read_text(encoding="utf-8"))


def fragment_markdown(html: str) -> str:
    """Markdown of a piece of HTML that is all article (a feed item's content, a sheet's Text cell).
    trafilatura is for finding the article in a whole page and drops short texts, so here lxml
    keeps each block's text as a paragraph."""
    import lxml.html
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return "\n\n".join(p.strip() for p in html.split("\n\n") if p.strip()) + "\n"
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks = ("p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "div")
    paragraphs = [" ".join(el.text_content().split()) for el in root.iter(*blocks)
                  if not any(child.tag in blocks for child in el)]
    if not paragraphs:
        paragraphs = [" ".join(root.text_content().split())]
    return "\n\n".join(p for p in paragraphs if p) + "\n"



def check_date(raw: str) -> str:
    """What is wrong with a publication date as an article's `date` reads it ("" when it is good
    or empty: an empty one is left for the editor)."""
    if not raw:
        return ""
    try:
        parse_date(raw, timezone.utc, _NOWHERE, None)
    except ContentError as exc:
        return exc.message
    return ""
