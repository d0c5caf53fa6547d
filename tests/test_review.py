"""``dateline review``: the decisions an editor checks, where they are, and how to change them.

tests/sites/review is written to make one item of each kind: a guessed weekday, dates inferred
from tense, happenings dated at publication, a merge, reports kept apart that look alike, a conflict,
a pronoun read as a name, a last name joined to a full one, a name the site excludes and a
correction that matches nothing.
"""

from __future__ import annotations

import json

import pytest

from generator import config, review, site
from generator.cli import main


def items_of(root):
    cfg = config.load(root)
    return review.items(site.gather(cfg, site.BuildReport()), cfg)


def by_kind(found, kind):
    return [i for i in found if i.kind == kind]


def test_every_kind_is_found_with_its_place_and_fix(make_site):
    found = items_of(make_site("review"))
    assert {i.kind for i in found} >= set(review.KINDS)
    guess = by_kind(found, "guess")[0]
    assert (guess.article, guess.line) == ("content/2024-03-11-library-repairs.md", 14)
    assert guess.sentence == "A reading circle started meeting on Tuesday."
    assert "default" in guess.evidence and guess.alternatives == ("Tuesday, March 12, 2024 (2024-03-12)",)
    assert guess.snippet == 'corrections:\n  - text: "Tuesday"\n    value: "2024-03-12"'
    stale = by_kind(found, "stale")[0]
    assert (stale.article, stale.line) == ("content/2024-03-08-library-floods.md", 7)
    conflict = by_kind(found, "conflict")[0]
    assert "content/2024-03-08-library-floods.md:21" in conflict.decision
    pronoun = by_kind(found, "pronoun")[0]
    assert "Ada Pemberton" in pronoun.decision and pronoun.line == 13
    assert by_kind(found, "dropped")[0].evidence == "the site's `not_actors` names it"
    assert {i.decision for i in by_kind(found, "alias")} >= {"“Brandt” listed as Milo Brandt"}


def test_most_doubtful_first(make_site):
    found = items_of(make_site("review"))
    assert [i.doubt for i in found] == sorted((i.doubt for i in found), reverse=True)
    first = {kind: next(n for n, i in enumerate(found) if i.kind == kind) for kind in ("stale", "conflict", "guess",
                                                                                      "certain")}
    assert first["stale"] < first["conflict"] < first["guess"] < first["certain"]


def test_date_doubt_follows_the_engines_evidence():
    guess = {"confidence": "guess", "step": "occurrence", "anchor": "publication"}
    likely = {"confidence": "likely", "step": "occurrence", "anchor": "publication", "evidence": "tense"}
    far = {"confidence": "likely", "step": "counted", "anchor": "previous", "anchor_before": 900}
    near = dict(far, anchor_before=20)
    certain = {"confidence": "certain", "step": "stated", "anchor": "none"}
    # A chain of readings (anchored to an earlier date, the further the more) is more doubtful than one
    # choice made without evidence, which is more doubtful than one made with it.
    assert review.date_doubt(far) > review.date_doubt(near) > review.date_doubt(guess) > review.date_doubt(likely)
    assert review.date_doubt(likely) > review.date_doubt(certain)


def test_the_guess_snippet_corrects_the_date(make_site):
    root = make_site("review")
    guess = by_kind(items_of(root), "guess")[0]
    path = root / guess.article
    text = path.read_text()
    path.write_text(text.replace("tags: [library]\n", "tags: [library]\n" + guess.snippet + "\n", 1))
    after = items_of(root)
    assert guess.id not in {i.id for i in after}
    cfg = config.load(root)
    events = site.gather(cfg, site.BuildReport()).timeline.events
    assert [e.value.timex for e in events if e.text.startswith("A reading circle")] == ["2024-03-12"]


def test_accepted_items_stay_accepted_until_the_sentence_changes(make_site, capsys):
    root = make_site("review")
    found = items_of(root)
    guess, merge = by_kind(found, "guess")[0], by_kind(found, "merge")[0]
    assert main(["review", str(root), "--accept", merge.id, guess.id]) == 0
    saved = (root / "review.toml").read_text()
    assert saved.index(guess.id) < saved.index(merge.id)  # sorted: the same confirmations make the same file
    open_ids = {i.id for i in review.open_items(items_of(root))}
    assert guess.id not in open_ids and merge.id not in open_ids
    assert {i.id for i in items_of(root) if i.accepted} == {guess.id, merge.id}
    path = root / guess.article
    path.write_text(path.read_text().replace("A reading circle started", "A chess club started"))
    back = by_kind(review.open_items(items_of(root)), "guess")
    assert [i.sentence for i in back] == ["A chess club started meeting on Tuesday."]


