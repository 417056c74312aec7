"""Which feeds a site gets and what goes in each, from articles and tags.

Articles and tags are read by duck typing (``url``, ``title``, ``content``,
``summary``, ``date``, ``authors``, ``tags``; ``name``, ``slug``, ``url``), so
this module knows nothing about Pelican and is tested with plain objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .feed_formats import build_atom, build_json_feed, build_rss
from .feed_html import prepare_for_feed
from .feed_model import Feed, FeedItem, newest_first
from .feed_settings import FeedSettings, absolute_url


@dataclass(frozen=True)
class SiteInfo:
    name: str
    description: str
    language: str


def _aware(date: dt.datetime) -> dt.datetime:
    # Pelican makes dates timezone-aware; a naive one is read as UTC.
    return date if date.tzinfo else date.replace(tzinfo=dt.UTC)


def item_for(article, base_url: str) -> FeedItem:
    """One article as a feed item: absolute URLs, nothing executable in its HTML."""
    url = absolute_url(base_url, article.url)
    published = _aware(article.date)
    modified = getattr(article, "modified", None)
    updated = max(published, _aware(modified)) if modified else published
    return FeedItem(
        url=url,
        title=str(article.title),
        content_html=prepare_for_feed(article.content or "", url),
        summary_html=prepare_for_feed(article.summary or "", url),
        published=published,
        updated=updated,
        authors=tuple(name for name in map(str, getattr(article, "authors", None) or ()) if name),
        tags=tuple(str(tag) for tag in getattr(article, "tags", None) or ()),
    )


def _newest_articles(articles, limit: int) -> list:
    # Newest first; equal dates by URL, so the order never depends on the reader.
    ordered = sorted(articles, key=lambda article: article.url)
    ordered.sort(key=lambda article: _aware(article.date), reverse=True)
    return ordered[:limit]


def plan_feeds(articles, tags, site: SiteInfo, config: FeedSettings) -> dict[str, bytes]:
    """Every feed file to write, as {path relative to the output folder: bytes}.

    ``tags`` maps each tag to its articles. A site without articles gets no
    feed: an Atom feed needs an ``updated`` date and only articles give one.
    """
    if not articles:
        return {}
    base = config.base_url
    items: dict[int, FeedItem] = {}

    def items_for(some_articles) -> tuple[FeedItem, ...]:
        # Only the newest articles become items, and each one only once.
        chosen = _newest_articles(some_articles, config.max_items)
        for article in chosen:
            if id(article) not in items:
                items[id(article)] = item_for(article, base)
        return newest_first([items[id(article)] for article in chosen], config.max_items)

    files: dict[str, bytes] = {}

    def add(feed: Feed, path: str | None, build) -> None:
        if path:
            files[path] = build(replace(feed, feed_url=absolute_url(base, path)))

    site_feed = Feed(
        title=site.name,
        description=site.description or site.name,
        home_url=base + "/",
        feed_url="",
        language=site.language,
        author=site.name,
        items=items_for(articles),
    )
    add(site_feed, config.site_rss, build_rss)
    add(site_feed, config.site_atom, build_atom)
    add(site_feed, config.site_json, build_json_feed)

    for tag, tagged in sorted(tags.items(), key=lambda pair: str(pair[0].slug)):
        if not tagged:
            continue
        tag_feed = Feed(
            title=f"{site.name}: {tag.name}",
            description=f"Articles about {tag.name} from {site.name}",
            home_url=absolute_url(base, tag.url),
            feed_url="",
            language=site.language,
            author=site.name,
            items=items_for(tagged),
        )
        for pattern, build in ((config.tag_rss, build_rss), (config.tag_atom, build_atom)):
            if pattern:
                add(tag_feed, pattern.format(slug=tag.slug), build)
    return files
