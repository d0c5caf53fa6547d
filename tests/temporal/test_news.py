"""Full news articles: year anchoring, reporting periods, extents and what must never become a date.

Sentences written for the project (none from the evaluation corpora)."""

import pytest

from generator.temporal import tag


def tagged(nlp, text, dct):
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return [(s._.timex.text, s._.timex.value.timex, s._.timex.type) for s in nlp(doc).spans["timexes"]]


@pytest.mark.parametrize("text", [
    "Magnus only lasted 11 months on the job.",
    "A 6-year-old girl and two 40-year-olds were rescued.",
    "The 50-year-old treaty still holds.",
])
def test_durations_and_ages_never_become_dates(nlp, text):
    assert all(kind != "DATE" for _t, _v, kind in tagged(nlp, text, "2021-06-09"))


def test_ages_are_not_durations(nlp):
    assert tagged(nlp, "A 6-year-old girl was found safe.", "2021-06-09") == []


@pytest.mark.parametrize("text,dct", [
    ("Six months on, the city is still waiting for the money.", "2021-06-09"),
    ("The plant closed on May 3. Two months later, the workers are still unpaid.", "2021-06-09"),
])
def test_no_date_after_publication_unless_told_as_to_come(nlp, text, dct):
    for _t, value, kind in tagged(nlp, text, dct):
        assert kind != "DATE" or not value[:1].isdigit() or value[:10] <= dct, value


def test_years_on_after_a_date_is_counted_from_it(nlp):
    assert tagged(nlp, "The dam broke in 1953. Sixty years on, the town remembers.", "2021-06-09")[1][:2] \
        == ("Sixty years on", "2013")


@pytest.mark.parametrize("text,dct,expected", [
    # possessives end an expression
    ("Friday's vote was close.", "2021-06-11", [("Friday", "2021-06-11")]),
    ("Last month's figures were revised.", "2021-06-11", [("Last month", "2021-05")]),
    # reporting periods of an earnings report
    ("Third-quarter profit rose 5%, the company said. In the year-ago quarter it lost money.",
     "2021-10-20", [("Third-quarter", "2021-Q3"), ("the year-ago quarter", "2020-Q3")]),
    ("Net income in the quarter fell.", "2021-10-20", [("the quarter", "2021-Q3")]),
    ("Sales for the full year are expected to grow.", "2021-10-20", [("the full year", "2021")]),
    ("Revenue for the fiscal year ended June 30 rose.", "2021-10-20", [("the fiscal year", "P1Y"), ("June 30", "2021-06-30")]),
    # extents leave the preposition out
    ("Prices doubled over the past two years.", "2021-06-09", [("the past two years", "P2Y")]),
    ("It will be decided in the future.", "2021-06-09", [("the future", "FUTURE_REF")]),
    # a weekday after "as soon as" is ahead even in a past-tense report
    ("Officials said the bridge could open as soon as Monday.", "2021-06-09", [("Monday", "2021-06-14")]),
    # a day number followed by a colon ends the date
    ("On Saturday, April 24: The council met.", "2021-06-09", [("Saturday, April 24", "2021-04-24")]),
    # years said in words
    ("The plant opened in nineteen ninety-six.", "2021-06-09", [("nineteen ninety-six", "1996")]),
    # "the" belongs to a counted period that ends its noun phrase, not to one that modifies a noun
    ("For the six months, revenue climbed.", "2021-10-20", [("the six months", "P6M")]),
    ("Through the first nine months it lost $3 million.", "2021-10-20", [("the first nine months", "P9M")]),
    ("Fans camped out for the three-day festival.", "2021-06-09", [("three-day", "P3D")]),
    # a quarter used as a modifier leaves the determiner out; a possessive pronoun is never in it
    ("The third-quarter results beat forecasts.", "2021-10-20", [("third-quarter", "2021-Q3")]),
    ("The chain reported a loss for its second quarter.", "2021-10-20", [("second quarter", "2021-Q2")]),
    # a report's period in another year is that period, and only a comparison: the report stays on its own
    ("Profit rose in the third quarter. In the 2020 period it had fallen. The quarter was strong.", "2021-10-20",
     [("the third quarter", "2021-Q3"), ("the 2020 period", "2020-Q3"), ("The quarter", "2021-Q3")]),
    ("Sales grew in the second quarter, up from a year earlier. The latest quarter was the best yet.", "2021-10-20",
     [("the second quarter", "2021-Q2"), ("a year earlier", "2020-Q2"), ("The latest quarter", "2021-Q2")]),
])
def test_news_expressions(nlp, text, dct, expected):
    assert [(t, v) for t, v, _k in tagged(nlp, text, dct)] == expected


