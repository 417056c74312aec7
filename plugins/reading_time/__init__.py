"""Give every article ``reading_time`` (whole minutes) for the theme's bylines."""

from __future__ import annotations

import logging

from pelican import signals

from .minutes import DEFAULT_WORDS_PER_MINUTE, reading_minutes

logger = logging.getLogger(__name__)


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
    for generator in generators:
        articles = getattr(generator, "articles", None)
        if articles is None:
            continue
        speed = _words_per_minute(generator.settings)
        for article in [*articles, *getattr(generator, "translations", [])]:
            article.reading_time = reading_minutes(article._content, speed)


def register():
    signals.all_generators_finalized.connect(add_reading_time)
