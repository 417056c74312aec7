"""Full-text feeds (RSS, Atom, JSON Feed) with RFC 5005 archives, the topics' OPML, and
each article's first image (``article.first_image``) for feeds and the theme.

Feeds are written once every page is (``finalized``): what the pages' rendering held
is freed by then, and the search indexer still runs meanwhile. ``first_image`` is set
before any page is written (after ``permalinks``, which sets URLs at the same signal).
"""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path

import feedgen.version
import nh3
from lxml import etree
from pelican import signals
from pelican.generators import ArticlesGenerator
from plugin_support.caches import cache_key, code_version
from plugin_support.output import unchanged, write_output

from .feed_formats import Formats, build_opml, first_image
from .feed_plan import KINDS, Channel, absolute_url, base_url_problem, plan, read_feed_settings

logger = logging.getLogger(__name__)
_articles: list = []  # this build's articles generator, whose feeds are written at the end

# What shapes every feed's bytes besides its inputs: this code and the libraries.
CODE = cache_key(
    code_version(Path(__file__).parent),
    feedgen.version.version_str,
    nh3.__version__,
    etree.LXML_VERSION,
    etree.LIBXML_VERSION,
)


def set_first_images(generators) -> None:
    """``article.first_image``: the absolute URL of the article's first image, or None."""
    _articles[:] = [g for g in generators if isinstance(g, ArticlesGenerator)]
    base = generators[0].settings.get("FEEDS_BASE_URL")
    usable = base_url_problem(base) is None
    for generator in generators:
        for name in ("articles", "hidden_articles", "drafts"):
            for article in getattr(generator, name, None) or ():
                content = (article.content or "") if usable else ""
                image = "<img" in content and first_image(content, absolute_url(base, article.url))
                article.first_image = image or None


def write_documents(documents, output_path: str) -> list[str]:
    """Write ``documents`` under ``output_path``; the paths written. A file that still
    holds what the same key made is kept without rendering it again (full archive
    documents never change); feeds no longer planned are pruned by output_record."""
    stale = []
    for document in documents:
        path, key = os.path.join(output_path, document.path), cache_key(CODE, document.key())
        if not unchanged(path, key):
            stale.append((document, path, key))
    # One format after another: each item's entry is let go after its last feed.
    stale.sort(key=lambda found: KINDS.index(found[0].kind))
    formats = Formats([document for document, _, _ in stale])
    for document, path, key in stale:
        write_output(path, formats.render(document), key)
    return [document.path for document, _, _ in stale]


def write_built_feeds(pelican) -> None:
    settings, generator = pelican.settings, _articles.pop()
    config = read_feed_settings(settings)
    if config is None:
        return
    name = settings.get("SITENAME", "")
    site = Channel(name, settings.get("SITESUBTITLE") or name, "", settings["DEFAULT_LANG"], name)
    tags = sorted(generator.tags.items(), key=lambda pair: str(pair[0].slug))
    documents = plan(generator.articles, tags, generator.categories, site, config)
    if not documents:
        logger.info("feeds: no article published, so no feed written")
        return
    written = write_documents(documents, pelican.output_path)
    logger.debug("feeds: %d of %d feed documents written", len(written), len(documents))

    opml, patterns = config.paths["FEEDS_TOPICS_OPML"], config.patterns("TAG")
    topics = [tag for tag, some in tags if some] if opml and patterns else []
    if topics:
        url = partial(absolute_url, config.base_url)
        outlines = [(str(t), url(patterns[0][1].format(slug=t.slug)), url(t.url)) for t in topics]
        newest = max(document.updated for document in documents)
        data = build_opml(f"Topics · {name}", newest, outlines)
        write_output(os.path.join(pelican.output_path, opml), data)


def register():
    signals.all_generators_finalized.connect(set_first_images)
    signals.finalized.connect(write_built_feeds)
