"""``dateline build``: the build in named phases, and the writer that swaps the result in.

Phases: load the theme (fail early), read every article, analyse the new
ones, extract and merge events, render every page in memory, and only then
write: into a temporary folder beside ``output/`` that replaces it in one
rename. A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from . import actors, content, overrides, review, themes
from .cache import Cache, package_digest
from .config import CONFIG_NAME, Config
from .errors import DatelineError, display_path
from .entries import redated, stamped
from .filememo import FileMemo
from .markup import plain_text
from .progress import Progress
from .events import article_events
from .model import Analysis, Event
from .nlp import Failure, analyse
from .rank import rank
from .render import ArticlePage, SiteRenderer
from .timeline import NO_TIES, Ties, Timeline, build as build_timeline
from .writer import check_replaceable, manifest, write_site

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
    drafts: int = 0  # articles left out as `draft: true`
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
        drafts = f" ({counted(self.drafts, 'draft')} skipped)" if self.drafts else ""
        return (f"{counted(self.pages, 'file')}: {counted(self.articles, 'article')}{drafts}, "
                f"{counted(self.events, 'event')}")


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


def bug_in(article: content.Article, failure: Failure) -> DatelineError:
    """An unexpected error while working on one article: one line naming it (the traceback with --debug)."""
    log.debug("%s failed:\n%s", article.path, failure.traceback)
    return DatelineError(f"Dateline failed on this article ({failure.error}); please report it as a bug; "
                         f"--keep-going builds the others, --debug shows the traceback", article.path)


@dataclass
class Gathered:
    """Everything a site is made of, read and analysed, before anything is rendered."""

    articles: list[content.Article]
    plains: list
    analyses: list[Analysis]
    timeline: Timeline
    reports: list[Event] = field(default_factory=list)  # each article's events before merging (``review.py``)
    found: list[Analysis] = field(default_factory=list)  # each article's analysis before its overrides (``review.py``)


class Build:
    """One build, phase by phase. Each phase is a method that starts from nothing: `dateline serve`
    (``live.py``) runs a subclass that keeps, between builds, what did not change."""

    show_drafts = False  # articles marked `draft: true` are left out (serve shows them)

    def __init__(self, config: Config, jobs: int = 1, use_cache: bool = True, keep_going: bool = False):
        self.config, self.jobs, self.keep_going = config, jobs, keep_going
        self.store = Cache(config.cache_path, config.model, config.language) if use_cache else None
        if self.store is not None:
            self.store.sweep()
        self.report = BuildReport()

    # ---- the phases, each overridable ------------------------------------------
    def read(self, path: Path) -> tuple[content.Article, object]:
        """An article and its plain text."""
        article = content.read(path, self.config)
        plain = plain_text(article.body, article.markup)
        return article, stamped(plain, article.body) if article.markup == "markdown" else plain

    def known_analysis(self, article: content.Article, plain) -> Analysis | None:
        """An analysis made before, if there is one: from the cache."""
        return self.store.get(plain.text, article.dct) if self.store else None

    def article_events(self, article: content.Article, analysis: Analysis, plain) -> tuple[Analysis, list[Event]]:
        """The article's analysis with its overrides applied, and its events."""
        applied = overrides.apply(article, analysis, plain.text)
        cast = actors.Cast.of(applied, article.source, self.config, self.config.language)
        events = actors.cast_events(article_events(article, applied, plain.text, plain.entries), cast)
        return applied, [_drafted(e) for e in events] if article.draft else events

    def timeline(self, events: list[Event], ties: Ties = NO_TIES) -> Timeline:
        return build_timeline(events, ties=ties)

    def renderer(self, theme: themes.Theme, timeline: Timeline, pages: list[ArticlePage]) -> SiteRenderer:
        return SiteRenderer(self.config, theme, timeline, pages)

    def write(self, renderer: SiteRenderer, static: dict[str, Path], before_swap) -> None:
        """Every file into a staging folder, swapped in at once; pages are rendered as they are
        written, in several processes."""
        pages = renderer.lazy_pages()
        with self.phase("render+write"):
            self.report.written = len(write_site(self.config.output_path, pages, static, self.jobs,
                                                 before_swap=before_swap))
        self.report.rendered, self.report.pages = len(pages), len(pages) + len(static)

    def up_to_date(self, stamp: Path, current: str, force: bool) -> bool:
        return self.store is not None and not force and _up_to_date(stamp, current, self.config.output_path,
                                                                       self.report)

    def relative_base_warning(self) -> bool:
        """Whether to warn that ``base_url`` is no full address (serve says it once)."""
        return not self.config.absolute_base

    # ---- the build ---------------------------------------------------------------
    def phase(self, name: str):
        return Phases(self.report)(name)

    def gather(self, paths: list[Path] | None = None) -> Gathered:
        """Read every article, analyse it (or take it from the cache), apply overrides, build the timeline."""
        with self.phase("read"):
            rows = self._read_all(paths if paths is not None else content.find_articles(self.config))
        with self.phase("analyse"):
            rows = self._keep_good([(a, p, r) for (a, p), r in zip(rows, self._analyse(rows))])
            rows = [(a, p, redated(an, p, a.dct, a.published.tzinfo) if p.entries else an) for a, p, an in rows]
        with self.phase("events"):
            found = {id(a): an for a, _p, an in rows}
            rows = self._keep_good([(a, p, self._events_or_failure(a, an, p)) for a, p, an in rows])
            articles, plains, applied = [list(column) for column in zip(*rows)] if rows else ([], [], [])
            reports = [e for _an, events in applied for e in events]
            timeline = self.timeline(reports, overrides.resolve_ties(articles, reports))
            ranking = rank(timeline.events, reports, self.config.key_count)
            timeline = replace(timeline, ranking=ranking)
        return Gathered(articles, plains, [an for an, _events in applied], timeline, reports,
                        [found[id(a)] for a in articles])

    def _read_all(self, paths: list[Path]) -> list[tuple]:
        """(article, plain text) of each path; with --keep-going one that cannot be read is left out."""
        rows = self._keep_good([(path, self._read_or_error(path)) for path in paths])
        rows = [row for _path, row in rows]
        if not self.show_drafts:
            self.report.drafts = sum(1 for a, _p in rows if a.draft)
            rows = [(a, p) for a, p in rows if not a.draft]
        content.check_slugs([a for a, _p in rows])
        return rows

    def _read_or_error(self, path: Path):
        try:
            return self.read(path)
        except DatelineError as exc:
            return exc

    def _analyse(self, rows: list[tuple]) -> list:
        """Analysis of every article: known ones as they are, the rest through the pipeline."""
        results = [self.known_analysis(a, p) for a, p in rows]
        missing = [i for i, r in enumerate(results) if r is None]
        self.report.cached, self.report.analysed = len(rows) - len(missing), len(missing)
        if not missing:
            return results
        progress = Progress(len(missing))
        try:
            items = [(rows[i][1].text, rows[i][0].dct) for i in missing]
            analysed = analyse(self.config.model, items, jobs=self.jobs, executor=self.config.executor)
            for i, analysis in zip(missing, analysed):
                results[i] = analysis
                if self.store and not isinstance(analysis, Failure):
                    self.store.put(rows[i][1].text, rows[i][0].dct, analysis)
                progress.advance()
        finally:
            progress.close()
        return results

    def _events_or_failure(self, article: content.Article, analysis: Analysis, plain):
        try:
            return self.article_events(article, analysis, plain)
        except DatelineError as exc:  # an override that cannot apply: the user's to fix, in this article
            return exc
        except Exception as exc:  # noqa: BLE001 - a bug must cost one article, not the build
            return Failure.caught(exc)

    def _keep_good(self, rows: list[tuple]) -> list[tuple]:
        """Rows (article or path, ...) whose last item is no ``Failure`` or error; those raise, or with
        --keep-going are listed in the report and their article left out."""
        kept = []
        for row in rows:
            if isinstance(row[-1], (Failure, DatelineError)):
                error = bug_in(row[0], row[-1]) if isinstance(row[-1], Failure) else row[-1]
                if not self.keep_going:
                    raise error
                self.report.failures.append(error)
            else:
                kept.append(row)
        return kept

    def run(self, force: bool = False, strict: bool = False) -> BuildReport:
        """Build the site, unless nothing changed since last time. With ``strict`` a build that
        warned is not swapped in: the previous site stays as it was."""
        warnings = _WarningCount()
        log.addHandler(warnings)
        self.report = BuildReport()
        try:
            return self._run(force, strict, warnings)
        finally:
            log.removeHandler(warnings)

    def _run(self, force: bool, strict: bool, warnings: _WarningCount) -> BuildReport:
        config, report = self.config, self.report
        check_replaceable(config.output_path.resolve())  # before any work: the folder must be Dateline's to replace
        theme = themes.load(config)  # a missing theme fails before any analysis
        stamp = config.cache_path / "last-build.json"
        memo = FileMemo(config.cache_path)  # what the last build read of each file, by its stat
        paths = content.find_articles(config, memo)  # once: it warns about files it skips
        current = fingerprint(config, theme, paths, memo)
        reviewed = strict and bool(config.review_required)  # open items are not in the stamp: look again
        if not reviewed and self.up_to_date(stamp, current, force):
            return report
        site = self.gather(paths)
        if reviewed or config.review:
            found = review.items(site, config)
            if reviewed:
                review.check_required(found, config.review_required)
            if config.review:
                site = replace(site, timeline=replace(site.timeline, review=tuple(found)))
        if self.relative_base_warning():
            log.warning("%s: `base_url` %r is not a full address, so sitemap.xml is left out and the feed's links "
                        "are relative; set it to where the site will be published, e.g. https://you.github.io/repo/",
                        display_path(config.root / CONFIG_NAME), config.base_url)
        with self.phase("render"):
            renderer = self.renderer(theme, site.timeline, article_pages(site))
        self.write(renderer, {**theme.static_files(), **media_files(site)},
                   warnings.refuse if strict else None)
        report.articles, report.events = len(site.articles), len(site.timeline.events)
        if not report.failures:
            _stamp(stamp, current, config.output_path, report, warned=bool(warnings.count))
        return report


