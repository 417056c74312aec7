"""The one HTML-to-text function the plugins share."""

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


def html_to_text(html: str) -> str:
    """The text of ``html``: tags removed, entities decoded, blocks on their own lines.
    Regular expressions, not a parser: the output of Markdown and of the seed reader is
    well formed, and this runs over every article of every build."""
    if "<" in html:
        html = _INVISIBLE.sub(" ", html)
        html = _BLOCK_TAG.sub("\n", html)
        html = _ANY_TAG.sub("", html)
    return unescape(html)
