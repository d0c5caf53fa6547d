"""Which page of the site holds each event of the chronology. Pure: groups in, a layout out.

A chronology of up to ``PAGE_EVENTS`` events stays on the index, beneath its key events. A larger
one moves to a page per year (``timeline/2021/``), and a year of more than ``PAGE_EVENTS`` events to
a page per month (``timeline/2021/03/``); the year's page then keeps the events known only to the
year or a part of it (a season, a quarter) and lists its months. So a phone never loads more than
about ``PAGE_EVENTS`` events at once.

URLs are stable: a page's URL is made of its own year and month only, and whether a year is split
of its own events only, so a year's page stays where it is when another year grows. Pages are made
of ``Timeline.groups`` as they are (a group is never cut), so the headings are the timeline's.

``Layout.url_of`` is the one answer to "on which page is this event": every link to an event (the
timeline's own, article, actor and tag pages, the feed) is made with it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .model import Event
from .rank import Ranking
from .temporal.value import DateValue, Gran
from .timeline import Group

PAGE_EVENTS = 500  # the most events one page shows (about 1.3 KB of HTML each: well under 1 MB)
FOLDER = "timeline/"  # where the chronology's pages are, under the site's root


@dataclass(frozen=True)
class PageLink:
    """A link to another page of the chronology: what a neighbour needs of it (not its events, so a
    page does not change when its neighbour does)."""

    url: str
    title: str


@dataclass(frozen=True)
class Part:
    """One page of the chronology: a year, or a month of a crowded year."""

    url: str  # relative to the site's root: "timeline/2021/"
    title: str  # "2021", "March 2021"
    groups: tuple[Group, ...]  # the events it shows, under the timeline's headings
    count: int  # events on it and on its parts
    parts: tuple[Part, ...] = ()  # a crowded year's months
    short: str = ""  # its name in a list of its year's months ("March"); the title otherwise

    @property
    def path(self) -> str:
        return self.url + "index.html"

    @property
    def link(self) -> PageLink:
        return PageLink(self.url, self.title)


@dataclass(frozen=True)
class Layout:
    home: tuple[Group, ...]  # the groups the index shows: all of a small site's, none of a large one's
    parts: tuple[Part, ...]  # the year pages, in the chronology's order (none for a small site)
    where: dict[str, str] = field(repr=False)  # event id -> URL of the page holding it ("" for the index)

    def url_of(self, event_id: str) -> str:
        """The URL (relative to the site's root) of the page that holds the event."""
        return self.where[event_id]

    def links(self, events: Iterable[Event]) -> dict[str, str]:
        """The pages of ``events`` and of the events they conflict with: what a page's links to
        them need (a page's own, so that it changes only when its events move)."""
        out: dict[str, str] = {}
        for event in events:
            out[event.id] = self.where[event.id]
            for other in event.conflicts:
                if other in self.where:
                    out[other] = self.where[other]
        return out

    def pages(self) -> Iterator[tuple[Part, PageLink | None, PageLink | None, PageLink | None]]:
        """Every page of the chronology with the page above it and its previous and next siblings."""
        yield from _family(self.parts, None)


def layout(groups: tuple[Group, ...]) -> Layout:
    """Where every group goes: the index for a small chronology, else pages per year and month."""
    if _count(groups) <= PAGE_EVENTS:
        return Layout(groups, (), {e.id: "" for g in groups for e in g.events})
    years: dict[int, list[Group]] = {}
    for g in groups:
        years.setdefault(g.year, []).append(g)
    parts = tuple(_year(year, tuple(gs)) for year, gs in years.items())
    where = {e.id: part.url for part, *_ in _family(parts, None) for g in part.groups for e in g.events}
    return Layout((), parts, where)


def _year(year: int, groups: tuple[Group, ...]) -> Part:
    """A year's page; a crowded year's holds what is known only to the year, its months their own."""
    value = DateValue(Gran.YEAR, year)
    url = f"{FOLDER}{value.timex}/"
    count = _count(groups)
    if count <= PAGE_EVENTS:
        return Part(url, value.label(), groups, count)
    months: dict[int, list[Group]] = {}
    for g in groups:
        if g.month is not None:
            months.setdefault(g.month, []).append(g)
    parts = tuple(Part(f"{url}{month:02d}/", gs[0].label, tuple(gs), _count(gs),
                       short=calendar.month_name[month])
                  for month, gs in months.items())
    return Part(url, value.label(), tuple(g for g in groups if g.month is None), count, parts)


def _family(parts: tuple[Part, ...], up: Part | None) -> Iterator:
    for i, part in enumerate(parts):
        before = parts[i - 1].link if i else None
        after = parts[i + 1].link if i + 1 < len(parts) else None
        yield part, up.link if up else None, before, after
        yield from _family(part.parts, part)


def _count(groups) -> int:
    return sum(len(g.events) for g in groups)


def key_events(events: tuple[Event, ...], ranking: Ranking) -> tuple[Event, ...]:
    """The key events, in the chronology's order (the index leads with them)."""
    return tuple(e for e in events if ranking.of(e)[1])
