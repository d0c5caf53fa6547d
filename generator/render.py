"""Page contexts -> HTML, XML and JSON. Everything is rendered in memory; ``site.py`` writes it.

Links between pages are relative (``../../articles/x/``), so the same output
works at ``/``, under a GitHub project sub-path and from disk. Absolute URLs
(sitemap, feed, Open Graph) use ``base_url``.
"""

from __future__ import annotations

import hashlib
import html
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Callable
from urllib.parse import urljoin

from . import __version__
from .config import Config
from .content import Article, slugify
from .exports import timelinejs_item
from .markup import Mark, PlainText, render_body
from .model import Analysis, Event, Media, sentence_anchor
from .overview import layout as overview_layout
from .pages import Links, key_events, layout
from .temporal import parse
from .themes import Theme, render
from .timeline import Group, Timeline, group

GENERATOR = f"Dateline {__version__}"
# The review page's sections, one per kind of item (``review.py`` makes the items).
REVIEW_TITLES = {"stale": "Overrides that match nothing", "conflict": "Sources that disagree on the date",
                 "guess": "Dates guessed with no evidence", "merge": "Reports joined into one event",
                 "apart": "Reports kept apart that look alike",
                 "undated": "Happenings dated at publication", "likely": "Dates inferred from the text",
                 "pronoun": "Pronouns replaced by a name", "alias": "Names joined to a full name",
                 "dropped": "Names not listed as actors"}


@dataclass(frozen=True)
class ArticlePage:
    article: Article
    plain: PlainText
    analysis: Analysis
    events: tuple[Event, ...]


def page_path(kind: str, slug: str) -> str:
    """Output path of a page, relative to the site root: ``articles/x/index.html``."""
    return f"{kind}/{slug}/index.html"


def page_url(kind: str, slug: str) -> str:
    return f"{kind}/{slug}/"


def relative_root(path: str) -> str:
    depth = path.count("/")
    return "../" * depth if depth else "./"


def feed_ids(config: Config, events) -> tuple[str, dict[str, str]]:
    """The feed's id and its entries' (by event id): Atom wants absolute IRIs, which a path-only
    ``base_url`` cannot give; then stable URNs stand in (uuid5 of the site's title and the event's id)."""
    if config.absolute_base:
        home = absolute_url(config, "")
        return absolute_url(config, "feed.xml"), {e.id: f"{home}#{e.id}" for e in events}
    site = uuid.uuid5(uuid.NAMESPACE_URL, f"dateline:{config.title}")
    return f"urn:uuid:{site}", {e.id: f"urn:uuid:{uuid.uuid5(site, e.id)}" for e in events}


def absolute_url(config: Config, path: str) -> str:
    base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
    return urljoin(base, path)


def media_address(config: Config, media: Media | None) -> str | None:
    """A picture's full address, as Open Graph and TimelineJS want it: a web address as given, a
    copied file under ``base_url``; None when there is none (no picture, or a path-only base_url)."""
    if media is None:
        return None
    if not media.local:
        return media.src
    return absolute_url(config, media.src) if config.absolute_base else None


def body_marks(page: ArticlePage) -> list[Mark]:
    """<time> around every expression and an anchor at every sentence that yields an event."""
    marks = []
    for t in page.analysis.timexes:
        where = page.plain.to_source(t.start, t.end)
        if where is None:
            continue
        value = parse(t.value)
        attrs = f' datetime="{html.escape(value.html_datetime)}"' if value.html_datetime else ""
        marks.append(Mark(where[0], where[1],
                          f'<time class="timex timex-{t.type.lower()}"{attrs} data-value="{html.escape(t.value)}" '
                          f'title="{html.escape(t.label)}" tabindex="0">',
                          "</time>"))
    for sentence in sorted({e.sentence for e in page.analysis.events}):
        start = page.analysis.sentences[sentence][0]
        where = page.plain.source_offset(start)
        marks.append(Mark(where, where, f'<span class="anchor" id="{sentence_anchor(sentence)}"></span>'))
    return marks


