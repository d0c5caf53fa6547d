"""Events as other tools read them (TimelineJS3 slides, schema.org's ISO 8601 dates, feed titles),
saying no more than Dateline knows.

Dateline knows each date at its own precision: a century, a season, a week, a day, a minute. The
formats others read name years, months, days, hours and minutes only. A date is given to them as
the first and the last of those units it covers (the 1970s: 1970 to 1979; the first half of 2021:
January to June 2021; the week of Nov. 7: Nov. 7 to Nov. 13), or as the year when its bounds are a
convention rather than the calendar's (spring 2020: 2020), and never finer than known: a year is
never given a month, a month never a day, a morning never an hour. The reader's words for the date
travel with it (TimelineJS's ``display_date``: the label Dateline shows).
"""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Callable

from .model import Event, Media
from .temporal.value import DateValue, Gran, Span

SHORT_TEXT = 100  # characters of an event's short text: a TimelineJS headline, a feed entry's title
NAMED = (Gran.YEAR, Gran.MONTH, Gran.DAY, Gran.HOUR, Gran.MINUTE)  # the units the formats can name
OPEN_BEFORE = frozenset({"BEFORE", "ON_OR_BEFORE"})  # "before 2020": an interval that ends there
OPEN_AFTER = frozenset({"AFTER", "ON_OR_AFTER"})  # "after 2020": one that starts there


def short_text(text: str, limit: int = SHORT_TEXT) -> str:
    """``text``, or when longer than ``limit`` its first words and an ellipsis: a headline is the
    event's own words, cut between two words, never the date repeated."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]  # room for the ellipsis
    space = cut.rfind(" ")
    if not text[limit - 1].isspace() and space > limit // 2:  # the cut falls in a word: before it
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def bounds(value) -> tuple[DateValue, DateValue | None]:
    """The first and the last unit the formats can name (year, month, day, hour, minute) that the
    value covers; the last is None when the value is one such unit."""
    if isinstance(value, Span):
        first, last = bounds(value.first)[0], _last(value.last)
        return first, None if last == first else last
    gran = value.gran
    if gran in NAMED:
        return value, None
    if gran == Gran.PART_OF_DAY:  # a morning is a day: its hours are a convention
        return DateValue(Gran.DAY, value.year, value.month, value.day), None
    if gran in (Gran.DECADE, Gran.CENTURY):
        return _years(value)
    if gran == Gran.SEASON or not 1 <= value.first_year <= 9999:  # no calendar months; no datetime
        return DateValue(Gran.YEAR, value.year), None
    first, end = value.interval
    last = end - timedelta(days=1)
    if gran in (Gran.HALF, Gran.QUARTER):
        return DateValue(Gran.MONTH, first.year, first.month), DateValue(Gran.MONTH, last.year, last.month)
    return DateValue.of_day(first.date()), DateValue.of_day(last.date())  # a week, a weekend


def _last(value: DateValue) -> DateValue:
    first, last = bounds(value)
    return last or first


def _years(value: DateValue) -> tuple[DateValue, DateValue]:
    """A decade or a century as its first and last year: the 18th century (``17``) from 1700 to 1799;
    before Christ the years count down (TIMEX3 years: 480 BC is -480), so the 480s BC (``BC048``)
    run from -489 to -480."""
    width = 10 if value.gran == Gran.DECADE else 100
    n = value.decade if value.gran == Gran.DECADE else value.century
    first = n * width if n >= 0 else n * width - width + 1
    return DateValue(Gran.YEAR, first), DateValue(Gran.YEAR, first + width - 1)


def iso8601(value, mod: str | None = None) -> str:
    """The value in ISO 8601 at its precision, as schema.org reads dates: ``2021``, ``2021-12``,
    ``2021-12-03``, ``2021-12-03T15`` (an hour), ``2021-12-03T15:30``, an interval of two of them
    (``1970/1979``, both ends included) or, for "before"/"after" (``mod``), an open one (``../2019``,
    ``2019/..``)."""
    first, last = bounds(value)
    if mod in OPEN_BEFORE:
        return f"../{_iso(last or first)}"
    if mod in OPEN_AFTER:
        return f"{_iso(first)}/.."
    return _iso(first) if last is None else f"{_iso(first)}/{_iso(last)}"


def _iso(unit: DateValue) -> str:
    """One named unit in ISO 8601; a year before 1 AD astronomically (1 BC is 0000, 480 BC -0479)."""
    year = unit.year + 1 if unit.year < 1 else unit.year
    text = f"{year:04d}" if 0 <= year <= 9999 else f"{year:+05d}"
    if unit.gran >= Gran.MONTH:
        text += f"-{unit.month:02d}"
    if unit.gran >= Gran.DAY:
        text += f"-{unit.day:02d}"
    if unit.gran >= Gran.HOUR:
        text += f"T{unit.hour:02d}"
    if unit.gran >= Gran.MINUTE:
        text += f":{unit.minute or 0:02d}"
    return text


def timelinejs_date(unit: DateValue, display: str | None = None) -> dict:
    """A TimelineJS3 date object with the fields the unit knows and no other (TimelineJS's years
    are TIMEX3's: 480 BC is -480)."""
    out = {"year": unit.year}
    if unit.gran >= Gran.MONTH:
        out["month"] = unit.month
    if unit.gran >= Gran.DAY:
        out["day"] = unit.day
    if unit.gran >= Gran.HOUR:
        out["hour"] = unit.hour
    if unit.gran >= Gran.MINUTE:
        out["minute"] = unit.minute or 0
    if display is not None:
        out["display_date"] = display
    return out


def timelinejs_item(event: Event, article_url: Callable[[str], str],
                    media_url: Callable[[Media], str] = lambda m: m.src) -> dict:
    """One event as a TimelineJS3 slide; ``article_url(slug)`` is an article page's absolute URL,
    ``media_url(media)`` its picture's (TimelineJS fetches it from the page that embeds it).

    The headline is the event's short text; the slide's text holds the whole text when the headline
    had to be cut, and the sources. TimelineJS puts headlines, texts, dates shown and the group into
    ``innerHTML``: every text is escaped here."""
    e = event
    headline = short_text(e.text)
    whole = f"<p>{html.escape(e.text)}</p>" if headline != e.text else ""
    whole += f"<p>{html.escape(e.detail)}</p>" if e.detail else ""
    links = "".join(f'<li><a href="{html.escape(article_url(s.article))}#{s.anchor}">{html.escape(s.title)}</a></li>'
                    for s in e.sources)
    label = html.escape(e.label)
    first, last = bounds(e.value)
    item = {"unique_id": e.id, "start_date": timelinejs_date(first, label)}
    if last is not None:
        item["end_date"] = timelinejs_date(last)
    item["display_date"] = label
    item["text"] = {"headline": html.escape(headline), "text": f"{whole}<ul>{links}</ul>"}
    if e.media is not None:
        item["media"] = timelinejs_media(e.media, media_url(e.media))
    if e.tags:
        item["group"] = html.escape(e.tags[0])
    return item


def timelinejs_media(media: Media, url: str) -> dict:
    """A TimelineJS3 media object: the picture's address, its credit and caption (shown as HTML, so
    escaped) and its alt text when the editor gave one."""
    out = {"url": url, "credit": html.escape(media.credit), "caption": html.escape(media.caption)}
    if media.alt:
        out["alt"] = media.alt
    return out
