"""`dateline import`: drafts of articles written into the content folder, nothing lost, nothing doubled.

An article already there is recognised by its address or by its text (one without an address, as a
TimelineJS sheet, also by its title); it is never overwritten: when the source has changed that is reported, and
``--update`` rewrites the file keeping what the editor added (``EDITOR_KEYS``, a ``date`` the import
could not find, a picture saved beside the articles). An edit that only adds such keys, or moves
keys about, is no change. New files are
named from the date and the title. Every source item ends as one ``Outcome`` of the summary.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from .content import EXTENSIONS, slugify, split_front_matter
from .draft import Draft, Failed
from .errors import ContentError, DatelineError, display_path
from .ingest import Options, fetch, read_source

# Front-matter keys an editor adds after an import, which --update keeps.
EDITOR_KEYS = ("corrections", "ignore", "events", "merge", "split", "undated", "timezone", "draft", "summary",
               "image_alt", "image_caption", "image_credit")
MIN_WORDS = 12  # a text shorter than this says too little to recognise an article by
MAX_NAME = 60
MEDIA_DIR = "media"  # where --fetch-media saves pictures, beside the articles that show them
# The first bytes of each kind of picture a page may show, and the suffix its file is given.
PICTURES = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF87a", ".gif"), (b"GIF89a", ".gif"))


@dataclass
class Outcome:
    """What became of one source item: imported, updated, duplicate, changed (left) or failed."""

    kind: str
    origin: str
    path: Path | None = None
    reason: str = ""
    undated: bool = False


@dataclass
class Report:
    """Every outcome of an import, in source order, and the one-line summary."""

    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    media: list[str] = field(default_factory=list)  # pictures --fetch-media could not save, and why

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        parts = [f"{verb} {self.count('imported')}", f"updated {self.count('updated')}",
                 f"skipped {self.count('duplicate')} as duplicate", f"{self.count('changed')} changed and not "
                 f"replaced (--update replaces them)", f"{self.count('failed')} failed"]
        undated = sum(1 for o in self.outcomes if o.undated and o.kind in ("imported", "updated"))
        return ", ".join(parts) + (f"; {undated} without a date to fill in" if undated else "")


@dataclass
class Known:
    """An article file of the content folder as the import compares it: where, its text, its keys."""

    path: Path
    text: str
    meta: dict
    fresh: bool = False  # written by this import


class Index:
    """The content folder's articles by address, by text and (sheets) by title, and the page names taken."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.keys: dict[tuple[str, str], Known] = {}
        self.slugs: set[str] = set()
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file() and path.suffix.lower() in EXTENSIONS:
                self.slugs.add(slugify(path.stem))
                self._read(path)

    def _read(self, path: Path) -> None:
        """Index one existing file; one that cannot be read (the build will say why) is only a name."""
        try:
            text = path.read_text(encoding="utf-8")
            meta, body, _line = split_front_matter(text, path)
        except (OSError, UnicodeDecodeError, ContentError):
            return
        self.add(Known(path, text, meta), meta.get("url"), body, meta.get("title"))

    def add(self, known: Known, url, body: str, title) -> None:
        for key in identities(url, body, title):
            self.keys.setdefault(key, known)

    def find(self, draft: Draft) -> tuple[Known | None, str]:
        """The article this draft is already, if any, and by what it was recognised."""
        for key in identities(draft.url, draft.body, draft.title):
            if key in self.keys:
                return self.keys[key], key[0]
        return None, ""

    def new_path(self, draft: Draft) -> Path:
        """A file name from the date and title that no article's page name takes yet."""
        stem = slugify(draft.title or draft.body[:MAX_NAME])[:MAX_NAME].strip("-") or "article"
        stem = f"{draft.date[:10]}-{stem}" if draft.date else stem
        name, n = stem, 1
        while slugify(name) in self.slugs or (self.folder / f"{name}.md").exists():
            n += 1
            name = f"{stem}-{n}"
        self.slugs.add(slugify(name))
        return self.folder / f"{name}.md"


