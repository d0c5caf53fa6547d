"""End to end: a small site built in a temporary folder, its pages, links, data and guarantees."""

import json
import os
import re
from pathlib import Path

import pytest

from generator import config, render, site, themes
from generator.live import LiveBuild
from generator.errors import ContentError, ThemeError
from tests.linkcheck import broken_links


def build(root: Path, **kwargs):
    cfg = config.load(root)
    return cfg, site.build(cfg, **kwargs)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_the_site(make_site):
    cfg, report = build(make_site())
    out = cfg.output_path
    files = set(tree(out))
    assert {"index.html", "404.html", "feed.xml", "sitemap.xml", "events.json", "timelinejs.json",
            "articles/council-vote/index.html", "articles/budget-signed/index.html", "static/style.css",
            "static/timeline.js", "actors/index.html"} <= files
    assert report.articles == 2 and report.events >= 4


def test_timeline_page_is_chronological_and_grouped(make_site):
    cfg, _ = build(make_site())
    html = (cfg.output_path / "index.html").read_text()
    html = html[html.index('<div class="timeline">'):]  # every event, beneath the key events
    assert '<h3 id="g-2019" class="group-heading">2019</h3>' in html
    assert '<h3 id="g-2021-06" class="group-heading">June 2021</h3>' in html
    labels = re.findall(r'data-value="([^"]+)"', html)
    assert labels == sorted(labels, key=lambda v: (v[:4], v))  # 2019 first, then March, June...
    assert "Monday, June 7, 2021" in html and "Tuesday, June 15, 2021" in html


def test_article_page_marks_up_every_expression(make_site):
    cfg, _ = build(make_site())
    html = (cfg.output_path / "articles/council-vote/index.html").read_text()
    assert re.search(r'<time class="timex timex-date" datetime="2021-06-07" data-value="2021-06-07" '
                     r'title="Monday, June 7, 2021" tabindex="0">Monday</time>', html)
    assert '<strong><time class="timex timex-date" datetime="2021-03"' in html  # inside Markdown emphasis
    assert 'href="https://example.org/2019/report"' in html  # the link target is not analysed
    assert re.search(r'<span class="anchor" id="s-\d+"></span>The city council voted', html)


def test_events_json_has_the_published_schema(make_site):
    cfg, _ = build(make_site())
    data = json.loads((cfg.output_path / "events.json").read_text())
    assert set(data) == {"generator", "site", "events"}
    event = data["events"][0]
    assert {"id", "date", "text", "actors", "tags", "sources"} <= set(event)
    assert set(event["date"]) == {"value", "type", "mod", "start", "end", "granularity", "label", "basis"}
    assert {e["date"]["basis"] for e in data["events"]} <= {"expression", "publication", "context", "override"}
    assert set(event["sources"][0]) == {"article", "url", "sentence", "timex", "basis"}
    assert all(s["basis"]["confidence"] in ("certain", "likely", "guess") for e in data["events"] for s in e["sources"])
    ids = [e["id"] for e in data["events"]]
    assert len(ids) == len(set(ids))


def test_events_json_ranks_every_event_and_marks_the_key_events(make_site):
    cfg, _ = build(make_site())
    events = json.loads((cfg.output_path / "events.json").read_text())["events"]
    assert sorted(e["rank"] for e in events) == list(range(1, len(events) + 1))
    key = [e for e in events if e["key"]]
    assert key and sorted(e["rank"] for e in key) == list(range(1, len(key) + 1))  # the first ranks
    assert len({e["date"]["value"] for e in key}) == len(key)  # one key event per day
    (cfg.root / "dateline.toml").write_text((cfg.root / "dateline.toml").read_text() + "key_events = 1\n")
    cfg, _ = build(cfg.root, force=True)
    events = json.loads((cfg.output_path / "events.json").read_text())["events"]
    assert [e["rank"] for e in events if e["key"]] == [1]


@pytest.mark.parametrize("base_url", ["/", "/sub/path/", "https://example.org/sub/path/"])
def test_every_link_resolves(make_site, base_url):
    cfg, _ = build(make_site(base_url=base_url))
    assert broken_links(cfg.output_path, cfg.base_path) == []


def example_site(tmp_path):
    """The repository's example content, built into a temporary folder (the repository stays untouched)."""
    repo = Path(__file__).resolve().parent.parent
    cfg = config.load(repo)
    cfg = type(cfg)(**{**cfg.__dict__, "output_dir": str(tmp_path / "out")})
    return cfg, site.build(cfg, use_cache=False)


def test_links_resolve_in_the_example_site(tmp_path):
    """The example content of the repository builds and links cleanly."""
    cfg, report = example_site(tmp_path)
    assert report.articles >= 8 and report.events >= 30
    assert broken_links(cfg.output_path, cfg.base_path) == []


