"""The command line: published contracts and one-line errors with exit code 1."""

import json
import subprocess
import sys

import pytest

from generator.cli import main


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "generator", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd)


def test_dates_contract(tmp_path):
    text = "The director quit late Saturday, his spokesman said."
    (tmp_path / "a.txt").write_text(text)
    result = run("dates", "--dct", "2022-11-12", str(tmp_path / "a.txt"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"start": 18, "end": 31, "text": "late Saturday", "type": "DATE",
                                          "value": "2022-11-12", "mod": "END"}]


def test_dates_batch_contract():
    lines = "".join(json.dumps(x) + "\n" for x in [
        {"id": "a", "dct": "2021-06-09", "text": "The ban was lifted five days ago."},
        {"id": "b", "dct": "2021-06-09", "text": "Nothing here."}])
    result = run("dates", "--batch", stdin=lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [{"id": "a", "timexes": [{"start": 19, "end": 32, "text": "five days ago", "type": "DATE",
                                             "value": "2021-06-04", "mod": None}]},
                   {"id": "b", "timexes": []}]


def test_dates_needs_a_publication_date(capsys):
    assert main(["dates", "-"]) == 1
    assert capsys.readouterr().err == "dateline: give the publication date: --dct YYYY-MM-DD\n"


@pytest.mark.parametrize("files,message", [
    ({"content/a.md": "---\ntitle: x\n---\nBody\n"}, "content/a.md:2: missing `date`"),
    ({"content/a.md": "---\ndate: 2022-11-12\ntags: [a\n---\nBody\n"}, "content/a.md:3: invalid YAML"),
    ({"dateline.toml": 'theme = "nope"\n', "content/a.md": "---\ndate: 2022-11-12\n---\nB\n"},
     "dateline.toml: unknown theme `nope`"),
    ({"dateline.toml": "titel = 1\n"}, "dateline.toml: unknown key `titel` (did you mean `title`?)"),
    ({}, "content: content folder not found"),
])
def test_user_errors_are_one_line(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"dateline: {message}") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_strict_fails_on_warnings(make_site):
    root = make_site()
    (root / "content" / "extra.md").write_text("---\ndate: 2021-06-10\nautor: me\n---\nThe vote was Tuesday.\n")
    assert run("build", cwd=root).returncode == 0
    result = run("build", "--strict", cwd=root)
    assert result.returncode == 1 and "unknown front-matter key `autor`; did you mean `author`?" in result.stderr


def test_build_and_events_commands(make_site):
    root = make_site()
    result = run("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "built" in result.stderr and (root / "output" / "index.html").exists()
    events = run("events", "--json", cwd=root)
    assert events.returncode == 0 and len(json.loads(events.stdout)) >= 4
    text = run("events", "content/council-vote.md", cwd=root).stdout
    assert "Monday, June 7, 2021\n    The city council voted Monday to delay the budget." in text


def test_dates_batch_answers_every_good_line_and_names_the_bad_ones():
    lines = "".join(line + "\n" for line in [
        json.dumps({"id": "a", "dct": "2021-06-09", "text": "The ban was lifted five days ago."}),
        "{not json",
        json.dumps({"id": "c", "dct": "2021-06-09", "text": 42}),
        json.dumps({"id": "d", "dct": "2021-06-09junk", "text": "Monday"}),
        json.dumps({"id": "e", "dct": "2021-06-09", "text": "Nothing here."})])
    result = run("dates", "--batch", stdin=lines)
    assert result.returncode == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "e"]
    assert result.stderr.splitlines() == [
        'dateline: <stdin>:2: expected a JSON object {"id", "dct", "text"}',
        "dateline: <stdin>:3: `text` must be a string, not int",
        "dateline: <stdin>:4: publication date '2021-06-09junk' is not YYYY-MM-DD"]


def test_dates_on_a_file_that_is_not_utf8(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 opened on Monday.".encode("latin-1"))
    result = run("dates", "--dct", "2022-11-12", str(tmp_path / "latin1.txt"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("latin1.txt: not UTF-8 text (byte 3); save the file as UTF-8")
    assert run("dates", "--dct", "2022-11-12junk", str(tmp_path / "latin1.txt")).stderr == \
        "dateline: --dct: publication date '2022-11-12junk' is not YYYY-MM-DD\n"
