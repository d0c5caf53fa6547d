"""One chronology from many articles: merge, order, group, index. Pure functions, no I/O.

Two reports of one happening become one event with all their sources when their dates are
compatible (equal, one inside the other, two times of one day, an undated report and the day before
its publication) and they tell the same thing: enough details in common, compared as meaning
(words brought to one form, news verbs to their classes: "resigned" / "stepped down", actors after
their aliases), or one news verb told of the same things. Reports whose verbs are all of other
classes tell other happenings (a filing and a speech about it), as do reports naming only other
actors, unless they share much more. An undated report that tells as known what befalls the same
participants once ("when she first unveiled the phone, ...") retells the report that dates it, however
long before. Reports that tell one thing on different nearby dates are kept apart and flagged as
conflicting, never merged silently. The English is data: merge.toml.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import Counter, defaultdict
from functools import lru_cache
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from .model import Event
from .postings import TimedIndex
from .rank import Ranking
from .temporal.value import DateValue, Gran
from .words import merge_lexicon, words as language_words

STOPWORDS = language_words()["stopwords"]
TEMPORAL_WORDS = language_words()["temporal_words"]  # say when, not what: never evidence of one happening
MERGE_OVERLAP = 0.5  # share of the shorter report's details the other must contain
MERGE_WITH_ACTOR = 0.34  # enough when both name the same actor
MIN_SHARED_STRANGERS = 3  # details needed in common when both name actors, none the same
MIN_SHARED = 2
TWO_WORDS = 0.67  # two words in common are enough only in short reports ("people", "need" are in many)
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
    review: tuple | None = field(default=None, compare=False, repr=False)  # items to review (review.py), if shown



@lru_cache(maxsize=1 << 16)  # `dateline serve` rebuilds the same texts again and again
def key_terms(text: str) -> frozenset[str]:
    """The words an event's id is made of (as they always were, so that ids and links stay)."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", text.lower())
    return frozenset(w for w in words if w not in STOPWORDS and len(w) > 2)


def event_id(value: DateValue, text: str) -> str:
    """Stable: depends only on the event's own date and words, so links survive other edits."""
    digest = hashlib.sha1(f"{value.timex}|{' '.join(sorted(key_terms(text)))}".encode()).hexdigest()
    return f"event-{digest[:10]}"


# ---- what a report says happened -------------------------------------------------------------
# Merging compares reports by meaning, on their text alone (there is no parse by then): every word
# is brought to one form by the light stemmer below (irregular forms to their lemma, then the
# inflection endings of merge.toml), and a news verb to its classes ("quit", "stepped down" ->
# resign). A lemmatiser would need the parse; a stemmer needs a word only, is cached per word and
# conflates only what both reports write alike, which is all comparing needs.

_LEXICON = merge_lexicon()
_IRREGULAR = {form: lemma for lemma, forms in _LEXICON["irregular"].items() for form in forms}
_SUFFIXES = tuple((suffix, replacement) for suffix, replacement in _LEXICON["suffixes"])
_NOT_SUFFIXES = tuple(_LEXICON["not_suffixes"])
_DOUBLE_KEPT = frozenset(_LEXICON["double_kept"])
_MIN_STEM = _LEXICON["min_stem"]
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _regular_stem(word: str) -> str:
    if not word.endswith(_NOT_SUFFIXES):
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= _MIN_STEM:
                word = word[:len(word) - len(suffix)] + replacement
                if word[-1] == word[-2] and word[-2:] not in _DOUBLE_KEPT:  # "stopped" -> "stop"
                    word = word[:-1]
                break
    return word[:-1] if len(word) > _MIN_STEM and word[-1] == "e" else word  # "close" = "clos(ed)"


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """One form for a word's inflections: "closed", "closes", "closing" -> "clos"; "began" -> "begin"."""
    word = word.removesuffix("'s").removesuffix("’s").rstrip("'’")
    return _regular_stem(_IRREGULAR.get(word, word))


def _actions(classes: dict[str, list[str]]) -> tuple[dict, dict, int]:
    """The news verbs of merge.toml: a stem or a phrase of stems -> the names of its classes."""
    single, phrases = defaultdict(set), defaultdict(set)
    for name, members in classes.items():
        for member in members:
            parts = tuple(_regular_stem(w) for w in member.lower().split())  # lemmas: no irregular forms
            (single[parts[0]] if len(parts) == 1 else phrases[parts]).add(name)
    return ({k: frozenset(v) for k, v in single.items()}, {k: frozenset(v) for k, v in phrases.items()},
            max(map(len, phrases), default=1))


def _once(verbs: dict[str, int]) -> dict:
    """The verbs of happenings that befall the same participants once (merge.toml ``[once]``), in the
    form ``about`` finds a news verb in (a stem, or a phrase of stems) -> how many named participants
    two reports of one must share."""
    out = {}
    for verb, participants in verbs.items():
        parts = tuple(_regular_stem(w) for w in verb.lower().split())
        out[parts[0] if len(parts) == 1 else parts] = participants
    return out


