"""Render a seed's plain-text paragraphs as HTML: every character is shown as
written (``<script>``, ``AT&T``, ``*word*``, a leading ``#``); the only markup is
a link, ``[text](https://...)`` or a bare http(s) URL."""

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


def inline_html(text: str) -> str:
    """Escape plain text and turn its links into anchors."""
    if "http" not in text:  # both kinds of link name an http(s) URL: most paragraphs have none
        return escape(text, quote=False)
    parts: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        href = match["target"] or match["url"]
        parts.append(escape(text[position : match.start()], quote=False))
        parts.append(f'<a href="{escape(href)}">{escape(match["text"] or href, quote=False)}</a>')
        position = match.end()
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)


def paragraphs_html(paragraphs: list[str]) -> str:
    """One ``<p>`` per paragraph; a line break inside one stays a newline."""
    return "\n".join(f"<p>{inline_html(paragraph)}</p>" for paragraph in paragraphs)
