"""What the overview costs a build: laying it out (overview.layout) and writing its SVG (_overview.html),
next to a cold build of the same site.

    python bench/build_bench.py --write-site /tmp/site500      # the 500-article benchmark site
    python bench/overview_bench.py /tmp/site500/site [--cold]  # --cold: also time a cold build

The site's analyses come from its cache (build it once first); the overview's figures are the median
of --runs runs, in CPU time. With --cold, a build with an empty cache in a new process gives the
share (its CPU time, the children's included, and its wall time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import config, overview, site, themes  # noqa: E402
from generator.render import SiteRenderer  # noqa: E402


def median_seconds(make, runs: int) -> tuple[float, object]:
    """The median CPU time of ``make()`` (CPU, not wall: the machine may be shared) and what it made."""
    times, made = [], None
    for _ in range(runs):
        start = time.process_time()
        made = make()
        times.append(time.process_time() - start)
    return statistics.median(times), made


def cold_build(folder: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `dateline build --no-cache` into a fresh folder, in a new process."""
    with tempfile.TemporaryDirectory() as out:
        before, start = os.times(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "build", "--no-cache", "--force", "-o", out, str(folder)],
                       cwd=ROOT, check=True, capture_output=True)
        wall, after = time.perf_counter() - start, os.times()
        return after.children_user + after.children_system - before.children_user - before.children_system, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold", action="store_true", help="also time a cold build and print the share")
    args = ap.parse_args()
    conf = config.load(args.site)
    timeline = site.gather(conf).timeline
    renderer = SiteRenderer(conf, themes.load(conf), timeline, [])
    template = renderer.env.get_template("_overview.html")
    layout, shape = median_seconds(lambda: overview.layout(timeline), args.runs)
    whole, svg = median_seconds(lambda: template.render(timeline=timeline, root="./"), args.runs)
    print(f"{len(timeline.events):,} events; {len(shape.marks)} key marks ({shape.labelled} labelled), "
          f"{len(shape.bars)} bars, {len(shape.ticks)} ticks; the figure is {len(svg.encode()):,} bytes")
    print(f"layout {layout * 1000:.1f} ms; layout and SVG {whole * 1000:.1f} ms (median of {args.runs})")
    if args.cold:
        cpu, wall = cold_build(args.site)
        print(f"cold build {cpu:.1f} s CPU ({wall:.1f} s wall); the overview is {whole / cpu * 100:.2f}% of its CPU time")


if __name__ == "__main__":
    main()
