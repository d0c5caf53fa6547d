"""``dateline review``: every decision an editor would want to check, most doubtful first.

A build decides many things no reader sees being decided: which Tuesday a bare "Tuesday" is, that
an undated sentence happened on the publication day, that two reports tell one happening, that
"he" is Elena Ruiz, that "Ruiz" is Elena Ruiz. Each such decision is an ``Item``: where it is
(article file and line, the sentence), what was decided, the evidence for it, what else it could
have been, and the front-matter snippet that corrects it, ready to paste. The sources are the
records the build already keeps: each source's ``basis`` (the temporal engine's account), the
events dated at publication, conflicts, the merge's decisions (``timeline.alike`` measures them
as the merge does; ``timeline.kept_apart`` finds reports it kept apart that look alike; an editor's
``merge:`` and ``split:`` settle both), the bracketed antecedents in event texts, the actors joined and dropped, and
overrides that match nothing (``overrides.apply`` with ``unmatched``).

Accepted items are kept in ``review.toml`` beside ``dateline.toml`` (``accept``), not in the
articles: several kinds belong to no single article (a merge, a conflict, an alias are about two
or more), the articles are the newsroom's text and Dateline does not rewrite what people write
(comments and layout of YAML front matter would not survive), and one small file shows in a diff
exactly what was confirmed. An item's id is made of its kind, its article, its sentence and its
decision, so an accepted item stays accepted while those stay, and comes back when the text it is
about changes.

The order (``doubt``) comes from the engine's and the merger's own evidence only;
``bench/review_confidence.py`` checks that the most doubtful fifth holds far more wrong dates
than the rest.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import actors, overrides, timeline
from .config import REVIEW_KINDS
from .errors import ConfigError, DatelineError
from .model import Event, Source
from .temporal import parse

REVIEW_NAME = "review.toml"

# The kinds of item (``config.REVIEW_KINDS``, as `review_required` in dateline.toml names them).
KINDS = REVIEW_KINDS


@dataclass(frozen=True)
class Item:
    """One decision to check: where, what was decided, why, what else it could be, how to change it."""

    kind: str
    article: str  # the article's file, relative to the site folder
    line: int | None
    sentence: str
    decision: str
    evidence: str
    alternatives: tuple[str, ...]
    snippet: str  # front matter (or dateline.toml, said in its first line) that corrects it
    doubt: float  # 0 (sure) .. 1 (surely wrong): the list's order
    accepted: bool = False
    id: str = field(default="", compare=False)

    def __post_init__(self):
        if not self.id:
            key = "\0".join((self.kind, self.article, self.sentence, self.decision))
            object.__setattr__(self, "id", f"{self.kind}-{hashlib.sha1(key.encode()).hexdigest()[:10]}")

    @property
    def where(self) -> str:
        return f"{self.article}:{self.line}" if self.line else self.article

    def to_json(self) -> dict:
        """The published item (DESIGN.md: ``dateline review --json``)."""
        return {"id": self.id, "kind": self.kind, "article": self.article, "line": self.line,
                "sentence": self.sentence, "decision": self.decision, "evidence": self.evidence,
                "alternatives": list(self.alternatives), "snippet": self.snippet, "doubt": round(self.doubt, 3),
                "accepted": self.accepted}

    def line_text(self) -> str:
        """The item in one line, as ``build --strict`` and ``dateline review`` print it."""
        return f"{self.where}: {self.kind}: {self.decision} [{self.id}]"


# ---- how doubtful a date is ----------------------------------------------------------------------

# Doubt of a date: the chance that one of the decisions it rests on went wrong, each decision's
# risk taken as independent (1 - the product of the chances each went right). The risks are those of
# kinds of evidence, never of words or texts (bench/review_confidence.py measures the order):
# - the direction (``EVIDENCE_RISK``): the expression's own word is near sure, the clause's tense or
#   auxiliary one reading of a parse, no evidence at all a coin weighted by the news convention;
# - the step (``STEP_RISK``): a value that says which period a report is about, or reads a frequency,
#   or counts from no date, is a reading of intent, not of the calendar;
# - the anchor (``ANCHOR_RISK``): a value read against an earlier date of the text rests on that
#   date's reading too (its confidence, ``CONFIDENCE_RISK``), the more so the further back it stands;
# - a rejected reading nearer the anchor than the chosen one: only the direction chose against it;
# - what the value reads into its words beyond the calendar (``LOOSE_RISK``).
EVIDENCE_RISK = {"word": 0.02, "tense": 0.1, "auxiliary": 0.1, "governor": 0.12, "preposition": 0.1,
                 "lead": 0.15, "sentence": 0.2, "default": 0.25}
STEP_RISK = {"report period": 0.3, "set": 0.2, "unanchored": 0.3, "story year": 0.1, "story weekday": 0.15,
             "day of month": 0.15, "time of day": 0.15, "reference": 0.02, "duration": 0.08, "counted": 0.05,
             "stated": 0.05, "occurrence": 0.05}
ANCHOR_RISK = {"previous": 0.25, "year": 0.2}
CONFIDENCE_RISK = {"guess": 0.25, "likely": 0.15, "certain": 0.05}  # of the anchor's own reading
LOOSE_RISK = {"part of day": 0.4, "calendar week": 0.35, "vague amount": 0.3, "approximate": 0.2}
RIVAL_RISK = 0.4  # at a rejected reading as near as can be (the chosen one a whole cycle away)
FAR = 400  # characters: an anchor this far back (a few sentences) adds the most


def _either(*risks: float) -> float:
    """The chance that at least one of independent decisions went wrong."""
    right = 1.0
    for risk in risks:
        right *= 1.0 - min(max(risk, 0.0), 1.0)
    return 1.0 - right


def date_doubt(basis: dict) -> float:
    """How doubtful the engine's own account makes a date, 0..1: the risks of its direction evidence,
    its step, its anchor (and how far back that stands), a nearer rejected reading, its loose readings."""
    risks = [STEP_RISK.get(basis.get("step"), 0.1)]
    anchor, evidence = basis.get("anchor"), basis.get("evidence")
    if evidence is None and basis.get("confidence") == "guess" and anchor not in ANCHOR_RISK:
        evidence = "default"  # a guess made against no anchor is a choice made without evidence
    if basis.get("direction") is not None or evidence:
        risks.append(EVIDENCE_RISK.get(evidence, 0.15 if basis.get("alternative") else 0.0))
    if anchor in ANCHOR_RISK:
        before = basis.get("anchor_before")
        far = min(before, FAR) / FAR if isinstance(before, int) else 0.5
        risks += [ANCHOR_RISK[anchor] * (0.6 + 0.4 * far), CONFIDENCE_RISK.get(basis.get("confidence"), 0.15)]
    rival = basis.get("rival")
    if isinstance(rival, (int, float)) and rival > 0.5:
        risks.append(RIVAL_RISK * (rival - 0.5) * 2)
    risks += [LOOSE_RISK.get(what, 0.2) for what in basis.get("loose") or ()]
    return _either(*risks)


# Undated happenings rest on one convention, not on a choice against evidence: news tells what
# happened by its dateline, and a sentence that goes on without a date goes on with the story's day.
# That is about as sure as one reading of a clause (a tense: 0.15 with its step) and less than a
# guess; the story's day rests on the earlier sentence's reading as well.
UNDATED_DOUBT = {"publication": 0.2, "context": 0.25}
# A date inside a quotation is the speaker's (or a caption's, a title's) words, told from the speaker's
# time and often about something else than the reported happening.
QUOTE_RISK = 0.3


def source_doubt(basis: dict) -> float:
    """The doubt of one source's date: an editor's is none, an undated happening's the convention's."""
    step = basis.get("step")
    return 0.0 if step == "override" else UNDATED_DOUBT[step] if step in UNDATED_DOUBT else date_doubt(basis)


def event_doubt(event: dict) -> float:
    """The doubt of an event's date in events.json: that of its best-founded source (reports that
    agree on it make it no more doubtful than the surest of them), and more when its date was
    found inside a quotation."""
    best = min((source_doubt(s.get("basis") or {}) for s in event.get("sources", [])), default=0.5)
    return _either(best, QUOTE_RISK) if event.get("quote") and best > 0 else best


# ---- where a source stands -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Article:
    """What the review needs of one article: it, its plain text, its analyses, its site-relative file."""

    article: object
    plain: object
    analysis: object  # with its overrides applied
    found: object  # before its overrides
    file: str

    def line(self, sentence: int) -> int | None:
        """The file's line where sentence ``sentence`` of the plain text starts."""
        if not 0 <= sentence < len(self.analysis.sentences):
            return None
        offset = self.plain.source_offset(self.analysis.sentences[sentence][0])
        return self.article.body_line + self.article.body.count("\n", 0, offset)

    def words(self, sentence: int) -> str:
        """Words that start sentence ``sentence`` exactly as its plain text has them, for
        ``ignore: - sentence:`` (which looks for them in the sentence as written)."""
        start, end = self.analysis.sentences[sentence]
        raw = self.plain.text[start:end].strip().split("\n")[0]
        cut = [i for i, c in enumerate(raw) if c == " "]
        return raw[:cut[11]] if len(cut) > 11 else raw


