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
def served(make_site):
    """Build a site under /sub/path/ and serve it on a free loopback port."""
    def serve(name="basic", **cfg):
        root = make_site(name, base_url="/sub/path/", **cfg)
        conf = config.load(root)
        site.build(conf)
        docroot = root / "srv"
        (docroot / "sub").mkdir(parents=True)
        shutil.copytree(conf.output_path, docroot / "sub" / "path")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(docroot))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sub/path/"
    servers = []
    yield serve
    for s in servers:
        s.shutdown()


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


def test_two_thousand_events_render_quickly(browser, tmp_path):
    """Time to first render and to filter with 2,000 events: printed, not asserted (see bench/)."""
    from datetime import datetime, timedelta, timezone

    from generator import themes
    from generator.render import SiteRenderer
    from generator.temporal.value import DateValue
    from generator.model import Event, Source
    from generator.timeline import build, event_id
    from generator.writer import write_site

    root = tmp_path / "big"
    root.mkdir()
    cfg = config.load(root)
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    events = []
    for i in range(2000):
        day = (start + timedelta(days=i // 3)).date()
        text = f"Council session {i} reviewed contract number {i * 7 % 991} with {['Ruiz', 'Okafor', 'Nair'][i % 3]}."
        value = DateValue.of_day(day)
        events.append(Event(event_id(value, text), value, None, None, text, (["Elena Ruiz", "Grace Okafor",
                            "Priya Nair"][i % 3],), ("council",), (Source(f"a{i % 50}", f"Article {i % 50}", "",
                            text, "", "today", start, i),)))
    timeline = build(events)
    pages = SiteRenderer(cfg, themes.load(cfg), timeline, []).lazy_pages()
    write_site(cfg.output_path, pages, themes.load(cfg).static_files())
    page = browser.new_page()
    page.goto((cfg.output_path / "index.html").as_uri())
    paint = page.evaluate("performance.getEntriesByType('paint').map(p => [p.name, p.startTime])")
    assert page.locator(".timeline .event").count() == 2000
    t = page.evaluate("""() => { const s = performance.now(); const q = document.querySelector('input[name=q]');
        q.value = 'session 1999'; q.dispatchEvent(new Event('input')); return performance.now() - s; }""")
    assert page.locator(".timeline .event:not([hidden])").count() == 1
    print(f"\n2,000 events: {dict(paint)} ms to paint; search filtered in {t:.0f} ms")


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
    assert page.locator(".site-header .review-count").text_content() == "22 open"
    still = browser.new_context(java_script_enabled=False).new_page()
    still.goto(url)
    assert not still.locator("button.review-copy").first.is_visible()
    still.locator(".review-filter a[href='#kind-guess']").click()
    assert still.evaluate("location.hash") == "#kind-guess"
    assert still.locator("#kind-guess .review-item").count() == 1
