"""output_record: output/ is always what a clean build of today's sources writes.

Whatever happened before (edits, removals, a killed build, a damaged cache, a
second build started by cron), a successful build leaves output/ byte for byte
as a from-scratch build would, and keeps the time of every file it did not
change. Pieces (each a module of its own):

- ``build_lock``: one build at a time; Ctrl-C fails the build.
- ``content_cache``: Pelican's content cache is checked before Pelican reads it.
- ``record``: what each build wrote (size, time, digest, key); a file that is
  not as recorded is written again; files no build produces are pruned
  (OUTPUT_RETENTION keeps a site owner's own).
- ``writer``: pages are rendered only when what they show changed, and written
  atomically only when their bytes changed (RENDER_CACHE = False renders all).

Plugins that write into output/ themselves announce their files through
``plugin_support.output``. Put this plugin after every plugin that writes
output, and before strict_build: its ``finalized`` step prunes and saves.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from plugin_support.output import output_written

from . import content_cache
from .build_lock import BuildLock
from .record import OutputRecord
from .writer import SiteWriter

logger = logging.getLogger(__name__)
RECORD = "output-record"
_lock = BuildLock()
_build: dict = {}


def start_build(pelican):
    """Before Pelican reads anything (get_generators comes first in every run)."""
    settings = pelican.settings
    _lock.acquire(os.path.join(settings["CACHE_PATH"], "build.lock"))
    content_cache.check(settings)
    record = OutputRecord(pelican.output_path, os.path.join(settings["CACHE_PATH"], RECORD))
    _build.clear()
    _build.update(record=record, static=[])
    SiteWriter.record = record


def site_writer(pelican):
    return SiteWriter


def claim(path, **_):
    if "record" in _build:
        _build["record"].claim(path)


def note_static_files(generator):
    _build["static"] = [
        (os.path.join(generator.path, static.source_path), static.save_as)
        for static in generator.staticfiles
    ]


def _theme_static_files(settings) -> list[tuple[str, str]]:
    """(source, save_as) of the theme's static files, as Pelican copies them."""
    found = []
    for path in settings["THEME_STATIC_PATHS"]:
        source = os.path.join(settings["THEME"], path)
        for folder, _, files in os.walk(source):
            for name in files:
                full = os.path.join(folder, name)
                relative = os.path.relpath(full, source)
                found.append((full, os.path.join(settings["THEME_STATIC_DIR"], relative)))
    return found


def finish_build(pelican):
    record = _build.pop("record", None)
    if record is None:
        return
    settings = pelican.settings
    # Pelican copies a static file only when its source is newer: a copy that was
    # edited or cut short in output/ would stay. Each is checked against its source.
    for source, save_as in [*_build.pop("static", []), *_theme_static_files(settings)]:
        record.copy(source, os.path.join(record.output_path, save_as))
    removed = record.prune(settings.get("OUTPUT_RETENTION", []), _lock.started_ns)
    record.save()
    if settings.get("CACHE_CONTENT"):
        content_cache.seal(settings)
    _lock.release()
    logger.info(
        "output_record: %d pages rendered, %d unchanged pages reused; %d files written, %d removed",
        record.rendered,
        record.kept,
        record.written,
        len(removed),
    )
    for name in removed:
        logger.debug("output_record: removed %s (no longer built)", name)


def register():
    signals.get_generators.connect(start_build)
    signals.get_writer.connect(site_writer)
    signals.static_generator_finalized.connect(note_static_files)
    signals.finalized.connect(finish_build)
    output_written.connect(claim)
    signals.feed_written.connect(claim)  # Pelican's own feeds, if a site turns them on