def event_json(event: Event, ranked: tuple[int | None, bool] | None = None) -> dict:
    """The event's entry of events.json; ``ranked``: its (rank, key) from the timeline's ranking."""
    value = event.value
    marks = {} if ranked is None or ranked[0] is None else {"key": ranked[1], "rank": ranked[0]}
    return {
        "id": event.id,
        "date": {"value": value.timex, "type": "TIME" if value.gran >= value.gran.PART_OF_DAY else "DATE",
                 "mod": event.mod, "start": value.start.isoformat(), "end": value.end.isoformat(),
                 "granularity": value.gran.label, "label": event.label, "basis": event.basis},
        "text": event.text,
        **({"detail": event.detail} if event.detail else {}),
        **marks,
        "actors": list(event.actors),
        "places": list(event.places),
        "tags": list(event.tags),
        "quote": event.quote,
        "conflicts": list(event.conflicts),
        "sources": [{"article": page_url("articles", s.article) + "#" + s.anchor, "url": s.url,
                     "sentence": s.sentence, "timex": s.timex, "basis": dict(s.basis)} for s in event.sources],
    }


def timelinejs_events(tl: Timeline, which: str) -> tuple[Event, ...]:
    """The events timelinejs.json exports (``which``: the ``timelinejs`` setting): the key events, in
    the order they happened, or every event; every event too when the timeline has no key events
    (``key_events = 0``, or no day that two articles report), as an empty timeline shows nothing."""
    if which == "key":
        key = key_events(tl.events, tl.ranking)
        if key:
            return key
    return tl.events


FEED_ENTRIES = 50


def latest_reported(events: tuple[Event, ...], count: int = FEED_ENTRIES) -> list[Event]:
    """What a feed reader wants: the events most recently reported, newest report first."""
    newest = {e.id: max(s.published for s in e.sources) for e in events}
    order = sorted(range(len(events)), key=lambda i: (newest[events[i].id], i), reverse=True)
    return [events[i] for i in order[:count]]


def json_lines(head: dict, key: str, lines: list[str]) -> str:
    """``head`` plus ``key``: a list of already dumped items, one per line: readable in a diff, and
    fast to write (one compact dump per item, not Python's slow indented encoder)."""
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    listed = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    return f'{opening}{", " if len(opening) > 1 else ""}"{key}": {listed}}}\n'


@dataclass(frozen=True)
class Lazy:
    """A page's context value made only when the page is rendered: ``make(*inputs)``. The inputs
    say what it is made of, so whether a page changed can be known without making it."""

    make: Callable
    inputs: tuple = ()

    def __call__(self):
        return self.make(*self.inputs)


class _Unknown(Exception):
    """An argument the fragments cannot tell by value (a function, an undefined name): not kept."""


class Fragments:
    """Outputs of pure macros (``themes.Environment``) by their arguments: an event's entry is
    rendered once for all the pages at one depth, not once per page.

    Arguments are told apart by value, events and mappings by identity (an ``Event`` is immutable;
    a mapping such as ``actor_slugs`` is hashed once), a page's ``Links`` by the entries of the
    events given. Each kept output holds the events of its
    key, so their ids cannot pass to other objects while it is kept. ``kept``: an earlier build's
    fragments (``dateline serve``), taken where the arguments are the same."""

    def __init__(self, kept: dict | None = None):
        self.kept = kept or {}
        self.made: dict = {}  # what this build used: key -> (output, the events of the key)
        self._mappings: dict[int, tuple[dict, str]] = {}

    def call(self, head: tuple, args: tuple, kwargs: dict, make: Callable[[], str]) -> str:
        events: list[Event] = []
        try:
            key = (head, tuple(self._token(a, events) for a in args),
                   tuple(sorted((k, self._token(v, events)) for k, v in kwargs.items())))
        except _Unknown:
            return make()
        if any(isinstance(a, Links) for a in (*args, *kwargs.values())):
            key += (self._links(args, kwargs, events),)
        found = self.made.get(key) or self.kept.get(key)
        if found is None:
            found = (make(), events)
        self.made[key] = found
        return found[0]

    def _token(self, value, events: list[Event]):
        if isinstance(value, Event):
            events.append(value)
            return "event", id(value)
        if value is None or isinstance(value, (str, int, float)):
            return type(value), value  # Markup is not str, True is not 1
        if isinstance(value, (tuple, list)):
            return type(value), tuple(self._token(v, events) for v in value)
        if isinstance(value, Group):
            return Group, value.key, value.label, value.year, value.month, self._token(value.events, events)
        if isinstance(value, Links):
            return (Links,)  # told apart by the pages of the call's events (_links)
        if isinstance(value, dict):
            return dict, self._mapping(value)
        raise _Unknown

    @staticmethod
    def _links(args: tuple, kwargs: dict, events: list[Event]) -> tuple:
        """What of a page's ``Links`` a macro reads: the pages of the events it is given and of
        those they conflict with. So an event's entry is the same fragment on every page."""
        pages = [a for a in (*args, *kwargs.values()) if isinstance(a, Links)]
        return tuple(tuple(links.get(i) for e in events for i in (e.id, *e.conflicts)) for links in pages)

    def _mapping(self, value: dict) -> str:
        known = self._mappings.get(id(value))
        if known is None or known[0] is not value:
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                raise _Unknown
            known = self._mappings[id(value)] = (value, digest(value))
        return known[1]


