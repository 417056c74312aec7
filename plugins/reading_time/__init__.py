"""Give every article ``reading_time`` (whole minutes) for the theme's bylines."""

from __future__ import annotations

import math
import re
from pathlib import Path

import plugin_support.text
from pelican import signals
from plugin_support.caches import ResultCache, cache_key, code_version
from plugin_support.settings import setting

DEFAULT_WORDS_PER_MINUTE = 230  # an adult reading news prose on screen
_CODE = code_version(Path(__file__).parent, plugin_support.text.__file__)
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def count_words(markup: str) -> int:
    return len(_WORD.findall(plugin_support.text.html_to_text(markup or "")))


def reading_minutes(markup: str, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
    """Whole minutes, rounded up; any text at all takes at least one minute."""
    return math.ceil(count_words(markup) / words_per_minute)


def add_reading_time(generator):
    # Once the articles are read and cleaned, before anything is written. `_content` is the
    # raw HTML: reading `content` here would memoize it before other plugins are done with
    # it. Minutes are kept between builds by a key of the text: hashing it costs a
    # thirtieth of counting its words.
    speed = setting(generator.settings, "READING_TIME_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    counts = ResultCache(generator.settings, "reading-time", _CODE)
    for article in [*generator.articles, *generator.translations]:
        text = article._content
        article.reading_time = counts.lookup(cache_key(text, speed), reading_minutes, text, speed)
    counts.save()


def register():
    signals.article_generator_finalized.connect(add_reading_time)
