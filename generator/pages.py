"""Which page of the site holds each event of the chronology. Pure: groups in, a layout out.

A chronology of up to ``PAGE_EVENTS`` events stays on the index, beneath its key events. A larger
one moves to a page per year (``timeline/2021/``), a year of more than ``PAGE_EVENTS`` events to a
page per month (``timeline/2021/03/``) and such a month to a page per day (``timeline/2021/03/09/``).
A split page keeps what is not known finely enough for the pages beneath it (a year's the events
of the year or a part of it, a season, a quarter; a month's those of the month, a week or several
days) and lists them. So a phone never loads more than about ``PAGE_EVENTS`` events at once (a
single day reported more often than that is the one exception: a day's page is not split).

URLs are stable: a page's URL is made of its own year and month only, and whether a year is split
of its own events only, so a year's page stays where it is when another year grows. Pages are made
of ``Timeline.groups`` as they are (a group is never cut), so the headings are the timeline's.

``Layout.url_of`` is the one answer to "on which page is this event": every link to an event (the
timeline's own, article, actor and tag pages, the feed) is made with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .model import Event
from .rank import Ranking
from .temporal.value import DateValue, Gran, month_name
from .timeline import Group

PAGE_EVENTS = 500  # the most events one page shows (about 1.3 KB of HTML each: well under 1 MB)
FOLDER = "timeline/"  # where the chronology's pages are, under the site's root


class Links(dict):
    """Event id -> the URL of its page, for the events a page shows and those they conflict with.
    Macros are given it whole; their fragments are told apart by the entries of their own events
    (``render.Fragments``), so an event's entry is rendered once for every page at one depth."""


@dataclass(frozen=True)
class PageLink:
    """A link to another page of the chronology: what a neighbour needs of it (not its events, so a
    page does not change when its neighbour does)."""

    url: str
    title: str


@dataclass(frozen=True)
class Part:
    """One page of the chronology: a year, a month of a crowded year or a day of a crowded month."""

    kind: str  # "year", "month" or "day"
    url: str  # relative to the site's root: "timeline/2021/"
    title: str  # "2021", "March 2021", "Tuesday, March 9, 2021"
    groups: tuple[Group, ...]  # the events it shows, under the timeline's headings
    count: int  # events on it and on its parts
    parts: tuple[Part, ...] = ()  # a crowded year's months, a crowded month's days
    short: str = ""  # its name in a list of the pages of its year or month ("March", "9")

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

    @property
    def event_url(self) -> EventUrl:
        """``event_url(event)`` for templates (the index's overview links to events through it)."""
        return EventUrl(self)

    def links(self, events: Iterable[Event]) -> Links:
        """The pages of ``events`` and of the events they conflict with: what a page's links to
        them need (a page's own, so that it changes only when its events move)."""
        out = Links()
        for event in events:
            out[event.id] = self.where[event.id]
            for other in event.conflicts:
                if other in self.where:
                    out[other] = self.where[other]
        return out

    def pages(self) -> Iterator[tuple[Part, tuple[PageLink, ...], PageLink | None, PageLink | None]]:
        """Every page of the chronology with the pages above it and its previous and next siblings."""
        yield from _family(self.parts, ())


@dataclass(frozen=True, eq=False)
class EventUrl:
    """An event's address relative to the site's root: its page and its anchor there (a page's
    ``root`` goes before it). Equal to another while every event is on the same page, so that serve
    keeps a page made with it until an event moves."""

    layout: Layout

    def __call__(self, event: Event) -> str:
        return f"{self.layout.url_of(event.id)}#{event.id}"

    def __eq__(self, other) -> bool:
        return isinstance(other, EventUrl) and self.layout.where == other.layout.where

    __hash__ = None


def layout(groups: tuple[Group, ...]) -> Layout:
    """Where every group goes: the index for a small chronology, else pages per year and month."""
    if _count(groups) <= PAGE_EVENTS:
        return Layout(groups, (), {e.id: "" for g in groups for e in g.events})
    years: dict[int, list[Group]] = {}
    for g in groups:
        years.setdefault(g.year, []).append(g)
    parts = tuple(_year(year, tuple(gs)) for year, gs in years.items())
    where = {e.id: part.url for part, *_ in _family(parts, ()) for g in part.groups for e in g.events}
    return Layout((), parts, where)


def _year(year: int, groups: tuple[Group, ...]) -> Part:
    """A year's page; a crowded year's holds what is known only to the year, its months their own."""
    value = DateValue(Gran.YEAR, year)
    url = f"{FOLDER}{value.timex}/"
    count = _count(groups)
    if count <= PAGE_EVENTS:
        return Part("year", url, value.label(), groups, count)
    months: dict[int, list[Group]] = {}
    for g in groups:
        if g.month is not None:
            months.setdefault(g.month, []).append(g)
    parts = tuple(_month(f"{url}{month:02d}/", year, month, tuple(gs)) for month, gs in months.items())
    return Part("year", url, value.label(), tuple(g for g in groups if g.month is None), count, parts)


def _month(url: str, year: int, month: int, groups: tuple[Group, ...]) -> Part:
    """A month's page; a crowded month's holds what is not of one day, its days their own."""
    count, short = _count(groups), month_name(month)
    if count <= PAGE_EVENTS:
        return Part("month", url, groups[0].label, groups, count, short=short)
    days: dict[date, list[Event]] = {}
    kept = []
    for g in groups:
        rest = []
        for e in g.events:
            day = _day(e, year, month)
            (rest if day is None else days.setdefault(day, [])).append(e)
        if rest:
            kept.append(replace(g, events=tuple(rest)))
    parts = tuple(_day_part(url, groups[0], day, tuple(days[day])) for day in sorted(days))
    return Part("month", url, groups[0].label, tuple(kept), count, parts, short)


def _day(event: Event, year: int, month: int) -> date | None:
    """The day of the month ``year``-``month`` an event happened on; None when it is not known to one
    day of it (a month, a week, several days, a night running into the next month)."""
    value = event.value
    first, last = value.start.date(), (value.end - timedelta(microseconds=1)).date()
    if value.gran < Gran.DAY or first != last or (first.year, first.month) != (year, month):
        return None
    return first


def _day_part(url: str, month: Group, day: date, events: tuple[Event, ...]) -> Part:
    """A day's page, its events under the day's heading."""
    title = DateValue.of_day(day).label()
    group = Group(f"{month.key}-{day.day:02d}", title, month.year, month.month, events)
    return Part("day", f"{url}{day.day:02d}/", title, (group,), len(events), short=str(day.day))


def _family(parts: tuple[Part, ...], above: tuple[PageLink, ...]) -> Iterator:
    for i, part in enumerate(parts):
        before = parts[i - 1].link if i else None
        after = parts[i + 1].link if i + 1 < len(parts) else None
        yield part, above, before, after
        yield from _family(part.parts, above + (part.link,))


def _count(groups) -> int:
    return sum(len(g.events) for g in groups)


def key_events(events: tuple[Event, ...], ranking: Ranking) -> tuple[Event, ...]:
    """The key events, in the chronology's order (the index leads with them)."""
    return tuple(e for e in events if ranking.of(e)[1])
