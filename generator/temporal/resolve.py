"""Phase two: anchor underspecified values to a reference time.

Deictic expressions ("yesterday", "last December") are anchored to the
publication date; anaphoric ones ("the next day", "two years later") to the
last date the text mentioned. Year-less dates ("in November", "Feb. 24")
follow the text: after an explicit year ("founded in March 1987. By
December...") they stay in that year; otherwise verb tense picks the
occurrence, as an editor would: "said Tuesday" is the last Tuesday, "will vote
Friday" the next one.

Each decision is noted where it is made (``Why``) and handed back with the value
as its ``Basis``: the anchor, the step, the direction and what told it, the
reading rejected and how sure the engine can be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields as dataclass_fields
from datetime import date, datetime, timedelta
from typing import Callable

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from .value import DateValue, Duration, Gran, Recurrence, Reference, Value

NAMED_GRAN = {"century": Gran.CENTURY, "decade": Gran.DECADE, "year": Gran.YEAR, "quarter": Gran.QUARTER,
              "month": Gran.MONTH, "week": Gran.WEEK, "weekend": Gran.WEEKEND, "day": Gran.DAY,
              "hour": Gran.HOUR, "minute": Gran.MINUTE, "second": Gran.MINUTE}
# An amount of time moved keeps the precision a reader infers: "three weeks later" is a day.
COUNTED_GRAN = {**NAMED_GRAN, "century": Gran.YEAR, "decade": Gran.YEAR, "quarter": Gran.MONTH,
                "week": Gran.DAY, "weekend": Gran.DAY}
STEP = {"century": relativedelta(years=100), "decade": relativedelta(years=10), "year": relativedelta(years=1),
        "quarter": relativedelta(months=3), "month": relativedelta(months=1), "week": relativedelta(weeks=1),
        "weekend": relativedelta(weeks=1), "day": relativedelta(days=1), "hour": relativedelta(hours=1),
        "minute": relativedelta(minutes=1), "second": relativedelta(seconds=1)}
# How far a narrative date may lie from the publication date before weekdays
# stop being read against the publication date.
NARRATIVE_GAP = timedelta(days=45)
# A report is about a recent quarter: one that ended longer ago than this is only compared with.
REPORT_AGE = timedelta(days=200)


@dataclass
class Context:
    """What the resolver knows while reading a text from top to bottom."""

    dct: date
    ref: DateValue
    ref_explicit: bool = False  # the last date came from the text, not from the publication date
    story: bool = False  # the whole text tells a story away from its publication date (a history)
    told: bool = False  # the text has named a date to count from ("May 3"), with or without a year
    # The expression the reference date was read from: (start offset, text, confidence); None while
    # the reference is the publication date.
    origin: tuple[int, str, str] | None = None
    paragraph: int = 0  # the paragraph of the expression being read (``annotate`` sets it)
    ref_paragraph: int = 0  # the paragraph the reference was told in
    sentence: int = 0  # the sentence of the expression being read (``annotate`` sets it)
    # A year told in passing since the reference was set ("in 1984" while the story is at a day), with
    # its origin and sentence: it does not move the story, but years counted in the same or the next
    # sentence count from it ("in 1984 the first Mac was released. One year later ...").
    passing: tuple[DateValue, tuple[int, str, str] | None, int] | None = None

    @classmethod
    def start(cls, dct: date, story: bool = False) -> Context:
        return cls(dct, DateValue.of_day(dct), story=story)

    @property
    def follows_text(self) -> bool:
        """Year-less dates take the text's year: in a story, or after a year far from publication
        in the same paragraph ("founded in March 1987. By December..."); near publication, or once
        a news report has moved on to another paragraph, tense decides ("in February")."""
        return self.ref_explicit and (self.story or (abs(self.ref.first_year - self.dct.year) > 1
                                                     and self.ref.gran >= Gran.MONTH
                                                     and self.ref_paragraph == self.paragraph))

    @property
    def narrative(self) -> bool:
        """Reading a story at a time of its own: "today" there is an aside that does not move it."""
        return self.story and self.ref_explicit

    def remember(self, value: DateValue, explicit: bool, aside: bool = False, flashback: bool = False,
                 origin: tuple[int, str, str] | None = None) -> None:
        if value.gran < Gran.YEAR:
            if explicit and self.ref.gran > Gran.YEAR and not value.start <= self.ref.start < value.end:
                self.ref = self.ref.at_gran(Gran.YEAR)  # "by the late 1970s": the story has left that day
            return
        if aside and self.ref_explicit and self.ref.gran > Gran.YEAR:
            self.passing = (value, origin, self.sentence)
            return  # a year mentioned in passing while the story is at a day or a month
        if aside == ATTRIBUTIVE and not self.story:
            return  # news: "the 1988 bombing" names an event; the report stays at its own time
        if flashback or (self.narrative and not explicit):
            return  # "today" or "two decades earlier" in a history is an aside; the story's time goes on
        self.ref, self.ref_explicit, self.told, self.origin = value, explicit, True, origin
        self.ref_paragraph, self.passing = self.paragraph, None


def tells_a_story(mentions: list, dct: date) -> bool:
    """A history or backgrounder: dates far from publication outnumber those counted from it."""
    far = deictic = 0
    for m in mentions:
        f = m.fields
        year = f.get("year", (f.get("decade", 0) * 10) if "decade" in f else (f.get("century", 0) * 100 if "century" in f else None))
        if isinstance(year, int) and abs(year - dct.year) > 2:
            far += 1
        elif f.get("anchor") == "dct" or ("weekday" in f and "month" not in f):
            deictic += 1
    return far >= 3 and far > 2 * deictic


_SENTENCE_END = re.compile(r"[.!?\n]")
_FINER_THAN_YEAR = ("month", "season", "quarter", "half", "day", "holiday", "unit", "weekday")


# A dated noun phrase ("the Dec. 21, 1988, bombing", "the August 1988 cease-fire"): the date names
# the thing, not the time the story is at.
ATTRIBUTIVE = "attributive"


def is_aside(mention, text: str, res) -> bool | str:
    """A bare year inside a sentence ("documents found in 2004 proved...", "the largest
    battle since 1813"), not one that opens it ("In 1943, ..."): when the story is at a
    month or a day, the dates after it stay in the story's year. ``ATTRIBUTIVE`` for a date
    naming a thing (the ``attributive_lead`` and ``attributive_trail`` patterns of the
    resources ``res``: "the August 1988 cease-fire")."""
    f = mention.fields
    if isinstance(f.get("year"), int) and res.led_by("attributive_lead", text, mention.start) \
            and res.trailed_by("attributive_trail", text, mention.end):
        return ATTRIBUTIVE
    if not isinstance(f.get("year"), int) or any(k in f for k in _FINER_THAN_YEAR):
        return False
    before = text[max(0, mention.start - 120):mention.start]
    lead = _SENTENCE_END.split(before)[-1]
    return len(lead.split()) > 2


# ---- how a value was reached -------------------------------------------------

CERTAIN, LIKELY, GUESS = "certain", "likely", "guess"
CONFIDENCES = (GUESS, LIKELY, CERTAIN)  # weakest first


@dataclass(frozen=True, slots=True)
class Basis:
    """How one expression was resolved, noted where each decision was made (``Why``).

    ``rule``
        the recognition rule (a ``[[rule]]`` name in rules.toml) that found the expression.
    ``step``
        what resolution did with the rule's fields: "stated" (the text gives it whole: a year,
        a date with its year, a decade), "counted" (units moved from the anchor: "yesterday",
        "the next day", "last week"), "occurrence" (which occurrence of a recurring name: a
        weekday, a year-less month, season, holiday or quarter, a weekend), "story year" (a
        year-less date in the year the text is at), "story weekday" (the weekday on or after the
        day a history is at), "day of month" ("on the 20th"), "time of day" (a clock time or part
        of day on the anchor's day), "report period" (the quarter a report is about),
        "unanchored" (counted from no date: a reference), "reference", "duration", "set".
    ``anchor``
        what the value was read against: "none" (nothing: the text states it), "publication"
        (the publication date), "previous" (the last date the text gave), "year" (the year the
        text is at, carried over from a stated one).
    ``anchor_value``, ``anchor_text``, ``anchor_before``
        the anchor's TIMEX3 value; for "previous" and "year", the expression it was read from and
        how many characters before this one that starts (relative: it holds in a text analysed in
        pieces and after offsets shift).
    ``direction``
        which way from the anchor: "past" or "future" (the occurrence before or after it, as the
        clause tells), "last", "next" or "this" (as the expression's words say), "nearest", or
        None when there was no way to choose.
    ``evidence``, ``cue``
        what gave the direction, and its words: "word" (the expression's own: "next", "ago",
        "later"), "tense" (the governing verb's form: "said"), "auxiliary" ("will", "has risen"),
        "preposition" ("since", "postponed until"), "governor" (a verb taking an infinitive:
        "plans"), "lead" (words before the expression: "as soon as"), "sentence" (a cue word in
        the sentence, read without a parse), "default" (no evidence: a bare weekday with no tense
        is read as past, since news reports what happened).
    ``alternative``
        the reading rejected where the expression's words do not fix it: the same name a cycle
        away on the other side of the publication date (the next Tuesday of a past-tense
        "Tuesday", next year's of a past-tense "in March"), or, for a year taken from the text,
        the same date in the publication year; for a count that found no date to count from
        ("two days later" past publication), the date counting would have given.
    ``rival``
        how near the rejected reading lay: the chosen value's distance from the anchor over both
        distances (0: the chosen one is at the anchor; above 0.5: the rejected one was nearer, so
        only the direction evidence chose against it).
    ``loose``
        what the value reads into words the calendar does not fix (``LOOSE``): "part of day"
        ("Friday night" may be the day's news or a time of it), "calendar week" ("last week" may be
        the week before this one or the seven days before publication), "vague amount" ("recent
        years", "a few months ago": no count), "approximate" ("about two years ago").
    ``confidence``
        "certain", "likely" or "guess": see ``confidence``.
    """

    rule: str
    step: str
    confidence: str
    anchor: str = "none"
    anchor_value: str | None = None
    anchor_text: str | None = None
    anchor_before: int | None = None
    direction: str | None = None
    evidence: str | None = None
    cue: str | None = None
    alternative: str | None = None
    rival: float | None = None
    loose: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """Plain data for the analysis cache and events.json: the fields that are set."""
        out = {name: value for name in self.__slots__ if (value := getattr(self, name)) not in (None, ())}
        if self.loose:
            out["loose"] = list(self.loose)
        return out

    @classmethod
    def from_json(cls, data: dict | None) -> Basis | None:
        if data is None:
            return None
        known = {f.name for f in dataclass_fields(cls)}
        found = {k: v for k, v in data.items() if k in known}
        if "loose" in found:
            found["loose"] = tuple(found["loose"])
        return cls(**found)

    def describe(self) -> str:
        """The basis in one line, for people (``dateline dates --explain``)."""
        where = f", {self.anchor_before} characters before" if self.anchor_before is not None else ""
        told = f" “{self.anchor_text}”" if self.anchor_text else ""
        anchor = {"none": "no anchor",
                  "publication": f"against the publication date {self.anchor_value}",
                  "previous": f"against the previous date{told} ({self.anchor_value}{where})",
                  "year": f"in the text's year {self.anchor_value} (from{told or ' an earlier date'}{where})",
                  }.get(self.anchor, self.anchor)
        parts = [f"{self.confidence}: {self.step} (rule {self.rule}), {anchor}"]
        if self.direction is not None:
            by = _EVIDENCE.get(self.evidence, self.evidence or "")
            parts.append(f"{self.direction}" + (f" by {by}" if by else "") + (f" “{self.cue}”" if self.cue else ""))
        if self.alternative is not None:
            parts.append(f"rejected {self.alternative}" + (" (the nearer one)" if (self.rival or 0) > 0.5 else ""))
        if self.loose:
            parts.append("loose: " + ", ".join(self.loose))
        return "; ".join(parts)


_EVIDENCE = {"word": "its word", "tense": "the verb's tense", "auxiliary": "the auxiliary",
             "preposition": "the preposition", "governor": "the governing verb", "lead": "the words before it",
             "sentence": "a word in the sentence", "default": "default (nothing tells)"}


# What a value may read into its words beyond the calendar (``Basis.loose``), and the TIMEX3 mods
# that say a count is not exact.
LOOSE = ("part of day", "calendar week", "vague amount", "approximate")
APPROXIMATE_MODS = frozenset({"APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"})


def confidence(inferred: bool, anchor: str, evidence: str | None, anchor_confidence: str | None,
               loose: tuple[str, ...] = ()) -> str:
    """How sure the engine can be of a value, from the kinds of evidence it used; the weakest decides.
    ``inferred``: the value rests on a choice beyond arithmetic (which occurrence of a recurring name,
    which month a bare day is in, that a count has no date to count from).

    * "certain": calendar arithmetic on what the text and the publication date state: a date with
      its year, a decade, a duration, a set, a reference word ("recently"), units counted from the
      publication date by the expression's own words ("yesterday", "three years ago", "last week").
    * "likely": one inference, backed by the text: the occurrence of a recurring name (a weekday, a
      year-less month, season, holiday or quarter, a weekend, a time of day) chosen by a direction
      word ("next Tuesday") or by the clause (tense, auxiliary, preposition, governor, lead, a cue
      word); or a value read against the previous date or the text's year ("the next day", "on the
      20th", "in May" in a history), which is moreover no surer than that date.
      A value that reads more into its words than the calendar fixes (``loose``: a part of day, a
      calendar week, a vague or approximate count) is at most likely: arithmetic cannot make it sure.
    * "guess": a choice made with no evidence at all (the direction defaulted: a bare weekday or
      month with no tense taken as past or nearest).
    """
    if evidence == "default":
        return GUESS
    level = LIKELY if inferred or loose else CERTAIN
    if anchor in ("previous", "year"):
        level = min(level, LIKELY, anchor_confidence or LIKELY, key=CONFIDENCES.index)
    return level


class Why:
    """The notes resolution takes while deciding one mention; ``basis`` turns them into a ``Basis``.

    ``cue`` is what the clause says of direction, as the tense reader found it (kind, words);
    ``word`` the expression's own direction word ("next" of "next Tuesday"), or None (then its
    whole text stands for it)."""

    __slots__ = ("start", "text", "tense_cue", "word", "step", "anchor", "anchor_value", "anchor_text",
                 "anchor_before", "anchor_confidence", "direction", "evidence", "cue", "alternative",
                 "inferred", "rejected_value", "rival", "loose")

    def __init__(self, start: int = 0, text: str = "", tense_cue: tuple[str, str] | None = None,
                 word: str | None = None):
        self.start, self.text, self.tense_cue, self.word = start, text, tense_cue, word
        self.step, self.anchor = "stated", "none"
        self.anchor_value = self.anchor_text = self.anchor_before = self.anchor_confidence = None
        self.direction = self.evidence = self.cue = self.alternative = None
        self.inferred = False
        self.rejected_value = self.rival = None
        self.loose: list[str] = []

    def at_publication(self, ctx: Context) -> None:
        self.anchor, self.anchor_value = "publication", ctx.dct.isoformat()
        self.anchor_text = self.anchor_before = self.anchor_confidence = None

    def at_reference(self, ctx: Context, kind: str = "previous", passing: bool = False) -> None:
        """Read against the context's reference: the previous date ("previous") or only its year
        ("year"), or the year told in passing since (``passing``); while the text has given none,
        that is the publication date."""
        if not ctx.told:
            self.at_publication(ctx)
            return
        ref, origin = ctx.passing[:2] if passing else (ctx.ref, ctx.origin)
        self.anchor = kind
        self.anchor_value = DateValue(Gran.YEAR, ref.first_year).timex if kind == "year" else ref.timex
        if origin is not None:
            start, self.anchor_text, self.anchor_confidence = origin
            self.anchor_before = self.start - start

    def by_words(self, direction: str | None) -> None:
        """The direction the expression's own words give ("next", "ago", "the previous")."""
        self.direction, self.evidence, self.cue = direction, "word", self.word or self.text

    def directed(self, direction: str, fields: dict) -> None:
        """Note the direction ``_direction`` chose and what told it."""
        if fields.get("dir") is not None:
            self.by_words(direction)
        elif direction == "nearest" or self.tense_cue is None:
            self.direction, self.evidence, self.cue = direction, "default", None
        else:
            self.direction = direction
            self.evidence, self.cue = self.tense_cue

    def rejected(self, value) -> None:
        if value is not None:
            self.alternative, self.rejected_value = value.timex, value

    def loosen(self, what: str) -> None:
        """Note a reading the calendar does not fix (one of ``LOOSE``)."""
        if what not in self.loose:
            self.loose.append(what)

    def weigh(self, value, fields: dict) -> None:
        """Note, once the value is known, how near the rejected reading lay (``rival``) and what the
        value reads into its words (``loose``): the evidence of a call that could have gone the other way."""
        if fields.get("mod") in APPROXIMATE_MODS:
            self.loosen("approximate")
        if not isinstance(value, DateValue):
            return
        if "part" in fields and value.gran == Gran.PART_OF_DAY:
            self.loosen("part of day")
        if value.gran in (Gran.WEEK, Gran.WEEKEND):
            self.loosen("calendar week")
        other, anchor = self.rejected_value, self.anchor_value
        if isinstance(other, DateValue) and anchor:
            try:
                at = DateValue.of_day(date.fromisoformat(anchor[:10])) if len(anchor) >= 10 else None
            except ValueError:
                at = None
            if at is not None:
                near, far = (abs((v.start - at.start).days) for v in (value, other))
                self.rival = round(near / (near + far), 2) if near + far else None

    def basis(self, rule: str) -> Basis:
        level = confidence(self.inferred, self.anchor, self.evidence, self.anchor_confidence, tuple(self.loose))
        return Basis(rule, self.step, level, self.anchor, self.anchor_value, self.anchor_text, self.anchor_before,
                     self.direction, self.evidence, self.cue, self.alternative, self.rival, tuple(self.loose))


@dataclass(frozen=True)
class Resolved:
    value: Value
    mod: str | None = None
    quantifier: str | None = None
    basis: Basis | None = None


def resolve(fields: dict, ctx: Context, tense: str | None, aside: bool = False, why: Why | None = None,
            rule: str = "") -> Resolved | None:
    """Turn one mention's fields into a value, updating the context's reference date
    unless the mention is an ``aside`` (see ``is_aside``). ``why`` (the mention's position, text,
    tense cue and direction word) collects how; the result carries it as its ``basis``."""
    why = why or Why()
    mod = fields.get("mod") if isinstance(fields.get("mod"), str) else None
    quantifier = fields.get("quantifier")
    kind = fields.get("type", "DATE")
    if "ref" in fields:
        why.step = "reference"
        return Resolved(Reference(fields["ref"]), basis=why.basis(rule))
    if kind == "SET":
        why.step = "set"
        return _recurrence(fields, why.basis(rule))
    if kind == "DURATION":
        why.step = "duration"
        amount = fields.get("amount", 1)
        if amount in ("X", None):
            why.loosen("vague amount")
        why.weigh(None, fields)
        return Resolved(Duration(None if amount in ("X", None) else float(amount), fields["unit"]), mod,
                        basis=why.basis(rule))
    try:
        value, explicit = _date(fields, ctx, tense, why)
    except (ValueError, OverflowError, KeyError):
        return None
    if value is None:
        return None
    if isinstance(value, Reference):
        why.weigh(value, fields)
        return Resolved(value, basis=why.basis(rule))
    value = _with_time(value, fields)
    if fields.get("gran") in NAMED_GRAN:  # "the week of March 6": the week that holds the day
        value = value.at_gran(NAMED_GRAN[fields["gran"]])
    why.weigh(value, fields)
    basis = why.basis(rule)
    if not _compares(fields, value, ctx):  # a comparison does not move the story
        ctx.remember(value, explicit, aside=aside, flashback=_looks_back(fields),
                     origin=(why.start, why.text, basis.confidence))
    return Resolved(value, mod, quantifier, basis)


def _compares(fields: dict, value: DateValue, ctx: Context) -> bool:
    """A period a report compares with ("the year-ago quarter", "the 1988 period", "a year earlier"
    said of a quarter): the report stays about its own period."""
    if fields.get("report"):
        return bool(fields.get("shift")) or "year" in fields
    return value.gran == Gran.QUARTER and fields.get("unit") == "year" and "offset" in fields


def _looks_back(fields: dict) -> bool:
    """A date counted back from the last one ("a year earlier", "the previous spring")."""
    if fields.get("anchor") != "ref":
        return False
    amount = fields.get("offset", fields.get("shift", fields.get("dir", 0)))
    return isinstance(amount, (int, float)) and amount < 0


def _recurrence(fields: dict, basis: Basis | None = None) -> Resolved:
    if "set" in fields:
        return Resolved(Recurrence(str(fields["set"])), basis=basis)
    if "month" in fields:  # "each July"
        return Resolved(Recurrence(f"XXXX-{int(fields['month']):02d}"), basis=basis)
    amount = fields.get("amount", 1)
    return Resolved(Recurrence(Duration(None if amount in ("X", None) else float(amount), fields["unit"]).timex),
                    basis=basis)


# ---- dates -------------------------------------------------------------------

_PART_OF_YEAR = ("month", "quarter", "half", "season")


def _date(fields: dict, ctx: Context, tense: str | None, why: Why) -> tuple[Value | None, bool]:
    """The date a mention names, and whether the text stated it (rather than the publication date)."""
    if "century" in fields:
        return DateValue(Gran.CENTURY, century=int(fields["century"])), True
    if "decade" in fields:
        return DateValue(Gran.DECADE, decade=int(fields["decade"])), True
    if fields.get("unit") == "year" and "shift" in fields and any(k in fields for k in _PART_OF_YEAR):
        # "June last year", "next year's first quarter": that part of the publication year, moved
        why.step = "counted"
        why.at_publication(ctx)
        shift = int(fields["shift"])
        why.by_words("past" if shift < 0 else "future" if shift > 0 else "this")
        return _with_year(fields, ctx.dct.year + shift), True
    if "holiday" in fields:
        if "year" in fields:
            return DateValue.of_day(holiday(fields["holiday"], int(fields["year"]))), True
        return _pick(lambda y: DateValue.of_day(holiday(fields["holiday"], y)), fields, ctx, tense, why)
    if fields.get("report"):
        return _report_period(fields, ctx, why), False
    if "quarter" in fields and "year" not in fields and "dir" not in fields and fields.get("anchor") != "ref" \
            and not ctx.follows_text:  # a bare quarter in news: this year's, or last year's when told as past
        why.step, why.inferred = "occurrence", True
        why.at_publication(ctx)
        value = this_year = _with_year(fields, ctx.dct.year)
        past = (tense or "").startswith("past")
        why.directed("past" if past else "this", {})
        if value.start.date() > ctx.dct and past:
            value = _with_year(fields, ctx.dct.year - 1)
            why.rejected(this_year)
        else:
            why.rejected(_with_year(fields, ctx.dct.year - 1))
        return value, False
    if fields.get("unit") == "weekend" and "shift" not in fields:
        return _weekend(ctx, tense, why), False
    if "unit" in fields:
        return _moved(fields, ctx, tense, why), fields.get("anchor") in ("ref", "auto") and ctx.ref_explicit
    if "year" in fields:
        return _with_year(fields, int(fields["year"])), True
    if "weekday" in fields and "month" not in fields:
        return _weekday(fields, ctx, tense, why), False
    if "day" in fields and "month" not in fields:  # "on the 20th": of the month last mentioned
        if ctx.ref.gran < Gran.MONTH:
            return None, False
        why.step, why.inferred = "day of month", True
        why.at_reference(ctx)
        return DateValue.of_day(date(ctx.ref.start.year, ctx.ref.start.month, int(fields["day"]))), ctx.ref_explicit
    if any(k in fields for k in ("month", "season", "quarter", "half")):
        return _pick(lambda y: _with_year(fields, y), fields, ctx, tense, why)
    if "hour" in fields or "part" in fields:
        why.step, why.inferred = "time of day", True
        if ctx.ref.gran >= Gran.DAY:
            why.at_reference(ctx)
            base = ctx.ref
        else:
            why.at_publication(ctx)
            base = DateValue.of_day(ctx.dct)
        return base.at_gran(Gran.DAY), ctx.ref_explicit
    return None, False


def _report_period(fields: dict, ctx: Context, why: Why) -> DateValue:
    """The quarter an earnings report is about: the last one mentioned, unless it is long over or
    still to come (a forecast "through the third quarter of 1990" is no report's period), else the
    last completed one; with a year ("the 1988 quarter"), that quarter in that year."""
    if "year" in fields and "quarter" in fields:
        return DateValue(Gran.QUARTER, int(fields["year"]), sub=f"Q{fields['quarter']}")
    why.step, why.inferred = "report period", True
    day = datetime.combine(ctx.dct, datetime.min.time())
    if ctx.ref.gran == Gran.QUARTER and ctx.ref.end >= day - REPORT_AGE and ctx.ref.start <= day:
        base = ctx.ref
        why.at_reference(ctx)
    else:
        q = (ctx.dct.month - 1) // 3
        base = DateValue(Gran.QUARTER, ctx.dct.year if q else ctx.dct.year - 1, sub=f"Q{q or 4}")
        why.at_publication(ctx)
        why.direction = "last"  # the last completed quarter
    if "year" in fields:
        return DateValue(Gran.QUARTER, int(fields["year"]), sub=base.sub)
    shift = int(fields.get("shift", 0))
    if shift:
        why.by_words("past" if shift < 0 else "future")
    return DateValue(Gran.QUARTER, base.year + shift, sub=base.sub) if shift else base


def _with_year(fields: dict, year: int) -> DateValue:
    if "month" in fields and "day" in fields:
        date(year, int(fields["month"]), int(fields["day"]))  # raises for Feb. 30
        return DateValue(Gran.DAY, year, int(fields["month"]), int(fields["day"]))
    if "month" in fields:
        return DateValue(Gran.MONTH, year, int(fields["month"]))
    if "season" in fields:
        return DateValue(Gran.SEASON, year, sub=fields["season"])
    if "quarter" in fields:
        return DateValue(Gran.QUARTER, year, sub=f"Q{fields['quarter']}")
    if "half" in fields:
        return DateValue(Gran.HALF, year, sub=f"H{fields['half']}")
    return DateValue(Gran.YEAR, year)


def _direction(fields: dict, tense: str | None) -> str:
    """Which occurrence of a named period: "last", "this", "next", or by tense."""
    d = fields.get("dir")
    if d is not None:
        return {-1: "last", 0: "this", 1: "next"}[int(d)]
    return {"past": "past", "past point": "past", "past infinitive": "past", "future": "future", "present": "future"}.get(tense, "nearest")


def _other_cycle(make: Callable[[int], DateValue], chosen: DateValue, dct: date) -> DateValue | None:
    """The same name a year away on the other side of the publication date (the next May of a May
    read as past, the last one of a May read as to come): the reading a tense-blind reader weighs."""
    year = chosen.start.year + (1 if chosen.start.date() <= dct else -1)
    return make(year) if _valid(make, year) else None


def _pick(make: Callable[[int], DateValue], fields: dict, ctx: Context, tense: str | None,
          why: Why) -> tuple[DateValue, bool]:
    """Choose the year of a year-less date: the text's current year, else by tense around the publication date."""
    anchor = fields.get("anchor")
    told_ahead = tense in ("future", "present") and not ctx.story
    why.inferred = True
    if anchor != "dct" and "dir" not in fields and (anchor == "ref" or (ctx.follows_text and not told_ahead)):
        # in news, a date told as to come or as now ("will join NATO on March 12") belongs to the
        # publication's year, even right after a far year ("invited in July 1997, will join on March 12")
        base = ctx.ref.first_year
        why.step = "story year"
        why.at_reference(ctx, "year")
        if "weekday" in fields:
            chosen = _match_weekday(make, fields, base)
        else:
            chosen = _onward(make, base, ctx.ref)
            if chosen.start.year != base:  # the story ran on into the next year
                why.direction = "next"
                why.rejected(make(base))
        if why.alternative is None and _valid(make, ctx.dct.year) and chosen.start.year != ctx.dct.year:
            why.rejected(make(ctx.dct.year))  # a year taken from the text: the publication year's was the other
        return chosen, True
    why.step = "occurrence"
    around = ctx.ref if anchor == "ref" else DateValue.of_day(ctx.dct)
    year = around.start.year
    if anchor != "ref" and "weekday" not in fields and _valid(make, ctx.dct.year):
        # News: the publication year's occurrence, unless the tense points the other way by more
        # than a few weeks ("fell in November" published in January is last November).
        direction = _direction(fields, tense)
        if direction in ("past", "future", "nearest", "this"):
            why.at_publication(ctx)
            why.directed(direction, fields)
            here = make(ctx.dct.year)
            day = datetime.combine(ctx.dct, datetime.min.time())
            slack = timedelta(0) if tense == "past point" else NARRATIVE_GAP
            if direction == "past" and here.start > day + slack and _valid(make, ctx.dct.year - 1):
                here = make(ctx.dct.year - 1)
            elif direction == "nearest" and anchor is None and here.start > day + NARRATIVE_GAP \
                    and _valid(make, ctx.dct.year - 1):
                # no tense to say it is to come: news reports what happened ("found on Thanksgiving
                # Day" in January), so no date is invented months after publication
                here = make(ctx.dct.year - 1)
                why.direction = "past"
            elif direction == "future" and here.end < day - NARRATIVE_GAP and _valid(make, ctx.dct.year + 1):
                ahead = make(ctx.dct.year + 1)
                if tense == "present" and ahead.start - day > day - here.end:
                    # a present promises nothing to come: "20 April: rig explodes" in a September
                    # chronology is the April gone by, the nearer of the two
                    why.directed("nearest", {})
                else:
                    here = ahead
            if why.evidence != "word":
                why.rejected(_other_cycle(make, here, ctx.dct))
            return here, False
    candidates = [make(y) for y in range(year - 1, year + 2 + (around.end.year - year)) if _valid(make, y)]
    if "weekday" in fields:
        matching = [c for c in candidates if c.gran == Gran.DAY and date(c.year, c.month, c.day).isoweekday() == int(fields["weekday"])]
        candidates = matching or candidates
    direction = _direction(fields, tense)
    chosen = _choose(candidates, around.interval, direction)
    if anchor == "ref":
        why.at_reference(ctx)
    else:
        why.at_publication(ctx)
    why.directed(direction, fields)
    if why.evidence != "word":
        if "weekday" in fields:  # another year whose date falls on that weekday, if one was in view
            why.rejected(min((c for c in candidates if c != chosen), default=None,
                             key=lambda c: abs((c.start - chosen.start).days)))
        else:
            why.rejected(_other_cycle(make, chosen, around.start.date()))
    return chosen, anchor == "ref" and ctx.ref_explicit


# A story told month by month runs on into the new year: "on Dec. 8 ... In January" is
# the January after, not the one eleven months before.
TURN_OF_YEAR = timedelta(days=62)


def _onward(make: Callable[[int], DateValue], year: int, ref: DateValue) -> DateValue:
    """A year-less date in the story's year, or in the next one when the story is at the year's end."""
    same = make(year)
    if ref.gran < Gran.MONTH or same.end > ref.start or not _valid(make, year + 1):
        return same
    after = make(year + 1)
    return after if after.start - ref.end <= TURN_OF_YEAR < ref.start - same.end else same


def _valid(make: Callable[[int], DateValue], year: int) -> bool:
    try:
        make(year)
        return True
    except ValueError:
        return False


def _match_weekday(make, fields: dict, year: int) -> DateValue:
    for y in (year, year + 1, year - 1):
        if _valid(make, y):
            v = make(y)
            if date(v.year, v.month, v.day).isoweekday() == int(fields["weekday"]):
                return v
    return make(year)


def _choose(candidates: list[DateValue], around: tuple[datetime, datetime], direction: str) -> DateValue:
    """The candidate in ``direction`` from the interval ``around`` (the publication day or the last date)."""
    lo, hi = around
    if direction == "last":
        pool = [c for c in candidates if c.end <= lo] or candidates
        return max(pool, key=lambda c: c.start)
    if direction == "next":
        pool = [c for c in candidates if c.start >= hi] or candidates
        return min(pool, key=lambda c: c.start)
    if direction == "this":
        return next((c for c in candidates if c.start <= lo < c.end), None) or min(
            candidates, key=lambda c: abs((c.start - lo).days))
    if direction == "past":
        pool = [c for c in candidates if c.start < hi] or candidates
        return max(pool, key=lambda c: c.start)
    if direction == "future":
        pool = [c for c in candidates if c.end > lo] or candidates
        return min(pool, key=lambda c: c.start)
    return min(candidates, key=lambda c: max(0, (c.start - hi).days, (lo - c.end).days))


WEEK = timedelta(days=7)


def _weekday(fields: dict, ctx: Context, tense: str | None, why: Why) -> DateValue:
    wd = int(fields["weekday"])
    why.step, why.inferred = "occurrence", True
    if fields.get("anchor") != "dct" and ctx.story and ctx.ref_explicit and ctx.ref.gran >= Gran.DAY \
            and abs(ctx.ref.start.date() - ctx.dct) > NARRATIVE_GAP:
        base = ctx.ref.start.date()
        ahead = (wd - base.isoweekday()) % 7
        day = base + timedelta(days=ahead)
        why.step = "story weekday"
        why.at_reference(ctx)
        why.direction = "next"
        why.rejected(DateValue.of_day(day - WEEK))
        return DateValue.of_day(day)
    days = [DateValue.of_day(ctx.dct + timedelta(days=k)) for k in range(-7, 8)
            if (ctx.dct + timedelta(days=k)).isoweekday() == wd]
    direction = _direction(fields, tense)
    why.at_publication(ctx)
    why.directed(direction, fields)
    if direction == "nearest":
        direction = "past"  # news reports what happened
    if direction == "this":
        direction = "future"
    why.direction = direction if why.evidence != "word" else why.direction
    chosen = _choose(days, DateValue.of_day(ctx.dct).interval, direction)
    if why.evidence != "word":  # the words do not say which: the one a week away on the other side was possible
        day = chosen.start.date()
        why.rejected(DateValue.of_day(day + WEEK if day <= ctx.dct else day - WEEK))
    return chosen


def _weekend(ctx: Context, tense: str | None, why: Why) -> DateValue:
    dct = ctx.dct
    why.step, why.inferred = "occurrence", True
    why.at_publication(ctx)
    this = DateValue.of_week(dct, weekend=True)
    last = DateValue.of_week(dct - timedelta(days=7), weekend=True)
    past = (tense or "").startswith("past")
    why.directed("past" if past else "this", {})
    if past and dct.isoweekday() < 6:
        why.rejected(this)
        return last
    why.rejected(last)
    return this


_YEAR_UNITS = ("year", "decade", "century")


def _moved(fields: dict, ctx: Context, tense: str | None, why: Why) -> Value | None:
    """"last week", "the next day", "three days ago", "two years later"."""
    unit = fields["unit"]
    counted = "offset" in fields
    amount = fields["offset"] if counted else fields.get("shift", 0)
    why.step = "counted"
    if amount in ("X", "-X"):  # "several years ago": only the direction is known
        why.step = "reference"
        why.loosen("vague amount")
        why.by_words("past" if amount == "-X" else "future")
        return Reference("PAST_REF" if amount == "-X" else "FUTURE_REF")
    if not isinstance(amount, (int, float)) or amount != int(amount):
        return None
    if amount:
        why.by_words("past" if amount < 0 else "future")
    if unit == "year" and counted and abs(amount) == 1 and ctx.ref.gran == Gran.QUARTER:
        # "a year earlier" in a report about a quarter: that quarter a year before
        why.at_reference(ctx)
        return DateValue(Gran.QUARTER, ctx.ref.year + int(amount), sub=ctx.ref.sub)
    by_ref = fields.get("anchor") == "ref" or (fields.get("anchor") == "auto" and ctx.ref_explicit)
    passing = by_ref and unit in _YEAR_UNITS and ctx.passing is not None and ctx.sentence - ctx.passing[2] <= 1
    anchor = ctx.passing[0] if passing else ctx.ref if by_ref else DateValue.of_day(ctx.dct)
    if by_ref:
        why.at_reference(ctx, passing=passing)
    else:
        why.at_publication(ctx)
    moved = anchor.start + STEP[unit] * int(amount)
    unanchored = fields.get("unanchored")
    if unanchored and amount > 0 and (tense != "future" or unanchored == "PRESENT_REF") and (
            not ctx.told or moved.date() > ctx.dct):
        # "Two days later" with no date to count from, or counted past the publication date in a
        # clause not told as to come: the reference is unknown, and a future date would be invented.
        why.step, why.inferred = "unanchored", True
        why.rejected(DateValue.of_day(moved.date()) if ctx.told else None)
        return Reference(str(unanchored))
    gran = (COUNTED_GRAN if counted else NAMED_GRAN)[unit]
    if anchor.gran < Gran.DAY:  # "two days later" after "in 2004" is known only as 2004
        gran = min(gran, anchor.gran)
    if gran in (Gran.WEEK, Gran.WEEKEND):
        return DateValue.of_week(moved.date(), gran == Gran.WEEKEND)
    if gran >= Gran.HOUR:
        return DateValue(gran, moved.year, moved.month, moved.day, moved.hour,
                         moved.minute if gran == Gran.MINUTE else None)
    return DateValue.of_day(moved.date()).at_gran(gran)


def _with_time(value: DateValue, fields: dict) -> DateValue:
    """Add the part of day or the clock time a mention gives to the day it names."""
    if value.gran < Gran.DAY:
        return value
    day = value.at_gran(Gran.DAY)
    if "hour" in fields:
        hour = int(fields["hour"])
        if fields.get("ampm") == "pm" and hour < 12:
            hour += 12
        elif fields.get("ampm") == "am" and hour == 12:
            hour = 0
        if hour > 24:
            return day
        return DateValue(Gran.MINUTE, day.year, day.month, day.day, hour, int(fields.get("minute") or 0))
    if "part" in fields:
        return DateValue(Gran.PART_OF_DAY, day.year, day.month, day.day, part=fields["part"])
    return value


# ---- the holiday calendar ----------------------------------------------------

def holiday(code: str, year: int) -> date:
    """The date of a holiday code from words.toml in a given year."""
    if code.startswith("easter"):
        return easter(year) + timedelta(days=int(code[6:] or 0))
    parts = code.split("-")
    month = int(parts[0])
    if len(parts) == 2:
        return date(year, month, int(parts[1]))
    weekday, nth = int(parts[1]), parts[2]
    shift = 0
    if "+" in nth:
        nth, extra = nth.split("+")
        shift = int(extra)
    if nth == "L":
        last = date(year, month, 1) + relativedelta(months=1, days=-1)
        day = last - timedelta(days=(last.isoweekday() - weekday) % 7)
    else:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (int(nth) - 1))
    return day + timedelta(days=shift)
