"""Typed TIMEX3 values: what a resolved temporal expression means.

A value knows its granularity, the interval it covers, how it compares with
other values and how to print itself twice: as a TIMEX3 string for machines
(``2022-11-12TNI``) and as a label for readers ("Saturday night, Nov. 12,
2022"). Nothing in Dateline tests value strings with ``startswith``; it parses
them into these objects instead.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from datetime import date, datetime, timedelta
from enum import IntEnum

from dateutil.relativedelta import relativedelta

from .resources import RESOURCE_DIR


class Gran(IntEnum):
    """Granularities from coarsest to finest; comparisons follow that order."""

    CENTURY = 0
    DECADE = 1
    YEAR = 2
    HALF = 3
    QUARTER = 4
    SEASON = 5
    MONTH = 6
    WEEK = 7
    WEEKEND = 8
    DAY = 9
    PART_OF_DAY = 10
    HOUR = 11
    MINUTE = 12

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


# Approximate meteorological seasons (northern hemisphere), as month spans.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
PART_HOURS = {"MO": (6, 12), "AF": (12, 18), "EV": (18, 22), "NI": (20, 24), "DT": (8, 18)}
MODS = frozenset({"START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER",
                  "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"})
REFS = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
LABEL_LANGUAGE = "en"  # the language labels are told in (the only one with resources for now)


@lru_cache(maxsize=4)
def labels(language: str = LABEL_LANGUAGE) -> dict:
    """``resources/<language>/labels.toml``: the words and templates a value is told to readers with."""
    return tomllib.loads((RESOURCE_DIR / language / "labels.toml").read_text(encoding="utf-8"))


def _template(name: str) -> str:
    return labels()["templates"][name]


def month_name(month: int, short: bool = False) -> str:
    """The month's name ("November"), or the form told beside a day number ("Nov.")."""
    return labels()["months_short" if short else "months"][month - 1]


def ordinal(n: int) -> str:
    """"1st", "12th", "23rd"."""
    words = labels()["ordinal"]
    suffix = words["teens"] if 10 <= n % 100 <= 20 else words["last_digit"].get(str(n % 10), words["default"])
    return f"{n}{suffix}"


def _with_mod(text: str, mod: str | None) -> str:
    """A label inside its mod's words ("early {}"), or as it is without a mod."""
    template = labels()["mods"].get(mod) if mod else None
    return template.format(text) if template else text


