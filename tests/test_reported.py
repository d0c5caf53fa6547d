"""Happenings reported without a date, actors and pronouns: sentences written for the project."""

import pytest

from generator import events as E
from generator.model import RawEvent

pytestmark = pytest.mark.model


def analysed(nlp, text, dct="2022-11-12"):
    from generator.nlp import new_doc
    doc = new_doc(nlp, text, dct)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return E.raw_events(doc)


def test_past_tense_report_is_dated_at_publication(nlp):
    (event,) = analysed(nlp, "The harbor board approved a new ferry schedule.")
    assert event.basis == "publication" and event.value == "2022-11-12" and event.timex == -1


@pytest.mark.parametrize("text", [
    "The ferry will resume service.",  # future
    "The ferry runs every hour.",  # generic present
    "The board had approved the schedule.",  # past perfect: background
    "The board did not approve the schedule.",  # negated
    "\"We are delighted,\" said Mayor Nadia Fenwick.",  # a quotation
    "The schedule was a surprise.",  # a state
])
def test_no_report_without_a_happening(nlp, text):
    assert analysed(nlp, text) == []


def test_sentence_after_a_recent_day_follows_it(nlp):
    events = analysed(nlp, "Mayor Maria Lopez opened the new terminal on Thursday. She also unveiled a plaque.")
    second = events[-1]
    assert second.basis == "context" and second.value == "2022-11-10"
    assert second.text.startswith("She also unveiled") and "Maria Lopez" in second.actors  # her words, her name


def test_actors_people_organisations_products_not_places_or_titles(nlp):
    (event,) = analysed(nlp, "Harbor Works CEO Lena Marsh launched the Skimmer 3 in Boston.")
    assert "Lena Marsh" in event.actors and "Boston" not in event.actors and "CEO" not in event.actors
