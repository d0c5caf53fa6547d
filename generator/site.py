"""``dateline build``: the build in named phases, and the writer that swaps the result in.

Phases: load the theme (fail early), read every article, analyse the new
ones, extract and merge events, render every page in memory, and only then
write: into a temporary folder beside ``output/`` that replaces it in one
rename. A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import content, overrides, themes
from .cache import Cache, package_digest
from .config import CONFIG_NAME, Config
from .errors import DatelineError, display_path
from .markup import plain_text
from .progress import Progress
from .events import article_events
from .model import Analysis, Event
from .nlp import Failure, analyse
from .render import ArticlePage, SiteRenderer
from .timeline import MergeMemo, Timeline, build as build_timeline
from .writer import check_replaceable, manifest, update_site, write_site

log = logging.getLogger("dateline")


@dataclass
class BuildReport:
    articles: int = 0
    events: int = 0
    pages: int = 0
    analysed: int = 0
    cached: int = 0
    rendered: int = 0
    reused: int = 0
    written: int = 0
    up_to_date: bool = False
    failures: list = field(default_factory=list)  # articles left out by --keep-going
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        if self.up_to_date:
            return f"nothing changed: {self._counts()}"
        phases = ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items())
        return (f"built {self._counts()} "
                f"({self.analysed} analysed, {self.cached} cached; {phases})")

    def _counts(self) -> str:
        return f"{counted(self.pages, 'file')}: {counted(self.articles, 'article')}, {counted(self.events, 'event')}"


def counted(n: int, noun: str) -> str:
    """"1 article", "2 articles": the build's lines are read by people."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


class Phases:
    """Times each named phase of a build for the summary line."""

    def __init__(self, report: BuildReport):
        self.report = report

    def __call__(self, name: str):
        phases = self

        class _Timer:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                phases.report.seconds[name] = phases.report.seconds.get(name, 0) + time.perf_counter() - self.t

        return _Timer()


@dataclass
class Session:
    """What `dateline serve` keeps between builds, so that a rebuild does only what changed."""

    memo: dict = field(default_factory=dict)  # rendered pages: path -> (inputs key, text, digest)
    fragments: dict = field(default_factory=dict)  # rendered macro calls (see SiteRenderer.cached)
    env: tuple = (None, None)  # (theme digest, its Jinja environment, which keeps compiled templates)
    read: dict = field(default_factory=dict)  # article path -> ((mtime, size), Article, PlainText)
    analyses: dict = field(default_factory=dict)  # (text, dct) -> Analysis
    events: dict = field(default_factory=dict)  # article path -> (Article, Analysis, (applied, events))
    merge: MergeMemo = field(default_factory=MergeMemo)  # the last merge's decisions
    written: dict = field(default_factory=dict)  # output file -> digest of what is on disk

    def environment(self, theme: themes.Theme):
        """The theme's template environment, kept while the theme does not change."""
        if self.env[0] != theme.digest:
            self.env = (theme.digest, theme.environment())
        return self.env[1]


def read_articles(config: Config, session: Session | None, failures: list[DatelineError] | None = None,
                  paths: list[Path] | None = None) -> tuple[list[content.Article], list]:
    """Articles and their plain text; in a session, files unchanged on disk are not read again.

    With ``failures`` (``--keep-going``) an article that cannot be read is listed there and left out."""
    articles, plains = [], []
    for path in paths if paths is not None else content.find_articles(config):
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        known = session.read.get(path) if session else None
        if known and known[0] == key:
            article, plain = known[1], known[2]
        else:
            try:
                article = content.read(path, config)
            except DatelineError as exc:
                if failures is None:
                    raise
                failures.append(exc)
                continue
            plain = plain_text(article.body, article.markup)
            if session is not None:
                session.read[path] = (key, article, plain)
        articles.append(article)
        plains.append(plain)
    content.check_slugs(articles)
    return articles, plains


def analyse_articles(config: Config, articles: list[content.Article], plains, jobs: int, report: BuildReport,
                     use_cache: bool = True, session: Session | None = None) -> list[Analysis]:
    """Analysis of every article: from memory or the cache where possible, the rest through the pipeline."""
    store = Cache(config.cache_path, config.model, config.language) if use_cache else None
    if store is not None and session is None:
        store.sweep()
    known = session.analyses if session is not None else {}
    results = [known.get((p.text, a.dct)) or (store.get(p.text, a.dct) if store else None)
               for a, p in zip(articles, plains)]
    missing = [i for i, r in enumerate(results) if r is None]
    report.cached, report.analysed = len(articles) - len(missing), len(missing)
    if missing:
        items = [(plains[i].text, articles[i].dct) for i in missing]
        progress = Progress(len(items))
        try:
            for i, analysis in zip(missing, analyse(config.model, items, jobs=jobs)):
                results[i] = analysis
                if store and not isinstance(analysis, Failure):
                    store.put(plains[i].text, articles[i].dct, analysis)
                progress.advance()
        finally:
            progress.close()
    if session is not None:
        session.analyses = {(p.text, a.dct): r for a, p, r in zip(articles, plains, results)
                            if not isinstance(r, Failure)}
    return results


