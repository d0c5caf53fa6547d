"""What a phone loads: the weight of a built site's pages and the index's first contentful paint.

    python bench/page_weight.py SITE_OUTPUT [--runs 5] [--screenshots DIR]

SITE_OUTPUT is a built site (for the 500-article benchmark: `python bench/build_bench.py
--write-site DIR`, then `dateline build` in DIR/site). Prints the index's size, the largest pages,
how many pages are over 1 MB, and the index's first contentful paint in headless Chromium (served
over loopback HTTP, the median of --runs fresh pages, no cache). With --screenshots, saves the index
at 1280 and 390 px wide (the top of the page, as a reader first sees it, and the whole page).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
MB = 1024 * 1024
FCP = """() => new Promise(done => new PerformanceObserver((list, observer) => {
    const paint = list.getEntriesByName('first-contentful-paint')[0];
    if (paint) { observer.disconnect(); done(paint.startTime); }
}).observe({type: 'paint', buffered: true}))"""


def weights(output: Path) -> list[tuple[int, str]]:
    """(bytes, path) of every HTML page, heaviest first."""
    pages = [(p.stat().st_size, p.relative_to(output).as_posix()) for p in output.rglob("*.html")]
    return sorted(pages, reverse=True)


def serve(output: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The site on a free loopback port, quietly."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def first_paint(browser, url: str, runs: int) -> list[tuple[float, float]]:
    """(first contentful paint, load event) in ms of ``url`` in ``runs`` fresh browser contexts
    (nothing cached)."""
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 390, "height": 800})
        page = context.new_page()
        page.goto(url, wait_until="load")
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        times.append((page.evaluate(FCP), loaded))
        context.close()
    return times


def screenshots(browser, url: str, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url)
        for full in (False, True):
            path = folder / f"index-{width}{'-full' if full else ''}.png"
            page.screenshot(path=str(path), full_page=full)
            made.append(path)
        page.close()
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--screenshots", type=Path, metavar="DIR")
    args = ap.parse_args()
    pages = weights(args.output)
    index = (args.output / "index.html").stat().st_size
    print(f"pages: {len(pages)}; index.html {index / 1024:.0f} KB; over 1 MB: {sum(1 for s, _ in pages if s > MB)}")
    for size, path in pages[:3]:
        print(f"  largest: {path} {size / 1024:.0f} KB")
    chronology = [(size, path) for size, path in pages if path.startswith("timeline/")]
    if chronology:
        print(f"  chronology: {len(chronology)} pages, the largest {chronology[0][1]} {chronology[0][0] / 1024:.0f} KB")
    from playwright.sync_api import sync_playwright
    server, url = serve(args.output)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            times = first_paint(browser, url, args.runs)
            for name, values in (("first contentful paint", [t[0] for t in times]), ("load", [t[1] for t in times])):
                print(f"index {name}: median {statistics.median(values):.0f} ms "
                      f"(min {min(values):.0f}, max {max(values):.0f}, {len(values)} runs, 390 px)")
            if args.screenshots:
                for path in screenshots(browser, url, args.screenshots):
                    print(f"  screenshot: {path}")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
