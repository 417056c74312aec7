"""Full-text feeds: RSS 2.0 and Atom 1.0 (feedgen) and JSON Feed 1.1, for the site,
every topic and every section, with RFC 5005 archives; the topics' OPML; and each
article's first image (``article.first_image``) for feeds and the theme.

Pelican's own feeds are off (they fail the W3C Feed Validator). Feeds are written
once every page is (``finalized``): what the pages' rendering held is freed by then,
and the search indexer still runs meanwhile (site_search waits for it after feeds).
``first_image`` is set before any page is written (after ``permalinks``, which sets
URLs at the same signal).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import feedgen.version
import nh3
from lxml import etree
from pelican import signals
from pelican.generators import ArticlesGenerator
from plugin_support.caches import ResultCache, cache_key, code_version
from plugin_support.output import write_output

from .feed_files import write_documents
from .feed_formats import Formats, build_opml
from .feed_html import first_image
from .feed_plan import Channel, plan, topic_outlines
from .feed_settings import absolute_url, base_url_problem, read_feed_settings

logger = logging.getLogger(__name__)
_articles: list = []  # this build's articles generator, whose feeds are written at its end

# What shapes every feed's bytes besides its inputs: this code and the libraries.
CACHE_KEY = cache_key(
    code_version(Path(__file__).parent),
    feedgen.version.version_str,
    nh3.__version__,
    etree.LXML_VERSION,
    etree.LIBXML_VERSION,
)


def set_first_images(generators) -> None:
    """``article.first_image``: the absolute URL of the article's first image, or None."""
    _articles[:] = [g for g in generators if isinstance(g, ArticlesGenerator)]
    base = generators[0].settings.get("FEEDS_BASE_URL") if generators else None
    usable = base_url_problem(base) is None
    for generator in generators:
        for name in ("articles", "hidden_articles", "drafts"):
            for article in getattr(generator, name, None) or ():
                content = (article.content or "") if usable else ""
                image = "<img" in content and first_image(content, absolute_url(base, article.url))
                article.first_image = image or None


def write_built_feeds(pelican) -> None:
    for generator in _articles:
        write_feeds(generator)
    _articles.clear()


def write_feeds(generator) -> None:
    config = read_feed_settings(generator.settings)
    if config is None:
        return
    settings = generator.settings
    name = settings.get("SITENAME", "")
    site = Channel(
        name, settings.get("SITESUBTITLE") or name, "", settings.get("DEFAULT_LANG", "en"), name
    )
    tags = sorted(generator.tags.items(), key=lambda pair: str(pair[0].slug))
    documents = plan(generator.articles, tags, generator.categories, site, config)
    if not documents:
        logger.info("feeds: no article published, so no feed written")
        return
    cache = ResultCache(settings, "feeds", CACHE_KEY)
    written = write_documents(documents, generator.output_path, cache, lambda d: Formats(d).render)
    logger.debug("feeds: %d of %d feed documents written", len(written), len(documents))

    outlines = topic_outlines(tags, config)
    if outlines and config.paths["FEEDS_TOPICS_OPML"]:
        newest = max(document.updated for document in documents)
        opml = build_opml(f"Topics · {name}", newest, outlines)
        write_output(os.path.join(generator.output_path, config.paths["FEEDS_TOPICS_OPML"]), opml)


def register():
    signals.all_generators_finalized.connect(set_first_images)
    signals.finalized.connect(write_built_feeds)