def bug_in(article: content.Article, failure: Failure) -> DatelineError:
    """An unexpected error while working on one article: one line naming it (the traceback with --debug)."""
    log.debug("%s failed:\n%s", article.path, failure.traceback)
    return DatelineError(f"Dateline failed on this article ({failure.error}); please report it as a bug; "
                         f"--keep-going builds the others, --debug shows the traceback", article.path)


def _keep_good(rows: list[tuple], failures: list[DatelineError] | None) -> list[tuple]:
    """Rows (article, ...) whose last item is no ``Failure`` or error; those raise, or with ``failures``
    (--keep-going) is listed there and its article left out."""
    kept = []
    for row in rows:
        if isinstance(row[-1], (Failure, DatelineError)):
            error = bug_in(row[0], row[-1]) if isinstance(row[-1], Failure) else row[-1]
            if failures is None:
                raise error
            failures.append(error)
        else:
            kept.append(row)
    return kept


def _events_or_failure(article: content.Article, analysis: Analysis, plain, session: Session | None):
    try:
        return _with_overrides(article, analysis, plain, session)
    except DatelineError as exc:  # an override that cannot apply: the user's to fix, in this article
        return exc
    except Exception as exc:  # noqa: BLE001 - a bug must cost one article, not the build
        return Failure.caught(exc)


def _with_overrides(article: content.Article, analysis: Analysis, plain, session: Session | None):
    """The article's analysis with its overrides applied, and its events; in a session, kept
    while neither the article nor its analysis changes (merging never alters them)."""
    known = session.events.get(article.path) if session is not None else None
    if known and known[0] is article and known[1] is analysis:
        return known[2]
    applied = overrides.apply(article, analysis, plain.text)
    events = article_events(article, applied)
    if known:  # an edited article: its events that did not change stay the same objects, so the
        events = _as_before(events, known[2][1])  # merge replays their decisions and pages reuse them
    result = (applied, events)
    if session is not None:
        session.events[article.path] = (article, analysis, result)
    return result


def _as_before(events: list[Event], before: list[Event]) -> list[Event]:
    """``events``, each replaced by an equal one of ``before`` where there is one."""
    by_id: dict[str, list[Event]] = {}
    for old in before:
        by_id.setdefault(old.id, []).append(old)
    return [next((old for old in by_id.get(e.id, ()) if old == e), e) for e in events]


@dataclass
class Gathered:
    """Everything a site is made of, read and analysed, before anything is rendered."""

    articles: list[content.Article]
    plains: list
    analyses: list[Analysis]
    timeline: Timeline


def gather(config: Config, report: BuildReport, jobs: int = 1, use_cache: bool = True,
           session: Session | None = None, keep_going: bool = False, paths: list[Path] | None = None) -> Gathered:
    """Read every article, analyse it (or take it from the cache), apply overrides, build the timeline."""
    phase = Phases(report)
    with phase("read"):
        articles, plains = read_articles(config, session, report.failures if keep_going else None, paths)
    failures = report.failures if keep_going else None
    with phase("analyse"):
        analysed = zip(articles, plains, analyse_articles(config, articles, plains, jobs, report, use_cache, session))
        rows = _keep_good(list(analysed), failures)
    with phase("events"):
        rows = _keep_good([(a, p, _events_or_failure(a, an, p, session)) for a, p, an in rows], failures)
        articles, plains, applied = [list(column) for column in zip(*rows)] if rows else ([], [], [])
        if session is not None:  # forget deleted articles
            session.events = {a.path: session.events[a.path] for a in articles}
        analyses = [an for an, _events in applied]
        timeline = build_timeline([e for _an, events in applied for e in events], session.merge if session else None)
    return Gathered(articles, plains, analyses, timeline)


