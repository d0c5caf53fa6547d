"""Time of the engine on large adversarial inputs: does it stay linear in the text length?

    python bench/adversarial.py            # the engine alone
    python bench/adversarial.py --build    # a whole build of one article of dense dates, every phase

Builds texts of 125 KB .. 1 MB from temporal fragments (dense dates, digits,
near-misses such as 31/02/2021) and from plain digits and punctuation, and
prints seconds and microseconds per character for each size. The ratio between
the largest and smallest size per character should stay near 1.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FRAGMENTS = ["Monday", "late Saturday", "31/02/2021", "the 1980s", "Feb. 29, 2021", "last December", "two days",
             "later", "1,998", "2019-2020", "10 a.m.", "noon", "every Saturday", "the", "of", "between", "and",
             "99999", "Q5 2020", "the morning of", "most of", "May", "march", "the next day", ".", ",", "\n\n"]


def texts(size: int) -> dict[str, str]:
    rng = random.Random(size)
    dense = []
    length = 0
    while length < size:
        f = rng.choice(FRAGMENTS)
        dense.append(f)
        length += len(f) + 1
    digits = ("1234567890 ,.-/:" * (size // 16 + 1))[:size]
    return {"temporal fragments": " ".join(dense)[:size], "digits and punctuation": digits,
            "one long word": "a" * size}


def main() -> None:
    from generator.temporal import annotate, resources
    resources.load("en")
    for kind in ("temporal fragments", "digits and punctuation", "one long word"):
        rows = []
        for size in (125_000, 250_000, 500_000, 1_000_000):
            text = texts(size)[kind]
            t = time.perf_counter()
            found = len(annotate(text, "2022-11-12"))
            rows.append((size, time.perf_counter() - t, found))
        base = rows[0][1] / rows[0][0]
        for size, seconds, found in rows:
            print(f"{kind:24} {size / 1e6:5.3f} MB {seconds:7.2f} s {1e6 * seconds / size:6.2f} us/char "
                  f"(x{seconds / size / base:.2f} of the smallest) {found} expressions")


def build_curve() -> None:
    """One article of dense dates at 50 .. 400 KB built as a site (analysis, events, pages), no cache:
    each phase's seconds per character should stay flat as the article grows."""
    import tempfile

    from generator import config, site
    para = ("The council met on Monday, Nov. 7, and the mayor said on Tuesday that crews would return "
            "in December, two weeks after the inspection of Oct. 31, 2022. ")
    base = None
    for size in (50_000, 100_000, 200_000, 400_000):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "dateline.toml").write_text('base_url = "https://example.org/"\n')
            (root / "content").mkdir()
            body = "\n\n".join(para * 3 for _ in range(size // (len(para) * 3) + 1))[:size]
            (root / "content" / "dense.md").write_text(f"---\ndate: 2022-11-12\n---\n{body}\n")
            t = time.perf_counter()
            report = site.build(config.load(root), use_cache=False)
            seconds = time.perf_counter() - t
        base = base or seconds / size
        phases = ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items())
        print(f"build {size / 1e3:5.0f} KB {seconds:7.2f} s {1e6 * seconds / size:6.2f} us/char "
              f"(x{seconds / size / base:.2f} of the smallest) {report.events} events; {phases}")


if __name__ == "__main__":
    build_curve() if "--build" in sys.argv else main()
