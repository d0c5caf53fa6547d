"""Phase two: anchor underspecified values to a reference time.

Deictic expressions ("yesterday", "last December") are anchored to the
publication date; anaphoric ones ("the next day", "two years later") to the
last date the text mentioned. Year-less dates ("in November", "Feb. 24")
follow the text: after an explicit year ("founded in March 1987. By
December...") they stay in that year; otherwise verb tense picks the
occurrence, as an editor would: "said Tuesday" is the last Tuesday, "will vote
Friday" the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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

    @classmethod
    def start(cls, dct: date, story: bool = False) -> Context:
        return cls(dct, DateValue.of_day(dct), story=story)

    @property
    def follows_text(self) -> bool:
        """Year-less dates take the text's year: in a story, or after a year far from publication
        ("founded in March 1987. By December..."); near publication, tense decides ("in February")."""
        return self.ref_explicit and (self.story or (abs(self.ref.first_year - self.dct.year) > 1
                                                     and self.ref.gran >= Gran.MONTH))

    @property
    def narrative(self) -> bool:
        """Reading a story at a time of its own: "today" there is an aside that does not move it."""
        return self.story and self.ref_explicit

    def remember(self, value: DateValue, explicit: bool, aside: bool = False, flashback: bool = False) -> None:
        if value.gran < Gran.YEAR:
            if explicit and self.ref.gran > Gran.YEAR and not value.start <= self.ref.start < value.end:
                self.ref = self.ref.at_gran(Gran.YEAR)  # "by the late 1970s": the story has left that day
            return
        if aside and self.ref_explicit and self.ref.gran > Gran.YEAR:
            return  # a year mentioned in passing while the story is at a day or a month
        if aside == ATTRIBUTIVE and not self.story:
            return  # news: "the 1988 bombing" names an event; the report stays at its own time
        if flashback or (self.narrative and not explicit):
            return  # "today" or "two decades earlier" in a history is an aside; the story's time goes on
        self.ref, self.ref_explicit, self.told = value, explicit, True


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
_ATTRIBUTIVE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_ATTRIBUTIVE_AFTER = re.compile(r",?\s+[a-z][a-z-]+(?<!ago)(?<!and)(?<!to)(?<!when)\b")


def is_aside(mention, text: str) -> bool | str:
    """A bare year inside a sentence ("documents found in 2004 proved...", "the largest
    battle since 1813"), not one that opens it ("In 1943, ..."): when the story is at a
    month or a day, the dates after it stay in the story's year."""
    f = mention.fields
    if isinstance(f.get("year"), int) and _ATTRIBUTIVE_BEFORE.search(text, max(0, mention.start - 6), mention.start) \
            and _ATTRIBUTIVE_AFTER.match(text, mention.end):
        return ATTRIBUTIVE
    if not isinstance(f.get("year"), int) or any(k in f for k in _FINER_THAN_YEAR):
        return False
    before = text[max(0, mention.start - 120):mention.start]
    lead = _SENTENCE_END.split(before)[-1]
    return len(lead.split()) > 2


@dataclass(frozen=True)
class Resolved:
    value: Value
    mod: str | None = None
    quantifier: str | None = None


def resolve(fields: dict, ctx: Context, tense: str | None, aside: bool = False) -> Resolved | None:
    """Turn one mention's fields into a value, updating the context's reference date
    unless the mention is an ``aside`` (see ``is_aside``)."""
    mod = fields.get("mod") if isinstance(fields.get("mod"), str) else None
    quantifier = fields.get("quantifier")
    kind = fields.get("type", "DATE")
    if "ref" in fields:
        return Resolved(Reference(fields["ref"]))
    if kind == "SET":
        return _recurrence(fields)
    if kind == "DURATION":
        amount = fields.get("amount", 1)
        return Resolved(Duration(None if amount in ("X", None) else float(amount), fields["unit"]), mod)
    try:
        value, explicit = _date(fields, ctx, tense)
    except (ValueError, OverflowError, KeyError):
        return None
    if value is None:
        return None
    if isinstance(value, Reference):
        return Resolved(value)
    value = _with_time(value, fields)
    if fields.get("gran") in NAMED_GRAN:  # "the week of March 6": the week that holds the day
        value = value.at_gran(NAMED_GRAN[fields["gran"]])
    if not _compares(fields, value, ctx):  # a comparison does not move the story
        ctx.remember(value, explicit, aside=aside, flashback=_looks_back(fields))
    return Resolved(value, mod, quantifier)


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


def _recurrence(fields: dict) -> Resolved:
    if "set" in fields:
        return Resolved(Recurrence(str(fields["set"])))
    if "month" in fields:  # "each July"
        return Resolved(Recurrence(f"XXXX-{int(fields['month']):02d}"))
    amount = fields.get("amount", 1)
    return Resolved(Recurrence(Duration(None if amount in ("X", None) else float(amount), fields["unit"]).timex))


# ---- dates -------------------------------------------------------------------

_PART_OF_YEAR = ("month", "quarter", "half", "season")


def _date(fields: dict, ctx: Context, tense: str | None) -> tuple[Value | None, bool]:
    """The date a mention names, and whether the text stated it (rather than the publication date)."""
    if "century" in fields:
        return DateValue(Gran.CENTURY, century=int(fields["century"])), True
    if "decade" in fields:
        return DateValue(Gran.DECADE, decade=int(fields["decade"])), True
    if fields.get("unit") == "year" and "shift" in fields and any(k in fields for k in _PART_OF_YEAR):
        # "June last year", "next year's first quarter": that part of the publication year, moved
        return _with_year(fields, ctx.dct.year + int(fields["shift"])), True
    if "holiday" in fields:
        if "year" in fields:
            return DateValue.of_day(holiday(fields["holiday"], int(fields["year"]))), True
        return _pick(lambda y: DateValue.of_day(holiday(fields["holiday"], y)), fields, ctx, tense)
    if fields.get("report"):
        return _report_period(fields, ctx), False
    if "quarter" in fields and "year" not in fields and "dir" not in fields and fields.get("anchor") != "ref" \
            and not ctx.follows_text:  # a bare quarter in news: this year's, or last year's when told as past
        value = _with_year(fields, ctx.dct.year)
        if value.start.date() > ctx.dct and (tense or "").startswith("past"):
            value = _with_year(fields, ctx.dct.year - 1)
        return value, False
    if fields.get("unit") == "weekend" and "shift" not in fields:
        return _weekend(ctx, tense), False
    if "unit" in fields:
        return _moved(fields, ctx, tense), fields.get("anchor") in ("ref", "auto") and ctx.ref_explicit
    if "year" in fields:
        return _with_year(fields, int(fields["year"])), True
    if "weekday" in fields and "month" not in fields:
        return _weekday(fields, ctx, tense), False
    if "day" in fields and "month" not in fields:  # "on the 20th": of the month last mentioned
        if ctx.ref.gran < Gran.MONTH:
            return None, False
        return DateValue.of_day(date(ctx.ref.start.year, ctx.ref.start.month, int(fields["day"]))), ctx.ref_explicit
    if any(k in fields for k in ("month", "season", "quarter", "half")):
        return _pick(lambda y: _with_year(fields, y), fields, ctx, tense)
    if "hour" in fields or "part" in fields:
        base = ctx.ref if ctx.ref.gran >= Gran.DAY else DateValue.of_day(ctx.dct)
        return base.at_gran(Gran.DAY), ctx.ref_explicit
    return None, False


def _report_period(fields: dict, ctx: Context) -> DateValue:
    """The quarter an earnings report is about: the last one mentioned, else the last completed one;
    with a year ("the 1988 quarter"), that quarter in that year."""
    if "year" in fields and "quarter" in fields:
        return DateValue(Gran.QUARTER, int(fields["year"]), sub=f"Q{fields['quarter']}")
    if ctx.ref.gran == Gran.QUARTER and ctx.ref.end >= datetime.combine(ctx.dct, datetime.min.time()) - REPORT_AGE:
        base = ctx.ref
    else:
        q = (ctx.dct.month - 1) // 3
        base = DateValue(Gran.QUARTER, ctx.dct.year if q else ctx.dct.year - 1, sub=f"Q{q or 4}")
    if "year" in fields:
        return DateValue(Gran.QUARTER, int(fields["year"]), sub=base.sub)
    shift = int(fields.get("shift", 0))
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


def _pick(make: Callable[[int], DateValue], fields: dict, ctx: Context, tense: str | None) -> tuple[DateValue, bool]:
    """Choose the year of a year-less date: the text's current year, else by tense around the publication date."""
    anchor = fields.get("anchor")
    told_ahead = tense in ("future", "present") and not ctx.story
    if anchor != "dct" and "dir" not in fields and (anchor == "ref" or (ctx.follows_text and not told_ahead)):
        # in news, a date told as to come or as now ("will join NATO on March 12") belongs to the
        # publication's year, even right after a far year ("invited in July 1997, will join on March 12")
        base = ctx.ref.first_year
        if "weekday" in fields:
            return _match_weekday(make, fields, base), True
        return _onward(make, base, ctx.ref), True
    around = ctx.ref if anchor == "ref" else DateValue.of_day(ctx.dct)
    year = around.start.year
    if anchor != "ref" and "weekday" not in fields and _valid(make, ctx.dct.year):
        # News: the publication year's occurrence, unless the tense points the other way by more
        # than a few weeks ("fell in November" published in January is last November).
        direction = _direction(fields, tense)
        if direction in ("past", "future", "nearest", "this"):
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
            elif direction == "future" and here.end < day - NARRATIVE_GAP and _valid(make, ctx.dct.year + 1):
                here = make(ctx.dct.year + 1)
            return here, False
    candidates = [make(y) for y in range(year - 1, year + 2 + (around.end.year - year)) if _valid(make, y)]
    if "weekday" in fields:
        matching = [c for c in candidates if c.gran == Gran.DAY and date(c.year, c.month, c.day).isoweekday() == int(fields["weekday"])]
        candidates = matching or candidates
    return _choose(candidates, around.interval, _direction(fields, tense)), anchor == "ref" and ctx.ref_explicit


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


def _weekday(fields: dict, ctx: Context, tense: str | None) -> DateValue:
    wd = int(fields["weekday"])
    if fields.get("anchor") != "dct" and ctx.story and ctx.ref_explicit and ctx.ref.gran >= Gran.DAY \
            and abs(ctx.ref.start.date() - ctx.dct) > NARRATIVE_GAP:
        base = ctx.ref.start.date()
        ahead = (wd - base.isoweekday()) % 7
        return DateValue.of_day(base + timedelta(days=ahead))
    days = [DateValue.of_day(ctx.dct + timedelta(days=k)) for k in range(-7, 8)
            if (ctx.dct + timedelta(days=k)).isoweekday() == wd]
    direction = _direction(fields, tense)
    if direction == "nearest":
        direction = "past"  # news reports what happened
    if direction == "this":
        direction = "future"
    return _choose(days, DateValue.of_day(ctx.dct).interval, direction)


def _weekend(ctx: Context, tense: str | None) -> DateValue:
    dct = ctx.dct
    this = DateValue.of_week(dct, weekend=True)
    if (tense or "").startswith("past") and dct.isoweekday() < 6:
        return DateValue.of_week(dct - timedelta(days=7), weekend=True)
    return this


def _moved(fields: dict, ctx: Context, tense: str | None = None) -> Value | None:
    """"last week", "the next day", "three days ago", "two years later"."""
    unit = fields["unit"]
    counted = "offset" in fields
    amount = fields["offset"] if counted else fields.get("shift", 0)
    if amount in ("X", "-X"):  # "several years ago": only the direction is known
        return Reference("PAST_REF" if amount == "-X" else "FUTURE_REF")
    if not isinstance(amount, (int, float)) or amount != int(amount):
        return None
    if unit == "year" and counted and abs(amount) == 1 and ctx.ref.gran == Gran.QUARTER:
        # "a year earlier" in a report about a quarter: that quarter a year before
        return DateValue(Gran.QUARTER, ctx.ref.year + int(amount), sub=ctx.ref.sub)
    by_ref = fields.get("anchor") == "ref" or (fields.get("anchor") == "auto" and ctx.ref_explicit)
    anchor = ctx.ref if by_ref else DateValue.of_day(ctx.dct)
    moved = anchor.start + STEP[unit] * int(amount)
    unanchored = fields.get("unanchored")
    if unanchored and amount > 0 and (tense != "future" or unanchored == "PRESENT_REF") and (
            not ctx.told or moved.date() > ctx.dct):
        # "Two days later" with no date to count from, or counted past the publication date in a
        # clause not told as to come: the reference is unknown, and a future date would be invented.
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
