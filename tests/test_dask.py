"""The analysis on a real Dask cluster: a scheduler and two worker processes on 127.0.0.1, started here.

A site built through the cluster is byte for byte the site a local build makes; a worker killed in the
middle of a build is survived (Dask runs its chunk again) or fails the build with one line, and the
previous site stays whole either way."""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from generator import config, site
from generator.errors import DatelineError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cluster():
    """A Dask scheduler and two single-threaded worker processes on loopback; (address, client)."""
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0") as local, Client(local) as client:
        yield local.scheduler_address.replace("tcp://", "dask://"), client


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def example_site(tmp_path: Path, name: str) -> Path:
    """The repository's example site, copied."""
    root = tmp_path / name
    root.mkdir()
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "dateline.toml", root / "dateline.toml")
    return root


def generated_site(tmp_path: Path, name: str, articles: int) -> Path:
    """A site of ``articles`` generated articles (bench/build_bench.py, from the example's paragraphs)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        build_bench = importlib.import_module("build_bench")
    finally:
        sys.path.remove(str(ROOT / "bench"))
    build_bench.make_site(tmp_path / name, articles, build_bench.content_paragraphs())
    return tmp_path / name / "site"  # with a full base_url: a build that warns is never up to date


def local_and_dask(make, tmp_path: Path, address: str) -> tuple[Path, Path]:
    """The same site built twice from empty caches: locally in two processes, and on the cluster."""
    here, there = make(tmp_path, "local"), make(tmp_path, "dask")
    site.build(config.load(here), jobs=2)
    report = site.build(replace(config.load(there), executor=address))
    assert report.analysed == report.articles > 0
    return here, there


@pytest.mark.model
@pytest.mark.parametrize("make", [example_site, lambda tmp, name: generated_site(tmp, name, 200)],
                         ids=["example", "generated-200"])
def test_a_site_built_on_the_cluster_is_the_local_site_byte_for_byte(cluster, tmp_path, make):
    address, _client = cluster
    here, there = local_and_dask(make, tmp_path, address)
    assert tree(there / "output") == tree(here / "output")
    # the client wrote the cache: a local build afterwards analyses nothing and finds nothing changed
    again = site.build(config.load(there), jobs=1)
    assert again.up_to_date
    forced = site.build(config.load(there), jobs=1, force=True)
    assert (forced.analysed, forced.cached) == (0, forced.articles)
    assert tree(there / "output") == tree(here / "output")


@pytest.mark.model
def test_a_worker_killed_mid_build_is_survived_or_fails_in_one_line(cluster, tmp_path):
    address, client = cluster
    root = generated_site(tmp_path, "killed", 48)
    site.build(config.load(root), jobs=2)
    before = tree(root / "output")
    pids = client.run(os.getpid)  # worker address -> process id
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--executor", address,
                              "--no-cache", "--force"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    killed = _kill_a_busy_worker(client, pids, build)
    out, err = build.communicate(timeout=600)
    assert killed, "no worker was ever busy: the build did not run on the cluster"
    assert tree(root / "output") == before  # the new site (identical) or the previous one, never half of one
    if build.returncode:
        assert err.count("\n") == 1 and err.startswith("dateline: "), err
    else:
        assert "48 analysed" in err + out, err


def _kill_a_busy_worker(client, pids: dict, build: subprocess.Popen) -> bool:
    """SIGKILL the first worker seen analysing a chunk while ``build`` runs; whether one was."""
    while build.poll() is None:
        busy = [worker for worker, tasks in client.processing().items() if tasks and worker in pids]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            return True
        time.sleep(0.02)
    return False


def test_without_distributed_the_flag_says_how_to_install_it(make_site, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    root = make_site()
    cfg = config.load(root)
    with pytest.raises(DatelineError, match=r'install it with: pip install "dateline\[dask\]"'):
        site.build(replace(cfg, executor="dask://127.0.0.1:8786"), use_cache=False)
    assert not cfg.output_path.exists()


def test_an_unreachable_scheduler_is_one_line_and_leaves_the_site(make_site, monkeypatch, capsys):
    from generator import cli, processes
    monkeypatch.setattr(processes, "CONNECT_SECONDS", 1)
    root = make_site()
    assert cli.main(["build", str(root), "-j", "1"]) == 0
    before = tree(root / "output")
    address = f"dask://127.0.0.1:{_free_port()}"
    capsys.readouterr()
    assert cli.main(["build", str(root), "--executor", address, "--no-cache", "--force"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"dateline: no Dask scheduler answers at {address}") and err.count("\n") == 1, err
    assert tree(root / "output") == before


def test_an_executor_that_is_no_address_is_refused_where_it_is_given(make_site, capsys):
    from generator import cli
    root = make_site()
    (root / "dateline.toml").write_text('executor = "dask:/127.0.0.1"\n')
    with pytest.raises(DatelineError, match="neither `local` nor `dask://HOST:PORT`"):
        config.load(root)
    with pytest.raises(SystemExit):
        cli.main(["build", str(root), "--executor", "tcp://127.0.0.1:8786"])
    assert "neither `local` nor `dask://HOST:PORT`" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
