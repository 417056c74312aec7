"""Read seeds and Markdown; warn once, naming the file, for what cannot be published."""

from __future__ import annotations

import logging

from pelican import signals

from .readers import UNPUBLISHABLE, SeedReader, TolerantMarkdownReader

logger = logging.getLogger(__name__)


def add_readers(readers):
    for extension in SeedReader.file_extensions:
        readers.reader_classes[extension] = SeedReader
    for extension in TolerantMarkdownReader.file_extensions:
        readers.reader_classes[extension] = TolerantMarkdownReader


def warn_unpublishable(generator, metadata):
    reason = metadata.get(UNPUBLISHABLE)
    if reason:
        logger.warning("%s", reason)


def register():
    signals.readers_init.connect(add_readers)
    signals.article_generator_context.connect(warn_unpublishable)
    signals.page_generator_context.connect(warn_unpublishable)
