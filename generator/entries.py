"""A live page's entries and their times.

A live blog is a run of entries, each stamped with the time it was posted. In an article file each
entry's stamp is a paragraph of its own holding one ``<time datetime="...">15:40</time>`` (as
``dateline import`` writes them, and as an editor may): the page shows it as it is, the engine does
not read it (it is no prose: its characters are blanked in the plain text, offsets unchanged), and
a happening an entry reports without a date of its own is dated at its entry's time rather than
at the page's first publication, which for a live page is only when the coverage began. On a page
that runs over several days, an expression read against the publication day ("yesterday", "this
morning", "on Tuesday") in an entry of a later day is read again against that entry's day.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import datetime

from .markup import PlainText
from .model import Analysis
from .temporal import tag

# A stamp: the <time> element alone on its line; ``_alone`` checks it is a paragraph of its own.
STAMP = re.compile(r'^[ \t]*<time datetime="(?P<when>[^"<>]+)">(?P<label>[^<>\n]*)</time>[ \t]*$', re.MULTILINE)


@dataclass(frozen=True)
class Entry:
    """Where an entry starts in the plain text, and when it was posted (timezone-aware or not)."""

    start: int
    posted: datetime


def stamped(plain: PlainText, body: str) -> PlainText:
    """The plain text with every entry stamp of ``body`` blanked and its ``entries`` in order. A stamp
    whose datetime is no date and time (``2023-01-21T15:40``) is left as text: it is not one."""
    text, found = list(plain.text), []
    for m in STAMP.finditer(body):
        posted = _posted(m.group("when"))
        where = _plain_span(plain, m.start("label"), m.end("label"))
        if posted is None or where is None or not _alone(body, m):
            continue
        text[where[0]:where[1]] = " " * (where[1] - where[0])
        found.append(Entry(where[0], posted))
    if not found:
        return plain
    return replace(plain, text="".join(text), entries=tuple(sorted(found, key=lambda e: e.start)))


def posted_at(entries: tuple[Entry, ...], offset: int) -> datetime | None:
    """When the entry holding plain offset ``offset`` was posted; None before the first entry."""
    i = bisect_right([e.start for e in entries], offset) - 1
    return entries[i].posted if i >= 0 else None


def _posted(value: str) -> datetime | None:
    """A stamp's datetime, when it gives a time of day (a bare day says nothing an entry needs)."""
    try:
        posted = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return posted if "T" in value or " " in value.strip() else None


def _alone(body: str, m: re.Match) -> bool:
    """Whether the stamp's line is a paragraph of its own (blank lines or the body's ends around it)."""
    before, after = body[:m.start()], body[m.end():]
    return (not before.strip() or before.endswith("\n\n") or re.search(r"\n[ \t]*\n\Z", before) is not None) \
        and (not after.strip() or re.match(r"[ \t]*\r?\n[ \t]*\r?\n", after) is not None)


def _plain_span(plain: PlainText, start: int, end: int) -> tuple[int, int] | None:
    """The plain text's span copied from source[start:end], found through its runs."""
    for (p, s), (p_next, _s) in zip(plain.runs, plain.runs[1:]):
        if s >= 0 and s <= start and end <= s + (p_next - p):
            return p + start - s, p + end - s
    return None


def redated(analysis: Analysis, plain: PlainText, dct, zone) -> Analysis:
    """The analysis with each expression that was read against the publication day ``dct`` read
    again against its entry's day (in ``zone``, the article's) where the entry was posted on another
    day; the same object when there is none (most articles), so what is kept by identity stays."""
    timexes, changed = list(analysis.timexes), False
    for i, t in enumerate(timexes):
        posted = posted_at(plain.entries, t.start) if (t.basis or {}).get("anchor") == "publication" else None
        day = _day(posted, zone) if posted is not None else dct
        if day == dct:
            continue
        start, end = next(((s, e) for s, e in analysis.sentences if s <= t.start < e), (t.start, t.end))
        again = [x for x in tag(plain.text[start:end], day) if (x.start + start, x.end + start) == (t.start, t.end)]
        if again and again[0].value.timex != t.value:
            x = again[0]
            timexes[i] = replace(t, value=x.value.timex, mod=x.mod, label=x.label,
                                 basis=x.basis.to_json() if x.basis is not None else t.basis)
            changed = True
    return replace(analysis, timexes=tuple(timexes)) if changed else analysis


def _day(posted: datetime, zone):
    """The day an entry was posted, in the article's zone (as its publication day is told)."""
    return (posted.astimezone(zone) if posted.tzinfo is not None and zone is not None else posted).date()
