"""Give every article and page its own output file.

Two seeds may carry one title; Pelican would write both to one path, and the
second would silently replace the first. The later one (by date, then by
source path, so builds are reproducible) gets ``-2``, ``-3``...
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.utils import slugify

from .slugs import first_free_slug, site_page_paths

logger = logging.getLogger(__name__)


def _slug_from_filename(content) -> str:
    """For a title with no letters or digits to make a slug of."""
    stem = os.path.splitext(os.path.basename(content.source_path))[0]
    return slugify(stem, regex_subs=content.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))


# Every list in which Pelican's generators keep content, published or not.
_CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def make_urls_unique(generators):
    contents = {}
    for generator in generators:
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, []):
                contents[id(content)] = content
    order = sorted(contents.values(), key=lambda c: (str(getattr(c, "date", "")), c.source_path))
    reserved = site_page_paths(order[0].settings) if order else set()
    taken = set(reserved)
    for content in order:
        requested = content.slug or _slug_from_filename(content)
        tried = []  # the file of each slug tried (formatting one is not cheap)

        def is_taken(slug, content=content, tried=tried):
            content.slug = slug  # save_as is computed from the slug
            tried.append(content.save_as)
            return tried[-1] in taken

        content.slug = first_free_slug(requested, is_taken)
        wanted, save_as = tried[0], tried[-1]
        if wanted in reserved:
            # A page named like one of the site's own (Search, Tags...): the
            # editor's to rename. Two seeds with one headline are just news.
            logger.warning(
                "%s: %s is one of the site's own pages; published as %s instead "
                "(give it another Title or a Slug:)",
                content.relative_source_path,
                wanted,
                content.url,
            )
        elif content.slug != requested:
            logger.info(
                "%s: URL already taken, published as %s", content.relative_source_path, content.url
            )
        taken.add(save_as)
        # The URL and file name are final: keep them, rather than format them from
        # the date and settings again at each of the many times they are asked for.
        content.override_url = content.url
        content.override_save_as = save_as


def register():
    signals.all_generators_finalized.connect(make_urls_unique)
