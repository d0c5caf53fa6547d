"""Edit-to-reload latency of `dateline serve`: median over N edits of one article.

    python bench/serve_latency.py [--edits 20] [--site PATH]

Copies the example site (or the site at PATH, with its analysis cache) to a
temporary folder, starts the server, speaks the livereload protocol like the
browser script does, edits an article, and measures the time from the write
to the reload message (rebuild included).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.serve import POLL_SECONDS  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--site", type=Path, help="a site folder to copy instead of the example (e.g. DIR/site "
                    "from bench/build_bench.py --write-site DIR); its analysis cache is copied too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("output"))
            article = sorted((site / "content").glob("*.md"))[7]
            text = article.read_text()
            edited = lambda i: f"{text}\nThe committee met again on Tuesday with {i + 2} members.\n"  # noqa: E731
        else:
            shutil.copytree(ROOT / "content", site / "content")
            shutil.copy(ROOT / "dateline.toml", site / "dateline.toml")
            article = site / "content" / "2022-11-13-city-engineer-resigns.md"
            text = article.read_text()
            edited = lambda i: text.replace("11 months", f"{11 + i % 7} months")  # noqa: E731
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(site), "--port", str(port)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 900  # a site without its cache is analysed first
            while time.time() < deadline:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.3)
            ws = websocket.create_connection(f"ws://127.0.0.1:{port}/livereload", timeout=30)
            ws.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            ws.recv()
            ws.send(json.dumps({"command": "info", "url": "http://bench/"}))
            ws.settimeout(1.5)
            try:
                while True:
                    ws.recv()
            except websocket.WebSocketTimeoutException:
                ws.settimeout(30)
            times = []
            for i in range(args.edits):
                article.write_text(edited(i))
                t0 = time.perf_counter()
                while json.loads(ws.recv()).get("command") != "reload":
                    pass
                times.append(time.perf_counter() - t0)
            print(f"edits: {len(times)}; edit-to-reload latency: median {statistics.median(times):.2f} s, "
                  f"min {min(times):.2f} s, max {max(times):.2f} s")
            print(f"(includes up to {POLL_SECONDS} s of file polling, re-analysing the edited article, and "
                  "rendering and writing the pages that changed)")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