def article_body(page: ArticlePage) -> str:
    """The article's text as HTML, every expression and event sentence marked."""
    return render_body(page.article.body, page.article.markup, body_marks(page))


class SiteRenderer:
    """Renders every page of a site from the gathered model objects."""

    def __init__(self, config: Config, theme: Theme, timeline: Timeline, pages: list[ArticlePage],
                 env=None, fragments: Fragments | None = None):
        self.config = config
        self.env = env or theme.environment()
        self.env.fragments = fragments if fragments is not None else Fragments()
        self.env.globals.update(overview=overview_layout)
        self.stylesheets = theme.stylesheets
        self.timeline = timeline
        self.pages = pages
        self.updated = max((p.article.published for p in pages), default=datetime(1970, 1, 1, tzinfo=timezone.utc))
        self.actor_slugs = _unique_slugs(timeline.actors)
        self.tag_slugs = _unique_slugs(timeline.tags)
        self.article_urls = {p.article.slug: page_url("articles", p.article.slug) for p in pages}
        self.layout = layout(timeline.groups)
        self.events_file = json_lines({"generator": GENERATOR,
                                       "site": {"title": config.title, "base_url": config.base_url}},
                                      "events", [self.event_line(e) for e in timeline.events])

    def event_line(self, event: Event) -> str:
        """The event's line of events.json."""
        return json.dumps(event_json(event, self.timeline.ranking.of(event)), ensure_ascii=False)

    def timelinejs_line(self, event: Event, article_url: Callable[[str], str]) -> str:
        """The event's line of timelinejs.json."""
        media_url = partial(self._media_url, self.config)
        return json.dumps(timelinejs_item(event, article_url, media_url), ensure_ascii=False)

    @staticmethod
    def _media_url(config: Config, media: Media) -> str:
        """A slide's picture: its full address, or without a full ``base_url`` its path from the site's root."""
        return media_address(config, media) or media.src

    def site_context(self, path: str) -> dict:
        return {
            "site": self.config, "root": relative_root(path), "path": path,
            "canonical": absolute_url(self.config, path.removesuffix("index.html")),
            "generator": GENERATOR, "stylesheets": self.stylesheets, "actor_slugs": self.actor_slugs,
            "tag_slugs": self.tag_slugs, "article_urls": self.article_urls, "updated": self.updated,
            "review_open": self.review_open,
        }

    @property
    def review_open(self) -> int | None:
        """How many review items are open, for the header's link; None when the site shows no review page."""
        found = self.timeline.review
        return None if found is None else sum(1 for i in found if not i.accepted and i.kind != "certain")

    def page(self, template: str, path: str, **context) -> tuple[str, Callable[[], str]]:
        """``path`` and how to render ``template`` to it. A ``Lazy`` value in ``context`` is made
        only when the page is rendered."""
        return path, partial(self.render_page, template, path, context)

    def render_page(self, template: str, path: str, context: dict) -> str:
        context = {k: v() if isinstance(v, Lazy) else v for k, v in context.items()}
        return render(self.env, template, {**self.site_context(path), **context})

    def data(self, path: str, make: Lazy) -> tuple[str, Callable[[], str]]:
        """A generated file other than a template page."""
        return path, partial(self.make_data, path, make)

    def make_data(self, path: str, make: Lazy) -> str:
        return make()

    def lazy_pages(self) -> dict[str, Callable[[], str]]:
        """Every page, not yet rendered: path -> a function that renders it (the writer may call
        them in several processes)."""
        out: dict[str, Callable[[], str]] = {}
        for path, make in self._pages(self.timeline):
            if path in out:
                raise ValueError(f"two pages would be written to {path}")
            out[path] = make
        return out

    def _pages(self, tl: Timeline):
        yield from self._timeline_pages(tl)
        where = self.layout
        for p in self.pages:
            a = p.article
            yield self.page("article.html", page_path("articles", a.slug), article=a, body=Lazy(article_body, (p,)),
                            events=p.events, links=where.links(p.events), timexes=p.analysis.timexes, title=a.title,
                            og_image=media_address(self.config, a.image))
        for name, events in tl.actors.items():
            yield self.page("actor.html", page_path("actors", self.actor_slugs[name]), name=name, events=events,
                            groups=Lazy(group, (events,)), links=where.links(events), title=name)
        for name, events in tl.tags.items():
            yield self.page("tag.html", page_path("tags", self.tag_slugs[name]), name=name, events=events,
                            groups=Lazy(group, (events,)), links=where.links(events), title=f"Tagged {name}")
        yield self.page("actors.html", "actors/index.html", actors=tl.actors, title="People and organisations")
        yield self.page("404.html", "404.html", title="Page not found")
        if tl.review is not None:
            shown = [i for i in tl.review if not i.accepted and i.kind != "certain"]
            yield self.page("review.html", "review/index.html", title="Review", items=shown,
                            kinds=[(k, t, [i for i in shown if i.kind == k]) for k, t in REVIEW_TITLES.items()],
                            articles=sorted({i.article for i in shown}))
        latest = latest_reported(tl.events)
        feed_id, entry_ids = feed_ids(self.config, latest)
        yield self.page("feed.xml", "feed.xml", events=latest, title=self.config.title, feed_id=feed_id,
                        entry_ids=entry_ids, links=where.links(latest))
        if self.config.absolute_base:  # a sitemap lists full URLs only
            chronology = tuple(part.url for part, *_ in where.pages())
            yield self.page("sitemap.xml", "sitemap.xml", urls=Lazy(self._urls, (chronology,)), title="")
        yield "events.json", partial(str, self.events_file)
        yield self.data("timelinejs.json", Lazy(self._timelinejs, (timelinejs_events(tl, self.config.timelinejs),)))

    def _timeline_pages(self, tl: Timeline):
        """The index, which leads with the key events, and the pages of a large chronology (pages.py)."""
        where = self.layout
        key = key_events(tl.events, tl.ranking)
        home = tuple(e for g in where.home for e in g.events)
        yield self.page("index.html", "index.html", timeline=tl, groups=where.home, events=tl.events,
                        key_events=key, parts=where.parts, links=where.links(key + home), event_url=where.event_url,
                        title=self.config.title)
        for part, trail, before, after in where.pages():
            yield self.page("period.html", part.path, part=part, groups=part.groups, parts=part.parts, key_events=(),
                            trail=trail, previous=before, next=after,
                            links=where.links(e for g in part.groups for e in g.events), title=part.title)

    def _timelinejs(self, events: tuple[Event, ...]) -> str:
        urls: dict[str, str] = {}

        def article_url(slug: str) -> str:
            if slug not in urls:
                urls[slug] = absolute_url(self.config, page_url("articles", slug))
            return urls[slug]

        lines = [self.timelinejs_line(e, article_url) for e in events]
        title = {"text": {"headline": html.escape(self.config.title), "text": html.escape(self.config.description)}}
        return json_lines({"title": title}, "events", lines)

    def _urls(self, chronology: tuple[str, ...]) -> list[str]:
        """Every page's URL; ``chronology``: the URLs of the timeline's pages (an input, so that serve
        writes the sitemap again when a year gets its page)."""
        paths = ["", "actors/", *chronology]
        paths += [page_url("articles", p.article.slug) for p in self.pages]
        paths += [page_url("actors", s) for s in self.actor_slugs.values()]
        paths += [page_url("tags", s) for s in self.tag_slugs.values()]
        return [absolute_url(self.config, p) for p in paths]


def digest(*parts) -> str:
    """A stable hash of JSON-able parts (what serve compares a site's settings and names by)."""
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _unique_slugs(names) -> dict[str, str]:
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = slugify(name)
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[name] = slug
    return slugs
