"""Does the review's order mean something? The share of wrong dates among its most doubtful fifth
against the rest (issue 18 asks for at least 3x).

    python bench/review_confidence.py [--work DIR]

Needs ``../shared`` beside the repository (or ``DATELINE_SHARED=/path/to/shared``).

* TimeBank and AQUAINT (``../shared/corpora/tbaq/``): every document goes through the path of
  ``bench/timex_eval.py`` (the spaCy pipeline, ``new_doc``, the temporal component); each expression
  the shared scorer pairs with a gold one (``tools/timex_score.py``: its trimming, its ignored
  spans, its alignment) is a decision, wrong when its value is not the gold value; its doubt is
  ``review.date_doubt`` of the engine's basis, as ``dateline review`` orders dates.
* SemEval-2015 TimeLine trial (``../shared/tools/timeline/score.py`` builds the site with this
  Dateline and writes its decisions): each event of a target entity's timeline that comes from a
  dated gold item's sentence is a decision, right when it finds the gold item, wrong when its date
  is not the gold's; its doubt is ``review.event_doubt`` of its sources' bases in events.json.

Ties in doubt are split evenly at the boundary of the top fifth (the expected count under any order
among equals), so the figure does not depend on which of equal items happen to come first.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared"))  # e.g. for a work tree elsewhere
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED / "tools"))

TOP = 0.2


def top_share(decisions: list[tuple[float, bool]]) -> tuple[float, float, int]:
    """(share wrong among the most doubtful fifth, share wrong among the rest, number of decisions),
    ties at the boundary split evenly."""
    n = len(decisions)
    k = math.ceil(TOP * n)
    ranked = sorted(decisions, key=lambda d: -d[0])
    if not n or k == n:
        return 0.0, 0.0, n
    cut = ranked[k - 1][0]
    above = [w for d, w in ranked if d > cut]
    tied = [w for d, w in ranked if d == cut]
    take = k - len(above)  # how many of the tied items the top fifth holds
    wrong_top = sum(above) + sum(tied) * take / len(tied)
    wrong_all = sum(w for _d, w in ranked)
    return wrong_top / k, (wrong_all - wrong_top) / (n - k), n


def tbaq_decisions(nlp, corpus: str) -> list[tuple[float, bool]]:
    """(doubt, wrong) of each expression the scorer pairs with a gold one."""
    import timex_score as scorer
    from generator.nlp import new_doc
    from generator.review import date_doubt
    docs = scorer.read_gold_dir(str(SHARED / "corpora" / "tbaq" / corpus))
    out = []
    with nlp.select_pipes(disable=[n for n in ("dateline_events",) if n in nlp.pipe_names]):
        parsed = nlp.pipe([new_doc(nlp, d.text, d.dct) for d in docs], batch_size=32)
        for doc, spacy_doc in zip(docs, parsed):
            system, bases = [], []
            for span in spacy_doc.spans["timexes"]:
                item = span._.timex.to_json()
                s, e = scorer._trim(doc.text, item["start"], item["end"])
                if e <= s or any(s < ie and is_ < e for is_, ie in doc.ignore_spans):
                    continue
                system.append(scorer.Timex(s, e, doc.text[s:e], str(item.get("type") or ""),
                                           str(item.get("value") or "")))
                bases.append(span._.timex.basis.to_json() if span._.timex.basis else {})
            order = sorted(range(len(system)), key=lambda j: (system[j].start, system[j].end))
            system, bases = [system[j] for j in order], [bases[j] for j in order]
            for i, j in scorer.align(doc.timexes, system):
                out.append((date_doubt(bases[j]), doc.timexes[i].value != system[j].value))
    return out


def semeval_decisions(work: Path) -> list[tuple[float, bool]]:
    """(doubt, wrong) of each timeline event that comes from a dated gold item's sentence."""
    from generator.review import event_doubt
    score = SHARED / "tools" / "timeline" / "score.py"
    runner = work / "dateline.sh"
    runner.write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m generator \"$@\"\n")
    runner.chmod(0o755)
    subprocess.run([sys.executable, str(score), "--dateline", str(runner), "--work", str(work / "semeval"),
                    "--details"], cwd=ROOT, check=True, capture_output=True)
    details = json.loads((work / "semeval" / "details.json").read_text())["dateline"]
    events = json.loads((work / "semeval" / "site" / "output" / "events.json").read_text())["events"]
    doubts = {e["id"]: event_doubt(e) for e in events}
    verdict: dict[str, bool] = {}  # event id -> wrong (right for one entity is right)
    for entity in details["entities"].values():  # the actors selection: an event E's actors name
        for row in entity["actors"]["timeline"]:
            if row["decision"].startswith("found"):
                verdict[row["event"]] = False
            elif row["decision"].startswith("wrong date"):
                verdict.setdefault(row["event"], True)
    return [(doubts[ident], wrong) for ident, wrong in sorted(verdict.items())]


def row(name: str, decisions: list[tuple[float, bool]]) -> str:
    top, rest, n = top_share(decisions)
    ratio = f"{top / rest:.2f}x" if rest else "inf"
    wrong = sum(w for _d, w in decisions)
    return f"{name:<10} {n:>6} {wrong:>6} {100 * top:>9.1f}% {100 * rest:>9.1f}% {ratio:>8}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", help="folder for the SemEval site (default: a temporary one)")
    args = ap.parse_args()
    from generator.nlp import load_pipeline
    nlp = load_pipeline(None)
    print(f"{'corpus':<10} {'items':>6} {'wrong':>6} {'top 20%':>10} {'rest':>10} {'ratio':>8}")
    rows = {name: tbaq_decisions(nlp, name) for name in ("timebank", "aquaint")}
    for name, decisions in rows.items():
        print(row(name, decisions))
    print(row("tbaq", [d for ds in rows.values() for d in ds]))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(row("semeval", semeval_decisions(work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