def _drafted(event: Event) -> Event:
    """A draft article's event, its source marked as a draft's (serve shows a badge)."""
    return replace(event, sources=tuple(replace(s, draft=True) for s in event.sources))


def media_files(site: Gathered) -> dict[str, Path]:
    """The content folder's pictures the site shows, by their path under static/ in the output."""
    shown = [a.image for a in site.articles] + [e.media for e in site.timeline.events]
    return dict(sorted((unquote(m.src.removeprefix("static/")), m.file) for m in shown if m is not None and m.local))


def article_pages(site: Gathered) -> list[ArticlePage]:
    """Each article with what its page shows: its text, its analysis and the events it reports."""
    by_article: dict[str, list[Event]] = {}
    for event in site.timeline.events:
        for slug in dict.fromkeys(s.article for s in event.sources):
            by_article.setdefault(slug, []).append(event)
    return [ArticlePage(a, p, an, tuple(by_article.get(a.slug, ())))
            for a, p, an in zip(site.articles, site.plains, site.analyses)]


def gather(config: Config, report: BuildReport | None = None, use_cache: bool = True) -> Gathered:
    """The site's articles, analyses and timeline, for commands that show them without building."""
    run = Build(config, use_cache=use_cache)
    if report is not None:
        run.report = report
    return run.gather()