def _sentence_index(source: Source) -> int:
    return int(source.anchor[2:]) if source.anchor.startswith("s-") else -1


def _quoted(text: str) -> str:
    """A YAML scalar (a JSON string is one): safe for any words."""
    return json.dumps(text, ensure_ascii=False)


def _label(value: str | None) -> str:
    """A TIMEX3 value as readers read it ("Tuesday, Nov. 8, 2022"), or the value itself."""
    try:
        return parse(value).label(None)
    except (ValueError, TypeError, AttributeError):
        return str(value)


# ---- the items, kind by kind -------------------------------------------------------------------

def _date_item(place: _Article, event: Event, source: Source) -> Item | None:
    """A date the engine resolved for one source: its confidence is its kind."""
    basis = dict(source.basis)
    if basis.get("step") in (None, "override") or not 0 <= source.order < len(place.analysis.events):
        return None
    raw = place.analysis.events[source.order]
    k = _sentence_index(source)
    if raw.timex < 0:
        return _undated_item(place, event, source, raw, k)
    timexes = place.analysis.timexes
    timex = timexes[raw.timex]
    same = [i for i, t in enumerate(timexes) if t.text.lower() == timex.text.lower()]
    occurrence = f"\n    occurrence: {same.index(raw.timex) + 1}" if len(same) > 1 else ""
    alternative = basis.get("alternative")
    why = _describe(basis)
    correct = alternative or timex.value
    snippet = (f"corrections:\n  - text: {_quoted(timex.text)}{occurrence}\n    value: {_quoted(correct)}"
               + ("" if alternative else "  # the date it is, if not this one"))
    confidence = basis.get("confidence", "likely")
    return Item(confidence if confidence in KINDS else "likely", place.file, place.line(k), source.sentence,
                f"“{timex.text}” read as {timex.label} ({timex.value})", why,
                (f"{_label(alternative)} ({alternative})",) if alternative else (), snippet,
                _either(date_doubt(basis), QUOTE_RISK) if raw.quote else date_doubt(basis))  # as event_doubt


