"""Give every article ``reading_time`` (whole minutes) for the theme's bylines."""

from __future__ import annotations

import logging

from pelican import signals
from pelican.cache import FileDataCacher

from .minutes import DEFAULT_WORDS_PER_MINUTE, minutes_key, reading_minutes

logger = logging.getLogger(__name__)
CACHE_NAME = "reading_time"


def _words_per_minute(settings) -> int:
    value = settings.get("READING_TIME_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        logger.error(
            "READING_TIME_WORDS_PER_MINUTE must be a positive whole number, not %r; using %d",
            value,
            DEFAULT_WORDS_PER_MINUTE,
        )
        return DEFAULT_WORDS_PER_MINUTE
    return value


def add_reading_time(generators):
    # After every generator has its content (and the boilerplate is gone), before
    # anything is written. `_content` is the raw HTML: reading `content` here would
    # memoize it before other plugins are done with it.
    with_articles = [g for g in generators if getattr(g, "articles", None) is not None]
    if not with_articles:
        return
    settings = with_articles[0].settings
    speed = _words_per_minute(settings)
    caching = settings.get("CACHE_CONTENT", False)
    # Counting words is most of the work: the last build's counts are reused for
    # unchanged text. Only this build's entries are saved, so the cache never grows.
    previous = FileDataCacher(
        settings, CACHE_NAME, False, caching and settings.get("LOAD_CONTENT_CACHE", False)
    )
    current = FileDataCacher(settings, CACHE_NAME, caching, False)
    for generator in with_articles:
        for article in [*generator.articles, *getattr(generator, "translations", [])]:
            key = minutes_key(article._content, speed)
            minutes = previous.get_cached_data(key)
            if minutes is None:
                minutes = reading_minutes(article._content, speed)
            current.cache_data(key, minutes)
            article.reading_time = minutes
    current.save_cache()


def register():
    signals.all_generators_finalized.connect(add_reading_time)
