"""Merging, ordering and grouping events: pure functions, small inputs."""

import random
from datetime import datetime, timezone

import pytest

from generator.temporal.value import parse
from generator.model import Event, Source
from generator.timeline import build, event_id, merge

T0 = datetime(2022, 11, 13, tzinfo=timezone.utc)


def event(value, text, article="a", actors=(), order=0, published=T0):
    v = parse(value)
    return Event(event_id(v, text), v, None, None, text, tuple(actors), (),
                 (Source(article, article.upper(), "", text, "s-0", value, published, order),))


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


def _canonical(events):
    return sorted((e.id, e.value.timex, e.mod, e.text, e.actors, e.tags, tuple(e.conflicts),
                   tuple((s.article, s.order) for s in e.sources)) for e in events)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_merge_that_replays_the_last_ones_decisions_gives_the_same_result(seed):
    """`dateline serve` merges replaying the last merge's decisions; any edit must give what a fresh merge gives."""
    rng = random.Random(seed)
    words = ("bridge council vote contract girder crack mayor budget strike union harbor ferry storm court appeal "
             "ruling engineer inspector repair closure traffic protest rally police school teacher hospital nurse "
             "clinic vaccine election ballot senator governor lawsuit verdict museum library stadium airport "
             "runway pilot railway station tunnel flood levee pump drought reservoir wildfire evacuation").split()
    # Each happening its own words: no word is in many reports, so the topic (left out of matching) stays.
    happenings = [(rng.choice(["2022-11-03", "2022-11-12", "2022-11-21", "2022-10-30"]), words[i:i + 5])
                  for i in range(0, len(words) - 4, 5)]
    coarser = {"2022-11-03": "2022-11", "2022-11-12": "2022-W45", "2022-11-21": "2022", "2022-10-30": "2022-10"}
    nearby = {"2022-11-03": "2022-11-04", "2022-11-12": "2022-11-13", "2022-11-21": "2022-11-20",
              "2022-10-30": "2022-10-31"}
    actors = ["Elena Ruiz", "Tomas Varga", "Marlow", ""]
    made = [0]

    def report(date, terms):
        """One article's telling of a happening: maybe less precise or a day off, in other words."""
        roll = rng.random()
        date = coarser[date] if roll < 0.25 else nearby[date] if roll < 0.4 else date
        told = rng.sample(terms, rng.randint(2, 5)) + rng.sample(words, rng.randint(0, 1))
        return date, " ".join(told).capitalize() + "."

    def article(name):
        made[0] += 1
        published = T0.replace(day=1 + made[0] % 28, hour=made[0] % 24)
        told = [report(*rng.choice(happenings)) for _ in range(rng.randint(1, 8))]
        return [event(date, text, name, actors=tuple(a for a in {rng.choice(actors)} if a), order=i,
                      published=published) for i, (date, text) in enumerate(told)]

    articles = {f"a{i}": article(f"a{i}") for i in range(20)}
    decisions = None
    previous, reused, merges, conflicts = [], 0, 0, 0
    for _ in range(150):
        change = rng.random()
        name = rng.choice(sorted(articles))
        if change < 0.3 and len(articles) > 4:
            del articles[name]
        elif change < 0.6:
            articles[f"n{made[0]}"] = article(f"n{made[0]}")
        else:
            articles[name] = article(name)
        events = [e for name in sorted(articles) for e in articles[name]]
        replayed, decisions = merge(events, decisions)
        assert _canonical(replayed) == _canonical(merge(events)[0])
        reused += sum(any(e is p for p in previous) for e in replayed)
        merges += sum(len(e.sources) > 1 for e in replayed)
        conflicts += sum(bool(e.conflicts) for e in replayed)
        previous = replayed
    assert reused and merges and conflicts  # the decisions were replayed, and there was merging to replay


def test_bc_dates_are_ordered_and_headed_by_their_year():
    events = [event("BC0050", "A road crossed the river."), event("BC1200", "A shrine stood by the river."),
              event("BC0044-03-15", "Caesar was killed in Rome."), event("BC0490", "A settlement stood there."),
              event("1750", "The first bridge was built.")]
    tl = build(events)
    assert [e.value.timex for e in tl.events] == ["BC1200", "BC0490", "BC0050", "BC0044-03-15", "1750"]
    assert [g.label for g in tl.groups] == ["1200 BC", "490 BC", "50 BC", "44 BC", "1750"]


def test_bc_reports_of_different_years_never_merge():
    a = event("BC0490", "The Athenians defeated the Persian army at Marathon.", "x")
    b = event("BC0480", "The Persian army defeated the Athenians at Thermopylae.", "y")
    assert len(build([a, b]).events) == 2


def test_a_last_name_alone_is_the_one_full_name_of_the_site_that_ends_with_it():
    a = event("2022-11-12", "Maria Lopez signed the budget at City Hall.", "x", actors=["Maria Lopez"])
    b = event("2022-11-20", "Lopez vetoed the parking plan in a short statement.", "y", actors=["Lopez"])
    c = event("2022-11-21", "Garcia praised the veto.", "y", actors=["Garcia"])
    tl = build([a, b, c])
    assert sorted(tl.actors) == ["Garcia", "Maria Lopez"] and len(tl.actors["Maria Lopez"]) == 2
