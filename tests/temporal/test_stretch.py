"""Stretches the engine reads for event extraction: ranges of two dates and durations counted from
the publication day. Sentences written for the project."""

from datetime import date

import pytest

from generator.temporal import tag
from generator.temporal.stretch import counted_stretch, ranges


@pytest.mark.parametrize("text,expected", [
    ("The pier was rebuilt between 2012 and 2016.", {0: 1}),
    ("The ferry ran from May to July.", {0: 1}),
    ("The ferry ran in May and again in July.", {}),  # two dates, no range
    ("The bridge was closed from 2016 to 2012.", {}),  # a second date before the first bounds nothing
])
def test_a_range_is_two_dates_with_its_bounding_words(text, expected):
    timexes = tag(text, "2021-06-09")
    assert ranges(text, timexes) == expected


@pytest.mark.parametrize("text,first,last", [
    ("Prices rose over the past year.", "2020-06-09", "2021-06-09"),
    ("The works will go on for the next two weeks.", "2021-06-09", "2021-06-23"),
])
def test_a_counted_duration_is_a_stretch_from_the_publication_day(text, first, last):
    timex = next(t for t in tag(text, "2021-06-09") if t.type == "DURATION")
    stretch = counted_stretch(timex, date(2021, 6, 9))
    assert (stretch.first.timex, stretch.last.timex) == (first, last)


@pytest.mark.parametrize("text", ["The talks lasted two years.", "Over the past six hours, it rained."])
def test_a_duration_not_counted_from_today_is_no_stretch(text):
    timex = next(t for t in tag(text, "2021-06-09") if t.type == "DURATION")
    assert counted_stretch(timex, date(2021, 6, 9)) is None
