"""Read seeds, Markdown, reST and HTML; warn once, naming the file, for what
cannot be published; never follow a folder link out of the project, round a
loop or into content read anyway."""

from __future__ import annotations

import logging

from pelican import signals

from .links import unsafe_folder_links
from .readers import READERS, one_warning_per_source, settle

logger = logging.getLogger(__name__)


def add_readers(readers):
    for reader in READERS:
        for extension in reader.file_extensions:
            readers.reader_classes[extension] = reader


def log_note(generator, metadata):
    note = settle(metadata)
    if note:
        logger.warning("%s", note)


def skip_unsafe_links(generator, paths: str, excludes: str) -> None:
    """Warn about each folder link that must not be followed and exclude it."""
    settings = generator.settings
    unsafe = unsafe_folder_links(
        generator.path,
        settings[paths],
        settings[excludes],
        settings["IGNORE_FILES"],
        content=[*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]],
    )
    for path, reason in unsafe:
        logger.warning("%s: not followed: %s", path, reason)
    if unsafe:
        # This generator's own copy: Pelican walks past excluded folders.
        extended = [*settings[excludes], *(path for path, _ in unsafe)]
        generator.settings = {**settings, excludes: extended}


def skip_unsafe_article_links(generator):
    skip_unsafe_links(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def skip_unsafe_page_links(generator):
    skip_unsafe_links(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def register():
    signals.initialized.connect(one_warning_per_source)
    signals.readers_init.connect(add_readers)
    signals.article_generator_init.connect(skip_unsafe_article_links)
    signals.page_generator_init.connect(skip_unsafe_page_links)
    signals.article_generator_context.connect(log_note)
    signals.page_generator_context.connect(log_note)
