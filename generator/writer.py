"""Writing the site: the whole tree swapped in at once, or (in ``serve``) only the files that changed.

A full build writes into a fresh folder beside output/ and renames it into
place, so a failure at any point leaves the previous site as it was. The
preview server instead rewrites only changed files, each written to a
temporary name and renamed, and removes files that are gone.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from .errors import DatelineError
from .processes import alive, die_with_parent


def _put(dest: Path, content: bytes | Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Path):
        shutil.copyfile(content, dest)
    else:
        dest.write_bytes(content)


# Below this many pages a build renders and writes in one process: forking costs more than it saves.
PARALLEL_PAGES = 200


def write_site(output: Path, pages: dict[str, Callable[[], str]], static: dict[str, Path],
               jobs: int = 1, before_swap: Callable[[], None] | None = None) -> dict[str, str]:
    """Render and write every page into a fresh folder, then swap it in place of ``output``;
    return the digests. With ``jobs`` > 1 pages are rendered and written by that many forked
    processes (the output is the same: each page is rendered by the same code)."""
    output = output.resolve()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(output)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-{os.getpid()}-", dir=output.parent))
    except OSError as exc:
        raise DatelineError(f"cannot write the site beside the output folder ({exc.strerror}); check the "
                            f"permissions of {output.parent}", output) from None
    try:
        digests = _write_pages(staging, list(pages.items()), jobs)
        for rel, src in static.items():
            _put(staging / f"static/{rel}", src)
            digests[f"static/{rel}"] = _digest(src)
        if before_swap is not None:  # the last word before the new site replaces the old one (--strict)
            before_swap()
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return digests


def _write_pages(staging: Path, pages: list[tuple[str, Callable[[], str]]], jobs: int) -> dict[str, str]:
    if jobs > 1 and len(pages) >= PARALLEL_PAGES and hasattr(os, "fork"):
        return _write_forked(staging, pages, jobs)
    return dict(_write_share(staging, pages, 0, 1)[0])


def _write_share(staging: Path, pages: list, first: int, step: int) -> tuple[list[tuple[str, str]], int | None]:
    """Render and write pages[first::step]; (their digests, the index of a page that failed or None)."""
    done = []
    for i in range(first, len(pages), step):
        rel, make = pages[i]
        try:
            content = make().encode("utf-8")
        except Exception:
            if step == 1:
                raise
            return done, i
        _put(staging / rel, content)
        done.append((rel, _digest(content)))
    return done, None


_FORKED: list = []  # (staging, pages, jobs) for the forked processes, which inherit it


def _forked_share(k: int):
    staging, pages, jobs = _FORKED
    return _write_share(staging, pages, k, jobs)


def _write_forked(staging: Path, pages: list, jobs: int) -> dict[str, str]:
    """Forked processes share the rendered model (copy-on-write) and each take every jobs-th page.
    As with the analysis workers, one that dies stops the build with a message, not a hang."""
    import multiprocessing  # here, not at import: a build with nothing to do never needs it
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _FORKED[:] = [staging, pages, jobs]
    gc.freeze()  # the collector of a forked process never walks (so never copies) the build's objects
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            shares = list(pool.map(_forked_share, range(jobs)))
    except BrokenProcessPool:
        raise DatelineError("a process writing pages stopped unexpectedly (out of memory?); "
                            "build again with --jobs 1") from None
    finally:
        _FORKED.clear()
        gc.unfreeze()
    digests: dict[str, str] = {}
    for done, failed in shares:
        if failed is not None:
            pages[failed][1]()  # raises the page's error here, with its own type and message
            raise DatelineError("rendering failed in a worker process; run with --jobs 1 to see why",
                                Path(pages[failed][0]))
        digests.update(done)
    return digests


def update_site(output: Path, rendered: dict[str, str], static: dict[str, Path], previous: dict[str, str],
                known: dict[str, str] | None = None) -> tuple[dict[str, str], int]:
    """Rewrite only what changed since ``previous`` (the digests last written); (digests, files written).

    ``known`` holds digests already worked out (pages reused from the last build): not hashed again."""
    known = known or {}
    digests: dict[str, str] = {}
    written = 0
    files = [(f"static/{rel}", src) for rel, src in static.items()] + list(rendered.items())
    for rel, content in files:
        data = content if isinstance(content, Path) else None
        digest = known.get(rel)
        if digest is None:
            data = data or content.encode("utf-8")
            digest = _digest(data)
        digests[rel] = digest
        dest = output / rel
        if previous.get(rel) == digest and dest.is_file():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        os.close(fd)
        _put(Path(tmp), data or content.encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
        written += 1
    for rel in set(previous) - set(digests):
        (output / rel).unlink(missing_ok=True)
    return digests, written


def text_digest(text: str) -> str:
    """The digest ``update_site`` compares for a page's text."""
    return _digest(text.encode("utf-8"))


