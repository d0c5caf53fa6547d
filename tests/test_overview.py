"""The overview (overview.py): where dates sit on the axis, which ticks and bins a range gets, which
labels fit, what becomes a bar, on timelines made here."""

import random
import re
from datetime import date, datetime, timezone

import pytest

from generator import overview as ov
from generator.model import Event, Source
from generator.rank import Ranking
from generator.temporal.value import DateValue, Gran, parse
from generator.timeline import Timeline

PUBLISHED = datetime(2022, 11, 20, tzinfo=timezone.utc)


def event(n: int, timex: str, text: str = "The ferry crossed the harbor before dawn.") -> Event:
    source = Source("dispatch", "The Dispatch", "", text, "s-0", "", PUBLISHED, n)
    return Event(f"event-{n:05d}", parse(timex), None, None, text, (), (), (source,))


def timeline(*dated, keys: tuple[int, ...] = ()) -> Timeline:
    """A timeline of ``dated`` (timex, or (timex, text)); ``keys``: which of them are key events, best first."""
    events = tuple(event(n, *(d if isinstance(d, tuple) else (d,))) for n, d in enumerate(dated))
    order = list(keys) + [n for n in range(len(events)) if n not in keys]
    return Timeline(events, (), {}, {}, ranking=Ranking({events[n].id: r for r, n in enumerate(order, 1)}, len(keys)))


def days(timex: str) -> tuple[float, float]:
    return ov.extent(parse(timex))


# ---- where dates are

def test_a_day_is_one_day_long_and_years_follow_each_other_across_the_start_of_the_era():
    start, end = days("2022-11-10")
    assert end - start == 1 and start == date(2022, 11, 10).toordinal()
    assert days("BC0001")[1] == days("0001")[0]  # 1 BC ends where AD 1 begins
    assert days("BC0002")[1] == days("BC0001")[0]
    assert 365 <= days("BC0480")[1] - days("BC0480")[0] <= 366


def test_bc_decades_and_centuries_cover_the_years_their_names_say():
    first, last = days("BC048")  # the 480s BC: 489 BC to 480 BC
    assert first == days("BC0489")[0] and last == days("BC0480")[1]
    first, last = days("BC05")  # BC05xx: 599 BC to 500 BC
    assert first == days("BC0599")[0] and last == days("BC0500")[1]


def test_a_bc_day_lies_inside_its_year_in_order():
    year = days("BC0480")
    august, day = days("BC0480-08"), days("BC0480-08-20")
    assert year[0] < august[0] <= day[0] < day[1] <= august[1] < year[1]


def test_what_is_no_date_has_no_place():
    assert ov.extent(parse("P3D")) is None and ov.extent(parse("PRESENT_REF")) is None


# ---- the axis: range, ticks and bins

@pytest.mark.parametrize("length,unit,n", [
    (1, Gran.HOUR, 6), (36, Gran.DAY, 7), (120, Gran.MONTH, 1), (730, Gran.MONTH, 6), (3652, Gran.YEAR, 2),
    (55 * 365.25, Gran.YEAR, 10), (250 * 365.25, Gran.YEAR, 50)])
def test_the_tick_step_follows_the_range(length, unit, n):
    lo = date(1900, 1, 1).toordinal()
    assert ov.step(lo, lo + length, 6) == (unit, n)


def test_no_ticks_finer_than_the_events_nor_days_before_the_era():
    lo = date(2022, 11, 10).toordinal()
    assert ov.step(lo, lo + 1, 6, finest=Gran.DAY) == (Gran.DAY, 1)
    bc = days("BC0480-08-01")[0]
    assert ov.step(bc, bc + 40, 6)[0] == Gran.MONTH


