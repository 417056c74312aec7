"""Wide code blocks and tables scroll inside themselves (``blocks.py``); this is glue."""

from __future__ import annotations

from pelican import signals

from .blocks import scrollable_blocks


def make_blocks_scrollable(content) -> None:
    # Before anything reads the content; every build, so the reader's cache needs no change.
    text = getattr(content, "_content", None)
    if isinstance(text, str):
        content._content = scrollable_blocks(text)


def register():
    signals.content_object_init.connect(make_blocks_scrollable)
