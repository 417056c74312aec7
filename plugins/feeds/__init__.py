"""Full-text feeds with feedgen: RSS 2.0, Atom 1.0 and JSON Feed 1.1, site-wide and per tag.

Pelican's own feeds are off (they fail the W3C Feed Validator). Feeds are
written after the article pages, when every URL is final (`unique_urls`
changes slugs at all_generators_finalized).
"""

from __future__ import annotations

import logging
import os

from pelican import signals

from .feed_plan import SiteInfo, plan_feeds
from .feed_settings import read_feed_settings

logger = logging.getLogger(__name__)


def _write(output_path: str, relative_path: str, data: bytes) -> None:
    root = os.path.abspath(output_path)
    path = os.path.abspath(os.path.join(root, relative_path))
    if os.path.commonpath([root, path]) != root:
        logger.error("feeds: %s is outside the output folder; not written", relative_path)
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)


def write_feeds(generator, writer=None) -> None:
    config, problems = read_feed_settings(generator.settings)
    for problem in problems:
        logger.error("feeds: %s", problem)
    if config is None:
        return
    settings = generator.settings
    site = SiteInfo(
        name=settings.get("SITENAME", ""),
        description=settings.get("SITESUBTITLE", ""),
        language=settings.get("DEFAULT_LANG", "en"),
    )
    files = plan_feeds(generator.articles, generator.tags, site, config)
    if not files:
        logger.info("feeds: no article published, so no feed written")
    for relative_path, data in files.items():
        _write(generator.output_path, relative_path, data)


def register():
    signals.article_writer_finalized.connect(write_feeds)
