"""Page furniture (``[furniture]`` in events.toml): recognised, and kept out of the events.

Every text here is written for the project, in the style of the pages news sites print."""

import pytest

from generator.events import furniture
from generator.words import furniture as rules

KINDS = rules()["kind"]


@pytest.mark.parametrize("kind,example", [(k["name"], ex) for k in KINDS for ex in k["examples"]])
def test_each_example_is_its_kind(kind, example):
    found = furniture(example)
    assert found and {name for _s, _e, name in found} == {kind}
    if kind in ("dateline", "update stamp", "comment stamp", "sign-off", "byline"):
        assert (found[0][0], found[-1][1]) == (0, len(example))  # the whole of it


@pytest.mark.parametrize("sentence", rules()["news"]["examples"])
def test_news_is_no_furniture(sentence):
    assert furniture(sentence) == []


def _left(text: str) -> str:
    out, at = [], 0
    for start, end, _kind in furniture(text):
        out.append(text[at:start])
        at = end
    return " ".join("".join(out + [text[at:]]).split())


def test_a_page_keeps_its_story_only():
    page = ("Flood barrier opens early\n\nOSLO | Tue Mar 1, 2011 7:40am EST\n\nOSLO (Reuters) - The city opened "
            "its flood barrier on Monday, a week ahead of schedule.\n\nEngineers said the work cost less than "
            "planned.\n\n(Reporting by Kim Doe; Editing by Sam Sample)\n\nRelated stories\n\nCity budget "
            "approved on February 3, 2011")
    assert _left(page) == ("Flood barrier opens early OSLO (Reuters) - The city opened its flood barrier on Monday, "
                           "a week ahead of schedule. Engineers said the work cost less than planned.")


def test_readers_comments_end_the_story():
    page = ("The museum reopened on Saturday after two years of repairs.\n\nWhat a waste of money.\n\n"
            "Posted by: old_timer | September 24, 2008 9:22 PM | Report abuse\n\nI went on Sunday and loved it.\n\n"
            "Posted by: Jan | September 25, 2008 8:01 AM | Report abuse")
    assert _left(page) == "The museum reopened on Saturday after two years of repairs. What a waste of money."


def test_a_live_page_loses_its_clocks_not_its_entries():
    page = ("1003 : The minister arrives at the court. 1011 : She is sworn in. 1129 : The hearing is "
            "adjourned until Tuesday.")
    assert _left(page) == "The minister arrives at the court. She is sworn in. The hearing is adjourned until Tuesday."


def test_bbc_style_stamps_go_with_their_day_and_help_link():
    assert _left("4 May 2010 Last updated at 16:20 GMT Help Rescuers reached the miners on Monday.") == \
        "Rescuers reached the miners on Monday."
    assert _left("Page last updated at 09:12 GMT , Monday , 3 May 2010 10:12 UK The talks failed .") == \
        "The talks failed ."


def test_furniture_gives_no_event_and_stays_out_of_the_texts(nlp):
    from generator.events import raw_events
    from generator.nlp import new_doc

    text = ("BERLIN | Tue Mar 1, 2011 7:40am EST BERLIN (Reuters) - The parliament passed the energy law on "
            "Monday.\n\nThe vote was close.\n\nPage last updated at 09:12 GMT , Tuesday , 1 March 2011 10:12 UK\n\n"
            "Critics called the law rushed.\n\n"
            "Posted by: skeptic | March 1, 2011 9:22 PM | Report abuse\n\nI voted for the law on Friday.")
    doc = nlp(new_doc(nlp, text, "2011-03-01"))
    events = raw_events(doc)
    texts = [e.text for e in events]
    assert not any("|" in t or "EST" in t or "updated" in t or "Report abuse" in t for t in texts)
    assert not any("voted for the law" in t for t in texts)  # a reader's comment is no report
    dated = {doc.spans["timexes"][e.timex]._.timex.value.timex for e in events if e.timex >= 0}
    assert dated == {"2011-02-28"}  # the Monday of the law; no date of the page or of the comment
    assert texts == ["The parliament passed the energy law on Monday.", "Critics called the law rushed."]
