"""The site's writer: render only the pages whose content changed since the last
build, and paginate listings so that a new article changes few pages.

Pelican renders and writes every page on every build, and numbers listing pages
from the newest article; with thousands of articles that dominates a rebuild
after adding one seed. RENDER_CACHE = False renders every page;
STABLE_PAGINATION = False gives Pelican's own pagination.
"""

from __future__ import annotations

from pelican import signals

from .listing_writer import ListingWriter
from .writer import CachingWriter


def caching_writer(pelican):
    if pelican.settings.get("RENDER_CACHE", True):
        return CachingWriter
    if pelican.settings.get("STABLE_PAGINATION", True):
        return ListingWriter
    return None


def save_keys(pelican):
    CachingWriter.save_all()
    ListingWriter.finish_all()


def register():
    signals.get_writer.connect(caching_writer)
    signals.finalized.connect(save_keys)