def _describe(basis: dict) -> str:
    from .temporal.resolve import Basis
    found = Basis.from_json({k: v for k, v in basis.items() if k != "span"} | {"rule": basis.get("rule", "")})
    return found.describe() if found is not None else ""


def _replacement(place: _Article, k: int, date: str, text: str, event_actors=(), comment: str = "") -> str:
    """The snippet that drops a sentence's reading and states the event by hand instead."""
    names = f"\n    actors: [{', '.join(_quoted(a) for a in event_actors)}]" if event_actors else ""
    note = f"  # {comment}" if comment else ""
    return (f"ignore:\n  - sentence: {_quoted(place.words(k))}{note}\n"
            f"events:\n  - date: {_quoted(date)}\n    text: {_quoted(text)}{names}")


def _undated_item(place: _Article, event: Event, source: Source, raw, k: int) -> Item:
    basis = dict(source.basis)
    value = basis["anchor_value"] if basis.get("anchor") == "entry" else raw.value  # a live entry's time
    told = ("the sentence gives no date: a happening news reports is placed on its publication day"
            if raw.basis == "publication" and value == raw.value else
            "the sentence gives no date: a live page's entry reports it, so it is placed at the entry's time"
            if raw.basis == "publication" else
            "the sentence gives no date: it is placed on the day an earlier sentence of the story told of")
    return Item("undated", place.file, place.line(k), source.sentence,
                f"“{raw.text}” dated {_label(value)} ({value}), without a date of its own", told,
                ("the date it happened, if earlier",),
                _replacement(place, k, value, raw.text, raw.actors, "the date it happened, if not this one"),
                UNDATED_DOUBT.get(raw.basis, 0.5))


