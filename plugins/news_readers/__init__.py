"""Read seeds, Markdown, reST and HTML; warn once, naming the file, for what
cannot be published; never follow a folder link out of the project, round a
loop or into content read anyway."""

import logging

from pelican import signals
from pelican.generators import PagesGenerator

from . import prefetch
from .readers import READERS, not_repeated, settle, unsafe_folder_links

logger = logging.getLogger(__name__)


def add_readers(readers):
    readers.reader_classes.update({ext: r for r in READERS for ext in r.file_extensions})
    for name in ("pelican.cache", "pelican.readers"):
        logging.getLogger(name).addFilter(not_repeated)  # added once: the same function


def log_note(generator, metadata):
    if note := settle(metadata):
        logger.warning("%s", note)


def skip_unsafe_links(generator) -> None:
    """Warn about each folder link that must not be followed and exclude it."""
    settings = generator.settings
    kind = _kind(generator)
    excludes = settings[f"{kind}_EXCLUDES"]
    content = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]
    unsafe = unsafe_folder_links(
        generator.path, settings[f"{kind}_PATHS"], excludes, settings["IGNORE_FILES"], content
    )
    for path, reason in unsafe:
        logger.warning("%s: not followed: %s", path, reason)
    if unsafe:
        # This generator's own copy: Pelican walks past excluded folders.
        excludes = [*excludes, *(path for path, _ in unsafe)]
        generator.settings = {**settings, f"{kind}_EXCLUDES": excludes}


def _kind(generator) -> str:
    return "PAGE" if isinstance(generator, PagesGenerator) else "ARTICLE"


def parse_ahead(generator) -> None:
    """Before Pelican reads a source (the first: see prefetch.start), parse them on every core."""
    prefetch.start(_kind(generator), generator)


def end_parsing(generator) -> None:
    prefetch.stop()


def register():
    signals.readers_init.connect(add_readers)
    signals.article_generator_init.connect(skip_unsafe_links)
    signals.page_generator_init.connect(skip_unsafe_links)
    signals.article_generator_context.connect(log_note)
    signals.page_generator_context.connect(log_note)
    signals.article_generator_preread.connect(parse_ahead)
    signals.page_generator_preread.connect(parse_ahead)
    signals.article_generator_pretaxonomy.connect(end_parsing)
    signals.page_generator_finalized.connect(end_parsing)
