"""The FEEDS_* settings, read once, checked, with defaults.

A bad path gives one error and its default; a base URL that is not absolute gives
an error and no feeds at all: a feed with relative links is useless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from plugin_support.settings import setting

logger = logging.getLogger(__name__)

# Paths relative to the output folder; None or "" switches that file off.
PATHS = {
    "FEEDS_SITE_RSS": "feeds/all.rss.xml",
    "FEEDS_SITE_ATOM": "feeds/all.atom.xml",
    "FEEDS_SITE_JSON": "feeds/all.json",
    "FEEDS_TAG_RSS": "feeds/tag/{slug}.rss.xml",
    "FEEDS_TAG_ATOM": "feeds/tag/{slug}.atom.xml",
    "FEEDS_TAG_JSON": "feeds/tag/{slug}.json",
    "FEEDS_SECTION_RSS": "feeds/section/{slug}.rss.xml",
    "FEEDS_SECTION_ATOM": "feeds/section/{slug}.atom.xml",
    "FEEDS_SECTION_JSON": "feeds/section/{slug}.json",
    "FEEDS_TOPICS_OPML": "feeds/topics.opml",
}


@dataclass(frozen=True)
class FeedSettings:
    base_url: str  # absolute, no trailing slash
    max_items: int  # items of a subscription document and of each archive document
    paths: dict  # PATHS' names -> a path, or None when off

    def patterns(self, group: str) -> list[tuple[str, str]]:
        """(kind, path) of the feeds of ``group`` ("SITE", "TAG", "SECTION") switched on."""
        names = ((kind, f"FEEDS_{group}_{kind.upper()}") for kind in ("rss", "atom", "json"))
        return [(kind, self.paths[name]) for kind, name in names if self.paths[name]]


def base_url_problem(url) -> str | None:
    """Why ``url`` cannot prefix the links in a feed, or None when it can."""
    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{url!r} is not an absolute http(s) URL"
    if parts.query or parts.fragment:
        return f"{url!r} has a query or fragment"
    return None


def is_path(name: str, value) -> bool:
    """Whether ``value`` can be setting ``name``: off, or a file path inside the output
    folder (with {slug} and no other placeholder where the default has one)."""
    if value is None or value == "":
        return True
    if not isinstance(value, str) or value.startswith("/") or value.endswith("/"):
        return False
    if ".." in value.split("/"):
        return False
    try:
        value.format(slug="x")
    except (KeyError, IndexError, ValueError):
        return False
    return ("{slug}" in value) == ("{slug}" in PATHS[name])


def read_feed_settings(settings) -> FeedSettings | None:
    """The feed settings; None (with one logged error) when no feed can be written."""
    paths = {
        name: setting(
            settings,
            name,
            default,
            valid=lambda value, name=name: is_path(name, value),
            expected="a file path inside the output folder"
            + (" with {slug}" if "{slug}" in default else ""),
        )
        or None
        for name, default in PATHS.items()
    }
    base = settings.get("FEEDS_BASE_URL", "")
    problem = base_url_problem(base)
    if problem:
        logger.error(
            "FEEDS_BASE_URL must be the site's absolute address (e.g. https://news.example.org)"
            " but %s; no feed written",
            problem,
        )
        return None
    max_items = setting(settings, "FEEDS_MAX_ITEMS", 50)
    return FeedSettings(base.strip().rstrip("/"), max_items, paths)


def absolute_url(base_url: str, path: str) -> str:
    """``path`` (relative to the site root, as Pelican's URLs are) under ``base_url``."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"
