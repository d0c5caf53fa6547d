"""Progress of the analysis phase: a bar on a terminal, nothing in logs and CI.

Shown only when stderr is a terminal, CI is not set, and the phase has run for
more than a second; redrawn at most ten times a second.
"""

from __future__ import annotations

import os
import sys
import time


class Progress:
    def __init__(self, total: int, label: str = "analysing", stream=None):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self.drawn_at = 0.0
        self.enabled = total > 1 and self.stream.isatty() and not os.environ.get("CI")
        self.visible = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if not self.enabled or now - self.started < 1.0 or (now - self.drawn_at < 0.1 and self.done < self.total):
            return
        self.drawn_at = now
        self.visible = True
        rate = self.done / (now - self.started)
        eta = (self.total - self.done) / rate if rate else 0
        width = 24
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} {rate:.1f}/s ETA {eta:.0f}s ")
        self.stream.flush()

    def close(self) -> None:
        if self.visible:
            self.stream.write("\r" + " " * 72 + "\r")
            self.stream.flush()
