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


@pytest.mark.parametrize("page", PAGES + ["actor", "tag"])
def test_golden_pages(page, tmp_path):
    import shutil
    root = tmp_path / "basic"
    shutil.copytree(SITES / "basic", root)
    cfg = config.load(root)
    site.build(cfg, use_cache=False)
    if page in ("actor", "tag"):  # the first page of the kind, whatever its name
        page = sorted(p.relative_to(cfg.output_path).as_posix()
                      for p in (cfg.output_path / f"{page}s").glob("*/index.html"))[0]
    assert_golden(GOLDEN / "pages" / page.replace("/", "__"), (cfg.output_path / page).read_text(encoding="utf-8"))


def by_text(events):
    return {e["text"]: e for e in events}


def test_one_happening_in_two_articles_is_one_event(tmp_path):
    (event,) = chronology(SITES / "merge", tmp_path)
    assert [s["article"].split("/")[1] for s in event["sources"]] == ["a-signed", "b-signature"]
    assert event["date"]["value"] == "2023-03-07TAF"


def test_disagreeing_dates_stay_apart_and_are_flagged(tmp_path):
    a, b = chronology(SITES / "conflict", tmp_path)
    assert (a["date"]["value"], b["date"]["value"]) == ("2023-04-12", "2023-04-13")
    assert a["conflicts"] == [b["id"]] and b["conflicts"] == [a["id"]]


def test_overrides_add_correct_and_ignore(tmp_path, caplog):
    events = by_text(chronology(SITES / "overrides", tmp_path))
    assert events["The library board approved the reopening plan."]["actors"] == ["Library Board"]
    assert events["Volunteers finished shelving the collection."]["date"]["value"] == "2023-06-09"
    assert events["The library will reopen Monday."]["date"]["value"] == "2023-06-19"
    assert not any("18th century" in t or "1990s" in t for t in events)
    assert "story.md:16: ignore: expression `next Christmas` is not in the text" in caplog.text


def test_two_dates_in_a_sentence_and_a_quote(tmp_path):
    events = by_text(chronology(SITES / "clauses", tmp_path))
    assert events["Inspectors visited the site on Dec. 12, 2022."]["date"]["value"] == "2022-12-12"
    assert events["Inspectors visited the site again in February."]["date"]["value"] == "2023-02"
    assert events["I moved here in 2019."]["quote"] is True
    stretch = events["Repair costs have doubled over the past two years."]["date"]
    assert (stretch["value"], stretch["label"]) == ("2021-03-15/2023-03-15", "March 2021 to March 2023")
