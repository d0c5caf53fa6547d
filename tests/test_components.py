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


def test_long_texts_are_analysed_in_pieces_with_the_same_result(nlp, monkeypatch):
    from datetime import date
    from generator import nlp as pipeline
    para = "The council met on Monday, Nov. 7, 2022, and voted again the next day. Mayor Dana Whitfield spoke.\n\n"
    text = para * 40
    whole = next(pipeline.analyse(None, [(text, date(2022, 11, 12))]))
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 700)
    assert len(pipeline._pieces(text)) > 5 and "".join(p for _o, p in pipeline._pieces(text)) == text
    pieced = next(pipeline.analyse(None, [(text, date(2022, 11, 12))]))
    assert pieced == whole


def test_runs_without_spaces_reach_spacy_tamed_with_offsets_kept(nlp):
    from generator.nlp import new_doc, tamed
    run = "*_" * 2000
    assert len(tamed(run)) == len(run) and max(len(w) for w in tamed(run).split()) <= 32
    doc = nlp(new_doc(nlp, f"On Monday {run} the council met.", "2022-11-12"))
    assert [s.text for s in doc.spans["timexes"]] == ["Monday"]