def fingerprint(config: Config, theme: themes.Theme, paths: list[Path], memo: FileMemo | None = None) -> str:
    """Everything a build reads, hashed: when it and the output are as the last build left them,
    there is nothing to do. Each file by the digest of its bytes, which ``memo`` (saved here) keeps
    by the file's stat: an unchanged file is not read again."""
    memo = memo if memo is not None else FileMemo(config.cache_path)
    from importlib.metadata import version
    h = hashlib.sha256()
    h.update(repr(config).encode())
    h.update(theme.digest.encode())
    h.update(Cache(config.cache_path, config.model, config.language).salt.encode())
    h.update(package_digest().encode())
    h.update(" ".join(version(d) for d in ("jinja2", "markdown", "nh3")).encode())
    # pictures may be copied; confirmations change the review page
    files = [*paths, *content.find_media(config), config.root / review.REVIEW_NAME]
    for path in files:
        try:
            data = memo.digest(path)
        except OSError:  # reading the articles says why, in one line
            data = "\0unreadable"
        h.update(f"{path}\0{data}".encode())
    memo.save({str(p) for p in files})
    return h.hexdigest()


def build(config: Config, jobs: int = 1, use_cache: bool = True, force: bool = False,
          keep_going: bool = False, strict: bool = False) -> BuildReport:
    """Build the site: the whole tree is written and swapped in at once, unless nothing changed
    since last time. With ``strict`` a build that warned is not swapped in."""
    return Build(config, jobs, use_cache, keep_going).run(force, strict)


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
    memo = FileMemo(config.cache_path)
    current = fingerprint(config, themes.load(config), content.find_articles(config, memo), memo)
    return last.get("fingerprint") == current and last.get("output") == manifest(config.output_path)


def _up_to_date(stamp: Path, current: str, output: Path, report: BuildReport) -> bool:
    last = _last_build(stamp)
    if last.get("warned", True) or last.get("fingerprint") != current or last.get("output") != manifest(output):
        return False  # a build that warned is repeated, so that its warnings are seen again
    report.up_to_date = True
    report.articles, report.events, report.pages, report.drafts = (
        last.get(k, 0) for k in ("articles", "events", "pages", "drafts"))
    return True


def _stamp(stamp: Path, current: str, output: Path, report: BuildReport, warned: bool) -> None:
    """What this build was made from and what it wrote (serve's rebuilds too), for the next build
    and for deploy."""
    partial = stamp.with_name(f".tmp-{os.getpid()}-{stamp.name}")
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps({"fingerprint": current, "output": manifest(output), "warned": warned,
                                       "articles": report.articles, "events": report.events, "pages": report.pages,
                                       "drafts": report.drafts}))
        os.replace(partial, stamp)
    except OSError as exc:  # a read-only cache: the next build and deploy see no stamp, and build again
        log.debug("cannot write %s: %s", stamp, exc)
