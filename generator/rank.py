"""Key events: the short timeline of the days that mattered, picked from the whole chronology.

Every event gets a rank (1 = the most important) from the evidence a newsroom weighs:

* how many distinct articles report something on its day, each article counted once, by its
  strongest report of that day: a report that names the date itself (or an editor's override)
  counts 1, one placed on the article's publication day or on the day the article was telling of
  (no date of its own) counts ``UNDATED_WEIGHT``; a report in the article's lead (its first
  ``LEAD_SENTENCES`` sentences) counts in full, a later one ``LATER_WEIGHT`` of that;
* among the events of one day, the same evidence for the event itself (the articles and sources
  that report it), then the shorter text (the one told in fewest words).

Page furniture (datelines, update stamps, comment signatures) gives no events at all (events.py),
so it gives no evidence either. Evidence is read off the reports as each article made them, before
merging: a report dated only "last June" that merging placed with a day's event is no evidence for
that day.

The key events are the best event of each of the best days, one per day, days of precise dates
only (a key event is a happening of a day). How many: ``key_events`` (dateline.toml, ``dateline
build --key-events N``), or by default every day at least ``CORROBORATED`` articles report (one
article's day is not yet a day that mattered), at most ``KEY_PER_ROOT_ARTICLE`` x the square root
of the number of articles: a story twice as widely covered has more days that mattered, but not
twice as many, as later articles mostly retell the same days (journalists' reference timelines of
stories with 80 to 300 articles run to 15 to 50 dates).

Pure: events in, ranks out; the events are left as they are (``dateline serve`` keeps unchanged
events as the same objects), the ranks live beside them in the ``Timeline``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Event
from .temporal.value import DateValue, Gran

UNDATED_WEIGHT = 0.5
LATER_WEIGHT = 0.75
LEAD_SENTENCES = 2
CORROBORATED = 2
KEY_PER_ROOT_ARTICLE = 3


@dataclass(frozen=True)
class Ranking:
    """Every event's rank by id (1 = the most important), and how many of the first ranks are key events."""

    ranks: dict[str, int] = field(default_factory=dict)
    key_count: int = 0

    def of(self, event: Event) -> tuple[int | None, bool]:
        """(the event's rank, whether it is a key event)."""
        rank = self.ranks.get(event.id)
        return rank, rank is not None and rank <= self.key_count


def default_key_count(articles: int, corroborated_days: int) -> int:
    """Key events when no number is asked for: one per day that mattered, scaled to the story's size."""
    return min(corroborated_days, math.ceil(KEY_PER_ROOT_ARTICLE * math.sqrt(articles)))


def _day(event: Event) -> DateValue | None:
    """The calendar day of an event dated to a day or finer: an event led by "3 p.m. Thursday" is of
    Thursday, and its reports of "Thursday" speak for it."""
    value = event.value
    if not isinstance(value, DateValue) or value.gran < Gran.DAY:
        return None
    return value if value.gran == Gran.DAY else DateValue(Gran.DAY, value.year, value.month, value.day)


def _reported_day(report: Event) -> DateValue | None:
    """The day one article's report speaks for: its date when that is a day. A report dated to a
    time of day ("10:42 GMT", "at 3 p.m.") is no evidence of its own: clock times are what live
    coverage and page stamps print by the dozen, and counting them raised the days of live pages
    over the days that several articles report (Timeline17: key date F1 0.625 -> 0.562 on bpoil_bbc).
    An event led by a time still has its day (``_day``), which its day-dated reports speak for."""
    value = report.value
    return value if isinstance(value, DateValue) and value.gran == Gran.DAY else None


def _weight(report: Event) -> float:
    """How strongly one article's report speaks for its day (see the module's docstring)."""
    source = report.sources[0]
    weight = 1.0 if report.basis in ("expression", "override") else UNDATED_WEIGHT
    lead = source.anchor.startswith("s-") and int(source.anchor[2:]) < LEAD_SENTENCES
    return weight if lead or not source.anchor else weight * LATER_WEIGHT


def _timex(day: DateValue | None) -> str | None:
    return day.timex if day is not None else None


def rank(events: tuple[Event, ...], reports: list[Event], key_events: int | None = None) -> Ranking:
    """The ranking of the timeline's ``events``, from the ``reports`` they were merged from (each
    with its one source, as ``events.article_events`` made it); ``key_events``: how many key events
    (None: the default)."""
    weight = {(r.sources[0].article, r.sources[0].order): (_weight(r), _reported_day(r)) for r in reports if r.sources}
    by_day: dict[str, dict[str, float]] = defaultdict(dict)  # day -> article -> its strongest report's weight
    for (article, _order), (w, day) in weight.items():
        if day is not None:
            known = by_day[day.timex]
            known[article] = max(w, known.get(article, 0.0))
    day_score = {day: sum(arts.values()) for day, arts in by_day.items()}

    def evidence(event: Event) -> float:
        """The event's own articles, each by its strongest report of the event's day."""
        best: dict[str, float] = {}
        own = _day(event)
        for s in event.sources:
            w, day = weight.get((s.article, s.order), (0.0, None))
            if day is not None and day.timex == own.timex:
                best[s.article] = max(w, best.get(s.article, 0.0))
        return sum(best.values())

    scored = [(evidence(e) if _day(e) else 0.0, len(e.sources), e) for e in events]
    best_of_day: dict[str, tuple] = {}
    for i, (ev, n, e) in enumerate(scored):
        day = _day(e)
        if day is None or not ev:
            continue
        candidate = (-ev, -n, len(e.text), i)
        if day.timex not in best_of_day or candidate < best_of_day[day.timex][0]:
            best_of_day[day.timex] = (candidate, e)
    days = sorted(best_of_day, key=lambda d: (-day_score.get(d, 0.0), -len(by_day.get(d, ())), d))
    ranked = [best_of_day[d][1] for d in days]
    taken = {e.id for e in ranked}
    rest = sorted((i for i, (_ev, _n, e) in enumerate(scored) if e.id not in taken),
                  key=lambda i: (-scored[i][0], -day_score.get(_timex(_day(scored[i][2])), 0.0), -scored[i][1], i))
    ranked += [scored[i][2] for i in rest]
    if key_events is None:
        articles = len({s.article for e in events for s in e.sources})
        corroborated = sum(1 for d in days if len(by_day[d]) >= CORROBORATED)
        key_events = default_key_count(articles, corroborated)
    return Ranking({e.id: n for n, e in enumerate(ranked, 1)}, min(key_events, len(days)))
