"""Finding and reading articles: YAML front matter plus Markdown or plain text.

The reader contract is Pelican's: a file in, ``Article`` (metadata and body)
out. The publication time in ``date`` is required, because every relative
date in the article is resolved against it; a missing or unreadable one is an
error naming the file and line, never a guess.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from dateutil import parser as dateparser
from dateutil import tz

from .config import UNDATED, Config
from .errors import ContentError, display_path
from .filememo import FileMemo
from .markup import READERS, printable, reader_for
from .model import Media

log = logging.getLogger("dateline")

EXTENSIONS = tuple(suffix for r in READERS for suffix in r.suffixes)
# spaCy's limit is a million characters; a longer article is several articles.
MAX_ARTICLE_BYTES = 2_000_000
FUTURE_LIMIT = timedelta(days=366)
KNOWN_KEYS = ("title", "date", "source", "url", "author", "tags", "image", "image_credit", "image_caption",
              "image_alt", "timezone", "events", "corrections", "ignore", "merge", "split", "summary", "undated",
              "draft")
# The editor's overrides (``overrides.py``): lists whose items are reported by their line.
OVERRIDE_KEYS = ("events", "corrections", "ignore", "merge", "split")
# Pictures an article or event may show (``image:``); they are copied, not read as articles.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
MEDIA_KEYS = ("image_credit", "image_caption", "image_alt")
MEDIA_FOLDER = "static/content"  # where the output holds the content folder's pictures
# Common North American and European abbreviations, which dateutil does not know by itself.
TZ_ABBREVIATIONS = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "GMT": 0, "UTC": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "IST": 5.5, "JST": 9, "AEST": 10, "AEDT": 11,
}
_TZINFOS = {name: tz.tzoffset(name, int(hours * 3600)) for name, hours in TZ_ABBREVIATIONS.items()}
_CLOCK = re.compile(r"\d:\d\d|\d\s*[ap]\.?m\b|\bnoon\b|\bmidnight\b", re.IGNORECASE)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Article:
    """One article as read from disk: metadata from the front matter and the body text."""

    path: Path
    slug: str
    title: str
    published: datetime  # timezone-aware
    body: str
    markup: str  # the name of its reader (markup.READERS): "markdown", "text"
    source: str = ""
    url: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    has_time: bool = True  # whether `date` gave a time of day
    undated: str = "publication"  # what becomes of happenings reported without a date (config.UNDATED)
    overrides: dict = field(default_factory=dict, hash=False, compare=False)
    override_lines: dict = field(default_factory=dict, hash=False, compare=False)  # key -> line of each item
    key_lines: dict = field(default_factory=dict, hash=False, compare=False)  # front-matter key -> line
    body_line: int = 1  # line of the file where the body starts
    image: Media | None = None  # the article's picture (`image:`), on its page and as its og:image
    event_media: dict = field(default_factory=dict, hash=False, compare=False)  # index in `events:` -> Media
    draft: bool = False  # `draft: true`: left out of builds, shown (marked) by `dateline serve`
    summary: str = ""  # a line under the title and the page's description (a TimelineJS sheet's title slide)

    def key_line(self, key: str) -> int | None:
        return self.key_lines.get(key)

    @property
    def dct(self) -> date:
        """The publication date the temporal engine anchors to."""
        return self.published.date()


def find_articles(config: Config, memo: FileMemo | None = None) -> list[Path]:
    """Article files in the content folder; anything else there is skipped with a warning. ``memo``:
    what earlier builds learnt of the files (whether one is binary), by their stat."""
    folder = config.content_path
    if not folder.is_dir():
        raise ContentError("content folder not found; create it or set `content_dir` in dateline.toml", folder)
    found = []
    linked = leaves(folder, config.root)  # else only a link inside the folder can lead out of the site
    for parts, entry in _listing(folder):
        path = Path(entry.path)
        hidden = any(part.startswith(".") for part in parts)
        if entry.is_dir() or (hidden and path.suffix.lower() not in EXTENSIONS):
            continue
        link = entry.is_symlink()
        if hidden:
            log.warning("%s: skipped: a hidden file (its name starts with a dot)", display_path(path))
        elif link and not path.exists():
            log.warning("%s: skipped: a link to a file that does not exist", display_path(path))
        elif not entry.is_file():
            log.warning("%s: skipped: not a regular file", display_path(path))
        elif (link or linked) and leaves(path, config.root):
            raise ContentError("a link to a file outside the site; copy the article in instead", path)
        elif path.suffix.lower() in IMAGE_SUFFIXES:
            continue  # a picture: copied when an article shows it (``find_media``)
        elif path.suffix.lower() not in EXTENSIONS:
            log.warning("%s: skipped: not an article (articles are %s files)", display_path(path),
                        ", ".join(EXTENSIONS))
        elif _binary(path, memo):
            log.warning("%s: skipped: binary data, not text", display_path(path))
        else:
            found.append(path)
    return found


def find_media(config: Config) -> list[Path]:
    """The pictures of the content folder: what a build may copy, so part of its fingerprint."""
    folder = config.content_path
    if not folder.is_dir():
        return []
    return [Path(entry.path) for parts, entry in _listing(folder)
            if parts[-1].lower().endswith(IMAGE_SUFFIXES) and entry.is_file()
            and not any(part.startswith(".") for part in parts)]


def _listing(folder: Path) -> list[tuple[tuple[str, ...], os.DirEntry]]:
    """(names from ``folder`` down, entry) of everything under ``folder``, as ``sorted(folder.rglob("*"))``
    lists it (by names, not descending into linked folders), from one ``os.scandir`` per folder: an
    archive's 20,000 articles are listed in a fraction of a second, which the no-change build is made of."""
    out: list[tuple[tuple[str, ...], os.DirEntry]] = []
    pending = [((), str(folder))]
    while pending:
        above, where = pending.pop()
        try:
            with os.scandir(where) as entries:
                for entry in entries:
                    parts = (*above, entry.name)
                    out.append((parts, entry))
                    if entry.is_dir() and not entry.is_symlink():
                        pending.append((parts, entry.path))
        except OSError:
            continue
    out.sort(key=lambda item: item[0])
    return out