def _sides(converse: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """A class -> the classes that tell the same happening from the other side ("sell" / "buy")."""
    sides = defaultdict(set)
    for name, others in converse.items():
        for other in others:
            sides[name].add(other)
            sides[other].add(name)
    return {k: frozenset(v) for k, v in sides.items()}


_VERB, _PHRASE, _LONGEST = _actions(_LEXICON["actions"])
_SIDES = _sides(_LEXICON.get("converse", {}))
_ONCE = _once(_LEXICON.get("once", {}))
_GIVEN = frozenset(_LEXICON.get("given", ()))
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”.!?]")
_REPORTING = frozenset(_regular_stem(w) for w in _LEXICON["reporting"])  # who said it, not what happened
_IGNORED = STOPWORDS | frozenset(_LEXICON["ignored"])
_TEMPORAL = TEMPORAL_WORDS | frozenset(_LEXICON["temporal"])
_TEMPORAL_STEMS = frozenset(stem(w) for w in _TEMPORAL)


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a report says happened, as merging compares it."""

    words: frozenset[str]  # its content words, stemmed, without news verbs and the words that date it
    acts: tuple[frozenset[str], ...]  # the classes of each of its news verbs, in text order
    classes: frozenset[str]  # all of them
    sides: frozenset[str]  # they and the classes that tell their happenings from the other side
    once: int = 0  # its main verb tells a happening that befalls its participants once: how many must be named
    given: bool = False  # ... told in a clause that presents it as known ("when she first unveiled it, ...")

    @property
    def main(self) -> frozenset[str]:
        """The classes of its first news verb: the happening the clause reports ("closed" in "Marlow
        closed the bridge after ..."); empty when it has none the lexicon knows."""
        return self.acts[0] if self.acts else frozenset()


@lru_cache(maxsize=1 << 16)  # merging asks for the same events' meanings again and again
def about(text: str, timex: str) -> Meaning:
    """What a report says happened: its words and news verbs, without the expression that dates it."""
    dated = {stem(w) for w in _WORD.findall(timex.lower())}
    lowered = text.lower()
    found = list(_WORD.finditer(lowered))
    tokens = [m.group().strip("-") for m in found]
    stems = [stem(w) for w in tokens]
    words, acts, main_at = set(), {}, None
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 1, -1):
            phrase = tuple(stems[i:i + n])
            if phrase in _PHRASE:
                main_at = i if main_at is None else main_at
                acts.setdefault(phrase, _PHRASE[phrase])
                i += n
                break
        else:
            word, s = tokens[i], stems[i]
            i += 1
            if (len(word) < 3 or word in _IGNORED or s in _REPORTING or word in _TEMPORAL
                    or s in _TEMPORAL_STEMS):
                continue
            if s in _VERB:
                main_at = i - 1 if main_at is None else main_at
                acts.setdefault(s, _VERB[s])
            elif s not in dated:
                words.add(s)
    once = _ONCE.get(next(iter(acts)), 0) if acts else 0  # the main verb (the first) is the happening
    given = bool(once) and _given(lowered, found, main_at)
    acts = tuple(acts.values())
    classes = frozenset().union(*acts)
    return Meaning(frozenset(words), acts, classes, classes.union(*(_SIDES.get(c, ()) for c in classes)), once,
                   given)


def _given(lowered: str, found: list, at: int) -> bool:
    """Whether the word at ``at`` is told in a clause that presents its happening as known (after "when",
    "while", "who", ... of merge.toml ``given``, with no punctuation between): the time or the
    background of another ("When Ilse Marr first unveiled the phone, she ...")."""
    for j in range(at - 1, -1, -1):
        if _CLAUSE_BREAK.search(lowered, found[j].end(), found[j + 1].start()):
            return False
        if found[j].group() in _GIVEN:
            return True
    return False


def event_terms(event: Event) -> frozenset[str]:
    """What an event is about: its words (without the ones that date it) and its news verbs' classes."""
    meaning = _meaning(event)
    return meaning.words | {ACTION + c for c in meaning.classes}


ACTION = "~"  # marks a news verb's class among an event's terms


def _meaning(event: Event) -> Meaning:
    return about(event.text, event.sources[0].timex if event.sources else "")


def _precision(event: Event) -> tuple:
    """Which of two reports dates a happening better: its own date over the day it was reported, then
    the finer, then one told after it happened over one told before ("approved the budget on Tuesday"
    over "will vote next Tuesday")."""
    told_after = bool(event.sources) and event.value.start.date() <= event.sources[0].published.date()
    return _BASIS_RANK.get(event.basis, 2), event.value.gran, told_after


_BASIS_RANK = {"publication": 0, "context": 1}  # an expression of its own (or an override) ranks 2


TOPIC_SHARE = 0.15  # a word in more than this share of all events is the story's topic, not a detail


def topic_words(terms: list[frozenset[str]]) -> frozenset[str]:
    """Words most events share ("harbor", "bridge"): they say nothing about which happening it is.
    A news verb's class is never the topic: it is what happened."""
    if len(terms) < 8:
        return frozenset()
    counts = Counter(t for ts in terms for t in ts)
    return frozenset(t for t, n in counts.items() if n > TOPIC_SHARE * len(terms) and not t.startswith(ACTION))


# ---- when a report says it happened ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class When:
    """The stretch of time a report's date allows, for comparing it with another's."""

    start: datetime
    end: datetime
    gran: Gran
    bc: int | None = None  # the year of a BC value (all BC values share one interval)
    day: object = None  # the calendar day of a value finer than a day: two times of one day are compatible

    def fits(self, other: When) -> bool:
        """Equal, one inside the other, or two times of one day."""
        if self.bc is not None or other.bc is not None:
            return self.bc == other.bc
        return ((self.start <= other.start and other.end <= self.end)
                or (other.start <= self.start and self.end <= other.end)
                or (self.day is not None and self.day == other.day))

    def years(self) -> range:
        """The calendar years it touches, when it is no coarser than a year (its verbs are indexed by them)."""
        if self.gran < Gran.YEAR or self.bc is not None:
            return range(0)
        last = (self.end - timedelta(microseconds=1)).year
        return range(self.start.year, min(last, self.start.year + 2) + 1)


