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
from .markup import Mark, PlainText, render_body
from .model import Analysis, Event, sentence_anchor
from .temporal import Span, parse
from .themes import Theme, render
from .timeline import Group, Timeline, group
from .writer import text_digest

GENERATOR = f"Dateline {__version__}"


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


def event_json(event: Event) -> dict:
    value = event.value
    return {
        "id": event.id,
        "date": {"value": value.timex, "type": "TIME" if value.gran >= value.gran.PART_OF_DAY else "DATE",
                 "mod": event.mod, "start": value.start.isoformat(), "end": value.end.isoformat(),
                 "granularity": value.gran.label, "label": event.label, "basis": event.basis},
        "text": event.text,
        "actors": list(event.actors),
        "tags": list(event.tags),
        "quote": event.quote,
        "conflicts": list(event.conflicts),
        "sources": [{"article": page_url("articles", s.article) + "#" + s.anchor, "url": s.url,
                     "sentence": s.sentence, "timex": s.timex} for s in event.sources],
    }


def timelinejs_date(event: Event) -> dict:
    """TimelineJS3 date object at the precision the text supports."""
    v = event.value
    out = {"year": v.start.year, "display_date": event.label}
    if v.gran >= v.gran.MONTH:
        out["month"] = v.start.month
    if v.gran >= v.gran.DAY:
        out["day"] = v.start.day
    if v.gran >= v.gran.HOUR:
        out["hour"], out["minute"] = v.start.hour, v.start.minute
    return out


def timelinejs_item(event: Event, article_url) -> dict:
    """One event as a TimelineJS3 slide; ``article_url(slug)`` is an article page's absolute URL.

    TimelineJS puts headlines, texts and the group into ``innerHTML``: every text is escaped here."""
    e = event
    links = "".join(f'<li><a href="{html.escape(article_url(s.article))}#{s.anchor}">{html.escape(s.title)}</a></li>'
                    for s in e.sources)
    item = {"unique_id": e.id, "start_date": timelinejs_date(e),
            "text": {"headline": html.escape(e.label), "text": f"<p>{html.escape(e.text)}</p><ul>{links}</ul>"}}
    if isinstance(e.value, Span):
        last = e.value.last.start
        item["end_date"] = {"year": last.year, "month": last.month, "day": last.day}
    elif e.value.gran < e.value.gran.MONTH:
        end = e.value.end
        item["end_date"] = {"year": end.year - (1 if end.month == 1 and end.day == 1 else 0)}
    if e.tags:
        item["group"] = html.escape(e.tags[0])
    return item


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


