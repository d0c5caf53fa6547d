"""The ``dateline`` command: parse flags, call one function, turn user errors into one line.

Any ``DatelineError`` prints as ``dateline: FILE:LINE: message`` with exit
code 1 (a traceback only with ``--debug``); warnings are logged, and with
``--strict`` a build that logged any fails at the end.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from . import __version__
from .errors import DatelineError, display_path

log = logging.getLogger("dateline")


class CountingHandler(logging.StreamHandler):
    """Prints log records in one line each and counts warnings (for --strict)."""

    def __init__(self):
        super().__init__(sys.stderr)
        self.warnings = 0
        self.setFormatter(logging.Formatter("%(levelname_short)s%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.warnings += 1
        record.levelname_short = {logging.WARNING: "warning: ", logging.ERROR: "error: "}.get(record.levelno, "")
        super().emit(record)


def _command(sub, name: str, help: str, site: bool = True) -> argparse.ArgumentParser:
    """A subcommand with the options all commands share (and the site folder argument)."""
    p = sub.add_parser(name, help=help)
    if site:
        p.add_argument("path", nargs="?", default=".", help="site folder (with dateline.toml); default: here")
    p.add_argument("--debug", action="store_true", help="show tracebacks and debug messages")
    if site:
        p.add_argument("--output", "-o", metavar="DIR",
                       help="output folder instead of `output_dir`; may lie outside the site")
    return p


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of 0 or more")
    return int(text)


def _executor(text: str) -> str:
    from .processes import executor_problem
    problem = executor_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


EXECUTOR_HELP = ("where articles are analysed: local (worker processes, --jobs) or dask://HOST:PORT "
                 "(a Dask cluster); overrides executor in dateline.toml")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dateline", description="Turn news articles into a timeline website.")
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _command(sub, "build", "build the site into output/")
    p.add_argument("--strict", action="store_true", help="fail on warnings")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="processes for NLP")
    p.add_argument("--executor", type=_executor, metavar="local|dask://HOST:PORT", help=EXECUTOR_HELP)
    p.add_argument("--no-cache", action="store_true", help="analyse every article again")
    p.add_argument("--base-url", help="publish address overriding dateline.toml (used by the Pages workflow)")
    p.add_argument("--force", action="store_true", help="build even when nothing changed since the last build")
    p.add_argument("--key-events", type=_count, metavar="N",
                   help="how many key events lead the timeline (overrides key_events in dateline.toml)")
    p.add_argument("--keep-going", action="store_true",
                   help="build every good article, list the ones that failed, and exit 1 if any did")
    p.add_argument("--all", action="store_true",
                   help="export every event to timelinejs.json, not only the key events (overrides timelinejs)")

    p = _command(sub, "serve", "preview the site with live reload")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="processes for NLP when many articles are new (an edit is analysed in the server)")
    p.add_argument("--executor", type=_executor, metavar="local|dask://HOST:PORT", help=EXECUTOR_HELP)

    p = _command(sub, "deploy", "publish output/ to GitHub Pages (the gh-pages branch)")
    p.add_argument("--remote", default="origin")
    p.add_argument("--branch", default="gh-pages")
    p.add_argument("--no-push", action="store_true", help="commit to the pages branch but do not push")
    p.add_argument("--build", action="store_true", help="build first")
    p.add_argument("--strict", action="store_true", help="refuse when base_url does not match the Pages address")
    p.add_argument("--force", action="store_true",
                   help="publish even onto a branch that holds other commits or is checked out elsewhere")
    p.add_argument("--workflow", action="store_true",
                   help="instead, write .github/workflows/pages.yml that builds and publishes with GitHub Actions")

    _command(sub, "clean", "remove the built site and the analysis cache")

    p = _command(sub, "new", "create a new site", site=False)
    p.add_argument("path", help="folder for the new site")
    p.add_argument("--github-actions", action="store_true", help="also write the GitHub Pages workflow")

    p = _command(sub, "dates", "print the temporal expressions of a text as JSON", site=False)
    p.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    p.add_argument("--dct", help="publication date YYYY-MM-DD (required unless --batch)")
    p.add_argument("--batch", action="store_true",
                   help='read JSON lines {"id","dct","text"} on stdin, write {"id","timexes"} lines')
    p.add_argument("--model", default=None, help="spaCy model to use (default: en_core_web_sm or fallback)")
    p.add_argument("--explain", action="store_true",
                   help="add how each was resolved: its basis (anchor, rule, direction and evidence, "
                        "rejected reading, confidence) and that in words (why)")

    p = _command(sub, "import", "turn saved pages, URLs, feeds and spreadsheets into articles", site=False)
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a saved page or a folder of them, an http(s) address, an RSS/Atom feed, a CSV or JSON-lines file")
    p.add_argument("--into", metavar="DIR", help="folder to write the articles to (default: the site's content folder)")
    p.add_argument("--dry-run", action="store_true", help="say what would be imported, write nothing")
    p.add_argument("--update", action="store_true",
                   help="replace an article whose source changed, keeping the editor's overrides")
    p.add_argument("--follow", action="store_true", help="read the page each feed item links to")
    p.add_argument("--fetch-media", action="store_true",
                   help="download each article's and event's picture into media/ beside the articles and refer "
                        "to it there (otherwise pictures are referred to by their address)")
    p.add_argument("--column", action="append", default=[], metavar="FIELD=NAME",
                   help="the CSV column (or JSON key) of a field: title, date, url, text, source, author, tags, image")

    p = _command(sub, "events", "print the chronology of an article or the whole site", site=False)
    p.add_argument("path", nargs="?", default=".", help="an article file or a site folder")
    p.add_argument("--json", action="store_true", help="print the events as JSON")

    p = _command(sub, "review", "list the decisions an editor should check, most doubtful first", site=False)
    p.add_argument("path", nargs="?", default=".", help="an article file or a site folder")
    p.add_argument("--json", action="store_true", help="print the items as JSON")
    p.add_argument("--all", action="store_true", help="also the accepted items and the dates the text states")
    p.add_argument("--accept", metavar="ID", nargs="+", help="confirm these items (recorded in review.toml)")
    return parser


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops a build as Ctrl+C does: staging removed, workers stopped


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    handler = CountingHandler()
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG if args.debug else logging.INFO)
    log.propagate = False
    try:
        code = COMMANDS[args.command](args)
        if getattr(args, "strict", False) and handler.warnings:
            print(f"dateline: {handler.warnings} warning(s) and --strict: failing the build", file=sys.stderr)
            return 1
        return code
    except DatelineError as exc:
        if args.debug:
            raise
        print(f"dateline: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `dateline events | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _config(args, root: Path | str | None = None):
    """The site's configuration, with the output folder ``--output`` names."""
    from . import config
    return config.load(args.path if root is None else root, getattr(args, "output", None))


