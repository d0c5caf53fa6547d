"""Exports (exports.py): TimelineJS3 slides, schema.org dates and short texts say no more than is known."""

from datetime import datetime, timezone

import pytest

from generator.exports import SHORT_TEXT, bounds, iso8601, short_text, timelinejs_item
from generator.model import Event, Source
from generator.temporal import parse

# The keys of the TimelineJS3 JSON format (timeline.knightlab.com/docs/json-format.html).
SLIDE_KEYS = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink",
              "unique_id"}
DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
RANGES = {"month": (1, 12), "day": (1, 31), "hour": (0, 24), "minute": (0, 59), "second": (0, 59)}


def assert_timelinejs_slide(slide: dict) -> None:
    """A slide as TimelineJS3 reads it: known keys only, whole numbers in range, a headline, and a
    date object never more precise than its coarsest missing field (no day without a month)."""
    assert set(slide) <= SLIDE_KEYS and "start_date" in slide and slide["text"]["headline"]
    assert set(slide["text"]) <= {"headline", "text"}
    for key in ("start_date", "end_date"):
        date = slide.get(key)
        if date is None:
            continue
        assert set(date) <= DATE_KEYS and isinstance(date["year"], int)
        fields = [f for f in ("month", "day", "hour", "minute", "second") if f in date]
        assert fields == ["month", "day", "hour", "minute", "second"][:len(fields)]  # no gaps: nothing guessed
        for f in fields:
            low, high = RANGES[f]
            assert isinstance(date[f], int) and low <= date[f] <= high


def event(timex: str, text: str = "The harbour board opened the new ferry pier.", mod: str | None = None,
          tags: tuple[str, ...] = ()) -> Event:
    published = datetime(2022, 5, 3, tzinfo=timezone.utc)
    source = Source("pier-opens", "Pier opens <at last>", "", text, "s-0", "", published, 0)
    return Event("event-pier", parse(timex), mod, None, text, (), tags, (source,))


def slide(timex: str, **kwargs) -> dict:
    made = timelinejs_item(event(timex, **kwargs), lambda slug: f"https://example.org/articles/{slug}/")
    assert_timelinejs_slide(made)
    return made


@pytest.mark.parametrize("timex,start,end", [
    ("2021", {"year": 2021}, None),
    ("2021-12", {"year": 2021, "month": 12}, None),
    ("2021-12-03", {"year": 2021, "month": 12, "day": 3}, None),
    ("2021-12-03TMO", {"year": 2021, "month": 12, "day": 3}, None),  # a morning's hours are a convention
    ("2021-12-03T15:30", {"year": 2021, "month": 12, "day": 3, "hour": 15, "minute": 30}, None),
    ("2021-SP", {"year": 2021}, None),  # a season's months are a convention too
    ("2021-H2", {"year": 2021, "month": 7}, {"year": 2021, "month": 12}),
    ("2021-Q1", {"year": 2021, "month": 1}, {"year": 2021, "month": 3}),
    ("2022-W45", {"year": 2022, "month": 11, "day": 7}, {"year": 2022, "month": 11, "day": 13}),
    ("2022-W45-WE", {"year": 2022, "month": 11, "day": 12}, {"year": 2022, "month": 11, "day": 13}),
    ("197", {"year": 1970}, {"year": 1979}),
    ("17", {"year": 1700}, {"year": 1799}),
    ("2012/2016", {"year": 2012}, {"year": 2016}),
    ("2019-03/2021", {"year": 2019, "month": 3}, {"year": 2021}),
    ("199/2021-Q2", {"year": 1990}, {"year": 2021, "month": 6}),
    ("BC0044-03-15", {"year": -44, "month": 3, "day": 15}, None),
    ("BC048", {"year": -489}, {"year": -480}),
])
def test_timelinejs_dates_carry_only_the_known_precision(timex, start, end):
    made = slide(timex)
    assert {k: v for k, v in made["start_date"].items() if k != "display_date"} == start
    assert made.get("end_date") == end


def test_the_date_shown_is_the_label_dateline_shows_and_the_headline_is_the_text():
    made = slide("2021-12", text="The ferry crew went on strike for better pay.", mod="END")
    assert made["display_date"] == made["start_date"]["display_date"] == "Late December 2021"
    assert made["text"]["headline"] == "The ferry crew went on strike for better pay."
    assert "<p>" not in made["text"]["text"]  # the headline already says it all
    assert 'href="https://example.org/articles/pier-opens/#s-0">Pier opens &lt;at last&gt;</a>' in made["text"]["text"]


def test_a_long_text_gets_a_short_headline_and_the_whole_text_below():
    text = ("The harbour board voted on Tuesday to lease the old customs house to a rowing club, "
            "ending years of argument over whether the building should be sold to developers.")
    made = slide("2021-12-07", text=text, tags=("harbour & <board>",))
    headline = made["text"]["headline"]
    assert len(headline) <= SHORT_TEXT and headline.endswith("…") and text.startswith(headline[:-1])
    assert made["text"]["text"].startswith(f"<p>{text}</p>")
    assert made["group"] == "harbour &amp; &lt;board&gt;"


