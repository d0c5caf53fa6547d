"""What a reader sees, in Chromium driven by Playwright. Skips with the reason when no browser is installed."""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from generator import config, site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium)"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def http_folder():
    """Serve a folder on a free loopback port: its URL."""
    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"
    yield serve
    for s in servers:
        s.shutdown()


@pytest.fixture
def served(make_site, http_folder):
    """Build a site under /sub/path/ and serve it on a free loopback port."""
    def serve(name="basic", **cfg):
        root = make_site(name, base_url="/sub/path/", **cfg)
        conf = config.load(root)
        site.build(conf)
        docroot = root / "srv"
        (docroot / "sub").mkdir(parents=True)
        shutil.copytree(conf.output_path, docroot / "sub" / "path")
        return http_folder(docroot) + "sub/path/"
    return serve


def test_timeline_renders_and_filters(browser, served, tmp_path):
    url = served()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    events = page.locator(".timeline .event")
    total = events.count()
    assert total >= 4 and errors == []
    page.screenshot(path=str(tmp_path / "timeline-1280.png"), full_page=True)
    page.select_option("select[name=source]", "budget-signed")
    visible = page.locator(".timeline .event:not([hidden])").count()
    assert 0 < visible < total and "source=budget-signed" in page.url
    page.fill("input[name=q]", "delay the budget")
    assert page.locator(".timeline .event:not([hidden])").count() == 0
    page.click("text=Show all")
    assert page.locator(".timeline .event:not([hidden])").count() == total


def test_article_link_reaches_the_sentence(browser, served):
    url = served()
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(url)
    page.locator(".sources a", has_text="Council delays vote on budget").first.click()
    assert "/sub/path/articles/council-vote/#s-" in page.url
    time = page.locator("time.timex", has_text="Monday")
    time.focus()
    assert time.get_attribute("title") == "Monday, June 7, 2021"


@pytest.mark.parametrize("theme", ["default", "newsroom"])
def test_hostile_input_stays_inert(browser, served, theme):
    """Script, handlers, javascript: and data: links, </script> in JSON-LD, template syntax: all shown, none run."""
    url = served("hostile", theme=theme)
    page = browser.new_page()
    dialogs, console = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    for path in ["", "articles/payload/", "actors/", "tags/config/"]:
        page.goto(url + path)
        page.wait_for_timeout(200)
        page.evaluate("""document.querySelectorAll('*').forEach(el =>
            ['mouseover', 'focus', 'error', 'load'].forEach(t => el.dispatchEvent(new Event(t))))""")
        assert page.evaluate("window.__pwned") is None, path  # no handler survived to fire
    page.goto(url + "articles/payload/")
    assert page.locator("h1").inner_text() == "<script>window.__pwned=1</script> {{ 7*7 }} {% if true %}T{% endif %}"
    assert "javascript:" not in page.content().replace("javascript:window.__pwned=9", "")
    body = page.locator(".article-body").inner_html()
    assert "<script" not in body and "onerror" not in body and "<iframe" not in body and "<style" not in body
    assert dialogs == [] and not [m for m in console if "pwned" in m]


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (npm install --no-save axe-core@4)")


def violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))""")


@needs_axe
@pytest.mark.parametrize("theme", ["default", "newsroom"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(browser, served, theme, scheme):
    url = served("merge", theme=theme)
    page = browser.new_page(color_scheme=scheme)
    for path in ["", "articles/a-signed/", "actors/", "actors/maria-lopez/", "tags/transit/", "404.html"]:
        assert page.goto(url + path).status == 200, path
        page.goto(url + path)
        assert violations(page) == [], f"{theme} {scheme} /{path}"


@pytest.mark.parametrize("theme", ["default", "newsroom"])
def test_keyboard_navigation_and_screenshots(browser, served, theme, tmp_path):
    url = served(theme=theme)
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing overflows sideways
        page.screenshot(path=str(tmp_path / f"{theme}-{width}.png"), full_page=True)
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    page.keyboard.press("k")
    assert first.startswith("event-") and second.startswith("event-") and first != second
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"


def test_works_without_javascript(browser, served):
    url = served()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert page.locator("ol.events > li.event").count() >= 4
    assert page.locator("#filters").is_hidden()
    page.locator(".jump a").first.click()
    assert "#g-" in page.url
    context.close()


def first_paint(page) -> float:
    """The page's first contentful paint, in ms (waited for: headless Chromium may report it late)."""
    return page.evaluate("""() => new Promise(done => new PerformanceObserver((list, observer) => {
        const paint = list.getEntriesByName('first-contentful-paint')[0];
        if (paint) { observer.disconnect(); done(paint.startTime); }
    }).observe({type: 'paint', buffered: true}))""")


