"""Stretches of time told by more than one expression, or counted from the publication date.

"between 2012 and 2016" and "from May to July" are one stretch bounded by two dates; "over the past
year" and "the next two weeks" are a duration counted back or on from the day of publication. Event
extraction asks these of the engine so that it holds no English: the words that bound a range and
those that turn a duration into a stretch are the ``range_lead``, ``range_join`` and ``stretch_head``
patterns of ``resources/<language>/rules.toml``.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from . import resources
from .resolve import STEP
from .value import DateValue, Duration, Span

_CLOCK_UNITS = ("hour", "minute", "second")  # a stretch of hours is no span of days


def ranges(text: str, timexes: list, language: str = "en") -> dict[int, int]:
    """Index of the first date of each range told in ``text`` ("between 2012 and 2016", "from May to
    July") -> index of its second, among ``timexes`` (in text order, each with ``start``, ``end`` and
    ``value``). The second must not end before the first starts."""
    res, out = resources.load(language), {}
    for i in range(len(timexes) - 1):
        a, b = timexes[i], timexes[i + 1]
        if not (isinstance(a.value, DateValue) and isinstance(b.value, DateValue)) or b.value.end < a.value.start:
            continue
        if res.joined_by("range_join", text[a.end:b.start]) and res.led_by("range_lead", text, a.start):
            out[i] = i + 1
    return out


def counted_stretch(timex, dct: date, language: str = "en") -> Span | None:
    """"(over) the past year", "the next two weeks": a whole number of days or longer units counted
    from the publication date ``dct``, back or on as the expression's words say, as a ``Span`` of days;
    None for any other expression (or one that would leave the calendar)."""
    value = timex.value
    res = resources.load(language)
    head = res.head_match("stretch_head", timex.text)
    if not isinstance(value, Duration) or value.amount is None or head is None:
        return None
    if value.amount != int(value.amount) or value.unit not in STEP or value.unit in _CLOCK_UNITS:
        return None
    on = res.words["stretch_way"].get(head.group("stretch_way").lower()) == "on"
    try:
        other = dct + STEP[value.unit] * int(value.amount) * (1 if on else -1)
    except (ValueError, OverflowError):  # "the last 2,014 years": before year 1, which no date holds
        return None
    if isinstance(other, relativedelta):
        return None
    first, last = sorted([dct, other])
    return Span(DateValue.of_day(first), DateValue.of_day(last))


__all__ = ["ranges", "counted_stretch"]
