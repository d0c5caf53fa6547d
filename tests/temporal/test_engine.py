"""The engine on news sentences: input text and publication date -> expected expressions and values."""

import pytest

from generator.temporal import annotate, tag


def tagged(nlp, text, dct):
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return [(s._.timex.text, s._.timex.value.timex, s._.timex.mod) for s in nlp(doc).spans["timexes"]]


@pytest.mark.parametrize("text,dct,expected", [
    ("The senators voted Monday on the measure.", "2021-06-09", [("Monday", "2021-06-07", None)]),
    ("The senators will vote Monday on the measure.", "2021-06-09", [("Monday", "2021-06-14", None)]),
    ("Officials met on Wednesday.", "2021-06-09", [("Wednesday", "2021-06-09", None)]),
    ("The director quit late Saturday.", "2022-11-13", [("late Saturday", "2022-11-12", "END")]),
    ("The plant shut down in November.", "2021-06-09", [("November", "2020-11", None)]),
    ("The stadium will reopen in September.", "2021-06-09", [("September", "2021-09", None)]),
    ("The nominee was confirmed last December.", "2022-12-20", [("last December", "2021-12", None)]),
    ("It said it would restart the ferry on Wednesday.", "2022-11-14", [("Wednesday", "2022-11-16", None)]),
    ("Prices rose in mid-2017 and fell in late 2020.", "2022-11-12",
     [("mid-2017", "2017", "MID"), ("late 2020", "2020", "END")]),
    ("The acting head ran the office through most of 2020.", "2022-11-12", [("most of 2020", "2020", None)]),
    ("He held the job for 11 months.", "2022-11-12", [("11 months", "P11M", None)]),
    ("She praised his nearly four decades of service.", "2022-11-12",
     [("nearly four decades", "P4DE", "APPROX")]),
    ("The hearing starts at 10 a.m. Thursday.", "2021-06-09", [("10 a.m. Thursday", "2021-06-10T10:00", None)]),
    ("The market is held every Saturday.", "2021-06-09", [("every Saturday", "XXXX-WXX-6", None)]),
    ("Shares fell on Thanksgiving.", "2024-05-15", [("Thanksgiving", "2023-11-23", None)]),
    ("The bill was signed on 05/10/2024.", "2024-05-15", [("05/10/2024", "2024-05-10", None)]),
])
def test_news_sentences(nlp, text, dct, expected):
    assert tagged(nlp, text, dct) == expected


@pytest.mark.parametrize("text,dct,expected", [
    ("The road was closed on May 3. Two days later, it reopened.", "2021-06-09",
     ["2021-05-03", "2021-05-05"]),
    ("The company was sold in 2012. The previous year, it had lost money.", "2021-06-09", ["2012", "2011"]),
    ("The storm hit on April 20. That night, power failed.", "2021-06-09", ["2021-04-20", "2021-04-20TNI"]),
    ("The company was founded in March 1987. By December, it had 40 employees.", "2024-05-15",
     ["1987-03", "1987-12"]),
    ("The mill closed in 1992. The following spring, the school closed.", "2021-06-09", ["1992", "1993-SP"]),
])
def test_anaphora_follows_the_last_mentioned_date(nlp, text, dct, expected):
    assert [v for _t, v, _m in tagged(nlp, text, dct)] == expected


@pytest.mark.parametrize("text,expected", [
    # a year named in passing inside a sentence does not move a story told day by day
    ("The offensive began in June 1920. On August 16, 1920, the army attacked. Papers found in 2004 "
     "showed the plan. On August 20, the army withdrew.", ("August 20", "1920-08-20")),
    # a flashback ("two decades earlier") is an aside too
    ("The war lasted from 1955 to 1975. The first marines landed on 8 March 1965. Almost two decades "
     "earlier, the French had made a similar promise. By December, 200,000 troops were there.",
     ("December", "1965-12")),
    # a story at the end of a year runs on into the next
    ("The war began in 1941. On December 8, 1941, the country declared war. In January, the allies "
     "signed a declaration. The war lasted until 1945.", ("January", "1942-01")),
])
def test_histories_keep_the_story_year(nlp, text, expected):
    assert expected in [(t, v) for t, v, _m in tagged(nlp, text, "2009-12-19")]


