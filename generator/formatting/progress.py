"""Progress of black on long runs: a live line on a terminal, one summary line in CI and pipes.

Nothing is shown for a run whose formatting takes less than ``THRESHOLD`` seconds: most runs
format nothing or a few pieces, and their output stays as it was.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from .formatter import FormatStats

THRESHOLD = 1.0  # seconds of formatting before anything is shown
INTERVAL = 0.2  # seconds between redraws of the live line


class Reporter:
    """Called with (pieces formatted, pieces to format) while black runs; ``finish`` prints the summary."""

    def __init__(self, label: str, stream: TextIO | None = None, clock: Callable[[], float] | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock if clock is not None else time.perf_counter
        self.started: float | None = None
        self.drawn = 0.0
        self.live = False  # a live line is on the terminal
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(isatty and isatty())

    def __call__(self, done: int, total: int) -> None:
        """Record progress; on a terminal, redraw the live line once formatting has taken THRESHOLD."""
        now = self.clock()
        if self.started is None:
            self.started = now
        elapsed = now - self.started
        if self.tty and elapsed >= THRESHOLD and (now - self.drawn >= INTERVAL or done == total):
            self.drawn = now
            self.live = True
            self.stream.write(f"\r{self.label}: black {done}/{total} pieces, {elapsed:.1f} s\x1b[K")
            self.stream.flush()

    def finish(self, stats: FormatStats) -> None:
        """One summary line when formatting took THRESHOLD or more (it replaces the live line)."""
        if self.started is None:
            return  # nothing was formatted
        elapsed = self.clock() - self.started
        if elapsed < THRESHOLD and not self.live:
            return
        line = (
            f"{self.label}: black formatted {stats.misses} piece(s) in {elapsed:.1f} s on {stats.workers} worker(s); "
            f"{stats.reused} reused from the committed tree, {stats.hits + stats.module_hits} from the cache"
        )
        self.stream.write(("\r" if self.live else "") + line + ("\x1b[K" if self.live else "") + "\n")
        self.stream.flush()
