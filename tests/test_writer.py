"""The writer: the output folder is replaced only when it is Dateline's, and killed builds leave nothing behind."""

import os
import subprocess
import sys

import pytest

from generator.errors import DatelineError
from generator.writer import check_replaceable, write_site


def page(text):
    return lambda: text


def built(folder):
    write_site(folder, {"index.html": page("<p>hi</p>"), "events.json": page('{"generator": "Dateline 0", "events": []}\n')},
               {})


def test_replaces_its_own_output_but_never_a_folder_of_the_users(tmp_path):
    out = tmp_path / "output"
    built(out)
    built(out)  # its own: replaced
    assert (out / "index.html").read_text() == "<p>hi</p>"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    with pytest.raises(DatelineError, match="holds files that no Dateline build wrote"):
        built(mine)
    assert (mine / "thesis.txt").read_text() == "years of work"


def test_an_output_folder_with_a_git_repository_is_refused(tmp_path):
    out = tmp_path / "output"
    built(out)
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    with pytest.raises(DatelineError, match="is a git repository"):
        check_replaceable(out)
    assert (out / ".git").is_dir()


def test_leftovers_of_killed_builds_are_removed_but_a_live_builds_are_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    for name in (f".output-new-{dead}-abc", f".output-old-{dead}", f".output-new-{os.getppid()}-live"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("half a site")
    built(tmp_path / "output")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".output-new-{os.getppid()}-live", "output"]


def test_clean_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "dateline.toml").write_text('output_dir = "notes"\n')
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("mine")
    result = subprocess.run([sys.executable, "-m", "generator", "clean"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "no Dateline build wrote" in result.stderr
    assert (tmp_path / "notes" / "a.txt").read_text() == "mine"


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.model
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads processes from /proc")
def test_analysis_workers_die_with_a_killed_build(tmp_path):
    import shutil
    import signal
    import time
    from pathlib import Path
    example = Path(__file__).resolve().parent.parent
    shutil.copytree(example / "content", tmp_path / "content")
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--jobs", "2", "--no-cache"], cwd=tmp_path,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    workers = []
    while time.time() < deadline and len(workers) < 2 and build.poll() is None:
        workers = [c for c in _children(build.pid) if "spawn_main" in open(f"/proc/{c}/cmdline").read()]
        time.sleep(0.1)
    assert workers, "the build started no workers"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(_running(w) for w in workers):
        time.sleep(0.2)
    assert not any(_running(w) for w in workers)


def test_an_unreadable_article_is_one_line(make_site, monkeypatch, capsys):
    from pathlib import Path
    from generator.cli import main
    root = make_site()
    real = Path.read_bytes

    def read_bytes(path):
        if path.name == "council-vote.md":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.chdir(root)
    assert main(["build", "--jobs", "1"]) == 1
    assert capsys.readouterr().err.endswith(
        "dateline: content/council-vote.md: cannot read the article (Permission denied); check its permissions\n")


def test_a_read_only_cache_costs_speed_not_the_build(make_site, monkeypatch, capsys):
    from generator import cache
    from generator.cli import main

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    root = make_site()
    monkeypatch.chdir(root)
    assert main(["build", "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("cannot write the analysis cache (Permission denied)") == 1
    assert (root / "output" / "index.html").exists()


def test_an_old_site_that_cannot_be_removed_is_an_error_not_a_silent_leftover(tmp_path, monkeypatch):
    from generator import writer
    out = tmp_path / "output"
    built(out)

    def stuck(path, ignore_errors=False, onerror=None):
        if onerror:
            onerror(os.unlink, str(path) + "/locked/page.html", (PermissionError, PermissionError(13, "Permission denied"), None))

    monkeypatch.setattr(writer.shutil, "rmtree", stuck)
    with pytest.raises(DatelineError, match="the new site is in place, but the previous one could not be removed"):
        built(out)
    assert (out / "index.html").exists()