def when(event: Event) -> When:
    """An event's date as merging compares it. A report dated by its publication day (no date of its
    own) tells what happened that day or the day before, by news convention; not what another report
    dates earlier (an undated "the company unveiled a tablet" is no report of each earlier unveiling;
    only a retelling is, ``_retelling``). "less
    than two weeks ago" lies between that day and the publication; other modifiers keep the value's
    own interval."""
    own = _value_when(event.value)
    if own.bc is not None or not event.sources:
        return own
    if event.basis == "publication":
        return When(own.start - timedelta(days=1), own.end, own.gran)
    if event.mod == "LESS_THAN":
        published = datetime.combine(event.sources[0].published.date(), datetime.min.time())
        if own.end <= published:
            return When(own.start, published + timedelta(days=1), own.gran)
        if own.start >= published:
            return When(published, own.end, own.gran)
    return own


def compatible(a: DateValue, b: DateValue) -> bool:
    """Equal, one inside the other, or two times of one day."""
    return _value_when(a).fits(_value_when(b))


@lru_cache(maxsize=1 << 14)
def _value_when(value: DateValue) -> When:
    if value.first_year < 1:  # BC values all share one interval: only the same year is the same date
        return When(datetime.min, datetime.min, value.gran, bc=value.first_year)
    start, end = value.interval
    last = end - timedelta(microseconds=1)
    return When(start, end, value.gran, day=start.date() if value.gran > Gran.DAY and last.date() == start.date()
                else None)


# ---- who did it --------------------------------------------------------------------------------

_NAME_DROPPED = language_words()["titles"]  # "Vanto Labs Inc." is Vanto Labs; "Mayor Ruiz" is Ruiz


@lru_cache(maxsize=1 << 14)
def _actor_key(name: str) -> str:
    """A name as merging compares it: no case, no "the", no possessive, no title or company form."""
    words = [stem(w) for w in re.findall(r"[\w&]+(?:['’]s)?", name.lower())]
    return " ".join(w for w in words if w not in _NAME_DROPPED) or name.lower()


def aliases(events: list[Event]) -> dict[str, str]:
    """A name that is the end of a longer one -> that longer name, when just one name of the site ends
    with it: a last name alone ("Ruiz" -> "Elena Ruiz"), an organisation without its place ("City
    Council" -> "Marlow City Council")."""
    full: dict[str, set[str]] = {}
    for event in events:
        for name in event.actors:
            words = name.split()
            for i in range(1, len(words)):
                full.setdefault(" ".join(words[i:]), set()).add(name)
    return {tail: next(iter(names)) for tail, names in full.items() if len(names) == 1}


# ---- one happening? ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Cast:
    """Who a report says took part, as merging compares names: one name is another's when it is all of
    it or its first or last words ("Harbor Ferry" / "Harbor Ferry Service", "Ruiz" / "Elena Ruiz")."""

    names: frozenset[str] = frozenset()
    affixes: frozenset[str] = frozenset()  # each name's leading and trailing words
    words: frozenset[str] = frozenset()  # every word of its names
    heads: frozenset[str] = frozenset()  # each name's last word ("bridg" of "harbor street bridg")

    @classmethod
    def of(cls, names) -> _Cast:
        names = frozenset(names)
        if not names:
            return _NOBODY
        affixes = set()
        for name in names:
            words = name.split()
            affixes.update(" ".join(words[:i]) for i in range(1, len(words) + 1))
            affixes.update(" ".join(words[i:]) for i in range(1, len(words)))
        return cls(names, frozenset(affixes), frozenset(w for name in names for w in name.split()),
                   frozenset(name.rsplit(" ", 1)[-1] for name in names))

    def meets(self, other: _Cast) -> bool:
        return not (self.names.isdisjoint(other.affixes) and other.names.isdisjoint(self.affixes))

    def told_in(self, meaning: Meaning) -> bool:
        """Whether a report's words name one of it by its last word, as news refers back to a name
        ("the bridge" for the Harbor Street Bridge, "Varga" for Tomas Varga)."""
        return not self.heads.isdisjoint(meaning.words)

    def named_by(self, other: _Cast) -> int:
        """How many of its names are one of the other's."""
        return sum(name in other.affixes or not _cast_of_key(name).affixes.isdisjoint(other.names)
                   for name in self.names) if other.names else 0

    def __or__(self, other: _Cast) -> _Cast:
        if not self.names or not other.names:
            return other if not self.names else self
        return _Cast(self.names | other.names, self.affixes | other.affixes, self.words | other.words,
                     self.heads | other.heads)


_NOBODY = _Cast()


@lru_cache(maxsize=1 << 14)
def _cast(names: tuple[str, ...]) -> _Cast:
    return _Cast.of(_actor_key(name) for name in names)


@lru_cache(maxsize=1 << 14)
def _cast_of_key(key: str) -> _Cast:
    """One compared name as a cast (its affixes: the shorter names that tell it)."""
    return _Cast.of((key,))


class _Report:
    """One event as merging compares it (made once per merge)."""

    __slots__ = ("event", "meaning", "words", "posts", "anchors", "when", "start", "actors", "articles", "days")

    def __init__(self, event: Event, topic: frozenset[str], alias: dict[str, str]):
        self.event, self.meaning, self.when = event, _meaning(event), when(event)
        self.days = _days(self.when)
        self.articles = frozenset(s.article for s in event.sources)
        self.start = event.value.interval[0]
        self.words = self.meaning.words - topic  # what tells this happening from the story's others
        years = self.when.years()
        self.posts = frozenset(f"{c}@{y}" for c in self.meaning.classes for y in years)  # indexed under
        self.anchors = frozenset(f"{c}@{y}" for c in self.meaning.main for y in years)  # looked up by
        names = event.actors + event.places  # who took part, and where: both tell one happening from another
        self.actors = _cast(tuple(alias.get(a, a) for a in names)) if names else _NOBODY

    def told_by(self, cluster: _Cluster) -> _Report:
        """The report of a cluster's merged event: its lead's (this report's) telling, all its actors
        and articles."""
        if len(cluster.members) == 1:
            return self
        merged = object.__new__(_Report)
        for name in self.__slots__:
            setattr(merged, name, getattr(self, name))
        merged.actors, merged.articles = cluster.actors, frozenset(cluster.articles)
        return merged


