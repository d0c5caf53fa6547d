"""Reading what `dateline import` is given into drafts of articles: pages, feeds, spreadsheets.

Each source gives ``Draft``s (the front matter and body an article file will hold) and
``Failed`` items (a row or feed item that could not be read, with what to fix), so that one
bad row never stops the good ones. Main text and metadata of web pages come from trafilatura
and the publication time from htmldate, the libraries made for that (they know
``article:published_time``, JSON-LD ``NewsArticle``, ``<time>`` and dates in addresses);
feeds are read by feedparser. Writing the drafts is ``importer.py``'s.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from .draft import Draft, Failed, check_date, fragment_markdown, resources
from .errors import DatelineError
from .sheets import is_timelinejs, read_timelinejs
from .webpage import image_alt, linked_data, live_stamps, with_stamps

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
MAX_FETCH_BYTES = 20_000_000
FETCH_TIMEOUT = 20
USER_AGENT = "dateline-import (+https://github.com/)"


@dataclass(frozen=True)
class Options:
    """How sources are read: whether feed items' links are fetched, and renamed article columns."""

    follow: bool = False
    columns: tuple[tuple[str, str], ...] = ()


def read_source(source: str, options: Options) -> list[Draft | Failed]:
    """Every draft (or failure) of one command-line source: a URL, a file or a folder of pages.
    A source that cannot be read at all is a ``DatelineError`` naming it."""
    if source.lower().startswith(("http://", "https://")):
        data, url = fetch(source)
        return _read_data(data, source, url, kind=_sniff(data, ""), options=options)
    path = Path(source)
    if path.is_dir():
        pages = sorted(p for p in path.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and p.is_file())
        if not pages:
            raise DatelineError(f"no saved pages ({', '.join(PAGE_SUFFIXES)} files) in this folder", path)
        return [item for page in pages for item in read_source(str(page), options)]
    if not path.is_file():
        raise DatelineError("no such file or folder; give a saved page, a folder, a feed, a CSV or JSON-lines "
                            "file, or an http(s) address", path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatelineError(f"cannot read: {exc.strerror}", path) from None
    return _read_data(data, str(path), "", kind=_sniff(data, path.suffix.lower()), options=options)


def _read_data(data: bytes, origin: str, url: str, kind: str, options: Options) -> list[Draft | Failed]:
    """The drafts of one file or response, by its kind."""
    if kind == "csv":
        return read_csv(_text(data, origin), origin, options)
    if kind == "jsonl":
        return read_jsonl(_text(data, origin), origin, options)
    if kind == "feed":
        return read_feed(data, origin, options)
    return [read_page(data, origin, url)]


def _sniff(data: bytes, suffix: str) -> str:
    """The kind of a source from its name, or for a URL (and an unknown name) from its first bytes:
    feeds are XML whose root is ``rss``, ``feed`` (Atom) or ``rdf:RDF`` (RSS 1.0)."""
    if suffix == ".csv":
        return "csv"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PAGE_SUFFIXES:
        return "page"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or suffix in FEED_SUFFIXES:
        return "feed"
    return "page"


def _text(data: bytes, origin: str) -> str:
    """A spreadsheet's text: UTF-8 (as Sheets and Excel's "CSV UTF-8" save it), with or without BOM."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatelineError(f"not UTF-8 text (bad byte at offset {exc.start}); save it as CSV UTF-8",
                            origin) from None


def fetch(url: str) -> tuple[bytes, str]:
    """The body of ``url`` and the address it ended at (after redirects); errors name no file (an
    address is no path), the caller puts the address in front. The standard library is
    enough here, and unlike trafilatura's ``fetch_url`` (which returns None) it says why a fetch
    failed, which the user's one-line message needs."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(MAX_FETCH_BYTES + 1)
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise DatelineError(f"the server answered {exc.code} {exc.reason}; check the address") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DatelineError(f"cannot fetch ({reason}); check the address and that this machine is online") from None
    if len(data) > MAX_FETCH_BYTES:
        raise DatelineError(f"more than {MAX_FETCH_BYTES // 1_000_000} MB; save the page and import the file")
    return data, final


def read_page(data: bytes | str, origin: str, url: str = "") -> Draft | Failed:
    """A web page's article: main text as Markdown without the page's furniture (navigation,
    comments, share buttons: trafilatura's job), its metadata, and its publication time."""
    import trafilatura
    html = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    meta = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False)
    body = trafilatura.extract(html, url=url or None, output_format="markdown", include_comments=False,
                               include_tables=True)  # not `deduplicate`: its cache spans calls
    if meta is None or not body:
        return Failed(origin, "no article text found in the page; save the article's own page, not an index")
    title = (meta.title or "").strip()
    tree = _tree(html)
    ld = linked_data(tree)
    image = (meta.image or "").strip()
    return Draft(origin=origin, title=title, date=page_date(html, url) or (meta.date or ""),
                 source=(meta.sitename or "").strip() or ld.publisher, author=(meta.author or "").strip() or ld.author,
                 url=_address(meta.url, ld.url, url), tags=_tags(meta.tags or []) or _tags(meta.categories or []),
                 image=image or ld.image, image_alt=image_alt(tree) if image or ld.image else "",
                 image_caption="" if image else ld.image_caption,
                 image_credit="" if image else ld.image_credit,
                 body=with_stamps(_without_title(body, title), live_stamps(tree)))