def test_feed_lists_the_latest_reports_first(tmp_path):
    cfg, report = example_site(tmp_path)
    feed = (cfg.output_path / "feed.xml").read_text()
    published = {a.slug: a.published for a in site.gather(cfg).articles}
    newest = {e["id"]: max(published[s["article"].split("/")[1]] for s in e["sources"])
              for e in json.loads((cfg.output_path / "events.json").read_text())["events"]}
    listed = [newest[i] for i in re.findall(r"<id>[^<]*#(event-[0-9a-f]+)</id>", feed)]
    assert report.events > render.FEED_ENTRIES and len(listed) == render.FEED_ENTRIES
    assert listed == sorted(listed, reverse=True)
    assert sorted(newest.values(), reverse=True)[:render.FEED_ENTRIES] == listed


def test_events_json_has_one_event_per_line(make_site):
    cfg, report = build(make_site())
    lines = (cfg.output_path / "events.json").read_text().splitlines()
    events = [json.loads(line.rstrip(",")) for line in lines[1:-1]]
    assert len(events) == report.events and json.loads("\n".join(lines))["events"] == events


def test_two_builds_are_byte_identical(make_site, tmp_path):
    root = make_site()
    cfg, _ = build(root)
    first = tree(cfg.output_path)
    build(root, use_cache=False)
    assert tree(cfg.output_path) == first
    build(root, force=True)
    assert tree(cfg.output_path) == first


def test_a_failed_build_leaves_the_previous_site(make_site):
    root = make_site()
    cfg, _ = build(root)
    before = tree(cfg.output_path)
    (root / "content" / "broken.md").write_text("---\ntitle: no date\n---\nText\n")
    with pytest.raises(ContentError, match="missing `date`"):
        build(root)
    assert tree(cfg.output_path) == before


def test_an_error_while_writing_leaves_the_previous_site(make_site, monkeypatch):
    root = make_site()
    cfg, _ = build(root)
    before = tree(cfg.output_path)

    def explode(*args, **kwargs):
        raise OSError("disk full")
    from generator import writer
    monkeypatch.setattr(writer, "swap_in", explode)
    with pytest.raises(OSError):
        build(root, force=True)
    assert tree(cfg.output_path) == before
    assert [p.name for p in cfg.root.iterdir() if p.name.startswith(".output")] == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_template_error_fails_before_writing(make_site, monkeypatch, jobs):
    """Also when pages are rendered in forked processes: the page's own error, the old site intact."""
    from generator import writer
    monkeypatch.setattr(writer, "PARALLEL_PAGES", 1)
    root = make_site()
    cfg, _ = build(root)
    before = tree(cfg.output_path)
    (root / "templates").mkdir()
    (root / "templates" / "index.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ oops }}{% endblock %}")
    with pytest.raises(ThemeError, match="'oops' is undefined"):
        build(root, jobs=jobs)
    assert tree(cfg.output_path) == before
    assert [p.name for p in cfg.root.iterdir() if p.name.startswith(".output")] == []


def test_pages_written_by_forked_processes_are_the_same(make_site, monkeypatch):
    from generator import writer
    monkeypatch.setattr(writer, "PARALLEL_PAGES", 1)
    root = make_site()
    cfg, _ = build(root, jobs=1)
    one = tree(cfg.output_path)
    build(root, jobs=2, force=True)
    assert tree(cfg.output_path) == one


def test_the_cache_is_used_on_the_second_build(make_site):
    root = make_site()
    _, first = build(root)
    _, second = build(root, force=True)
    assert (first.analysed, second.analysed, second.cached) == (2, 0, 2)


def test_newsroom_theme_builds(make_site):
    cfg, _ = build(make_site(theme="newsroom"))
    html = (cfg.output_path / "index.html").read_text()
    assert "static/newsroom.css" in html and "static/style.css" in html
    assert broken_links(cfg.output_path) == []


def test_serve_redoes_only_what_changed(make_site):
    root = make_site()
    cfg = config.load(root)
    live = LiveBuild(cfg)
    first = live.rebuild(cfg)
    full = tree(cfg.output_path)
    again = live.rebuild(cfg)
    assert (again.rendered, again.reused, again.written) == (0, first.rendered, 0)
    assert tree(cfg.output_path) == full
    article = root / "content" / "budget-signed.txt"
    article.write_text(article.read_text() + "\nA footnote without dates.\n")
    edited = live.rebuild(cfg)
    assert (edited.analysed, edited.rendered, edited.written) == (1, 1, 1)  # its events did not change
    incremental = tree(cfg.output_path)
    site.build(cfg, force=True)  # a full build gives the same files
    assert tree(cfg.output_path) == incremental


def test_serve_rebuild_after_a_new_event_equals_a_full_build(make_site):
    """Kept events and rendered event fragments never leave a stale page behind."""
    root = make_site()
    cfg = config.load(root)
    live = LiveBuild(cfg)
    live.rebuild(cfg)
    assert live.fragments
    article = root / "content" / "budget-signed.txt"
    article.write_text(article.read_text() + "\nThe mayor and the council met again on Jan. 5, 2022.\n")
    edited = live.rebuild(cfg)
    assert edited.analysed == 1 and edited.rendered > 1
    incremental = tree(cfg.output_path)
    site.build(cfg, force=True)
    assert tree(cfg.output_path) == incremental