BC_DAYS = -10_000_000  # a BC year's "day" for the timed index: before every day AD, one per year


def _days(when: When) -> tuple[int, int]:
    """The first and last day (ordinals) a date covers, as ``postings.TimedIndex`` posts it; a BC
    year, whose values share one interval, is a day of its own."""
    if when.bc is not None:
        return BC_DAYS + when.bc, BC_DAYS + when.bc
    last = when.end - timedelta(microseconds=1) if when.end > when.start else when.start
    return when.start.toordinal(), last.toordinal()


def _overlap(a: _Report, b: _Report) -> tuple[int, float]:
    """Shared details (words beyond the topic, and news verbs of one class) and their share of the
    smaller report's."""
    acts = min(sum(not c.isdisjoint(b.meaning.classes) for c in a.meaning.acts),
               sum(not c.isdisjoint(a.meaning.classes) for c in b.meaning.acts))
    shared = len(a.words & b.words) + acts
    smaller = min(len(a.words) + len(a.meaning.acts), len(b.words) + len(b.meaning.acts))
    return shared, (shared / smaller if smaller else 0.0)


def _other_happenings(a: Meaning, b: Meaning) -> bool:
    """Both report a news verb and no class is common: a filing and a speech about it, on one day."""
    return bool(a.classes) and bool(b.classes) and a.sides.isdisjoint(b.classes)


def _same_main(a: Meaning, b: Meaning) -> bool:
    """Each report's main verb is of a class the other reports too."""
    return bool(a.main & b.sides) and bool(b.main & a.sides)


def _contained(a: Meaning, b: Meaning) -> bool:
    """The shorter report says nothing the other does not ("The bridge opened" / "The Harbor Street
    Bridge opened, replacing a ferry")."""
    small, large = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
    return bool(small) and small <= large


def _same_happening(a: _Report, b: _Report, actors: _Cast) -> float:
    """Two reports of compatible dates (``actors``: those of b's cluster): one happening? By their
    details in common, or by one news verb told of the same things. How alike they are (their
    share of details in common), or 0 when they tell different happenings."""
    if _other_happenings(a.meaning, b.meaning):
        return 0.0
    shared, overlap = _overlap(a, b)
    # Both name who took part and no one is named by both, nor told in the other's words: others did
    # it ("Shares of Norwood fell" / "Shares of Castell fell"), unless more than that is the same.
    met = a.actors.meets(actors)
    strangers = (bool(a.actors.names) and bool(actors.names) and not met
                 and not (a.actors.told_in(b.meaning) or actors.told_in(a.meaning)))
    least = MERGE_WITH_ACTOR if met else MERGE_OVERLAP
    common = len(a.words & b.words)  # (a verb's class alone is no detail)
    if common >= (MIN_SHARED_STRANGERS if strangers else MIN_SHARED) and overlap >= least and (
            common > MIN_SHARED or overlap >= TWO_WORDS):
        return overlap
    if strangers or min(a.when.gran, b.when.gran) < Gran.YEAR or not _same_main(a.meaning, b.meaning):
        return 0.0
    alike = max(overlap, ALIKE)
    if _contained(a.meaning, b.meaning):
        return alike
    if min(a.when.gran, b.when.gran) < Gran.DAY:
        return 0.0
    # One verb on one day: the same happening unless their details differ ("closed the bridge" /
    # "the Harbor Street Bridge closed"), and they must share something it happened to. A word of a
    # name only one of them writes is no detail that differs: the names were compared above.
    common = a.words & b.words
    names = (a.actors.words | actors.words) - common
    details = min(len(a.words - names), len(b.words - names))
    same = len(common) * 2 >= details and bool(a.meaning.words & b.meaning.words or met)
    return alike if same else 0.0


ALIKE = 0.01  # how alike two reports of one verb are when no detail but the topic is common


def _retelling(a: _Report, b: _Report) -> bool:
    """Dates that let one report retell the other's once-happening: one has no date of its own (it is
    placed at its publication day) and tells the happening as known, and the other is dated by its
    text, no later than that day."""
    if not (a.meaning.once and b.meaning.once) or (a.event.basis == "publication") == (b.event.basis == "publication"):
        return False
    undated, dated = (a, b) if a.event.basis == "publication" else (b, a)
    return undated.meaning.given and dated.when.bc is None and dated.when.end <= undated.when.end