def read_media(item: dict, path: Path, config: Config, line: int | None, described_by: str) -> Media | None:
    """The picture of a front matter or an ``events:`` item (`image`, `image_credit`, `image_caption`,
    `image_alt`): a web address as it is, or a file of the content folder, relative to the article.
    A picture without `image_alt` warns: readers of screens are told nothing of it (an empty alt
    when its caption or credit describes it, else ``described_by``, the title or event it shows)."""
    raw = item.get("image")
    if raw is None or raw == "":
        return None
    for key in ("image", *MEDIA_KEYS):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise ContentError(f"`{key}` must be text", path, line)
    words = {key: " ".join((item.get(key) or "").split()) for key in MEDIA_KEYS}
    src, file = _image_source(raw.strip(), path, config, line)
    alt = words["image_alt"] if isinstance(item.get("image_alt"), str) else None  # "" says: decorative
    width, height = picture_size(file) if file else (None, None)
    media = Media(src, words["image_credit"], words["image_caption"], alt, file, width, height)
    if media.alt is None:
        shown = "an empty alt, as its caption or credit describes it" if media.described else \
            f"`{described_by}` as its alt"
        log.warning("%s%s: `image` has no `image_alt`; add a few words saying what the picture shows "
                    "(it is shown with %s)", display_path(path), f":{line}" if line else "", shown)
    return media


def picture_size(file: Path) -> tuple[int | None, int | None]:
    """A local picture's width and height in pixels from its header (``imagesize`` reads PNG, JPEG,
    GIF, WebP, AVIF and SVG without decoding them); (None, None) when it cannot tell, as for an SVG
    sized only in ems or a truncated file: the page then shows it without reserving room."""
    import imagesize
    try:
        width, height = imagesize.get(file)
    except (OSError, ValueError):
        return None, None
    if not (isinstance(width, (int, float)) and isinstance(height, (int, float))) or width <= 0 or height <= 0:
        return None, None
    return round(width), round(height)


