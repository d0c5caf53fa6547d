"""Events end to end: small sites under tests/sites/ against golden events.json files.

Set DATELINE_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from generator import config, site
from generator.render import event_json

GOLDEN = Path(__file__).parent / "golden"
SITES = Path(__file__).parent / "sites"
REPO = Path(__file__).resolve().parent.parent


def chronology(root: Path, tmp_path: Path) -> list[dict]:
    cfg = config.load(root)
    cfg = type(cfg)(**{**cfg.__dict__, "output_dir": str(tmp_path / "out")})
    return [event_json(e) for e in site.gather(cfg, site.BuildReport(), use_cache=False).timeline.events]


@pytest.mark.parametrize("name", ["merge", "conflict", "overrides", "clauses", "example"])
def test_golden_events(name, tmp_path):
    root = REPO if name == "example" else SITES / name
    events = chronology(root, tmp_path)
    assert_golden(GOLDEN / f"{name}-events.json", json.dumps(events, indent=2, ensure_ascii=False) + "\n")


def assert_golden(golden: Path, made: str) -> None:
    """``made`` equals the golden file; DATELINE_UPDATE_GOLDEN=1 rewrites it (review the diff). A
    missing golden file fails: a test that writes what it then compares with proves nothing."""
    if os.environ.get("DATELINE_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(made, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: run with DATELINE_UPDATE_GOLDEN=1, then review it"
    assert made == golden.read_text(encoding="utf-8")


# One page of each template, the data files and the feed of the basic site, as built.
PAGES = ["index.html", "articles/council-vote/index.html", "actors/index.html", "404.html", "feed.xml",
         "sitemap.xml", "timelinejs.json", "events.json"]


@pytest.mark.parametrize("name,page", [("basic", p) for p in PAGES] + [("basic", "tag"), ("merge", "actor")])
def test_golden_pages(name, page, tmp_path):
    import shutil
    root = tmp_path / name
    shutil.copytree(SITES / name, root)
    cfg = config.load(root)
    site.build(cfg, use_cache=False)
    if page in ("actor", "tag"):  # the first page of the kind, whatever its name
        page = sorted(p.relative_to(cfg.output_path).as_posix()
                      for p in (cfg.output_path / f"{page}s").glob("*/index.html"))[0]
    golden = GOLDEN / "pages" / (page.replace("/", "__") if name == "basic" else f"{name}__{page.replace('/', '__')}")
    assert_golden(golden, (cfg.output_path / page).read_text(encoding="utf-8"))