def _retells(a: _Report, b: _Report) -> float:
    """Two reports of whose dates ``_retelling`` holds: does the undated one retell the other's
    happening ("When Ilse Marr first unveiled the Lumen phone, ..." / "Ilse Marr unveiled the Lumen
    phone on June 7")? Both main verbs of one once-happening, every participant the shorter list
    names named by the other too, at least as many as the verb needs (a company and the thing it
    unveiled), and the details of one happening. How alike (their share of details), or 0."""
    if not _same_main(a.meaning, b.meaning):
        return 0.0
    small, large = sorted((a.actors, b.actors), key=lambda cast: len(cast.names))
    met = small.named_by(large)
    if met < len(small.names) or met < max(a.meaning.once, b.meaning.once):
        return 0.0
    shared, overlap = _overlap(a, b)
    return overlap if len(a.words & b.words) >= MIN_SHARED and overlap >= MERGE_OVERLAP else 0.0


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
        if at_least == 2:  # the common case, without the list
            once, twice = set(), set()
            for term in terms:
                ids = postings.get(term)
                if ids:
                    twice |= once & ids
                    once |= ids
            return sorted(twice)
        seen: list[set[int]] = [set() for _ in range(at_least)]
        for term in terms:
            ids = postings.get(term)
            if ids:
                for k in range(at_least - 1, 0, -1):
                    seen[k] |= seen[k - 1] & ids
                seen[0] |= ids
        return sorted(seen[-1])

    def candidates(self, report: _Report, details: int = MIN_SHARED) -> list[int]:
        """The clusters a report could join: two details in common, or its main verb in the same year."""
        found = self.sharing(report.words, details)
        if report.anchors:
            postings = self.postings
            same = set().union(*(postings.get(key, ()) for key in report.anchors))
            if same:
                found = sorted(same.union(found))
        return found


class _ClusterIndex:
    """The clusters a report may join: by the terms they were posted under, among those whose lead's
    days overlap the report's (``postings.TimedIndex``: the merge's work grows with a period's reports,
    not the archive's); and those whose lead tells a once-happening by their terms alone, as a report
    retelling it joins whatever its date (``_Cluster.retold``)."""

    def __init__(self):
        self.timed, self.once = TimedIndex(), _TermIndex()

    def post(self, k: int, cluster: _Cluster) -> None:
        """Post cluster ``k`` under every term it has, at its lead's days (again when the lead changes)."""
        lead = cluster.told[-1]
        self.timed.add(k, cluster.posted, lead.days)
        if lead.meaning.once:
            self.once.add(k, cluster.posted)

    def candidates(self, report: _Report) -> list[int]:
        """As ``_TermIndex.candidates`` among all clusters, less those whose dates cannot fit."""
        found = self.timed.sharing(report.words, MIN_SHARED, report.days)
        if report.anchors:
            found |= self.timed.any_of(report.anchors, report.days)
        if report.meaning.once:
            found.update(self.once.candidates(report))
        return sorted(found)


def _report_order(event: Event) -> tuple:
    first = event.sources[0]
    return first.published, first.article, first.order


class _Cluster:
    """Reports found to tell one happening, in merge order; the first created it."""

    __slots__ = ("members", "told", "articles", "lead", "lead_when", "actors", "posted", "undated_until")

    def __init__(self, creator: _Report):
        self.members = [creator.event]
        self.told = (creator,)  # what a new report is compared with: the creator's telling and the lead's
        self.articles = {creator.event.sources[0].article}
        self.lead = creator.event  # the most precise report (the first of them): its date and words are shown
        self.lead_when = creator.when
        self.actors = creator.actors
        self.posted = set(creator.words | creator.posts)  # every term the cluster was ever indexed under
        self.undated_until = _undated_until(creator.event, None)

    def accepts(self, report: _Report) -> float:
        """From another article, of a date the lead's allows (or retelling the lead's once-happening),
        telling what the creator or the lead tells (not any member: a chain of reports each a little
        like the last drifts to other happenings): how alike, or 0."""
        if report.event.sources[0].article in self.articles or not self._may_lead(report):
            return 0.0
        if not report.when.fits(self.lead_when):
            return self.retold(report)
        return max((_same_happening(report, told, self.actors) for told in self.told if report.when.fits(told.when)),
                   default=0.0)

    def _may_lead(self, report: _Report) -> bool:
        """Whether the report may join: when it would become the lead, its date does not fall after
        the publication of a member that has no date of its own ("Murray has denied the charge",
        placed at its article's day, is no report of a lawsuit filed two weeks later, however the
        coarser "earlier this year" between them allowed both)."""
        if self.undated_until is None or _precision(report.event) <= _precision(self.lead):
            return True
        return report.event.value.start.date() <= self.undated_until

    def retold(self, report: _Report) -> float:
        """A report of a once-happening that the lead dates and the report does not (or the other way
        round): how alike it is to the reports it is compared with, or 0."""
        if not _retelling(report, self.told[-1]):
            return 0.0
        return max((_retells(report, told) for told in self.told if _retelling(report, told)), default=0.0)

    def add(self, report: _Report) -> frozenset[str]:
        """Take the report in; the terms it brings that the cluster was not indexed under yet (when it
        is the new lead)."""
        event = report.event
        self.members.append(event)
        self.articles.add(event.sources[0].article)
        self.actors = self.actors | report.actors
        self.undated_until = _undated_until(event, self.undated_until)
        if _precision(event) <= _precision(self.lead):
            return frozenset()
        self.lead, self.lead_when = event, report.when
        self.told = (self.told[0], report)
        new = (report.words | report.posts) - self.posted
        self.posted |= new
        return new

    def event(self) -> Event:
        """The merged event: the creator's identity, the lead's date and words, every report."""
        creator, lead = self.members[0], self.lead
        return replace(creator, value=lead.value, mod=lead.mod, text=lead.text, basis=lead.basis,
                       actors=tuple(dict.fromkeys(a for m in self.members for a in m.actors)),
                       places=tuple(dict.fromkeys(p for m in self.members for p in m.places)),
                       tags=tuple(dict.fromkeys(t for m in self.members for t in m.tags)),
                       sources=creator.sources + tuple(m.sources[0] for m in self.members[1:]), conflicts=(),
                       media=next((m.media for m in (lead, *self.members) if m.media), None),
                       detail=next((m.detail for m in (lead, *self.members) if m.detail), ""),
                       display_date=lead.display_date)


