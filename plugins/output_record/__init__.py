"""output_record: output/ is always what a clean build of today's sources writes.

One build at a time (build_lock); Pelican's content cache checked before it is read
(content_cache); pages rendered only when what they show changed, and written only
when their bytes did (writer); a file not as recorded is written again and what no
build produces is pruned (record). Stand after every plugin that writes output (they
claim their files through ``plugin_support.output``) and before strict_build.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals
from plugin_support import output
from plugin_support.output import output_written

from . import content_cache
from .build_lock import BuildLock
from .record import OutputRecord
from .writer import SiteWriter

logger = logging.getLogger(__name__)
_lock = BuildLock()
_static: list[tuple[str, str]] = []  # (source, save_as) of the build's static files
_reader_key = ""  # of the reader settings as the build started (see content_cache.check)


def start_build(pelican):
    """Before Pelican reads anything (get_generators comes first in every run)."""
    cache = pelican.settings["CACHE_PATH"]
    _lock.acquire(os.path.join(cache, "build.lock"))
    if SiteWriter.active is not None:  # the last build in this process failed
        SiteWriter.active.stop_helper()
        SiteWriter.active = None
    global _reader_key
    _reader_key = content_cache.check(pelican.settings)
    record = OutputRecord(pelican.output_path, os.path.join(cache, "output-record"))
    SiteWriter.record = output.record = record  # plugins write their own files through it


def site_writer(pelican):
    return SiteWriter


def claim(path, **_):
    if SiteWriter.record is not None:
        SiteWriter.record.claim(path)


def article_next(generator, content=None):
    SiteWriter.active.article_next(generator)


def pages_written(generator, writer):
    """The articles generator's pages are written (the helper's listings too); their
    fingerprints' memory is free for the feeds."""
    writer.join_helper()  # always a SiteWriter: no other writer records the build
    writer.forget_fingerprints()


def note_static_files(generator):
    """(source, save_as) of the site's and the theme's static files, as Pelican copies them."""
    _static[:] = [
        (os.path.join(generator.path, s.source_path), s.save_as) for s in generator.staticfiles
    ]
    settings = generator.settings
    for path in settings["THEME_STATIC_PATHS"]:
        source = Path(settings["THEME"], path)
        _static.extend(
            (full, os.path.join(settings["THEME_STATIC_DIR"], full.relative_to(source)))
            for full in source.rglob("*")
            if full.is_file()
        )


def finish_build(pelican):
    # made by start_build, every run
    record, SiteWriter.record, output.record = SiteWriter.record, None, None
    settings = pelican.settings
    # Pelican copies a static file only when its source is newer: a copy that was
    # edited or cut short in output/ would stay. Each is checked against its source.
    for source, save_as in _static:
        record.copy(source, os.path.join(record.output_path, save_as))
    removed = record.prune(settings.get("OUTPUT_RETENTION", []), _lock.started_ns)
    record.save()
    if settings.get("CACHE_CONTENT"):
        content_cache.seal(settings, _reader_key)
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
    signals.article_generator_write_article.connect(article_next)
    signals.article_writer_finalized.connect(pages_written)
    signals.static_generator_finalized.connect(note_static_files)
    signals.finalized.connect(finish_build)
    output_written.connect(claim)
    signals.feed_written.connect(claim)  # Pelican's own feeds, if a site turns them on
