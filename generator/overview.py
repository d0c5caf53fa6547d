"""The overview: a picture of the story, drawn at build time at the top of the timeline page.

``layout(timeline)`` is pure: the timeline in, marks with coordinates out, in the SVG's own units
(``WIDTH`` wide; the picture scales with its viewBox, so sizes are chosen to stay legible on a
phone). The theme's ``_overview.html`` writes them down and its CSS colours them (currentColor and
the theme's custom properties, so dark mode follows). From top to bottom:

* labels of key events in lanes, each with a stem down to its mark: chosen by rank, a label only
  where it meets no other label or stem; key events whose label does not fit are marks without
  one (the list below tells them);
* the density of reported events, per bin of one calendar unit (an hour to millennia, chosen from
  the range); an event is spread over the bins its date covers ("November 2022" puts a thirtieth
  in each day of a day-binned axis);
* the axis, with the key events marked on it;
* spans (dates covering more than a day: a week, a month, a year, an interval) as bars, in rows,
  the best-ranked first where a row has room, when most of the span is on the axis;
* ticks at calendar units chosen from the range: hours, days, weeks, months, years, decades, ...

The axis covers the story's core: the shortest stretch holding ``CORE_SHARE`` of the events dated
to a day or finer (of all events when none is), widened to take in every key event. Events wholly
outside are counted (``earlier``, ``later``) for the caption, which links to the first of them.
Dates before AD 1 (which Python's datetime cannot hold) are placed by years of ``DAYS_PER_YEAR``
days. Coordinates are rounded: the same timeline gives the same picture, byte for byte.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from .model import Event
from .temporal.value import DateValue, Gran, Span, month_name
# value.py's printing helpers are its own; it is part of the analysis cache's key (cache.ANALYSIS_CODE),
# so they are borrowed from here rather than renamed there, which would make every cache analyse again.
from .temporal.value import _clock as clock, _short_day as short_day, _year_label as year_label

if TYPE_CHECKING:
    from .timeline import Timeline

WIDTH = 400  # viewBox units; on a 390 px phone the picture is about 358 px wide
MARGIN = 10
LABEL_FONT = 12  # key events' labels: about 10.7 px on the phone
TICK_FONT = 11
EM = 0.6  # a character's advance in a sans-serif font, in em: an upper estimate, so estimated labels never meet
BOLD_EM = 0.68
LANES = 3
LINE = 13  # between the lines of a label
LABEL_LINES = 2
LANE = LABEL_LINES * LINE + 4
DENSITY = 40  # height of the busiest bin
MARK_R = 4
BAR = 6
BAR_GAP = 3
BAR_ROWS = 3
MIN_BAR = 6  # a span narrower than this on the axis is a point at that scale: density, not a bar
TICK_ROOM = 60  # least distance between two ticks
MAX_BINS = 56
CORE_SHARE = 0.8
FINE_SHARE = 0.25
GROW = 1.0  # the core takes in the next event while it is no further than the core is long
PAD = 0.03  # of the range, on each side
LABEL_GAP = 4  # between two labels of a lane
LINE_CHARS = 24  # a label's line, its date included
TITLE_CHARS = 110
VISIBLE_SHARE = 0.5  # a span is a bar when at least this much of it is on the axis
DAYS_PER_YEAR = 365.2425
PROXY_YEAR = 2000  # a leap year: where a BC day or month is placed within its year

STEPS = ((Gran.HOUR, 1), (Gran.HOUR, 3), (Gran.HOUR, 6), (Gran.HOUR, 12), (Gran.DAY, 1), (Gran.DAY, 2),
         (Gran.DAY, 7), (Gran.DAY, 14), (Gran.MONTH, 1), (Gran.MONTH, 2), (Gran.MONTH, 3), (Gran.MONTH, 6),
         *((Gran.YEAR, n) for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)))
UNIT_DAYS = {Gran.HOUR: 1 / 24, Gran.DAY: 1.0, Gran.MONTH: DAYS_PER_YEAR / 12, Gran.YEAR: DAYS_PER_YEAR}


@dataclass(frozen=True)
class Tick:
    x: float
    label_x: float  # where its label is centred: under the tick, or moved in from the picture's edge
    label: str
    context: str  # the line beneath: the year (of days and months) or the day (of hours), where it changes


@dataclass(frozen=True)
class Mark:
    """A key event on the axis and its label: the date, then ``lines`` of its text from ``(label_x,
    label_y)`` down, ``LINE`` apart; no lines when the label found no room."""

    event: Event
    x: float
    title: str
    date: str = ""
    lines: tuple[str, ...] = ()
    label_x: float = 0.0
    label_y: float = 0.0
    stem_top: float = 0.0


@dataclass(frozen=True)
class Bar:
    event: Event
    x: float
    y: float
    width: float
    title: str


@dataclass(frozen=True)
class Overview:
    width: int
    height: float
    axis_y: float
    axis_x0: float
    axis_x1: float
    density: str  # an SVG path: the bins as one stepped area
    ticks: tuple[Tick, ...]
    tick_top: float
    tick_bottom: float
    tick_y: float
    context_y: float
    marks: tuple[Mark, ...]
    bars: tuple[Bar, ...]
    events: int  # every dated event
    shown: int  # those on the axis
    earlier: int
    later: int
    earlier_event: Event | None  # the first of them, in the chronology's order
    later_event: Event | None
    first: str  # the dates the events on the axis start and end
    last: str
    busiest: str  # the bin with most events ("" when several have as many), and how many
    busiest_count: int
    labelled: int
    spans: int  # events on the axis whose date covers more than a day (``bars``: those drawn)
    label_font: int = LABEL_FONT
    line: int = LINE
    tick_font: int = TICK_FONT
    mark_r: int = MARK_R
    bar_height: int = BAR


def _r(x: float) -> float:
    """Coordinates with one decimal: enough for a picture, and the same on every machine."""
    return round(x, 1) + 0.0  # + 0.0: no "-0.0"


# ---- where dates are ------------------------------------------------------------------------

def _days(moment: datetime) -> float:
    """Days since the start of AD 1 (day 1), fractional."""
    midnight = datetime(moment.year, moment.month, moment.day)
    return moment.toordinal() + (moment - midnight).total_seconds() / 86400


def _astro(year: int) -> int:
    """A TIMEX3 year as an astronomical one: BC0001 (held as -1) is year 0, which follows it without a gap."""
    return year + 1 if year < 0 else year


def _new_year(astro: int) -> float:
    """The day an astronomical year starts."""
    return float(date(astro, 1, 1).toordinal()) if 1 <= astro <= 9999 else 1 + (astro - 1) * DAYS_PER_YEAR


def extent(value) -> tuple[float, float] | None:
    """[start, end) of a date value in days (``_days``), dates BC too; None for what is no date."""
    if isinstance(value, Span):
        first, last = extent(value.first), extent(value.last)
        return (first[0], last[1]) if first and last else None
    if not isinstance(value, DateValue):
        return None
    try:
        if value.first_year >= 1:
            start, end = value.interval
            return _days(start), _days(end)
        return _bc_extent(value)
    except (ValueError, OverflowError):  # a date past year 9999: no place on any axis
        return None


def _bc_extent(value: DateValue) -> tuple[float, float]:
    """A value whose first year is before AD 1: datetime cannot hold it, so it is placed by years."""
    if value.gran <= Gran.DECADE:
        size = 100 if value.gran == Gran.CENTURY else 10
        first = value.first_year if value.first_year >= 0 else value.first_year - size + 1  # BC0048: 489-480 BC
        return _new_year(_astro(first)), _new_year(_astro(first) + size)
    start = _new_year(_astro(value.year))
    if value.gran == Gran.YEAR:
        return start, _new_year(_astro(value.year) + 1)
    try:
        proxy_start, proxy_end = replace(value, year=PROXY_YEAR).interval
    except ValueError:  # an ISO week the proxy year lacks: the whole year
        return start, _new_year(_astro(value.year) + 1)
    base, scale = _new_year(PROXY_YEAR), DAYS_PER_YEAR / 366
    return start + (_days(proxy_start) - base) * scale, start + (_days(proxy_end) - base) * scale


def _year_of(day: float) -> int:
    """The TIMEX3 year a day falls in."""
    if 1 <= day < date.max.toordinal():
        return date.fromordinal(int(day)).year
    astro = math.floor((day - 1) / DAYS_PER_YEAR) + 1
    return astro if astro >= 1 else astro - 1


# ---- the axis ------------------------------------------------------------------------------

def core(extents: list[tuple[float, float]], keys: list[tuple[float, float]] = (),
         share: float = CORE_SHARE) -> tuple[float, float]:
    """The stretch the story is told in: the shortest holding ``share`` of the extents (by their
    middles), widened to every key event, grown to each next extent while it is within ``GROW`` of
    the stretch's length; from the start of its first extent to the end of its last. The few
    reports of long before or long after are left out, the story's own last days are not."""
    ordered = sorted(extents, key=lambda se: (se[0] + se[1], se))
    middles = [(s + e) / 2 for s, e in ordered]
    k = max(1, math.ceil(share * len(ordered)))
    i = min(range(len(ordered) - k + 1), key=lambda j: (middles[j + k - 1] - middles[j], j))
    j = i + k - 1
    first = min([middles[i]] + [(s + e) / 2 for s, e in keys])
    last = max([middles[j]] + [(s + e) / 2 for s, e in keys])
    i, j = min(i, bisect_left(middles, first)), max(j, bisect_right(middles, last) - 1)
    while True:
        room = max(middles[j] - middles[i], 1.0) * GROW
        if i > 0 and middles[i] - middles[i - 1] <= room:
            i -= 1
        elif j < len(ordered) - 1 and middles[j + 1] - middles[j] <= room:
            j += 1
        else:
            break
    window = ordered[i:j + 1] + list(keys)
    return min(s for s, _ in window), max(e for _, e in window)


