"""build_progress: a long build says where it is, with a progress bar on a terminal
and a few plain lines on standard error when it is not one (cron, CI). Put it first
in PLUGINS: its handlers must see each phase begin before the other plugins' work.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import TextIO

from pelican import signals
from pelican.log import console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

PLAIN_EVERY = 15.0  # seconds between two plain "still writing" lines


class PlainReport:
    """Lines for cron and CI: one per phase, and one every PLAIN_EVERY seconds of writing."""

    def __init__(self, stream: TextIO = sys.stderr, clock=time.monotonic):
        self._stream, self._clock = stream, clock
        self._started = clock()

    def _line(self, text: str) -> None:
        print(f"[{self._clock() - self._started:5.1f} s] {text}", file=self._stream, flush=True)

    def phase(self, what: str, total: int | None = None) -> None:
        self._what, self._count, self._last = what, 0, self._clock()
        self._line(what + (f" ({total:,})" if total else "") + "…")

    def advance(self) -> None:
        self._count += 1
        if self._clock() - self._last >= PLAIN_EVERY:
            self._last = self._clock()
            self._line(f"{self._what}: {self._count:,} so far")

    def done(self, summary: str) -> None:
        self._line(summary)


class BarReport:
    """A transient progress bar on a terminal, one task per phase."""

    def __init__(self):
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, transient=True,
        )  # fmt: skip
        self._progress.start()
        self._task = self._progress.add_task("", visible=False)

    def phase(self, what: str, total: int | None = None) -> None:
        self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task(what, total=total)

    def advance(self) -> None:
        self._progress.advance(self._task)

    def done(self, summary: str) -> None:
        self._progress.stop()


_state: dict = {}  # this build's report, its start and the pages written


def start(pelican):
    settings = pelican.settings
    _state.clear()
    quiet = logging.getLogger().getEffectiveLevel() > logging.WARNING
    if not settings.get("BUILD_PROGRESS", True) or quiet:
        return
    report = BarReport() if console.is_terminal else PlainReport()
    _state.update(report=report, started=time.monotonic(), pages=0)
    folders = (os.path.join(settings["PATH"], path) for path in settings["ARTICLE_PATHS"])
    report.phase("Reading sources", sum(len(files) for f in folders for _, _, files in os.walk(f)))
    # Connected now, after every plugin's register(): it runs after their own
    # `finalized` work (the search index, the pruning).
    signals.finalized.connect(done)


def advance(*_, **__):
    if "report" in _state:
        _state["report"].advance()


def page_written(path, context=None):
    if "report" in _state:
        _state["pages"] += 1
        _state["report"].advance()


def writing(pelican):
    if "report" in _state:
        _state["report"].phase("Writing pages")


def finishing(pelican):
    if "report" in _state:
        _state["report"].phase("Feeds, search index, sitemap and pruning")


def done(pelican):
    report = _state.pop("report", None)
    if report is not None:
        seconds = time.monotonic() - _state["started"]
        report.done(f"Built {_state['pages']:,} pages in {seconds:.1f} s")


def register():
    signals.get_generators.connect(start)
    signals.article_generator_context.connect(advance)
    signals.page_generator_context.connect(advance)
    signals.get_writer.connect(writing)
    signals.content_written.connect(page_written)
    signals.finalized.connect(finishing)
