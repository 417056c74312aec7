"""Free Pelican's readers' copy of every source once the content cache is saved.

The readers keep every source's text and metadata until the build ends, only to save
them to the content cache at the end of reading; the articles hold their own text.
Pelican has no public way to free it: this adapter is the one place that touches a
private attribute (``Readers._cache``); tests/build/test_lean_memory.py fails if
Pelican stops keeping it there.
"""

from __future__ import annotations

from pelican import signals


def release_reader_cache(generator) -> None:
    """The generator's readers saved their cache just before this signal: drop it."""
    if isinstance(getattr(getattr(generator, "readers", None), "_cache", None), dict):
        generator.readers._cache = {}


def register():
    signals.article_generator_finalized.connect(release_reader_cache)
    signals.page_generator_finalized.connect(release_reader_cache)
