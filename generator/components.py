"""Dateline's own spaCy components around the temporal engine (imports spaCy: load it lazily).

* ``dateline_paragraphs`` (before the parser): a blank line ends a sentence.
* ``dateline_events`` (last): turns the parsed Doc into the article's ``Analysis`` inside the
  pipeline, so with ``--jobs N`` event extraction runs in the worker processes too; the result
  travels back as plain data in ``doc.user_data``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ANALYSIS_KEY = "dateline_analysis"


@Language.component("dateline_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser must not join a quote to the next paragraph."""
    for token in doc[1:]:
        if "\n\n" in doc[token.i - 1].whitespace_ + (token.text if token.is_space else ""):
            token.is_sent_start = True
        elif doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


@Language.component("dateline_events")
def extract_events(doc: Doc) -> Doc:
    from .events import raw_events
    from .nlp import to_analysis
    doc.user_data[ANALYSIS_KEY] = to_analysis(doc, raw_events(doc)).to_json()
    return doc
