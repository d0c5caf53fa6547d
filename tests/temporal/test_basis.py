"""Every resolved expression says how it was resolved: its ``Basis`` (anchor, rule, direction and
what told it, the reading rejected, confidence), kept on the analysis record and in the cache.

Sentences written for the project (none from the evaluation corpora)."""

import json

import pytest

from generator.model import Analysis, TimexRecord
from generator.temporal import Basis, tag
from generator.temporal.resolve import CERTAIN, GUESS, LIKELY, confidence


def explained(nlp, text, dct):
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return {s._.timex.text: s._.timex for s in nlp(doc).spans["timexes"]}


def test_a_bare_weekday_in_the_past_tense(nlp):
    timex = explained(nlp, "The harbour board voted Tuesday to close the old pier.", "2021-06-10")["Tuesday"]
    assert timex.value.timex == "2021-06-08"
    b = timex.basis
    assert (b.anchor, b.anchor_value) == ("publication", "2021-06-10")
    assert (b.direction, b.evidence, b.cue) == ("past", "tense", "voted")
    assert b.alternative == "2021-06-15"  # the next Tuesday, which the tense rules out
    assert (b.rule, b.step, b.confidence) == ("weekday", "occurrence", LIKELY)


def test_a_bare_weekday_told_as_to_come(nlp):
    b = explained(nlp, "The ferry will sail Tuesday if the wind drops.", "2021-06-10")["Tuesday"].basis
    assert (b.direction, b.evidence, b.cue) == ("future", "auxiliary", "will sail")
    assert b.alternative == "2021-06-08"


def test_a_bare_weekday_nothing_tells_is_a_guess():
    (timex,) = tag("Rain again Thursday.", "2021-06-10")  # no verb: news reports what happened
    b = timex.basis
    assert (timex.value.timex, b.direction, b.evidence, b.confidence) == ("2021-06-10", "past", "default", GUESS)
    assert b.alternative == "2021-06-17"


def test_next_tuesday_is_directed_by_its_word(nlp):
    timex = explained(nlp, "The library reopens next Tuesday after the repairs.", "2021-06-10")["next Tuesday"]
    b = timex.basis
    assert timex.value.timex == "2021-06-15"
    assert (b.direction, b.evidence, b.cue) == ("next", "word", "next")
    assert b.alternative is None  # the word decides: nothing ambiguous was rejected
    assert (b.anchor, b.rule) == ("publication", "weekday_relative")


def test_a_year_less_month_in_a_history_takes_the_stated_year(nlp):
    text = ("The mill opened in 1843. It changed hands in 1851 and burned down in 1866. "
            "In 1872 the town rebuilt it. In May, the first looms ran again.")
    timexes = explained(nlp, text, "2021-06-10")
    may = timexes["May"]
    assert may.value.timex == "1872-05"
    b = may.basis
    assert (b.step, b.anchor, b.anchor_value, b.anchor_text) == ("story year", "year", "1872", "1872")
    assert text[may.start - b.anchor_before:].startswith("1872")
    assert b.alternative == "2021-05"  # the year taken from the text, not the publication's
    assert b.confidence == LIKELY


def test_the_next_day_is_counted_from_the_previous_date_and_says_where_it_was(nlp):
    text = "The levee failed on April 14, 2019. The next day, volunteers filled sandbags."
    timexes = explained(nlp, text, "2021-06-10")
    timex = timexes["The next day"]
    assert timex.value.timex == "2019-04-15"
    b = timex.basis
    assert (b.anchor, b.anchor_value, b.anchor_text) == ("previous", "2019-04-14", "April 14, 2019")
    assert timex.start - b.anchor_before == text.index("April 14, 2019")
    assert (b.step, b.direction, b.evidence, b.cue) == ("counted", "future", "word", "next")
    assert b.confidence == LIKELY  # the previous date is certain; which date it counts from is read


def test_a_full_date_is_certain(nlp):
    b = explained(nlp, "The treaty was signed on Sept. 2, 1998, in Geneva.", "2021-06-10")["Sept. 2, 1998"].basis
    assert (b.step, b.anchor, b.confidence, b.direction, b.alternative) == ("stated", "none", CERTAIN, None, None)


def test_counting_from_the_publication_date_by_the_words_is_certain():
    found = {t.text: t.basis for t in tag("Three days ago the pumps stopped; yesterday they restarted.", "2021-06-10")}
    assert (found["Three days ago"].anchor, found["Three days ago"].confidence) == ("publication", CERTAIN)
    assert (found["yesterday"].direction, found["yesterday"].evidence) == ("past", "word")


def test_a_date_counted_from_a_guess_is_no_surer():
    assert confidence(False, "previous", "word", GUESS) == GUESS
    assert confidence(False, "publication", "word", None) == CERTAIN
    assert confidence(True, "publication", "tense", None) == LIKELY


def test_a_deadline_after_a_verb_of_putting_off(nlp):
    b = explained(nlp, "The hearing was postponed until Friday.", "2021-06-10")["Friday"].basis
    assert (b.direction, b.evidence) == ("future", "preposition")
    assert b.cue.endswith("until")