def test_unknown_id_is_one_clear_line(make_site, capsys):
    root = make_site("review")
    assert main(["review", str(root), "--accept", "guess-0000000000"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == "dateline: no review item has the id guess-0000000000; `dateline review --all` lists them"


def test_json_and_one_article(make_site, capsys):
    root = make_site("review")
    article = root / "content" / "2024-03-08-library-floods.md"
    assert main(["review", str(article), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["items"]
    assert shown and {i["article"] for i in shown} == {"content/2024-03-08-library-floods.md"}
    assert set(shown[0]) >= {"id", "kind", "article", "line", "sentence", "decision", "evidence", "alternatives",
                             "snippet"}
    assert "certain" not in {i["kind"] for i in shown}
    assert main(["review", str(article), "--json", "--all"]) == 0
    assert "certain" in {i["kind"] for i in json.loads(capsys.readouterr().out)["items"]}


def test_ids_do_not_depend_on_other_articles(make_site):
    root = make_site("review")
    before = {i.id for i in items_of(root) if i.article.endswith("council-budget.md")
              and i.kind not in ("alias", "apart")}  # about a pair: the other article's presence tells
    (root / "content" / "2024-03-08-library-floods.md").unlink()
    after = {i.id for i in items_of(root) if i.article.endswith("council-budget.md")
              and i.kind not in ("alias", "apart")}  # about a pair: the other article's presence tells
    assert before == after


@pytest.mark.parametrize("text,message", [
    ("accepted = 3\n", "`accepted` must be a list of tables"),
    ("[[accepted]\n", "not a review file Dateline can read"),
])
def test_a_damaged_review_file_names_itself(make_site, text, message):
    root = make_site("review")
    (root / "review.toml").write_text(text)
    with pytest.raises(review.ConfigError, match=message) as err:
        items_of(root)
    assert err.value.path.name == "review.toml"


def build(root, *args):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "generator", "build", *args], cwd=root, capture_output=True,
                          text=True)


def test_strict_build_refuses_open_required_items(make_site):
    root = make_site("review")
    (root / "dateline.toml").write_text((root / "dateline.toml").read_text() + 'review_required = ["guess"]\n')
    assert build(root).returncode == 0  # not strict: the items are the editor's to see, not a failure
    result = build(root, "--strict")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    at = next(n for n, line in enumerate(lines) if "review item" in line)
    assert lines[at].startswith("dateline: 1 review item of the kinds `review_required` lists (guess) is open")
    guess = by_kind(items_of(root), "guess")[0]
    assert lines[at + 1] == f"  content/2024-03-11-library-repairs.md:14: guess: {guess.decision} [{guess.id}]"
    review.accept(config.load(root), items_of(root), [guess.id])
    result = build(root, "--strict")
    assert "review item" not in result.stderr


def test_loose_readings_and_a_nearer_rejected_reading_add_doubt():
    told = {"confidence": "likely", "step": "occurrence", "anchor": "publication", "evidence": "tense",
            "direction": "past", "alternative": "2021-06-16"}
    assert review.date_doubt(dict(told, loose=["part of day"])) > review.date_doubt(told)
    assert review.date_doubt(dict(told, rival=0.86)) > review.date_doubt(dict(told, rival=0.14)) \
        == pytest.approx(review.date_doubt(told))
    counted = {"confidence": "likely", "step": "counted", "anchor": "publication", "evidence": "word"}
    assert review.date_doubt(dict(counted, loose=["calendar week"])) > review.date_doubt(counted)


def test_a_date_in_a_quotation_is_more_doubtful():
    source = {"basis": {"confidence": "certain", "step": "stated", "anchor": "none"}}
    plain, quoted = {"sources": [source]}, {"sources": [source], "quote": True}
    assert review.event_doubt(quoted) > review.event_doubt(plain)
    assert review.event_doubt({"sources": [{"basis": {"step": "override"}}], "quote": True}) == 0.0
