"""Score the temporal engine on the shared evaluation sets and print the figures.

    python bench/timex_eval.py [--errors N] [--blank]

1. ../shared/eval/timex_dev.jsonl, through the published CLI contract
   (`dateline dates --batch`) with the shared scorer tools/jsonl_eval.py;
2. ../shared/corpora/wikiwars/ (TimeML, narrative), scored by the shared
   TempEval-3 scorer tools/timex_score.py.
Targets from the issue: dev relaxed F1 >= 97, value F1 >= 95; WikiWars
relaxed F1 >= 92, value F1 >= 85 (HeidelTime: 80.79 and 82.70 value F1).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def tag_docs(nlp, items):
    """{name: [timex items]} for (name, text, dct) items, parsed in one batch."""
    from generator.nlp import new_doc
    docs = [new_doc(nlp, text, dct) for _name, text, dct in items]
    disable = [n for n in ("dateline_events",) if n in nlp.pipe_names]
    with nlp.select_pipes(disable=disable):
        return {name: [s._.timex.to_json() for s in doc.spans["timexes"]]
                for (name, _t, _d), doc in zip(items, nlp.pipe(docs, batch_size=32))}


def dev_set(nlp, errors: bool) -> str:
    sys.path.insert(0, str(SHARED / "tools"))
    import jsonl_eval
    cases = jsonl_eval.load_cases(SHARED / "eval" / "timex_dev.jsonl")
    out = tag_docs(nlp, [(c["id"], c["text"], c["dct"]) for c in cases])
    buf = io.StringIO()
    with redirect_stdout(buf):
        jsonl_eval.score(cases, out, errors)
    return buf.getvalue()


def wikiwars_scores(nlp, errors: int) -> str:
    """Tag every WikiWars document and score it with the shared TempEval-3 scorer."""
    import tempfile
    import wikiwars
    docs = wikiwars.documents()
    system = tag_docs(nlp, [(d.name, d.text, d.dct) for d in docs])
    mistakes = [] if errors else None
    with tempfile.TemporaryDirectory() as out:
        for name, items in system.items():
            wikiwars.scorer.write_system(out, name, items)
        result = wikiwars.scorer.score_dirs(str(wikiwars.FOLDER), out, mistakes)
    for row in (mistakes or [])[:errors]:
        print("  " + "\t".join(str(x) for x in row))
    return wikiwars.scorer.format_table(result)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", type=int, default=0, help="print up to N WikiWars errors (and the dev errors)")
    ap.add_argument("--blank", action="store_true", help="use spacy.blank('en') instead of the model")
    args = ap.parse_args()
    from generator.nlp import load_pipeline
    if args.blank:
        import spacy
        from generator.temporal import component  # noqa: F401
        nlp = spacy.blank("en")
        nlp.add_pipe("dateline_temporal")
    else:
        nlp = load_pipeline(None)
    t = time.perf_counter()
    print("== ../shared/eval/timex_dev.jsonl (jsonl_eval.py scorer)")
    print(dev_set(nlp, bool(args.errors)), end="")
    print("== ../shared/corpora/wikiwars (TempEval-3 style, tools/timex_score.py)")
    print(wikiwars_scores(nlp, args.errors))
    print(f"({time.perf_counter() - t:.1f}s; model: {'blank' if args.blank else nlp.meta['name']})")


if __name__ == "__main__":
    main()
