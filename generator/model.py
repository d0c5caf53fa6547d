"""The plain data every phase hands to the next: what analysis learns of an article, and the events.

The ground floor of the package: it imports nothing of Dateline's but the date values, so the
pipeline, the cache, event extraction, merging and rendering all share one model without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from .temporal.value import DateValue


def record(obj) -> dict:
    """A slotted dataclass as a flat dict (``dataclasses.asdict`` copies deeply and costs ten times more)."""
    return {name: getattr(obj, name) for name in obj.__slots__}


@dataclass(frozen=True, slots=True)
class TimexRecord:
    """A resolved expression as the analysis keeps it.

    ``basis`` is how the engine resolved it, as plain data (``temporal.resolve.Basis.to_json``: rule,
    step, anchor, direction and its evidence, the alternative rejected, confidence); None in a
    record made without the engine's component. An explanation, not part of the value: records
    compare and hash without it. Not to be changed in place."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None
    quantifier: str | None
    label: str
    basis: dict | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class EntityRecord:
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class RawEvent:
    """An event as one article reports it, before merging."""

    sentence: int  # index into the analysis' sentences
    timex: int  # index into the analysis' timexes
    text: str
    actors: tuple[str, ...]
    quote: bool = False
    sole_date: bool = True  # the text speaks of this date only (not a sentence holding several)
    span: str | None = None  # for "over the past year": the stretch of dates it covers (a Span value)
    # How it is dated: "expression" (its own date, ``timex``), "publication" (a happening reported
    # without a date, at the publication day) or "context" (at the date an earlier sentence gave the
    # story, "Jobs said yesterday ... He also said ..."). The last two have no timex (-1) and their
    # date in ``value``.
    basis: str = "expression"
    value: str | None = None

    def to_json(self) -> dict:
        return record(self)

    @classmethod
    def from_json(cls, data: dict) -> RawEvent:
        return cls(data["sentence"], data["timex"], data["text"], tuple(data["actors"]), data["quote"],
                   data["sole_date"], data["span"], data.get("basis", "expression"), data.get("value"))


@dataclass(frozen=True)
class Analysis:
    """What the NLP phase learns about one article's plain text; plain data, cacheable as JSON."""

    sentences: tuple[tuple[int, int], ...]
    timexes: tuple[TimexRecord, ...]
    entities: tuple[EntityRecord, ...]
    events: tuple[RawEvent, ...]

    def to_json(self) -> dict:
        return {"sentences": [list(s) for s in self.sentences],
                "timexes": [record(t) for t in self.timexes],
                "entities": [record(e) for e in self.entities],
                "events": [e.to_json() for e in self.events]}

    @classmethod
    def from_json(cls, data: dict) -> Analysis:
        """The analysis ``to_json`` wrote; ValueError for data that does not fit together (a stale
        or damaged cache entry), which the cache then treats as a miss."""
        analysis = cls(tuple(tuple(s) for s in data["sentences"]),
                       tuple(TimexRecord(**t) for t in data["timexes"]),
                       tuple(EntityRecord(**e) for e in data["entities"]),
                       tuple(RawEvent.from_json(e) for e in data["events"]))
        if any(not (0 <= e.sentence < len(analysis.sentences)
                    and (0 <= e.timex < len(analysis.timexes) if e.timex >= 0 else e.value is not None))
               for e in analysis.events):
            raise ValueError("an event refers to a sentence or a date the analysis does not have")
        return analysis

    @classmethod
    def joined(cls, parts: list[tuple[int, Analysis]]) -> Analysis:
        """The analysis of a text from those of its pieces, each with its offset in the text."""
        sentences, timexes, entities, events = [], [], [], []
        for offset, part in parts:
            events += [replace(e, sentence=e.sentence + len(sentences),
                               timex=e.timex + len(timexes) if e.timex >= 0 else e.timex)
                       for e in part.events]
            sentences += [(start + offset, end + offset) for start, end in part.sentences]
            timexes += [replace(t, start=t.start + offset, end=t.end + offset) for t in part.timexes]
            entities += [replace(e, start=e.start + offset, end=e.end + offset) for e in part.entities]
        return cls(tuple(sentences), tuple(timexes), tuple(entities), tuple(events))


