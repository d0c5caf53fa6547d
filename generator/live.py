"""What `dateline serve` keeps between builds, so that a rebuild after an edit redoes only what changed.

A ``LiveBuild`` runs the build's own phases (``site.Build``) and keeps, from one
build to the next: the articles read (by file time and size), their analyses,
their events (an unchanged article's ``Event`` objects stay the same objects,
so the merge replays its decisions and pages are reused), the merge's
decisions, the rendered pages and macro fragments, and the digest of every file
written, so that only changed files are rewritten. The full build imports none
of this: each of its phases starts from nothing.

Everything is told apart by value; events by identity, which is the same thing
because an ``Event`` is immutable. The output is byte-identical to a full build's
(``tests/test_site.py`` checks it after edits).
"""

from __future__ import annotations

import gc
from pathlib import Path

from . import content, themes
from .config import Config
from .model import Analysis, Event
from .nlp import Failure
from .render import ArticlePage, Fragments, Lazy, SiteRenderer, digest
from .site import Build, BuildReport
from .timeline import NO_TIES, Ties, Timeline, as_before, build as build_timeline
from .writer import text_digest, update_site, write_site


class LiveBuild(Build):
    """Builds again and again in one process, reusing what the last build made from the same inputs.
    A preview: drafts are shown, marked as such."""

    show_drafts = True

    def __init__(self, config: Config, jobs: int = 1):
        super().__init__(config, jobs)
        self.read_before: dict[Path, tuple] = {}  # path -> ((mtime, size), Article, PlainText)
        self.analyses: dict[tuple, Analysis] = {}  # (text, dct) -> Analysis
        self.events: dict[Path, tuple] = {}  # path -> (Article, Analysis, (applied, events))
        self.last_timeline: Timeline | None = None
        self.pages: dict[str, tuple] = {}  # output path -> (inputs, text, digest)
        self.fragments: dict = {}  # the last build's macro outputs (render.Fragments.made)
        self.lines: dict[tuple, tuple] = {}  # (file, id(event)) -> (event, its JSON line, its rank and key)
        self.env: tuple = (None, None)  # (theme digest, its Jinja environment, which keeps compiled templates)
        self.written: dict[str, str] = {}  # output file -> digest of what is on disk

    def rebuild(self, config: Config) -> BuildReport:
        """Build with ``config`` (read again for every build: it may have been edited)."""
        if config != self.config:
            self.__init__(config, self.jobs)  # other settings: start afresh
        # What is kept is millions of long-lived objects; a garbage collection during a rebuild would
        # walk them all (a third of an edit's rebuild time). It runs again once the rebuild is done.
        gc.disable()
        try:
            return self.run()
        finally:
            gc.enable()

    # ---- the phases, keeping what did not change ---------------------------------
    def read(self, path: Path):
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        known = self.read_before.get(path)
        if not known or known[0] != key:
            known = self.read_before[path] = (key, *super().read(path))
        return known[1], known[2]

    def known_analysis(self, article: content.Article, plain) -> Analysis | None:
        return self.analyses.get((plain.text, article.dct)) or super().known_analysis(article, plain)

    def gather(self, paths: list[Path] | None = None):
        site = super().gather(paths)
        present = {a.path for a in site.articles}  # forget deleted articles
        self.read_before = {p: v for p, v in self.read_before.items() if p in present}
        self.events = {p: v for p, v in self.events.items() if p in present}
        return site

    def _analyse(self, rows):
        results = super()._analyse(rows)
        self.analyses = {(p.text, a.dct): r for (a, p), r in zip(rows, results) if not isinstance(r, Failure)}
        return results

    def article_events(self, article: content.Article, analysis: Analysis, plain):
        """Kept while neither the article nor its analysis changes (merging never alters them)."""
        known = self.events.get(article.path)
        if known and known[0] is article and known[1] is analysis:
            return known[2]
        applied, events = super().article_events(article, analysis, plain)
        if known:  # an edited article: its events that did not change stay the same objects, so the
            events = as_before(events, known[2][1])  # merge replays their decisions and pages reuse them
        self.events[article.path] = (article, analysis, (applied, events))
        return applied, events

    def timeline(self, events: list[Event], ties: Ties = NO_TIES) -> Timeline:
        previous = self.last_timeline.decisions if self.last_timeline else None
        self.last_timeline = build_timeline(events, previous, ties)
        return self.last_timeline

    def renderer(self, theme: themes.Theme, timeline: Timeline, pages: list[ArticlePage]) -> SiteRenderer:
        if self.env[0] != theme.digest:
            self.env = (theme.digest, theme.environment())
        return LiveRenderer(self, theme, timeline, pages)

    def write(self, renderer: LiveRenderer, static: dict[str, Path], before_swap) -> None:
        """The first build writes the whole site; later ones render every page (most from memory)
        and rewrite only the files that changed."""
        pages = renderer.lazy_pages()
        output = self.config.output_path
        if self.written and output.is_dir():
            with self.phase("render"):
                rendered = {path: make() for path, make in pages.items()}
            with self.phase("write"):
                self.written, self.report.written = update_site(output, rendered, static, self.written,
                                                                renderer.known_digests)
        else:
            with self.phase("render+write"):
                self.written = write_site(output, pages, static, 1, before_swap=before_swap)
            self.report.written = len(self.written)
        self.pages = {path: self.pages[path] for path in pages if path in self.pages}
        self.fragments, self.lines = renderer.env.fragments.made, renderer.lines
        self.report.rendered, self.report.reused = renderer.rendered, renderer.reused
        self.report.pages = len(pages) + len(static)

    def up_to_date(self, stamp: Path, current: str, force: bool) -> bool:
        return False  # serve builds when something changed, and its first build must fill its memory

    def relative_base_warning(self) -> bool:
        return not self.config.absolute_base and not self.written  # said once, at the start


