"""Plain text out of article HTML, cheaply: topics need words, not a DOM."""

from __future__ import annotations

import re
from html import unescape

# Elements whose text is not prose a reader sees.
_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
# Block boundaries become line breaks, so words of two paragraphs never join.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|blockquote|pre|"
    r"section|article|aside|header|footer|figure|figcaption|nav)\b[^>]*>",
    re.I,
)
_ANY_TAG = re.compile(r"<[^>]*>")
# Curly apostrophes read as straight ones, so "Russia’s" and "Russia's" match alike.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def html_to_text(html: str) -> str:
    """The text of ``html``: tags removed, entities decoded, blocks on their own lines."""
    if "<" in html:
        html = _INVISIBLE.sub(" ", html)
        html = _BLOCK_TAG.sub("\n", html)
        html = _ANY_TAG.sub("", html)
    return normalise(unescape(html))


def normalise(text: str) -> str:
    """Text as the matchers expect it: straight apostrophes."""
    return text.translate(_APOSTROPHES)
