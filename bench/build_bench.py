"""Build speed at newsroom scale, next to the limit (raw spaCy) and to Pelican, in one run.

    python bench/build_bench.py [--articles 500] [--jobs 2] [--scale 2000] [--no-pelican]
    python bench/build_bench.py --write-site DIR     # only write the site (for bench/serve_latency.py)

Generates a site of N articles (~600 words each) by recombining paragraphs of
the example content and of ../shared/corpora/wikiwars with varied publication
dates (deterministic: the same N gives the same site), in a temporary folder.
Then measures:
  raw nlp.pipe      the same model and components on the same texts, same processes: the limit;
                    and again with the attribute_ruler matching as in Dateline's pipeline
  cold build        `dateline build` with an empty cache
  no-change         `dateline build` again (everything cached: spaCy is never imported)
  edit one          one article edited: in a new process (model load included) and in a warm
                    process (as `dateline serve` does)
  pelican           Pelican 4 building the same Markdown with its default theme (own virtualenv)
  scale             --scale articles (an archive): cold build (cost per article against the
                    --articles figure, peak memory of all its processes), no-change rebuild (the
                    whole command), an edit in a warm process as `dateline serve` makes it, and
                    the largest pages written
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import venv
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
PELICAN_ENV = Path(tempfile.gettempdir()) / "dateline-bench-pelican"


def content_paragraphs() -> list[str]:
    """The example content's paragraphs: all a clean clone has (the tests' generated sites use them)."""
    pool = []
    for path in sorted((ROOT / "content").glob("*")):
        body = re.split(r"^---\s*$", path.read_text(), maxsplit=2, flags=re.M)[-1]
        pool += [p.strip() for p in re.split(r"\n\s*\n", body) if len(p.split()) > 15]
    return pool


def paragraphs() -> list[str]:
    import wikiwars
    pool = content_paragraphs()
    for doc in wikiwars.documents():  # one paragraph per line
        pool += [p.strip() for p in doc.text.splitlines() if 25 < len(p.split()) < 250]
    return pool


def make_site(folder: Path, n: int, pool: list[str]) -> int:
    """Write n articles (Dateline and Pelican flavours); return the number of words."""
    (folder / "site" / "content").mkdir(parents=True)
    (folder / "pelican" / "content").mkdir(parents=True)
    (folder / "site" / "dateline.toml").write_text(  # a full base_url: a build that warns is never "nothing changed"
        'title = "Bench"\ntimezone = "UTC"\nbase_url = "https://bench.example.org/"\n')
    words = 0
    for i in range(n):
        rng = random.Random(i)
        chosen, count = [], 0
        while count < 600:
            p = rng.choice(pool)
            chosen.append(p)
            count += len(p.split())
        words += count
        day = date(2012, 1, 1) + timedelta(days=(i * 37) % 3650)
        body = "\n\n".join(chosen)
        (folder / "site" / "content" / f"a{i:05d}.md").write_text(
            f"---\ntitle: Article {i}\ndate: {day.isoformat()}\n---\n\n{body}\n")
        (folder / "pelican" / "content" / f"a{i:05d}.md").write_text(
            f"Title: Article {i}\nDate: {day.isoformat()}\n\n{body}\n")
    return words


def timed(cmd: list[str], cwd: Path) -> tuple[float, dict]:
    """Run a command; (seconds, the JSON it printed last, if any, with "pss_mib": the peak total
    memory of the command and every process it started, sampled every 0.1 s)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    sampler = threading.Thread(target=_sample_memory, args=(proc, peak), daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - t
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    result["pss_mib"] = peak[0] / 1024
    return elapsed, result


def _sample_memory(proc: subprocess.Popen, peak: list) -> None:
    """Largest sum of PSS (shared pages split between the processes sharing them, so forked
    processes are not counted twice) over a process and its descendants, in KiB."""
    while proc.poll() is None:
        peak[0] = max(peak[0], sum(_pss(pid) for pid in _tree(proc.pid)))
        time.sleep(0.1)


def _tree(pid: int) -> list[int]:
    pids, i = [pid], 0
    while i < len(pids):
        try:
            for task in Path(f"/proc/{pids[i]}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
        i += 1
    return pids


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


BUILD = """
import json, resource, sys, time
from generator import config, site
t = time.perf_counter()
r = site.build(config.load(sys.argv[1]), jobs=int(sys.argv[2]), force=len(sys.argv) > 3)
print(json.dumps({"seconds": time.perf_counter() - t, "analysed": r.analysed, "cached": r.cached,
                  "events": r.events, "spacy": "spacy" in sys.modules, "phases": r.seconds,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "children_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""

RAW = """
import json, sys, time, spacy
from generator.nlp import installed_model_name, UNUSED_COMPONENTS
nlp = spacy.load(installed_model_name(None), exclude=list(UNUSED_COMPONENTS))
if len(sys.argv) > 3:  # with the attribute_ruler matching as Dateline's pipeline has it
    from generator.components import quicken_attribute_ruler
    quicken_attribute_ruler(nlp)
texts = [l.rstrip("\\n").replace("\\\\n", "\\n") for l in open(sys.argv[1])]
t = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])):
    pass