@pytest.mark.parametrize("text,dct,expected", [
    # a year-less date in news is the publication year's; a bare year mentioned before does not move it
    ("The notes mature in 1995. The company said in March that sales fell.", "2021-06-09",
     [("1995", "1995"), ("March", "2021-03")]),
    # unless the tense says otherwise: a past month far ahead of publication is last year's
    ("The plant closed in November.", "2021-02-09", [("November", "2020-11")]),
    # told as a point in the past ("on ..."), it lies before publication, even a few weeks ahead
    ("We sold out the shop on Christmas Eve.", "2022-11-23", [("Christmas Eve", "2021-12-24")]),
    # an infinitive under a past verb keeps its own time
    ("The panel asked her to testify on Feb. 10.", "2022-01-20", [("Feb. 10", "2022-02-10")]),
    # a date something is put off until lies ahead, even in a past-tense report
    ("The judge postponed the hearing until Tuesday.", "2021-06-10", [("Tuesday", "2021-06-15")]),
    ("The council held the bridge open until Tuesday.", "2021-06-10", [("Tuesday", "2021-06-08")]),
    # a possessive date modifies a noun: the clause's present tense does not put it ahead
    ("The merger follows Tuesday's vote by the board.", "2021-06-10", [("Tuesday", "2021-06-08")]),
    # "is to" + infinitive is a future
    ("The stock is to resume trading Tuesday.", "2021-06-10", [("Tuesday", "2021-06-15")]),
    # with no tense to tell, a year-less date months after publication is last year's
    ("Rescued on Thanksgiving Day, the boy has become a symbol.", "2021-01-12", [("Thanksgiving Day", "2020-11-26")]),
    # a bare weekday in news counts from the publication date, not from a date the text named
    ("The accord was signed on March 28, 1996. Officials said Thursday it held.", "2021-06-09",
     [("March 28, 1996", "1996-03-28"), ("Thursday", "2021-06-03")]),
])
def test_news_year_anchoring(nlp, text, dct, expected):
    assert [(t, v) for t, v, _k in tagged(nlp, text, dct)] == expected


def test_a_set_stays_a_set_through_the_component(nlp):
    assert tagged(nlp, "The board meets each year.", "2021-06-09") == [("each year", "P1Y", "SET")]


def test_without_a_model_too():
    assert [(t.text, t.value.timex) for t in tag("Friday's vote was close.", "2021-06-11")] == \
        [("Friday", "2021-06-11")]


@pytest.mark.parametrize("text,expected", [
    # a plural unit is a vague stretch, not one period moved ("coming months" is not next month)
    ("Economists expect hiring to slow in coming months.", [("coming months", "PXM", "DURATION")]),
    ("The shelter was full in the weeks before the storm.", []),
    # a part of a year named with a year moved from the publication date
    ("The bridge was closed in May last year and reopened in March this year.",
     [("May last year", "2020-05", "DATE"), ("March this year", "2021-03", "DATE")]),
    ("The merger could take effect in next year's second quarter.",
     [("next year's second quarter", "2022-Q2", "DATE")]),
    ("A hearing is set for the week of July 12.", [("the week of July 12", "2021-W28", "DATE")]),
    ("Pilgrims gather in the valley each August.", [("each August", "XXXX-08", "SET")]),
    ("Thousands joined the March for Justice downtown.", []),
    # a direction word and a day: the day, with its year by tense
    ("The mill burned last Dec. 14, the owner said.", [("Dec. 14", "2020-12-14", "DATE")]),
    # the preposition stays out of the extent
    ("The fire started on the night of June 2, the police said.", [("the night of June 2", "2021-06-02TNI", "TIME")]),
])
def test_news_expressions(nlp, text, expected):
    assert tagged(nlp, text, "2021-06-09") == expected