def _conflict_items(events: tuple[Event, ...], places: dict[str, _Article]) -> list[Item]:
    """One item per pair of events that tell one happening on different dates, at the first."""
    by_id = {e.id: e for e in events}
    out = []
    for event in events:
        for other_id in event.conflicts:
            other = by_id.get(other_id)
            if other is None or other_id < event.id:
                continue  # each pair once
            source, told = event.sources[0], other.sources[0]
            place, there = places.get(source.article), places.get(told.article)
            if place is None:
                continue
            k = _sentence_index(source)
            where = f"{there.file}:{there.line(_sentence_index(told))}" if there else told.article
            snippet = (f"corrections:\n  - text: {_quoted(source.timex)}\n    value: {_quoted(other.value.timex)}"
                       if source.timex else _replacement(place, k, other.value.timex, event.text, event.actors))
            out.append(Item("conflict", place.file, place.line(k), source.sentence,
                            f"“{event.text}” dated {event.label}; {where} dates it {other.label}",
                            f"the same happening by its words and actors (“{other.text}”), on another nearby date",
                            (f"{other.label} ({other.value.timex})",), snippet, 0.95))
    return out


def _merge_items(gathered, places: dict[str, _Article]) -> list[Item]:
    """Each report the merge joined to another article's event: how alike they are, by the merge's measure."""
    decisions = gathered.timeline.decisions
    if decisions is None:
        return []
    creators = {id(r): r for r in gathered.reports}
    out = []
    for report in gathered.reports:
        joined = decisions.joined.get(id(report))
        if joined is None or joined[1] == id(report) or joined[1] not in creators:
            continue
        creator = creators[joined[1]]
        if decisions.ties.partners(timeline.report_key(report)):
            continue  # joined by an editor's `merge:`: decided
        shared, share = timeline.alike(report, creator, decisions)
        source, first = report.sources[0], creator.sources[0]
        place, there = places.get(source.article), places.get(first.article)
        if place is None:
            continue
        k = _sentence_index(source)
        where = f"{there.file}:{there.line(_sentence_index(first))}" if there else first.article
        snippet = (f"split:\n  - sentence: {_quoted(place.words(k) if k >= 0 else report.text)}\n"
                   f"    from: {_quoted(there.file.rsplit('/', 1)[-1] if there else first.article)}"
                   "  # keeps this report an event of its own")
        out.append(Item("merge", place.file, place.line(k), source.sentence,
                        f"“{report.text}” joined to “{creator.text}” ({where})",
                        f"{shared} detail{'s' if shared != 1 else ''} in common, {share:.0%} of the shorter report's"
                        + ("; dated by another report's date" if report.value != creator.value else ""),
                        ("two events",), snippet, 0.85 - 0.6 * min(share, 1.0)))
    return out


