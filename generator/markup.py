"""Article bodies both ways: plain text for analysis, HTML with dates marked up for pages.

The engine reads plain text (Markdown syntax would be noise: link targets
hold dates too); the page shows the Markdown rendered. ``PlainText`` keeps a
map from every plain character back to the source, so the expressions and
sentences found in the plain text are marked at the right place in the
source before it is rendered.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import lru_cache
from dataclasses import dataclass
from typing import Callable

import markdown as md
import nh3

# Markdown syntax that carries no words, and what is not the article's prose (code, scripts, styles):
# dropped from the plain text, so no date in them is tagged and none of it becomes an event's words.
_MD_SKIP = re.compile(
    r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:[^\n]*\n)*?[ \t]{0,3}(?P=fence)[`~]*[ \t]*$"  # fenced code
    r"|(?:\A|(?<=\n\n))(?![ \t]*(?:[-*+]|\d+[.)])[ \t])(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+"  # indented code
    r"|<(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>"  # scripts and styles, with what they hold
    r"|(?P<ticks>`+)[^\n]*?(?P=ticks)"  # code spans, with what they hold
    r"|!\[[^\]]*\]\([^)]*\)"          # images
    r"|\]\([^)]*\)"                   # the target of a link: ](url)
    r"|\[(?=[^\]\n]*\]\()"            # the opening bracket of a link
    r"|<[^>\n]+>"                     # inline HTML tags
    r"|^[ \t]{0,3}#{1,6}[ \t]+"        # heading markers
    r"|^[ \t]*(?:[-*+]|\d+[.)])[ \t]+"  # list markers
    r"|^[ \t]*>[ \t]?"                # block quotes
    r"|\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)"  # emphasis
    r"|`+",                           # a stray code mark
    re.MULTILINE | re.DOTALL | re.IGNORECASE,
)
ALLOWED_TAGS = (nh3.ALLOWED_TAGS - {"img"}) | {"time", "span", "figure", "figcaption", "img"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "time": {"datetime", "title", "class", "tabindex", "data-value", "data-label"},
    "span": {"id", "class"},
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}


# C0 control characters (but tab and line ends) and lone surrogates: no page, feed or JSON may carry them
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[\ud800-\udfff]")


def printable(value):
    """``value`` (text, or lists and mappings of it) without the characters no output can carry:
    control characters are dropped, a lone surrogate (a broken "\\ud800" escape) becomes U+FFFD."""
    if isinstance(value, str):
        return _UNPRINTABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", value)
    if isinstance(value, list):
        return [printable(v) for v in value]
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class PlainText:
    text: str
    # Where each stretch of plain text comes from: (plain offset, source offset) at the start of every
    # run copied unchanged from the source, sorted; a closing entry maps the end of the text. Runs, not
    # one entry per character: 2,000 articles must not cost a Python int per character.
    runs: tuple[tuple[int, int], ...]

    def source_offset(self, plain: int) -> int:
        """The source offset of plain offset ``plain`` (0 <= plain <= len(text))."""
        i = bisect_right(self.runs, (plain, float("inf"))) - 1
        start, source = self.runs[i]
        return source + plain - start

    def to_source(self, start: int, end: int) -> tuple[int, int] | None:
        """Source offsets of plain[start:end], or None when markup lies inside the span."""
        s, e = self.source_offset(start), self.source_offset(end - 1) + 1
        return (s, e) if e - s == end - start else None


@dataclass(frozen=True)
class Reader:
    """One kind of article file: which suffixes it has, how its body becomes the plain text the engine
    reads (with the map back to the source) and how it becomes a page's HTML with the marks inserted.
    A new kind of article (HTML, CSV rows) is one more of these in ``READERS``."""

    name: str
    suffixes: tuple[str, ...]
    plain: Callable[[str], PlainText]
    render: Callable[[str, list[Mark]], str]  # unsanitised HTML; ``render_body`` sanitises it


def plain_text(body: str, markup: str) -> PlainText:
    return reader(markup).plain(body)


def render_body(body: str, markup: str, marks: list[Mark]) -> str:
    """The body as safe HTML with ``marks`` inserted (all offsets are source offsets)."""
    return sanitise(reader(markup).render(body, marks))


def reader(name: str) -> Reader:
    return next(r for r in READERS if r.name == name)


def reader_for(suffix: str) -> Reader | None:
    """The reader of files ending in ``suffix`` (any case), or None."""
    return next((r for r in READERS if suffix.lower() in r.suffixes), None)


def _text_plain(body: str) -> PlainText:
    return PlainText(body, ((0, 0), (len(body), len(body))))


def _text_html(body: str, marks: list[Mark]) -> str:
    """Pasted copy: paragraphs are separated by blank lines."""
    marked = _insert(body, marks, escape=True)
    return "\n".join(f"<p>{p.strip()}</p>" for p in re.split(r"\n\s*\n", marked) if p.strip())


def _markdown_plain(body: str) -> PlainText:
    chars, runs, pos, length = [], [], 0, 0
    for m in _MD_SKIP.finditer(body):
        if m.start() > pos:
            chars.append(body[pos:m.start()])
            runs.append((length, pos))
            length += m.start() - pos
        pos = m.end()
    if pos < len(body):
        chars.append(body[pos:])
        runs.append((length, pos))
        length += len(body) - pos
    runs.append((length, len(body)))
    return PlainText("".join(chars), tuple(runs))


@dataclass(frozen=True)
class Mark:
    """Something to insert into the body: an opening and closing tag around source[start:end]."""

    start: int
    end: int
    open: str
    close: str = ""


@lru_cache(maxsize=1)
def _markdown() -> md.Markdown:
    """One converter, reset between articles: building one (its extensions and patterns) costs as
    much as converting a short article. Python-Markdown's "extra" without md_in_html (Markdown inside
    HTML blocks), which re-parses every block holding the <time> tags inserted around dates."""
    return md.Markdown(extensions=["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables",
                                   "sane_lists"], output_format="html")


def sanitise(fragment: str) -> str:
    """Reduce HTML from an article to a safe allowlist (no scripts, handlers or javascript: links)."""
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


# Private-use characters stand in for the marks' tags while Markdown converts the text: as text, not
# inline HTML, they cost Python-Markdown nothing (the tags themselves doubled the conversion time).
_STAND_IN = 0xE000
_STAND_INS = 0xF900 - _STAND_IN
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _markdown_with_marks(body: str, marks: list[Mark]) -> str:
    tags = [tag for mark in marks for tag in (mark.open, mark.close)]
    if len(tags) > _STAND_INS or _PRIVATE_USE.search(body):
        return _markdown().reset().convert(_insert(body, marks, escape=False))  # the slower way
    stand_ins = [Mark(m.start, m.end, chr(_STAND_IN + 2 * i), chr(_STAND_IN + 2 * i + 1) if m.close else "")
                 for i, m in enumerate(marks)]
    converted = _markdown().reset().convert(_insert(body, stand_ins, escape=False))
    return converted.translate({_STAND_IN + i: tag for i, tag in enumerate(tags)})


def _insert(body: str, marks: list[Mark], escape: bool) -> str:
    """Insert tags into ``body``; with ``escape`` the text between them is HTML-escaped."""
    events: list[tuple[int, int, int, str]] = []
    for order, mark in enumerate(marks):
        events.append((mark.start, 1, order, mark.open))
        if mark.close:
            events.append((mark.end, 0, -order, mark.close))
    events.sort()
    out, pos = [], 0
    for offset, _kind, _order, tag in events:
        piece = body[pos:offset]
        out.append(html.escape(piece, quote=False) if escape else piece)
        out.append(tag)
        pos = offset
    rest = body[pos:]
    out.append(html.escape(rest, quote=False) if escape else rest)
    return "".join(out)


READERS = (Reader("markdown", (".md", ".markdown"), _markdown_plain, _markdown_with_marks),
           Reader("text", (".txt",), _text_plain, _text_html))
