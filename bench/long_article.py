"""Peak memory of an analysis worker on one long article (a page with its reader comments).

    python bench/long_article.py [--kb 700] [--kb 100 ...]

Writes an article of about the given size from the example content's paragraphs and short
comment-like lines (deterministic), then analyses it in a fresh process exactly as a worker
does (``nlp._analyse_batch`` on the article's pieces, in the local pool's batches) and prints
that process's peak RSS, next to the same process after loading the model only. Target: a
700 KB article under 600 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

WORKER = """
import json, resource, sys, time
from generator import nlp
text = open(sys.argv[1]).read()
nlp.load_pipeline(None)
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
pieces = [(piece, "2022-11-12") for _offset, piece in nlp._pieces(text)]
t = time.perf_counter()
if sys.argv[2] == "whole":
    results = nlp._analyse_batch([(text, "2022-11-12")], None)
else:
    results = [r for batch in nlp._batches(pieces, nlp.PIPE_BATCH) for r in nlp._analyse_batch(batch, None)]
print(json.dumps({"pieces": len(pieces), "seconds": time.perf_counter() - t, "model_mib": loaded,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "failed": sum("failure" in r for r in results)}))
"""


def long_text(kb: int) -> str:
    """An article body of about ``kb`` KB: the story's paragraphs, then a thread of short comments."""
    from build_bench import content_paragraphs
    rng, pool = random.Random(kb), content_paragraphs()
    parts, size = [], 0
    while size < kb * 1000:
        part = rng.choice(pool) if rng.random() < 0.4 else \
            f"Reader {rng.randint(1, 999)} wrote on Monday: {rng.choice(pool).split('. ')[0]}."
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)


def measure(kb: int, mode: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write(long_text(kb))
    try:
        out = subprocess.run([sys.executable, "-c", WORKER, fh.name, mode], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    finally:
        Path(fh.name).unlink()
    return json.loads(out.splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, action="append", help="article sizes in KB (default: 700)")
    ap.add_argument("--whole", action="store_true", help="also parse the text as one Doc (the cost of no pieces)")
    args = ap.parse_args()
    print(f"{'article':>8} {'mode':>7} {'pieces':>6} {'seconds':>8} {'model MiB':>9} {'peak MiB':>9}  target <= 600")
    for kb in args.kb or [700]:
        for mode in ("pieces", "whole") if args.whole else ("pieces",):
            r = measure(kb, mode)
            print(f"{kb:>6}KB {mode:>7} {r['pieces']:>6} {r['seconds']:>8.1f} {r['model_mib']:>9.0f} "
                  f"{r['peak_mib']:>9.0f}  {'ok' if r['peak_mib'] <= 600 else 'OVER'}"
                  f"{', %d pieces failed' % r['failed'] if r['failed'] else ''}")


if __name__ == "__main__":
    main()
