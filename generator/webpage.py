"""What a saved news page says of its article beyond trafilatura's reading: the fields of its
JSON-LD ``NewsArticle`` (address, picture, byline, publisher) and the time stamps of a live page's
entries.

trafilatura finds the main text and most metadata, but takes from JSON-LD only the byline, the
publisher and the date; a page whose meta tags lack ``og:url`` or ``og:image`` often states them
only there. A live blog's entries each carry a ``<time datetime>`` that trafilatura drops with the
rest of the page's markup; they are the entries' own times, which the article keeps (see
``markup.ENTRY``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .draft import resources


@dataclass(frozen=True)
class LinkedData:
    """The article's fields in the page's JSON-LD ("" where it gives none)."""

    url: str = ""
    image: str = ""
    image_caption: str = ""
    image_credit: str = ""
    author: str = ""
    publisher: str = ""


def linked_data(root) -> LinkedData:
    """The first JSON-LD object of an article type (in the order ``import.toml`` lists them) of an
    lxml page; empty when there is none or its JSON cannot be read."""
    types = resources()["json_ld"]["article_types"]
    found = [item for script in root.iter("script") if (script.get("type") or "").lower() == "application/ld+json"
             for item in _objects(_load(script.text_content()))]
    ranked = sorted((types.index(t), n, item) for n, item in enumerate(found) for t in _types(item) if t in types)
    if not ranked:
        return LinkedData()
    item = ranked[0][2]
    image, caption, credit = _image(item.get("image") or item.get("thumbnailUrl"))
    return LinkedData(url=_url(item.get("url")) or _url(item.get("mainEntityOfPage")), image=image,
                      image_caption=caption, image_credit=credit, author=_names(item.get("author")),
                      publisher=_names(item.get("publisher")))


def _load(text: str):
    """A script's JSON; None when it is broken (pages ship broken JSON-LD often enough)."""
    try:
        return json.loads(text or "")
    except ValueError:
        return None


def _objects(value) -> list[dict]:
    """Every object of a JSON-LD document: one, a list of them, or a ``@graph``."""
    if isinstance(value, list):
        return [o for v in value for o in _objects(v)]
    if isinstance(value, dict):
        return [value, *_objects(value.get("@graph"))]
    return []


def _types(item: dict) -> list[str]:
    kind = item.get("@type")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)] if kind else []


def _url(value) -> str:
    """An address given as text, as ``{"@id": ...}`` or ``{"url": ...}``; only http(s) ones."""
    if isinstance(value, list):
        return next((u for u in map(_url, value) if u), "")
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("contentUrl")
    value = value.strip() if isinstance(value, str) else ""
    return value if value.lower().startswith(("http://", "https://")) else ""


def _image(value) -> tuple[str, str, str]:
    """The first picture: its address, caption and credit (an ``ImageObject`` may give both)."""
    if isinstance(value, list):
        return next((i for i in map(_image, value) if i[0]), ("", "", ""))
    if isinstance(value, dict):
        credit = value.get("creditText") or _names(value.get("author")) or _names(value.get("copyrightHolder"))
        caption = value.get("caption") if isinstance(value.get("caption"), str) else ""
        return _url(value), " ".join(caption.split()), " ".join(str(credit or "").split())
    return _url(value), "", ""


def _names(value) -> str:
    """The name of a Person or Organization, or of each of a list of them, comma-separated."""
    if isinstance(value, list):
        return ", ".join(n for n in map(_names, value) if n)
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) if isinstance(value, str) else ""