def test_nothing_to_do_when_nothing_changed(make_site):
    root = make_site()
    cfg = config.load(root)
    site.build(cfg)
    again = site.build(cfg)
    assert again.up_to_date and again.summary().startswith("nothing changed")
    (cfg.output_path / "index.html").unlink()  # someone touched the output: build again
    assert not site.build(cfg).up_to_date and (cfg.output_path / "index.html").exists()
    (root / "content" / "council-vote.md").write_text((root / "content" / "council-vote.md").read_text() + "\nMore.\n")
    assert not site.build(cfg).up_to_date
    assert site.build(cfg).up_to_date
    article = root / "content" / "council-vote.md"  # an edit of the same size, its file time put back:
    text, st = article.read_text(), article.stat()  # still seen (a file is not read again only while
    article.write_text(text.replace("More.", "Less."))  # its stat, change time included, is the same)
    os.utime(article, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert not site.build(cfg).up_to_date


def test_a_path_only_base_url_gives_a_valid_feed_and_no_sitemap(make_site, caplog):
    from xml.dom import minidom
    cfg, _ = build(make_site(base_url="/"))
    assert not (cfg.output_path / "sitemap.xml").exists()
    feed = minidom.parse(str(cfg.output_path / "feed.xml"))
    ids = [node.firstChild.data for node in feed.getElementsByTagName("id")]
    assert len(ids) > 1 and all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == len(ids)
    assert "`base_url` '/' is not a full address, so sitemap.xml is left out" in caplog.text
    with pytest.raises(Exception, match="--strict"):
        build(cfg.root, force=True, strict=True)


def test_timelinejs_escapes_every_text_it_renders_as_html(make_site):
    root = make_site(title="<img src=x onerror=alert(1)>", timelinejs="all")
    (root / "content" / "tagged.md").write_text('---\ndate: 2022-11-12\ntags: ["<script>alert(2)</script>"]\n---\n'
                                                "The council met on Monday to vote.\n")
    cfg, _ = build(root)
    data = json.loads((cfg.output_path / "timelinejs.json").read_text())
    assert data["title"]["text"]["headline"] == "&lt;img src=x onerror=alert(1)&gt;"
    groups = [e["group"] for e in data["events"] if "group" in e]
    assert groups and all("<" not in g for g in groups)


def test_control_characters_never_reach_the_feed(make_site):
    from xml.dom import minidom
    root = make_site(title="Bridge \\u0001 watch")
    (root / "content" / "ctl.md").write_text('---\ndate: 2022-11-12\ntitle: "Vote \\x02 day"\n---\n'
                                             "The council voted\x03 on Monday.\n")
    cfg, _ = build(root)
    feed = (cfg.output_path / "feed.xml").read_text()
    minidom.parseString(feed)  # well-formed
    assert "Bridge  watch" in feed and "\x02" not in feed and "\x03" not in feed


def test_a_local_macro_that_shows_the_page_path_is_right_on_every_page(make_site):
    """A site's own `_macros.html` may use the page it is rendered on: each page shows its own path."""
    root = make_site()
    macros = (themes.BUILTIN_THEMES / "default" / "templates" / "_macros.html").read_text()
    (root / "templates").mkdir()
    (root / "templates" / "_macros.html").write_text(macros.replace('tabindex="-1">', 'tabindex="-1" data-page="{{ path }}">', 1))
    cfg, _ = build(root)
    pages = {p.relative_to(cfg.output_path).as_posix(): p.read_text() for p in cfg.output_path.rglob("*.html")}
    shown = {path: set(re.findall(r'data-page="([^"]*)"', text)) for path, text in pages.items()}
    assert {path for path, seen in shown.items() if seen} >= {"index.html", "articles/council-vote/index.html"}
    assert any(path.startswith("tags/") and seen for path, seen in shown.items())
    assert all(seen <= {path} for path, seen in shown.items())



def test_undated_happenings_can_be_left_out_per_site_and_per_article(make_site):
    """`undated = "skip"` leaves out what articles report without a date; an article can say otherwise."""
    root = make_site()
    settings = (root / "dateline.toml").read_text()

    def reported(undated_site=None, undated_article=None):
        (root / "dateline.toml").write_text(settings + (f'undated = "{undated_site}"\n' if undated_site else ""))
        own = f"undated: {undated_article}\n" if undated_article else ""
        (root / "content" / "ferry.md").write_text(
            f"---\ndate: 2022-11-12\n{own}---\nThe harbor board approved a new ferry schedule.\n")
        cfg, _ = build(root)
        events = json.loads((cfg.output_path / "events.json").read_text())["events"]
        return [e["date"]["basis"] for e in events if e["date"]["basis"] in ("publication", "context")]

    assert reported() == ["publication"]
    assert reported(undated_article="skip") == []
    assert reported(undated_site="skip") == []
    assert reported(undated_site="skip", undated_article="publication") == ["publication"]
