"""How long an article takes to read, from its HTML."""

from __future__ import annotations

import html
import math
import re

DEFAULT_WORDS_PER_MINUTE = 230  # an adult reading news prose on screen

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def count_words(markup: str) -> int:
    """Words of the text in ``markup``, tags dropped and entities decoded."""
    text = html.unescape(_TAG.sub(" ", markup or ""))
    return len(_WORD.findall(text))


def reading_minutes(markup: str, words_per_minute: int = DEFAULT_WORDS_PER_MINUTE) -> int:
    """Whole minutes, rounded up; any text at all takes at least one minute."""
    words = count_words(markup)
    if words == 0:
        return 0
    return max(1, math.ceil(words / words_per_minute))