def test_since_points_back_and_a_conjoined_infinitive_keeps_its_future(nlp):
    # "since" puts its date before the clause; "and complete" inherits "expects to"
    assert tagged(nlp, "Shares have doubled since year-end.", "2021-06-09") == [("year-end", "2020-12-31", "DATE")]
    assert tagged(nlp, "The firm expects to win approval and close the sale by year-end.", "2021-06-09") == \
        [("year-end", "2021-12-31", "DATE")]


def test_news_year_anchoring_after_a_far_year(nlp):
    # a date told as to come belongs to the publication's year, even right after a far year
    assert tagged(nlp, "Invited to the league in June 2017, the club will play its first game on March 3.",
                  "2021-02-20")[1][:2] == ("March 3", "2021-03-03")
    # a dated noun phrase names an event; the report stays at its own time
    assert tagged(nlp, "The suspects in the Oct. 4, 2009, robbery were freed after the court ruled in May.",
                  "2021-06-09")[1][:2] == ("May", "2021-05")


# ---- which way a bare weekday points: plans, schedules and past perfects ----------------------

@pytest.mark.parametrize("text,value", [
    ("The crew planned to leave the harbor on Thursday.", "2021-06-10"),  # published Wednesday
    ("The rowers were planning to race on Saturday.", "2021-06-12"),
    ("The council has scheduled a hearing Friday.", "2021-06-11"),
    ("Neighbors planned a street party on Saturday.", "2021-06-12"),
])
def test_what_is_planned_or_scheduled_for_a_weekday_lies_ahead(nlp, text, value):
    assert [v for _t, v, _k in tagged(nlp, text, "2021-06-09")] == [value]


@pytest.mark.parametrize("text,value", [
    ("The permit had been due to expire Friday.", "2021-06-04"),
    ("On Monday, the board planned to sell the ferry.", "2021-06-07"),  # the planning's day
    ("A parade planned for Saturday was called off.", "2021-06-05"),
])
def test_a_plan_told_in_the_past_keeps_its_day_in_the_past(nlp, text, value):
    assert [v for _t, v, _k in tagged(nlp, text, "2021-06-09")] == [value]


def test_a_far_year_of_an_earlier_paragraph_does_not_date_a_month_of_news(nlp):
    text = ("The mill opened on March 3, 1952, with 40 workers.\n\n"
            "Its last owner sold the machines in late November.")
    assert tagged(nlp, text, "2021-06-09")[-1][:2] == ("late November", "2020-11")


def test_a_far_year_dates_a_month_of_the_same_paragraph(nlp):
    text = "The mill opened on March 3, 1952. By December it employed 40 workers."
    assert tagged(nlp, text, "2021-06-09")[-1][:2] == ("December", "1952-12")


@pytest.mark.parametrize("text,value", [
    ("The club changed its name in December.", "2020-12"),  # told as done, so last December
    ("The ferry season ended Nov. 30.", "2020-11-30"),
])
def test_what_a_past_verb_did_on_a_year_less_date_lies_before_publication(nlp, text, value):
    assert [v for _t, v, _k in tagged(nlp, text, "2021-11-20")] == [value]


@pytest.mark.parametrize("text,value", [
    ("The board declared a dividend, payable July 15.", "2021-07-15"),  # a day of the dividend, ahead
    ("The port announced an agreement to buy the yard in August.", "2021-08"),
    ("The bank has extended the loan through August.", "2021-08"),
])
def test_a_date_of_what_a_past_verb_set_up_may_lie_ahead(nlp, text, value):
    assert [v for _t, v, _k in tagged(nlp, text, "2021-06-09")] == [value]


def test_a_month_naming_a_thing_is_not_read_by_the_clause_tense(nlp):
    assert tagged(nlp, "The city is still working under a March agreement with the union.",
                  "2021-06-09")[0][:2] == ("March", "2021-03")


@pytest.mark.parametrize("text,value", [
    ("The town created a harbor office, effective Aug. 2.", "2021-08-02"),  # the office's start, ahead
    ("Her flats, worth $9 million in October, are worth half now.", "2020-10"),  # not the clause's present
])
def test_a_date_on_an_adjective_is_the_adjectives_not_the_clauses(nlp, text, value):
    assert tagged(nlp, text, "2021-06-09")[0][1] == value


