"""One chronology from many articles: merge, order, group, index. Pure functions, no I/O.

Two reports of one happening become one event with both sources when their
dates are compatible (equal, or one inside the other) and their words
overlap; reports that match in words but not in date are kept apart and
flagged as conflicting, never merged silently.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import Counter, defaultdict
from functools import lru_cache
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from .model import Event
from .rank import Ranking
from .temporal.value import DateValue, Gran
from .words import words as language_words

STOPWORDS = language_words()["stopwords"]
TEMPORAL_WORDS = language_words()["temporal_words"]  # say when, not what: never evidence of one happening
MERGE_OVERLAP = 0.5  # share of the shorter report's key terms the other must contain
MERGE_WITH_ACTOR = 0.34  # enough when both name the same actor
MIN_SHARED = 2
CONFLICT_OVERLAP = 0.6
CONFLICT_GAP = timedelta(days=31)  # reports of one happening disagree by days, not by years
MIN_SHARED_CONFLICT = 3


@dataclass(frozen=True)
class Group:
    """Consecutive events under one heading: a month, a year, or a decade or century."""

    key: str  # used in anchors: "2022-11", "2021", "decade-197"
    label: str
    year: int
    month: int | None
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Timeline:
    events: tuple[Event, ...]
    groups: tuple[Group, ...]
    actors: dict[str, tuple[Event, ...]]
    tags: dict[str, tuple[Event, ...]]
    decisions: Decisions = field(default=None, compare=False, repr=False)  # how its reports were merged
    ranking: Ranking = field(default_factory=Ranking, compare=False, repr=False)  # key events (rank.py)



@lru_cache(maxsize=1 << 16)  # `dateline serve` rebuilds the same texts again and again
def key_terms(text: str) -> frozenset[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", text.lower())
    return frozenset(w for w in words if w not in STOPWORDS and len(w) > 2)


def event_terms(event: Event) -> frozenset[str]:
    """What an event is about: its words without the ones that date it."""
    return about(event.text, event.sources[0].timex if event.sources else "")


@lru_cache(maxsize=1 << 16)  # merging asks for the same events' terms again and again
def about(text: str, timex: str) -> frozenset[str]:
    """What a report says happened: its key words without those of the expression that dates it."""
    return key_terms(text) - key_terms(timex) - TEMPORAL_WORDS


def event_id(value: DateValue, text: str) -> str:
    """Stable: depends only on the event's own date and words, so links survive other edits."""
    digest = hashlib.sha1(f"{value.timex}|{' '.join(sorted(key_terms(text)))}".encode()).hexdigest()
    return f"event-{digest[:10]}"


def compatible(a: DateValue, b: DateValue) -> bool:
    """Equal, or one inside the other (compared on the cached intervals: merging asks this often)."""
    if min(a.first_year, b.first_year) < 1:  # BC values all share one interval: only the same year is
        return a.first_year == b.first_year  # the same date
    (a0, a1), (b0, b1) = a.interval, b.interval
    return (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1)


def _precision(event: Event) -> tuple:
    """Which of two reports dates a happening better: its own date over the day it was reported, then the finer."""
    return event.basis != "publication", event.value.gran


