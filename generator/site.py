"""``dateline build``: the build in named phases, and the writer that swaps the result in.

Phases: load the theme (fail early), read every article, analyse the new
ones, extract and merge events, render every page in memory, and only then
write: into a temporary folder beside ``output/`` that replaces it in one
rename. A failed build leaves the previous site untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import content, overrides, themes
from .cache import CACHE_DIR, Cache
from .config import Config
from .errors import DatelineError
from .markup import plain_text
from .progress import Progress
from .nlp import Analysis
from .render import ArticlePage, SiteRenderer, sentence_anchor
from .temporal import parse
from .timeline import Event, Source, Timeline, build as build_timeline, event_id

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
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        phases = ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items())
        return (f"built {self.pages} files: {self.articles} articles, {self.events} events "
                f"({self.analysed} analysed, {self.cached} cached; {phases})")


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


def article_events(article: content.Article, analysis: Analysis) -> list[Event]:
    """The article's events (from its text and its front matter) with their provenance."""
    events = []
    for order, raw in enumerate(analysis.events):
        t = analysis.timexes[raw.timex]
        value = parse(t.value)
        source = Source(article.slug, article.title, article.url, raw.text, sentence_anchor(raw.sentence),
                        t.text, article.published, order)
        events.append(Event(event_id(value, raw.text), value, t.mod, t.quantifier, raw.text, raw.actors,
                            article.tags, [source], quote=raw.quote, sole_date=raw.sole_date))
    for order, added in enumerate(overrides.added_events(article), start=len(events)):
        source = Source(article.slug, article.title, article.url, added.text, "", added.value.label(added.mod),
                        article.published, order)
        events.append(Event(event_id(added.value, added.text), added.value, added.mod, None, added.text,
                            added.actors, article.tags, [source]))
    return events


def analyse_articles(config: Config, articles: list[content.Article], plains, jobs: int, report: BuildReport,
                     use_cache: bool = True) -> list[Analysis]:
    """Analysis of every article: from the cache where possible, the rest through the pipeline."""
    store = Cache(config.root / CACHE_DIR, config.model, config.language) if use_cache else None
    results = [store.get(p.text, a.dct) if store else None for a, p in zip(articles, plains)]
    missing = [i for i, r in enumerate(results) if r is None]
    report.cached, report.analysed = len(articles) - len(missing), len(missing)
    if missing:
        from .nlp import analyse, load_pipeline  # imports spaCy: only when something is new
        nlp = load_pipeline(config.model)
        items = [(plains[i].text, articles[i].dct) for i in missing]
        progress = Progress(len(items))
        try:
            for i, analysis in zip(missing, analyse(nlp, items, jobs=jobs)):
                results[i] = analysis
                if store:
                    store.put(plains[i].text, articles[i].dct, analysis)
                progress.advance()
        finally:
            progress.close()
    return results


@dataclass
class Gathered:
    """Everything a site is made of, read and analysed, before anything is rendered."""

    articles: list[content.Article]
    plains: list
    analyses: list[Analysis]
    timeline: Timeline


def gather(config: Config, report: BuildReport, jobs: int = 1, use_cache: bool = True) -> Gathered:
    """Read every article, analyse it (or take it from the cache), apply overrides, build the timeline."""
    phase = Phases(report)
    with phase("read"):
        articles = content.read_all(config)
        plains = [plain_text(a.body, a.markup) for a in articles]
    with phase("analyse"):
        analyses = analyse_articles(config, articles, plains, jobs, report, use_cache)
    with phase("events"):
        analyses = [overrides.apply(a, an, p.text) for a, an, p in zip(articles, analyses, plains)]
        events = [e for a, an in zip(articles, analyses) for e in article_events(a, an)]
        timeline = build_timeline(events)
    return Gathered(articles, plains, analyses, timeline)


def build(config: Config, jobs: int = 1, use_cache: bool = True, memo: dict | None = None) -> BuildReport:
    """Build the site. ``memo`` (kept by ``dateline serve`` between builds) lets unchanged pages be reused."""
    report = BuildReport()
    theme = themes.load(config)  # a missing theme fails before any analysis
    site = gather(config, report, jobs, use_cache)
    with Phases(report)("render"):
        pages = [ArticlePage(a, p, an, _events_of(site.timeline, a.slug))
                 for a, p, an in zip(site.articles, site.plains, site.analyses)]
        renderer = SiteRenderer(config, theme, site.timeline, pages, memo)
        rendered = renderer.all_pages()
        report.rendered, report.reused = renderer.rendered, renderer.reused
    with Phases(report)("write"):
        files = write_site(config.output_path, rendered, theme.static_files())
    report.articles, report.events, report.pages = len(site.articles), len(site.timeline.events), files
    return report


def _events_of(timeline: Timeline, slug: str) -> tuple[Event, ...]:
    return tuple(e for e in timeline.events if any(s.article == slug for s in e.sources))


def write_site(output: Path, rendered: dict[str, str], static: dict[str, Path]) -> int:
    """Write every file into a fresh folder, then swap it in place of ``output``."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        for rel, src in static.items():
            dest = staging / "static" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
        for rel, text in rendered.items():
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8", newline="\n")
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(static) + len(rendered)


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging``; the old tree is only removed once the new one is in place."""
    if output.exists() and not output.is_dir():
        raise DatelineError("output path exists and is not a folder; remove it or set `output_dir`", output)
    os.chmod(staging, 0o755)
    old = None
    if output.exists():
        old = output.parent / f".{output.name}-old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        os.rename(output, old)
    try:
        os.rename(staging, output)
    except BaseException:
        if old is not None:
            os.rename(old, output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