def identities(url, body: str, title) -> list[tuple[str, str]]:
    """What makes two articles the same one: the address (without tracking and fragment), the
    words of the text, and for an article without an address (a sheet of events, a saved page
    that gives none) its title, so that its next version is recognised."""
    keys = []
    if isinstance(url, str) and url.strip():
        keys.append(("url", normal_url(url)))
    words = re.findall(r"\w+", (body or "").lower())
    if len(words) >= MIN_WORDS:
        keys.append(("text", hashlib.sha256(" ".join(words).encode()).hexdigest()))
    has_url = isinstance(url, str) and url.strip()
    if not has_url and isinstance(title, str) and title.strip():
        keys.append(("title", " ".join(re.findall(r"\w+", title.lower()))))
    return keys


def normal_url(url: str) -> str:
    """An address as it identifies a page: scheme and host in lower case, no fragment, no
    ``utm_`` tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = "&".join(q for q in parts.query.split("&") if q and not q.lower().startswith("utm_"))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), query, ""))


def render(draft: Draft, kept: dict | None = None) -> str:
    """The article file of a draft: front matter (an empty `date:` when none was found) and body;
    ``kept`` are the editor's keys of the file it replaces."""
    kept = kept or {}
    url = draft.url if re.match(r"https?://\S+$", draft.url, re.IGNORECASE) else ""  # as the build requires
    date = draft.date or str(kept.get("date") or "")
    meta = {"title": draft.title, "date": date, "source": draft.source, "author": draft.author, "url": url,
            "tags": draft.tags, "image": draft.image, "image_alt": draft.image_alt, "image_caption": draft.image_caption,
            "image_credit": draft.image_credit, "summary": draft.summary, "events": draft.events}
    for key in EDITOR_KEYS:
        if kept.get(key) is not None and not meta.get(key):
            meta[key] = kept[key]
    if _local_picture(kept.get("image")) and re.match(r"https?://", meta["image"] or "", re.IGNORECASE):
        meta["image"] = kept["image"]  # saved by --fetch-media (or chosen by the editor): not a change
    lines = ["---"]
    for key, value in meta.items():
        if key == "date" or (value and isinstance(value, str)):
            lines.append(_scalar_line(key, value))
        elif value:  # tags as [a, b]; events as a block of items, as an editor writes them
            lines.append(yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100_000,
                                        default_flow_style=None if key == "tags" else False).rstrip("\n"))
    return "\n".join(lines) + "\n---\n" + (draft.body.strip() + "\n" if draft.body.strip() else "")


def _local_picture(value) -> bool:
    """Whether an article's ``image`` is a file beside it rather than a web address."""
    return isinstance(value, str) and bool(value.strip()) and not re.match(r"[a-z][a-z0-9+.-]*:", value, re.IGNORECASE)


def same_article(text: str, other: str, path: Path) -> bool:
    """Whether two article files say the same: the same keys and values in any order, the same
    body (an editor who moves a key or adds a kept one has not changed the article)."""
    try:
        (meta, body, _), (meta2, body2, _) = split_front_matter(text, path), split_front_matter(other, path)
    except ContentError:
        return text == other
    return meta == meta2 and body.strip() == body2.strip()


_ISO = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?)?")


def _scalar_line(key: str, value: str) -> str:
    """``key: value``, unquoted where front matter reads it back as the same text (an ISO date does:
    Dateline's loader keeps dates as text), so that the file reads as an editor would write it."""
    plain = f"{key}: {value}".rstrip()
    if not value or _ISO.fullmatch(value):
        return plain
    return yaml.safe_dump({key: value}, allow_unicode=True, width=100_000).rstrip("\n")


def import_sources(sources: list[str], into: Path, *, dry_run: bool = False, update: bool = False,
                   options: Options = Options(), fetch_media: bool = False) -> Report:
    """Read every source and write its articles into ``into`` (nothing when ``dry_run``); with
    ``fetch_media`` their pictures are saved in ``into/media/`` and referred to there."""
    index, report = Index(into), Report(dry_run=dry_run)
    for source in sources:
        try:
            items = read_source(source, options)
        except DatelineError as exc:
            report.outcomes.append(Outcome("failed", exc.location() or source, reason=exc.message))
            continue
        for item in items:
            if isinstance(item, Failed):
                report.outcomes.append(Outcome("failed", item.origin, reason=item.reason))
            else:
                media = report.media if fetch_media and not dry_run else None
                report.outcomes.append(_place(item, index, dry_run, update, media))
    return report


