"""Who events name: places, the publication, lone common words and the site's settings (actors.py)."""

from pathlib import Path

from generator.actors import Cast
from generator.config import Config
from generator.model import Analysis, EntityRecord
from generator.timeline import aliases
from tests.test_timeline import event


def cast(entities=(), source="", **settings) -> Cast:
    analysis = Analysis(((0, 1),), (), tuple(EntityRecord(0, 1, text, label) for text, label in entities), ())
    return Cast.of(analysis, source, Config(root=Path("."), **settings))


def test_people_and_organisations_are_actors():
    assert cast().actors(("Elena Ruiz", "Halvorsen Construction")) == ("Elena Ruiz", "Halvorsen Construction")


def test_a_name_ending_in_a_word_of_place_is_no_actor():
    assert cast().actors(("Pike Street Bridge", "Canal Street", "Nadia Fenwick")) == ("Nadia Fenwick",)


def test_a_name_the_tagger_read_as_a_place_is_no_actor_anywhere_in_the_article():
    assert cast([("Dorrow", "GPE")]).actors(("Dorrow", "Dorrow Port Board")) == ("Dorrow Port Board",)


def test_a_person_named_like_a_place_stays_a_person():
    assert cast([("Lena Park", "PERSON")]).actors(("Lena Park",)) == ("Lena Park",)


def test_the_articles_publication_reports_it_does_not_take_part():
    assert cast(source="Harbor Dispatch").actors(("Dispatch", "Harbor Dispatch", "Ada Moss")) == ("Ada Moss",)


def test_a_lone_common_word_is_no_actor():
    assert cast().actors(("Council", "City", "Marlow City Council")) == ("Marlow City Council",)


def test_the_site_declares_aliases_and_exclusions():
    c = cast(actor_aliases=(("Port Board", "Dorrow Port Board"),), not_actors=("Wire Service Inc",))
    assert c.actors(("the Port Board", "Wire Service Inc", "Dorrow Port Board")) == ("Dorrow Port Board",)


def test_the_end_of_one_longer_name_is_that_name():
    events = [event("2022-11-12", "The board met.", actors=("Dorrow Port Board", "Elena Ruiz"))]
    assert aliases(events)["Port Board"] == "Dorrow Port Board" and aliases(events)["Ruiz"] == "Elena Ruiz"


def test_the_end_of_two_longer_names_is_neither():
    events = [event("2022-11-12", "The boards met.", actors=("Dorrow Port Board", "Kessel Port Board"))]
    assert "Port Board" not in aliases(events)


def test_places_are_listed_apart():
    c = cast([("Dorrow", "GPE")])
    assert c.places(("Pike Street Bridge", "Dorrow", "Ada Moss")) == ("Pike Street Bridge", "Dorrow")


def test_reports_of_one_act_at_two_places_stay_apart_and_at_one_place_merge():
    from dataclasses import replace
    from generator.timeline import build
    a = event("2022-11-10", "Crews closed the crossing to traffic on Thursday.", "ledger")
    b = event("2022-11-10", "Crews closed the crossing on Thursday.", "dispatch")
    apart = build([replace(a, places=("Pike Street Bridge",)), replace(b, places=("Canal Street Bridge",))])
    one = build([replace(a, places=("Pike Street Bridge",)), replace(b, places=("Pike Street Bridge",))])
    assert len(apart.events) == 2 and len(one.events) == 1 and one.events[0].places == ("Pike Street Bridge",)
