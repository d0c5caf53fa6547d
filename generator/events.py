"""From dated sentences to raw events: what happened, when, who was involved.

A sentence yields one event per calendar date it carries (a DATE or TIME
expression; durations, sets and "now" place nothing on a timeline). The
event's text is the sentence; its actors are the people, organisations and
places named in it, with "Biden" after "Joe Biden" read as the same person.
Events of all articles are merged later, in ``timeline.py``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
_QUOTES = re.compile(r"[\"“”]")


@dataclass(frozen=True)
class RawEvent:
    """An event as one article reports it, before merging."""

    sentence: int  # index into the analysis' sentences
    timex: int  # index into the analysis' timexes
    text: str
    actors: tuple[str, ...]
    quote: bool = False

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> RawEvent:
        return cls(data["sentence"], data["timex"], data["text"], tuple(data["actors"]), data.get("quote", False))


def raw_events(doc) -> list[RawEvent]:
    """Events of one parsed document (its temporal spans must be in ``doc.spans["timexes"]``)."""
    from .temporal import DateValue

    spans = list(doc.spans.get("timexes", []))
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    aliases = _person_aliases(doc)
    events, seen = [], set()
    for index, span in enumerate(spans):
        timex = span._.timex
        if not isinstance(timex.value, DateValue):
            continue
        sent_index = next((i for i, s in enumerate(sentences) if s.start_char <= timex.start < s.end_char), None)
        if sent_index is None:
            continue
        if (sent_index, timex.value) in seen:  # "Thanksgiving tomorrow": one date, one event
            continue
        seen.add((sent_index, timex.value))
        sent = sentences[sent_index]
        actors = _actors(sent, aliases)
        text = sent.text.strip()
        events.append(RawEvent(sent_index, index, text, actors, _in_quote(sent.text, timex.start - sent.start_char)))
    return events


def _person_aliases(doc) -> dict[str, str]:
    """Short forms of names mentioned in full earlier in the article: "Biden" -> "Joe Biden"."""
    aliases: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            full = _clean_name(ent.text)
            aliases.setdefault(ent[-1].text, full)
            aliases.setdefault(full, full)
    return aliases


def _clean_name(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.;:")


def _actors(sent, aliases: dict[str, str]) -> tuple[str, ...]:
    names = []
    for ent in sent.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        name = _clean_name(ent.text)
        if ent.label_ == "PERSON":
            name = aliases.get(name, name)
        if len(name) > 1 and name not in names:
            names.append(name)
    return tuple(names)


def _in_quote(text: str, offset: int) -> bool:
    """Whether ``offset`` lies between an odd number of quotation marks: inside a quotation."""
    return len(_QUOTES.findall(text[:offset])) % 2 == 1