@pytest.mark.parametrize("text,expected", [
    # years counted right after a year told in passing count from it, though the story stays at its day
    ("The founder, born on March 3, 1948, built the firm. He opened a shop in 1970, and in 1979 the "
     "first mill was sold. One year later he left the board.", ("One year later", "1980")),
    # further on, they count from the story's date again
    ("The founder, born on March 3, 1948, built the firm. He opened a shop in 1970. The mill grew. "
     "The town grew. Ten years later he left the board.", ("Ten years later", "1958")),
])
def test_years_counted_after_a_year_in_passing(nlp, text, expected):
    assert expected in [(t, v) for t, v, _m in tagged(nlp, text, "2011-10-06")]


@pytest.mark.parametrize("text", [
    "Governor Ann May signed the order.",
    "Veterans will march through downtown.",
    "The Wall Street Journal and the Sunday Telegraph covered the story.",
    "The mayor, 58, spoke briefly.",
    "The firm shipped 1,998 orders.",
    "The meeting was held in Room 101.",
    "Flight 1030 departed on time.",
    "The company hired 2,024 workers.",
    "A second attack was reported.",
    "Three quarters of the troops went home.",
    "Prices could fall apart if the deal is not signed.",
    "Sherman's March to the Sea began.",
    "The Long March ended far to the north.",
])
def test_what_is_not_temporal_stays_untagged(nlp, text):
    assert tagged(nlp, text, "2021-06-09") == []


@pytest.mark.parametrize("text,expected", [
    ("Eastern Theater 1861-1863", [("1861", "1861"), ("1863", "1863")]),  # a range after a name
    ("Rome ruled the city for 1,460 years.", [("1,460 years", "P1460Y")]),
    ("He left for a second.", [("a second", "PT1S")]),
    ("The vote was held in March. It passed.", [("March", "2021-03")]),
])
def test_words_with_a_date_sense_in_context(nlp, text, expected):
    assert [(t, v) for t, v, _m in tagged(nlp, text, "2021-06-09")] == expected


def test_a_word_cut_by_the_end_of_a_rules_window_is_not_read_as_a_date():
    """Rules run only near their trigger words; where a window ended inside "Eastern", the holiday
    rule saw the end of the text after "Easter"."""
    text = "Also Christmas " + "a" * 63 + " Eastern Europe"
    assert text.index("Eastern") + len("Easter") == text.index("Christmas") + 80  # where the window ends
    assert [t.text for t in tag(text, "2021-06-09")] == ["Christmas"]


def test_offsets_point_into_the_text():
    text = "On Tuesday, June 1, the vote was held. It passed 3 p.m. yesterday."
    for t in tag(text, "2021-06-09"):
        assert text[t.start:t.end] == t.text


def test_works_without_a_model():
    """On plain text (spacy.blank or no pipeline) the engine falls back to lexical cues."""
    result = [(t.text, t.value.timex) for t in annotate("The senators voted Monday. They will meet Friday.",
                                                        "2021-06-09")]
    assert result == [("Monday", "2021-06-07"), ("Friday", "2021-06-11")]


def test_blank_pipeline_component():
    import spacy

    from generator.temporal import component  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("dateline_temporal")
    doc = nlp.make_doc("The ban was lifted five days ago.")
    doc._.dct = "2021-06-09"
    spans = nlp(doc).spans["timexes"]
    assert [(s.text, s._.timex.value.timex) for s in spans] == [("five days ago", "2021-06-04")]


def test_component_is_registered_as_an_entry_point():
    from importlib.metadata import entry_points
    names = [ep.name for ep in entry_points(group="spacy_factories")]
    assert "dateline_temporal" in names
