"""Article bodies both ways: plain text for analysis, HTML with dates marked up for pages.

The engine reads plain text (Markdown syntax would be noise: link targets hold dates too); the page
shows the Markdown rendered. Both come from one Python-Markdown parse, so they cannot disagree about
what is prose: a tree processor (``_Reading``) walks the finished element tree, takes its prose as
the plain text (no code, scripts, styles, link targets or image alts) and finds where each stretch of
it sits in the source, since Python-Markdown keeps no positions. ``PlainText`` maps plain text to
source; the parsed page (``_Page``) maps source to its HTML, so the marks, given in source offsets,
are spliced into the HTML the parse made, without a second one.
"""

from __future__ import annotations

import html
import re
import weakref
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import markdown as md
import nh3
from markdown import util as md_util
from markdown.treeprocessors import Treeprocessor

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
    # run, sorted; a closing entry maps the end of the text. A run copied unchanged from the source has
    # its source offset; one the parse made (a line break between blocks, a decoded entity) has ~offset
    # (negative) of where it stands: it maps there, but no span in it is the source's. Runs, not one
    # entry per character: 2,000 articles must not cost a Python int per character.
    runs: tuple[tuple[int, int], ...]
    # The parsed page this text was read from (markdown), kept as long as the text so that rendering
    # the article later finds it instead of parsing again.
    page: object = field(default=None, compare=False, repr=False)
    # A live page's entries (``entries.Entry``: where each starts, when it was posted), whose stamps
    # ``entries.stamped`` blanked in ``text``.
    entries: tuple = field(default=(), compare=False)

    def _run(self, plain: int) -> int:
        return bisect_right(self.runs, (plain, float("inf"))) - 1

    def source_offset(self, plain: int) -> int:
        """The source offset of plain offset ``plain`` (0 <= plain <= len(text))."""
        start, source = self.runs[self._run(plain)]
        return ~source if source < 0 else source + plain - start

    def to_source(self, start: int, end: int) -> tuple[int, int] | None:
        """Source offsets of plain[start:end], or None unless the span is copied unchanged from the
        source in one piece (markup, or something the parse made, lies inside it)."""
        i = self._run(start)
        if end <= start or self._run(end - 1) != i or self.runs[i][1] < 0:
            return None
        s = self.source_offset(start)
        return s, s + end - start


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


@dataclass(frozen=True)
class Mark:
    """Something to insert into the body: an opening and closing tag around source[start:end]."""

    start: int
    end: int
    open: str
    close: str = ""


def sanitise(fragment: str) -> str:
    """Reduce HTML from an article to a safe allowlist (no scripts, handlers or javascript: links)."""
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def _text_plain(body: str) -> PlainText:
    return PlainText(body, ((0, 0), (len(body), len(body))))


def _text_html(body: str, marks: list[Mark]) -> str:
    """Pasted copy: paragraphs are separated by blank lines."""
    marked = _weave(body, [(m.start, m.end, m) for m in marks], escape=True)
    return "\n".join(f"<p>{p.strip()}</p>" for p in re.split(r"\n\s*\n", marked) if p.strip())


def _weave(text: str, placed: list[tuple[int, int, Mark]], escape: bool) -> str:
    """``text`` with each mark's tags at its (start, end) offsets in it; with ``escape`` the text
    between them is HTML-escaped. At one offset closing tags come first, then opening ones in order."""
    events: list[tuple[int, int, int, str]] = []
    for order, (start, end, mark) in enumerate(placed):
        events.append((start, 1, order, mark.open))
        if mark.close:
            events.append((end, 0, -order, mark.close))
    events.sort()
    out, pos = [], 0
    for offset, _kind, _order, tag in events:
        piece = text[pos:offset]
        out.append(html.escape(piece, quote=False) if escape else piece)
        out.append(tag)
        pos = offset
    rest = text[pos:]
    out.append(html.escape(rest, quote=False) if escape else rest)
    return "".join(out)


