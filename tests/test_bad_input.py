"""The catalogue of bad input (tests/bad/): each case gives its exact message, exit code, no traceback,
and a failed build leaves the previous output/ untouched.

A case is an overlay of files put onto the basic site after a good build, and expected.toml with
the exit code; the message it must print is in expected.txt (stderr, exactly). Beyond output/, nothing
on disk may change: no file of the site (or beside it) is removed or rewritten; only the analysis
cache may gain entries.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

BAD = Path(__file__).parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sources(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the site's output and cache."""
    return {name: data for name, data in tree(folder).items()
            if not name.startswith(("basic/output/", "basic/.dateline-cache/"))}


def run(root: Path, *args):
    return subprocess.run([sys.executable, "-m", "generator", "build", *args], cwd=root, capture_output=True,
                          text=True)


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name, make_site):
    case = BAD / name
    expected = tomllib.loads((case / "expected.toml").read_text())
    root = make_site()
    assert run(root).returncode == 0
    before = tree(root / "output")
    if (case / "overlay").is_dir():  # (git keeps no empty folder: a generated case may have none)
        shutil.copytree(case / "overlay", root, dirs_exist_ok=True, symlinks=True)
    (root.parent / "neighbour.txt").write_text("a file beside the site\n")
    if "generate" in expected:
        with open(root / expected["generate"], "w") as fh:
            fh.write("---\ndate: 2022-11-12\n---\n")
            line = "The council met on Monday and talked for a long time about the budget. " * 10 + "\n\n"
            while fh.tell() < 20_000_000:
                fh.write(line)
    untouched = sources(root.parent)
    result = run(root)
    assert sources(root.parent) == untouched
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("built ", "nothing changed"))]
    assert "Traceback" not in result.stderr
    assert result.returncode == expected["exit"], result.stderr
    assert "".join(line + "\n" for line in lines) == (case / "expected.txt").read_text()
    if expected["exit"]:
        assert tree(root / "output") == before


def test_keep_going_builds_the_good_articles(make_site):
    root = make_site()
    (root / "content" / "a-bad.md").write_text("---\ntitle: no date\n---\nText.\n")
    (root / "content" / "b-bad.md").write_text("---\ndate: nonsense\n---\nText.\n")
    result = run(root, "--keep-going")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-3:] == [
        "dateline: content/a-bad.md:2: missing `date` (the publication date); add e.g. `date: 2022-11-12`",
        "dateline: content/b-bad.md:2: cannot read `date: nonsense`; write it as 2022-11-12 or "
        "2022-11-12T21:38:00-05:00",
        "dateline: 2 articles failed and were left out"]
    assert (root / "output" / "articles" / "council-vote" / "index.html").exists()


def test_debug_shows_the_traceback(make_site):
    root = make_site()
    (root / "content" / "bad.md").write_text("---\ntitle: no date\n---\nText.\n")
    result = run(root, "--debug")
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_a_bug_on_one_article_costs_that_article_only(make_site, monkeypatch, capsys):
    from generator import events
    from generator.cli import main
    real = events.raw_events

    def buggy(doc):
        if "unlucky" in doc.text:
            raise ValueError("year -9 is out of range")
        return real(doc)

    monkeypatch.setattr(events, "raw_events", buggy)
    root = make_site()
    (root / "content" / "unlucky.md").write_text("---\ndate: 2022-11-12\n---\nAn unlucky sentence on Monday.\n")
    monkeypatch.chdir(root)
    assert main(["build", "--jobs", "1"]) == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith(
        "dateline: content/unlucky.md: Dateline failed on this article (ValueError: year -9 is out of range)")
    assert not (root / "output").exists()
    assert main(["build", "--jobs", "1", "--keep-going"]) == 1
    assert "content/unlucky.md: Dateline failed on this article" in capsys.readouterr().err
    assert (root / "output" / "articles" / "council-vote" / "index.html").exists()
    assert not (root / "output" / "articles" / "unlucky").exists()


def test_strict_leaves_the_previous_site_as_it_was(make_site):
    root = make_site()
    assert run(root).returncode == 0
    before = tree(root / "output")
    (root / "content" / "warned.md").write_text("---\ndate: 2022-11-12\nignore: [no such words]\n---\n"
                                               "The council met on Monday.\n")
    result = run(root, "--strict")
    assert result.returncode == 1
    assert "1 warning and --strict: the build was not published" in result.stderr
    assert tree(root / "output") == before
