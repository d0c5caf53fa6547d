"""The analysis cache: hits, exactly the right invalidations, corrupted entries, no spaCy when all is cached."""

import os
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator import cache, config, site
from generator.model import Analysis, TimexRecord

ANALYSIS = Analysis(((0, 10),), (TimexRecord(0, 6, "Monday", "DATE", "2021-06-07", None, None, "Monday"),), (), ())


def store(tmp_path, model="en_core_web_sm"):
    return cache.Cache(tmp_path / "cache", model)


def test_hit_after_put(tmp_path):
    s = store(tmp_path)
    s.put("Monday it rained.", date(2021, 6, 9), ANALYSIS)
    assert s.get("Monday it rained.", date(2021, 6, 9)) == ANALYSIS


@pytest.mark.parametrize("change", ["text", "dct", "engine", "rules", "model", "code"])
def test_each_input_invalidates(tmp_path, monkeypatch, change):
    s = store(tmp_path)
    s.put("Monday it rained.", date(2021, 6, 9), ANALYSIS)
    text, dct = "Monday it rained.", date(2021, 6, 9)
    if change == "text":
        text = "Monday it snowed."
    elif change == "dct":
        dct = date(2021, 6, 10)
    else:
        target = {"engine": "ENGINE_VERSION", "rules": "rules_digest", "model": "installed_model",
                  "code": "code_digest"}[change]
        original = getattr(cache, target)
        monkeypatch.setattr(cache, target, "changed" if isinstance(original, str) else (lambda *a: "changed"))
        s = store(tmp_path)
    assert s.get(text, dct) is None


@pytest.mark.parametrize("garbage", [b"{not json", b'{"key": "someone else", "analysis": {}}', b"\xff\xfe",
                                     b'{"key": "KEY", "analysis": {"sentences": 3}}'])
def test_corrupted_or_foreign_entries_are_ignored(tmp_path, garbage):
    s = store(tmp_path)
    key = s.key("Monday it rained.", date(2021, 6, 9))
    path = s.path(key)
    path.parent.mkdir(parents=True)
    path.write_bytes(garbage.replace(b"KEY", key.encode()))
    assert s.get("Monday it rained.", date(2021, 6, 9)) is None
    s.put("Monday it rained.", date(2021, 6, 9), ANALYSIS)
    assert s.get("Monday it rained.", date(2021, 6, 9)) == ANALYSIS


def test_entries_are_written_whole(tmp_path):
    s = store(tmp_path)
    s.put("Monday it rained.", date(2021, 6, 9), ANALYSIS)
    files = list((tmp_path / "cache").rglob("*"))
    assert not [f for f in files if f.name.startswith(".tmp-")]
    entry = next(f for f in files if f.suffix == ".json")
    assert json.loads(entry.read_text())["analysis"]["timexes"][0]["value"] == "2021-06-07"


def test_a_fully_cached_rebuild_does_not_import_spacy(make_site):
    root = make_site()
    site.build(config.load(root))
    probe = ("import sys; from generator import config, site; r = site.build(config.load(sys.argv[1]), force=True); "
             "print(r.analysed, r.cached, 'spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True)
    assert result.stdout.split() == ["0", "2", "False"], result.stderr


def test_parallel_build_gives_the_same_site(make_site, tmp_path):
    def tree(folder: Path):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    root = make_site()
    for i in range(8):  # enough articles for two processes
        (root / "content" / f"extra-{i}.md").write_text(
            f"---\ndate: 2021-06-{10 + i}\n---\nThe council met on Monday and will vote on {i + 1} June.\n")
    cfg = config.load(root)
    site.build(cfg, jobs=1, use_cache=False)
    serial = tree(cfg.output_path)
    site.build(cfg, jobs=2, use_cache=False)
    assert tree(cfg.output_path) == serial


def test_worker_processes_start_from_a_script_without_a_main_guard(tmp_path):
    """Spawned workers must not re-run the caller's script (here: read from stdin)."""
    script = ("from generator import nlp\n"
              "items = [(f'The council met on June {i + 1}.', '2021-06-30') for i in range(8)]\n"
              "print([a.timexes[0].value for a in nlp.analyse(None, items, jobs=2)])\n")
    result = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, cwd=tmp_path,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str([f"2021-06-{i + 1:02d}" for i in range(8)])


def test_half_written_entries_of_killed_builds_are_swept(tmp_path):
    import subprocess
    import sys
    from generator.cache import Cache
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / f".tmp-{dead}-x1").write_text("{")
    (tmp_path / "ab" / f".tmp-{os.getpid()}-x2").write_text("{")
    Cache(tmp_path, None).sweep()
    assert sorted(p.name for p in (tmp_path / "ab").iterdir()) == [f".tmp-{os.getpid()}-x2"]