# Markdown: one parse gives the plain text and the page --------------------------------------------

@dataclass(eq=False)
class _Page:
    """An article's HTML and where in it the source's text is: the stretches the HTML spells exactly
    as the source does, by source offset (sorted, no two overlapping), and where each begins in it
    (arrays: a session keeps every article's page)."""

    html: str
    starts: array
    ends: array
    at: array
    pasted: bool = False  # Python-Markdown could not parse the body: it is shown as pasted text

    def place(self, mark: Mark) -> tuple[int, int] | None:
        """Where ``mark`` goes in the HTML: inside one stretch, or nowhere (it would cut through
        markup). A mark without a closing tag (a sentence's anchor) goes where it falls in a
        stretch, else at the start of the next one: it is never lost."""
        i = bisect_right(self.starts, mark.start) - 1
        inside = i >= 0 and mark.start < self.ends[i]
        if mark.close:
            if not inside or mark.end > self.ends[i]:
                return None
            return self.at[i] + mark.start - self.starts[i], self.at[i] + mark.end - self.starts[i]
        if inside:
            where = self.at[i] + mark.start - self.starts[i]
        else:
            where = self.at[i + 1] if i + 1 < len(self.at) else len(self.html)
        return where, where


# Parsed pages by body, for as long as their PlainText lives: the page is rendered after the analysis.
_PAGES: weakref.WeakValueDictionary[str, _Page] = weakref.WeakValueDictionary()

_PROSE, _CODE, _MADE = 0, 1, 2  # text to read; source text that is not prose; text the parse made
_CODE_TAGS = {"code", "pre", "kbd", "samp", "script", "style"}
_PLACEHOLDER = re.compile(f"{md_util.STX}([^{md_util.ETX}]*){md_util.ETX}")
_STASHED = md_util.HTML_PLACEHOLDER[1:-3]  # "wzxhzdk:": raw HTML Python-Markdown set aside
_RAW = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][\w:-]*)[^>]*>|<[!?][^>]*>|[^<]+|<", re.DOTALL)
_RAW_END = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in ("script", "style")}
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_VERBATIM = re.compile(r"[^&<>]+")  # what the HTML spells as the source does (it escapes &, < and >)
_WORD = re.compile(r"\S+")
# What the source may hold between two words of one text node: spaces, and line breaks followed by
# indentation and quote markers
_BETWEEN_WORDS = re.compile(r"[ \t\r]*(?:\n[ \t\r>]*)*")
_NEAR = 64  # how far past the cursor the source may hold a node's text when it is found whole
# A footnote's definition (with its lazy and indented continuation lines): shown at the end of the page
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]\n]+\]:[^\n]*(?:\n(?![ \t]*\n)[^\n]*|\n(?:[ \t]*\n)+(?= {4}|\t)[^\n]*)*",
                       re.MULTILINE)


def _markdown_plain(body: str) -> PlainText:
    page, text, runs = _parse(body)
    return PlainText(text, runs, page)


def _markdown_with_marks(body: str, marks: list[Mark]) -> str:
    page = _PAGES.get(body) or _parse(body)[0]
    if page.pasted:
        return _text_html(body, marks)
    placed = [(*where, mark) for mark in marks if (where := page.place(mark)) is not None]
    return _weave(page.html, placed, escape=False)


@lru_cache(maxsize=1)
def _markdown() -> md.Markdown:
    """One converter, reset between articles: building one (its extensions and patterns) costs as
    much as converting a short article. Python-Markdown's "extra" without md_in_html (Markdown inside
    HTML blocks), and ``_Reading`` after every tree processor that changes text but the one that
    puts escaped characters back (so escapes are still visible as such)."""
    converter = md.Markdown(extensions=["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables",
                                        "sane_lists"], output_format="html")
    converter.treeprocessors.register(_Reading(converter), "dateline", 5)
    return converter


