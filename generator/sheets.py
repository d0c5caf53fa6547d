"""A TimelineJS sheet as one article of hand-made events (the ``events:`` override).

TimelineJS3's Google Sheets template has a row per slide: its date in Year, Month, Day, Time
(and End ...), a Headline and Text, media. Each dated row becomes an event, ``{date, text}`` as
``overrides.added_events`` reads them (``end`` makes it a span), with the slide's other cells kept
beside (``image``, ``group``...) so that nothing of the sheet is lost; the ``title`` slide gives the
article's title and summary. A row that cannot be read is reported with its number.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .content import IMAGE_SUFFIXES
from .draft import Draft, Failed, fragment_markdown, resources
from .temporal.value import parse

def columns() -> dict:
    """Field -> column name (lower case) of the TimelineJS template."""
    return {k: v.lower() for k, v in resources()["timelinejs"].items() if isinstance(v, str) and k != "title_type"}


def is_timelinejs(header: list[str]) -> bool:
    """Whether a CSV's header is the TimelineJS template's (it has Year and Headline)."""
    cols = columns()
    return cols["year"] in header and cols["headline"] in header


def read_timelinejs(records: list[tuple[int, dict]], origin: str) -> list[Draft | Failed]:
    """The sheet's article (its events, in sheet order) and a failure for each bad row."""
    cols = columns()
    title_type = resources()["timelinejs"]["title_type"]
    draft = Draft(origin=origin)
    failed: list[Draft | Failed] = []
    for n, record in records:
        cell = {field: (record.get(name) or "").strip() for field, name in cols.items()}
        if cell["type"].lower() == title_type:
            draft.title = _plain(cell["headline"]) or draft.title
            draft.summary = fragment_markdown(cell["text"]).strip()
            draft.image = cell["media"] if is_picture(cell["media"]) else draft.image
            draft.image_credit, draft.image_caption = cell["media_credit"], cell["media_caption"]
            continue
        try:
            draft.events.append(_event(cell))
        except ValueError as exc:
            failed.append(Failed(f"{origin}:{n}", str(exc)))
    if not draft.events:
        return failed + [Failed(origin, "no row with a date and a Headline or Text; fill in Year (and Month, "
                                        "Day) and Headline")]
    draft.title = draft.title or _plain(draft.events[0]["text"])
    draft.date = (max(parse(e["date"]).end for e in draft.events) - timedelta(microseconds=1)).date().isoformat()
    return [draft, *failed]


def _event(cell: dict) -> dict:
    """One slide as an event of the ``events:`` override; ValueError saying what to fix."""
    start = timex(cell["year"], cell["month"], cell["day"], cell["time"], "")
    text = _plain(cell["headline"]) or _plain(fragment_markdown(cell["text"]))
    if not text:
        raise ValueError("no Headline or Text; write what happened in Headline")
    event = {"date": start, "text": text}
    detail = fragment_markdown(cell["text"]).strip() if cell["headline"] else ""
    end = timex(cell["end_year"], cell["end_month"], cell["end_day"], cell["end_time"], "End ") \
        if cell["end_year"] else ""
    if end and parse(end).end < parse(start).start:
        raise ValueError(f"End Year/Month/Day {end} is before the start {start}; swap them")
    extra = {"end": end, "display_date": cell["display_date"], "detail": detail,
             **({"image": cell["media"]} if is_picture(cell["media"]) else {"media": cell["media"]}),
             "image_credit": cell["media_credit"], "image_caption": cell["media_caption"],
             "thumbnail": cell["media_thumbnail"], "group": cell["group"], "type": cell["type"],
             "background": cell["background"]}
    event.update({k: v for k, v in extra.items() if v})
    return event


def is_picture(address: str) -> bool:
    """Whether a Media cell is a picture a page can show as ``image``: a file of a picture's
    suffix. TimelineJS also embeds videos, posts and maps by their page's address; those are kept
    as ``media`` (TimelineJS's own), not shown as a broken picture."""
    path = urlsplit(address.strip()).path if "://" in address else address.strip()
    return PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES


def timex(year: str, month: str, day: str, clock: str, prefix: str) -> str:
    """The TIMEX3 value of a slide's date cells, as precise as they are (2022, 2022-11, 2022-11-12,
    2022-11-12T14:30); ValueError naming the cell to fix."""
    y = _number(year, f"{prefix}Year", 1, 9998, required=True)
    value = f"{y:04d}"
    m = _number(month, f"{prefix}Month", 1, 12)
    d = _number(day, f"{prefix}Day", 1, 31)
    if d is not None and m is None:
        raise ValueError(f"{prefix}Day is given without {prefix}Month; give the month too")
    if m is not None:
        value += f"-{m:02d}"
    if d is not None:
        try:
            datetime(y, m, d)
        except ValueError:
            raise ValueError(f"{prefix}Year/Month/Day {y}-{m}-{d} is not a day of the calendar") from None
        value += f"-{d:02d}"
    if clock:
        if d is None:
            raise ValueError(f"{prefix}Time is given without {prefix}Day; give the day too")
        value += "T" + _clock(clock, prefix)
    return value


def _number(text: str, name: str, low: int, high: int, required: bool = False) -> int | None:
    """A whole number cell within bounds, or None when empty (and allowed to be)."""
    text = text.strip()
    if not text:
        if required:
            raise ValueError(f"no {name}; give the year of the event")
        return None
    try:
        value = int(float(text)) if text.replace(".", "", 1).lstrip("-").isdigit() else int(text)
    except ValueError:
        raise ValueError(f"{name} `{text}` is not a number; write it as a number ({low} to {high})") from None
    if not low <= value <= high:
        raise ValueError(f"{name} `{text}` is out of range; write a number from {low} to {high}")
    return value


def _clock(text: str, prefix: str) -> str:
    """HH:MM of a Time cell in any of the template's usual forms (14:30, 2:30 PM)."""
    for fmt in resources()["timelinejs"]["time_formats"]:
        try:
            return datetime.strptime(text.strip().upper(), fmt).strftime("%H:%M")
        except ValueError:
            continue
    raise ValueError(f"{prefix}Time `{text}` is not a time of day; write it as 14:30 or 2:30 PM")


def _plain(text: str) -> str:
    """Text of a cell on one line (a Headline may hold HTML, as TimelineJS allows)."""
    return " ".join(fragment_markdown(text).split()) if text else ""
