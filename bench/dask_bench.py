"""Cold builds, local and on a Dask cluster, side by side: time and peak memory.

    python bench/dask_bench.py [--articles 500 --articles 2000] [--jobs 2]

For each size, writes the generated site of bench/build_bench.py and builds it from an
empty cache twice, one after the other: locally with --jobs processes, then through a Dask
LocalCluster of --jobs single-threaded worker processes on 127.0.0.1 (started before the
clock starts, as a running cluster would be). Memory is the peak PSS summed over the build
and every process it started (for Dask: the client, the scheduler, the nannies and the
workers), sampled every 0.1 s.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import BUILD, ROOT, make_site, paragraphs, timed  # noqa: E402

DASK_BUILD = """
import json, sys, time
from dataclasses import replace
from distributed import LocalCluster
from generator import config, site
if __name__ == "__main__":
    with LocalCluster(n_workers=int(sys.argv[2]), threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as cluster:
        cfg = replace(config.load(sys.argv[1]), executor=cluster.scheduler_address.replace("tcp", "dask"))
        t = time.perf_counter()
        r = site.build(cfg)
        print(json.dumps({"seconds": time.perf_counter() - t, "analysed": r.analysed, "events": r.events}))
"""


def fresh(site_dir: Path) -> None:
    """No cache, no output: the next build is a cold one."""
    for name in (".dateline-cache", "output"):
        shutil.rmtree(site_dir / name, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, action="append", help="site sizes (default: 500 and 2000)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    pool = paragraphs()
    print(f"{'articles':>8} {'executor':>8} {'seconds':>8} {'s/article':>9} {'peak MiB':>9} {'events':>7}")
    for n in args.articles or [500, 2000]:
        with tempfile.TemporaryDirectory() as tmp:
            make_site(Path(tmp), n, pool)
            site_dir = Path(tmp) / "site"
            for name, script in (("local", BUILD), ("dask", DASK_BUILD)):
                fresh(site_dir)
                _elapsed, r = timed([sys.executable, "-c", script, str(site_dir), str(args.jobs)], ROOT)
                print(f"{n:>8} {name:>8} {r['seconds']:>8.1f} {r['seconds'] / n:>9.3f} {r['pss_mib']:>9.0f} "
                      f"{r['events']:>7}", flush=True)


if __name__ == "__main__":
    main()