def _undated_until(event: Event, until: date | None) -> date | None:
    """The earliest publication day among a cluster's members without a date of their own, given
    ``until`` for those before ``event``: no date of the cluster may lie after it."""
    if event.basis not in _BASIS_RANK or not event.sources:
        return until
    day = event.sources[0].published.date()
    return day if until is None else min(until, day)


def report_key(event: Event) -> tuple[str, int]:
    """A report as an editor's tie names it: its article and its place there (stable while the
    article's sentences are)."""
    first = event.sources[0]
    return first.article, first.order


@dataclass(frozen=True)
class Ties:
    """The editors' word on merging (``merge:`` and ``split:`` in front matter, read by
    ``overrides.resolve_ties``), by ``report_key``: pairs of reports that tell one happening
    (``joined``: the later joins the earlier's event whatever the measure says), pairs that tell
    two (``apart``), and reports that join nothing and are joined by nothing (``alone``)."""

    joined: frozenset[frozenset] = frozenset()
    apart: frozenset[frozenset] = frozenset()
    alone: frozenset[tuple[str, int]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.joined or self.apart or self.alone)

    def partners(self, key: tuple[str, int]) -> list[tuple[str, int]]:
        """The reports an editor joined this one to."""
        return [k for pair in self.joined if key in pair for k in pair if k != key]

    def allows(self, key: tuple[str, int], cluster: _Cluster) -> bool:
        """Whether the report may join the cluster: neither is kept alone, no member is kept apart from it."""
        if key in self.alone:
            return False
        members = [report_key(m) for m in cluster.members]
        return not any(k in self.alone or frozenset((key, k)) in self.apart for k in members)


NO_TIES = Ties()


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
    final: tuple[Event, ...] = ()  # the events as the timeline has them
    aliases: dict[str, str] | None = None  # the actors' names the merge compared: decisions hold while they do
    reports: dict[int, _Report] = field(default_factory=dict)  # id(report) -> how the merge compared it
    ties: Ties = NO_TIES  # the editors' word it followed: decisions hold while it is the same


def merge(events: list[Event], previous: Decisions | None = None,
          ties: Ties = NO_TIES) -> tuple[list[Event], Decisions]:
    """Merge reports of the same happening from different articles; flag conflicting dates.

    Greedy, in publication order: each report joins the earlier event it is most like, if any, unless
    an editor's ``ties`` say otherwise. Returns the events and the decisions, which a later merge may
    take as ``previous``."""
    topic = topic_words([_meaning(e).words for e in events])
    alias = aliases(events)
    ordered = sorted(events, key=_report_order)
    usable = previous is not None and previous.topic == topic and previous.aliases == alias
    reports = _reports(ordered, topic, alias, previous.reports if usable else {})
    usable = usable and previous.ties == ties  # an editor's new word may change any decision
    clusters = _assign(ordered, reports, previous.joined if usable else {}, ties)
    keys = [tuple(map(id, c.members)) for c in clusters]
    known = previous.merged if usable else {}
    merged = [known.get(key) or c.event() for key, c in zip(keys, clusters)]
    conflicts = dict(previous.conflicts) if usable else {}
    told = [reports[id(c.lead)].told_by(c) for c in clusters]
    out = _flag_conflicts(_unique_ids(merged), told, conflicts)
    joined = {id(m): (m, id(c.members[0])) for c in clusters for m in c.members}
    return out, Decisions(topic, joined, dict(zip(keys, merged)), conflicts, aliases=alias, reports=reports,
                          ties=ties)


def _reports(ordered: list[Event], topic: frozenset[str], alias: dict[str, str],
             known: dict[int, _Report]) -> dict[int, _Report]:
    """How the merge compares each event, by identity; the same event (object) under the same topic
    and aliases is compared as last time, so a rebuild makes reports only for what changed."""
    out = {}
    for event in ordered:
        report = known.get(id(event))
        out[id(event)] = report if report is not None and report.event is event else _Report(event, topic, alias)
    return out


def alike(a: Event, b: Event, decisions: Decisions) -> tuple[int, float]:
    """The details two reports share (words beyond the story's topic, news verbs of one class) and
    their share of the smaller's: the merge's own measure, told to the editor's review (``review.py``)
    for reports it joined and for reports it kept apart."""
    topic, alias = decisions.topic or frozenset(), decisions.aliases or {}
    return _overlap(_Report(a, topic, alias), _Report(b, topic, alias))


def kept_apart(decisions: Decisions, least: float = MERGE_OVERLAP) -> list[tuple[Event, Event, int, float]]:
    """Reports of different articles that the merge left in different events although they look alike
    (more details in common than a merge needs at least, ``least`` of the smaller report's: two words
    in common are in many reports of one story) and are dated near
    enough to tell one happening (``_near``): (the later report, the earlier, details shared, their
    share), for the editor's review. Candidates come from the term index, as the merge's do, so a
    large site is not compared pair by pair."""
    reports = sorted(decisions.reports.values(), key=lambda r: _report_order(r.event))
    creator = {ident: joined[1] for ident, joined in decisions.joined.items()}
    index, out = _TermIndex(), []
    for i, report in enumerate(reports):
        for j in index.sharing(report.words, MIN_SHARED):
            other = reports[j]
            if other.articles & report.articles or creator.get(id(other.event)) == creator.get(id(report.event)) \
                    or not _near(report.event.value, other.event.value):
                continue
            shared, share = _overlap(report, other)
            if shared > MIN_SHARED and share >= least:
                out.append((report.event, other.event, shared, share))
        index.add(i, report.words)
    return out


