"""The engine's own cost on already parsed Docs, next to the spaCy small pipeline's, in one run.

    python bench/timex_speed.py [--repeat N]

Text: the example articles and the WikiWars narratives. Target from the
issue: the engine under 5% of the pipeline's time on the same text.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def texts() -> list[tuple[str, str]]:
    import wikiwars
    from generator import config, content
    from generator.markup import plain_text
    cfg = config.load(ROOT)
    out = [(plain_text(a.body, a.markup).text, a.dct.isoformat()) for a in content.read_all(cfg)]
    out += [(d.text, d.dct) for d in wikiwars.documents()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="engine passes to average")
    args = ap.parse_args()
    from generator.nlp import load_pipeline
    from generator.temporal import annotate, resources
    nlp = load_pipeline(None)
    items = texts()
    words = sum(len(t.split()) for t, _ in items)
    resources.load("en")
    with nlp.select_pipes(disable=["dateline_temporal", "dateline_events"]):
        t0 = time.perf_counter()
        docs = list(nlp.pipe([t for t, _ in items], batch_size=16))
        spacy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        found = sum(len(annotate(doc.text, dct, doc)) for doc, (_t, dct) in zip(docs, items))
    engine_s = (time.perf_counter() - t0) / args.repeat
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for _doc, (text, dct) in zip(docs, items):
            annotate(text, dct)
    plain_s = (time.perf_counter() - t0) / args.repeat
    print(f"text: {len(items)} documents, {words:,} words; {found} expressions found")
    print(f"spaCy pipeline ({nlp.meta['name']}, {', '.join(n for n in nlp.pipe_names if n not in ('dateline_temporal', 'dateline_events'))}): "
          f"{spacy_s:.2f} s ({words / spacy_s:,.0f} words/s)")
    print(f"engine on the parsed Docs: {engine_s:.3f} s ({words / engine_s:,.0f} words/s) = "
          f"{100 * engine_s / spacy_s:.1f}% of the pipeline (target < 5%)")
    print(f"engine on plain text (no Doc): {plain_s:.3f} s ({words / plain_s:,.0f} words/s)")


if __name__ == "__main__":
    main()