def _address(found, linked: str, fetched: str) -> str:
    """The article's address: the page's own (``og:url``, canonical link), else its JSON-LD's,
    else where it was fetched from (which trafilatura reports as found when the page gives none)."""
    found = (found or "").strip()
    return found if found and found != fetched else linked or fetched


def _tree(html: str):
    """The page as an lxml tree, for what trafilatura does not read (JSON-LD's address and picture)."""
    import lxml.html
    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return lxml.html.document_fromstring("<html></html>")


def page_date(html: str, url: str = "") -> str:
    """The publication time with its offset where the page gives one (htmldate, original date
    rather than the last update); only the day where that is all it gives; "" when it has none.
    trafilatura's own ``date`` is this same search cut to the day, so it is only the fallback."""
    import htmldate
    found = htmldate.find_date(html, url=url or None, original_date=True, extensive_search=True,
                               outputformat="%Y-%m-%dT%H:%M:%S%z")
    if not found:
        return ""
    day, clock = found[:10], found[11:19]
    offset = found[19:]
    if not offset and clock == "00:00:00":
        return day  # a day, not midnight
    return f"{day}T{clock}{offset[:3]}:{offset[3:]}" if offset else f"{day}T{clock}"


def _without_title(body: str, title: str) -> str:
    """The body without a first heading repeating the title (front matter holds the title)."""
    lines = body.strip().split("\n")
    if lines and lines[0].lstrip("#").strip() == title and lines[0].startswith("#"):
        lines = lines[1:]
    return "\n".join(lines).strip() + "\n"


def _tags(values) -> list[str]:
    """Tags from keywords or categories, which pages often give as one comma-separated string."""
    out = []
    for value in values:
        for tag in str(value).split(","):
            if tag.strip() and tag.strip() not in out:
                out.append(tag.strip())
    return out


def read_feed(data: bytes, origin: str, options: Options) -> list[Draft | Failed]:
    """One draft per feed item, from the item itself; with ``--follow`` from the page it links to
    (the item's own date, title and publication filling what the page does not give)."""
    import feedparser
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise DatelineError(f"not a feed that can be read ({parsed.get('bozo_exception')}); check the file",
                                origin)
        raise DatelineError("the feed has no items", origin)
    source = (parsed.feed.get("title") or "").strip()
    return [_feed_item(entry, f"{origin}, item {n}", source, options) for n, entry in enumerate(parsed.entries, 1)]


def _feed_item(entry, origin: str, source: str, options: Options) -> Draft | Failed:
    """A feed item as a draft (or what was wrong with it)."""
    link = (entry.get("link") or "").strip()
    draft = Draft(origin=origin, title=(entry.get("title") or "").strip(), date=_feed_date(entry), source=source,
                  author=(entry.get("author") or "").strip(), url=link,
                  tags=_tags(t.get("term", "") for t in entry.get("tags", [])), image=_feed_image(entry),
                  image_credit=_feed_credit(entry))
    if options.follow and link:
        try:
            data, final = fetch(link)
        except DatelineError as exc:
            return Failed(origin, f"{link}: {exc.message}")
        page = read_page(data, origin, final)
        if isinstance(page, Failed):
            return Failed(origin, f"{link}: {page.reason}")
        return _fill(page, draft)
    content = entry.get("content") or []
    html = content[0].get("value", "") if content else entry.get("summary", "")
    draft.body = fragment_markdown(html)
    if not draft.body.strip():
        return Failed(origin, "the item has no text; import it with --follow to read the page it links to")
    return draft