def _near(a: DateValue, b: DateValue) -> bool:
    """Dates two reports of one happening could give: one inside the other, or apart by days, not by
    years (``CONFLICT_GAP``): "the ferry last ran in 1984" and "began running on Wednesday" are two."""
    if compatible(a, b):
        return True
    (a_start, a_end), (b_start, b_end) = a.interval, b.interval
    return max(a_start, b_start) - min(a_end, b_end) <= CONFLICT_GAP


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


def _assign(ordered: list[Event], reports: dict[int, _Report],
            previous: dict[int, tuple[Event, int]], ties: Ties = NO_TIES) -> list[_Cluster]:
    """Each report into a cluster. A report whose last decision (``previous``) cannot have changed
    keeps it: that is so unless a cluster it could match is *dirty*, i.e. has a report it did not
    have last time, or lacks one it had, or is new. Everything else is searched as without a memo.
    The editors' ``ties`` come before the measure (``_tied``)."""
    clusters: list[_Cluster] = []
    placed: dict[tuple[str, int], int] = {}  # report_key -> its cluster, for the ties
    by_creator: dict[int, int] = {}  # id(creator) -> its cluster
    index, dirty_index, dirty = _ClusterIndex(), _TermIndex(), set()
    present = {id(e) for e in ordered}
    losing = {creator for report, (_e, creator) in previous.items() if report not in present}

    def soil(k: int) -> None:
        if k not in dirty:
            dirty.add(k)
            dirty_index.add(k, clusters[k].posted)

    for event in ordered:
        report = reports[id(event)]
        last = previous.get(id(event))
        was = by_creator.get(last[1]) if last else None  # the cluster it joined last time, if still there
        if last and not dirty_index.candidates(report) and (last[1] == id(event) or (
                was is not None and was not in dirty)):
            found = was
        else:
            found = _best(clusters, index.candidates(report), report)
            if was is not None and was != found:
                soil(was)
        if ties:
            found = _tied(ties, report_key(event), found, clusters, placed, index.candidates(report), report)
            placed[report_key(event)] = len(clusters) if found is None else found
        if found is None:
            by_creator[id(event)] = len(clusters)
            clusters.append(_Cluster(report))
            index.post(len(clusters) - 1, clusters[-1])
            if not last or last[1] != id(event) or id(event) in losing:
                soil(len(clusters) - 1)
            continue
        if not last or was != found:
            soil(found)
        new = clusters[found].add(report)
        if clusters[found].told[-1] is report:  # a new lead: the cluster is found by its date now
            index.post(found, clusters[found])
        if new:
            if found in dirty:
                dirty_index.add(found, new)
    return clusters


def _tied(ties: Ties, key: tuple[str, int], found: int | None, clusters: list[_Cluster],
          placed: dict[tuple[str, int], int], candidates: list[int], report: _Report) -> int | None:
    """The cluster a report joins once the editors' ties are heard: the one of a report it is joined
    to, if already placed and allowed; else the measure's choice, if allowed; else the best allowed."""
    forced = next((placed[k] for k in ties.partners(key) if k in placed and ties.allows(key, clusters[placed[k]])),
                  None)
    if forced is not None:
        return forced
    if found is None or ties.allows(key, clusters[found]):
        return found
    return _best(clusters, [i for i in candidates if ties.allows(key, clusters[i])], report)


def _best(clusters: list[_Cluster], candidates: list[int], report: _Report) -> int | None:
    """The cluster that takes the report: the one whose reports are most like it (the first of them).
    Most candidates share words but not the date or are of the same article: those are passed over
    here, before ``accepts`` is asked (this loop is the merge's hottest)."""
    best, found = 0.0, None
    article, when = report.event.sources[0].article, report.when
    if when.bc is not None:  # BC values compare by their year alone: no shortcut
        return _best_of(clusters, candidates, report)
    start, end, day, once = when.start, when.end, when.day, report.meaning.once
    for i in candidates:
        cluster = clusters[i]
        lead = cluster.lead_when
        if article in cluster.articles or lead.bc is not None:
            continue
        if not ((start <= lead.start and lead.end <= end) or (lead.start <= start and end <= lead.end)
                or (day is not None and day == lead.day)):
            if once:  # an undated report of a once-happening may retell an earlier one (or the other way round)
                alike = cluster.retold(report)
                if alike > best:
                    best, found = alike, i
            continue
        alike = cluster.accepts(report)
        if alike > best:
            best, found = alike, i
    return found


def _best_of(clusters: list[_Cluster], candidates: list[int], report: _Report) -> int | None:
    """``_best`` without the shortcut."""
    best, found = 0.0, None
    for i in candidates:
        alike = clusters[i].accepts(report)
        if alike > best:
            best, found = alike, i
    return found