def fingerprint(config: Config, theme: themes.Theme, paths: list[Path]) -> str:
    """Everything a build reads, hashed: when it and the output are as the last build left them,
    there is nothing to do."""
    from importlib.metadata import version
    h = hashlib.sha256()
    h.update(repr(config).encode())
    h.update(theme.digest.encode())
    h.update(Cache(config.cache_path, config.model, config.language).salt.encode())
    h.update(package_digest().encode())
    h.update(" ".join(version(d) for d in ("jinja2", "markdown", "nh3")).encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:  # reading the articles says why, in one line
            data = b"\0unreadable"
        h.update(str(path).encode() + b"\0" + data)
    return h.hexdigest()


def build(config: Config, jobs: int = 1, use_cache: bool = True, session: Session | None = None,
          force: bool = False, keep_going: bool = False, strict: bool = False) -> BuildReport:
    """Build the site. In a ``session`` (``dateline serve``) only what changed is redone and rewritten;
    otherwise the whole tree is written and swapped in at once, unless nothing changed since last time.
    With ``strict`` a build that warned is not swapped in: the previous site stays as it was."""
    warnings = _WarningCount()
    log.addHandler(warnings)
    if session is not None:
        # A session holds millions of long-lived objects; a garbage collection during a rebuild would
        # walk them all (a third of an edit's rebuild time). It runs again once the rebuild is done.
        gc.disable()
    try:
        return _build(config, jobs, use_cache, session, force, keep_going, warnings, strict)
    finally:
        log.removeHandler(warnings)
        gc.enable()


def _build(config: Config, jobs: int, use_cache: bool, session: Session | None, force: bool,
           keep_going: bool, warnings: _WarningCount, strict: bool) -> BuildReport:
    report = BuildReport()
    check_replaceable(config.output_path.resolve())  # before any work: the folder must be Dateline's to replace
    theme = themes.load(config)  # a missing theme fails before any analysis
    stamp = config.cache_path / "last-build.json"
    paths = content.find_articles(config)  # once: it warns about files it skips
    current = fingerprint(config, theme, paths)
    if session is None and use_cache and not force and _up_to_date(stamp, current, config.output_path, report):
        return report
    site = gather(config, report, jobs, use_cache, session, keep_going, paths)
    if not config.absolute_base and not (session and session.written):  # serve: said once, at the start
        log.warning("%s: `base_url` %r is not a full address, so sitemap.xml is left out and the feed's links "
                    "are relative; set it to where the site will be published, e.g. https://you.github.io/repo/",
                    display_path(config.root / CONFIG_NAME), config.base_url)
    with Phases(report)("render"):
        by_article: dict[str, list[Event]] = {}
        for event in site.timeline.events:
            for slug in dict.fromkeys(s.article for s in event.sources):
                by_article.setdefault(slug, []).append(event)
        pages = [ArticlePage(a, p, an, tuple(by_article.get(a.slug, ())))
                 for a, p, an in zip(site.articles, site.plains, site.analyses)]
        renderer = SiteRenderer(config, theme, site.timeline, pages, session.memo if session else None,
                                session.fragments if session else None, session.environment(theme) if session else None)
        lazy = renderer.lazy_pages()
        incremental = session is not None and bool(session.written) and config.output_path.is_dir()
        if incremental:  # serve: render now, then rewrite only the files that changed
            rendered = {path: make() for path, make in lazy.items()}
    static = theme.static_files()
    with Phases(report)("write" if incremental else "render+write"):
        if incremental:
            session.written, report.written = update_site(config.output_path, rendered, static, session.written,
                                                          renderer.known_digests)
        else:  # a full build renders as it writes, in several processes when it is not serve's
            digests = write_site(config.output_path, lazy, static, jobs if session is None else 1,
                                 before_swap=warnings.refuse if strict else None)
            report.written = len(digests)
            if session is not None:
                session.written = digests
    if session is not None:
        session.fragments = renderer.live_fragments()
    report.rendered, report.reused = (renderer.rendered, renderer.reused) if session is not None else (len(lazy), 0)
    report.articles, report.events, report.pages = len(site.articles), len(site.timeline.events), \
        len(lazy) + len(static)
    if not report.failures:
        _stamp(stamp, current, config.output_path, report, warned=bool(warnings.count))
    return report


class _WarningCount(logging.Handler):
    """Counts a build's warnings: a build that warned is not stamped (so they are seen again), and
    with --strict not published."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def refuse(self) -> None:
        if self.count:
            raise DatelineError(f"{counted(self.count, 'warning')} and --strict: the build was not published; "
                                f"the previous site is left as it was")


def _last_build(stamp: Path) -> dict:
    try:
        last = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return {}
    return last if isinstance(last, dict) else {}


def built_from_current(config: Config) -> bool:
    """Whether output/ is what a build of the current content, theme, settings and Dateline wrote,
    and nobody has touched it since: the one notion of "built" that build and deploy share."""
    last = _last_build(config.cache_path / "last-build.json")
    current = fingerprint(config, themes.load(config), content.find_articles(config))
    return last.get("fingerprint") == current and last.get("output") == manifest(config.output_path)


def _up_to_date(stamp: Path, current: str, output: Path, report: BuildReport) -> bool:
    last = _last_build(stamp)
    if last.get("warned", True) or last.get("fingerprint") != current or last.get("output") != manifest(output):
        return False  # a build that warned is repeated, so that its warnings are seen again
    report.up_to_date = True
    report.articles, report.events, report.pages = (last.get(k, 0) for k in ("articles", "events", "pages"))
    return True


def _stamp(stamp: Path, current: str, output: Path, report: BuildReport, warned: bool) -> None:
    """What this build was made from and what it wrote (serve's rebuilds too), for the next build
    and for deploy."""
    partial = stamp.with_name(f".tmp-{os.getpid()}-{stamp.name}")
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps({"fingerprint": current, "output": manifest(output), "warned": warned,
                                       "articles": report.articles, "events": report.events, "pages": report.pages}))
        os.replace(partial, stamp)
    except OSError as exc:  # a read-only cache: the next build and deploy see no stamp, and build again
        log.debug("cannot write %s: %s", stamp, exc)
