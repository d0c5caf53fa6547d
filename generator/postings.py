"""Which ids use which terms, by the stretch of time each id covers. Pure, no Dateline imports.

Merging finds the clusters a report may join by the words they share (``timeline._TermIndex``). In an
archive a common word is in thousands of reports, so a lookup among all of them makes the merge
quadratic in the number of articles (2,000 articles: 84 s, four times 1,000's). But a report joins
only a cluster whose date its own fits (one inside the other, two times of one day: their days
overlap), and two reports disagree on a date only when they start within a month of each other.
So each id is posted under its terms *and* the days it covers, at the first of a few scales where
those days take at most two buckets; a lookup reads only the buckets that the days asked about
overlap, and finds every id whose days overlap them (and some more: a bucket is wider than a day,
which the caller's own test of the dates sorts out). The work then grows with the reports of a
period, not of the archive.
"""

from __future__ import annotations

from collections import defaultdict

SCALES = (32, 366, 3660, 36600)  # bucket widths, in days; a longer stretch is posted everywhere
MANY_BUCKETS = 64  # a lookup that would read more buckets of a scale reads the whole scale instead
EVERYWHERE = len(SCALES)


class TimedIndex:
    """Terms -> ids, each posting kept with the days (day ordinals, first and last) its id covers."""

    def __init__(self):
        self.postings: dict[tuple, set[int]] = defaultdict(set)  # (term, scale, bucket) -> ids
        self.whole: dict[tuple, set[int]] = defaultdict(set)  # (term, scale) -> ids (for long lookups)
        self.scales: dict[str, set[int]] = defaultdict(set)  # term -> the scales it is posted at (most: one)

    def add(self, i: int, terms, days: tuple[int, int]) -> None:
        """Post ``i`` under ``terms`` for ``days``; posting it again for other days (a cluster whose
        date changed) adds to what it had, which costs a lookup only ids it then passes over."""
        scale = _scale(days)
        buckets = (0,) if scale == EVERYWHERE else range(days[0] // SCALES[scale], days[1] // SCALES[scale] + 1)
        for term in terms:
            self.scales[term].add(scale)
            self.whole[term, scale].add(i)
            for b in buckets:
                self.postings[term, scale, b].add(i)

    def ids(self, term: str, days: tuple[int, int]) -> set[int]:
        """The ids posted under ``term`` whose buckets overlap ``days`` (every id whose days do)."""
        found: set[int] = set()
        for scale in self.scales.get(term, ()):
            if scale == EVERYWHERE:
                found |= self.whole[term, scale]
                continue
            width = SCALES[scale]
            first, last = days[0] // width, days[1] // width
            if last - first >= MANY_BUCKETS:
                found |= self.whole.get((term, scale), set())
                continue
            for b in range(first, last + 1):
                ids = self.postings.get((term, scale, b))
                if ids:
                    found |= ids
        return found

    def sharing(self, terms, at_least: int, days: tuple[int, int]) -> set[int]:
        """Ids of overlapping days posted under ``at_least`` of ``terms`` (as ``_TermIndex.sharing``
        among all ids, by set algebra: seen[k] holds the ids met more than k times so far)."""
        seen: list[set[int]] = [set() for _ in range(at_least)]
        for term in terms:
            ids = self.ids(term, days)
            if ids:
                for k in range(at_least - 1, 0, -1):
                    seen[k] |= seen[k - 1] & ids
                seen[0] |= ids
        return seen[-1]

    def any_of(self, terms, days: tuple[int, int]) -> set[int]:
        """Ids of overlapping days posted under any of ``terms``."""
        return set().union(*(self.ids(term, days) for term in terms))


def _scale(days: tuple[int, int]) -> int:
    """The first scale whose buckets the days fill at most two of."""
    length = days[1] - days[0] + 1
    return next((k for k, width in enumerate(SCALES) if length <= width), EVERYWHERE)
