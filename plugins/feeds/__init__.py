"""Full-text feeds with feedgen: RSS 2.0, Atom 1.0 and JSON Feed 1.1, site-wide and per tag.

Pelican's own feeds are off (they fail the W3C Feed Validator). Feeds are
written after the article pages, when every URL is final (`unique_urls`
changes slugs at all_generators_finalized).

Between builds two caches under CACHE_PATH (following CACHE_CONTENT and
LOAD_CONTENT_CACHE) keep the stamps of the feed files written and the
prepared items (an SQLite file, read row by row): a rebuild rewrites only the
feeds whose inputs changed. Without CACHE_CONTENT the items go through a
temporary store, removed after the build.
"""

from __future__ import annotations

import logging
import os
import tempfile
from contextlib import contextmanager, suppress

from pelican import signals
from pelican.cache import FileDataCacher
from plugin_support.output import write_output

from .feed_plan import SiteInfo, plan
from .feed_settings import read_feed_settings
from .feed_store import ItemStore, StoreError
from .feed_update import update_feeds

logger = logging.getLogger(__name__)

STAMPS_CACHE = "feeds_files"  # small: loaded on every build
ITEMS_CACHE = "feeds_items.sqlite3"  # large: opened only when a feed must be written
OLD_ITEMS_CACHE = "feeds_items"  # the pickle of every item earlier versions kept


def _write(output_path: str, relative_path: str, data: bytes) -> bool:
    root = os.path.abspath(output_path)
    path = os.path.abspath(os.path.join(root, relative_path))
    if os.path.commonpath([root, path]) != root:
        logger.error("feeds: %s is outside the output folder; not written", relative_path)
        return False
    write_output(path, data)
    return True


def _cache(settings, name: str) -> FileDataCacher:
    caching, loading = settings.get("CACHE_CONTENT", False), settings.get("LOAD_CONTENT_CACHE")
    try:
        return FileDataCacher(settings, name, caching, loading)
    except Exception as error:  # a damaged file: Pelican only catches some errors
        logger.warning("feeds: cache %s unreadable (%s); starting afresh", name, error)
        return FileDataCacher(settings, name, caching, False)


def _kept(cache: FileDataCacher, name: str) -> dict:
    # Each cache holds one dict under its own name.
    kept = cache.get_cached_data(name, {})
    return kept if isinstance(kept, dict) else {}


@contextmanager
def _item_store(settings):
    """The kept items: under CACHE_PATH when caching, else in a temporary folder."""
    if not settings.get("CACHE_CONTENT", False):
        with (
            tempfile.TemporaryDirectory(prefix="feeds-") as folder,
            ItemStore(os.path.join(folder, ITEMS_CACHE)) as store,
        ):
            yield store
        return
    path = os.path.join(settings["CACHE_PATH"], ITEMS_CACHE)
    with suppress(FileNotFoundError):  # ours, and read by nothing now
        os.remove(os.path.join(settings["CACHE_PATH"], OLD_ITEMS_CACHE))
    load = bool(settings.get("LOAD_CONTENT_CACHE"))
    try:
        store = ItemStore(path, load)
    except StoreError as error:  # a damaged file, or one of an older version
        logger.warning("feeds: cache %s unreadable (%s); starting afresh", ITEMS_CACHE, error)
        for damaged in (path, path + "-journal"):  # a journal would be played back
            with suppress(FileNotFoundError):
                os.remove(damaged)
        store = ItemStore(path, load)
    with store:
        yield store


def write_feeds(generator, writer=None) -> None:
    config, problems = read_feed_settings(generator.settings)
    for problem in problems:
        logger.error("feeds: %s", problem)
    if config is None:
        return
    settings = generator.settings
    site = SiteInfo(
        name=settings.get("SITENAME", ""),
        description=settings.get("SITESUBTITLE", ""),
        language=settings.get("DEFAULT_LANG", "en"),
    )
    planned = plan(generator.articles, generator.tags, site, config)
    if not planned:
        logger.info("feeds: no article published, so no feed written")
        return

    stamps = _cache(settings, STAMPS_CACHE)
    kept_stamps = _kept(stamps, STAMPS_CACHE)
    update = update_feeds(
        planned,
        generator.output_path,
        kept_stamps,
        lambda: _item_store(settings),
        lambda path, data: _write(generator.output_path, path, data),
    )
    logger.debug(
        "feeds: %d of %d feed files written (%d items prepared), %d dropped feeds removed",
        len(update.written),
        len(planned),
        update.prepared,
        len(update.removed),
    )
    if update.stamps != kept_stamps:
        stamps.cache_data(STAMPS_CACHE, update.stamps)
        stamps.save_cache()


def register():
    signals.article_writer_finalized.connect(write_feeds)