def _parse(body: str) -> tuple[_Page, str, tuple[tuple[int, int], ...]]:
    """The one parse of a Markdown body: its page, and its plain text with the runs back to it."""
    converter = _markdown().reset()
    reading = converter.treeprocessors["dateline"]
    sentinel = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in body)
    reading.start(body, sentinel)
    try:
        converted = converter.convert(body)
    except RecursionError:  # lists or quotes nested thousands deep: read and shown as pasted text
        _markdown.cache_clear()  # a converter stopped halfway is not used again
        page = _Page("", array("q"), array("q"), array("q"), pasted=True)
        _PAGES[body] = page
        return page, body, ((0, 0), (len(body), len(body)))
    text, runs, stretches = reading.finish()
    page = _page(converted, stretches, sentinel)
    _PAGES[body] = page
    return page, text, runs


def _page(converted: str, stretches: list[tuple[int, int]], sentinel: str) -> _Page:
    """The page from the converted HTML, where a sentinel stands before each stretch (in the order
    they were found). Should the HTML not hold one per stretch, no mark can be placed for sure: the
    page has none (no time marks; anchors at its end)."""
    at = [m.start() - k for k, m in enumerate(re.finditer(sentinel, converted))]
    if len(at) != len(stretches):
        at, stretches = [], []
    page = _Page(converted.replace(sentinel, ""), array("q"), array("q"), array("q"))
    for start, length, where in sorted((s, n, h) for (s, n), h in zip(stretches, at)):
        if page.ends and start < page.ends[-1]:
            continue  # found twice (a footnote's text, looked for again from its definition)
        page.starts.append(start)
        page.ends.append(start + length)
        page.at.append(where)
    return page