def _apart_items(gathered, places: dict[str, _Article]) -> list[Item]:
    """Reports the merge kept in different events that look alike by its own measure (and that are
    no conflict, which is an item of its own): the snippet joins them (``merge:``). The more alike,
    the more doubtful keeping them apart; yet below a merge made on little (a wrong merge hides a
    happening, a missed one shows it twice)."""
    decisions = gathered.timeline.decisions
    if decisions is None:
        return []
    final = {(s.article, s.order): e for e in gathered.timeline.events for s in e.sources}
    out = []
    ties = decisions.ties
    for report, other, shared, share in timeline.kept_apart(decisions):
        keys = (timeline.report_key(report), timeline.report_key(other))
        if frozenset(keys) in ties.apart or ties.alone.intersection(keys):
            continue  # kept apart by an editor's `split:`: decided
        mine, theirs = final.get(keys[0]), final.get(keys[1])
        if mine is None or theirs is None or theirs.id in mine.conflicts or mine.id in theirs.conflicts:
            continue
        source, told = report.sources[0], other.sources[0]
        place, there = places.get(source.article), places.get(told.article)
        if place is None or there is None:
            continue
        k, j = _sentence_index(source), _sentence_index(told)
        snippet = (f"merge:\n  - sentence: {_quoted(place.words(k) if k >= 0 else report.text)}\n"
                   f"    with: {_quoted(there.file.rsplit('/', 1)[-1])}\n"
                   f"    their: {_quoted(there.words(j) if j >= 0 else other.text)}  # if they tell one happening")
        out.append(Item("apart", place.file, place.line(k), source.sentence,
                        f"“{report.text}” ({report.label}) kept apart from “{other.text}” ({other.label}, "
                        f"{there.file}:{there.line(j)})",
                        f"{shared} detail{'s' if shared != 1 else ''} in common, {share:.0%} of the shorter "
                        f"report's, yet {_why_apart(report, other)}",
                        ("one event",), snippet, 0.6 * min(share, 1.0) - 0.1))
    return out


def _why_apart(report: Event, other: Event) -> str:
    """Why the merge may have kept two alike reports apart, as far as their dates and names tell."""
    if not timeline.compatible(report.value, other.value):
        return "their dates do not fit one another"
    if report.actors and other.actors and not set(report.actors) & set(other.actors):
        return "they name different people or bodies"
    return "the merge found a report more like one of them, or their main verbs differ"


def _report_items(gathered, places: dict[str, _Article], config) -> list[Item]:
    """Pronouns read as a name, names joined to a full name, names not listed: one item per article
    and name (at its first sentence)."""
    alias = timeline.aliases(gathered.reports)
    out, seen = [], set()
    for report in gathered.reports:
        source = report.sources[0]
        place = places.get(source.article)
        if place is None or report.basis == "override":
            continue
        k = _sentence_index(source)
        people = {e.text for e in place.analysis.entities if e.label == "PERSON"}
        for name in dict.fromkeys(n for n in _bracketed(report.text) if n in people):
            if ("pronoun", source.article, k, name) not in seen:
                seen.add(("pronoun", source.article, k, name))
                out.append(Item("pronoun", place.file, place.line(k), source.sentence,
                                f"a pronoun read as {name}: “{report.text}”",
                                f"{name} is the person named as a subject just before",
                                ("someone else",),
                                _replacement(place, k, report.value.timex, report.text.replace(f"[{name}]", "[...]"),
                                             report.actors, "write who it is"), 0.45))
        for name in report.actors:
            full = alias.get(name)
            if full and ("alias", source.article, name) not in seen:
                seen.add(("alias", source.article, name))
                out.append(Item("alias", place.file, place.line(k), source.sentence, f"“{name}” listed as {full}",
                                f"{full} is the one name of the site that ends with “{name}”", ("another person",),
                                f"# dateline.toml\nactor_aliases = {{{_quoted(name)} = {_quoted(full)}}}"
                                "  # or the name it is", 0.35))
    return out + _dropped_items(places, config, seen)