@dataclass(frozen=True, order=False)
class DateValue:
    """A calendar point or period: a century down to a minute.

    Only the fields its granularity needs are set. ``sub`` holds the code of a
    year part (``H1``, ``Q3``, ``SP``), ``week`` an ISO week (with ``year`` its
    ISO year) and ``part`` a part of day (``NI``).
    """

    gran: Gran
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    week: int | None = None
    sub: str | None = None
    part: str | None = None
    decade: int | None = None
    century: int | None = None

    # ---- construction -------------------------------------------------
    @classmethod
    def of_day(cls, d: date) -> DateValue:
        return cls(Gran.DAY, d.year, d.month, d.day)

    @classmethod
    def of_week(cls, d: date, weekend: bool = False) -> DateValue:
        iso = d.isocalendar()
        return cls(Gran.WEEKEND if weekend else Gran.WEEK, iso.year, week=iso.week)

    def at_gran(self, gran: Gran) -> DateValue:
        """The same moment seen at a coarser granularity (``2022-11-12`` -> ``2022-11``)."""
        if gran >= self.gran:
            return self
        start = self.start
        if gran == Gran.CENTURY:
            return DateValue(gran, century=start.year // 100)
        if gran == Gran.DECADE:
            return DateValue(gran, decade=start.year // 10)
        if gran == Gran.YEAR:
            return DateValue(gran, start.year)
        if gran in (Gran.WEEK, Gran.WEEKEND):
            return DateValue.of_week(start.date(), gran == Gran.WEEKEND)
        if gran == Gran.MONTH:
            return DateValue(gran, start.year, start.month)
        if gran == Gran.QUARTER:
            return DateValue(gran, start.year, sub=f"Q{(start.month - 1) // 3 + 1}")
        if gran == Gran.HALF:
            return DateValue(gran, start.year, sub=f"H{(start.month - 1) // 6 + 1}")
        if gran == Gran.DAY:
            return DateValue.of_day(start.date())
        if gran == Gran.HOUR:
            return DateValue(gran, start.year, start.month, start.day, start.hour)
        return DateValue(Gran.YEAR, start.year)

    @property
    def first_year(self) -> int:
        """The (astronomical-free, TIMEX3) year the value starts in; works for BC values too."""
        if self.gran == Gran.CENTURY:
            return self.century * 100
        if self.gran == Gran.DECADE:
            return self.decade * 10
        return self.year

    # ---- the interval -------------------------------------------------
    @property
    def start(self) -> datetime:
        return self.interval[0]

    @property
    def end(self) -> datetime:
        """Exclusive end of the covered interval."""
        return self.interval[1]

    @cached_property
    def interval(self) -> tuple[datetime, datetime]:
        """[start, end) of the period; computed once (values are compared often when merging)."""
        g = self.gran
        if self.first_year < 1:  # BC: Python's datetime starts at year 1; all BC values share its first day
            return datetime.min, datetime.min + timedelta(days=1)
        if g == Gran.CENTURY:
            return _year_start(self.century * 100), _year_start(self.century * 100 + 100)
        if g == Gran.DECADE:
            return _year_start(self.decade * 10), _year_start(self.decade * 10 + 10)
        if g == Gran.YEAR:
            return _year_start(self.year), _year_start(self.year + 1)
        if g in (Gran.HALF, Gran.QUARTER, Gran.SEASON):
            first, last = _sub_months(self.sub)
            start = _dt(self.year) + relativedelta(months=first - 1)
            return start, start + relativedelta(months=last - first + 1)
        if g == Gran.MONTH:
            start = _dt(self.year, self.month)
            return start, start + relativedelta(months=1)
        if g in (Gran.WEEK, Gran.WEEKEND):
            monday = datetime.combine(date.fromisocalendar(self.year, self.week, 1), datetime.min.time())
            if g == Gran.WEEKEND:
                return monday + timedelta(days=5), monday + timedelta(days=7)
            return monday, monday + timedelta(days=7)
        day = _dt(self.year, self.month, self.day)
        if g == Gran.DAY:
            return day, day + timedelta(days=1)
        if g == Gran.PART_OF_DAY:
            lo, hi = PART_HOURS[self.part]
            return day + timedelta(hours=lo), day + timedelta(hours=hi)
        start = day + timedelta(hours=self.hour, minutes=self.minute or 0)
        return start, start + (timedelta(hours=1) if g == Gran.HOUR else timedelta(minutes=1))

    def contains(self, other: DateValue) -> bool:
        return self.start <= other.start and other.end <= self.end

    def sort_key(self) -> tuple:
        """Chronological order: by start, then finer granularity first (a day before its month)."""
        return (self.start, self.end, -self.gran)

    # ---- printing -----------------------------------------------------
    @cached_property
    def timex(self) -> str:
        """The TIMEX3 value (``2022-11-12TNI``); kept once made: merging and ranking key by it."""
        g = self.gran
        if g == Gran.CENTURY:
            return _era(self.century, 2)
        if g == Gran.DECADE:
            return _era(self.decade, 3)
        year = _era(self.year, 4)
        if g == Gran.YEAR:
            return year
        if g in (Gran.HALF, Gran.QUARTER, Gran.SEASON):
            return f"{year}-{self.sub}"
        if g == Gran.MONTH:
            return f"{year}-{self.month:02d}"
        if g == Gran.WEEK:
            return f"{year}-W{self.week:02d}"
        if g == Gran.WEEKEND:
            return f"{year}-W{self.week:02d}-WE"
        day = f"{year}-{self.month:02d}-{self.day:02d}"
        if g == Gran.DAY:
            return day
        if g == Gran.PART_OF_DAY:
            return f"{day}T{self.part}"
        return f"{day}T{self.hour:02d}:{self.minute or 0:02d}"

    @property
    def html_datetime(self) -> str:
        """The nearest valid HTML ``datetime`` string (HTML has no seasons, parts of day or decades)."""
        g = self.gran
        if g in (Gran.CENTURY, Gran.DECADE, Gran.HALF, Gran.QUARTER, Gran.SEASON) or self.start.year < 1000:
            return f"{self.start.year:04d}"
        if g == Gran.PART_OF_DAY:
            return self.timex[:10]
        if g == Gran.WEEKEND:
            return self.timex[:-3]
        return self.timex.replace("T24:00", "T23:59")

    def label(self, mod: str | None = None, quantifier: str | None = None) -> str:
        """The reader's form, at the precision known: "December 2021", "late Saturday, Nov. 12, 2022"."""
        text = self._plain_label()
        if quantifier:
            return _template("quantified").format(quantifier=quantifier, label=text)
        if mod in ("START", "MID", "END") and self.gran == Gran.PART_OF_DAY:
            return text
        if mod == "MID" and self.gran == Gran.DAY and not text[0].isdigit():
            return _template("mid_day").format(text)
        article = labels()["article"]
        if text.startswith(article) and mod in ("START", "MID", "END"):
            return article + _with_mod(text[len(article):], mod)
        return _with_mod(text, mod)

    def brief(self, year: int | None = None) -> str:
        """The short form an editor puts beside a relative date ("16 days ago [Nov. 16]"): the day
        without its weekday, the year only when it is not ``year`` (the article's); coarser values
        as their label ("October 2022", "2020", "1980s")."""
        if self.gran in (Gran.WEEK, Gran.WEEKEND):
            what = "brief_weekend" if self.gran == Gran.WEEKEND else "brief_week"
            return _template(what).format(day=self.brief_day(self.start.date(), year))
        if self.gran < Gran.DAY or self.year < 1:
            text, article = self._plain_label(), labels()["article"]
            return text[len(article):] if text.startswith(article) else text
        return self.brief_day(date(self.year, self.month, self.day), year)

    @staticmethod
    def brief_day(day: date, year: int | None) -> str:
        return _short_day(day) if day.year == year else \
            _template("day_with_year").format(day=_short_day(day), year=_year_label(day.year))

    def _plain_label(self) -> str:
        g, t = self.gran, _template
        if g == Gran.CENTURY:
            n = self.century + 1 if self.century >= 0 else -self.century + 1
            return t("century" if self.century >= 0 else "century_bc").format(ordinal=ordinal(n))
        if g == Gran.DECADE:
            return t("decade" if self.decade >= 0 else "decade_bc").format(decade=abs(self.decade) * 10)
        year = _year_label(self.year)
        if g == Gran.YEAR:
            return year
        if g == Gran.HALF:
            return t("first_half" if self.sub == "H1" else "second_half").format(year=year)
        if g == Gran.QUARTER:
            return t("quarter").format(ordinal=ordinal(int(self.sub[1])), year=year)
        if g == Gran.SEASON:
            return t("season").format(season=labels()["seasons"][self.sub], year=year)
        if g == Gran.MONTH:
            return t("month").format(month=month_name(self.month), year=year)
        if g in (Gran.WEEK, Gran.WEEKEND):
            first, end = self.interval
            last = end - timedelta(days=1)
            return t("weekend" if g == Gran.WEEKEND else "week").format(
                first=_short_day(first), last=_short_day(last, first), year=_year_label(last.year))
        part = labels()["parts_of_day"].get(self.part) if self.part else None
        if self.year < 1:  # no weekday for BC dates
            day = t("day_bc").format(day=_short_day_of(self.month, self.day), year=year)
            return day if g == Gran.DAY else t("part_of_day_bc").format(
                day=_short_day_of(self.month, self.day), year=year, part=part or _clock(self.hour, self.minute or 0))
        day = date(self.year, self.month, self.day)
        weekday = labels()["weekdays"][day.weekday()]
        if g == Gran.PART_OF_DAY:
            return t("part_of_day").format(weekday=weekday, part=part, day=_short_day(day), year=year)
        day_text = t("day").format(weekday=weekday, day=_short_day(day), year=year)
        if g == Gran.DAY:
            return day_text
        return t("clock_on_day").format(clock=_clock(self.hour, self.minute or 0), day=day_text)


def _year_start(year: int) -> datetime:
    return datetime(min(max(year, 1), 9999), 1, 1) if year <= 9999 else datetime.max


def _dt(year: int, month: int = 1, day: int = 1) -> datetime:
    """A datetime for a calendar date; BC years (which datetime cannot hold) fall back to year 1."""
    return datetime(year, month, day) if 1 <= year <= 9999 else _year_start(year)


def _sub_months(sub: str) -> tuple[int, int]:
    if sub[0] == "H":
        return (1, 6) if sub == "H1" else (7, 12)
    if sub[0] == "Q":
        q = int(sub[1])
        return 3 * q - 2, 3 * q
    return SEASON_MONTHS[sub]


def _era(n: int, width: int) -> str:
    return f"{n:0{width}d}" if n >= 0 else f"BC{-n:0{width}d}"


def _year_label(year: int) -> str:
    """TIMEX3 years: BC0480 is held as -480 and reads "480 BC"."""
    return str(year) if year > 0 else _template("year_bc").format(year=-year)


def _short_day(d: date, same_month_as: date | None = None) -> str:
    if same_month_as is not None and same_month_as.month == d.month:
        return str(d.day)
    return _short_day_of(d.month, d.day)


def _short_day_of(month: int, day: int) -> str:
    """"Nov. 12": a day with its month's short form."""
    return _template("month_day").format(month=month_name(month, short=True), day=day)


def _clock(hour: int, minute: int) -> str:
    """"3 p.m.", "10:30 a.m.", "noon", "midnight"."""
    if hour == 12 and minute == 0:
        return _template("noon")
    if hour in (0, 24) and minute == 0:
        return _template("midnight")
    half = _template("am" if hour % 24 < 12 else "pm")
    return _template("clock" if minute else "clock_on_the_hour").format(hour=hour % 12 or 12, minute=minute, half=half)


DURATION_UNITS = {"century": "CE", "decade": "DE", "year": "Y", "quarter": "Q", "month": "M",
                  "week": "W", "weekend": "WE", "day": "D", "hour": "H", "minute": "M", "second": "S"}
TIME_UNITS = {"hour", "minute", "second"}
UNIT_WORDS = {v: k for k, v in DURATION_UNITS.items() if k not in TIME_UNITS}


@dataclass(frozen=True)
class Duration:
    """An amount of time: ``P11M``, ``PT36H``, ``P4DE``; ``amount`` None means unknown (``PXW``)."""

    amount: float | None
    unit: str

    @property
    def timex(self) -> str:
        n = "X" if self.amount is None else _number(self.amount)
        code = DURATION_UNITS[self.unit]
        return f"PT{n}{code}" if self.unit in TIME_UNITS else f"P{n}{code}"

    @property
    def html_datetime(self) -> str:
        """HTML durations have no months or years: those get no machine-readable form."""
        if self.amount is None or self.unit not in ("week", "day", "hour", "minute", "second"):
            return ""
        return self.timex if self.amount == int(self.amount) else ""

    def label(self, mod: str | None = None, quantifier: str | None = None) -> str:
        singular, plural = labels()["units"][self.unit]
        if self.amount is None:
            text = _template("duration_unknown").format(unit=plural)
        else:
            text = _template("duration").format(amount=_number(self.amount), unit=singular if self.amount == 1 else plural)
        return _with_mod(text, mod)


@dataclass(frozen=True)
class Recurrence:
    """A set (TIMEX3 SET): ``XXXX-WXX-6`` (every Saturday), ``P1M`` (monthly)."""

    value: str
    text: str = field(default="", compare=False)

    html_datetime = ""

    @property
    def timex(self) -> str:
        return self.value

    def label(self, mod: str | None = None, quantifier: str | None = None) -> str:
        return self.text or self.value


@dataclass(frozen=True)
class Reference:
    """``PRESENT_REF`` (now), ``PAST_REF`` (recently), ``FUTURE_REF``."""

    value: str

    html_datetime = ""

    @property
    def timex(self) -> str:
        return self.value

    def label(self, mod: str | None = None, quantifier: str | None = None) -> str:
        return labels()["references"][self.value]


@dataclass(frozen=True)
class Span:
    """A stretch between two dates: "over the past year" read from the publication date.

    Printed as an ISO 8601 interval (``2021-11-12/2022-11-12``); TIMEX3 itself would only say P1Y.
    """

    first: DateValue
    last: DateValue

    @property
    def gran(self) -> Gran:
        return min(self.first.gran, self.last.gran)

    @property
    def first_year(self) -> int:
        return self.first.first_year

    @cached_property
    def interval(self) -> tuple[datetime, datetime]:
        return self.first.start, self.last.end

    @property
    def start(self) -> datetime:
        return self.first.start

    @property
    def end(self) -> datetime:
        return self.last.end

    def contains(self, other) -> bool:
        return self.start <= other.start and other.end <= self.end

    def brief(self, year: int | None = None) -> str:
        return self.label()

    @property
    def timex(self) -> str:
        return f"{self.first.timex}/{self.last.timex}"

    @property
    def html_datetime(self) -> str:
        return self.first.html_datetime

    def label(self, mod: str | None = None, quantifier: str | None = None) -> str:
        """Years long: "November 2002 to November 2022"; shorter: the two days."""
        if self.end - self.start > timedelta(days=365) and self.gran >= Gran.MONTH:
            first, last = self.first.at_gran(Gran.MONTH), self.last.at_gran(Gran.MONTH)
        else:
            first, last = self.first, self.last
        return _template("span").format(first=first.label(), last=last.label())


Value = DateValue | Duration | Recurrence | Reference | Span


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


_DATE_RE = re.compile(
    r"^(?:(?P<century>(?:BC)?\d{2})|(?P<decade>(?:BC)?\d{3})|(?P<year>(?:BC)?\d{4})"
    r"(?:-(?:(?P<sub>H[12]|Q[1-4]|SP|SU|FA|WI)|W(?P<week>\d{2})(?P<we>-WE)?"
    r"|(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T(?:(?P<part>MO|AF|EV|NI|DT)"
    r"|(?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2})?))?)?))?)$")
_DURATION_RE = re.compile(r"^P(T?)(X|\d+(?:\.\d+)?)(CE|DE|WE|Y|Q|M|W|D|H|S)$")


def parse(text: str) -> Value:
    """Parse a TIMEX3 value string back into a value object; ValueError when it is not one."""
    text = text.strip()
    if text in REFS:
        return Reference(text)
    if "/" in text:
        first, _, last = text.partition("/")
        a, b = parse(first), parse(last)
        if not (isinstance(a, DateValue) and isinstance(b, DateValue)) or b.end < a.start:
            raise ValueError(f"not an interval of dates: {text!r}")
        return Span(a, b)
    m = _DATE_RE.match(text)
    if m:
        return _parse_date(m)
    m = _DURATION_RE.match(text)
    if m:
        timed, n, code = m.groups()
        unit = {"H": "hour", "M": "minute", "S": "second"}[code] if timed else UNIT_WORDS.get(code)
        if unit is None:
            raise ValueError(f"not a TIMEX3 value: {text!r}")
        return Duration(None if n == "X" else float(n), unit)
    if re.match(r"^XXXX(-(WXX(-[1-7])?|XX(-XX)?(T(MO|AF|EV|NI|DT))?))?$", text):
        return Recurrence(text)
    raise ValueError(f"not a TIMEX3 value: {text!r}")


def _signed(s: str) -> int:
    return -int(s[2:]) if s.startswith("BC") else int(s)


def _parse_date(m: re.Match) -> DateValue:
    g = m.groupdict()
    if g["century"]:
        return DateValue(Gran.CENTURY, century=_signed(g["century"]))
    if g["decade"]:
        return DateValue(Gran.DECADE, decade=_signed(g["decade"]))
    year = _signed(g["year"])
    if g["sub"]:
        gran = {"H": Gran.HALF, "Q": Gran.QUARTER}.get(g["sub"][0], Gran.SEASON)
        return DateValue(gran, year, sub=g["sub"])
    if g["week"]:
        week = int(g["week"])
        date.fromisocalendar(year, week, 1)  # validates the week number
        return DateValue(Gran.WEEKEND if g["we"] else Gran.WEEK, year, week=week)
    if not g["month"]:
        return DateValue(Gran.YEAR, year)
    month = int(g["month"])
    valid_year = year if 1 <= year <= 9999 else 2000  # datetime cannot check BC dates; a leap year can
    if not g["day"]:
        date(valid_year, month, 1)
        return DateValue(Gran.MONTH, year, month)
    day = int(g["day"])
    date(valid_year, month, day)  # raises ValueError for 2021-02-31
    if g["part"]:
        return DateValue(Gran.PART_OF_DAY, year, month, day, part=g["part"])
    if g["hour"]:
        hour, minute = int(g["hour"]), int(g["minute"])
        if hour > 24 or minute > 59:
            raise ValueError(f"not a time of day: {m.group(0)!r}")
        return DateValue(Gran.MINUTE, year, month, day, hour, minute)
    return DateValue(Gran.DAY, year, month, day)


__all__ = ["Gran", "DateValue", "Duration", "Recurrence", "Reference", "Span", "Value", "parse", "replace", "MODS"]