def _overlap(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


TOPIC_SHARE = 0.15  # a word in more than this share of all events is the story's topic, not a detail


def topic_words(terms: list[frozenset[str]]) -> frozenset[str]:
    """Words most events share ("harbor", "bridge"): they say nothing about which happening it is."""
    if len(terms) < 8:
        return frozenset()
    counts = Counter(t for ts in terms for t in ts)
    return frozenset(t for t, n in counts.items() if n > TOPIC_SHARE * len(terms))


def _same_words(ta: frozenset[str], tb: frozenset[str], actors_a: tuple, actors_b: tuple) -> bool:
    """Two reports' key words (topic words removed) and actors: do they tell one happening?"""
    if len(ta & tb) < MIN_SHARED:
        return False
    overlap = _overlap(ta, tb)
    return overlap >= MERGE_OVERLAP or (not set(actors_a).isdisjoint(actors_b) and overlap >= MERGE_WITH_ACTOR)


class _TermIndex:
    """Which events use which words: candidates for a merge are found without comparing every pair."""

    def __init__(self):
        self.postings: dict[str, set[int]] = defaultdict(set)

    def add(self, i: int, terms: frozenset[str]) -> None:
        for term in terms:
            self.postings[term].add(i)

    def sharing(self, terms: frozenset[str], at_least: int) -> list[int]:
        """Ids indexed under ``at_least`` of ``terms``, in order. By set algebra, which runs in C
        (counting walks every id in Python): seen[k] holds the ids met more than k times so far."""
        postings = self.postings
        seen: list[set[int]] = [set() for _ in range(at_least)]
        for term in terms:
            ids = postings.get(term)
            if ids:
                for k in range(at_least - 1, 0, -1):
                    seen[k] |= seen[k - 1] & ids
                seen[0] |= ids
        return sorted(seen[-1])


def _articles(event: Event) -> set[str]:
    return {s.article for s in event.sources}


def _report_order(event: Event) -> tuple:
    first = event.sources[0]
    return first.published, first.article, first.order


class _Cluster:
    """Reports found to tell one happening, in merge order; the first created it."""

    __slots__ = ("members", "articles", "lead", "words", "posted")

    def __init__(self, creator: Event, words: frozenset[str]):
        self.members = [creator]
        self.articles = {creator.sources[0].article}
        self.lead = creator  # the most precise report (the first of them): its date and words are shown
        self.words = words  # the lead's key words, topic words removed
        self.posted = set(words)  # every word the cluster was ever indexed under

    def accepts(self, event: Event, terms: frozenset[str]) -> bool:
        if event.sources[0].article in self.articles or not compatible(event.value, self.lead.value):
            return False
        actors = {a for m in self.members for a in m.actors} if event.actors else ()
        return _same_words(terms, self.words, event.actors, actors)

    def add(self, event: Event, topic: frozenset[str]) -> bool:
        """Take the report in; True when it is more precise than the lead and so changed the words."""
        self.members.append(event)
        self.articles.add(event.sources[0].article)
        if _precision(event) <= _precision(self.lead):
            return False
        self.lead = event
        self.words = about(event.text, self.members[0].sources[0].timex if self.members[0].sources else "") - topic
        return True

    def event(self) -> Event:
        """The merged event: the creator's identity, the lead's date and words, every report."""
        creator, lead = self.members[0], self.lead
        return replace(creator, value=lead.value, mod=lead.mod, text=lead.text, basis=lead.basis,
                       actors=tuple(dict.fromkeys(a for m in self.members for a in m.actors)),
                       tags=tuple(dict.fromkeys(t for m in self.members for t in m.tags)),
                       sources=creator.sources + tuple(m.sources[0] for m in self.members[1:]), conflicts=())


@dataclass(frozen=True)
class Decisions:
    """What a merge decided, known by the identity of the events it saw (an unchanged article keeps
    its Event objects in `dateline serve`; Events are immutable, so the same object is the same
    value). Given to the next merge of mostly the same events, it replays every decision that cannot
    have changed instead of searching again: the result is the same, found faster. It holds the
    events, so their ids are not reused while it lives."""

    topic: frozenset[str] | None = None
    joined: dict[int, tuple[Event, int]] = field(default_factory=dict)  # id(report) -> (report, id(creator))
    merged: dict[tuple[int, ...], Event] = field(default_factory=dict)  # members' ids -> merged event,
    # before ids are made unique and conflicts flagged (both depend on the other events)
    conflicts: dict[int, tuple[Event, set[int]]] = field(default_factory=dict)  # see _flag_conflicts
    final: dict[str, Event] = field(default_factory=dict)  # id -> the event as the timeline has it


def merge(events: list[Event], previous: Decisions | None = None) -> tuple[list[Event], Decisions]:
    """Merge reports of the same happening from different articles; flag conflicting dates.

    Greedy, in publication order: each report joins the first earlier event it matches. Returns the
    events and the decisions, which a later merge may take as ``previous``."""
    topic = topic_words([event_terms(e) for e in events])
    ordered = sorted(events, key=_report_order)
    usable = previous is not None and previous.topic == topic
    clusters = _assign(ordered, topic, previous.joined if usable else {})
    keys = [tuple(map(id, c.members)) for c in clusters]
    known = previous.merged if usable else {}
    merged = [known.get(key) or c.event() for key, c in zip(keys, clusters)]
    conflicts = dict(previous.conflicts) if usable else {}
    out = _flag_conflicts(_unique_ids(merged), topic, conflicts)
    joined = {id(m): (m, id(c.members[0])) for c in clusters for m in c.members}
    return out, Decisions(topic, joined, dict(zip(keys, merged)), conflicts)


def _unique_ids(events: list[Event]) -> list[Event]:
    """Ids are anchors and link targets, so each must be unique. Two reports with one date and the
    same key words can stay apart ("He died on 1 March 1792." has one key word, too few to merge on):
    the first published keeps the id, a later one gets a suffix from its own first source."""
    seen: set[str] = set()
    out = []
    for event in events:
        ident = event.id
        if ident in seen:
            first = event.sources[0]
            ident = base = f"{event.id}-{hashlib.sha1(f'{first.article}#{first.order}'.encode()).hexdigest()[:6]}"
            n = 2
            while ident in seen:
                ident, n = f"{base}-{n}", n + 1
        seen.add(ident)
        out.append(event if ident == event.id else replace(event, id=ident))
    return out


def _assign(ordered: list[Event], topic: frozenset[str], previous: dict[int, tuple[Event, int]]) -> list[_Cluster]:
    """Each report into a cluster. A report whose last decision (``previous``) cannot have changed
    keeps it: that is so unless a cluster it could match is *dirty*, i.e. has a report it did not
    have last time, or lacks one it had, or is new. Everything else is searched as without a memo."""
    clusters: list[_Cluster] = []
    by_creator: dict[int, int] = {}  # id(creator) -> its cluster
    index, dirty_index, dirty = _TermIndex(), _TermIndex(), set()
    present = {id(e) for e in ordered}
    losing = {creator for report, (_e, creator) in previous.items() if report not in present}

    def soil(k: int) -> None:
        if k not in dirty:
            dirty.add(k)
            dirty_index.add(k, clusters[k].posted)

    for event in ordered:
        terms = event_terms(event) - topic
        last = previous.get(id(event))
        was = by_creator.get(last[1]) if last else None  # the cluster it joined last time, if still there
        if last and not dirty_index.sharing(terms, MIN_SHARED) and (last[1] == id(event) or (
                was is not None and was not in dirty)):
            found = was
        else:
            found = next((i for i in index.sharing(terms, MIN_SHARED) if clusters[i].accepts(event, terms)), None)
            if was is not None and was != found:
                soil(was)
        if found is None:
            by_creator[id(event)] = len(clusters)
            clusters.append(_Cluster(event, terms))
            index.add(len(clusters) - 1, terms)
            if not last or last[1] != id(event) or id(event) in losing:
                soil(len(clusters) - 1)
            continue
        if not last or was != found:
            soil(found)
        cluster = clusters[found]
        if cluster.add(event, topic):
            index.add(found, cluster.words)
            cluster.posted |= cluster.words
            if found in dirty:
                dirty_index.add(found, cluster.words)
    return clusters


def _flag_conflicts(events: list[Event], topic: frozenset[str], known: dict) -> list[Event]:
    """The events with ``conflicts`` set: ids of events that tell the same thing on a nearby date.
    An event whose conflicts are already right is kept as it is (it may be the previous decisions').

    ``known`` (the previous decisions', copied; updated here to this merge's) holds each candidate event's partners by identity: two events
    seen last time keep what they had, and only the others are searched for partners."""
    candidates = [e.sole_date and not e.quote and e.value.gran >= Gran.DAY for e in events]
    terms = {i: event_terms(e) - topic for i, e in enumerate(events) if candidates[i]}
    index = _TermIndex()
    for i, words in terms.items():
        index.add(i, words)
    partners: dict[int, set[int]] = {i: set() for i in terms}
    position = {id(events[i]): i for i in terms}
    seen = {i for i in terms if known.get(id(events[i]), (None,))[0] is events[i]}
    for i in seen:  # pairs of two events seen last time are what they were
        partners[i] |= {position.get(other) for other in known[id(events[i])][1]} & seen
    for i in sorted(terms.keys() - seen):
        a, ta = events[i], terms[i]
        for j in index.sharing(ta, MIN_SHARED_CONFLICT):
            if (j > i or j in seen) and _disagree(a, ta, events[j], terms[j]):  # each pair once
                partners[i].add(j)
                partners[j].add(i)
    known.clear()
    known.update((id(events[i]), (events[i], {id(events[j]) for j in found})) for i, found in partners.items())
    conflicts = [tuple(events[j].id for j in sorted(partners.get(i, ()))) for i in range(len(events))]
    return [e if e.conflicts == c else replace(e, conflicts=c) for e, c in zip(events, conflicts)]


def _disagree(a: Event, ta: frozenset[str], b: Event, tb: frozenset[str]) -> bool:
    """Two reports of one happening (the same words) on different nearby dates, from different articles."""
    return (not compatible(a.value, b.value) and _close(a.value, b.value) and not _articles(a) & _articles(b)
            and _overlap(ta, tb) >= CONFLICT_OVERLAP)


def _close(a: DateValue, b: DateValue) -> bool:
    """Two precise dates near each other: what two reports of one happening could disagree on."""
    return min(a.gran, b.gran) >= Gran.DAY and abs(a.start - b.start) <= CONFLICT_GAP


def build(events: list[Event], previous: Decisions | None = None) -> Timeline:
    """The chronology of all reports; ``previous``: the decisions of an earlier merge to replay."""
    merged, decisions = merge(events, previous)
    named = full_names(merged)
    if previous is not None:  # an event made again, equal to the last one, is the last one
        named = [_same(e, previous.final.get(e.id)) for e in named]
    ordered = tuple(sorted(named, key=Event.sort_key))
    decisions = replace(decisions, final={e.id: e for e in ordered})
    return Timeline(ordered, group(ordered), _index(ordered, "actors"), _index(ordered, "tags"), decisions)


def _same(event: Event, before: Event | None) -> Event:
    return before if before is not None and (before is event or before == event) else event


def full_names(events: list[Event]) -> list[Event]:
    """Actors named by a last name only ("Lopez", in an article that never gives the first) under the
    full name the other articles give, when exactly one full name of the site ends with it."""
    full: dict[str, set[str]] = {}
    for event in events:
        for name in event.actors:
            if " " in name:
                full.setdefault(name.rsplit(" ", 1)[1], set()).add(name)
    alias = {last: names.pop() for last, names in full.items() if len(names) == 1}
    out = []
    for event in events:
        actors = tuple(dict.fromkeys(alias.get(name, name) for name in event.actors))
        out.append(event if actors == event.actors else replace(event, actors=actors))
    return out


def group(events: tuple[Event, ...]) -> tuple[Group, ...]:
    """Consecutive events by month; events known only to a coarser period under that period
    ("Spring 2020", "The first half of 2021", "2021", "1980s"). Keys are unique (they are anchors)."""
    groups: list[tuple[tuple, list[Event]]] = []
    for event in events:
        heading = _heading(event.value)
        if groups and groups[-1][0] == heading:
            groups[-1][1].append(event)
        else:
            groups.append((heading, [event]))
    out, used = [], Counter()
    for (key, label, year, month), evts in groups:
        used[key] += 1
        unique = key if used[key] == 1 else f"{key}-{used[key]}"
        out.append(Group(unique, label, year, month, tuple(evts)))
    return tuple(out)


def _heading(value: DateValue) -> tuple[str, str, int, int | None]:
    last = _last_day(value)
    if value.gran >= Gran.MONTH and value.first_year >= 1:  # a BC day is headed by its year
        return f"{last.year}-{last.month:02d}", f"{calendar.month_name[last.month]} {last.year}", last.year, last.month
    year = last.year
    if value.first_year < 1:
        year = value.first_year
        value = DateValue(Gran.YEAR, year) if value.gran > Gran.YEAR else value
    label = value.label()
    label = label[4:] if label.startswith("the ") else label
    return value.timex, label[:1].upper() + label[1:], year, None


def _last_day(value: DateValue) -> datetime:
    return value.end - timedelta(microseconds=1)


def _index(events: tuple[Event, ...], attr: str) -> dict[str, tuple[Event, ...]]:
    index: dict[str, list[Event]] = {}
    for event in events:
        for name in getattr(event, attr):
            index.setdefault(name, []).append(event)
    return {name: tuple(index[name]) for name in sorted(index, key=str.lower)}
