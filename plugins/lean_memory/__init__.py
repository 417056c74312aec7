"""Free what a build no longer needs once the content is read.

Pelican's readers keep every source's text and metadata in memory until the
build ends, only so that they can be saved to the content cache; they are saved
at the end of reading (article_generator_finalized, page_generator_finalized)
and never read again in this build. The articles hold their own (cleaned) text,
so the readers' copy is about as large as the content itself.

An adapter: Pelican has no public way to free it, so this is the one place that
touches a private attribute (``Readers._cache``); tests/build/test_lean_memory.py
fails if Pelican stops keeping it there.
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