def cmd_build(args) -> int:
    from dataclasses import replace

    from . import site
    cfg = _config(args)
    if args.base_url:
        cfg = replace(cfg, base_url=args.base_url)
    if args.key_events is not None:
        cfg = replace(cfg, key_events=str(args.key_events))
    if args.all:
        cfg = replace(cfg, timelinejs="all")
    if args.executor:
        cfg = replace(cfg, executor=args.executor)
    report = site.build(cfg, jobs=max(1, args.jobs), use_cache=not args.no_cache, force=args.force,
                        keep_going=args.keep_going, strict=args.strict)
    log.info("%s -> %s", report.summary(), cfg.output_path)
    for failure in report.failures:
        print(f"dateline: {failure}", file=sys.stderr)
    if report.failures:
        print(f"dateline: {site.counted(len(report.failures), 'article')} failed and were left out", file=sys.stderr)
        return 1
    return 0


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise DatelineError(f"cannot read: {exc.strerror}", name) from None
    except UnicodeDecodeError as exc:
        raise DatelineError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", name) from None


def _parse_dct(text, where: str):
    """A publication date given as YYYY-MM-DD (or a whole ISO time, whose date is taken); nothing else."""
    from datetime import date, datetime
    try:
        return date.fromisoformat(text) if len(str(text)) == 10 else datetime.fromisoformat(text).date()
    except (ValueError, TypeError):
        raise DatelineError(f"publication date {text!r} is not YYYY-MM-DD", where) from None