class _Reading(Treeprocessor):
    """Walks the finished tree of one article: its prose becomes the plain text, each stretch of it
    is found in the source (from a cursor that moves forward through it) and a sentinel goes into the
    tree before every stretch that a mark may go in, so that the HTML tells where it went."""

    def start(self, source: str, sentinel: str) -> None:
        self.src, self.sentinel = source, sentinel
        self.blocks = frozenset(self.md.block_level_elements)
        self.cursor, self.prev_end, self.crossed, self.raw_code = 0, None, False, 0
        # Where the footnotes are defined: their text comes last, so the rest is not looked for there
        self.reserved = [m.span() for m in _FOOTNOTE.finditer(source)] if "[^" in source else []
        self.chunks: list[str] = []
        self.runs: list[tuple[int, int]] = []
        self.length = 0
        self.stretches: list[tuple[int, int]] = []

    def run(self, root) -> None:
        self._element(root, _PROSE)

    def finish(self) -> tuple[str, tuple[tuple[int, int], ...], list[tuple[int, int]]]:
        """The plain text, its runs and the stretches found; the source's trailing whitespace ends it."""
        end = max(self.prev_end or 0, len(self.src.rstrip()))
        self._add(self.src[end:], end)
        self.runs.append((self.length, len(self.src)))
        return "".join(self.chunks), tuple(self.runs), self.stretches

    # The tree

    def _element(self, elem, level: int) -> None:
        level = max(level, _level(elem))
        block = elem.tag in self.blocks
        self.crossed |= block
        if elem.tag == "div" and elem.get("class") == "footnote":
            self.reserved = []
        if elem.tag == "li" and elem.get("id", "").startswith("fn:"):
            self._footnote(elem.get("id")[3:])
        if elem.text:
            first_block = len(elem) and elem[0].tag in self.blocks
            elem.text = self._text(elem.text, level, structural=block and (not len(elem) or first_block))
        for child in elem:
            self._element(child, level)
            if child.tail:
                child.tail = self._text(child.tail, level, structural=child.tag in self.blocks)
        if elem.tag in ("a", "img") and level == _PROSE:
            self._pass_attributes(elem)
        self.crossed |= block

    def _text(self, text: str, level: int, structural: bool) -> str:
        """A text or tail of the tree, with sentinels; whitespace between blocks is the pretty-printer's."""
        if structural and text.isspace():
            return text
        if md_util.STX not in text:
            return self._literal(text, level)
        out, pos = [], 0
        for m in _PLACEHOLDER.finditer(text):
            out.append(self._literal(text[pos:m.start()], level))
            self._placeholder(m.group(1), level)
            out.append(m.group())
            pos = m.end()
        out.append(self._literal(text[pos:], level))
        return "".join(out)

    def _placeholder(self, key: str, level: int) -> None:
        """What Python-Markdown left in the text: an escaped character, raw HTML (a block, a tag, an
        entity), or its own (footnote back-links, non-breaking spaces): no source, no prose."""
        if key.isdigit() and level == _PROSE and not self.raw_code:
            self._escaped(chr(int(key)))
        elif key.startswith(_STASHED):
            self._raw(int(key[len(_STASHED):]), level)

    def _footnote(self, label: str) -> None:
        """A footnote is shown at the end but written where its definition is: look for it there."""
        at = self.src.find(f"[^{label}]:")
        if at >= 0:
            self.cursor = at + len(label) + 4

    def _pass_attributes(self, elem) -> None:
        """A link's target and title, an image's alt text, address and title follow its text in the
        source (``](url "title")``): move past them, so that no prose is looked for inside them."""
        for name in ("alt", "href", "src", "title"):
            value = elem.get(name)
            if value:
                at = self._find(value, near=8)
                if at >= 0:
                    self.cursor = at + len(value)

    # Raw HTML

    def _raw(self, index: int, level: int) -> None:
        """Raw HTML Python-Markdown set aside: its text is prose too, but for code, scripts and styles;
        the sentinels go into the stashed HTML, which the page gets back verbatim."""
        stash = self.md.htmlStash.rawHtmlBlocks
        raw = stash[index]
        if not isinstance(raw, str):
            return
        out, pos, before = [], 0, len(self.stretches)
        while pos < len(raw):
            m = _RAW.match(raw, pos)
            token = m.group()
            if m.group(2):
                pos = self._tag(m, raw)
                out.append(raw[m.start():pos])
                continue
            if token[0] == "<" and len(token) > 1:
                self._pass(token)  # a comment or declaration
                out.append(token)
            else:
                out.append(self._raw_text(token, level))
            pos = m.end()
        marked = "".join(out)
        if marked.startswith(self.sentinel):  # its first tag must stay first: it says if it is a block
            marked = marked[1:]
            del self.stretches[before]
        stash[index] = marked

    def _tag(self, m: re.Match, raw: str) -> int:
        """An HTML tag: move past it. A block's (not a script's) or a line break starts or ends a line
        of plain text; code and its kin are not prose, a script or style with all it holds. Returns
        where the raw HTML goes on."""
        self._pass(m.group())
        name, closing = m.group(2).lower(), m.group(1)
        self.crossed |= name == "br" or (name in self.blocks and name not in _RAW_END)
        if name not in _CODE_TAGS or m.group().endswith("/>"):
            return m.end()
        if closing:
            self.raw_code = max(0, self.raw_code - 1)
            return m.end()
        end = _RAW_END[name].search(raw, m.end()) if name in _RAW_END else None
        if end is None:
            self.raw_code += 1  # what it holds is in this stash entry's neighbours (an inline tag)
            return m.end()
        self._pass(raw[m.end():end.end()])
        return end.end()

    def _raw_text(self, text: str, level: int) -> str:
        """Text in raw HTML, with its entities decoded for the plain text and sentinels for the HTML."""
        if "\n" in text and text.isspace():
            return text  # between blocks
        if level != _PROSE or self.raw_code:
            self._pass(html.unescape(text))
            return text
        out, pos = [], 0
        for m in _ENTITY.finditer(text):
            out.append(self._literal(text[pos:m.start()], _PROSE))
            self._entity(m.group())
            out.append(m.group())
            pos = m.end()
        out.append(self._literal(text[pos:], _PROSE))
        return "".join(out)

    # Text

    def _literal(self, text: str, level: int) -> str:
        """Text without placeholders: prose goes into the plain text (found in the source); code is
        only moved past; text the parse made is left out."""
        if not text or level == _MADE:
            return text
        if level == _CODE or self.raw_code:
            self._pass(html.unescape(text) if "&" in text else text)
            return text
        out, pos = [], 0
        for offset, start, length in self._locate(text):
            self._copy(start, text[offset:offset + length], lead=text[pos:offset])
            out.append(text[pos:offset])
            out.append(self._sentinels(text[offset:offset + length], start))
            pos = offset + length
        if pos < len(text):  # not in the source as such: words, but no place marks can go
            if pos == 0:
                self._separate(None)
            self._add(text[pos:], ~self.cursor)
        out.append(text[pos:])
        return "".join(out)

    def _locate(self, text: str) -> list[tuple[int, int, int]]:
        """Where ``text``, a text node, is in the source from the cursor on: (offset in text, source
        offset, length) stretches. A node is the source's own characters but for the indentation,
        quote markers and tabs Python-Markdown takes out between lines: found whole, else word by word.
        Its first word is looked for first: a far hit of the whole may be a repetition."""
        core = text.strip()
        if not core:  # whitespace between inline elements: the source's if it is at the cursor
            return [(0, self.cursor, len(text))] if self.src.startswith(text, self.cursor) else []
        lead = text.index(core[0])
        at = self._find(core)
        if at < 0 or at - self.cursor > _NEAR:
            first = self._find(core.split(None, 1)[0])
            if first >= 0 and first != at:
                words = self._words(core, first)
                if words:
                    return [(lead + offset, start, length) for offset, start, length in words]
            if at < 0:
                return []
        return [self._widen(text, lead, at, len(core))]

    def _widen(self, text: str, lead: int, at: int, length: int) -> tuple[int, int, int]:
        """The stretch of ``text`` found at ``at``, with the whitespace around it where the source has it."""
        before, after = text[:lead], text[lead + length:]
        if before and at - lead >= self.cursor and self.src.startswith(before, at - lead):
            at, length, lead = at - lead, length + lead, 0
        if after and self.src.startswith(after, at + length):
            length += len(after)
        return lead, at, length

    def _words(self, core: str, first: int) -> list[tuple[int, int, int]]:
        """``core`` word by word from source offset ``first``, each where the next one should be
        (after whitespace and quote markers); none if one is not: then ``first`` was not it."""
        found: list[list[int]] = []
        pos = first
        for m in _WORD.finditer(core):
            at = _BETWEEN_WORDS.match(self.src, pos).end() if found else first
            if not self.src.startswith(m.group(), at):
                return []
            last = found[-1] if found else None
            if last and core[last[0] + last[2]:m.start()] == self.src[last[1] + last[2]:at]:
                last[2] = m.end() - last[0]
            else:
                found.append([m.start(), at, m.end() - m.start()])
            pos = at + m.end() - m.start()
        return [tuple(f) for f in found]

    def _pass(self, text: str) -> None:
        """Move the cursor past source that is not prose (code, a tag), so that the next prose is not
        looked for inside it; only when it is found right after the cursor (allowing for the markup
        around it and the indentation of its lines): a copy elsewhere must not take the cursor past
        prose (Python-Markdown may move raw HTML, or make tags the source does not have)."""
        text = text.strip()
        if not text:
            return
        near = 16 + 8 * text.count("\n")
        at = self._find(text, near=near)
        if at < 0:
            text = text.rsplit(None, 1)[-1]
            at = self._find(text, near=near)
        if at >= 0:
            self.cursor = at + len(text)

    def _find(self, text: str, start: int | None = None, near: int | None = None) -> int:
        """Where ``text`` is in the source from ``start`` (the cursor), or -1; with ``near``, only
        within its length and ``near`` more characters. Not in a footnote's definition, unless the
        footnotes are being read: that much further, then."""
        start = self.cursor if start is None else start
        stop = None if near is None else start + len(text) + near
        spans = [(a, b) for a, b in self.reserved if b > start and (stop is None or a < stop)]
        if stop is not None:
            stop += sum(b - max(a, start) for a, b in spans)
        at = self.src.find(text, start, stop)
        for a, b in spans:
            if at >= b or at < 0:
                continue
            if at + len(text) > a:
                at = self.src.find(text, b, stop)
        return at

    def _escaped(self, char: str) -> None:
        """A backslash-escaped character: the character is the source's, the backslash is markup."""
        at = self._find("\\" + char, near=8)
        if at >= 0:
            self._copy(at + 1, char)
        else:
            self._separate(None)
            self._add(char, ~self.cursor)

    def _entity(self, ref: str) -> None:
        """An entity: the plain text has its character, which maps to the entity but is not the source's."""
        at = self._find(ref, near=8)
        if at < 0:
            self._separate(None)
            self._add(html.unescape(ref), ~self.cursor)
            return
        self._separate(at)
        self._add(html.unescape(ref), ~at)
        self.prev_end = self.cursor = at + len(ref)

    # The plain text

    def _copy(self, start: int, text: str, lead: str = "") -> None:
        """Text copied from the source at ``start``, after ``lead``: the node's whitespace, which the
        source spells otherwise (a tab Python-Markdown expanded); the source's own, if it is that."""
        if not self._separate(start):
            self._add(lead, ~start)
        self._add(text, start)
        self.prev_end = start + len(text)
        self.cursor = max(self.cursor, self.prev_end)

    def _separate(self, start: int | None) -> bool:
        """What stands between the previous stretch and one at source ``start`` (None: unknown): the
        source itself when only whitespace lies between (then True); a line break (two for a blank
        line) when a block ended or began; nothing when only inline markup (``**``, ``](url)``) does."""
        crossed, self.crossed = self.crossed, False
        prev = self.prev_end
        gap = None if start is None or (prev is not None and start < prev) else self.src[prev or 0:start]
        if gap is not None and (not gap or gap.isspace()):
            self._add(gap, start - len(gap))
            return bool(gap)
        if crossed and self.length:
            breaks = "\n\n" if gap is None or gap.count("\n") > 1 else "\n"
            last = self.chunks[-1]
            have = min(2, len(last) - len(last.rstrip("\n")))
            self._add(breaks[have:], ~(start if start is not None else self.cursor))
        return False

    def _add(self, text: str, source: int) -> None:
        """Append ``text`` to the plain text: a run of its own unless it continues the last one."""
        if not text:
            return
        if self.runs:
            plain, last = self.runs[-1]
            continues = last == source if last < 0 else source - last == self.length - plain
        if not self.runs or not continues:
            self.runs.append((self.length, source))
        self.chunks.append(text)
        self.length += len(text)

    def _sentinels(self, text: str, start: int) -> str:
        """``text`` (the source's at ``start``) with a sentinel before each stretch of it a mark may go
        in: the HTML spells those as the source does (no &, < or >, which it escapes)."""
        out, pos = [], 0
        for m in _VERBATIM.finditer(text):
            if not m.group().isspace():
                out.append(text[pos:m.start()])
                out.append(self.sentinel)
                self.stretches.append((start + m.start(), m.end() - m.start()))
                pos = m.start()
        out.append(text[pos:])
        return "".join(out)


def _level(elem) -> int:
    """Code is source but not prose; footnote numbers, back-links and auto-links (whose text is their
    address) are the parse's."""
    if elem.tag in _CODE_TAGS:
        return _CODE
    if elem.tag == "a" and (elem.get("class") in ("footnote-ref", "footnote-backref")
                            or isinstance(elem.text, md_util.AtomicString)):
        return _MADE
    return _PROSE


READERS = (Reader("markdown", (".md", ".markdown"), _markdown_plain, _markdown_with_marks),
           Reader("text", (".txt",), _text_plain, _text_html))
