"""A live page's entries: each stamp (a paragraph of one ``<time datetime>``) is kept out of the
text the engine reads and dates what its entry reports without a date; the page still shows it."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator import config, site
from generator.entries import posted_at, stamped
from generator.markup import plain_text

LIVE = Path(__file__).parent / "import_pages" / "expected" / "live-blog.md"
BODY = ('<time datetime="2023-01-21T15:40:00+00:00">15:40</time>\n\nThe office lifted the warning.\n\n'
        '<time datetime="2023-01-21T12:05:00+00:00">12:05</time>\n\nVolunteers filled sandbags.\n')


def test_stamps_are_blanked_with_offsets_kept_and_each_entry_knows_when_it_was_posted():
    plain = plain_text(BODY, "markdown")
    live = stamped(plain, BODY)
    assert len(live.text) == len(plain.text) and "15:40" not in live.text and "12:05" not in live.text
    assert [p.strip() for p in live.text.split("\n\n") if p.strip()] == ["The office lifted the warning.", "Volunteers filled sandbags."]
    utc = timezone.utc
    assert posted_at(live.entries, live.text.index("The office")) == datetime(2023, 1, 21, 15, 40, tzinfo=utc)
    assert posted_at(live.entries, live.text.index("Volunteers")) == datetime(2023, 1, 21, 12, 5, tzinfo=utc)


@pytest.mark.parametrize("body", [
    'At <time datetime="2023-01-21T15:40:00+00:00">15:40</time> the office lifted the warning.\n',  # prose
    '<time datetime="2023-01-21">Saturday</time>\n\nThe office lifted the warning.\n',  # a day, no time
    '<time datetime="soon">15:40</time>\n\nThe office lifted the warning.\n',
    '<time datetime="2023-01-21T15:40">15:40</time>\nThe office lifted the warning.\n',  # inside a paragraph
])
def test_what_is_no_stamp_stays_text(body):
    plain = plain_text(body, "markdown")
    assert stamped(plain, body) == plain and stamped(plain, body).entries == ()


def test_before_the_first_entry_there_is_no_entry_time():
    live = stamped(plain_text("An introduction.\n\n" + BODY, "markdown"), "An introduction.\n\n" + BODY)
    assert posted_at(live.entries, 0) is None


@pytest.fixture
def live_site(make_site):
    root = make_site()
    shutil.rmtree(root / "content")
    (root / "content").mkdir()
    shutil.copy(LIVE, root / "content" / "floods.md")
    site.build(config.load(root))
    return root


def test_a_happening_an_entry_reports_is_dated_at_the_entrys_time(live_site):
    events = json.loads((live_site / "output" / "events.json").read_text())["events"]
    by_text = {e["text"].split()[0]: e for e in events}
    volunteers = by_text["Volunteers"]
    # 12:05 UTC, told in the site's zone (America/New_York) as its every time is
    assert volunteers["date"]["value"] == "2023-01-21T07:05" and volunteers["date"]["basis"] == "publication"
    assert volunteers["sources"][0]["basis"]["anchor"] == "entry"
    assert by_text["The"]["date"]["value"] == "2023-01-21T10:40"  # The Environment Office has lifted ...
    assert not any(e["text"].strip().startswith(("15:40", "12:05")) for e in events)


def test_the_article_page_shows_each_entrys_time_above_it(live_site):
    html = (live_site / "output" / "articles" / "floods" / "index.html").read_text()
    assert '<p><time datetime="2023-01-21T09:30:00+00:00">09:30</time></p>' in html


def test_review_tells_a_live_entrys_happening_at_the_entrys_time(live_site):
    from generator import review
    cfg = config.load(live_site)
    items = [i for i in review.items(site.gather(cfg, site.BuildReport()), cfg) if i.kind == "undated"]
    volunteers = next(i for i in items if "sandbags" in i.sentence)
    assert "(2023-01-21T07:05)" in volunteers.decision and "entry's time" in volunteers.evidence
    assert 'date: "2023-01-21T07:05"' in volunteers.snippet


MULTI_DAY = """---
title: 'Live: the flood, day by day'
date: 2023-01-21T14:00:00+00:00
---
<time datetime="2023-01-22T15:00:00+00:00">Sunday 10:00</time>

The council met in emergency session yesterday to approve the repairs. The first crews arrived at the weir this morning.

<time datetime="2023-01-21T14:00:00+00:00">Saturday 09:00</time>

The river burst its banks at Hollin this morning.
"""


def test_an_entry_of_a_later_day_reads_its_days_against_that_day(make_site):
    root = make_site()
    shutil.rmtree(root / "content")
    (root / "content").mkdir()
    (root / "content" / "days.md").write_text(MULTI_DAY)
    site.build(config.load(root))
    events = json.loads((root / "output" / "events.json").read_text())["events"]
    dated = {e["text"].split()[1]: e["date"]["value"] for e in events}
    assert dated["council"] == "2023-01-21"  # "yesterday" of Sunday's entry, not of Saturday's publication
    assert dated["first"] == "2023-01-22TMO"  # "this morning" of Sunday
    assert dated["river"] == "2023-01-21TMO"  # Saturday's own entry is read as before
