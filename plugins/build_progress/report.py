"""Where a long build is: a progress bar on a terminal, a few plain lines elsewhere.

Plain Python over rich (which Pelican ships); no Pelican here.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

PLAIN_EVERY = 15.0  # seconds between two plain "still writing" lines


class PlainReport:
    """Lines for cron and CI: one per phase, and one every PLAIN_EVERY seconds of writing."""

    def __init__(self, stream: TextIO = sys.stderr, clock=time.monotonic):
        self._stream, self._clock = stream, clock
        self._started = self._last = clock()
        self._count = 0
        self._what = ""

    def _line(self, text: str) -> None:
        self._stream.write(f"[{self._clock() - self._started:5.1f} s] {text}\n")
        self._stream.flush()

    def phase(self, what: str, total: int | None = None) -> None:
        self._what, self._count, self._last = what, 0, self._clock()
        self._line(f"{what}" + (f" ({total:,})" if total else "") + "…")

    def advance(self) -> None:
        self._count += 1
        if self._clock() - self._last >= PLAIN_EVERY:
            self._last = self._clock()
            self._line(f"{self._what}: {self._count:,} so far")

    def done(self, summary: str) -> None:
        self._line(summary)


class BarReport:
    """A transient progress bar on a terminal, one task per phase."""

    def __init__(self, console: Console):
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, transient=True,
        )  # fmt: skip
        self._progress.start()
        self._task = None

    def phase(self, what: str, total: int | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task(what, total=total)

    def advance(self) -> None:
        if self._task is not None:
            self._progress.advance(self._task)

    def done(self, summary: str) -> None:
        self._progress.stop()
