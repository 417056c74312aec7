"""Render only the pages whose content changed since the last build.

Pelican renders and writes every page on every build; with thousands of
articles that dominates a rebuild after adding one seed.
"""

from __future__ import annotations

from pelican import signals

from .writer import CachingWriter


def caching_writer(pelican):
    if pelican.settings.get("RENDER_CACHE", True):
        return CachingWriter
    return None


def save_keys(pelican):
    CachingWriter.save_all()


def register():
    signals.get_writer.connect(caching_writer)
    signals.finalized.connect(save_keys)
