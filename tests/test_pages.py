"""Which page holds each event (pages.py), and a large site's pages as built: key events first, a page
per year or month, every link landing, serve re-rendering only the pages that changed."""

import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from generator import config, pages, themes
from generator.live import LiveBuild
from generator.model import Event, Source
from generator.pages import PAGE_EVENTS, layout
from generator.rank import Ranking
from generator.render import SiteRenderer
from generator.temporal.value import DateValue, Gran
from generator.timeline import build, event_id
from generator.writer import write_site
from tests.linkcheck import broken_links

BOARDS = ["Harbour Board", "Water Authority", "Parks Trust"]
PUBLISHED = datetime(2024, 1, 1, tzinfo=timezone.utc)


def word(n: int) -> str:
    """A made-up word of its own for every number: "kab", "keb" ..."""
    letters = ""
    while True:
        n, digit = divmod(n, 20)
        letters += "bdfgklmnprstvzhjcqwx"[digit] + "aeiou"[digit % 5]
        if not n:
            return "k" + letters


def event(value: DateValue, n: int) -> Event:
    """One dated report, told in words of its own (so that no two merge)."""
    text = f"Crews {word(3 * n)} the {word(3 * n + 1)} {word(3 * n + 2)}."
    source = Source(f"a{n % 40}", f"Notice {n % 40}", "", text, f"s-{n}", "that day", PUBLISHED, n)
    return Event(event_id(value, text), value, None, None, text, (BOARDS[n % 3],), ("harbour",), (source,))


