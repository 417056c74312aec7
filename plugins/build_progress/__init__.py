"""build_progress: a long build says where it is (reading, writing pages, then
feeds, search and pruning), with a progress bar on a terminal and a few plain
lines on standard error when it is not one (cron, CI). `pelican -q` and
BUILD_PROGRESS = False keep it silent. Put it first in PLUGINS: its handlers
must see each phase begin before the other plugins' work in it.
"""

from __future__ import annotations

import logging
import os
import time

from pelican import signals
from pelican.log import console

from .report import BarReport, PlainReport

_state: dict = {}


def _sources(settings) -> int:
    count = 0
    for path in settings.get("ARTICLE_PATHS", []):
        for _, _, files in os.walk(os.path.join(settings["PATH"], path)):
            count += len(files)
    return count


def start(pelican):
    settings = pelican.settings
    quiet = logging.getLogger().getEffectiveLevel() > logging.WARNING
    if not settings.get("BUILD_PROGRESS", True) or quiet:
        _state.clear()
        return
    report = BarReport(console) if console.is_terminal else PlainReport()
    _state.update(report=report, started=time.monotonic(), pages=0)
    report.phase("Reading sources", _sources(settings))
    # Connected now, after every plugin's register(): it runs after their own
    # `finalized` work (the search index, the pruning).
    signals.finalized.connect(done)


def _advance(*_, **__):
    if "report" in _state:
        _state["report"].advance()


def writing(pelican):
    if "report" in _state:
        _state["report"].phase("Writing pages")


def page_written(path, context=None):
    if "report" in _state:
        _state["pages"] += 1
        _state["report"].advance()


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
    signals.article_generator_context.connect(_advance)
    signals.page_generator_context.connect(_advance)
    signals.get_writer.connect(writing)
    signals.content_written.connect(page_written)
    signals.finalized.connect(finishing)
