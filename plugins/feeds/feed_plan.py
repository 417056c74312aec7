"""Which feeds a site gets and what goes in each, from articles and tags.

Articles and tags are read by duck typing (``url``, ``title``, ``content``,
``summary``, ``date``, ``authors``, ``tags``; ``name``, ``slug``, ``url``), so
this module knows nothing about Pelican and is tested with plain objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .feed_formats import build_json_feed
from .feed_html import prepare_for_feed
from .feed_model import Feed, FeedItem, newest_first
from .feed_pieces import assemble, item_pieces
from .feed_settings import FeedSettings, absolute_url


@dataclass(frozen=True)
class SiteInfo:
    name: str
    description: str
    language: str


@dataclass(frozen=True, eq=False)
class ItemSource:
    """What a feed item is made of, before its HTML is made fit for a feed.

    Compared by identity (a plan makes one per article): hashing the whole
    article text at every lookup would cost more than the lookups.
    """

    url: str  # absolute
    title: str
    content: str  # the article's HTML
    summary: str
    published: dt.datetime  # timezone-aware
    updated: dt.datetime
    authors: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class PlannedFeed:
    """One feed file: where it goes, its format, what it says and its items, newest first."""

    path: str  # relative to the output folder
    kind: str  # "rss", "atom" or "json"
    feed: Feed  # title, links, language; its items come from ``sources``
    sources: tuple[ItemSource, ...]


def _aware(date: dt.datetime) -> dt.datetime:
    # Pelican makes dates timezone-aware; a naive one is read as UTC.
    return date if date.tzinfo else date.replace(tzinfo=dt.UTC)


def item_source(article, base_url: str) -> ItemSource:
    """What ``article`` gives its feed item."""
    published = _aware(article.date)
    modified = getattr(article, "modified", None)
    return ItemSource(
        url=absolute_url(base_url, article.url),
        title=str(article.title),
        content=article.content or "",
        summary=article.summary or "",
        published=published,
        updated=max(published, _aware(modified)) if modified else published,
        authors=tuple(name for name in map(str, getattr(article, "authors", None) or ()) if name),
        tags=tuple(str(tag) for tag in getattr(article, "tags", None) or ()),
    )


def feed_item(source: ItemSource, content_html: str = "", summary_html: str = "") -> FeedItem:
    """The feed item of ``source`` with its HTML as given (already made fit for a feed)."""
    return FeedItem(
        url=source.url,
        title=source.title,
        content_html=content_html,
        summary_html=summary_html,
        published=source.published,
        updated=source.updated,
        authors=source.authors,
        tags=source.tags,
    )


def prepare_item(source: ItemSource) -> FeedItem:
    """The feed item: absolute URLs, nothing executable in its HTML."""
    return feed_item(
        source,
        prepare_for_feed(source.content, source.url),
        prepare_for_feed(source.summary, source.url),
    )


def item_for(article, base_url: str) -> FeedItem:
    """One article as a feed item: absolute URLs, nothing executable in its HTML."""
    return prepare_item(item_source(article, base_url))


def _newest_articles(articles, limit: int) -> list:
    # Newest first; equal dates by URL, so the order never depends on the reader.
    ordered = sorted(articles, key=lambda article: article.url)
    ordered.sort(key=lambda article: _aware(article.date), reverse=True)
    return ordered[:limit]


def plan(articles, tags, site: SiteInfo, config: FeedSettings) -> list[PlannedFeed]:
    """Every feed file to write, without writing any.

    ``tags`` maps each tag to its articles. A site without articles gets no
    feed: an Atom feed needs an ``updated`` date and only articles give one.
    """
    if not articles:
        return []
    base = config.base_url
    sources: dict[int, ItemSource] = {}

    def sources_for(some_articles) -> tuple[ItemSource, ...]:
        # Only the newest articles become items, and each one only once.
        chosen = _newest_articles(some_articles, config.max_items)
        for article in chosen:
            if id(article) not in sources:
                sources[id(article)] = item_source(article, base)
        return newest_first([sources[id(article)] for article in chosen], config.max_items)

    planned: dict[str, PlannedFeed] = {}  # by path: the last feed given a path wins

    def add(feed: Feed, chosen, path: str | None, kind: str) -> None:
        if path:
            feed = replace(feed, feed_url=absolute_url(base, path))
            planned[path] = PlannedFeed(path=path, kind=kind, feed=feed, sources=chosen)

    site_feed = Feed(
        title=site.name,
        description=site.description or site.name,
        home_url=base + "/",
        feed_url="",
        language=site.language,
        author=site.name,
    )
    chosen = sources_for(articles)
    add(site_feed, chosen, config.site_rss, "rss")
    add(site_feed, chosen, config.site_atom, "atom")
    add(site_feed, chosen, config.site_json, "json")

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
        )
        chosen = sources_for(tagged)
        for pattern, kind in ((config.tag_rss, "rss"), (config.tag_atom, "atom")):
            if pattern:
                add(tag_feed, chosen, pattern.format(slug=tag.slug), kind)
    return list(planned.values())


def render(planned: PlannedFeed, items: dict, pieces: dict) -> bytes:
    """The feed's bytes, from its prepared ``items`` and, for RSS and Atom, their
    ``pieces`` (both by source: ``pieces[source][kind]``)."""
    feed = replace(planned.feed, items=tuple(items[source] for source in planned.sources))
    if planned.kind == "json":
        return build_json_feed(feed)
    return assemble(
        feed, planned.kind, [pieces[source][planned.kind] for source in planned.sources]
    )


def prepare_pieces(sources, kinds) -> tuple[dict, dict]:
    """Prepared items and their pieces in each format of ``kinds``, by source."""
    unique = tuple(dict.fromkeys(sources))
    items = {source: prepare_item(source) for source in unique}
    prepared = tuple(items[source] for source in unique)
    pieces: dict = {source: {} for source in unique}
    for kind, written in item_pieces(prepared, kinds).items():
        for source, piece in zip(unique, written, strict=True):
            pieces[source][kind] = piece
    return items, pieces


def plan_feeds(articles, tags, site: SiteInfo, config: FeedSettings) -> dict[str, bytes]:
    """Every feed file to write, as {path relative to the output folder: bytes}."""
    planned = plan(articles, tags, site, config)
    sources = [source for feed in planned for source in feed.sources]
    kinds = sorted({feed.kind for feed in planned} - {"json"})
    items, pieces = prepare_pieces(sources, kinds)
    return {feed.path: render(feed, items, pieces) for feed in planned}