def cmd_dates(args) -> int:
    from .nlp import load_pipeline
    if not args.batch:  # the input is checked before the model is loaded
        if not args.dct:
            raise DatelineError("give the publication date: --dct YYYY-MM-DD")
        dct = _parse_dct(args.dct, "--dct")
        text = _read_input(args.file)
        print(json.dumps(next(_tag_all(load_pipeline(args.model), [(text, dct)], args.explain)), ensure_ascii=False,
                         indent=2))
        return 0
    items, bad = [], 0
    for n, line in enumerate(sys.stdin, 1):
        if line.strip():
            try:
                items.append(_batch_item(line, n))
            except DatelineError as exc:  # the other lines are still answered
                print(f"dateline: {exc}", file=sys.stderr)
                bad += 1
    nlp = load_pipeline(args.model)
    for (ident, _text, _dct), timexes in zip(items, _tag_all(nlp, [(t, d) for _i, t, d in items], args.explain)):
        print(json.dumps({"id": ident, "timexes": timexes}, ensure_ascii=False))
    return 1 if bad else 0


def _batch_item(line: str, n: int) -> tuple:
    """(id, text, dct) of one --batch line, or a DatelineError naming the line."""
    try:
        item = json.loads(line)
        ident, text, dct = item["id"], item["text"], item["dct"]
    except (ValueError, KeyError, TypeError):
        raise DatelineError('expected a JSON object {"id", "dct", "text"}', "<stdin>", n) from None
    if not isinstance(text, str):
        raise DatelineError(f"`text` must be a string, not {type(text).__name__}", "<stdin>", n)
    return ident, text, _parse_dct(dct, f"<stdin>:{n}")


def _tag_all(nlp, items, explain: bool = False):
    """Published item format for each (text, dct), parsed in batches with the model loaded once."""
    from .nlp import new_doc
    docs = [new_doc(nlp, text, dct) for text, dct in items]
    with nlp.select_pipes(disable=["dateline_events"]):  # dates only: no events to extract
        for doc in nlp.pipe(docs, batch_size=64):
            yield [_timex_item(span._.timex, explain) for span in doc.spans["timexes"]]


def _timex_item(timex, explain: bool) -> dict:
    """One expression as ``dateline dates`` prints it; with ``--explain`` its basis as well."""
    item = timex.to_json()
    if explain and timex.basis is not None:
        item["basis"] = timex.basis.to_json()
        item["why"] = timex.basis.describe()
    return item


def cmd_events(args) -> int:
    from . import config, site
    from .render import event_json
    target = Path(args.path)
    cfg = config.load(target if target.is_dir() else _site_root(target))
    gathered = site.gather(cfg, site.BuildReport())
    events = gathered.timeline.events
    if not target.is_dir():
        slug = next((a.slug for a in gathered.articles if a.path.resolve() == target.resolve()), None)
        if slug is None:
            raise DatelineError("not an article of this site (it must be inside the content folder)", target)
        events = tuple(e for e in events if any(s.article == slug for s in e.sources))
    if args.json:
        print(json.dumps([event_json(e) for e in events], ensure_ascii=False, indent=2))
        return 0
    for event in events:
        sources = ", ".join(s.article for s in event.sources)
        flags = (" [quote]" if event.quote else "") + (" [conflicting dates]" if event.conflicts else "")
        print(f"{event.label}{flags}\n    {event.text}\n    ({sources})")
    return 0


