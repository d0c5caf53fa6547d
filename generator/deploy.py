"""``dateline deploy``: publish output/ to the gh-pages branch, or write a GitHub Actions workflow.

Publishing uses ghp-import (as ``mkdocs gh-deploy`` does): it writes the
branch with ``git fast-import``, so the working tree and the current branch
are never touched, and it only ever pushes the pages branch. Before that,
Dateline refuses what would publish the wrong thing: no build, a build that is
not of the current content (the build's own stamp says what it was made from),
a pages branch checked out or holding other work, a base_url that does not
match the repository's Pages address. A build already on the branch is not
committed again.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import tempfile
from functools import partial
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from urllib.parse import urlparse

from . import __version__
from .config import Config
from .errors import DeployError
from .site import built_from_current

log = logging.getLogger("dateline")
WORKFLOW = Path(".github/workflows/pages.yml")


def git(root: Path, *args: str) -> str | None:
    """Output of a git command in ``root``, or None when it fails."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except FileNotFoundError:
        raise DeployError("git is not installed; install it to deploy") from None
    return result.stdout.strip() if result.returncode == 0 else None


def pages_url(remote_url: str) -> str | None:
    """The GitHub Pages address of a GitHub remote: https://owner.github.io/repo/ (None for others)."""
    m = re.search(r"github\.com[:/]([^/]+)/([^/]+?)(?:\.git)?/?$", remote_url)
    if not m:
        return None
    owner, repo = m.group(1), m.group(2)
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


def _normal(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.netloc.lower()}{parsed.path.rstrip('/')}/"


# The subject of every commit ``deploy`` makes (see ``deploy``): how a branch of earlier deploys is known.
DEPLOY_SUBJECT = re.compile(r"^Deploy .* with Dateline \S+$")


def check_branch(root: Path, remote: str, branch: str) -> None:
    """Refuse a pages branch that is checked out in a worktree or holds anything but Dateline's deploys:
    deploying commits the built site on top of it, so on a source branch it would bury the user's work."""
    worktrees = git(root, "worktree", "list", "--porcelain") or ""
    for block in worktrees.split("\n\n"):
        lines = dict(line.partition(" ")[::2] for line in block.splitlines())
        if lines.get("branch") == f"refs/heads/{branch}":
            raise DeployError(f"`{branch}` is checked out in {lines.get('worktree')}; deploying would change it "
                              f"under that work tree: pass another --branch, or --force", root)
    for ref in (f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}"):
        if git(root, "rev-parse", "--verify", "-q", ref) is None:
            continue
        subjects = (git(root, "log", "--format=%s", ref) or "").splitlines()
        foreign = next((s for s in subjects if not DEPLOY_SUBJECT.match(s)), None)
        if foreign is not None:
            raise DeployError(f"`{branch}` holds commits that are not Dateline deploys (such as \"{foreign[:60]}\"), "
                              f"so it is not a pages branch of Dateline's: pass another --branch, or --force to "
                              f"publish onto it anyway", root)


def check(config: Config, remote: str, branch: str, strict: bool, force: bool = False) -> None:
    root = config.root
    if git(root, "rev-parse", "--git-dir") is None:
        raise DeployError("not inside a git repository; run `git init` and add a remote first", root)
    if not (config.output_path / "index.html").exists():
        raise DeployError("no built site to publish; run `dateline build` first (or `dateline deploy --build`)",
                          config.output_path)
    if not built_from_current(config):
        raise DeployError("the built site is not a build of the current articles, theme and settings (or was "
                          "changed since); run `dateline build` first (or `dateline deploy --build`)",
                          config.output_path)
    if git(root, "symbolic-ref", "--short", "-q", "HEAD") == branch:
        raise DeployError(f"`{branch}` is the current branch; switch to your source branch before deploying", root)
    if not force:
        check_branch(root, remote, branch)
    remote_url = git(root, "remote", "get-url", remote)
    if remote_url is None:
        raise DeployError(f"no git remote `{remote}`; add it (git remote add {remote} URL) or pass --remote", root)
    expected = f"https://{config.cname}/" if config.cname else pages_url(remote_url)
    if expected and config.base_url.startswith("http") and _normal(config.base_url) != _normal(expected):
        message = (f"base_url {config.base_url} does not match where GitHub Pages will serve this site "
                   f"({expected}); set `base_url` in dateline.toml")
        if strict:
            raise DeployError(message, root / "dateline.toml")
        log.warning("%s", message)


