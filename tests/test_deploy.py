"""dateline deploy against a local bare repository (real git, no network), and dateline new."""

import os
import subprocess
import sys
import time

import pytest

from generator import config, deploy, site
from generator.errors import DeployError

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


@pytest.fixture
def repo(make_site, tmp_path, monkeypatch):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    root = make_site()
    (root / ".gitignore").write_text("output/\n.dateline-cache/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "site")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    site.build(config.load(root))
    return root, remote


def test_deploy_publishes_the_site_to_gh_pages(repo):
    root, remote = repo
    before = git(root, "status", "--porcelain"), git(root, "rev-parse", "HEAD")
    message = deploy.deploy(config.load(root))
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert {"index.html", ".nojekyll", "events.json", "static/style.css"} <= set(files)
    assert "CNAME" not in files
    head = git(root, "rev-parse", "--short", "HEAD")
    assert git(remote, "log", "-1", "--format=%s", "gh-pages") == message and head in message
    assert (git(root, "status", "--porcelain"), git(root, "rev-parse", "HEAD")) == before
    assert git(root, "symbolic-ref", "--short", "HEAD") == "main"


def test_cname_and_no_push(repo):
    root, remote = repo
    (root / "dateline.toml").write_text('cname = "timeline.example.org"\nbase_url = "https://timeline.example.org/"\n')
    site.build(config.load(root))
    deploy.deploy(config.load(root), push=False)
    assert git(root, "show", "gh-pages:CNAME") == "timeline.example.org"
    assert subprocess.run(["git", "rev-parse", "--verify", "gh-pages"], cwd=remote, capture_output=True).returncode != 0


def test_refuses_without_a_build(repo):
    root, _ = repo
    cfg = config.load(root)
    import shutil
    shutil.rmtree(cfg.output_path)
    with pytest.raises(DeployError, match="no built site to publish; run `dateline build` first"):
        deploy.deploy(cfg)


def test_refuses_a_stale_build(repo):
    root, _ = repo
    time.sleep(0.05)
    article = root / "content" / "council-vote.md"
    article.write_text(article.read_text() + "\nMore text.\n")
    with pytest.raises(DeployError, match="not a build of the current articles"):
        deploy.deploy(config.load(root))


def test_refuses_when_the_pages_branch_is_checked_out(repo):
    root, _ = repo
    git(root, "checkout", "-q", "-b", "gh-pages")
    with pytest.raises(DeployError, match="`gh-pages` is the current branch"):
        deploy.deploy(config.load(root))


def test_base_url_mismatch_warns_and_strict_refuses(repo, caplog):
    root, _ = repo
    git(root, "remote", "set-url", "origin", "git@github.com:someone/bridge-timeline.git")
    cfg = config.load(root)  # base_url is https://example.org/
    with pytest.raises(DeployError, match="does not match where GitHub Pages will serve this site "
                                          r"\(https://someone.github.io/bridge-timeline/\)"):
        deploy.deploy(cfg, strict=True)
    deploy.deploy(cfg, push=False)
    assert "does not match" in caplog.text


def test_a_refused_push_is_one_clear_error(repo, tmp_path):
    root, _ = repo
    git(root, "remote", "set-url", "origin", str(tmp_path / "missing.git"))
    with pytest.raises(DeployError, match="the push to `origin` was refused"):
        deploy.deploy(config.load(root))


def test_pages_urls():
    assert deploy.pages_url("https://github.com/Owner/repo.git") == "https://owner.github.io/repo/"
    assert deploy.pages_url("git@github.com:owner/owner.github.io.git") == "https://owner.github.io/"
    assert deploy.pages_url("/srv/git/site.git") is None


def test_workflow(tmp_path):
    path, requirements = deploy.write_workflow(tmp_path)
    assert requirements.name == "requirements.txt" and "dateline" in requirements.read_text()
    text = path.read_text()
    assert "pip install -r requirements.txt" in text
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text
    assert "--base-url \"${{ steps.pages.outputs.base_url }}/\"" in text
    with pytest.raises(DeployError, match="already exists"):
        deploy.write_workflow(tmp_path)


def test_new_site_builds_and_never_overwrites(tmp_path):
    target = tmp_path / "my-story"
    run = lambda *a: subprocess.run([sys.executable, "-m", "generator", *a], capture_output=True, text=True)
    created = run("new", str(target))
    assert created.returncode == 0, created.stderr
    assert (target / ".gitignore").read_text() == "output/\n.dateline-cache/\n"
    built = run("build", str(target))
    assert built.returncode == 0, built.stderr
    assert (target / "output" / "index.html").exists()
    (target / "content" / "first-article.md").write_text("mine")
    again = run("new", str(target))
    assert again.returncode == 1 and "already exists, not overwriting" in again.stderr
    assert (target / "content" / "first-article.md").read_text() == "mine"


def test_refuses_a_source_branch_from_another_branch_or_a_detached_head(repo):
    root, remote = repo
    main_before = git(root, "rev-parse", "main")
    git(root, "checkout", "-q", "-b", "draft")
    with pytest.raises(DeployError, match="`main` holds commits that are not Dateline deploys"):
        deploy.deploy(config.load(root), branch="main")
    git(root, "checkout", "-q", "--detach", "main")
    with pytest.raises(DeployError, match="`main` holds commits that are not Dateline deploys"):
        deploy.deploy(config.load(root), branch="main")
    assert git(root, "rev-parse", "main") == main_before
    assert subprocess.run(["git", "rev-parse", "--verify", "main"], cwd=remote, capture_output=True).returncode != 0


def test_redeploys_onto_its_own_branch_and_force_overrides(repo):
    root, _ = repo
    deploy.deploy(config.load(root), push=False)
    article = root / "content" / "council-vote.md"
    article.write_text(article.read_text() + "\nThe council met again on Friday.\n")
    site.build(config.load(root))
    deploy.deploy(config.load(root), push=False)  # a branch of Dateline's own deploys: accepted
    assert len(git(root, "log", "--format=%s", "gh-pages").splitlines()) == 2
    git(root, "branch", "notes", "main")
    with pytest.raises(DeployError, match="not Dateline deploys"):
        deploy.deploy(config.load(root), branch="notes", push=False)
    deploy.deploy(config.load(root), branch="notes", push=False, force=True)
    assert git(root, "show", "notes:index.html").startswith("<!doctype html>")


def test_refuses_a_pages_branch_checked_out_in_another_worktree(repo, tmp_path):
    root, _ = repo
    deploy.deploy(config.load(root), push=False)
    tip = git(root, "rev-parse", "gh-pages")
    git(root, "worktree", "add", "-q", str(tmp_path / "pages"), "gh-pages")
    with pytest.raises(DeployError, match=r"`gh-pages` is checked out in .*pages; deploying would change it"):
        deploy.deploy(config.load(root), push=False)
    assert git(root, "rev-parse", "gh-pages") == tip


def test_the_workflow_of_a_new_site_runs(tmp_path):
    """The Pages workflow's shell steps, run here on a `dateline new --github-actions` site: they install
    Dateline as the site pins it (from this repository, by git) and build the site."""
    import shutil
    from pathlib import Path

    import yaml
    from generator.deploy import _git_requirement, install_spec
    if "git+" not in install_spec():
        pytest.skip("Dateline is not installed from a git checkout here")
    site_dir = tmp_path / "story"
    assert subprocess.run([sys.executable, "-m", "generator", "new", str(site_dir), "--github-actions"],
                          capture_output=True).returncode == 0
    source = Path(__file__).resolve().parent.parent  # pinned as the site pins it, but to this checkout (offline)
    pinned = (site_dir / "requirements.txt").read_text().splitlines()
    assert pinned[-1] == install_spec()
    local = _git_requirement(source.as_uri(), git(source, "rev-parse", "HEAD"))
    (site_dir / "requirements.txt").write_text("\n".join(pinned[:-1] + [local]) + "\n")
    venv = tmp_path / "venv"  # the runner's Python; the dependencies come from this one's packages
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    steps = yaml.safe_load((site_dir / ".github/workflows/pages.yml").read_text())["jobs"]["build"]["steps"]
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for step in [s for s in steps if "run" in s]:
        script = step["run"].replace("${{ steps.pages.outputs.base_url }}", "https://someone.github.io/story")
        done = subprocess.run(["bash", "-ec", script], cwd=site_dir, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    assert shutil.which("dateline", path=str(venv / "bin"))
    assert '<link rel="canonical" href="https://someone.github.io/story/">' in (site_dir / "output/index.html").read_text()


def test_new_site_uses_the_local_timezone_and_any_title(tmp_path, monkeypatch):
    from generator import scaffold
    monkeypatch.setenv("TZ", "America/New_York")
    scaffold.new_site(tmp_path / 'the "big" story')
    cfg = config.load(tmp_path / 'the "big" story')
    assert (cfg.timezone, cfg.title) == ("America/New_York", 'The "Big" Story')


def test_deploy_trusts_the_builds_stamp_not_file_times(repo):
    root, _ = repo
    time.sleep(0.05)
    (root / "content" / "council-vote.md").touch()  # same text, newer time: still this build's content
    assert site.build(config.load(root)).up_to_date
    deploy.deploy(config.load(root), push=False)
    (root / "output" / "index.html").write_text("edited by hand")
    with pytest.raises(DeployError, match="or was changed since"):
        deploy.deploy(config.load(root), push=False)


@pytest.mark.parametrize("cname", ["", "timeline.example.org"])
def test_deploying_the_same_build_twice_adds_no_commit(repo, cname):
    root, remote = repo
    if cname:
        (root / "dateline.toml").write_text(f'cname = "{cname}"\nbase_url = "https://{cname}/"\n')
        site.build(config.load(root))
    deploy.deploy(config.load(root))
    assert "already holds this build" in deploy.deploy(config.load(root))
    assert len(git(remote, "log", "--format=%s", "gh-pages").splitlines()) == 1
    article = root / "content" / "council-vote.md"
    article.write_text(article.read_text() + "\nThe council met again on Friday.\n")
    site.build(config.load(root))
    deploy.deploy(config.load(root))
    assert len(git(remote, "log", "--format=%s", "gh-pages").splitlines()) == 2