def test_tick_labels_name_the_unit_and_the_year_where_it_changes():
    o = ov.layout(timeline("2022-11-25", "2022-12-10", "2023-01-08", "2023-01-20"))
    assert [(t.label, t.context) for t in o.ticks] == [("Nov. 28", "2022"), ("Dec. 12", ""), ("Dec. 26", ""),
                                                       ("Jan. 9", "2023")]  # every other Monday


def test_years_before_the_era_are_labelled_bc():
    o = ov.layout(timeline("BC0490", "BC0480", "BC0479", "BC0431", "BC0404"))
    assert [t.label for t in o.ticks][:3] == ["480 BC", "460 BC", "440 BC"]


def test_the_axis_keeps_to_the_story_and_counts_what_it_leaves_out():
    story = [f"2022-11-{d:02d}" for d in (3, 4, 7, 7, 9, 10, 10, 10, 12, 15, 16, 21, 23, 28)] + ["2022-12-02"]
    o = ov.layout(timeline("1964-06-06", *story, "2031", keys=(6,)))
    assert (o.first, o.last) == ("Nov. 3, 2022", "Dec. 2, 2022")  # its last days kept, 1964 and 2031 not
    assert (o.earlier, o.later, o.shown, o.events) == (1, 1, 15, 17)
    assert o.earlier_event.value.timex == "1964-06-06" and o.later_event.value.timex == "2031"


def test_a_key_event_far_from_the_rest_widens_the_axis():
    story = [f"2022-11-{d:02d}" for d in range(1, 20)]
    o = ov.layout(timeline("1998-04-02", *story, keys=(0,)))
    assert o.first == "1998" and o.earlier == 0


def test_a_story_of_one_day_gets_hours_and_one_of_one_event_a_day():
    o = ov.layout(timeline("2022-11-10TMO", "2022-11-10T15:30", "2022-11-10TNI"))
    assert [t.label for t in o.ticks] == ["6 a.m.", "noon", "6 p.m.", "midnight"]
    o = ov.layout(timeline("2022-11-10"))
    assert (o.first, o.last, o.shown) == ("Nov. 10, 2022", "Nov. 10, 2022", 1)
    assert [t.label for t in o.ticks] == ["Nov. 10", "Nov. 11"] and o.busiest == "Thursday, Nov. 10, 2022"


def test_coarse_dates_make_the_axis_when_few_are_known_to_the_day():
    o = ov.layout(timeline("2012/2016", "2014-05-01", "2015", "2013"))
    assert (o.first, o.last) == ("2012", "2016")


def test_a_timeline_without_dates_has_no_overview():
    assert ov.layout(Timeline((), (), {}, {})) is None


# ---- density

def test_an_event_is_spread_over_the_bins_its_date_covers():
    edges = [float(days(f"2022-11-{d:02d}")[0]) for d in range(1, 31)] + [days("2022-11-30")[1]]
    bins = ov.density([days("2022-11"), days("2022-11-10")], edges)
    assert sum(bins) == pytest.approx(2)
    assert bins[9] == pytest.approx(1 + 1 / 30) and bins[0] == pytest.approx(1 / 30)


def test_the_busiest_bin_is_named_with_its_count():
    o = ov.layout(timeline(*["2022-11-10"] * 4, *["2022-11-12"] * 2, "2022-11-20"))
    assert (o.busiest, o.busiest_count) == ("Thursday, Nov. 10, 2022", 4)
    o = ov.layout(timeline(*[f"{y}-06-01" for y in range(1900, 2000, 3)], *["1950-05-01"] * 5))
    assert o.busiest == "1950 to 1951" and o.busiest_count == 6
    assert ov.layout(timeline("2022-11-10", "2022-11-12", "2022-11-14")).busiest == ""  # a tie: none is


# ---- labels and bars

