"""TIMEX3 values: parsing, intervals, comparison and reader labels."""

from datetime import datetime

import pytest

from generator.temporal.value import DateValue, Duration, Gran, Recurrence, parse


@pytest.mark.parametrize("text", ["2022-11-12", "2022-11-12TNI", "2021-12", "2022-W45", "2022-W45-WE", "2021-Q3",
                                  "2021-H1", "2020-SU", "199", "17", "2022-11-12T21:38", "P11M", "PT36H", "P4DE",
                                  "PXW", "XXXX-WXX-1", "BC0490", "PRESENT_REF"])
def test_parse_and_print_round_trip(text):
    assert parse(text).timex == text


@pytest.mark.parametrize("text", ["2021-02-31", "2022-13", "P11Q7", "tomorrow", "2022-W54", "2022-11-12T25:00"])
def test_invalid_values_are_refused(text):
    with pytest.raises(ValueError):
        parse(text)


@pytest.mark.parametrize("value,mod,quantifier,label", [
    ("2022-11-12", "END", None, "late Saturday, Nov. 12, 2022"),
    ("2022-11-12TNI", None, None, "Saturday night, Nov. 12, 2022"),
    ("2021-12", None, None, "December 2021"),
    ("2021", None, "most", "most of 2021"),
    ("2017", "MID", None, "mid-2017"),
    ("199", "END", None, "the late 1990s"),
    ("17", None, None, "the 18th century"),
    ("2022-11-12T21:38", None, None, "9:38 p.m., Saturday, Nov. 12, 2022"),
    ("2022-W45", None, None, "the week of Nov. 7–13, 2022"),
    ("P11M", None, None, "11 months"),
    ("P4DE", "APPROX", None, "about 4 decades"),
])
def test_labels_show_the_precision_known(value, mod, quantifier, label):
    assert parse(value).label(mod, quantifier) == label


def test_intervals_and_order():
    day, month, year = parse("2022-11-12"), parse("2022-11"), parse("2022")
    assert day.interval == (datetime(2022, 11, 12), datetime(2022, 11, 13))
    assert month.contains(day) and year.contains(month) and not day.contains(month)
    assert parse("2020-WI").interval == (datetime(2020, 12, 1), datetime(2021, 3, 1))
    assert sorted([day, month, year], key=DateValue.sort_key) == [year, month, day]
    assert day.gran == Gran.DAY and isinstance(parse("P1Y"), Duration) and isinstance(parse("XXXX-WXX-6"), Recurrence)


def test_the_labels_resource_tells_every_value_the_engine_makes():
    from generator.temporal.value import DURATION_UNITS, MODS, REFS, labels
    words = labels("en")
    assert len(words["months"]) == len(words["months_short"]) == 12 and len(words["weekdays"]) == 7
    assert set(words["mods"]) == MODS and set(words["references"]) == REFS
    assert set(words["units"]) == set(DURATION_UNITS)


def test_a_count_of_centuries_is_told_in_the_plural():
    from generator.temporal.value import Duration
    assert Duration(3, "century").label() == "3 centuries" and Duration(None, "century").label() == "centuries"
