"""Stable pagination: listing pages that keep their articles when new ones arrive.

``StablePaginator`` replaces Pelican's Paginator in the site's writer
(plugins/output_record) when this plugin is in PLUGINS, so a new article
rewrites the first page of each listing it is on, not every page.
"""

from .paginator import StablePaginator  # noqa: F401  (used by output_record's writer)


def register():
    pass  # nothing to connect: output_record's writer asks for StablePaginator
