"""Give every article ``reading_time`` (whole minutes) for the theme's bylines."""

from __future__ import annotations

from pelican import signals
from plugin_support.settings import setting

from .minutes import DEFAULT_WORDS_PER_MINUTE, reading_minutes


def add_reading_time(generators):
    # After every generator has its content (and the boilerplate is gone), before
    # anything is written. `_content` is the raw HTML: reading `content` here would
    # memoize it before other plugins are done with it. Counting is cheaper than a memo.
    for generator in generators:
        articles = getattr(generator, "articles", None)
        if articles is None:
            continue
        speed = setting(
            generator.settings, "READING_TIME_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE
        )
        for article in [*articles, *getattr(generator, "translations", [])]:
            article.reading_time = reading_minutes(article._content, speed)


def register():
    signals.all_generators_finalized.connect(add_reading_time)