def test_the_basis_does_not_change_what_the_expression_is():
    (a,) = tag("They met on Sept. 2, 1998.", "2021-06-10")
    (b,) = tag("They met on Sept. 2, 1998.", "2021-06-10")
    assert a == b and hash(TimexRecord(0, 1, "x", "DATE", "1998", None, None, "1998", {"rule": "year"}))


def test_the_basis_reads_back_from_plain_data():
    (timex,) = tag("The ferry sails next Tuesday.", "2021-06-10")
    data = json.loads(json.dumps(timex.basis.to_json()))
    assert Basis.from_json(data) == timex.basis
    assert "next" in timex.basis.describe()


def test_the_analysis_keeps_the_basis_through_the_cache_format(nlp):
    from generator.events import analysis_of
    from generator.components import with_bases
    doc = nlp.make_doc("The levee failed on April 14, 2019. The next day, volunteers filled sandbags.")
    doc._.dct = "2021-06-10"
    doc = nlp(doc)
    analysis = with_bases(analysis_of(doc), doc)
    assert analysis.timexes[1].basis["anchor"] == "previous"
    again = Analysis.from_json(json.loads(json.dumps(analysis.to_json())))
    assert [t.basis for t in again.timexes] == [t.basis for t in analysis.timexes]
    joined = Analysis.joined([(0, analysis), (500, again)])  # a long text analysed in pieces
    assert joined.timexes[3].start - joined.timexes[3].basis["anchor_before"] == joined.timexes[2].start


def test_the_pipeline_stores_the_basis_on_the_records(nlp):
    from generator.nlp import new_doc
    from generator.components import ANALYSIS_KEY
    doc = nlp(new_doc(nlp, "Rain fell Thursday.", "2021-06-10"))
    (record,) = Analysis.from_json(doc.user_data[ANALYSIS_KEY]).timexes
    assert record.basis["rule"] == "weekday" and record.basis["confidence"] in (LIKELY, GUESS)


@pytest.mark.parametrize("text", [
    "Shares rose in the first quarter, the company said.",
    "Talks ran over the weekend.",
    "Doors open at 7 p.m.",
    "The vote was on the 20th.",
    "Weeks later, the army withdrew.",
    "A 40-year lease ends in 2030; rent is paid monthly.",
])
def test_every_resolution_has_a_basis(text):
    for timex in tag(text, "2021-06-10"):
        b = timex.basis
        assert b is not None and b.confidence in (CERTAIN, LIKELY, GUESS), timex
        assert b.anchor in ("none", "publication", "previous", "year")
        assert b.rule and b.step


def test_dates_explain_prints_the_basis(nlp, tmp_path, capsys):
    from generator import cli
    path = tmp_path / "article.txt"
    path.write_text("The harbour board voted Tuesday to close the old pier.", encoding="utf-8")
    assert cli.main(["dates", "--dct", "2021-06-10", "--explain", str(path)]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["value"] == "2021-06-08" and item["basis"]["alternative"] == "2021-06-15"
    assert "voted" in item["why"] and item["why"].startswith("likely")
    assert cli.main(["dates", "--dct", "2021-06-10", str(path)]) == 0
    assert "basis" not in json.loads(capsys.readouterr().out)[0]  # the published format, unless asked


def test_loose_readings_are_noted_and_never_certain(nlp):
    timexes = explained(nlp, "The ferry crew struck last week, and the pier lights failed Saturday night.",
                        "2021-06-10")
    week, night = timexes["last week"].basis, timexes["Saturday night"].basis
    assert week.loose == ("calendar week",) and week.confidence == LIKELY  # a count by its word, yet loose
    assert night.loose == ("part of day",)
    vague = tag("Rents have climbed in recent years.", "2021-06-10")[0].basis
    assert vague.loose == ("vague amount",)
    exact = tag("The bridge reopened three years ago.", "2021-06-10")[0].basis
    assert exact.loose == () and exact.confidence == CERTAIN


def test_an_approximate_count_is_loose():
    (timex,) = tag("The bakery closed about two years ago.", "2021-06-10")
    assert "approximate" in timex.basis.loose


def test_rival_says_how_near_the_rejected_reading_lay(nlp):
    # Published on a Thursday: the past Wednesday is one day back, the next one six days ahead.
    near = explained(nlp, "The council met Wednesday.", "2021-06-10")["Wednesday"].basis
    assert near.rival == pytest.approx(1 / 7, abs=0.01)
    # The past Friday is six days back, the next one a day ahead: the tense chose the farther one.
    far = explained(nlp, "The council met Friday.", "2021-06-10")["Friday"].basis
    assert far.rival == pytest.approx(6 / 7, abs=0.01)
    assert "the nearer one" in far.describe()


def test_loose_survives_the_cache_round_trip():
    b = Basis("weekday", "occurrence", LIKELY, "publication", "2021-06-10", rival=0.86, loose=("part of day",))
    data = json.loads(json.dumps(b.to_json()))
    assert data["loose"] == ["part of day"] and Basis.from_json(data) == b
    assert "loose" not in Basis("year", "stated", CERTAIN).to_json()