class LiveRenderer(SiteRenderer):
    """A renderer that takes a page, a macro's output or an event's JSON line from the last build
    when what it is made of is the same."""

    def __init__(self, live: LiveBuild, theme: themes.Theme, timeline: Timeline, pages: list[ArticlePage]):
        self.live = live
        self.rendered = self.reused = 0
        self.known_digests: dict[str, str] = {}  # digests of reused pages' texts (see update_site)
        self.lines: dict[tuple, tuple] = {}  # this build's event lines; the last build's are live.lines
        super().__init__(live.config, theme, timeline, pages, live.env[1], Fragments(live.fragments))
        # Everything a page is made of besides its own context: settings, theme, names and links.
        self.site_digest = digest(theme.digest, repr(live.config), self.actor_slugs, self.tag_slugs,
                                  [(p.article.slug, p.article.title) for p in pages], self.updated.isoformat(),
                                  self.stylesheets, self.review_open)

    def event_line(self, event: Event) -> str:
        return self._line("events", event, super().event_line, self.timeline.ranking.of(event))

    def timelinejs_line(self, event: Event, article_url) -> str:
        return self._line("timelinejs", event, lambda e: super(LiveRenderer, self).timelinejs_line(e, article_url))

    def _line(self, file: str, event: Event, make, ranked=None) -> str:
        key = (file, id(event))
        known = self.live.lines.get(key)
        if known is None or known[0] is not event or known[2] != ranked:  # a new rank is a new line
            known = (event, make(event), ranked)
        self.lines[key] = known
        return known[1]

    def render_page(self, template: str, path: str, context: dict) -> str:
        key = (self.site_digest, template, {k: _inputs(v) for k, v in context.items()})
        return self._kept(path, key, lambda: super(LiveRenderer, self).render_page(template, path, context))

    def make_data(self, path: str, make: Lazy) -> str:
        return self._kept(path, (self.site_digest, _inputs(make)), make)

    def _kept(self, path: str, key, make) -> str:
        """The page at ``path`` from the last build if it was made of the same (compared, never
        hashed: unchanged objects compare by identity, at once), else made now."""
        known = self.live.pages.get(path)
        if known is not None and known[0] == key:
            self.reused += 1
        else:
            text = make()
            known = self.live.pages[path] = (key, text, text_digest(text))
            self.rendered += 1
        self.known_digests[path] = known[2]
        return known[1]


def _inputs(value):
    """What a context value is made of: a ``Lazy`` by its function and inputs, others as they are."""
    if isinstance(value, Lazy):
        return getattr(value.make, "__func__", value.make), value.inputs
    return value