@dataclass(frozen=True, slots=True)
class Media:
    """A picture shown with an article or an event. Referenced, not downloaded: ``src`` is a web
    address, or for a file of the content folder its path in the output (``static/content/...``),
    copied there from ``file``. ``alt`` is None when the editor gave none (``described`` says
    whether a caption or credit stands in for it)."""

    src: str
    credit: str = ""
    caption: str = ""
    alt: str | None = None
    file: object = None  # the content folder's file (a Path) when the picture is local
    # Its size in pixels, read from a local file's header, so the page reserves its room before the
    # picture loads (no layout shift); None for a web address, which the build does not fetch.
    width: int | None = None
    height: int | None = None
    # A video, post or map TimelineJS embeds by its page's address (an event's `media:`): linked from
    # the site's pages, given to TimelineJS as the slide's media, never shown as a picture.
    embed: bool = False

    @property
    def local(self) -> bool:
        return self.file is not None

    @property
    def described(self) -> bool:
        """Whether words shown beside the picture say what it is (then its alt may be empty)."""
        return bool(self.caption or self.credit)

    def href(self, root: str) -> str:
        """The picture's address from a page at ``root`` (relative, so a base path keeps working)."""
        return root + self.src if self.local else self.src


@dataclass(frozen=True, slots=True)
class Source:
    article: str  # slug of the article page
    title: str
    url: str  # the original publication's URL, if the front matter gives one
    sentence: str  # the article's sentence the event comes from, as it stands (spaces collapsed)
    anchor: str  # id of the sentence on the article page
    timex: str  # the expression as written
    published: datetime
    order: int  # position of the event in its article
    basis: tuple[tuple[str, object], ...] = ()  # how its date was found (TimexRecord.basis, as items)
    draft: bool = False  # from an article marked `draft: true` (only `dateline serve` shows those)


@dataclass(frozen=True)
class Event:
    """One dated happening of the chronology. Immutable: `dateline serve` keeps an unchanged event as
    the same object, so "the same object" means "the same value" wherever output is reused."""

    id: str
    value: DateValue
    mod: str | None
    quantifier: str | None
    text: str
    actors: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[Source, ...]
    quote: bool = False
    sole_date: bool = True  # its text names no other date: a disagreement on the date is meaningful
    conflicts: tuple[str, ...] = ()  # ids of events reporting the same thing on another date
    basis: str = "expression"  # how it is dated: "expression", "publication", "context", "override"
    places: tuple[str, ...] = ()  # where it happened: names that are no actors (``actors.py``), which merging compares
    media: Media | None = None  # a picture an editor gave the event (``events:`` with `image`)
    detail: str = ""  # an editor's further words on it (``events:`` with `detail``), shown below its text
    display_date: str = ""  # an editor's words for its date ("Spring 1865"), shown instead of the label made

    @property
    def label(self) -> str:
        """How the event's date reads at the head of its entry: "The 18th century", "Reported Monday, ...",
        or the words an editor gave (a TimelineJS sheet's Display Date)."""
        if self.display_date:
            return self.display_date
        label = self.value.label(self.mod, self.quantifier)
        label = f"reported {label}" if self.basis == "publication" else label
        return label[:1].upper() + label[1:]

    def sort_key(self) -> tuple:
        """Where the covered interval starts, the longer first (a year before its December, a period
        before the dates inside it: a reader meets the frame, then what happened in it), then source order."""
        first = self.sources[0]
        value = self.value
        before_christ = min(value.first_year, 1)  # BC values share datetime's first day: the year orders them
        start, end = value.start, value.end
        if self.mod in THIRDS:  # "late November" sits after Nov. 20, not on Nov. 1
            third = (end - start) / 3
            start += third * THIRDS[self.mod]
            end = start + third
        return (before_christ, start, start - end, value.gran, first.published, first.article, first.order)


# TIMEX3 modifiers that place a value in a third of its period (early, mid-, late), by that third.
THIRDS = {"START": 0, "MID": 1, "END": 2}




def sentence_anchor(index: int) -> str:
    """The id of an article's sentence on its page, which events link to."""
    return f"s-{index}"
