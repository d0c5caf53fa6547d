"""`merge:` and `split:` in front matter: an editor joins two articles' reports of one happening, or
keeps a report apart, whatever the merge's measure says; a tie that names nothing is stale.

Sentences written for the project (none from the evaluation corpora)."""

from __future__ import annotations

import pytest

from generator import config, content, overrides, review, site
from generator.errors import ContentError
from generator.live import LiveBuild

FERRY = ("---\ntitle: Ferry timetable\ndate: 2024-05-20T09:00:00Z\nsource: Harbour Post\n{front}---\n\n"
         "The Tern Bay ferry switched to its summer timetable on May 6.\n\n"
         "The harbour office repainted the waiting room on Friday.\n")
SUMMER = ("---\ntitle: Summer crossings\ndate: 2024-05-22T09:00:00Z\nsource: Coast Weekly\n{front}---\n\n"
          "The Tern Bay ferry moved to its summer timetable in April.\n\n"
          "Crews repainted the harbour office waiting room on Friday.\n")


def make(tmp_path, ferry: str = "", summer: str = ""):
    (tmp_path / "content").mkdir()
    (tmp_path / "dateline.toml").write_text('title = "Ties"\ntimezone = "UTC"\n')
    (tmp_path / "content" / "ferry-timetable.md").write_text(FERRY.format(front=ferry))
    (tmp_path / "content" / "summer-crossings.md").write_text(SUMMER.format(front=summer))
    return tmp_path


def gathered(root):
    cfg = config.load(root)
    return cfg, site.gather(cfg, site.BuildReport())


def told(events, word):
    return [e for e in events if word in e.text]


def test_without_ties_the_measure_decides(tmp_path):
    _cfg, g = gathered(make(tmp_path))
    assert len(told(g.timeline.events, "timetable")) == 2  # May 6 and April do not fit one another
    assert len(told(g.timeline.events, "repainted")) == 1  # one Friday, one waiting room: joined


def test_merge_joins_reports_the_measure_kept_apart(tmp_path):
    root = make(tmp_path, summer='merge:\n  - sentence: "moved to its summer timetable"\n'
                                 '    with: ferry-timetable.md\n    their: "switched to its summer"\n')
    _cfg, g = gathered(root)
    (event,) = told(g.timeline.events, "timetable")
    assert sorted(s.article for s in event.sources) == ["ferry-timetable", "summer-crossings"]
    assert event.value.timex == "2024-05-06"  # the more precise report's date


def test_split_keeps_apart_what_the_measure_joined(tmp_path):
    root = make(tmp_path, summer="split:\n  - sentence: Crews repainted\n    from: ferry-timetable\n")
    _cfg, g = gathered(root)
    assert len(told(g.timeline.events, "repainted")) == 2


def test_split_without_an_article_keeps_the_report_alone(tmp_path):
    root = make(tmp_path, summer="split:\n  - sentence: Crews repainted\n")
    _cfg, g = gathered(root)
    assert len(told(g.timeline.events, "repainted")) == 2


def test_the_review_offers_merge_for_reports_kept_apart_and_its_snippet_works(tmp_path):
    root = make(tmp_path)
    cfg, g = gathered(root)
    (apart,) = [i for i in review.items(g, cfg) if i.kind == "apart"]
    assert apart.article == "content/summer-crossings.md" and apart.line == 7
    assert apart.snippet.startswith('merge:\n  - sentence: "The Tern Bay ferry moved to its summer timetable')
    assert 'with: "ferry-timetable.md"' in apart.snippet
    path = root / apart.article
    path.write_text(path.read_text().replace("source: Coast Weekly\n", "source: Coast Weekly\n" + apart.snippet + "\n"))
    cfg, g = gathered(root)
    assert len(told(g.timeline.events, "timetable")) == 1
    assert not [i for i in review.items(g, cfg) if i.kind in ("apart", "merge") and "timetable" in i.sentence]


def test_the_review_offers_split_for_a_merge_and_its_snippet_works(tmp_path):
    root = make(tmp_path)
    cfg, g = gathered(root)
    (merge,) = [i for i in review.items(g, cfg) if i.kind == "merge"]
    assert merge.snippet.startswith("split:\n") and 'from: "ferry-timetable.md"' in merge.snippet
    path = root / merge.article
    path.write_text(path.read_text().replace("source: Coast Weekly\n", "source: Coast Weekly\n" + merge.snippet + "\n"))
    cfg, g = gathered(root)
    assert len(told(g.timeline.events, "repainted")) == 2
    assert not [i for i in review.items(g, cfg) if i.kind in ("apart", "merge") and "repainted" in i.sentence]


def test_a_tie_that_names_nothing_is_stale(tmp_path, caplog):
    root = make(tmp_path, summer="merge:\n  - sentence: The lighthouse keeper retired\n"
                                 "    with: ferry-timetable.md\n    their: switched\n"
                                 "split:\n  - sentence: Crews repainted\n    from: no-such-article.md\n")
    cfg, g = gathered(root)
    assert "no sentence of this article has those words" in caplog.text
    stale = sorted((i.line, i.decision) for i in review.items(g, cfg) if i.kind == "stale")
    assert stale == [(6, "merge: `The lighthouse keeper retired`: no sentence of this article has those words"),
                     (10, "split: `Crews repainted`: no article has that file name")]


def test_a_new_tie_rebuilds_the_merge_in_serve(tmp_path):
    """`dateline serve` replays the merge's decisions for unchanged reports; a tie changes them."""
    root = make(tmp_path)
    cfg = config.load(root)
    live = LiveBuild(cfg)
    live.rebuild(cfg)
    assert len(told(live.last_timeline.events, "repainted")) == 1
    path = root / "content" / "summer-crossings.md"
    path.write_text(path.read_text().replace("source: Coast Weekly\n",
                                             "source: Coast Weekly\nsplit:\n  - sentence: Crews repainted\n"))
    live.rebuild(cfg)
    assert len(told(live.last_timeline.events, "repainted")) == 2


@pytest.mark.parametrize("front,message,line", [
    ("merge:\n  - sentence: moved\n", "each of `merge` is {sentence:", 4),
    ("merge:\n  - sentence: moved\n    with: ferry-timetable.md\n", "each of `merge` is", 4),
    ("split: Crews\n", "`split` must be a list", 3),
    ("split:\n  - sentence: Crews\n    their: The harbour\n", "each of `split` is", 4),
])
def test_bad_ties_name_the_line(tmp_path, front, message, line):
    folder = tmp_path / "content"
    folder.mkdir()
    path = folder / "a.md"
    path.write_text(f"---\ndate: 2024-05-20\n{front}---\nCrews moved the buoys on Monday.\n")
    a = content.read(path, config.load(tmp_path))
    with pytest.raises(ContentError) as err:
        overrides.ties(a)
    assert message in err.value.message and err.value.line == line


def test_reports_years_apart_are_not_offered_as_alike(tmp_path):
    root = make(tmp_path)
    (root / "content" / "ferry-history.md").write_text(
        "---\ntitle: Ferry history\ndate: 2024-05-23T09:00:00Z\nsource: Harbour Post\n---\n\n"
        "The Tern Bay ferry first ran a summer timetable in 1998.\n")
    cfg, g = gathered(root)
    apart = [i for i in review.items(g, cfg) if i.kind == "apart"]
    assert [i.article for i in apart] == ["content/summer-crossings.md"]  # May 6 and April: one spring
    assert "1998" not in apart[0].decision
