"""Render a seed's plain-text paragraphs as HTML.

Seed bodies are plain text, not Markdown: every character is shown as it is
written (``<script>``, ``AT&T``, ``*word*``, a leading ``#``). The only markup
recognised is a link, either ``[text](https://...)`` or a bare http(s) URL.
"""

from __future__ import annotations

import re
from html import escape

# Both patterns are linear in the paragraph: each repeated class excludes the
# character that ends it (no backtracking beyond one run), and a bare-URL attempt
# fails only over punctuation, where no other URL can start.
# [text](url) with an http(s) URL; the text may not span brackets.
_MARKDOWN_LINK = r"\[(?P<text>[^\[\]\n]+)\]\((?P<target>https?://[^\s()<>]+)\)"
# A bare URL; trailing punctuation that ends the sentence is not part of it.
_BARE_URL = r"(?P<url>https?://[^\s<>\"'“”‘’]+[^\s<>\"'“”‘’.,;:!?)\]])"
_LINK = re.compile(f"{_MARKDOWN_LINK}|{_BARE_URL}")


def _anchor(href: str, text: str) -> str:
    return f'<a href="{escape(href, quote=True)}">{escape(text, quote=False)}</a>'


def inline_html(text: str) -> str:
    """Escape plain text and turn its links into anchors."""
    if "http" not in text:  # both kinds of link name an http(s) URL: most paragraphs have none
        return escape(text, quote=False)
    parts: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        parts.append(escape(text[position : match.start()], quote=False))
        if match["target"]:
            parts.append(_anchor(match["target"], match["text"]))
        else:
            parts.append(_anchor(match["url"], match["url"]))
        position = match.end()
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)


def paragraphs_html(paragraphs: list[str]) -> str:
    """One ``<p>`` per paragraph; a line break inside one stays a newline."""
    return "\n".join(f"<p>{inline_html(paragraph)}</p>" for paragraph in paragraphs)