def _fill(page: Draft, item: Draft) -> Draft:
    """The followed page's draft with the feed item's values where the page gave none."""
    if not page.image:
        page.image_credit = item.image_credit
    for name in ("title", "date", "source", "author", "url", "image"):
        if not getattr(page, name):
            setattr(page, name, getattr(item, name))
    page.tags = page.tags or item.tags
    return page


def _feed_date(entry) -> str:
    """An item's publication time as written (RSS's RFC 822 or Atom's RFC 3339) with its own offset;
    feedparser's parsed time is kept as UTC when the text is in neither form."""
    raw = (entry.get("published") or entry.get("updated") or "").strip()
    for read in (parsedate_to_datetime, datetime.fromisoformat):
        try:
            value = read(raw.replace("Z", "+00:00"))
            if value.tzinfo is not None:
                return value.isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat() if parsed else ""


def _feed_image(entry) -> str:
    """The item's picture: Media RSS content or thumbnail, or an image enclosure."""
    for item in (*entry.get("media_content", []), *entry.get("media_thumbnail", [])):
        if item.get("url"):
            return item["url"]
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return link.get("href", "")
    return ""


def _feed_credit(entry) -> str:
    """Who made the item's picture (Media RSS ``media:credit``), when it has one."""
    credits = [" ".join(str(c.get("content") or "").split()) for c in entry.get("media_credit", [])]
    return next((c for c in credits if c), "") if _feed_image(entry) else ""


def read_jsonl(text: str, origin: str, options: Options) -> list[Draft | Failed]:
    """One article per line of a JSON-lines file, with the keys of a CSV of articles."""
    out: list[Draft | Failed] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            out.append(Failed(f"{origin}:{n}", "not a JSON object; write one {\"title\", \"date\", \"text\"} a line"))
            continue
        if not isinstance(item, dict):
            out.append(Failed(f"{origin}:{n}", "not a JSON object; write one {\"title\", \"date\", \"text\"} a line"))
            continue
        out.append(article_row({str(k).strip().lower(): v for k, v in item.items()}, f"{origin}:{n}", options))
    return out


def read_csv(text: str, origin: str, options: Options) -> list[Draft | Failed]:
    """A CSV: a TimelineJS sheet (one article of events) or one article a row. Rows are numbered
    as a spreadsheet shows them: the header is row 1."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DatelineError(f"not a CSV file that can be read ({exc}); export it again as CSV", origin) from None
    if not rows:
        raise DatelineError("the CSV file is empty; it needs a header row and a row per article or event", origin)
    header = [name.strip().lower() for name in rows[0]]
    records = [(n, dict(zip(header, row))) for n, row in enumerate(rows[1:], 2) if any(c.strip() for c in row)]
    if is_timelinejs(header):
        return read_timelinejs(records, origin)
    missing = [name for name in ("title", "date") if _column(name, options) not in header]
    if missing and _column("text", options) not in header:
        wanted = ", ".join(_column(n, options) for n in ("title", "date", "url", "text"))
        raise DatelineError(f"no columns {wanted} (nor a TimelineJS sheet's Year, Headline, ...); rename them or "
                            f"name yours with --column FIELD=NAME", origin, 1)
    return [article_row(record, f"{origin}:{n}", options) for n, record in records]


def _column(name: str, options: Options) -> str:
    """The column (lower case) a field of a CSV of articles is read from."""
    renamed = dict(options.columns)
    return renamed.get(name, resources()["articles"][name]).strip().lower()


def article_row(record: dict, origin: str, options: Options) -> Draft | Failed:
    """One row (or JSON line) of articles as a draft, or what to fix in it."""
    def cell(name):
        value = record.get(_column(name, options))
        return "" if value is None else value if isinstance(value, list) else str(value).strip()

    text = cell("text")
    if not text and not cell("url"):
        return Failed(origin, f"no `{_column('text', options)}`: give the article's text (or its url and import "
                              f"the page)")
    if not text:
        return Failed(origin, f"no `{_column('text', options)}`; import the page at {cell('url')} instead")
    problem = check_date(cell("date"))
    if problem:
        return Failed(origin, f"`{_column('date', options)}`: {problem}")
    tags = cell("tags")
    return Draft(origin=origin, title=cell("title"), date=cell("date"), source=cell("source"), author=cell("author"),
                 url=cell("url"), tags=_tags(tags if isinstance(tags, list) else [tags]), image=cell("image"),
                 body=fragment_markdown(text))
