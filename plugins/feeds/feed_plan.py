"""Which feed documents a site gets and what goes in each, from articles, tags and categories.

Every feed (the site's, a topic's, a section's, in each format) is a subscription
document with its newest ``max_items`` items, and archive documents that hold the
rest (RFC 5005 archived feeds): blocks of ``max_items`` counted from the OLDEST
article, like the site's stable listing pages, so a full block never changes.
The subscription document links the newest archive (``prev-archive``, or JSON
Feed's ``next_url``), each archive the one before it: walking the chain finds
every article exactly once.

Articles, tags and categories are read by duck typing, so this module knows
nothing about Pelican and is tested with plain objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from plugin_support.caches import cache_key

from .feed_settings import FeedSettings, absolute_url


@dataclass(frozen=True, eq=False)
class Item:
    """One article as every feed needs it; URLs absolute, HTML not yet cleaned."""

    url: str  # the permalink, also the item's id
    title: str
    content: str
    summary: str
    published: dt.datetime  # timezone-aware
    updated: dt.datetime
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    image: str | None  # the article's first image
    key: str  # of everything above: the item's bytes depend on nothing else


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself, the same in all its documents."""

    title: str
    description: str
    home_url: str  # the HTML page the feed mirrors
    language: str
    author: str


@dataclass(frozen=True)
class Document:
    """One feed file: a subscription document or one of its archive documents."""

    kind: str  # "rss", "atom" or "json"
    path: str  # relative to the output folder
    url: str
    channel: Channel
    items: tuple[Item, ...]  # newest first
    current: str | None = None  # in an archive document: its subscription document
    older: str | None = None  # prev-archive (JSON Feed: next_url)
    newer: str | None = None  # next-archive: only the oldest archive needs one

    @property
    def updated(self) -> dt.datetime:
        """The newest change among the items: never the clock."""
        return max(item.updated for item in self.items)

    def key(self) -> str:
        """Everything the document's bytes depend on."""
        links = (self.path, self.url, self.current, self.older, self.newer)
        return cache_key(self.kind, *links, repr(self.channel), *(i.key for i in self.items))


def _plain(date: dt.datetime) -> dt.datetime:
    """A plain aware datetime: Pelican's SafeDatetime formats dates through the locale,
    slowly; a naive date is read as UTC."""
    return dt.datetime.combine(date.date(), date.timetz()).replace(tzinfo=date.tzinfo or dt.UTC)


def item_for(article, base_url: str) -> Item:
    published = _plain(article.date)
    modified = getattr(article, "modified", None)
    fields = dict(
        url=absolute_url(base_url, article.url),
        title=str(article.title),
        content=article.content or "",
        summary=article.summary or "",
        published=published,
        updated=max(published, _plain(modified)) if modified else published,
        authors=tuple(name for name in map(str, getattr(article, "authors", None) or ()) if name),
        tags=tuple(map(str, getattr(article, "tags", None) or ())),
        image=getattr(article, "first_image", None),
    )
    key = cache_key(*(v if isinstance(v, str) else repr(v) for v in fields.values()))
    return Item(**fields, key=key)


def newest_first(items) -> list[Item]:
    # Equal dates by URL, so the order never depends on the order of reading.
    return sorted(items, key=lambda item: (item.published, item.url), reverse=True)


def archive_path(path: str, number: int) -> str:
    """Archive ``number`` (1: the oldest) of the feed at ``path``:
    feeds/all.atom.xml -> feeds/all/1.atom.xml."""
    folder, _, name = path.rpartition("/")
    stem, _, extension = name.partition(".")
    return f"{folder}/{stem}/{number}.{extension}".lstrip("/")


def documents(kind: str, path: str, channel: Channel, items, config: FeedSettings):
    """The subscription document at ``path`` and its archive documents."""
    size, base = config.max_items, config.base_url
    url = absolute_url(base, path)
    older = list(reversed(items[size:]))  # oldest first
    blocks = [older[start : start + size] for start in range(0, len(older), size)]
    paths = [archive_path(path, number) for number in range(1, len(blocks) + 1)]
    urls = [absolute_url(base, archive) for archive in paths]
    # The Atom validator wants an archive link in every archive document: the oldest
    # links forward, to the next archive or, while it is the only one, to the feed.
    after_oldest = urls[1] if len(urls) > 1 else url
    yield Document(kind, path, url, channel, tuple(items[:size]), older=(urls or [None])[-1])
    for number, block in enumerate(blocks):
        yield Document(
            kind,
            paths[number],
            urls[number],
            channel,
            tuple(reversed(block)),
            current=url,
            older=urls[number - 1] if number else None,
            newer=None if number else after_oldest,
        )


def plan(articles, tags, categories, site: Channel, config: FeedSettings) -> list[Document]:
    """Every feed document to write, without writing any. ``tags`` and ``categories``
    are (tag or category, its articles) pairs. No articles, no feed: an Atom feed
    needs an ``updated`` date and only articles give one."""
    items: dict[int, Item] = {}

    def items_of(some) -> list[Item]:
        for article in some:
            if id(article) not in items:
                items[id(article)] = item_for(article, config.base_url)
        return newest_first(items[id(article)] for article in some)

    planned: dict[str, Document] = {}  # by path: the last feed given a path wins

    def add(group: str, channel: Channel, some, slug: str = "") -> None:
        chosen = items_of(some) if some else []
        for kind, pattern in config.patterns(group) if chosen else ():
            for document in documents(kind, pattern.format(slug=slug), channel, chosen, config):
                planned[document.path] = document

    add("SITE", replace(site, home_url=config.base_url + "/"), articles)
    for group, pairs, about in (("TAG", tags, "about {}"), ("SECTION", categories, "in {}")):
        for topic, some in sorted(pairs, key=lambda pair: str(pair[0].slug)):
            channel = Channel(
                title=f"{topic} · {site.title}",
                description=f"Articles {about.format(topic)} from {site.title}",
                home_url=absolute_url(config.base_url, topic.url),
                language=site.language,
                author=site.author,
            )
            add(group, channel, some, topic.slug)
    return list(planned.values())


def topic_outlines(tags, config: FeedSettings) -> list[tuple[str, str, str]]:
    """(name, feed URL, page URL) of every topic's first feed, for the OPML."""
    patterns = config.patterns("TAG")
    return [
        (
            str(tag),
            absolute_url(config.base_url, patterns[0][1].format(slug=tag.slug)),
            absolute_url(config.base_url, tag.url),
        )
        for tag, some in tags
        if some and patterns
    ]