def test_labels_never_meet_and_each_covers_its_mark():
    rng = random.Random(7)
    for _ in range(200):
        wanted = [(rng.uniform(ov.MARGIN, ov.WIDTH - ov.MARGIN), rng.uniform(40, 200)) for _ in range(rng.randrange(1, 25))]
        placed = ov.place_labels(wanted)
        boxes = [(lane, left, left + w, x) for (x, w), p in zip(wanted, placed) if p for lane, left in [p]]
        for lane, a, b, x in boxes:
            assert ov.MARGIN <= a and b <= ov.WIDTH - ov.MARGIN and a < x < b
            for lane2, a2, b2, x2 in boxes:
                if (a, b) != (a2, b2):
                    assert lane != lane2 or b <= a2 or b2 <= a  # apart in one lane
                    assert not (lane2 < lane and a2 <= x <= b2)  # no stem through a label below it


def test_the_best_ranked_label_is_placed_first_and_crowded_ones_are_left_to_the_list():
    placed = ov.place_labels([(100, 150)] * 5)
    assert placed[0] == (0, 99) and placed.count(None) == 4  # one stem: every other label would cross it


def test_label_text_is_the_date_then_the_events_first_words():
    text = "Council members voted to reopen the harbor ferry for the winter."
    o = ov.layout(timeline(("2022-11-21", text), "2022-11-25", "2022-12-01", keys=(0,)))
    mark = o.marks[0]
    assert mark.date == "Nov. 21" and mark.lines == ("Council members", "voted to reopen the…")
    assert mark.title == "Monday, Nov. 21, 2022: " + text


def test_wrap_and_shorten_break_between_words():
    assert ov.wrap("The mayor signed it.", 10, 24, 2) == ("The mayor", "signed it.")
    assert ov.wrap("Inspectors found widening cracks in two girders", 12, 14, 2) == ("Inspectors", "found…")
    assert ov.wrap("Inspectors found", 6, 14, 1) == ("Inspe…",)  # one word too long for its line
    assert ov.shorten("Engineers", 5) == "Engi…" and ov.shorten("The bridge closed.", 12) == "The bridge…"


def test_spans_on_the_axis_are_bars_in_rows_that_do_not_overlap():
    o = ov.layout(timeline("2022-W45", "2022-11-10", "2022-11-12", "2022-11-14", "2022-11-21", "2022-11-28",
                           "2022-11-12/2022-11-20", "2022", "2022-11-17"))
    barred = {b.event.value.timex for b in o.bars}
    assert barred == {"2022-W45", "2022-11-12/2022-11-20"}  # "2022" is mostly off the axis
    assert o.spans == 2 and len({b.y for b in o.bars}) == 2  # the two overlap in time: two rows


def test_a_span_too_short_to_see_at_the_scale_is_density_not_a_bar():
    o = ov.layout(timeline(*[f"{y}-03-01" for y in range(1800, 2000, 10)], "1950-W10", "1900/1920"))
    assert [b.event.value.timex for b in o.bars] == ["1900/1920"]


def test_place_bars_takes_the_first_row_with_room():
    assert ov.place_bars([(0, 50), (40, 90), (60, 100), (30, 45), (95, 99)], rows=2) == [0, 1, 0, None, 1]


# ---- the same picture every time, at any size

def test_the_picture_is_the_same_every_time_and_its_coordinates_are_rounded():
    values = [DateValue.of_day(date.fromordinal(730000 + (n * 7919) % 4000)).timex for n in range(11000)]
    values += ["2003", "2004-03", "2001-Q2", "2000/2002"] * 20
    made = [ov.layout(timeline(*values, keys=tuple(range(0, 11000, 170)))) for _ in range(2)]
    assert made[0] == made[1]
    o = made[0]
    numbers = re.findall(r"-?\d+\.\d+", o.density) + [repr(m.x) for m in o.marks] + [repr(b.x) for b in o.bars]
    assert numbers and all(len(n.partition(".")[2]) <= 1 for n in numbers)
    assert o.density.count("H") <= ov.MAX_BINS + 1 and len(o.marks) == 65
    assert 0 < o.labelled <= ov.LANES * 3 and o.shown == o.events