def _image_source(raw: str, path: Path, config: Config, line: int | None) -> tuple[str, Path | None]:
    """(address in the output, local file or None) of an `image:` value; an error saying what to fix."""
    if re.match(r"https?://[^\s]+$", raw, re.IGNORECASE):
        return raw, None
    usage = "; give a web address (https://...) or a picture in the content folder, e.g. `image: media/photo.jpg`"
    if re.match(r"[a-z][a-z0-9+.-]*:|[/\\]", raw, re.IGNORECASE):
        raise ContentError(f"`image: {raw}` is neither a web address nor a path relative to the article" + usage,
                           path, line)
    file = (path.parent / raw)
    folder = config.content_path.resolve()
    if not file.resolve().is_relative_to(folder):
        raise ContentError(f"`image: {raw}` is outside the content folder" + usage, path, line)
    if file.suffix.lower() not in IMAGE_SUFFIXES:
        raise ContentError(f"`image: {raw}` is not a picture ({', '.join(IMAGE_SUFFIXES)} files)" + usage, path, line)
    if not file.is_file():
        raise ContentError(f"`image: {raw}`: no such file ({display_path(file)}); put the picture there or "
                           f"correct the path (it is relative to the article)", path, line)
    rel = file.resolve().relative_to(folder).as_posix()
    return f"{MEDIA_FOLDER}/{quote(rel)}", file.resolve()


def _embed(item: dict, path: Path, line: int | None) -> Media | None:
    """An event's `media:`, the address of a video, post or map (a TimelineJS sheet's Media that
    is no picture), with its `image_credit` and `image_caption`; None when it has none."""
    raw = item.get("media")
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not re.match(r"https?://[^\s]+$", raw.strip(), re.IGNORECASE):
        raise ContentError("`media` must be a web address (https://...) of a video, post or map", path, line)
    words = {key: " ".join(str(item.get(key) or "").split()) for key in MEDIA_KEYS}
    return Media(raw.strip(), words["image_credit"], words["image_caption"], embed=True)


def _event_media(items, lines: list[int], path: Path, config: Config) -> dict:
    """The picture of each hand-made event that has one, by its index in `events:` (the list's
    other mistakes are ``overrides.added_events``'s to report)."""
    if not isinstance(items, list):
        return {}
    found = {}
    for i, item in enumerate(items):
        if isinstance(item, dict):
            line = lines[i] if i < len(lines) else None
            media = read_media(item, path, config, line, str(item.get("text", ""))) or _embed(item, path, line)
            if media is not None:
                found[i] = media
    return found


def _draft(meta: dict, path: Path, text: str) -> bool:
    """Whether the article is a draft; anything but true or false is an error (``draft: yes please``
    would otherwise publish, or hide, an article by accident)."""
    value = meta.get("draft", False)
    if type(value) is not bool:
        raise ContentError("`draft` must be true or false, e.g. `draft: true`", path, _key_line(text, "draft"))
    return value


def leaves(path: Path, root: Path) -> bool:
    """Whether ``path`` is (or goes through) a link that ends outside ``root``: such a file is not the
    site's own, and publishing it could publish anything on the machine (/etc/passwd)."""
    return not path.resolve().is_relative_to(root.resolve())


def _binary(path: Path, memo: FileMemo | None) -> bool:
    """Whether the file holds binary data; one that cannot be read is left to reading, which says why."""
    try:
        return memo.binary(path) if memo is not None else _is_binary(path)
    except OSError:
        return False