@pytest.mark.parametrize("text,short", [
    ("The pier opened.", "The pier opened."),
    ("word " * 30, "word " * 19 + "word…"),
    ("a" * 150, "a" * (SHORT_TEXT - 1) + "…"),  # no space to cut at: cut in the word
    ("The board met, " + "x" * 90, "The board met, " + "x" * (SHORT_TEXT - 16) + "…"),
])
def test_a_short_text_is_cut_between_words(text, short):
    assert short_text(text) == short and len(short_text(text)) <= SHORT_TEXT


def test_a_cut_after_a_comma_drops_the_comma():
    assert short_text("The ferry ran late, " + "and then " * 12) == "The ferry ran late, " + "and then " * 8 + "and…"
    stopped = "Ferries, buses, trams, trains and the night bus all stopped"
    assert short_text(stopped, limit=24) == "Ferries, buses, trams…"


@pytest.mark.parametrize("timex,mod,iso", [
    ("2021", None, "2021"),
    ("2021-12", None, "2021-12"),
    ("2021-12-03", None, "2021-12-03"),
    ("2021-12-03TNI", None, "2021-12-03"),
    ("2021-12-03T15:30", None, "2021-12-03T15:30"),
    ("2021-H1", None, "2021-01/2021-06"),
    ("2022-W45", None, "2022-11-07/2022-11-13"),
    ("198", "END", "1980/1989"),
    ("2012/2016", None, "2012/2016"),
    ("2020", "BEFORE", "../2020"),
    ("2022-11", "ON_OR_AFTER", "2022-11/.."),
    ("BC0480", None, "-0479"),  # ISO 8601 counts a year 0: 1 BC
    ("BC0001", None, "0000"),
])
def test_iso8601_is_the_known_precision_never_a_midnight(timex, mod, iso):
    assert iso8601(parse(timex), mod) == iso


def test_a_span_of_one_unit_is_that_unit():
    assert bounds(parse("2021-12/2021-12")) == (parse("2021-12"), None)


# ---- the built site's exports ---------------------------------------------------------------

def built(root, *flags):
    """Build the site at ``root`` with the command line's flags; its events.json and timelinejs.json."""
    import json

    from generator.cli import main
    assert main(["build", str(root), "--force", *flags]) == 0
    out = root / "output"
    return (json.loads((out / "events.json").read_text())["events"],
            json.loads((out / "timelinejs.json").read_text())["events"])


def test_timelinejs_exports_the_key_events_and_every_event_when_asked(make_site):
    root = make_site()
    events, slides = built(root)
    key = [e for e in events if e["key"]]
    assert 0 < len(key) < len(events)
    assert [s["unique_id"] for s in slides] == [e["id"] for e in key]
    _, slides = built(root, "--all")
    assert [s["unique_id"] for s in slides] == [e["id"] for e in events]
    (root / "dateline.toml").write_text((root / "dateline.toml").read_text() + 'timelinejs = "all"\n')
    _, slides = built(root)
    assert len(slides) == len(events)


def test_timelinejs_exports_every_event_when_there_are_no_key_events(make_site):
    root = make_site()
    events, slides = built(root, "--key-events", "0")
    assert not any(e["key"] for e in events) and [s["unique_id"] for s in slides] == [e["id"] for e in events]


def test_every_slide_follows_the_timelinejs3_format_and_shows_the_dateline_label(make_site):
    events, slides = built(make_site(), "--all")
    by_id = {e["id"]: e for e in events}
    for made in slides:
        assert_timelinejs_slide(made)
        known = by_id[made["unique_id"]]
        assert made["display_date"] == made["start_date"]["display_date"] == known["date"]["label"]
        assert made["text"]["headline"] == short_text(known["text"]) != known["date"]["label"]


def test_json_ld_parses_and_dates_each_entry_at_its_precision(make_site):
    import json
    import re
    root = make_site()
    events, _ = built(root)
    coverage = {iso8601(parse(e["date"]["value"]), e["date"]["mod"]) for e in events}
    for page in (root / "output").rglob("*.html"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.S):
            node = json.loads(block)
            assert node["@type"] == "CreativeWork" and node["temporalCoverage"] in coverage
            assert "T00:00" not in block and "startDate" not in block and "location" not in block
    index = (root / "output" / "index.html").read_text()
    assert index.count("application/ld+json") == len(events)
    assert '"temporalCoverage": "2019"' in index and '"temporalCoverage": "2021-03"' in index


def test_feed_entries_show_the_event_label_and_the_short_text(make_site):
    from xml.dom import minidom
    root = make_site()
    (root / "content" / "long.md").write_text(
        "---\ndate: 2021-06-20\n---\nIn 2020 the library board agreed to move the reading room to the old "
        "fire station on Quay Street, a plan that the council then put off for a year.\n")
    events, _ = built(root)
    expected = {(f"{e['date']['label']}: {short_text(e['text'])}", f"{e['date']['label']}. {e['text']}")
                for e in events}
    feed = minidom.parse(str(root / "output" / "feed.xml"))
    made = {(entry.getElementsByTagName("title")[0].firstChild.data,
             entry.getElementsByTagName("summary")[0].firstChild.data) for entry in feed.getElementsByTagName("entry")}
    assert made == expected
    assert any(title.startswith("2020: In 2020 the library board") and title.endswith("…") for title, _ in made)
