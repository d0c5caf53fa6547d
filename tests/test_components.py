"""Dateline's spaCy components: what they change in a parsed document, and that it is what they should."""

import spacy
from spacy.pipeline import AttributeRuler

from generator import config, content
from generator.components import AttributeRules, quicken_attribute_ruler
from generator.markup import plain_text


def test_attribute_rules_match_what_spacys_matcher_matches(nlp):
    """The model's attribute_ruler finds its matches by lookup; the matches are the Matcher's, on
    every token of the example articles (its parts of speech, lemmas and morphology follow)."""
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match.__self__, AttributeRules)
    before = nlp.pipe_names[:nlp.pipe_names.index("attribute_ruler")]
    texts = [plain_text(a.body, a.markup).text for a in content.read_all(config.load("."))]
    with nlp.select_pipes(enable=before):
        docs = list(nlp.pipe(texts))
    assert sum(len(d) for d in docs) > 1000
    for doc in docs:
        assert ruler.match(doc) == sorted(set(AttributeRuler.match(ruler, doc)))


def test_a_ruler_with_patterns_it_does_not_know_keeps_spacys_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "march"}]], {"POS": "PROPN"})
    ruler.add([[{"LENGTH": {">=": 12}}]], {"POS": "NOUN"})  # not a test AttributeRules knows
    quicken_attribute_ruler(nlp)
    assert "match" not in vars(ruler)
    doc = nlp("In March the extraordinarily long word.")
    assert doc[1].pos_ == "PROPN" and doc[3].pos_ == "NOUN"