def _flag_conflicts(events: list[Event], told: list[_Report], known: dict) -> list[Event]:
    """The events with ``conflicts`` set: ids of events that tell the same thing on a nearby date.
    An event whose conflicts are already right is kept as it is (it may be the previous decisions').

    ``known`` (the previous decisions', copied; updated here to this merge's) holds each candidate event's partners by identity: two events
    seen last time keep what they had, and only the others are searched for partners."""
    candidates = [e.sole_date and not e.quote and e.value.gran >= Gran.DAY for e in events]
    reports = {i: told[i] for i in range(len(events)) if candidates[i]}
    index = TimedIndex()  # by start day: reports that start more than CONFLICT_GAP apart never disagree
    details = {i: report.words | {ACTION + c for c in report.meaning.classes} for i, report in reports.items()}
    near = {i: _days_around(report.start) for i, report in reports.items()}
    for i, report in reports.items():
        day = report.start.toordinal()
        index.add(i, details[i] | report.posts, (day, day))
    partners: dict[int, set[int]] = {i: set() for i in reports}
    position = {id(events[i]): i for i in reports}
    seen = {i for i in reports if known.get(id(events[i]), (None,))[0] is events[i]}
    for i in seen:  # pairs of two events seen last time are what they were
        partners[i] |= {position.get(other) for other in known[id(events[i])][1]} & seen
    for i in sorted(reports.keys() - seen):
        a = reports[i]
        for j in index.sharing(details[i], MIN_SHARED_CONFLICT, near[i]):
            if (j > i or j in seen) and _disagree(a, reports[j]):  # each pair once
                partners[i].add(j)
                partners[j].add(i)
    for i in sorted(i for i, a in reports.items() if len(a.words) < MIN_SHARED_CONFLICT and a.anchors):
        # Too short to share that many words: tried with the reports of its main verb in the same
        # year, from this side (no longer report finds it by its words), seen last time or not.
        a = reports[i]
        for j in sorted(index.any_of(a.anchors, near[i]) - {i}):
            if not (i in seen and j in seen) and _disagree(a, reports[j]):
                partners[i].add(j)
                partners[j].add(i)
    known.clear()
    known.update((id(events[i]), (events[i], {id(events[j]) for j in found})) for i, found in partners.items())
    conflicts = [tuple(events[j].id for j in sorted(partners.get(i, ()))) for i in range(len(events))]
    return [e if e.conflicts == c else replace(e, conflicts=c) for e, c in zip(events, conflicts)]


_GAP_DAYS = CONFLICT_GAP.days + 1  # start days of two reports CONFLICT_GAP apart differ by no more


def _days_around(start: datetime) -> tuple[int, int]:
    """The start days of the reports that may disagree with one starting at ``start``."""
    day = start.toordinal()
    return day - _GAP_DAYS, day + _GAP_DAYS


def _disagree(a: _Report, b: _Report) -> bool:
    """Two reports of one happening on different nearby dates, from different articles: many details
    in common, or one main verb told of one actor and nothing else ("Varga resigned Friday night" /
    "Tomas Varga resigned late Saturday")."""
    if (min(a.when.gran, b.when.gran) < Gran.DAY or abs(a.start - b.start) > CONFLICT_GAP or a.when.fits(b.when)
            or not a.articles.isdisjoint(b.articles) or _other_happenings(a.meaning, b.meaning)):
        return False
    shared, overlap = _overlap(a, b)
    if shared >= MIN_SHARED_CONFLICT and overlap >= CONFLICT_OVERLAP:
        return True
    return _same_main(a.meaning, b.meaning) and _contained(a.meaning, b.meaning) and a.actors.meets(b.actors)


def build(events: list[Event], previous: Decisions | None = None, ties: Ties = NO_TIES) -> Timeline:
    """The chronology of all reports; ``previous``: the decisions of an earlier merge to replay;
    ``ties``: the editors' word on what is one happening."""
    merged, decisions = merge(events, previous, ties)
    named = full_names(merged, decisions.aliases)
    if previous is not None:
        named = as_before(named, previous.final)
    ordered = tuple(sorted(named, key=Event.sort_key))
    decisions = replace(decisions, final=ordered)
    return Timeline(ordered, group(ordered), _index(ordered, "actors"), _index(ordered, "tags"), decisions)


def as_before(events: list[Event], before) -> list[Event]:
    """``events``, each replaced by an equal one of ``before`` (same id) where there is one: an event
    made again, equal to the last one, is the last one, so what was made of it can be reused."""
    by_id: dict[str, list[Event]] = {}
    for old in before:
        by_id.setdefault(old.id, []).append(old)
    return [next((old for old in by_id.get(e.id, ()) if old is e or old == e), e) for e in events]


def full_names(events: list[Event], alias: dict[str, str] | None = None) -> list[Event]:
    """Actors named by a last name only ("Lopez", in an article that never gives the first) under the
    full name the other articles give, when exactly one full name of the site ends with it."""
    alias = aliases(events) if alias is None else alias
    out = []
    for event in events:
        actors = tuple(dict.fromkeys(alias.get(name, name) for name in event.actors))
        out.append(event if actors == event.actors else replace(event, actors=actors))
    return out


def group(events: tuple[Event, ...]) -> tuple[Group, ...]:
    """Consecutive events by the month they start in; events known only to a coarser period, and
    stretches longer than a month, under that period where it starts ("Spring 2020", "The first half
    of 2021", "2021", "1980s", "November 2002 to November 2022"). Keys are unique (they are anchors)."""
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


MONTH_AT_MOST = timedelta(days=31)  # what is no longer than a month is told under the month it starts in


def _heading(value: DateValue) -> tuple[str, str, int, int | None]:
    start = value.start
    if value.gran >= Gran.MONTH and value.end - start <= MONTH_AT_MOST and value.first_year >= 1:
        # a BC day is headed by its year
        return f"{start.year}-{start.month:02d}", f"{calendar.month_name[start.month]} {start.year}", start.year, \
            start.month
    year = start.year
    if value.first_year < 1:
        year = value.first_year
        value = DateValue(Gran.YEAR, year) if value.gran > Gran.YEAR else value
    label = value.label()
    label = label[4:] if label.startswith("the ") else label
    return value.timex, label[:1].upper() + label[1:], year, None


def _index(events: tuple[Event, ...], attr: str) -> dict[str, tuple[Event, ...]]:
    index: dict[str, list[Event]] = {}
    for event in events:
        for name in getattr(event, attr):
            index.setdefault(name, []).append(event)
    return {name: tuple(index[name]) for name in sorted(index, key=str.lower)}
