"""Code blocks and tables that scroll inside themselves on a narrow screen. Both take
keyboard focus, so a reader without a mouse can scroll them too (and axe-core's
scrollable-region-focusable rule holds)."""

from __future__ import annotations

import re

from pelican import signals

BLOCK = re.compile(r"<(?:pre|table)\b", re.I)
TABLE_OPEN = re.compile(r"<table\b", re.I)
TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
PRE_OPEN = re.compile(r"<pre\b(?![^>]*\btabindex=)", re.I)
TABLE_REGION = '<div class="table-scroll" role="region" tabindex="0" aria-label="Table">'


def scrollable_blocks(html: str) -> str:
    """`html` with each table in a focusable scrolling region and each `<pre>` focusable."""
    if not BLOCK.search(html):  # most articles: one quick scan
        return html
    html = PRE_OPEN.sub('<pre tabindex="0"', html)
    wrapped, opened = TABLE_OPEN.subn(TABLE_REGION + r"\g<0>", html)
    wrapped, closed = TABLE_CLOSE.subn(r"\g<0></div>", wrapped)
    return wrapped if opened == closed else html  # unbalanced HTML is left as it is


def make_blocks_scrollable(content) -> None:
    # Before anything reads the content; every build, so the reader's cache needs no change.
    if isinstance(content._content, str):
        content._content = scrollable_blocks(content._content)


def register():
    signals.content_object_init.connect(make_blocks_scrollable)
