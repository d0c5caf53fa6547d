"""Score the temporal engine on the shared evaluation sets and print the figures.

    python bench/timex_eval.py [--errors N] [--blank]

1. ../shared/eval/timex_dev.jsonl, through the published CLI contract
   (`dateline dates --batch`) with the shared scorer tools/jsonl_eval.py;
2. ../shared/corpora/wikiwars/ (TimeML, narrative), scored TempEval-3 style
   (bench/timeml.py).
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
    docs = []
    for _name, text, dct in items:
        doc = nlp.make_doc(text)
        doc._.dct = dct
        docs.append(doc)
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


def wikiwars(nlp, errors: int) -> dict:
    import timeml
    gold = timeml.read_folder(SHARED / "corpora" / "wikiwars")
    system = tag_docs(nlp, [(d.name, d.text, d.dct) for d in gold])
    if errors:
        _print_errors(gold, system, errors)
    return timeml.score(gold, system)


def _print_errors(gold, system, limit):
    shown = 0
    for doc in gold:
        items = system.get(doc.name, [])
        for g in doc.timexes:
            hit = next((s for s in items if s["start"] < g["end"] and g["start"] < s["end"]), None)
            if hit is None or hit["value"] != g["value"]:
                got = f'{hit["text"]}={hit["value"]}' if hit else "MISSED"
                print(f"  {doc.name}\t{g['text']!r}\tgold={g['value']}\t{got}")
                shown += 1
        for s in items:
            if not any(s["start"] < g["end"] and g["start"] < s["end"] for g in doc.timexes):
                print(f"  {doc.name}\tSPURIOUS {s['text']!r}={s['value']}")
                shown += 1
        if shown >= limit:
            return


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
    print("== ../shared/corpora/wikiwars (TempEval-3 style, bench/timeml.py)")
    r = wikiwars(nlp, args.errors)
    print(f"gold={r['gold']} system={r['system']}")
    for k in ("strict", "relaxed", "value", "type"):
        print(f"{k:8s} P={r[k + '_p']:.2f} R={r[k + '_r']:.2f} F1={r[k]:.2f}")
    print(f"({time.perf_counter() - t:.1f}s; model: {'blank' if args.blank else nlp.meta['name']})")


if __name__ == "__main__":
    main()