def _is_binary(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text
    return b"\0" in head


def read_all(config: Config) -> list[Article]:
    articles = [read(path, config) for path in find_articles(config)]
    check_slugs(articles)
    return articles


def check_slugs(articles: list[Article]) -> None:
    """Two articles may not share a slug: they would share a page."""
    seen: dict[str, Path] = {}
    for article in articles:
        if article.slug in seen:
            raise ContentError(f"same page name `{article.slug}` as {seen[article.slug].name}; rename one of them",
                               article.path)
        seen[article.slug] = article.path


def read(path: Path, config: Config) -> Article:
    text = _decode(path)
    meta, body, body_line = split_front_matter(text, path)
    meta, body = printable(meta), printable(body)
    _warn_unknown_keys(meta, path, text)
    zone = _zone(meta, config, path, text)
    if "date" in meta and meta["date"] in (None, ""):  # as `dateline import` leaves a page without one
        raise ContentError("`date` is empty; fill in the publication date, e.g. `date: 2022-11-12`", path,
                           _key_line(text, "date"))
    published, has_time = parse_date(meta.get("date"), zone, path, _key_line(text, "date"))
    markup = reader_for(path.suffix).name
    title = _title(meta, body, path, text)
    tags = meta.get("tags") or ()
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    if not isinstance(tags, (list, tuple)) or not all(isinstance(t, (str, int, float)) for t in tags):
        raise ContentError("`tags` must be a list of words, e.g. [courts, budget]", path, _key_line(text, "tags"))
    for key in ("source", "url", "author", "summary"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise ContentError(f"`{key}` must be text", path, _key_line(text, key))
    if meta.get("url") and not re.match(r"https?://[^\s]+$", meta["url"].strip(), re.IGNORECASE):
        raise ContentError("`url` must be a web address starting with http:// or https://", path,
                           _key_line(text, "url"))
    if published - datetime.now(timezone.utc) > FUTURE_LIMIT:
        log.warning("%s:%s: `date` %s is more than a year from now; check the year", display_path(path),
                    _key_line(text, "date"), published.date().isoformat())
    undated = meta.get("undated", config.undated)
    if undated not in UNDATED:
        raise ContentError(f"`undated` must be one of: {', '.join(UNDATED)}", path, _key_line(text, "undated"))
    overrides = {k: meta[k] for k in OVERRIDE_KEYS if meta.get(k) is not None}
    draft = _draft(meta, path, text)
    image = read_media(meta, path, config, _key_line(text, "image"), title)
    lines = item_lines(_FRONT.match(text).group(1)) if overrides else {}
    event_media = _event_media(overrides.get("events"), lines.get("events", []), path, config)
    if not body.strip() and "events" not in overrides:
        log.warning("%s:%s: the article has no text after its front matter, so nothing of it reaches the "
                    "timeline; add its text (or events: by hand)", display_path(path), body_line)
    return Article(path=path, slug=slugify(path.stem), title=title, published=published, body=body,
                   markup=markup, source=meta.get("source") or "", url=meta.get("url") or "",
                   author=meta.get("author") or "", tags=tuple(str(t) for t in tags), has_time=has_time, undated=undated,
                   overrides=overrides, override_lines=lines, event_media=event_media,
                   key_lines={str(k): _key_line(text, str(k)) for k in meta}, body_line=body_line,
                   image=image, draft=draft, summary=" ".join((meta.get("summary") or "").split()))


def item_lines(front_matter: str) -> dict[str, list[int]]:
    """Line (in the file) of every item under the override keys (``OVERRIDE_KEYS``), for messages."""
    lines: dict[str, list[int]] = {}
    try:
        root = yaml.compose(front_matter)
    except yaml.YAMLError:
        return lines
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value in OVERRIDE_KEYS and isinstance(value, yaml.SequenceNode):
                lines[key.value] = [item.start_mark.line + 2 for item in value.value]  # +1 for ---, +1 from 0
    return lines


def _decode(path: Path) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error at the bad byte."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise ContentError(f"article is {size / 1e6:.1f} MB; the limit is {MAX_ARTICLE_BYTES // 1_000_000} MB: "
                           f"split it into several articles", path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read the article ({exc.strerror}); check its permissions", path) from None
    if not data.strip():
        raise ContentError("empty file; write front matter with at least `date:` and the article text", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ContentError(f"broken UTF-16 text (bad byte at offset {exc.start}); save the file as UTF-8",
                               path) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (bad byte at offset {exc.start}); save the file as UTF-8", path) from None


def _front_matter_loader(base):
    """``base`` reading front matter as Dateline wants it: dates stay text (``parse_date`` reads them,
    so an impossible one is a message, not an exception inside PyYAML) and a key given twice is an
    error instead of the last one silently winning."""
    class Loader(base):
        yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                                   for first, resolvers in base.yaml_implicit_resolvers.items()}

        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _value in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(None, None, f"`{key_node.value}` is given twice",
                                                                key_node.start_mark)
                    seen.add(key_node.value)
            return super().construct_mapping(node, deep)

    return Loader


_FAST_LOADER = _front_matter_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_LOADER = _front_matter_loader(yaml.SafeLoader)


def _load_yaml(text: str):
    """YAML read by libyaml where PyYAML has it (ten times faster: a site reads a front matter per
    article); a mistake is read again by the Python parser, whose messages Dateline shows. Aliases
    (``*name``) are refused before anything is built: expanded, a few lines of them fill the memory."""
    if "*" in text and any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=_FAST_LOADER)):
        raise yaml.YAMLError("YAML aliases (*name) are not allowed in front matter; write the values out")
    try:
        return yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.load(text, Loader=_LOADER)


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """(metadata, body, line where the body starts). Every article needs front matter with `date`."""
    if not text.lstrip("\ufeff").startswith("---"):
        raise ContentError("no front matter; start the file with a `---` block containing at least `date:`",
                           path, 1)
    m = _FRONT.match(text)
    if not m:
        raise ContentError("front matter is not closed; add a line `---` after it", path, 1)
    try:
        meta = _load_yaml(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)  # where it started
        line = mark.line + 2 if mark else 2
        problem = getattr(exc, "problem", None) or (str(exc) if type(exc) is yaml.YAMLError else "invalid YAML")
        raise ContentError(f"invalid YAML in front matter: {problem}", path, line) from None
    except RecursionError:
        raise ContentError("front matter is nested too deeply to read; write plain `key: value` lines",
                           path, 2) from None
    if not isinstance(meta, dict):
        raise ContentError("front matter must be `key: value` lines", path, 2)
    body_line = text.count("\n", 0, m.end()) + 1
    return meta, text[m.end():], body_line


def _key_line(text: str, key: str) -> int | None:
    m = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _warn_unknown_keys(meta: dict, path: Path, text: str) -> None:
    for key in meta:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            line = _key_line(text, str(key))
            log.warning("%s:%s: unknown front-matter key `%s`%s", display_path(path), line, key, hint)


def _zone(meta: dict, config: Config, path: Path, text: str):
    name = meta.get("timezone") or config.timezone
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ContentError(f"unknown timezone {name!r}; use an IANA name such as America/New_York",
                           path, _key_line(text, "timezone")) from None


def parse_date(raw, zone, path: Path, line: int | None) -> tuple[datetime, bool]:
    """A publication time in any common form, made timezone-aware; (time, whether a time of day was given)."""
    if raw is None or raw == "":
        raise ContentError("missing `date` (the publication date); add e.g. `date: 2022-11-12`", path, line or 2)
    if isinstance(raw, datetime):
        value, has_time = raw, True
    elif isinstance(raw, date):
        value, has_time = datetime.combine(raw, time()), False
    else:
        value, has_time = _parse_date_text(str(raw), path, line)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    try:
        shown = value.astimezone(zone)  # in the article's own zone ("CST", not "UTC-06:00")
        if not (1 <= (shown - timedelta(days=1)).year and (shown + timedelta(days=1)).year <= 9998):
            raise OverflowError
    except OverflowError:
        raise ContentError(f"`date: {raw}` is beyond the dates Dateline can place (years 1 to 9998)",
                           path, line) from None
    return shown, has_time


def _parse_date_text(raw: str, path: Path, line: int | None) -> tuple[datetime, bool]:
    cleaned = re.sub(r"\b([A-Za-z]{3,4})\.", r"\1", raw.strip())  # "Nov. 12" -> "Nov 12"
    try:
        value = datetime.fromisoformat(cleaned)
        return value, len(cleaned) > 10
    except ValueError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", dateparser.UnknownTimezoneWarning)
            value = dateparser.parse(cleaned, tzinfos=_TZINFOS, default=datetime(1, 1, 1))
    except dateparser.UnknownTimezoneWarning as exc:
        zone = str(exc).split("tzname ")[-1].split(" ")[0]
        raise ContentError(f"`date: {raw}`: unknown timezone {zone}; write the offset instead "
                           f"(e.g. 2022-11-12T21:38:00+05:00) or set `timezone:`", path, line) from None
    except (ValueError, OverflowError, dateparser.ParserError):
        raise ContentError(f"cannot read `date: {raw}`; write it as 2022-11-12 or 2022-11-12T21:38:00-05:00",
                           path, line) from None
    if value.year == 1 or not re.search(r"\d{4}", cleaned):
        raise ContentError(f"`date: {raw}` has no year; write it as 2022-11-12", path, line)
    return value, bool(_CLOCK.search(cleaned))


def _title(meta: dict, body: str, path: Path, text: str) -> str:
    title = meta.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        raise ContentError("`title` must be text, e.g. `title: Council approves repairs`", path,
                           _key_line(text, "title"))
    if title:
        return str(title).strip()
    m = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
    if m:
        return m.group(1).strip()
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


@lru_cache(maxsize=1 << 14)  # every build slugs every actor's name again
def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "article"
