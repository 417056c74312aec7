"""The FEEDS_* settings, read once, checked, with defaults.

A bad value gives one error and its default; a base URL that is not absolute
gives an error and no feeds at all: a feed with relative links is useless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from plugin_support.settings import setting

logger = logging.getLogger(__name__)

# Paths relative to the output folder; None or "" switches that feed off.
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
KINDS = ("rss", "atom", "json")


@dataclass(frozen=True)
class FeedSettings:
    base_url: str  # absolute, no trailing slash
    max_items: int  # items of a subscription document and of each archive document
    paths: dict  # PATHS' names -> a path, or None when off

    def patterns(self, group: str) -> list[tuple[str, str]]:
        """(kind, path) of ``group`` ("SITE", "TAG", "SECTION") that are switched on."""
        return [
            (kind, path) for kind in KINDS if (path := self.paths[f"FEEDS_{group}_{kind.upper()}"])
        ]


def base_url_problem(url) -> str | None:
    """Why ``url`` cannot prefix the links in a feed, or None when it can."""
    if not isinstance(url, str) or not url.strip():
        return "it is empty"
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{url!r} is not an absolute http(s) URL"
    if parts.query or parts.fragment:
        return f"{url!r} has a query or fragment"
    return None


def path_problem(name: str, value) -> str | None:
    """Why ``value`` cannot be setting ``name``'s path, or None when it can."""
    if value is None or value == "":
        return None  # switched off
    if not isinstance(value, str):
        return f"must be a path such as {PATHS[name]!r}, not {value!r}"
    if value.startswith("/") or ".." in value.split("/") or value.endswith("/"):
        return f"must be a file path inside the output folder, not {value!r}"
    if "{slug}" in PATHS[name]:
        try:
            value.format(slug="x")
        except (KeyError, IndexError, ValueError):
            return f"must contain {{slug}} and no other placeholder, not {value!r}"
        if "{slug}" not in value:
            return f"must contain {{slug}}, not {value!r}"
    return None


def read_feed_settings(settings) -> FeedSettings | None:
    """The feed settings; None (with one logged error) when no feed can be written."""
    paths = {}
    for name, default in PATHS.items():
        value = settings.get(name, default)
        problem = path_problem(name, value)
        if problem:
            logger.error("%s %s; using %r", name, problem, default)
            value = default
        paths[name] = value or None
    base = settings.get("FEEDS_BASE_URL", "")
    problem = base_url_problem(base)
    if problem:
        logger.error(
            "FEEDS_BASE_URL must be the site's absolute address (e.g. https://news.example.org)"
            " but %s; no feed written",
            problem,
        )
        return None
    return FeedSettings(
        base_url=base.strip().rstrip("/"),
        max_items=setting(settings, "FEEDS_MAX_ITEMS", 50),
        paths=paths,
    )


def absolute_url(base_url: str, path: str) -> str:
    """``path`` (relative to the site root, as Pelican's URLs are) under ``base_url``."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"