def step(lo: float, hi: float, most: int, finest: Gran = Gran.HOUR) -> tuple[Gran, int]:
    """The finest calendar step giving at most ``most`` steps over [lo, hi], in units no finer than
    ``finest`` (the events' own precision: hours are no help to events known to the day) and, before
    AD 1, than months."""
    usable = [(unit, n) for unit, n in STEPS if unit <= finest and (lo >= 1 or unit <= Gran.MONTH)]
    return next(((unit, n) for unit, n in usable if (hi - lo) / (UNIT_DAYS[unit] * n) <= most), usable[-1])


def unit_of(value) -> Gran:
    """The calendar unit a date is known to: an hour, a day (a week too), a month (a season too), a year."""
    gran = value.gran
    if gran >= Gran.PART_OF_DAY:
        return Gran.HOUR
    return Gran.DAY if gran >= Gran.WEEK else Gran.MONTH if gran >= Gran.HALF else Gran.YEAR


def points(unit: Gran, n: int, lo: float, hi: float) -> list[DateValue]:
    """Calendar points every ``n`` units (years divisible by n, months from January, weeks from
    Monday), from the last at or before ``lo`` to the first at or after ``hi``."""
    made = list(_walk(unit, n, lo, hi))
    starts = [extent(p)[0] for p in made]
    first = max(0, bisect_right(starts, lo) - 1)
    last = next((i for i, s in enumerate(starts) if s >= hi), len(made) - 1)
    return made[first:last + 1]