def save_media(draft: Draft, folder: Path) -> list[str]:
    """Download the draft's picture and its events' into ``folder`` and refer to them there (a path
    relative to the article, which the import writes beside ``folder``). A picture that cannot be
    fetched keeps its address; what went wrong is returned, one line each."""
    problems = []
    holders = [vars(draft), *draft.events]  # the draft's `image` and each event's
    for holder in holders:
        address = holder.get("image") or ""
        if not re.match(r"https?://\S+$", address, re.IGNORECASE):
            continue
        try:
            holder["image"] = f"{folder.name}/{_save_picture(address, folder).name}"
        except DatelineError as exc:
            problems.append(f"{address}: {exc.message}; the article refers to the address instead")
    return problems


def _save_picture(address: str, folder: Path) -> Path:
    """The file in ``folder`` holding the picture at ``address``: one already there with the same
    bytes (a second import writes nothing new), or a new one named after the address."""
    data, _final = fetch(address)
    suffix = next((s for magic, s in PICTURES if data.startswith(magic)), None)
    if suffix is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        suffix = ".webp"
    if suffix is None and b"<svg" in data[:1024].lower():
        suffix = ".svg"
    if suffix is None:
        raise DatelineError("not a picture (PNG, JPEG, GIF, WebP or SVG)")
    stem = slugify(Path(urlsplit(address).path).stem)[:MAX_NAME].strip("-") or "picture"
    name, n = stem, 1
    while (folder / f"{name}{suffix}").exists():
        if (folder / f"{name}{suffix}").read_bytes() == data:
            return folder / f"{name}{suffix}"
        n += 1
        name = f"{stem}-{n}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{name}{suffix}").open("xb") as fh:
            fh.write(data)
    except OSError as exc:
        raise DatelineError(f"cannot save it ({exc.strerror}); check the folder's permissions") from None
    return folder / f"{name}{suffix}"


def _place(draft: Draft, index: Index, dry_run: bool, update: bool, media: list[str] | None = None) -> Outcome:
    """Write one draft as a new article, over the one it replaces (--update), or not at all; given
    ``media``, its pictures are saved beside the article first (problems appended to it)."""
    known, how = index.find(draft)
    if media is not None:
        media += save_media(draft, (known.path.parent if known else index.folder) / MEDIA_DIR)
    undated = not draft.date
    if known is None:
        path = index.new_path(draft)
        text = render(draft)
        _write(path, text, dry_run, new=True)
        index.add(Known(path, text, {}, fresh=True), draft.url, draft.body, draft.title)
        return Outcome("imported", draft.origin, path, undated=undated)
    text = render(draft, known.meta)
    if same_article(text, known.text, known.path) or known.fresh or how == "text":  # the same words elsewhere: the same article
        return Outcome("duplicate", draft.origin, known.path)
    if not update:
        return Outcome("changed", draft.origin, known.path)
    _write(known.path, text, dry_run, new=False)
    known.text = text
    return Outcome("updated", draft.origin, known.path, undated=undated and not known.meta.get("date"))


def _write(path: Path, text: str, dry_run: bool, new: bool) -> None:
    """Write an article; a new one only where no file is (``x`` mode: never over one)."""
    if dry_run:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x" if new else "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise DatelineError(f"cannot write the article ({exc.strerror}); check the folder's permissions",
                            path) from None


def describe(outcome: Outcome) -> str:
    """One line of the import's account of an item."""
    where = display_path(outcome.path) if outcome.path else ""
    return {
        "imported": f"imported {outcome.origin} -> {where}",
        "updated": f"updated {where} from {outcome.origin}",
        "duplicate": f"skipped {outcome.origin}: the same article as {where}",
        "changed": f"{where}: differs from what {outcome.origin} gives now (the source changed or the file was edited); not replaced (--update "
                   f"replaces it, keeping your {', '.join(EDITOR_KEYS)} and a saved picture)",
        "failed": f"{outcome.origin}: {outcome.reason}",
    }[outcome.kind]