def deploy(config: Config, remote: str = "origin", branch: str = "gh-pages", push: bool = True,
           strict: bool = False, force: bool = False) -> str:
    """Commit the built site to ``branch`` (with .nojekyll and CNAME) and push it; returns the message."""
    from ghp_import import GhpError, ghp_import

    check(config, remote, branch, strict, force)
    source = git(config.root, "rev-parse", "--short", "HEAD") or "no commit yet"
    dirty = " (with uncommitted changes)" if git(config.root, "status", "--porcelain") else ""
    message = f"Deploy {config.title} from {source}{dirty} with Dateline {__version__}"
    if not git(config.root, "config", "user.name"):  # a fresh machine: commit as Dateline
        os.environ.setdefault("GIT_COMMITTER_NAME", "Dateline")
        os.environ.setdefault("GIT_COMMITTER_EMAIL", "dateline@localhost")
    if _tree_of(config) == git(config.root, "rev-parse", "-q", "--verify", f"refs/heads/{branch}^{{tree}}"):
        if push and git(config.root, "push", remote, branch) is None:
            raise DeployError(f"the push to `{remote}` was refused; check the remote's address and your access, "
                              f"then run `dateline deploy` again", config.root)
        return f"`{branch}` already holds this build; nothing new to commit"
    cwd = Path.cwd()
    try:
        os.chdir(config.root)  # ghp-import works on the repository of the current folder
        ghp_import(str(config.output_path), mesg=message, remote=remote, branch=branch, push=push,
                   nojekyll=True, cname=config.cname or None)
    except GhpError as exc:
        raise DeployError(f"git refused to write the `{branch}` branch: {exc.message}", config.root) from None
    except subprocess.CalledProcessError:
        raise DeployError(f"the push to `{remote}` was refused (see git's message above); check the remote's "
                          f"address and your access, then run `dateline deploy` again", config.root) from None
    finally:
        os.chdir(cwd)
    return message


REQUIREMENTS = Path("requirements.txt")


def install_spec() -> str:
    """How a site's CI installs this very Dateline (it is not on PyPI): pinned to the commit of the
    repository it was installed from, or else to its version."""
    try:
        direct = json.loads(distribution("dateline").read_text("direct_url.json") or "{}")
    except PackageNotFoundError:
        direct = {}
    vcs = direct.get("vcs_info", {})
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return _git_requirement(direct["url"], vcs["commit_id"])
    source = Path(__file__).resolve().parent.parent
    commit = git(source, "rev-parse", "HEAD") if (source / "pyproject.toml").is_file() else None
    if commit:
        return _git_requirement(_pip_url(git(source, "remote", "get-url", "origin") or str(source)), commit)
    return f"dateline=={__version__}"


def _git_requirement(url: str, commit: str) -> str:
    # pip takes a file URL only in its own form, not as "name @ git+file://..." (it reads that as a path)
    return f"git+{url}@{commit}#egg=dateline" if url.startswith("file:") else f"dateline @ git+{url}@{commit}"


def _pip_url(remote: str) -> str:
    """A git remote as pip reads it: ``git@host:owner/repo`` over https, a local path as a file URL."""
    if "://" in remote:
        return remote
    scp = re.match(r"^[\w.-]+@([^:/]+):(.+)$", remote)
    if scp:
        return f"https://{scp.group(1)}/{scp.group(2)}"
    return Path(remote).resolve().as_uri()


def requirements_text() -> str:
    return ("# What the GitHub Pages workflow installs to build this site: the Dateline that made it,\n"
            "# pinned. Change the line to upgrade, or to install Dateline from elsewhere.\n"
            f"{install_spec()}\n")


def _tree_of(config: Config) -> str | None:
    """The git tree a deploy of the built site would commit (output/, .nojekyll and CNAME), written
    through a throwaway index: an unchanged build is then seen before an empty commit is made."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        run = partial(subprocess.run, cwd=config.root, env=env, capture_output=True, text=True)
        if run(["git", "--work-tree", str(config.output_path), "add", "-A", "--force", "."]).returncode:
            return None
        extra = {".nojekyll": ""} | ({"CNAME": config.cname} if config.cname else {})
        for name, text in extra.items():
            blob = run(["git", "hash-object", "-w", "--stdin"], input=text).stdout.strip()
            run(["git", "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}"])
        tree = run(["git", "write-tree"])
        return tree.stdout.strip() if tree.returncode == 0 else None


def workflow_text(installs_itself: bool) -> str:
    install = "pip install -e ." if installs_itself else f"pip install -r {REQUIREMENTS}"
    return f"""# Publish the timeline to GitHub Pages on every push to main (written by `dateline deploy --workflow`).
# In the repository settings, set Pages > Source to "GitHub Actions".
name: Publish timeline

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
      - id: pages
        uses: actions/configure-pages@v5
      - run: {install}
      # The site's address comes from Pages itself, so links work under /<repo>/ or a custom domain.
      - run: dateline build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      # upload-pages-artifact v4 leaves out files whose names start with a dot; Dateline's output has
      # none (and Pages built by Actions needs no .nojekyll), so v3 and v4 behave the same here.
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def write_workflow(root: Path) -> list[Path]:
    """The Pages workflow, and the requirements file it installs from when the site has none."""
    path = root / WORKFLOW
    if path.exists():
        raise DeployError("a workflow already exists; remove it first to write a new one", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    installs_itself = (root / "pyproject.toml").exists() and 'name = "dateline"' in (root / "pyproject.toml").read_text()
    path.write_text(workflow_text(installs_itself), encoding="utf-8")
    written = [path]
    if not installs_itself and not (root / REQUIREMENTS).exists():
        (root / REQUIREMENTS).write_text(requirements_text(), encoding="utf-8")
        written.append(root / REQUIREMENTS)
    return written
