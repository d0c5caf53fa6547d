"""Dateline's own spaCy components around the temporal engine (imports spaCy: load it lazily).

* ``dateline_paragraphs`` (before the parser): a blank line ends a sentence.
* ``dateline_events`` (last): turns the parsed Doc into the article's ``Analysis`` inside the
  pipeline, so with ``--jobs N`` event extraction runs in the worker processes too; the result
  travels back as plain data in ``doc.user_data``.

And ``quicken_attribute_ruler``: the model's own ``attribute_ruler``, matching faster.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from itertools import product

from spacy.language import Language
from spacy.tokens import Doc

from .events import analysis_of

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
    doc.user_data[ANALYSIS_KEY] = with_bases(analysis_of(doc), doc).to_json()
    return doc


def with_bases(analysis, doc: Doc):
    """The analysis with each expression's ``basis`` (how the engine resolved it) kept on its record,
    so the cache holds it; the records are in the order of the Doc's temporal spans."""
    spans = doc.spans.get("timexes", [])
    if len(spans) != len(analysis.timexes):
        return analysis
    return replace(analysis, timexes=tuple(replace(record, basis=(span._.timex_data or {}).get("basis"))
                                           for record, span in zip(analysis.timexes, spans)))


COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what the model's attribute rules test, in this order
DEP_COLUMN = COLUMNS.index("DEP")  # the one a token's word does not decide


class AttributeRules:
    """The model's ``attribute_ruler`` patterns, matched by looking tokens up instead of running
    spaCy's general Matcher, which spends 10% of the small pipeline's time on 180 patterns that
    mostly test one token's tag and word. The matches, and so the tags, parts of speech, lemmas
    and morphology the ruler sets, are the same (tests compare them); the ruler still applies them."""

    def __init__(self, ruler):
        from spacy import attrs

        self.columns = [getattr(attrs, name) for name in COLUMNS]
        self.strings = ruler.vocab.strings
        self.keys = [self.strings[str(i)] for i in range(len(ruler.attrs))]  # the Matcher's match ids
        self.by_first: dict[tuple, list] = {}  # (tag, word) of a pattern's first token, None for any
        self.by_word: dict[tuple, tuple] = {}  # (tag, word, is space) of a token -> the patterns to try there
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                first = pattern[0]
                options = {a: self._values(first.get(a)) for a in ("TAG", "LOWER")}
                tests = [(k, COLUMNS.index(attr), self._test(attr, spec)) for k, token in enumerate(pattern)
                         for attr, spec in token.items() if k or options.get(attr, [None]) == [None]]
                for key in product(options["TAG"], options["LOWER"]):
                    self.by_first.setdefault(key, []).append((attr_id, len(pattern), tests))

    def _values(self, spec) -> list:
        """The hashes a pattern's first token may have in a column it is looked up by ([None]: any)."""
        if isinstance(spec, str):
            return [self._hash(spec)]
        if isinstance(spec, dict) and list(spec) == ["IN"]:
            return [self._hash(v) for v in spec["IN"]]
        return [None]

    def _hash(self, text: str) -> int:
        return self.strings.add(text)

    def _test(self, attr: str, spec):
        """A test of one token attribute (by its column) against a pattern's value or IN / NOT_IN / REGEX."""
        column = COLUMNS.index(attr)  # ValueError: a pattern testing something this class does not know
        if not isinstance(spec, dict):
            wanted = int(spec) if isinstance(spec, bool) else self._hash(spec)
            return lambda row: row[column] == wanted
        (op, value), = spec.items()
        if op == "IN":
            wanted = {self._hash(v) for v in value}
            return lambda row: row[column] in wanted
        if op == "NOT_IN":
            unwanted = {self._hash(v) for v in value}
            return lambda row: row[column] not in unwanted
        if op == "REGEX":
            regex = re.compile(value)
            return lambda row: regex.search(self.strings[row[column]]) is not None
        raise ValueError(op)

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` returns: (attr id, match id, start, end), sorted."""
        rows = doc.to_array(self.columns).tolist()
        found, keys, n = [], self.keys, len(rows)
        for i, row in enumerate(rows):
            word = (row[0], row[1], row[3])
            matched, conditional = self.by_word.get(word) or self._candidates(word)
            for attr_id in matched:
                found.append((attr_id, keys[attr_id], i, i + 1))
            for attr_id, length, tests in conditional:
                if i + length <= n and all(test(rows[i + k]) for k, _column, test in tests):
                    found.append((attr_id, keys[attr_id], i, i + length))
        found.sort()
        return found

    def _candidates(self, word: tuple[int, int, int]) -> tuple[list, list]:
        """For a token's (tag, word, is space): the patterns it matches whatever its parse, and those
        that still test its dependency label or the tokens after it."""
        tag, lower, space = word
        row = (tag, lower, None, space)
        lookup = self.by_first.get
        matched, conditional = [], []
        for attr_id, length, tests in (lookup((tag, lower), []) + lookup((tag, None), []) + lookup((None, lower), [])
                                       + lookup((None, None), [])):
            if not all(test(row) for k, column, test in tests if k == 0 and column != DEP_COLUMN):
                continue
            rest = [t for t in tests if t[0] > 0 or t[1] == DEP_COLUMN]
            if length == 1 and not rest:
                matched.append(attr_id)
            else:
                conditional.append((attr_id, length, rest))
        if len(self.by_word) < 100_000:  # bounded, for a long `dateline serve`
            self.by_word[word] = (matched, conditional)
        return matched, conditional


def quicken_attribute_ruler(nlp: Language) -> None:
    """Let the pipeline's ``attribute_ruler`` find its matches with ``AttributeRules``. A ruler with
    patterns it does not know (another model) keeps spaCy's Matcher."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = AttributeRules(ruler).match
    except ValueError as exc:
        logging.getLogger("dateline").debug("attribute_ruler keeps spaCy's Matcher: %s", exc)
