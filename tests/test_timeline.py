"""Merging, ordering and grouping events: pure functions, small inputs."""

from datetime import datetime, timezone

from generator.temporal.value import parse
from generator.timeline import Event, Source, build, event_id

T0 = datetime(2022, 11, 13, tzinfo=timezone.utc)


def event(value, text, article="a", actors=(), order=0, published=T0):
    v = parse(value)
    return Event(event_id(v, text), v, None, None, text, tuple(actors), (),
                 [Source(article, article.upper(), "", text, "s-0", value, published, order)])


def test_same_happening_in_two_articles_is_one_event_with_two_sources():
    a = event("2022-11-12", "Tomas Varga resigned late Saturday as city engineer.", "ledger")
    b = event("2022-11-12", "City engineer Tomas Varga quit late Saturday, saying he resigned.", "dispatch")
    tl = build([a, b])
    assert len(tl.events) == 1 and [s.article for s in tl.events[0].sources] == ["dispatch", "ledger"]  # by publication, then name


def test_compatible_dates_merge_at_the_finer_precision():
    a = event("2022-11", "The council approved the repair contract for the bridge.", "x")
    b = event("2022-11-21", "The council approved the bridge repair contract on Monday.", "y")
    (merged,) = build([a, b]).events
    assert merged.value.timex == "2022-11-21"


def test_different_dates_for_the_same_happening_are_flagged_not_merged():
    a = event("2022-11-03", "State inspectors found widening cracks in two steel girders during the inspection.", "x")
    b = event("2022-11-04", "State inspectors found widening cracks in two steel girders during an inspection.", "y")
    tl = build([a, b])
    assert len(tl.events) == 2 and all(e.conflicts for e in tl.events)


def test_unrelated_events_on_one_day_stay_apart():
    tl = build([event("2022-11-12", "The mayor opened a library.", "x"),
                event("2022-11-12", "A storm flooded the harbor road.", "y")])
    assert len(tl.events) == 2 and not any(e.conflicts for e in tl.events)


def test_order_by_interval_then_precision():
    month = event("2022-11", "Talks went on all month.", order=0)
    day = event("2022-11-12", "The director quit.", order=1)
    year = event("2021", "The project started.", order=2)
    decade = event("198", "The bridge was repaired.", order=3)
    tl = build([month, day, year, decade])
    assert [e.value.timex for e in tl.events] == ["198", "2021", "2022-11-12", "2022-11"]
    assert [g.label for g in tl.groups] == ["1980s", "2021", "November 2022"]


def test_ids_are_stable_and_depend_on_date_and_words():
    assert event_id(parse("2022-11-12"), "The director quit.") == event_id(parse("2022-11-12"), "The director quit.")
    assert event_id(parse("2022-11-12"), "The director quit.") != event_id(parse("2022-11-13"), "The director quit.")


def test_indexes_by_actor():
    tl = build([event("2022-11-12", "Ruiz signed.", "x", actors=("Elena Ruiz",)),
                event("2022-11-14", "Ruiz spoke.", "y", actors=("Elena Ruiz", "Marlow"))])
    assert list(tl.actors) == ["Elena Ruiz", "Marlow"] and len(tl.actors["Elena Ruiz"]) == 2


def test_reports_with_one_id_that_stay_apart_get_unique_ids():
    """One key word ("died") is too few to merge on, but the two still share date and words: the
    first published keeps the id, the other gets its own (ids are anchors and link targets)."""
    later = T0.replace(day=14)
    tl = build([event("1792-03-01", "He died on 1 March 1792.", "x"),
                event("1792-03-01", "He died on 1 March 1792.", "y", published=later)])
    first, second = sorted(tl.events, key=lambda e: e.sources[0].published)
    assert first.id == event_id(parse("1792-03-01"), "He died on 1 March 1792.")
    assert second.id.startswith(first.id + "-") and len({e.id for e in tl.events}) == 2
