"""Key events (rank.py): evidence a newsroom weighs, one key event per day, how many by default."""

from datetime import date, datetime, timezone

from generator.model import Event, Source
from generator.rank import default_key_count, rank
from generator.temporal.value import DateValue, Gran


def report(article: str, day: date | None, text: str, basis: str = "expression", sentence: int = 0,
           order: int = 0, value: DateValue | None = None) -> Event:
    """One article's report, as events.article_events makes it (one source)."""
    value = value or DateValue.of_day(day)
    source = Source(article, article, "", text, f"s-{sentence}", "on Monday" if basis == "expression" else "",
                    datetime(2011, 3, 9, tzinfo=timezone.utc), order)
    return Event(f"event-{article}-{order}", value, None, None, text, (), (), (source,), basis=basis)


def merged(reports: list[Event], text: str | None = None) -> Event:
    """The reports as one event of the timeline (what merging makes of them)."""
    first = reports[0]
    return Event(f"m-{first.id}", first.value, None, None, text or first.text, (), (),
                 tuple(s for r in reports for s in r.sources), basis=first.basis)


MAR1, MAR2, MAR3 = date(2011, 3, 1), date(2011, 3, 2), date(2011, 3, 3)


def test_a_day_more_articles_report_ranks_first_and_each_day_has_one_key_event():
    vote = [report(a, MAR2, "The council approved the budget.") for a in ("a", "b", "c")]
    protest = [report(a, MAR2, "Residents marched to the town hall.", order=1) for a in ("a", "b")]
    storm = [report("d", MAR1, "A storm closed the bridge.")]
    events = (merged(storm), merged(vote), merged(protest))
    ranking = rank(events, storm + vote + protest, key_events=5)
    assert ranking.of(events[1]) == (1, True)  # the best-reported happening of the best-reported day
    assert ranking.of(events[0]) == (2, True)  # the next day's best
    assert ranking.of(events[2]) == (3, False)  # a second event of a day already taken: not key
    assert ranking.key_count == 2  # only two days to take one from


def test_a_date_the_report_gives_outweighs_the_publication_day():
    told = [report(a, MAR1, "The mayor resigned.") for a in ("a", "b")]
    placed = [report(a, MAR3, "Officials reviewed the accounts.", basis="publication") for a in ("c", "d", "e")]
    events = (merged(told), merged(placed))
    ranking = rank(events, told + placed, key_events=1)
    assert ranking.of(events[0]) == (1, True)  # 2 articles naming the day > 3 x 0.5 placed on their own day
    assert ranking.of(events[1]) == (2, False)


def test_the_lead_outweighs_a_later_paragraph():
    lead = [report(a, MAR1, "The plant shut down.", sentence=0) for a in ("a", "b")]
    later = [report(a, MAR2, "A spokesman declined to comment.", sentence=9) for a in ("c", "d")]
    events = (merged(lead), merged(later))
    assert rank(events, lead + later).of(events[0])[0] == 1




def test_the_default_is_every_corroborated_day_up_to_three_root_articles():
    reports = []
    for n in range(30):  # 30 days, each told by two articles
        d = date(2011, 1, 1).toordinal() + n
        reports += [report(f"a{n}", date.fromordinal(d), f"Thing {n} happened."),
                    report(f"b{n}", date.fromordinal(d), f"Thing {n} happened.", order=1)]
    reports.append(report("lone", date(2011, 5, 1), "A single report."))
    events = tuple(merged([r]) for r in reports)
    ranking = rank(events, reports)
    assert ranking.key_count == default_key_count(61, 30) == 24  # ceil(3 x sqrt(61)) = 24 < 30 days
    assert default_key_count(4, 10) == 6 and default_key_count(300, 12) == 12
    assert sorted(ranking.ranks.values()) == list(range(1, len(events) + 1))  # every event has a rank


def test_ranks_are_the_same_whatever_order_the_reports_come_in():
    reports = [report(a, d, f"News of {d}.") for a, d in (("a", MAR1), ("b", MAR1), ("c", MAR2), ("d", MAR3))]
    events = tuple(merged([r]) for r in reports)
    assert rank(events, reports).ranks == rank(events, list(reversed(reports))).ranks


def test_a_source_merged_in_from_a_coarser_date_is_no_evidence_for_the_day():
    day = [report("a", MAR2, "The court heard the first witness.")]
    month = report("e", None, "The court heard witnesses in March.", value=DateValue(Gran.MONTH, 2011, 3))
    other = [report(a, MAR1, "The jury was chosen.") for a in ("c", "d")]
    # merging put the month's report with the day's event; for ranking, it speaks for March, not March 2
    events = (merged(day + [month]), merged(other))
    ranking = rank(events, day + [month] + other)
    assert ranking.of(events[1])[0] == 1 and ranking.of(events[0])[0] == 2


def test_key_events_in_dateline_toml(tmp_path):
    import pytest
    from generator import config
    from generator.errors import ConfigError

    (tmp_path / "dateline.toml").write_text("key_events = 12\n")
    assert config.load(tmp_path).key_count == 12
    (tmp_path / "dateline.toml").write_text('key_events = "auto"\n')
    assert config.load(tmp_path).key_count is None
    for bad in ('"many"', "-3"):
        (tmp_path / "dateline.toml").write_text(f"key_events = {bad}\n")
        with pytest.raises(ConfigError, match="key_events"):
            config.load(tmp_path)


def test_a_time_of_day_is_evidence_for_its_day():
    """"at 3 p.m. Tuesday" and "on Tuesday" speak for one day: the event merged at the time is that
    day's key event, not a weaker one of the same day dated to the day."""
    at_three = report("a", None, "The port closed the pier at 3 p.m. Tuesday.", value=DateValue(Gran.MINUTE, 2011, 3, 1, 15, 0))
    that_day = [report(a, MAR1, "The pier closed on Tuesday.") for a in ("b", "c")]
    statement = report("d", MAR1, "The harbor master said the pier would stay shut.", basis="publication", order=1)
    events = (merged([at_three] + that_day), merged([statement]))
    ranking = rank(events, [at_three, *that_day, statement], key_events=1)
    assert ranking.of(events[0]) == (1, True) and ranking.of(events[1]) == (2, False)


def test_clock_times_alone_are_no_evidence_for_their_day():
    """Live coverage stamps its entries with times by the dozen: three articles' "10:42 GMT" entries
    of March 1 do not outweigh two articles reporting March 2."""
    clocks = [report(a, None, f"Crowds gathered in the square, update {a}.", value=DateValue(Gran.MINUTE, 2011, 3, 1, 10, 42))
              for a in ("a", "b", "c")]
    vote = [report(a, MAR2, "The council approved the budget.") for a in ("d", "e")]
    events = tuple(merged([c]) for c in clocks) + (merged(vote),)
    ranking = rank(events, [*clocks, *vote], key_events=1)
    assert ranking.of(events[-1]) == (1, True)