def test_a_past_that_looks_like_a_present_is_read_by_its_singular_subject(nlp):
    # "hurt" with a singular subject: a present would be "hurts", so the Friday is behind
    assert tagged(nlp, "Weakness in banks hurt the index on Friday.", "2021-06-09")[0][1] == "2021-06-04"


def test_a_date_deep_in_a_phrase_takes_the_tense_of_its_verb(nlp):
    # parsed as the tagger may: "until" on the card, seven steps below the verb
    from spacy.tokens import Doc
    from generator.temporal.tense import tense_in_doc
    words = "Passes will be free to anyone with a Harbor Card 2 until September 30".split()
    heads = [2, 2, 2, 2, 3, 4, 5, 9, 9, 6, 9, 9, 11, 12]
    deps = ["nsubj", "aux", "ROOT", "acomp", "prep", "pobj", "prep", "det", "compound", "pobj", "nummod", "prep",
            "pobj", "nummod"]
    pos = ["NOUN", "AUX", "AUX", "ADJ", "ADP", "PRON", "ADP", "DET", "PROPN", "PROPN", "NUM", "ADP", "PROPN", "NUM"]
    tags = ["NNS", "MD", "VB", "JJ", "IN", "NN", "IN", "DT", "NNP", "NNP", "CD", "IN", "NNP", "CD"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    start = doc.text.index("September")
    assert tense_in_doc(doc, start, start + len("September 30")) == "future"


def test_a_subjunctive_is_no_misread_past(nlp):
    # "stay" after "ordered that": a subjunctive, whose past ("stayed") is another form; the nearer March
    text = "The judge rejected an order that the boy stay in Ohio until March 6 to hear the appeal."
    assert tagged(nlp, text, "2000-01-15")[0][1] == "2000-03-06"


def test_a_participle_clause_takes_the_tense_of_the_clause_it_hangs_on(nlp):
    text = "The two ferries will sail from July 30, with the third departing on Friday."
    assert tagged(nlp, text, "2021-06-09")[-1][:2] == ("Friday", "2021-06-11")


@pytest.mark.parametrize("text,value", [
    ("The ferry sails daily.", "P1D"), ("The council meets monthly.", "P1M"), ("Taxes are due annually.", "P1Y"),
])
def test_frequencies_are_sets_of_the_period_that_repeats(nlp, text, value):
    assert tagged(nlp, text, "2021-06-09")[0][1:] == (value, "SET")


def test_a_forecast_quarter_is_not_the_period_a_report_compares_with(nlp):
    text = ("The mill posted a drop in third-quarter profit. Analysts expect losses through the third "
            "quarter of 1990. In the year-ago period, the mill earned $10 million.")
    assert tagged(nlp, text, "1989-10-26")[-1][:2] == ("the year-ago period", "1988-Q3")


@pytest.mark.parametrize("text", [
    "That sale could still fall through if the bank balks.",
    "The old regime would eventually fall.",
    'The mayor, speaking on the radio show "This Week," said the ferry would run.',
])
def test_a_verb_or_a_quoted_title_is_no_date(nlp, text):
    assert tagged(nlp, text, "1989-10-26") == []


def test_a_chronology_in_the_present_is_not_pushed_into_next_year(nlp):
    text = "5 March : Ferry runs aground , stranding 40 passengers 12 March : Harbor reopens ."
    assert [v for _t, v, _k in tagged(nlp, text, "2021-09-08")] == ["2021-03-05", "2021-03-12"]


def test_a_present_that_tells_what_is_scheduled_near_ahead_stays_ahead(nlp):
    assert tagged(nlp, "The ferry festival opens on April 20.", "2021-03-01")[0][1] == "2021-04-20"


@pytest.mark.parametrize("text,value", [
    ("The singer died on 25 June , 2009 , at his home .", "2009-06-25"),  # tokenized text: a space before the comma
    ("The mill opened on Monday , June 28 , 1954 .", "1954-06-28"),
    ("In March , 1999 , the tour began .", "1999-03"),
])
def test_a_date_in_tokenized_text_keeps_its_year(nlp, text, value):
    assert tagged(nlp, text, "2011-06-30")[0][1] == value


@pytest.mark.parametrize("text", ["About 1000s of fans came to the pier.", "A flood ~ 1000s dead , towns still empty ."])
def test_a_bare_hundreds_plural_is_thousands_not_a_century(nlp, text):
    assert tagged(nlp, text, "2021-06-09") == []