print(json.dumps({"seconds": time.perf_counter() - t}))
"""

WARM_EDIT = """
import json, sys, time
from pathlib import Path
from generator import config
from generator.live import LiveBuild
from generator.nlp import warm_up
cfg = config.load(sys.argv[1]); warm_up(cfg.model); live = LiveBuild(cfg)  # as dateline serve does
live.rebuild(cfg)
article = sorted(Path(sys.argv[1], "content").glob("*.md"))[7]
article.write_text(article.read_text() + "\\nThe committee met again on Tuesday.\\n")
t = time.perf_counter()
r = live.rebuild(cfg)
print(json.dumps({"seconds": time.perf_counter() - t, "analysed": r.analysed, "rendered": r.rendered,
                  "written": r.written}))
"""


def largest_pages(output: Path, count: int = 3) -> list[tuple[int, str]]:
    """(bytes, path) of the largest HTML pages of a built site: a reader's phone loads one at a time."""
    sizes = [(p.stat().st_size, str(p.relative_to(output))) for p in output.rglob("*.html")]
    return sorted(sizes, reverse=True)[:count]


def scale_run(n: int, jobs: int, pool: list[str]) -> dict:
    """An archive of n articles: what grows with it (no raw spaCy, no --force: the cold build is the cost)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_site(folder, n, pool)
        site_dir = folder / "site"
        out = {"articles": n, "cold": timed([sys.executable, "-c", BUILD, str(site_dir), str(jobs)], ROOT)[1]}
        out["nochange_cmd"] = timed([sys.executable, "-m", "generator", "build", str(site_dir)], ROOT)[0]
        out["pages"] = largest_pages(site_dir / "output")
        out["edit_warm"] = timed([sys.executable, "-c", WARM_EDIT, str(site_dir)], ROOT)[1]
        return out


def pelican(folder: Path) -> float | None:
    py = PELICAN_ENV / "bin" / "python"
    if not py.exists():
        venv.create(PELICAN_ENV, with_pip=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "pelican>=4,<5", "markdown"], check=True)
    (folder / "pelican" / "pelicanconf.py").write_text(
        'SITENAME = "Bench"\nTIMEZONE = "UTC"\nPATH = "content"\nFEED_ALL_ATOM = None\nCACHE_CONTENT = False\n')
    t = time.perf_counter()
    subprocess.run([str(PELICAN_ENV / "bin" / "pelican"), "content", "-o", "out", "-s", "pelicanconf.py", "-q"],
                   cwd=folder / "pelican", check=True, capture_output=True)
    return time.perf_counter() - t


def run(n: int, jobs: int, with_pelican: bool, pool: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        words = make_site(folder, n, pool)
        site_dir = folder / "site"
        texts = folder / "texts.txt"
        from generator import config, content
        from generator.markup import plain_text
        with texts.open("w") as fh:
            for a in content.read_all(config.load(site_dir)):
                fh.write(plain_text(a.body, a.markup).text.replace("\n", "\\n") + "\n")
        out = {"articles": n, "words": words}
        out["raw"] = timed([sys.executable, "-c", RAW, str(texts), str(jobs)], ROOT)[1]["seconds"]
        out["raw_quick"] = timed([sys.executable, "-c", RAW, str(texts), str(jobs), "quick"], ROOT)[1]["seconds"]
        out["cold"] = timed([sys.executable, "-c", BUILD, str(site_dir), str(jobs)], ROOT)[1]
        out["nochange"] = timed([sys.executable, "-c", BUILD, str(site_dir), str(jobs)], ROOT)[1]
        out["nochange_cmd"] = timed([sys.executable, "-m", "generator", "build", str(site_dir)], ROOT)[0]
        out["forced"] = timed([sys.executable, "-c", BUILD, str(site_dir), str(jobs), "force"], ROOT)[1]
        article = sorted((site_dir / "content").glob("*.md"))[3]
        article.write_text(article.read_text() + "\nThe council met on Monday.\n")
        out["edit_process"] = timed([sys.executable, "-c", BUILD, str(site_dir), str(jobs)], ROOT)[1]
        out["edit_warm"] = timed([sys.executable, "-c", WARM_EDIT, str(site_dir)], ROOT)[1]
        out["pelican"] = pelican(folder) if with_pelican else None
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--scale", type=int, default=2000, help="also build an archive of this many articles (0: skip)")
    ap.add_argument("--no-pelican", action="store_true")
    ap.add_argument("--write-site", type=Path, metavar="DIR",
                    help="only write the generated site (--articles of them) to DIR/site, measure nothing")
    args = ap.parse_args()
    pool = paragraphs()
    if args.write_site:
        make_site(args.write_site, args.articles, pool)
        return print(f"wrote {args.articles} articles to {args.write_site / 'site'}")
    r = run(args.articles, args.jobs, not args.no_pelican, pool)
    w = r["words"]
    cold, nochange = r["cold"], r["nochange"]
    print(f"site: {r['articles']} articles, {w:,} words, {cold['events']:,} events; {args.jobs} processes")
    print(f"{'measure':34} {'seconds':>8}  note")
    print(f"{'raw nlp.pipe (the limit)':34} {r['raw']:8.1f}  {w / r['raw']:,.0f} words/s")
    print(f"{'  with the quicker attribute_ruler':34} {r['raw_quick']:8.1f}  {w / r['raw_quick']:,.0f} words/s "
          f"(the model as Dateline runs it, without Dateline's own components)")
    print(f"{'cold build':34} {cold['seconds']:8.1f}  {w / cold['seconds']:,.0f} words/s = "
          f"{r['raw'] / cold['seconds']:.2f} of raw (target >= 0.85); "
          f"{r['raw_quick'] / cold['seconds']:.2f} of raw with the quicker attribute_ruler")
    print(f"{'no-change rebuild (dateline build)':34} {r['nochange_cmd']:8.2f}  whole command: nothing changed, "
          f"nothing written (in-process {nochange['seconds']:.2f} s)")
    forced = r["forced"]
    print(f"{'cached rebuild, --force':34} {forced['seconds']:8.2f}  every page rendered and written, "
          f"{forced['cached']} cached, spaCy imported: {forced['spacy']}")
    print(f"{'edit one article, new process':34} {r['edit_process']['seconds']:8.2f}  "
          f"{r['edit_process']['analysed']} analysed (includes loading the model)")
    print(f"{'edit one article, warm (serve)':34} {r['edit_warm']['seconds']:8.2f}  "
          f"{r['edit_warm']['analysed']} analysed, {r['edit_warm']['rendered']} pages rendered, "
          f"{r['edit_warm']['written']} files written (target <= 0.5)")
    if r["pelican"]:
        print(f"{'pelican 4, same markdown':34} {r['pelican']:8.2f}  no-change rebuild is "
              f"{r['pelican'] / r['nochange_cmd']:.1f}x faster (target >= 4x); --force rebuild "
              f"{r['pelican'] / forced['seconds']:.1f}x")
    print(f"{'peak memory, cold build':34} {'':8}  all processes together {cold['pss_mib']:.0f} MiB (PSS); "
          f"peak RSS of the parent {cold['rss_mib']:.0f} MiB, of the largest child {cold['children_rss_mib']:.0f} MiB")
    if args.scale:
        print_scale(scale_run(args.scale, args.jobs, pool), cold["seconds"] / r["articles"], r["articles"])


def print_scale(big: dict, per_small: float, small: int) -> None:
    """The archive's figures against issue 20's targets."""
    n, cold = big["articles"], big["cold"]
    per_big = cold["seconds"] / n
    print(f"{'cold build, ' + str(n) + ' articles':34} {cold['seconds']:8.1f}  {cold['events']:,} events; "
          f"{1000 * per_big:.0f} ms/article vs {1000 * per_small:.0f} at {small} "
          f"({100 * (per_big / per_small - 1):+.0f}%, target within 15%); phases: "
          + ", ".join(f"{k} {v:.0f}s" for k, v in cold.get("phases", {}).items()))
    print(f"{'  peak memory':34} {'':8}  all its processes together {cold['pss_mib']:.0f} MiB PSS (target <= 1536; "
          f"peak RSS: parent {cold['rss_mib']:.0f} MiB, largest child {cold['children_rss_mib']:.0f} MiB)")
    print(f"{'  no-change rebuild':34} {big['nochange_cmd']:8.2f}  the whole command (target < 2)")
    warm = big["edit_warm"]
    print(f"{'  edit one article, warm (serve)':34} {warm['seconds']:8.2f}  {warm['rendered']} pages rendered, "
          f"{warm['written']} files written (target < 0.5)")
    print(f"{'  largest pages':34} {'':8}  " + ", ".join(f"{size / 1024:.0f} KB {path}" for size, path in big["pages"]))


if __name__ == "__main__":
    main()
