"""Property tests: whatever the text and publication date, the engine neither crashes nor lies.

Every value it returns is valid TIMEX3 (it parses back), every offset lies in the text, and the
text at the offsets is the expression. The examples are bounded so CI stays quick.
"""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.temporal import annotate, parse

FRAGMENTS = ["Monday", "Tuesday night", "late Saturday", "31/02/2021", "02/30/2020", "year 0", "99999", "0000",
             "the 1980s", "Feb. 29", "Feb. 29, 2021", "last December", "next week", "two days later", "ago",
             "1,998", "the mayor, 58,", "the 18th century", "the 0th century", "10 a.m.", "25:61", "noon",
             "P11M", "every Saturday", "between", "and", "from", "to", "the", "of", ",", ".", "\n\n", "—", "“",
             "9999999999999999999 years ago", "Q5 2020", "the 45th of May", "May", "march", "2024-02-30",
             "mid-", "most of", "the morning of", "BC", "490 BC", "Christmas", "Easter", "day", "s", "’s",
             "0", "12", "31", "1000", "2099", "2100", "the next day", "That night", "the previous April"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
dcts = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31))


def check(text, dct):
    for t in annotate(text, dct):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert parse(t.value.timex).timex == t.value.timex
        assert t.label


@SETTINGS
@given(st.text(max_size=400), dcts)
def test_random_unicode_text(text, dct):
    check(text, dct)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join), dcts)
def test_adversarial_temporal_fragments(text, dct):
    check(text, dct)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join), dcts)
def test_fragments_without_spaces(text, dct):
    check(text, dct)


def test_thousands_of_dates_in_one_sentence():
    text = "It rained " + "; ".join(["on Monday", "on Nov. 3", "in 2019", "last week"] * 1000) + "."
    found = annotate(text, "2022-11-12")
    assert len(found) == 4000
    check(text, "2022-11-12")
