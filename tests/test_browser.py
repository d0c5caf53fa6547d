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