def cmd_review(args) -> int:
    from . import config, review, site
    target = Path(args.path)
    cfg = config.load(target if target.is_dir() else _site_root(target))
    gathered = site.gather(cfg, site.BuildReport())
    found = review.items(gathered, cfg)
    if args.accept:
        for item in review.accept(cfg, found, args.accept):
            log.info("accepted %s: %s", item.id, item.where)
        return 0
    if not target.is_dir():
        slug = next((a for a in gathered.articles if a.path.resolve() == target.resolve()), None)
        if slug is None:
            raise DatelineError("not an article of this site (it must be inside the content folder)", target)
        found = [i for i in found if i.article == review.relative(slug.path, cfg.root)]
    shown = review.open_items(found, args.all)
    if args.json:
        print(json.dumps({"items": [i.to_json() for i in shown]}, ensure_ascii=False, indent=2))
        return 0
    for item in shown:
        print(review.as_text(item))
    log.info("%d item(s) to review%s", len(shown), "" if args.all else "; --all lists accepted items and stated dates too")
    return 0


def _site_root(path: Path) -> Path:
    for folder in [path.resolve().parent, *path.resolve().parents]:
        if (folder / "dateline.toml").exists():
            return folder
    return Path.cwd()


def cmd_import(args) -> int:
    from .importer import describe, import_sources
    from .ingest import Options
    into = Path(args.into) if args.into else (_config(args, ".").content_path if Path("dateline.toml").exists()
                                              else Path("content"))
    report = import_sources(args.sources, into, dry_run=args.dry_run, update=args.update,
                            options=Options(follow=args.follow, columns=_columns(args.column)),
                            fetch_media=args.fetch_media)
    for problem in report.media:
        log.warning("%s", problem)
    for outcome in report.outcomes:
        if outcome.kind == "failed":
            print(f"dateline: {describe(outcome)}", file=sys.stderr)
        elif outcome.kind == "changed":
            log.warning("%s", describe(outcome))
        else:
            log.info("%s", describe(outcome))
        if outcome.undated and outcome.kind in ("imported", "updated"):
            log.warning("%s: no publication date found in %s; fill in `date:` (e.g. `date: 2022-11-12`) before "
                        "building", display_path(outcome.path), outcome.origin)
    log.info("%s", report.summary())
    return 1 if report.count("failed") else 0


def _columns(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    """``--column FIELD=NAME`` flags as (field, column) pairs, each field one the import knows."""
    from .draft import resources
    fields = resources()["articles"]
    out = []
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name.strip() not in fields or not column.strip():
            raise DatelineError(f"--column {pair}: write FIELD=NAME with FIELD one of {', '.join(fields)}")
        out.append((name.strip(), column.strip()))
    return tuple(out)


def cmd_serve(args) -> int:
    from .serve import serve
    serve(Path(args.path).resolve(), host=args.host, port=args.port, jobs=max(1, args.jobs), output=args.output,
          executor=args.executor)
    return 0


def cmd_deploy(args) -> int:
    from . import deploy, site
    root = Path(args.path).resolve()
    if args.workflow:
        for path in deploy.write_workflow(root):
            log.info("wrote %s", path)
        log.info("in the repository settings set Pages > Source to GitHub Actions")
        return 0
    cfg = _config(args, root)
    if args.build:
        log.info("%s", site.build(cfg).summary())
    message = deploy.deploy(cfg, remote=args.remote, branch=args.branch, push=not args.no_push, strict=args.strict,
                             force=args.force)
    where = f"pushed to {args.remote}" if not args.no_push else "not pushed (--no-push)"
    log.info("committed to %s (%s): %s", args.branch, where, message)
    return 0


def cmd_clean(args) -> int:
    import shutil

    from .writer import check_replaceable
    cfg = _config(args)
    check_replaceable(cfg.output_path.resolve())
    for folder in (cfg.output_path, cfg.cache_path):
        if folder.is_dir():
            shutil.rmtree(folder)
            log.info("removed %s", folder)
    return 0


def cmd_new(args) -> int:
    from .scaffold import new_site
    written = new_site(Path(args.path), github_actions=args.github_actions)
    for path in written:
        log.info("created %s", path)
    log.info("next: cd %s && dateline build && dateline serve", args.path)
    return 0


COMMANDS = {"build": cmd_build, "import": cmd_import, "dates": cmd_dates, "events": cmd_events, "serve": cmd_serve,
            "deploy": cmd_deploy, "clean": cmd_clean, "new": cmd_new, "review": cmd_review}
