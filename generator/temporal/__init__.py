"""Dateline's temporal engine: find temporal expressions and resolve them.

Independent of the site generator. Three ways in:

* ``tag(text, dct)`` -> list of ``Timex`` (optionally with a spaCy pipeline);
* ``annotate(text, dct, doc)`` when a parsed ``Doc`` of the text is at hand;
* the spaCy component ``dateline_temporal`` (see ``component.py``).

Rules are data (``resources/en``); this package only loads and applies them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

from . import recognise, resources
from .resolve import Basis, Context, Why, is_aside, resolve, tells_a_story
from .tense import tense_and_cue_in_doc, tense_and_cue_in_text
from .value import DateValue, Duration, Gran, Recurrence, Reference, Span, Value, parse

# Bump when the engine's behaviour changes: it is part of the analysis cache key.
ENGINE_VERSION = "4"
TEXT_KEY = "dateline_text"  # where a Doc keeps its text (see ``doc_text``)


def doc_text(doc) -> str:
    """The document's text, joined once: spaCy's ``Doc.text`` joins every token again on each call."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


@dataclass(frozen=True)
class Timex:
    """One resolved temporal expression: character offsets into the text, its value and how the
    engine reached it (``basis``, see ``resolve.Basis``; not part of what the expression is)."""

    start: int
    end: int
    text: str
    value: Value
    mod: str | None = None
    quantifier: str | None = None
    basis: Basis | None = field(default=None, compare=False)

    @property
    def type(self) -> str:
        if isinstance(self.value, Duration):
            return "DURATION"
        if isinstance(self.value, Recurrence):
            return "SET"
        if isinstance(self.value, DateValue) and self.value.gran >= Gran.PART_OF_DAY:
            return "TIME"
        return "DATE"

    @property
    def label(self) -> str:
        return self.value.label(self.mod, self.quantifier)

    def to_json(self) -> dict:
        """The published item format of ``dateline dates``."""
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type,
                "value": self.value.timex, "mod": self.mod}


def as_date(dct: date | datetime | str) -> date:
    if isinstance(dct, datetime):
        return dct.date()
    if isinstance(dct, date):
        return dct
    return date.fromisoformat(str(dct)[:10])


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")  # a blank line: where a paragraph ends
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n")  # without a parse, where a sentence may end


def annotate(text: str, dct: date | datetime | str, doc=None, language: str = "en") -> list[Timex]:
    """Recognise and resolve every temporal expression in ``text``.

    ``doc``, when given, is a spaCy Doc of the same text; its tags, parse and
    entities sharpen the reading of bare weekdays and months and reject names.
    """
    res = resources.load(language)
    mentions = recognise.find(text, res, doc)
    story = tells_a_story(mentions, as_date(dct))
    ctx = Context.start(as_date(dct), story=story)
    parsed = doc is not None and doc.has_annotation("DEP")
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    sentences = [s.start_char for s in doc.sents] if parsed and doc.has_annotation("SENT_START") \
        else [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    out = []
    for mention in mentions:
        ctx.paragraph = bisect_right(breaks, mention.start)
        ctx.sentence = bisect_right(sentences, mention.start)
        tense, cue = (tense_and_cue_in_doc(doc, mention.start, mention.end) if parsed
                      else tense_and_cue_in_text(text, mention.start, mention.end))
        lead = res.lead("ahead_lead", text, mention.start) if "weekday" in mention.fields else None
        if lead is not None:
            tense, cue = "future", ("lead", lead)  # "as soon as Monday", "no later than Friday"
        elif tense == "past" and res.led_by("point_lead", text, mention.start):
            tense = "past point"  # "had a line out the door on Christmas Eve": before publication
        why = Why(mention.start, mention.text, cue, mention.word)
        resolved = resolve(mention.fields, ctx, tense, aside=is_aside(mention, text, res), why=why, rule=mention.rule)
        if resolved is None:
            continue
        out.append(Timex(mention.start, mention.end, mention.text, resolved.value, resolved.mod,
                         resolved.quantifier, resolved.basis))
    return out


def tag(text: str, dct: date | datetime | str, nlp=None) -> list[Timex]:
    """Tag ``text`` published on ``dct``; with ``nlp`` (a spaCy Language) the text is parsed first."""
    doc = nlp(text) if nlp is not None else None
    return annotate(text, dct, doc)


def rules_digest(language: str = "en") -> str:
    return resources.files_digest(language)


__all__ = ["Timex", "Basis", "annotate", "tag", "parse", "DateValue", "Duration", "Recurrence", "Reference", "Span", "Gran",
           "ENGINE_VERSION", "rules_digest"]
