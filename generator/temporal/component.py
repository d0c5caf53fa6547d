"""The temporal engine as a spaCy pipeline component.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("dateline_temporal")
    doc = nlp.make_doc(text); doc._.dct = "2022-11-12"   # a date or an ISO string
    doc = nlp(doc)
    for span in doc.spans["timexes"]:
        span._.timex.value.timex, span._.timex.label

Add it last: it reads the tagger, parser and entities when they are there
and works without them (on ``spacy.blank("en")``) with lower accuracy.
"""

from __future__ import annotations

import logging
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import Basis, Timex, annotate, as_date, doc_text, parse
from .value import Recurrence

SPANS_KEY = "timexes"
log = logging.getLogger("dateline")


class TemporalComponent:
    """Finds temporal expressions, resolved against ``doc._.dct`` (the publication date)."""

    def __init__(self, nlp: Language, name: str = "dateline_temporal", *, language: str = "en",
                 spans_key: str = SPANS_KEY):
        self.name = name
        self.language = language
        self.spans_key = spans_key
        if not Doc.has_extension("dct"):
            Doc.set_extension("dct", default=None)
        if not Span.has_extension("timex_data"):
            Span.set_extension("timex_data", default=None)
        if not Span.has_extension("timex"):
            Span.set_extension("timex", getter=_timex)

    def __call__(self, doc: Doc) -> Doc:
        dct = doc._.dct
        if dct is None:
            log.debug("doc without doc._.dct: resolving against today's date")
            dct = date.today()
        dct = as_date(dct)
        spans = []
        for timex in annotate(doc_text(doc), dct, doc, self.language):
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is None:
                continue
            span._.timex_data = {"start": timex.start, "end": timex.end, "text": timex.text,
                                 "value": timex.value.timex, "mod": timex.mod, "quantifier": timex.quantifier,
                                 "set": timex.type == "SET",  # "P1Y" alone would read back as a duration
                                 "basis": timex.basis.to_json() if timex.basis is not None else None}
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc




def _timex(span: Span) -> Timex | None:
    """The resolved expression of a span; stored as plain data so Docs cross process boundaries."""
    data = span._.timex_data
    if data is None:
        return None
    value = Recurrence(data["value"]) if data.get("set") else parse(data["value"])
    return Timex(data["start"], data["end"], data["text"], value, data["mod"], data["quantifier"],
                 Basis.from_json(data.get("basis")))


@Language.factory("dateline_temporal", default_config={"language": "en", "spans_key": SPANS_KEY})
def make_temporal(nlp: Language, name: str, language: str, spans_key: str) -> TemporalComponent:
    return TemporalComponent(nlp, name, language=language, spans_key=spans_key)