class SiteRenderer:
    """Renders every page of a site from the gathered model objects."""

    def __init__(self, config: Config, theme: Theme, timeline: Timeline, pages: list[ArticlePage],
                 memo: dict | None = None, fragments: dict | None = None, env=None):
        self.config = config
        self.env = env or theme.environment()
        self.stylesheets = theme.stylesheets
        self.timeline = timeline
        self.pages = pages
        self.updated = max((p.article.published for p in pages), default=datetime(1970, 1, 1, tzinfo=timezone.utc))
        self.actor_slugs = _unique_slugs(timeline.actors)
        self.tag_slugs = _unique_slugs(timeline.tags)
        self.article_urls = {p.article.slug: page_url("articles", p.article.slug) for p in pages}
        # Each event's JSON line and its digest (pages list events by digest, not by JSON), kept with
        # the fragments under everything the JSON is made of.
        self.fragments = fragments if fragments is not None else {}
        self.fragments_used: set = set()
        lines, self.event_digests = {}, {}
        for e in timeline.events:
            lines[e.id], self.event_digests[e.id] = self._event_line(e)
        # Pages whose inputs did not change since the last build are reused (``dateline serve``).
        self.memo = memo
        self.rendered = self.reused = 0
        self.known_digests: dict[str, str] = {}  # digests of pages' texts, from the memo (see update_site)
        self.site_digest = _digest(theme.digest, repr(config), self.actor_slugs, self.tag_slugs,
                                   [(p.article.slug, p.article.title) for p in pages], self.updated.isoformat())
        self.events_file = json_lines({"generator": GENERATOR,
                                       "site": {"title": config.title, "base_url": config.base_url}},
                                      "events", list(lines.values()))
        self.timeline_digest = _digest(self.site_digest, hashlib.sha1(self.events_file.encode()).hexdigest())
        self._argument_digests: dict[int, tuple] = {}

    def _event_line(self, e: Event) -> tuple[str, str]:
        same = self.fragments.get(id(e))  # the very event of the last build (serve keeps unchanged ones)
        if same is not None and same[0] is e:
            self.fragments_used.add(id(e))
            return same[1]
        key = ("event", e.id, e.value.timex, e.basis, e.mod, e.quantifier, e.text, e.actors, e.tags, e.quote,
               tuple(e.conflicts), tuple((s.article, s.anchor, s.url, s.sentence, s.timex) for s in e.sources))
        known = self._fragment(key, lambda: _line_and_digest(json.dumps(event_json(e), ensure_ascii=False)))
        self.fragments[id(e)] = (e, known)  # holds the event, so its id is not reused while kept
        self.fragments_used.add(id(e))
        return known

    def _fragment(self, key, make: Callable[[], object]):
        """What ``make`` gives, made once per build, and kept for serve's next build while used."""
        made = self.fragments.get(key)
        if made is None:
            made = self.fragments[key] = make()
        self.fragments_used.add(key)
        return made

    def site_context(self, path: str) -> dict:
        return {
            "site": self.config, "root": relative_root(path), "path": path,
            "canonical": absolute_url(self.config, path.removesuffix("index.html")),
            "generator": GENERATOR, "stylesheets": self.stylesheets, "actor_slugs": self.actor_slugs,
            "tag_slugs": self.tag_slugs, "article_urls": self.article_urls, "updated": self.updated,
            "json_ld": _json_ld, "cached": self.cached,
        }

    def cached(self, macro, *args, **kwargs):
        """``{{ cached(event_item, event, root, actor_slugs) }}`` in a template: the macro's output,
        rendered once per build (and in ``dateline serve`` once until its inputs change)."""
        if self.memo is None and any(isinstance(a, Group) for a in args):
            return macro(*args, **kwargs)  # a build shows each group once; only serve's next rebuild reuses it
        key = (self.site_digest, macro.name, tuple(self._argument(a) for a in args),
               tuple(sorted((k, self._argument(v)) for k, v in kwargs.items())))
        return self._fragment(key, lambda: macro(*args, **kwargs))

    def live_fragments(self) -> dict:
        """The fragments this build used: what a session keeps for the next one."""
        return {key: self.fragments[key] for key in self.fragments_used}

    def _argument(self, value):
        if isinstance(value, Event):
            return self.event_digests[value.id]
        if isinstance(value, Group):  # a heading and its events: one cached section of a chronology
            return value.key, value.label, tuple(self.event_digests[e.id] for e in value.events)
        if isinstance(value, (str, int, float, bool, type(None))):
            return value
        known = self._argument_digests.get(id(value))  # a mapping such as actor_slugs: hashed once
        if known is None or known[0] is not value:
            known = self._argument_digests[id(value)] = (value, _digest(value))
        return known[1]

    def page(self, template: str, path: str, inputs, **context) -> tuple[str, Callable[[], str]]:
        """``path`` and how to render ``template`` to it; ``inputs`` identify what the page shows (for reuse).

        A value in ``context`` may be a function: it is only called when the page is rendered."""
        return path, partial(self._render_page, template, path, inputs, context)

    def _render_page(self, template: str, path: str, inputs, context: dict) -> str:
        key = None
        if self.memo is not None:  # compared, never hashed: unchanged objects compare by identity, at once
            key = (self.site_digest, template, inputs() if callable(inputs) else inputs)
        if key is not None and self.memo.get(path, (None,))[0] == key:
            return self._reuse(path)
        context = {k: v() if callable(v) and k != "json_ld" else v for k, v in context.items()}
        text = render(self.env, template, {**self.site_context(path), **context})
        self._remember(path, key, text)
        return text

    def _reuse(self, path: str) -> str:
        _key, text, self.known_digests[path] = self.memo[path]
        self.reused += 1
        return text

    def _remember(self, path: str, key, text: str) -> None:
        self.rendered += 1
        if key is not None:
            self.memo[path] = (key, text, text_digest(text))
            self.known_digests[path] = self.memo[path][2]

    def data(self, path: str, inputs: str, make: Callable[[], str]) -> tuple[str, Callable[[], str]]:
        """A generated file other than a template page, reused like pages when its inputs are the same."""
        return path, partial(self._make_data, path, inputs, make)

    def _make_data(self, path: str, inputs: str, make: Callable[[], str]) -> str:
        if self.memo is not None and self.memo.get(path, (None,))[0] == inputs:
            return self._reuse(path)
        text = make()
        self._remember(path, inputs if self.memo is not None else None, text)
        return text

    def _events_inputs(self, events) -> list:
        return [self.event_digests[e.id] for e in events]

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
        whole = self.timeline_digest
        yield self.page("index.html", "index.html", whole, timeline=tl, groups=tl.groups, events=tl.events,
                        title=self.config.title)
        for p in self.pages:
            a = p.article
            inputs = lambda a=a, p=p: (a, a.overrides, p.analysis, self._events_inputs(p.events))
            yield self.page("article.html", page_path("articles", a.slug), inputs, article=a,
                            body=lambda p=p: render_body(p.article.body, p.article.markup, body_marks(p)),
                            events=p.events, timexes=p.analysis.timexes, title=a.title)
        for name, events in tl.actors.items():
            yield self.page("actor.html", page_path("actors", self.actor_slugs[name]),
                            [name, self._events_inputs(events)], name=name, events=events,
                            groups=lambda events=events: group(events), title=name)
        for name, events in tl.tags.items():
            yield self.page("tag.html", page_path("tags", self.tag_slugs[name]), [name, self._events_inputs(events)],
                            name=name, events=events, groups=lambda events=events: group(events),
                            title=f"Tagged {name}")
        yield self.page("actors.html", "actors/index.html",
                        lambda: [(name, self._events_inputs(events)) for name, events in tl.actors.items()],
                        actors=tl.actors, title="People and organisations")
        yield self.page("404.html", "404.html", "", title="Page not found")
        latest = latest_reported(tl.events)
        feed_id, entry_ids = feed_ids(self.config, latest)
        yield self.page("feed.xml", "feed.xml", whole, events=latest, title=self.config.title, feed_id=feed_id,
                        entry_ids=entry_ids)
        if self.config.absolute_base:  # a sitemap lists full URLs only
            yield self.page("sitemap.xml", "sitemap.xml", "", urls=self._urls, title="")  # its URLs: site_digest
        yield "events.json", lambda: self.events_file
        yield self.data("timelinejs.json", whole, lambda: self._timelinejs(tl))

    def _timelinejs(self, tl: Timeline) -> str:
        """timelinejs.json; each event's line is kept with the rendered fragments (serve rebuilds)."""
        urls: dict[str, str] = {}

        def article_url(slug: str) -> str:
            if slug not in urls:
                urls[slug] = absolute_url(self.config, page_url("articles", slug))
            return urls[slug]

        lines = [self._fragment((self.site_digest, "timelinejs", self.event_digests[e.id]),
                                lambda e=e: json.dumps(timelinejs_item(e, article_url), ensure_ascii=False))
                 for e in tl.events]
        title = {"text": {"headline": html.escape(self.config.title), "text": html.escape(self.config.description)}}
        return json_lines({"title": title}, "events", lines)

    def _urls(self) -> list[str]:
        paths = ["", "actors/"] + [page_url("articles", p.article.slug) for p in self.pages]
        paths += [page_url("actors", s) for s in self.actor_slugs.values()]
        paths += [page_url("tags", s) for s in self.tag_slugs.values()]
        return [absolute_url(self.config, p) for p in paths]


def _line_and_digest(line: str) -> tuple[str, str]:
    return line, hashlib.sha1(line.encode()).hexdigest()


def _digest(*parts) -> str:
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


def _json_ld(data) -> str:
    """JSON for a <script type="application/ld+json"> block: '<' escaped so text cannot close the tag."""
    from markupsafe import Markup
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