def _walk(unit: Gran, n: int, lo: float, hi: float):
    """Points from one step before ``lo`` to one past ``hi`` (``points`` trims them)."""
    if unit == Gran.YEAR:
        first, last = _year_of(lo) // n * n - n, _year_of(hi) // n * n + 2 * n
        yield from dict.fromkeys(DateValue(Gran.YEAR, y or 1) for y in range(first, last + 1, n))
    elif unit == Gran.MONTH:
        for index in range(_astro(_year_of(lo)) * 12 - 12, _astro(_year_of(hi)) * 12 + 24, n):
            astro, month = divmod(index, 12)
            yield DateValue(Gran.MONTH, astro if astro >= 1 else astro - 1, month + 1)
    elif unit == Gran.DAY:
        start = int(lo) - (int(lo) - 1) % n - n
        for ordinal in range(max(start, 1), min(int(hi) + 2 * n, date.max.toordinal()) + 1, n):
            yield DateValue.of_day(date.fromordinal(ordinal))
    else:
        for hours in range(math.floor(lo * 24 / n) * n - n, math.ceil(hi * 24) + 2 * n, n):
            day = date.fromordinal(max(hours // 24, 1))
            yield DateValue(Gran.HOUR, day.year, day.month, day.day, hours % 24, 0)


def tick_text(value: DateValue) -> tuple[str, str]:
    """A tick's label and the context beneath it: "Nov. 10" over "2022", "March" over "2022", "480 BC"."""
    if value.gran == Gran.YEAR:
        return year_label(value.year), ""
    if value.gran == Gran.MONTH:
        return month_name(value.month, short=True), year_label(value.year)
    if value.gran == Gran.DAY:
        return short_day(value), year_label(value.year)
    return clock(value.hour, 0), short_day(value)


def _ticks(unit: Gran, n: int, lo: float, hi: float, x) -> tuple[Tick, ...]:
    """Ticks inside the axis, labels moved in where they would leave the picture, the context shown
    where it changes (and under the first label)."""
    ticks, shown = [], None
    for p in points(unit, n, lo, hi):
        start = extent(p)[0]
        if lo <= start <= hi:
            label, context = tick_text(p)
            half = text_width(max(label, context, key=len), TICK_FONT) / 2
            ticks.append(Tick(_r(x(start)), _r(min(max(x(start), half), WIDTH - half)), label,
                              context if context != shown else ""))
            shown = context
    return tuple(ticks)


# ---- what is drawn -------------------------------------------------------------------------

def text_width(text: str, font: float, em: float = EM) -> float:
    """An upper estimate of a text's width (the picture has no fonts to measure with at build time)."""
    return len(text) * em * font


def shorten(text: str, most: int) -> str:
    """The text's first words within ``most`` characters, "…" marking a cut (inside a word only
    when the first word alone is too long)."""
    if len(text) <= most:
        return text
    cut = text[:most]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut[:most - 1]).rstrip(" ,;:") + "…"


def density(extents: list[tuple[float, float]], edges: list[float]) -> list[float]:
    """Events per bin (bins between consecutive ``edges``), each event spread over the bins its date covers."""
    bins = [0.0] * (len(edges) - 1)
    for s, e in extents:
        i = max(bisect_right(edges, s) - 1, 0)
        while i < len(bins) and edges[i] < e:
            overlap = min(e, edges[i + 1]) - max(s, edges[i])
            if overlap > 0:
                bins[i] += overlap / (e - s)
            i += 1
    return bins


def _density_path(bins: list[float], edges: list[float], x, base: float) -> str:
    """The bins as one stepped area (one element, however many bins). Heights go by the square root
    of the count, so that a stretch of a few reports still shows beside one of thousands (news
    clusters around publication days); a bin with any event is visible."""
    most = math.sqrt(max(bins, default=0.0)) or 1.0
    path = [f"M{_r(x(edges[0]))} {_r(base)}"]
    for count, right in zip(bins, edges[1:]):
        height = 0.0 if count <= 0 else max(math.sqrt(count) / most * DENSITY, 1.0)
        path.append(f"V{_r(base - height)}H{_r(x(right))}")
    return "".join(path) + f"V{_r(base)}Z"


def _bin_label(p: DateValue, unit: Gran, n: int) -> str:
    """How the caption names a bin: "Thursday, Nov. 10, 2022", "the week of Nov. 7–13, 2022", "1950 to 1954"."""
    if n == 1:
        return p.label()
    if unit == Gran.DAY and n == 7:
        return DateValue.of_week(date(p.year, p.month, p.day)).label()
    return Span(p, _later(p, unit, n - 1)).label()


def _later(p: DateValue, unit: Gran, k: int) -> DateValue:
    """The point ``k`` units after ``p`` (a point of ``_walk``)."""
    if unit == Gran.YEAR:
        astro = _astro(p.year) + k
        return DateValue(Gran.YEAR, astro if astro >= 1 else astro - 1)
    if unit == Gran.MONTH:
        astro, month = divmod(_astro(p.year) * 12 + p.month - 1 + k, 12)
        return DateValue(Gran.MONTH, astro if astro >= 1 else astro - 1, month + 1)
    if unit == Gran.DAY:
        return DateValue.of_day(date.fromordinal(date(p.year, p.month, p.day).toordinal() + k))
    return replace(p, hour=p.hour + k)


def place_labels(wanted: list[tuple[float, float]]) -> list[tuple[int, float] | None]:
    """(lane, left edge) for each label, given as (x of its mark, width), best first; None where none
    fits. A label covers its mark's x (its stem rises to it), starting at the stem where it can, and
    meets no other label, nor the stems that rise through its lane to labels above."""
    boxes: list[list[tuple[float, float]]] = [[] for _ in range(LANES)]
    stems: list[list[tuple[float, float]]] = [[] for _ in range(LANES)]
    placed: list[tuple[int, float] | None] = []
    for x, width in wanted:
        stem = (x - 1.5, x + 1.5)
        where = next(((k, left) for k in range(LANES) if not any(_meets(stem, boxes[j]) for j in range(k))
                      for left in [_left(x, width, boxes[k] + stems[k])] if left is not None), None)
        placed.append(where)
        if where is not None:
            lane, left = where
            boxes[lane].append((left - LABEL_GAP, left + width + LABEL_GAP))
            for j in range(lane):
                stems[j].append(stem)
    return placed


def _left(x: float, width: float, taken: list[tuple[float, float]]) -> float | None:
    """Where a label of ``width`` over ``x`` may start in a lane holding ``taken``: the place nearest
    to starting at the stem, within the picture, clear of the others (None: there is none)."""
    low, high = max(x + 1 - width, MARGIN), min(x - 1, WIDTH - MARGIN - width)
    if low > high:
        return None
    # A box starting at ``left`` meets (a, b) when a - width - GAP < left < b + GAP.
    blocked = [(a - width - LABEL_GAP, b + LABEL_GAP) for a, b in taken]
    candidates = sorted({low, high} | {v for a, b in blocked for v in (a, b) if low <= v <= high},
                        key=lambda v: (abs(v - (x - 1)), v))
    return next((v for v in candidates if not any(a < v < b for a, b in blocked)), None)


def _meets(box: tuple[float, float], others: list[tuple[float, float]]) -> bool:
    return any(box[0] < b and a < box[1] for a, b in others)


def place_bars(wanted: list[tuple[float, float]], rows: int = BAR_ROWS) -> list[int | None]:
    """The row of each bar, given as (x0, x1), best first; None where no row has room."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    out: list[int | None] = []
    for x0, x1 in wanted:
        row = next((k for k in range(rows) if not _meets((x0 - 1, x1 + 1), taken[k])), None)
        out.append(row)
        if row is not None:
            taken[row].append((x0, x1))
    return out


def _title(event: Event) -> str:
    return f"{event.label}: {shorten(event.text, TITLE_CHARS)}"


def _day_text(value: DateValue, unit: Gran) -> str:
    """A key event's date in its label: the day, or the year on an axis of years."""
    return year_label(value.year) if unit == Gran.YEAR else short_day(value)


def _edge_text(day: float, unit: Gran) -> str:
    """The caption's first and last dates, as precise as the ticks."""
    year = _year_of(day)
    if unit == Gran.YEAR or day < 1:
        return year_label(year)
    d = date.fromordinal(int(day))
    return f"{short_day(d)}, {year}" if unit >= Gran.DAY else DateValue(Gran.MONTH, year, d.month).label()


# ---- the picture ---------------------------------------------------------------------------

def layout(timeline: Timeline) -> Overview | None:
    """The overview of a timeline (see the module's docstring); None when no event has a date to place."""
    known: dict = {}  # dates repeat: many events share a day
    placed = [(e, se) for e in timeline.events
              if (se := known.get(e.value) or known.setdefault(e.value, extent(e.value))) is not None]
    if not placed:
        return None
    keys = [(e, se) for e, se in placed if timeline.ranking.of(e)[1]]
    (lo, hi), (first, last) = axis([se for _, se in placed], [se for _, se in keys])
    on_axis = [(e, se) for e, se in placed if se[1] > lo and se[0] < hi]
    finest = max(unit_of(e.value) for e, _ in on_axis)
    tick_unit, tick_n = step(lo, hi, int((WIDTH - 2 * MARGIN) // TICK_ROOM), finest)

    def x(day: float) -> float:
        return MARGIN + (min(max(day, lo), hi) - lo) / (hi - lo) * (WIDTH - 2 * MARGIN)
    labels = _labels(keys, timeline, x, tick_unit)
    lanes = max((where[0] + 1 for _d, _l, where in labels if where), default=0)
    axis_y = 2 + lanes * LANE + DENSITY
    marks = tuple(_mark(event, x((s + e) / 2), label, axis_y) for (event, (s, e)), label in zip(keys, labels))
    bars, spans, rows = _bars(on_axis, timeline, lo, hi, x, axis_y)
    tick_bottom = axis_y + 4 + rows * (BAR + BAR_GAP)
    ticks = _ticks(tick_unit, tick_n, lo, hi, x)
    tick_y = tick_bottom + TICK_FONT
    context_y = tick_y + round(TICK_FONT * 1.25)  # a line of the font: its em box is about 1.2 em tall
    bins, busiest, busiest_count = _bins([se for _, se in on_axis], lo, hi, x, axis_y, finest)
    earlier = [e for e, se in placed if se[1] <= lo]
    later = [e for e, se in placed if se[0] >= hi]
    return Overview(
        WIDTH, _r((context_y if any(t.context for t in ticks) else tick_y) + 4), _r(axis_y), MARGIN,
        WIDTH - MARGIN, bins, ticks, _r(axis_y), _r(tick_bottom), _r(tick_y), _r(context_y), marks, bars,
        len(placed), len(on_axis), len(earlier), len(later), earlier[0] if earlier else None,
        later[0] if later else None, _edge_text(first, tick_unit), _edge_text(last - 1e-6, tick_unit),
        busiest, busiest_count, sum(1 for m in marks if m.lines), spans)


def axis(extents: list[tuple[float, float]], keys: list[tuple[float, float]]) -> tuple[tuple, tuple]:
    """The axis' [lo, hi] (padded) and the stretch it was made for: the core of the events dated to a
    day or finer (of all events when those are too few to tell the story: under ``FINE_SHARE`` of
    them), widened to every key event and to at least a day."""
    fine = [se for se in extents if se[1] - se[0] <= 1 + 1e-9]
    first, last = core(fine if len(fine) >= max(2, len(extents) * FINE_SHARE) else extents, keys)
    middle, half = (first + last) / 2, max(last - first, 1) / 2
    lo, hi = middle - half, middle + half
    pad = (hi - lo) * PAD
    return (lo - pad, hi + pad), (first, last)


def _labels(keys, timeline: Timeline, x, unit: Gran) -> list[tuple[str, tuple[str, ...], tuple | None]]:
    """Each key event's label, (date, lines, (lane, left edge) or None where it found no room),
    placed best-ranked first."""
    order = sorted(range(len(keys)), key=lambda i: timeline.ranking.of(keys[i][0])[0])
    texts = {}
    for i in order:
        event = keys[i][0]
        day = _day_text(event.value, unit) if isinstance(event.value, DateValue) else event.label
        texts[i] = day, wrap(event.text, LINE_CHARS - len(day) - 1, LINE_CHARS, LABEL_LINES)
    wanted = [(x(sum(keys[i][1]) / 2), _label_width(*texts[i])) for i in order]
    where = dict(zip(order, place_labels(wanted)))
    return [(*texts[i], where[i]) for i in range(len(keys))]


def _label_width(day: str, lines: tuple[str, ...]) -> float:
    first = text_width(day, LABEL_FONT, BOLD_EM) + text_width(" " + lines[0], LABEL_FONT)
    return max([first] + [text_width(line, LABEL_FONT) for line in lines[1:]])


def _mark(event: Event, x: float, label: tuple, axis_y: float) -> Mark:
    """A key event's mark, its label in its lane (lane 0 just above the density's highest)."""
    mark = Mark(event, _r(x), _title(event))
    day, lines, where = label
    if where is None:
        return mark
    lane, left = where
    bottom = axis_y - DENSITY - 4 - lane * LANE  # the last line's baseline
    return replace(mark, date=day, lines=lines, label_x=_r(left), label_y=_r(bottom - (len(lines) - 1) * LINE),
                   stem_top=_r(bottom + 3))


def wrap(text: str, first: int, rest: int, most: int) -> tuple[str, ...]:
    """``text`` in at most ``most`` lines, the first ``first`` characters long, the others ``rest``,
    broken between words; "…" ends the last line where the text goes on."""
    words, lines = text.split(), []
    while words and len(lines) < most:
        room = first if not lines else rest
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= room:
            line += " " + words.pop(0)
        lines.append(line if len(line) <= room else shorten(line, room))
    if words and not lines[-1].endswith("…"):
        room = first if len(lines) == 1 else rest
        lines[-1] = shorten(lines[-1] + " " + " ".join(words), room)
    return tuple(lines)


def _bars(on_axis, timeline: Timeline, lo: float, hi: float, x, axis_y: float) -> tuple[tuple[Bar, ...], int, int]:
    """Spans mostly on the axis and wide enough to be seen as spans, as bars, best-ranked first where
    a row has room; (bars in the chronology's order, how many spans are on the axis, rows used)."""
    longer = [(i, e, s, t) for i, (e, (s, t)) in enumerate(on_axis)
              if t - s > 1 + 1e-9 and (min(t, hi) - max(s, lo)) / (t - s) >= VISIBLE_SHARE]
    wide = sorted((c for c in longer if x(c[3]) - x(c[2]) >= MIN_BAR),
                  key=lambda c: (timeline.ranking.of(c[1])[0] or math.inf, c[0]))
    wanted = [(x(s), x(t)) for _i, _e, s, t in wide]
    rows = place_bars(wanted)
    bars = [(c[0], Bar(c[1], _r(x0), _r(axis_y + 5 + row * (BAR + BAR_GAP)), _r(x1 - x0), _title(c[1])))
            for c, (x0, x1), row in zip(wide, wanted, rows) if row is not None]
    used = max((row + 1 for row in rows if row is not None), default=0)
    return tuple(bar for _i, bar in sorted(bars, key=lambda b: b[0])), len(longer), used


def _bins(extents, lo: float, hi: float, x, base: float, finest: Gran) -> tuple[str, str, int]:
    """The density's path, and the busiest bin's label and (rounded) count."""
    unit, n = step(lo, hi, MAX_BINS, finest)
    bounds = points(unit, n, lo, hi)
    edges = [extent(p)[0] for p in bounds]
    counts = density(extents, edges)
    busiest = max(range(len(counts)), key=lambda i: (counts[i], -i))
    if sorted(counts)[-2:-1] == [counts[busiest]]:  # a tie: no bin is the busiest
        return _density_path(counts, edges, x, base), "", 0
    return _density_path(counts, edges, x, base), _bin_label(bounds[busiest], unit, n), round(counts[busiest])