def days(first: date, count: int, start: int = 0, every: int = 1, per_day: int = 1) -> list[Event]:
    """``count`` events, ``per_day`` every ``every`` days from ``first``, numbered from ``start``."""
    return [event(DateValue.of_day(first + timedelta(days=i // per_day * every)), start + i) for i in range(count)]


def ranked(events: list[Event], key: int = 6):
    """The timeline of ``events`` with its first ``key`` days' events as key events, one per day apart."""
    timeline = build(events)
    chosen = timeline.events[::max(1, len(timeline.events) // key)][:key]
    ranks = {e.id: n for n, e in enumerate(chosen + tuple(e for e in timeline.events if e not in chosen), 1)}
    return replace(timeline, ranking=Ranking(ranks, len(chosen)))


def test_a_small_chronology_stays_on_the_index():
    timeline = build(days(date(2022, 3, 1), 40, every=9))
    where = layout(timeline.groups)
    assert where.home == timeline.groups and where.parts == ()
    assert {where.url_of(e.id) for e in timeline.events} == {""}


def test_a_large_chronology_has_a_page_per_year_and_a_crowded_year_one_per_month():
    quiet = days(date(2019, 1, 5), 30, every=11)  # 2019: 30 events
    crowded = days(date(2020, 1, 1), PAGE_EVENTS + 100, start=100, per_day=2) + \
        [event(DateValue(Gran.MONTH, 2020, m), 5000 + m) for m in range(1, 13)] + \
        days(date(2020, 6, 1), 30, start=7000) + [event(DateValue(Gran.YEAR, 2020), 9000)]
    timeline = build(quiet + crowded)
    where = layout(timeline.groups)
    assert where.home == ()
    assert [p.url for p in where.parts] == ["timeline/2019/", "timeline/2020/"]
    y2019, y2020 = where.parts
    assert y2019.parts == () and y2019.count == 30
    assert [p.url for p in y2020.parts] == [f"timeline/2020/{m:02d}/" for m in range(1, 13)]
    assert [p.short for p in y2020.parts][:2] == ["January", "February"]
    assert [g.label for g in y2020.groups] == ["2020"]  # the year's page keeps what is known only to the year
    assert y2020.count == len(crowded) == sum(p.count for p in y2020.parts) + 1
    for e in timeline.events:  # each event on exactly the page its date says
        year = e.value.start.year
        month = e.value.start.month if e.value.gran >= Gran.MONTH else None
        expected = f"timeline/{year}/" + (f"{month:02d}/" if year == 2020 and month else "")
        assert where.url_of(e.id) == expected


def test_a_page_keeps_its_url_when_another_year_grows():
    before = days(date(2018, 2, 1), 200, every=1) + days(date(2021, 1, 3), 350, start=1000, every=1)
    grown = before + days(date(2021, 3, 1), PAGE_EVENTS, start=5000, every=0)  # 2021 becomes crowded
    old, new = (layout(build(events).groups) for events in (before, grown))
    assert [p.url for p in old.parts] == [p.url for p in new.parts] == ["timeline/2018/", "timeline/2021/"]
    assert all(new.url_of(e.id) == "timeline/2018/" for e in before[:200])
    assert new.parts[1].parts and not old.parts[1].parts


def test_links_name_the_pages_of_conflicting_reports_too():
    events = days(date(2018, 5, 1), 300) + days(date(2019, 5, 1), 300, start=300)
    other = events[400]
    events[3] = replace(events[3], conflicts=(other.id,))
    where = layout(build(events).groups)
    assert where.links([events[3]]) == {events[3].id: "timeline/2018/", other.id: "timeline/2019/"}


def write(timeline, root, **settings):
    """The site of ``timeline`` (no articles) written to ``root``/output; its config."""
    root.mkdir(exist_ok=True)
    (root / "dateline.toml").write_text("".join(f'{k} = "{v}"\n' for k, v in settings.items()))
    cfg = config.load(root)
    theme = themes.load(cfg)
    write_site(cfg.output_path, SiteRenderer(cfg, theme, timeline, []).lazy_pages(), theme.static_files())
    return cfg


def event_links_broken(output, base_path) -> list[str]:
    """Broken links but those to articles (these sites are made of events, without articles' pages)."""
    return [p for p in broken_links(output, base_path) if "-> missing articles/" not in p]


def ids_on(html: str) -> list[str]:
    return re.findall(r'<li class="event[^"]*" id="(event-[0-9a-f]+)"', html)


def test_a_large_site_leads_with_key_events_and_every_event_is_one_link_away(tmp_path):
    events = days(date(2019, 1, 1), 320, every=1) + days(date(2021, 1, 1), 700, start=1000, every=0)
    timeline = ranked(events)
    for theme in ("default", "newsroom"):
        cfg = write(timeline, tmp_path / theme, theme=theme, base_url="https://example.org/news/")
        out = cfg.output_path
        index = (out / "index.html").read_text()
        key = [e for e in timeline.events if timeline.ranking.of(e)[1]]
        assert index.index('id="key-heading"') < index.index('id="every-event"')
        assert ids_on(index) == []  # the chronology is on its pages
        for e in key:  # each key event links to its place in the chronology
            assert f'href="./{pages.layout(timeline.groups).url_of(e.id)}#{e.id}"' in index
        assert 'href="./timeline/2019/"' in index and 'href="./timeline/2021/01/"' in index
        shown = [i for p in out.glob("timeline/**/index.html") for i in ids_on(p.read_text())]
        assert sorted(shown) == sorted(e.id for e in timeline.events)  # every event, once
        assert event_links_broken(out, cfg.base_path) == []
        sitemap = (out / "sitemap.xml").read_text()
        assert "https://example.org/news/timeline/2021/01/" in sitemap


def test_the_feed_links_each_event_on_its_page(tmp_path):
    events = days(date(2019, 1, 1), 320) + days(date(2020, 1, 1), 320, start=1000)
    cfg = write(ranked(events), tmp_path / "site", base_url="https://example.org/")
    feed = (cfg.output_path / "feed.xml").read_text()
    links = re.findall(r'<link href="https://example.org/([^"#]*)#(event-[0-9a-f]+)"/>', feed)
    assert links and {page for page, _ in links} <= {"timeline/2019/", "timeline/2020/"}
    for page, anchor in links:
        assert f'id="{anchor}"' in (cfg.output_path / page / "index.html").read_text()


def render_all(live, theme, timeline):
    renderer = live.renderer(theme, timeline, [])
    made = {path: make() for path, make in renderer.lazy_pages().items()}
    live.fragments = renderer.env.fragments.made
    return renderer, made


def test_serve_renders_again_only_the_pages_an_edit_changes(tmp_path):
    (tmp_path / "dateline.toml").write_text("")
    cfg = config.load(tmp_path)
    theme = themes.load(cfg)
    events = days(date(2017, 3, 1), 200, every=2) + days(date(2018, 3, 1), 200, start=500, every=2) + \
        days(date(2019, 3, 1), 200, start=1000, every=2)
    first = build(events)
    live = LiveBuild(cfg)
    _, before = render_all(live, theme, first)
    added = event(DateValue.of_day(date(2018, 7, 4)), 3000)
    second = build(events + [added], first.decisions)
    renderer, after = render_all(live, theme, second)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "timeline/2018/index.html" in changed
    assert not changed & {"timeline/2017/index.html", "timeline/2019/index.html", "timeline/2020/index.html"}
    assert renderer.rendered == len(changed - {"events.json"})  # only what changed was made again
    assert after == {path: make() for path, make in SiteRenderer(cfg, theme, second, []).lazy_pages().items()}


def test_a_crowded_month_has_a_page_per_day_and_keeps_what_is_not_of_one_day():
    busy = days(date(2011, 2, 11), PAGE_EVENTS + 50, every=0) + days(date(2011, 2, 1), 20, start=2000)
    coarse = [event(DateValue(Gran.MONTH, 2011, 2), 3000), event(DateValue.of_week(date(2011, 2, 15)), 3001)]
    timeline = build(busy + coarse)
    where = layout(timeline.groups)
    (year,) = where.parts
    (february,) = year.parts
    assert february.url == "timeline/2011/02/" and february.count == len(timeline.events)
    assert sorted(e.id for g in february.groups for e in g.events) == sorted(e.id for e in coarse)
    assert [p.url for p in february.parts][:2] == ["timeline/2011/02/01/", "timeline/2011/02/02/"]
    eleventh = next(p for p in february.parts if p.short == "11")
    assert eleventh.title == "Friday, Feb. 11, 2011" and eleventh.count == PAGE_EVENTS + 51
    assert where.url_of(busy[0].id) == "timeline/2011/02/11/"
    trail = {part.url: [link.url for link in above] for part, above, *_ in where.pages()}
    assert trail["timeline/2011/02/11/"] == ["timeline/2011/", "timeline/2011/02/"]


def test_serve_follows_events_that_move_to_another_page(tmp_path):
    """A year that grows crowded moves its events to month pages: every page linking to them (actor,
    tag) is made again, none keeps a fragment with the old link."""
    (tmp_path / "dateline.toml").write_text("")
    cfg = config.load(tmp_path)
    theme = themes.load(cfg)
    events = days(date(2017, 3, 1), 300) + days(date(2018, 3, 1), 300, start=500)
    first = build(events)
    live = LiveBuild(cfg)
    _, before = render_all(live, theme, first)
    grown = build(events + days(date(2018, 9, 1), PAGE_EVENTS, start=2000, per_day=5), first.decisions)
    _, after = render_all(live, theme, grown)
    assert "../../timeline/2018/03/#" in after["actors/harbour-board/index.html"]
    assert after == {path: make() for path, make in SiteRenderer(cfg, theme, grown, []).lazy_pages().items()}


def test_an_event_is_rendered_once_for_all_the_pages_at_one_depth(tmp_path):
    (tmp_path / "dateline.toml").write_text("")
    cfg = config.load(tmp_path)
    timeline = build(days(date(2017, 3, 1), 300) + days(date(2018, 3, 1), 300, start=500))
    renderer = SiteRenderer(cfg, themes.load(cfg), timeline, [])
    for make in renderer.lazy_pages().values():
        make()
    entries = [key for key in renderer.env.fragments.made if key[0][1] == "event_item" and "../../" in repr(key[1])]
    assert len(entries) == len(timeline.events)  # its year's page, its actor's and its tag's share one
