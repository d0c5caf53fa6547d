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
import re
from dataclasses import dataclass
from html import escape

from .draft import resources

LEAD_WORDS = 8  # enough of a live entry's first words to find its paragraph, few enough to survive edits


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


def image_alt(root) -> str:
    """What the page's picture shows, from its ``og:image:alt`` (or Twitter's) meta tag; "" if none."""
    wanted = resources()["json_ld"]["image_alt_meta"]
    found = {(m.get("property") or m.get("name") or "").strip().lower(): m.get("content") or ""
             for m in root.iter("meta")}
    return next((" ".join(found[name].split()) for name in wanted if found.get(name, "").strip()), "")


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


@dataclass(frozen=True)
class Stamp:
    """A live entry's time as the page gives it (``datetime`` and the words shown) and the first
    words of the entry's text, by which its paragraph is found in trafilatura's Markdown."""

    when: str
    label: str
    lead: tuple[str, ...]


def live_stamps(root) -> list[list[Stamp]]:
    """The runs of entries of a page: ``<time datetime>`` elements with a time of day, each opening
    a block of text, where at least ``min_entries`` such blocks are siblings (one stamp is a byline's
    date). A comment thread is such a run too; ``with_stamps`` keeps the run whose text is the article's."""
    by_parent: dict = {}
    for stamp in root.iter("time"):
        when = (stamp.get("datetime") or "").strip()
        entry = _entry_of(stamp) if "T" in when else None
        entry = _widest(entry, stamp) if entry is not None else None
        if entry is not None and entry.getparent() is not None:
            words = _lead(entry, stamp)
            if words:
                by_parent.setdefault(entry.getparent(), []).append(Stamp(when, " ".join(_text(stamp).split()), words))
    return [stamps for stamps in by_parent.values() if len(stamps) >= resources()["live"]["min_entries"]]


def _lead(entry, stamp) -> tuple[str, ...]:
    """The first words of an entry's text: of its first paragraph after the stamp (a header with
    the stamp and the writer's name is no text of the entry), else of all it holds after the stamp."""
    own = len(_words(_text(stamp)))
    after = False
    for node in entry.iter():
        if node is stamp:
            after = True
        elif after and node.tag == "p" and _words(_text(node)):
            return tuple(_words(_text(node))[:LEAD_WORDS])
        elif node.tag == "p" and stamp in node.iterdescendants():
            return tuple(_words(_text(node))[own:][:LEAD_WORDS])
    return tuple(_words(_text(entry))[own:][:LEAD_WORDS])


def _entry_of(stamp):
    """The block a stamp opens: its nearest ancestor holding words besides the stamp's own, when
    the stamp comes first in it (a time in the middle of a paragraph is prose, not a stamp)."""
    own = _words(_text(stamp))
    node = stamp.getparent()
    while node is not None and node.tag not in ("body", "html"):
        words = _words(_text(node))
        if len(words) > len(own):
            return node if words[:len(own)] == own else None
        node = node.getparent()
    return None


def _widest(entry, stamp):
    """The largest block around ``entry`` holding no other stamp with a time of day: the entry as a
    whole (``<div class="post"><p><time>..``), whose siblings are the other entries."""
    while entry.getparent() is not None and entry.getparent().tag not in ("body", "html"):
        others = [t for t in entry.getparent().iter("time") if t is not stamp and "T" in (t.get("datetime") or "")]
        if others:
            break
        entry = entry.getparent()
    return entry


def _text(node) -> str:
    """An element's text with a space between its elements' (``<time>07:50</time><p>Still`` is
    two words, not "50Still")."""
    return " ".join(node.itertext())


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def with_stamps(markdown: str, runs: list[list[Stamp]]) -> str:
    """The article's Markdown with each live entry's stamp as a paragraph of its own before the
    entry's first paragraph (``entries.STAMP``), for the run of stamps (``live_stamps``) of which
    most entries are found there, in order, if at least ``min_entries``; else the Markdown as it was
    (the stamps were of something trafilatura left out, such as comments)."""
    paragraphs = markdown.strip().split("\n\n")
    placed = max((_placed(paragraphs, run) for run in runs), key=len, default={})
    if len(placed) < resources()["live"]["min_entries"]:
        return markdown
    out = []
    for i, paragraph in enumerate(paragraphs):
        if i in placed:
            out.append(_stamp_line(placed[i]))
            paragraph = _without_label(paragraph, placed[i].label)
        out.append(paragraph)
    return "\n\n".join(out) + "\n"


def _placed(paragraphs: list[str], run: list[Stamp]) -> dict[int, Stamp]:
    """The paragraph each stamp of ``run`` opens (by the entry's first words, with or without the
    stamp's own words in front), searched in order."""
    placed, at = {}, 0
    for stamp in run:
        label, lead = _words(stamp.label), list(stamp.lead)
        for i in range(at, len(paragraphs)):
            words = _words(paragraphs[i])
            if words[:len(lead)] == lead or (label and words[:len(label)] == label
                                             and words[len(label):][:len(lead)] == lead):
                placed[i], at = stamp, i + 1
                break
    return placed


def _stamp_line(stamp: Stamp) -> str:
    """``<time datetime="...">15:40</time>``: the page's own words for the time, else HH:MM."""
    label = stamp.label or stamp.when.split("T", 1)[1][:5]
    return f'<time datetime="{escape(stamp.when)}">{escape(label, quote=False)}</time>'


def _without_label(paragraph: str, label: str) -> str:
    """An entry's paragraph without the stamp's words in front, where trafilatura kept them inline
    ("15:40 The river fell..."), now that the stamp stands above it."""
    if label and paragraph.startswith(label):
        return re.sub(r"^[\s:\u2013\u2014-]+", "", paragraph[len(label):]) or paragraph
    return paragraph