def _bracketed(text: str) -> list[str]:
    """What an event's text has in brackets: an antecedent ("[Elena Ruiz]") or a date ("[Nov. 16]")."""
    return re.findall(r"\[([^\[\]]+)\]", text)


def _dropped_items(places: dict[str, _Article], config, seen: set) -> list[Item]:
    """Names the article's sentences give that are listed neither as actors nor as places."""
    out = []
    for place in places.values():
        cast = actors.Cast.of(place.analysis, place.article.source, config, config.language)
        for raw in place.analysis.events:
            for name in raw.actors:
                if cast.kind(cast.aliases.get(actors.key(name), name)) is None and \
                        ("dropped", place.file, actors.key(name)) not in seen:
                    seen.add(("dropped", place.file, actors.key(name)))
                    out.append(_dropped_item(place, raw, name, config))
    return out


def _dropped_item(place: _Article, raw, name: str, config) -> Item:
    """A name the sentence gives that is no actor; its fix states the event by hand with the name listed
    (an editor's ``events:`` keeps the actors it is given)."""
    start, end = place.analysis.sentences[raw.sentence]
    date = place.analysis.timexes[raw.timex].value if raw.timex >= 0 else raw.value
    return Item("dropped", place.file, place.line(raw.sentence), " ".join(place.plain.text[start:end].split()),
                f"“{name}” not listed as an actor", _why_dropped(name, place, config), ("an actor",),
                _replacement(place, raw.sentence, date, raw.text, (*raw.actors,), "to list it as an actor"), 0.2)


def _why_dropped(name: str, place: _Article, config) -> str:
    k, publication = actors.key(name), actors.key(place.article.source)
    if k in {actors.key(n) for n in config.not_actors}:
        return "the site's `not_actors` names it"
    if publication and k in (publication, publication.split()[-1]):
        return f"the article's own publication ({place.article.source}) reports, it does not take part"
    return "a lone common word, not a name of anyone in particular"


def _stale_items(places: dict[str, _Article], reports) -> list[Item]:
    """Overrides in front matter that match nothing in the text any more."""
    out = []
    tied: dict[str, list] = {}
    overrides.resolve_ties([p.article for p in places.values()], reports, tied)
    for place in places.values():
        unmatched: list = []
        overrides.apply(place.article, place.found, place.plain.text, unmatched)
        unmatched += tied.get(place.article.slug, [])
        for line, message in unmatched:
            out.append(Item("stale", place.file, line, "", message,
                            "the text it was written for has changed, or it never matched", (),
                            f"# delete the item at line {line} of the front matter" if line else
                            "# delete the item from the front matter", 1.0))
    return out


# ---- the review ----------------------------------------------------------------------------------

def items(gathered, config) -> list[Item]:
    """Every item of a gathered site (``site.Gathered``), most doubtful first, accepted ones marked."""
    places = {}
    for article, plain, analysis, found in zip(gathered.articles, gathered.plains, gathered.analyses,
                                                gathered.found or gathered.analyses):
        places[article.slug] = _Article(article, plain, analysis, found, relative(article.path, config.root))
    found = []
    for event in gathered.timeline.events:
        for source in event.sources:
            place = places.get(source.article)
            item = _date_item(place, event, source) if place else None
            if item is not None:
                found.append(item)
    found += _conflict_items(gathered.timeline.events, places)
    found += _merge_items(gathered, places)
    found += _apart_items(gathered, places)
    found += _report_items(gathered, places, config)
    found += _stale_items(places, gathered.reports)
    accepted = accepted_ids(config)
    found = [replace(i, accepted=True, id=i.id) if i.id in accepted else i for i in _unique(found)]
    return sorted(found, key=lambda i: (-i.doubt, i.article, i.line or 0, i.kind, i.id))


