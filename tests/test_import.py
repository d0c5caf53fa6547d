"""`dateline import`: pages (golden article files), feeds and pages over a local HTTP server,
spreadsheets with bad rows, and nothing lost or doubled on a second import.

The pages in tests/import_pages/ were written for this project in the styles of news sites;
expected/NAME.md is the article file each must become (furniture left out, metadata found).
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.cli import main
from generator.importer import import_sources, render
from generator.ingest import Options, read_page

PAGES = Path(__file__).parent / "import_pages"
FURNITURE = ("Report abuse", "cookies", "Share", "Related stories", "Most read", "Subscribe", "Sign up",
             "All rights reserved", "Comments (3)", "About time too", "Privacy")


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.html")))
def test_page_becomes_its_golden_article(name):
    written = render(read_page((PAGES / f"{name}.html").read_bytes(), name))
    assert written == (PAGES / "expected" / f"{name}.md").read_text(encoding="utf-8")
    for words in FURNITURE:
        assert words not in written.split("\n---\n", 1)[1], words


def test_date_only_in_json_ld_is_found_with_its_offset():
    assert "date: 2021-05-04T11:15:00-07:00" in (PAGES / "expected" / "jsonld-date.md").read_text()


@pytest.fixture
def server(tmp_path):
    """The fixture pages and a feed linking to one of them, served on 127.0.0.1 (the tests run offline)."""
    root = tmp_path / "www"
    shutil.copytree(PAGES, root)
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    feed = (root / "feed.rss").read_text().replace("PAGE_LINK", f"{base}/wire-story.html")
    (root / "feed.rss").write_text(feed)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield base
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def run(*argv, cwd: Path, capsys) -> tuple[int, str]:
    """``dateline import ...`` in ``cwd``: exit code and everything it printed."""
    import os
    old = os.getcwd()
    os.chdir(cwd)
    try:
        code = main(["import", *argv])
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return code, out.out + out.err


def articles(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.glob("*.md"))}


def test_url_is_fetched_and_imported(server, tmp_path, capsys):
    code, printed = run(f"{server}/reader-comments.html", cwd=tmp_path, capsys=capsys)
    assert code == 0, printed
    [(name, text)] = articles(tmp_path / "content").items()
    assert name == "2022-09-08-library-extension-approved-after-two-year-wait.md"
    assert text == (PAGES / "expected" / "reader-comments.md").read_text()
    assert "imported 1," in printed


def test_unreachable_address_is_one_line(tmp_path, capsys):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, printed = run(f"http://127.0.0.1:{port}/story.html", cwd=tmp_path, capsys=capsys)
    assert code == 1
    [line] = [line for line in printed.splitlines() if line.startswith("dateline:")]
    assert line.startswith(f"dateline: http://127.0.0.1:{port}/story.html: cannot fetch (")
    assert line.endswith("check the address and that this machine is online")
    assert not (tmp_path / "content").exists() or not list((tmp_path / "content").iterdir())


def test_missing_page_names_the_server_answer(server, tmp_path, capsys):
    code, printed = run(f"{server}/gone.html", cwd=tmp_path, capsys=capsys)
    assert code == 1
    assert f"dateline: {server}/gone.html: the server answered 404 File not found; check the address" in printed


def test_feed_items_are_articles_and_follow_reads_the_linked_page(server, tmp_path, capsys):
    code, printed = run(f"{server}/feed.rss", "--into", "a", cwd=tmp_path, capsys=capsys)
    assert code == 1  # the third item has no text
    got = articles(tmp_path / "a")
    first = got["2023-03-15-pilots-and-port-authority-agree-to-resume-talks.md"]
    assert "date: 2023-03-15T16:05:00-04:00\n" in first and "source: 'Northgate Wire: Ports'" in first
    assert "image: https://wire.example.org/img/talks.jpg\nimage_credit: Tess Arbogast\n" in first
    assert "tags: [labour]" in first
    assert got["2023-03-16-ferries-sail-again-after-pilots-end-strike.md"].endswith("---\nCrossings resumed at dawn.\n")
    assert "feed.rss, item 3: the item has no text; import it with --follow" in printed
    code, printed = run(f"{server}/feed.rss", "--into", "b", "--follow", cwd=tmp_path, capsys=capsys)
    followed = articles(tmp_path / "b")
    [page] = [t for t in followed.values() if "Harbour pilots in Port Ellery walked off" in t]
    assert "title: Harbour pilots strike halts ferry crossings" in page  # the page's own, over the item's


def test_second_import_skips_and_a_changed_source_is_reported_then_updated(tmp_path, capsys):
    page = tmp_path / "story.html"
    page.write_bytes((PAGES / "wire-story.html").read_bytes())
    assert run(str(page), cwd=tmp_path, capsys=capsys)[0] == 0
    [path] = (tmp_path / "content").glob("*.md")
    code, printed = run(str(page), cwd=tmp_path, capsys=capsys)
    assert "skipped 1 as duplicate" in printed and len(list((tmp_path / "content").iterdir())) == 1
    edited = path.read_text().replace("---\nPORT", "corrections:\n- text: Tuesday\n  value: 2023-03-14\n---\nPORT")
    path.write_text(edited)
    page.write_text(page.read_text().replace("about four thousand", "about five thousand"))
    code, printed = run(str(page), cwd=tmp_path, capsys=capsys)
    assert "1 changed and not replaced" in printed and path.read_text() == edited  # never overwritten
    code, printed = run(str(page), "--update", cwd=tmp_path, capsys=capsys)
    assert "updated 1" in printed
    text = path.read_text()
    assert "about five thousand" in text and "corrections:\n- text: Tuesday" in text
    assert len(list((tmp_path / "content").iterdir())) == 1


def test_same_text_at_another_address_is_a_duplicate(tmp_path, capsys):
    page = tmp_path / "copy.html"
    page.write_text((PAGES / "wire-story.html").read_text().replace("wire.example.org/2023", "mirror.example.org/x"))
    run(str(PAGES / "wire-story.html"), cwd=tmp_path, capsys=capsys)
    code, printed = run(str(page), cwd=tmp_path, capsys=capsys)
    assert "skipped 1 as duplicate" in printed


def test_editor_date_survives_update_of_a_page_without_one(tmp_path, capsys):
    page = tmp_path / "undated.html"
    page.write_bytes((PAGES / "undated.html").read_bytes())
    code, printed = run(str(page), cwd=tmp_path, capsys=capsys)
    assert "no publication date found" in printed and "1 without a date to fill in" in printed
    [path] = (tmp_path / "content").glob("*.md")
    assert path.name == "ferry-timetable-changes-explained.md" and "\ndate:\n" in path.read_text()
    path.write_text(path.read_text().replace("\ndate:\n", "\ndate: 2023-02-01\n"))
    page.write_text(page.read_text().replace("fifteen minutes", "twenty minutes"))
    run(str(page), "--update", cwd=tmp_path, capsys=capsys)
    assert "\ndate: 2023-02-01\n" in path.read_text() and "twenty minutes" in path.read_text()


def test_dry_run_writes_nothing(tmp_path, capsys):
    code, printed = run(str(PAGES), "--dry-run", cwd=tmp_path, capsys=capsys)
    assert code == 0 and "would import 5" in printed
    assert not (tmp_path / "content").exists()


def test_timelinejs_sheet_is_one_article_of_events_and_bad_rows_are_named(tmp_path):
    report = import_sources([str(PAGES / "timelinejs.csv")], tmp_path)
    failed = [(o.origin.rsplit(":", 1)[1], o.reason) for o in report.outcomes if o.kind == "failed"]
    assert failed == [("5", "Month `13` is out of range; write a number from 1 to 12"),
                      ("6", "no Year; give the year of the event")]
    [path] = tmp_path.glob("*.md")
    assert path.name == "2023-03-16-the-port-ellery-pilots-strike.md"
    import yaml
    meta = yaml.safe_load(path.read_text().split("---\n")[1])
    assert meta["title"] == "The Port Ellery pilots' strike" and meta["summary"] == "Two days that stopped the ferries."
    assert [(str(e["date"]), e["text"]) for e in meta["events"]] == [
        ("2023-03-09", "Rest-period talks break down"), ("2023-03-14T07:00", "Pilots walk off the job"),
        ("2023-03-16T06:30", "Ferries sail again")]
    walk = meta["events"][1]
    assert walk["end"] == "2023-03-16" and walk["image_credit"] == "Dana Whitcombe" and walk["group"] == "strike"


def test_a_sheets_video_is_kept_as_media_not_shown_as_a_picture(tmp_path):
    sheet = tmp_path / "sheet.csv"
    header = (PAGES / "timelinejs.csv").read_text().splitlines()[0]
    sheet.write_text(f"{header}\n2023,3,1,,,,,,,Harbour film,,https://video.example.org/watch?v=abc,Ferry Films,,,,,\n"
                     f"2023,3,2,,,,,,,Quay photo,,https://pictures.example.org/quay.JPG?w=800,,,,,,\n")
    import_sources([str(sheet)], tmp_path / "content")
    [path] = (tmp_path / "content").glob("*.md")
    import yaml
    film, photo = yaml.safe_load(path.read_text().split("---\n")[1])["events"]
    assert film["media"] == "https://video.example.org/watch?v=abc" and "image" not in film
    assert photo["image"] == "https://pictures.example.org/quay.JPG?w=800"


@pytest.mark.parametrize("cells, reason", [
    ("2023,2,30,,,,,,,Day that is not,,,,,,,,", "Year/Month/Day 2023-2-30 is not a day of the calendar"),
    ("2023,,4,,,,,,,Day without month,,,,,,,,", "Day is given without Month; give the month too"),
    ("2023,3,4,half past,,,,,,Bad time,,,,,,,,", "Time `half past` is not a time of day; write it as 14:30 or 2:30 PM"),
    ("2023,3,4,,2023,3,1,,,Ends before,,,,,,,,", "End Year/Month/Day 2023-03-01 is before the start 2023-03-04; swap them"),
    ("twenty,3,4,,,,,,,Word year,,,,,,,,", "Year `twenty` is not a number; write it as a number (1 to 9998)"),
    ("2023,3,4,,,,,,,,,,,,,,,", "no Headline or Text; write what happened in Headline"),
])
def test_timelinejs_bad_row(tmp_path, cells, reason):
    sheet = tmp_path / "sheet.csv"
    header = (PAGES / "timelinejs.csv").read_text().splitlines()[0]
    sheet.write_text(f"{header}\n2023,3,1,,,,,,,A good row,,,,,,,,\n{cells}\n")
    report = import_sources([str(sheet)], tmp_path / "content")
    assert [(o.origin, o.reason) for o in report.outcomes if o.kind == "failed"] == [(f"{sheet}:3", reason)]
    assert report.count("imported") == 1


def test_csv_of_articles_with_renamed_columns(tmp_path, capsys):
    code, printed = run(str(PAGES / "articles.csv"), "--column", "title=Headline", "--column", "date=Published",
                        "--column", "url=Link", "--column", "text=Body", cwd=tmp_path, capsys=capsys)
    assert code == 1
    assert list(articles(tmp_path / "content")) == ["2023-02-02-quay-wall-repairs-to-start-in-april.md"]
    assert "articles.csv:3: `published`: cannot read `date: the day after tomorrow`" in printed
    assert "articles.csv:4: no `body`: give the article's text" in printed
    assert "imported 1," in printed and "2 failed" in printed


def test_csv_without_known_columns_says_how_to_name_them(tmp_path, capsys):
    code, printed = run(str(PAGES / "articles.csv"), cwd=tmp_path, capsys=capsys)
    assert code == 1
    assert "articles.csv:1: no columns title, date, url, text (nor a TimelineJS sheet's Year, Headline, ...)" in printed


def test_bad_column_flag(tmp_path, capsys):
    code, printed = run(str(PAGES / "articles.csv"), "--column", "heading=Headline", cwd=tmp_path, capsys=capsys)
    assert code == 1 and "--column heading=Headline: write FIELD=NAME with FIELD one of title, date" in printed


def test_json_lines(tmp_path):
    lines = tmp_path / "items.jsonl"
    lines.write_text(json.dumps({"title": "Quay reopens", "date": "2023-05-02T09:00:00+01:00",
                                 "text": "The quay reopened to ferries this morning.", "tags": ["ports"]}) + "\n"
                     + "[1, 2]\n" + "{broken\n")
    report = import_sources([str(lines)], tmp_path / "content", options=Options())
    assert [(o.kind, o.origin.rsplit(":", 1)[1]) for o in report.outcomes] == [
        ("imported", "1"), ("failed", "2"), ("failed", "3")]
    text = (tmp_path / "content" / "2023-05-02-quay-reopens.md").read_text()
    assert "date: 2023-05-02T09:00:00+01:00\n" in text and "tags: [ports]" in text


def test_missing_source_and_empty_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, printed = run("nothing.html", "empty", cwd=tmp_path, capsys=capsys)
    assert code == 1
    assert "dateline: nothing.html: no such file or folder" in printed
    assert "dateline: empty: no saved pages (.html, .htm, .xhtml files) in this folder" in printed


@pytest.mark.model
def test_imported_sheet_and_pages_build_a_site(make_site, capsys):
    root = make_site()
    shutil.rmtree(root / "content")
    code, printed = run(str(PAGES / "timelinejs.csv"), str(PAGES / "wire-story.html"), str(PAGES / "feed.rss"),
                        cwd=root, capsys=capsys)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-j1"], cwd=root, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    events = json.loads((root / "output" / "events.json").read_text())["events"]
    texts = {e["text"] for e in events}
    assert {"Rest-period talks break down", "Pilots walk off the job", "Ferries sail again"} <= texts
    sources = {s["article"] for e in events for s in e["sources"]}
    assert any("/2023-03-14-harbour-pilots-strike-halts-ferry-crossings/" in a for a in sources)  # the page's own


LD_PAGE = """<html><head><script type="application/ld+json">{broken</script>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebPage", "url": "https://news.example.org/section"},
 {"@type": ["NewsArticle"], "mainEntityOfPage": {"@id": "https://news.example.org/2024/quay"},
  "image": ["https://news.example.org/quay.jpg"],
  "author": [{"@type": "Person", "name": "Ada Brenn"}, {"@type": "Person", "name": "Joss Merrow"}],
  "publisher": {"@type": "Organization", "name": "Harbour Post"}}]}</script></head><body></body></html>"""


def test_json_ld_article_fields_are_read_from_a_graph_past_broken_scripts():
    import lxml.html
    from generator.webpage import LinkedData, linked_data
    assert linked_data(lxml.html.document_fromstring(LD_PAGE)) == LinkedData(
        url="https://news.example.org/2024/quay", image="https://news.example.org/quay.jpg",
        author="Ada Brenn, Joss Merrow", publisher="Harbour Post")


def test_a_fetched_page_is_named_by_its_json_ld_address_not_the_one_it_was_fetched_from(server, tmp_path, capsys):
    code, printed = run(f"{server}/jsonld-date.html", cwd=tmp_path, capsys=capsys)
    assert code == 0, printed
    [text] = articles(tmp_path / "content").values()
    assert text == (PAGES / "expected" / "jsonld-date.md").read_text()


LIVE_PAGE = """<html><head><title>Live: count day</title>
<meta property="article:published_time" content="2024-05-02T22:00:00+01:00"></head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<main><article><h1>Live: count day</h1>
<p class="byline">Updated <time datetime="2024-05-03T08:00:00+01:00">8am</time></p>
<div class="post"><p><time datetime="2024-05-03T07:45:00+01:00">07:45</time> The last ballot boxes from the island
wards reached the count hall after the ferry was delayed by fog in the channel for almost two hours.</p>
<p>Returning officer Mags Orrin said the island result would be declared before nine.</p></div>
<div class="post"><p><time datetime="2024-05-03T01:20:00+01:00">01:20</time> The first ward to declare, Quayside, re-elected
its sitting councillor with a majority of four hundred and twelve votes on a turnout of forty per cent.</p></div>
<div class="post"><p><time datetime="2024-05-02T23:10:00+01:00">23:10</time> Counting staff opened the first boxes
from the town wards a little after eleven, with turnout said to be higher than at the last election.</p></div>
</article>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><time datetime="2024-05-03T07:50:00+01:00">07:50</time><p>Still waiting here in the hall.</p></div>
<div class="comment"><time datetime="2024-05-03T07:55:00+01:00">07:55</time><p>Fog again, every single year.</p></div>
<div class="comment"><time datetime="2024-05-03T07:58:00+01:00">07:58</time><p>Any word on the north ward?</p></div>
</section></main><footer>Contact us. Terms.</footer></body></html>"""


def test_live_entries_keep_their_times_as_stamps_of_their_own():
    body = render(read_page(LIVE_PAGE, "live")).split("\n---\n", 1)[1]
    assert body.startswith('<time datetime="2024-05-03T07:45:00+01:00">07:45</time>\n\nThe last ballot boxes')
    assert "two hours.\n\nReturning officer Mags Orrin" in body  # an entry's second paragraph has no stamp
    assert '\n\n<time datetime="2024-05-02T23:10:00+01:00">23:10</time>\n\nCounting staff opened' in body
    assert "Still waiting" not in body and "07:50" not in body and "8am" not in body  # comments, byline


def test_a_live_entrys_header_with_its_writer_is_no_part_of_its_text():
    page = LIVE_PAGE.replace('<div class="post"><p><time datetime="2024-05-03T01:20:00+01:00">01:20</time> The first',
                             '<div class="post"><header><time datetime="2024-05-03T01:20:00+01:00">01:20</time> '
                             '<span class="author">Posted by Ilse Varn</span></header><p>The first')
    body = render(read_page(page, "live")).split("\n---\n", 1)[1]
    assert '<time datetime="2024-05-03T01:20:00+01:00">01:20</time>\n\nThe first ward to declare' in body


def test_a_page_with_one_time_is_no_live_page():
    page = LIVE_PAGE.split('<div class="post"><p><time datetime="2024-05-03T01')[0] + "</article></main></body></html>"
    assert "<time" not in render(read_page(page, "one"))


def test_keys_an_editor_adds_are_no_change_and_survive_update(tmp_path, capsys):
    page = tmp_path / "story.html"
    page.write_text((PAGES / "reader-comments.html").read_text())
    run(str(page), cwd=tmp_path, capsys=capsys)
    [path] = (tmp_path / "content").glob("*.md")
    path.write_text(path.read_text().replace("\ntags:", "\ndraft: true\nsummary: The wing is approved.\ntags:"))
    code, printed = run(str(page), cwd=tmp_path, capsys=capsys)
    assert "skipped 1 as duplicate" in printed  # keys added or moved: the same article
    page.write_text(page.read_text().replace("forty desks", "fifty desks"))
    run(str(page), "--update", cwd=tmp_path, capsys=capsys)
    text = path.read_text()
    assert "fifty desks" in text and "draft: true" in text and "summary: The wing is approved." in text


def test_a_picture_saved_by_fetch_media_is_no_change_on_a_plain_import(tmp_path, capsys):
    page = tmp_path / "story.html"
    page.write_text((PAGES / "wire-story.html").read_text())
    run(str(page), cwd=tmp_path, capsys=capsys)
    [path] = (tmp_path / "content").glob("*.md")
    path.write_text(path.read_text().replace("image: https://wire.example.org/img/pilots-quay.jpg",
                                             "image: media/pilots-quay.jpg"))  # as --fetch-media leaves it
    code, printed = run(str(page), cwd=tmp_path, capsys=capsys)
    assert "skipped 1 as duplicate" in printed
    page.write_text(page.read_text().replace("six ferries", "seven ferries"))
    run(str(page), "--update", cwd=tmp_path, capsys=capsys)
    assert "image: media/pilots-quay.jpg\n" in path.read_text() and "seven ferries" in path.read_text()