def test_two_thousand_events_render_quickly(browser, http_folder, tmp_path):
    """2,000 events: split into pages (none holds more than pages.PAGE_EVENTS); time to first render
    of the index and of a month's page, and to filter that page: printed, not asserted (see bench/)."""
    from datetime import date, timedelta

    from generator.pages import PAGE_EVENTS
    from generator.temporal.value import DateValue
    from tests.test_pages import event, ranked, write

    timeline = ranked([event(DateValue.of_day(date(2020, 1, 1) + timedelta(days=n // 3)), n) for n in range(2000)])
    cfg = write(timeline, tmp_path / "big")
    page = browser.new_page()
    url = http_folder(cfg.output_path)
    page.goto(url)
    paint = first_paint(page)
    assert page.locator(".timeline .event").count() == 0 and page.locator(".key-event").count() == 6
    page.locator(".periods a", has_text="March").first.click()
    assert page.url == url + "timeline/2020/03/"
    month = first_paint(page)
    total = page.locator(".timeline .event").count()
    assert 0 < total <= PAGE_EVENTS
    first = page.locator(".timeline .event-text").first.inner_text()
    t = page.evaluate("""(text) => { const s = performance.now(); const q = document.querySelector('input[name=q]');
        q.value = text; q.dispatchEvent(new Event('input')); return performance.now() - s; }""", first)
    assert page.locator(".timeline .event:not([hidden])").count() == 1
    print(f"\n2,000 events: first contentful paint of the index {paint:.0f} ms, of March 2020 ({total} events) "
          f"{month:.0f} ms; search filtered in {t:.0f} ms")


OVERVIEW_TEXTS = """() => {
    const svg = document.querySelector('figure.overview svg');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    return {svg: box(svg), texts: [...svg.querySelectorAll('text')].map(t => ({
        kind: t.closest('.keys') ? 'label' : 'tick', box: box(t),
        px: parseFloat(t.closest('[font-size]').getAttribute('font-size')) * scale}))};
}"""


@needs_axe
@pytest.mark.parametrize("theme", ["default", "newsroom"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_large_sites_pages_have_no_accessibility_violations(browser, http_folder, tmp_path, theme, scheme):
    """The index of a split chronology, a year's page, a crowded year's, a crowded month's and a day's."""
    from datetime import date

    from tests.test_pages import days, ranked, write

    timeline = ranked(days(date(2019, 1, 1), 300) + days(date(2020, 1, 1), 600, start=1000, every=0) +
                      days(date(2020, 1, 2), 20, start=2000, per_day=2))
    cfg = write(timeline, tmp_path / "big", theme=theme)
    url = http_folder(cfg.output_path)
    page = browser.new_page(color_scheme=scheme, viewport={"width": 390, "height": 800})
    for path in ["", "timeline/2019/", "timeline/2020/", "timeline/2020/01/", "timeline/2020/01/01/"]:
        assert page.goto(url + path).status == 200, path
        assert violations(page) == [], f"{theme} {scheme} /{path}"
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@needs_axe
@pytest.mark.parametrize("theme", ["default", "newsroom"])
def test_the_overview_is_legible_at_any_width_and_leads_to_the_events(browser, served, theme):
    """Labels measured in the browser's own font: apart, inside the picture, at least 10 px on a phone;
    each mark a link to its event; no mark in the tab order; no accessibility violation, light or dark."""
    url = served("overview", theme=theme)
    for width in (390, 1280):
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page.goto(url)
            assert violations(page) == [], f"{theme} {scheme} {width}"
        seen = page.evaluate(OVERVIEW_TEXTS)
        left, top, right, bottom = seen["svg"]
        labels = [t for t in seen["texts"] if t["kind"] == "label"]
        assert len(labels) >= 2 and page.evaluate("document.documentElement.scrollWidth") <= width
        for t in seen["texts"]:
            a, b, c, d = t["box"]
            assert left - 0.5 <= a and c <= right + 0.5 and top - 0.5 <= b and d <= bottom + 0.5, t
            assert t["px"] >= (10 if t["kind"] == "label" else 9.5), t
        for i, one in enumerate(seen["texts"]):
            for other in seen["texts"][i + 1:]:
                (a, b, c, d), (e, f, g, h) = one["box"], other["box"]
                assert c <= e or g <= a or d <= f or h <= b, (one, other)  # no two texts overlap
    for _ in range(12):  # the tab order goes past the picture, to the caption's links
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('figure.overview svg')") is False
    mark = page.locator("figure.overview .keys a").first
    target = mark.get_attribute("href").rpartition("#")[2]
    mark.locator("circle:not(.hit)").click()
    assert page.url.endswith("#" + target) and page.locator(f"li.event[id='{target}']").count() == 1


@needs_axe
@pytest.mark.parametrize("theme", ["default", "newsroom"])
def test_review_page(browser, served, theme, tmp_path):
    """The review page: accessible in both schemes, nothing overflowing at phone width, filters that
    are plain links, and the copy button only where JavaScript can copy."""
    url = served("review", theme=theme) + "review/"
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        assert page.goto(url).status == 200
        assert violations(page) == [], f"{theme} {scheme}"
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"review-{theme}-{width}.png"), full_page=True)
    assert page.locator("button.review-copy").first.is_visible()
    assert page.locator(".site-header .review-count").text_content() == "25 open"
    still = browser.new_context(java_script_enabled=False).new_page()
    still.goto(url)
    assert not still.locator("button.review-copy").first.is_visible()
    still.locator(".review-filter a[href='#kind-guess']").click()
    assert still.evaluate("location.hash") == "#kind-guess"
    assert still.locator("#kind-guess .review-item").count() == 1


@pytest.fixture
def previewed(make_site, http_folder):
    """The media site as `dateline serve` builds it (drafts shown), under /sub/path/ on a loopback port."""
    from generator.live import LiveBuild

    def serve(theme):
        root = make_site("media", base_url="/sub/path/", theme=theme)
        conf = config.load(root)
        LiveBuild(conf).rebuild(conf)
        docroot = root / "srv"
        (docroot / "sub").mkdir(parents=True)
        shutil.copytree(conf.output_path, docroot / "sub" / "path")
        return http_folder(docroot) + "sub/path/"
    return serve


@needs_axe
@pytest.mark.parametrize("theme", ["default", "newsroom"])
def test_pictures_and_drafts_are_seen_under_a_base_path(browser, previewed, theme, tmp_path):
    url = previewed(theme)
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for path in ["", "articles/ferry-returns/", "articles/timetable-draft/"]:
            page.goto(url + path)
            loaded = page.evaluate("""Promise.all([...document.images].map(i => { i.loading = 'eager';
                return i.decode().then(() => i.naturalWidth > 0, () => false); }))""")  # lazy ones too
            assert all(loaded), f"{theme} /{path}: a picture did not load"
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{theme} {width} /{path}"
            assert violations(page) == [], f"{theme} {width} /{path}"
            page.screenshot(path=str(tmp_path / f"media-{theme}-{width}-{path.strip('/').replace('/', '-')}.png"),
                            full_page=True)
        page.goto(url)
        assert page.locator(".event img").count() == 1
        assert page.locator(".event:has-text('evening crossing') .draft-badge").is_visible()
        page.goto(url + "articles/ferry-returns/")
        assert page.locator("figure.article-media img").bounding_box()["width"] <= width
        page.goto(url + "articles/timetable-draft/")
        assert page.locator(".draft-note .draft-badge").is_visible()
    dark = browser.new_page(color_scheme="dark")
    for path in ["", "articles/ferry-returns/", "articles/timetable-draft/"]:
        dark.goto(url + path)
        assert violations(dark) == [], f"{theme} dark /{path}"
