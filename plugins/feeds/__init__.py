"""Full-text feeds with feedgen: RSS 2.0, Atom 1.0 and JSON Feed 1.1, site-wide and per tag.

Pelican's own feeds are off (they fail the W3C Feed Validator). Feeds are
written after the article pages, when every URL is final (`unique_urls`
changes slugs at all_generators_finalized).

Between builds two caches under CACHE_PATH (following CACHE_CONTENT and
LOAD_CONTENT_CACHE) keep the stamps of the feed files written and the
prepared items: a rebuild rewrites only the feeds whose inputs changed.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.cache import FileDataCacher

from .feed_plan import SiteInfo, plan
from .feed_settings import read_feed_settings
from .feed_update import update_feeds

logger = logging.getLogger(__name__)

STAMPS_CACHE = "feeds_files"  # small: loaded on every build
ITEMS_CACHE = "feeds_items"  # large: loaded only when a feed must be written


def _write(output_path: str, relative_path: str, data: bytes) -> bool:
    root = os.path.abspath(output_path)
    path = os.path.abspath(os.path.join(root, relative_path))
    if os.path.commonpath([root, path]) != root:
        logger.error("feeds: %s is outside the output folder; not written", relative_path)
        return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
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
    items = None

    def load_kept_items() -> dict:
        nonlocal items
        items = _cache(settings, ITEMS_CACHE)
        return _kept(items, ITEMS_CACHE)

    update = update_feeds(
        planned,
        generator.output_path,
        kept_stamps,
        load_kept_items,
        lambda path, data: _write(generator.output_path, path, data),
    )
    logger.debug(
        "feeds: %d of %d feed files written, %d dropped feeds removed",
        len(update.written),
        len(planned),
        len(update.removed),
    )
    if update.items is not None and items is not None:
        items.cache_data(ITEMS_CACHE, update.items)
        items.save_cache()
    if update.stamps != kept_stamps:
        stamps.cache_data(STAMPS_CACHE, update.stamps)
        stamps.save_cache()


def register():
    signals.article_writer_finalized.connect(write_feeds)
