"""Editorial overrides in front matter: add events, correct a date, ignore an expression, join or
keep apart reports of different articles.

    events:                      # events the text does not state, added by hand
      - date: 2022-11-12         # a TIMEX3 value or words ("late Saturday"), read
        text: The council met.   #   against the article's publication date
        end: 2022-11-14          # optional: the event lasts until then (a span)
        detail: More words.      # optional: shown below the text
        display_date: Mid-November   # optional: shown instead of the date Dateline writes
        group: council           # optional: its first tag, and its TimelineJS group
        actors: [Marlow City Council]
    corrections:                 # the engine read an expression wrongly
      - text: Wednesday          # the expression as written
        occurrence: 2            # optional: which one (1 = the first)
        value: 2022-11-16
    ignore:                      # expressions or sentences that place nothing
      - the 18th century
      - sentence: A crossing at the same spot
    merge:                       # this report tells what another article's does
      - sentence: The board voted          # words of this article's sentence
        with: 2024-03-09-ferry-vote.md     # the other article's file name
        their: The ferry vote was held     # words of its sentence
    split:                       # this report tells a happening of its own
      - sentence: The board voted
        from: 2024-03-09-ferry-vote.md     # optional: only apart from that article's reports

Overrides are checked when the article is read (types, with the line); one
that matches nothing is a warning naming its line (an error with --strict).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from .content import Article, slugify
from .errors import ContentError, display_path
from .model import Analysis, Media
from .temporal import DateValue, Span, parse, tag
from .timeline import Ties, report_key

log = logging.getLogger("dateline")


@dataclass(frozen=True)
class Added:
    """An event an editor added: the date as resolved, the text, who was involved."""

    value: DateValue | Span
    mod: str | None
    text: str
    actors: tuple[str, ...]
    line: int | None
    media: Media | None = None  # its `image` (with credit, caption, alt), read with the article
    detail: str = ""  # more words on it, shown below its text (a TimelineJS slide's Text)
    display_date: str = ""  # words shown for its date instead of Dateline's (a slide's Display Date)
    group: str = ""  # its TimelineJS group, made its first tag (a slide's Group)


def read_date(raw, article: Article, line: int | None) -> tuple[DateValue | Span, str | None]:
    """A date given by an editor: a TIMEX3 value (an interval ``2023-03-14/2023-03-16`` too), or
    words resolved against the publication date."""
    text = raw.isoformat() if isinstance(raw, date) else str(raw).strip()
    try:
        value = parse(text)
        if isinstance(value, (DateValue, Span)):
            return value, None
    except ValueError:
        pass
    found = [t for t in tag(text, article.dct) if isinstance(t.value, DateValue)]
    if not found:
        raise ContentError(f"cannot read the date `{text}`; write a value such as 2022-11-12 or 2022-11",
                           article.path, line)
    return found[0].value, found[0].mod


def _in_range(value: DateValue, text: str, article: Article, line: int | None) -> DateValue:
    """Editors' dates must lie in years a calendar can show: 1 BC is followed by AD 1 (no year 0), and
    the last day of 9999 has no day after it to end on."""
    _check(value.first_year != 0, f"`{text}`: there is no year 0 (1 BC is followed by AD 1)", article, line)
    _check(value.first_year < 9999, f"`{text}` is beyond the dates Dateline can place (years up to 9998)",
           article, line)
    return value


def _check(condition: bool, message: str, article: Article, line: int | None) -> None:
    if not condition:
        raise ContentError(message, article.path, line)


def added_events(article: Article) -> list[Added]:
    items = article.overrides.get("events", [])
    lines = article.override_lines.get("events", [])
    _check(isinstance(items, list), "`events` must be a list of {date, text, actors}", article,
           article.key_line("events"))
    out = []
    for i, item in enumerate(items):
        line = lines[i] if i < len(lines) else None
        _check(isinstance(item, dict) and "date" in item and isinstance(item.get("text"), str)
               and item["text"].strip(),
               "each of `events` needs `date` and `text`, e.g. {date: 2022-11-12, text: The council met.}",
               article, line)
        actors = item.get("actors") or []
        _check(isinstance(actors, list) and all(isinstance(a, str) for a in actors),
               "`actors` must be a list of names", article, line)
        for key in ("detail", "display_date", "group"):
            _check(isinstance(item.get(key) or "", str), f"`{key}` must be text", article, line)
        value, mod = read_date(item["date"], article, line)
        _in_range(value, str(item["date"]), article, line)
        if item.get("end") not in (None, ""):
            value = _until(value, item["end"], article, line)
        out.append(Added(value, mod, item["text"].strip(), tuple(actors), line, article.event_media.get(i),
                         " ".join((item.get("detail") or "").split()), " ".join((item.get("display_date") or "").split()),
                         " ".join(str(item.get("group") or "").split())))
    return out


def _until(value: DateValue | Span, raw, article: Article, line: int | None) -> Span:
    """The span from an added event's ``date`` to its ``end`` (a TimelineJS slide's End Year, Month,
    Day, Time), so that the event covers the days it lasted instead of only its first."""
    end, _mod = read_date(raw, article, line)
    _in_range(end, str(raw), article, line)
    first = value.first if isinstance(value, Span) else value
    last = end.last if isinstance(end, Span) else end
    _check(last.end > first.start, f"`end: {raw}` is before the event's date {first.timex}; swap them",
           article, line)
    return Span(first, last)


def apply(article: Article, analysis: Analysis, text: str, unmatched: list | None = None) -> Analysis:
    """The analysis of ``text`` with the article's corrections and ignores applied (a warning for each
    one that matches nothing; given ``unmatched``, they are appended to it as (line, message) instead:
    the editor's review lists them without the build's warnings repeated)."""
    analysis = _correct(article, analysis, unmatched)
    return _ignore(article, analysis, text, unmatched)


def _correct(article: Article, analysis: Analysis, unmatched: list | None) -> Analysis:
    items = article.overrides.get("corrections", [])
    lines = article.override_lines.get("corrections", [])
    _check(isinstance(items, list), "`corrections` must be a list of {text, value}", article,
           article.key_line("corrections"))
    timexes = list(analysis.timexes)
    for i, item in enumerate(items):
        line = lines[i] if i < len(lines) else None
        _check(isinstance(item, dict) and isinstance(item.get("text"), str) and "value" in item,
               "each correction needs `text` (as written) and `value`, e.g. {text: Wednesday, value: 2022-11-16}",
               article, line)
        occurrence = item.get("occurrence")
        _check(occurrence is None or (type(occurrence) is int and occurrence >= 1),
               "`occurrence` must be a whole number from 1", article, line)
        value, mod = read_date(item["value"], article, line)
        _in_range(value, str(item["value"]), article, line)
        matches = [k for k, t in enumerate(timexes) if t.text.lower() == item["text"].strip().lower()]
        if occurrence is not None:
            matches = matches[occurrence - 1:occurrence]
        if not matches:
            _unmatched(article, line, f"correction `{item['text']}` matches no expression in the text", unmatched)
        for k in matches:
            t = timexes[k]
            timexes[k] = replace(t, value=value.timex, mod=mod, quantifier=None, label=value.label(mod),
                                 type="TIME" if value.gran >= value.gran.PART_OF_DAY else "DATE",
                                 basis={"step": "override", "confidence": "certain"})  # the editor's, not the engine's
    return replace(analysis, timexes=tuple(timexes))


def _ignore(article: Article, analysis: Analysis, text: str, unmatched: list | None) -> Analysis:
    items = article.overrides.get("ignore", [])
    lines = article.override_lines.get("ignore", [])
    _check(isinstance(items, list), "`ignore` must be a list of expressions or {sentence: ...}", article,
           article.key_line("ignore"))
    dropped_timexes: set[int] = set()
    dropped_sentences: set[int] = set()
    plain_sentences = [text[start:end] for start, end in analysis.sentences]
    for i, item in enumerate(items):
        line = lines[i] if i < len(lines) else None
        if isinstance(item, dict) and isinstance(item.get("sentence"), str):
            _check(bool(item["sentence"].strip()), "`sentence` must give some words of the sentence to drop "
                   "(an empty one would drop them all)", article, line)
            found = {k for k, s in enumerate(plain_sentences) if item["sentence"] in s}
            dropped_sentences |= found
            what = f"sentence `{item['sentence']}`"
        else:
            _check(isinstance(item, str), "each of `ignore` is an expression or {sentence: words of it}",
                   article, line)
            found = {k for k, t in enumerate(analysis.timexes) if t.text.lower() == item.strip().lower()}
            dropped_timexes |= found
            what = f"expression `{item}`"
        if not found:
            _unmatched(article, line, f"ignore: {what} is not in the text", unmatched)
    events = tuple(e for e in analysis.events
                   if e.timex not in dropped_timexes and e.sentence not in dropped_sentences)
    timexes = tuple(t for k, t in enumerate(analysis.timexes) if k not in dropped_timexes)
    renumber = {old: new for new, old in enumerate(k for k in range(len(analysis.timexes)) if k not in dropped_timexes)}
    events = tuple(replace(e, timex=renumber[e.timex]) if e.timex >= 0 else e for e in events)
    return replace(analysis, timexes=timexes, events=events)


def _unmatched(article: Article, line: int | None, message: str, unmatched: list | None) -> None:
    if unmatched is not None:
        unmatched.append((line, message))
        return
    where = display_path(article.path) + (f":{line}" if line else "")
    log.warning("%s: %s", where, message)


# ---- the editor's word on the merge -------------------------------------------------------------

@dataclass(frozen=True)
class Tie:
    """An editor's word on merging: a report tells the same happening as another article's
    (``merge``), or a happening of its own (``split``: apart from one article's reports, or from
    every other report). Reports are named by words of their sentence (or of an added event's text);
    articles by their file name."""

    kind: str  # "merge" or "split"
    article: str  # the slug of the article whose front matter says it
    words: str
    other: str | None  # the other article's slug; None: a split from every other report
    other_words: str | None  # words of the other article's report; None: any of its reports
    line: int | None


def ties(article: Article) -> list[Tie]:
    """The article's ``merge:`` and ``split:`` items, checked (types, with the line)."""
    out = []
    for kind, other_key, needed in (("merge", "with", True), ("split", "from", False)):
        items = article.overrides.get(kind, [])
        lines = article.override_lines.get(kind, [])
        example = ("{sentence: The board voted, with: 2024-03-09-ferry-vote.md, their: The ferry vote}"
                   if needed else "{sentence: The board voted, from: 2024-03-09-ferry-vote.md}")
        _check(isinstance(items, list), f"`{kind}` must be a list of {example}", article, article.key_line(kind))
        for i, item in enumerate(items):
            line = lines[i] if i < len(lines) else None
            _check(_well_formed(item, other_key, needed), f"each of `{kind}` is {example}", article, line)
            other = item.get(other_key)
            out.append(Tie(kind, article.slug, item["sentence"], _article_slug(other) if other else None,
                           item.get("their"), line))
    return out


def _well_formed(item, other_key: str, needed: bool) -> bool:
    """A tie names its sentence; a merge also the other article and its sentence (a join needs both
    ends); a split may name the article, and then its sentence, or neither (apart from every report)."""
    if not isinstance(item, dict) or not _words(item.get("sentence")):
        return False
    given = [item.get(k) is not None for k in (other_key, "their")]
    if needed:
        return all(given) and _words(item[other_key]) and _words(item["their"])
    return given != [False, True] and all(_words(item[k]) for k, g in zip((other_key, "their"), given) if g)


def _words(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _article_slug(name: str) -> str:
    """The slug of an article named by its file name, with or without its folder and extension."""
    name = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    return slugify(name.rsplit(".", 1)[0] if "." in name else name)


def _told_by(event, words: str) -> bool:
    """Whether the report's sentence (or an added event's text) contains the words, spaces collapsed."""
    words = " ".join(words.split())
    return words in event.sources[0].sentence or words in " ".join(event.text.split())


def resolve_ties(articles: list[Article], reports: list, unmatched: dict | None = None):
    """The articles' ties as the merge takes them (``timeline.Ties``: reports by article and order).
    One that names no report is a warning naming its line; given ``unmatched`` (article slug -> list),
    it is appended there as (line, message) instead (the editor's review lists it as stale)."""
    by_article: dict[str, list] = {}
    for event in reports:
        by_article.setdefault(event.sources[0].article, []).append(event)
    joined, apart, alone = set(), set(), set()
    for article in articles:
        for tie in ties(article):
            mine = [report_key(e) for e in by_article.get(tie.article, ()) if _told_by(e, tie.words)]
            theirs = [report_key(e) for e in by_article.get(tie.other, ()) if tie.other_words is None
                      or _told_by(e, tie.other_words)] if tie.other else []
            missing = ("no sentence of this article has those words" if not mine else
                       "no article has that file name" if tie.other and tie.other not in by_article else
                       "no sentence of that article has those words" if tie.other and not theirs else None)
            if missing:
                here = unmatched.setdefault(article.slug, []) if unmatched is not None else None
                _unmatched(article, tie.line, f"{tie.kind}: `{tie.words}`: {missing}", here)
                continue
            if tie.kind == "split" and tie.other is None:
                alone.update(mine)
            pairs = {frozenset((a, b)) for a in mine for b in theirs if a != b}
            (joined if tie.kind == "merge" else apart).update(pairs)
    return Ties(frozenset(joined - apart), frozenset(apart), frozenset(alone))