def _unique(found: list[Item]) -> list[Item]:
    """One item per id (a sentence reporting one date twice is one decision)."""
    return list({i.id: i for i in found}.values())


def relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def as_text(item: Item) -> str:
    """An item as ``dateline review`` prints it: where and what, the sentence, why, what else, the fix."""
    lines = [f"{item.where}: {item.kind}: {item.decision}{' (accepted)' if item.accepted else ''}"]
    lines += [f"    {label}: {text}" for label, text in (("sentence", item.sentence), ("evidence", item.evidence),
                                                         ("instead", "; ".join(item.alternatives))) if text]
    lines += ["    fix:"] + [f"      {line}" for line in item.snippet.splitlines()]
    lines.append(f"    confirm: dateline review --accept {item.id}")
    return "\n".join(lines)


def open_items(found: list[Item], show_all: bool = False) -> list[Item]:
    """What the editor still has to look at: not accepted, and no date the text states (all with ``show_all``)."""
    return found if show_all else [i for i in found if not i.accepted and i.kind != "certain"]


def required(found: list[Item], kinds) -> list[Item]:
    """The open items of the kinds a site requires reviewed (``review_required``)."""
    return [i for i in open_items(found) if i.kind in kinds]


def check_required(found: list[Item], kinds) -> None:
    """``build --strict``: fail while items of the required kinds are open, listing them one per line."""
    left = required(found, kinds)
    if left:
        lines = "\n".join(f"  {i.line_text()}" for i in left)
        raise DatelineError(f"{len(left)} review item{'s' if len(left) != 1 else ''} of the kinds `review_required` "
                            f"lists ({', '.join(kinds)}) {'are' if len(left) != 1 else 'is'} open; correct them "
                            f"or confirm each with `dateline review --accept ID`:\n{lines}")


# ---- what the editor confirmed -------------------------------------------------------------------

HEADER = ("# Review items an editor confirmed (`dateline review --accept ID` adds them). An item comes back\n"
          "# when its article's sentence or the decision changes: its id is made of both.\n")


def accepted_ids(config) -> set[str]:
    """The ids in ``review.toml`` (none when there is no such file)."""
    return {entry["id"] for entry in _accepted(config.root / REVIEW_NAME)}


def _accepted(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not a review file Dateline can read ({exc}); fix it or delete it", path) from None
    entries = data.get("accepted", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in entries):
        raise ConfigError("`accepted` must be a list of tables with an `id`, as `dateline review --accept` "
                          "writes them", path)
    return entries


def accept(config, found: list[Item], ids: list[str]) -> list[Item]:
    """Record ``ids`` as confirmed in review.toml (kept sorted by id: the same confirmations make the
    same file); returns the items accepted. An id no item has is an error naming it."""
    by_id = {i.id: i for i in found}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise DatelineError(f"no review item has the id {', '.join(unknown)}; `dateline review --all` lists them")
    path = config.root / REVIEW_NAME
    entries = {e["id"]: e for e in _accepted(path)}
    for ident in ids:
        item = by_id[ident]
        entries[ident] = {"id": ident, "article": item.article, "sentence": item.sentence, "decision": item.decision}
    path.write_text(HEADER + "".join(_entry(entries[k]) for k in sorted(entries)), encoding="utf-8")
    return [by_id[i] for i in ids]


def _entry(entry: dict) -> str:
    """One accepted item as TOML (JSON strings are TOML basic strings)."""
    fields = "".join(f"{k} = {json.dumps(str(v), ensure_ascii=False)}\n" for k, v in entry.items())
    return f"\n[[accepted]]\n{fields}"