def _digest(content: bytes | Path) -> str:
    if isinstance(content, Path):
        stat = content.stat()
        return f"{content}:{stat.st_size}:{stat.st_mtime_ns}"
    return hashlib.sha1(content).hexdigest()


def manifest(output: Path) -> str:
    """A digest of the output tree's names, sizes and times: tells whether someone touched it."""
    h = hashlib.sha1()
    if output.is_dir():
        for name, stat in sorted(_on_disk(str(output), "")):
            h.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _on_disk(folder: str, prefix: str):
    """(relative name, stat) of every file under ``folder`` (os.scandir: the stat comes with the listing)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _on_disk(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry.stat()


MARK = '{"generator": "Dateline '  # how every events.json a build writes begins: the output folder's mark


def check_replaceable(output: Path) -> None:
    """Refuse to replace ``output`` unless it is absent, empty or a site that a Dateline build wrote:
    a build deletes the old folder whole, so it must never take a folder of the user's (MkDocs and
    Hugo guard their output the same way)."""
    if not output.exists() and not output.is_symlink():
        return
    if output.is_symlink() or not output.is_dir():
        raise DatelineError("the output path exists and is not a folder; remove it or set `output_dir`", output)
    if (output / ".git").exists():
        raise DatelineError("the output folder is a git repository, which a build would delete; "
                            "set `output_dir` to another folder (deploy publishes output/ by itself)", output)
    if any(output.iterdir()) and not _marked(output):
        raise DatelineError("the output folder holds files that no Dateline build wrote, and a build replaces it "
                            "whole; move them away or set `output_dir` to another folder", output)


def _marked(output: Path) -> bool:
    try:
        with open(output / "events.json", encoding="utf-8") as fh:
            return fh.read(len(MARK)) == MARK
    except (OSError, UnicodeDecodeError):
        return False


def remove_leftovers(output: Path) -> None:
    """Remove the staging and old trees that builds killed before their swap left beside ``output``
    (their names carry the pid of the build that made them; a live build's are kept)."""
    for leftover in output.parent.glob(f".{glob.escape(output.name)}-*-*"):
        kind, _, rest = leftover.name[len(output.name) + 2:].partition("-")
        pid = rest.split("-")[0]
        if kind in ("new", "old") and pid.isdigit() and not alive(int(pid)) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging``; the old tree is only removed once the new one is in place."""
    check_replaceable(output)
    os.chmod(staging, 0o755)
    old = None
    if output.exists():
        old = output.parent / f".{output.name}-old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old)
        os.rename(output, old)
    try:
        os.rename(staging, output)
    except BaseException:
        if old is not None:
            os.rename(old, output)
        raise
    if old is not None:
        failed = []
        shutil.rmtree(old, onerror=lambda _f, path, exc: failed.append((path, exc[1])))
        if failed:
            raise DatelineError(f"the new site is in place, but the previous one could not be removed "
                                f"({failed[0][1].strerror}: {failed[0][0]}); make it writable and delete {old}",
                                output)
