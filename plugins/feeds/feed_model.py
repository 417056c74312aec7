"""What a feed says, independent of its format (RSS, Atom or JSON Feed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FeedItem:
    """One article as every feed format needs it; all URLs absolute."""

    url: str  # the permalink, also the item's id
    title: str
    content_html: str
    summary_html: str
    published: dt.datetime  # timezone-aware
    updated: dt.datetime  # timezone-aware
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """The feed itself: where it lives and which page it stands for."""

    title: str
    description: str
    home_url: str  # the HTML page the feed mirrors (front page, topic page)
    feed_url: str  # where this very feed is published (rel="self")
    language: str
    author: str  # the feed's author: the site
    items: tuple[FeedItem, ...] = field(default_factory=tuple)

    @property
    def updated(self) -> dt.datetime:
        """The newest change among the items: never the clock, so rebuilds are identical."""
        return max(item.updated for item in self.items)


def newest_first(items, limit: int) -> tuple[FeedItem, ...]:
    """The ``limit`` newest items; equal dates fall back to the URL so order is stable."""
    ordered = sorted(items, key=lambda item: item.url)
    ordered.sort(key=lambda item: item.published, reverse=True)
    return tuple(ordered[:limit])
