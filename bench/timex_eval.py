"""Score the temporal engine on the shared evaluation sets and print one table.

    python bench/timex_eval.py [--errors N] [--blank] [--only NAME ...]

Needs ``../shared`` beside the repository (the shared scorers and corpora):

* dev       ../shared/eval/timex_dev.jsonl         sentences, scored by tools/jsonl_eval.py
* timebank  ../shared/corpora/tbaq/timebank/        news (TimeML), scored by tools/timex_score.py
* aquaint   ../shared/corpora/tbaq/aquaint/         news (TimeML), the same scorer
* wikiwars  ../shared/corpora/wikiwars/             narrative (TimeML), the same scorer

Every document goes through the same path as `dateline dates --batch`: the spaCy
pipeline, new_doc(nlp, text, dct), the dateline_temporal component.
Targets (issue 15): TimeBank value F1 >= 85, AQUAINT >= 80, strict F1 >= 88 on both;
WikiWars value F1 >= 85; dev value F1 >= 97.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

CORPORA = {"timebank": "corpora/tbaq/timebank", "aquaint": "corpora/tbaq/aquaint", "wikiwars": "corpora/wikiwars"}
DEV = "eval/timex_dev.jsonl"
NEEDED = ["tools/timex_score.py", "tools/jsonl_eval.py", DEV, *CORPORA.values()]


def missing() -> list[str]:
    return [rel for rel in NEEDED if not (SHARED / rel).exists()]


def tag_docs(nlp, items):
    """{name: [timex items]} for (name, text, dct) items, parsed in one batch."""
    from generator.nlp import new_doc
    docs = [new_doc(nlp, text, dct) for _name, text, dct in items]
    disable = [n for n in ("dateline_events",) if n in nlp.pipe_names]
    with nlp.select_pipes(disable=disable):
        return {name: [s._.timex.to_json() for s in doc.spans["timexes"]]
                for (name, _t, _d), doc in zip(items, nlp.pipe(docs, batch_size=32))}


def dev_row(nlp, errors: int) -> dict:
    import jsonl_eval
    cases = jsonl_eval.load_cases(SHARED / DEV)
    out = tag_docs(nlp, [(c["id"], c["text"], c["dct"]) for c in cases])
    buf = io.StringIO()
    with redirect_stdout(buf):
        jsonl_eval.score(cases, out, bool(errors))
    text = buf.getvalue()
    if errors:
        print(text)
    figures = {}
    for line in text.splitlines():
        if line.startswith("relaxed"):
            figures["relaxed"] = float(line.split("F1=")[1].split()[0])
        elif line.startswith("value_f1="):
            figures["value"] = float(line.split("=")[1])
    return {"strict": None, "relaxed": figures.get("relaxed"), "value": figures.get("value"), "type": None,
            "docs": len(cases)}


def corpus_row(nlp, name: str, errors: int) -> dict:
    import timex_score as scorer
    folder = str(SHARED / CORPORA[name])
    docs = scorer.read_gold_dir(folder)
    system = tag_docs(nlp, [(d.name, d.text, d.dct) for d in docs])
    mistakes = [] if errors else None
    with tempfile.TemporaryDirectory() as out:
        for doc, items in system.items():
            scorer.write_system(out, doc, items)
        result = scorer.score_dirs(folder, out, mistakes)
    for row in (mistakes or [])[:errors]:
        print(f"  {name}\t" + "\t".join(str(x) for x in row))
    m = result["overall"]
    return {"strict": 100 * m["strict_F1"], "relaxed": 100 * m["relaxed_F1"], "value": 100 * m["value_F1"],
            "type": 100 * m["type_F1"], "docs": len(docs)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", type=int, default=0, help="print up to N errors per corpus (and the dev errors)")
    ap.add_argument("--blank", action="store_true", help="use spacy.blank('en') instead of the model")
    ap.add_argument("--only", nargs="+", choices=["dev", *CORPORA], help="score only these sets")
    args = ap.parse_args()
    gone = missing()
    if gone:
        print(f"bench/timex_eval.py needs the shared evaluation folder at {SHARED} (beside the repository), "
              "with:\n" + "\n".join(f"  {SHARED / rel}" for rel in gone) +
              "\nIt holds the scorers (tools/timex_score.py, tools/jsonl_eval.py) and the corpora; "
              "it is not part of the repository.", file=sys.stderr)
        return 2
    sys.path.insert(0, str(SHARED / "tools"))
    from generator.nlp import load_pipeline
    if args.blank:
        import spacy
        from generator.temporal import component  # noqa: F401
        nlp = spacy.blank("en")
        nlp.add_pipe("dateline_temporal")
    else:
        nlp = load_pipeline(None)
    from generator.temporal import ENGINE_VERSION
    t = time.perf_counter()
    rows = {}
    for name in args.only or ["dev", *CORPORA]:
        rows[name] = dev_row(nlp, args.errors) if name == "dev" else corpus_row(nlp, name, args.errors)
    fmt = lambda v: f"{v:7.2f}" if v is not None else "      -"  # noqa: E731
    print(f"{'set':10} {'docs':>5} {'strict':>7} {'relaxed':>7} {'value':>7} {'type':>7}   (F1)")
    for name, r in rows.items():
        print(f"{name:10} {r['docs']:5d} {fmt(r['strict'])} {fmt(r['relaxed'])} {fmt(r['value'])} {fmt(r['type'])}")
    print(f"({time.perf_counter() - t:.1f}s; engine {ENGINE_VERSION}; model: "
          f"{'blank' if args.blank else nlp.meta['name']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
