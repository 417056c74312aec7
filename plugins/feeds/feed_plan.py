"""The FEEDS_* settings, and which feed documents a site gets with what in each
(duck-typed: no Pelican here).

A feed's archive documents (RFC 5005) are blocks of ``max_items`` counted from the
OLDEST article, like the stable listing pages, so a full block never changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from functools import partial
from operator import attrgetter
from urllib.parse import urlsplit

from plugin_support.caches import cache_key
from plugin_support.settings import setting

logger = logging.getLogger(__name__)
KINDS = ("rss", "atom", "json")

# Paths relative to the output folder; None or "" switches that file off.
PATHS = {
    f"FEEDS_{group}_{kind.upper()}": f"feeds/{stem}.{extension}"
    for group, stem in (("SITE", "all"), ("TAG", "tag/{slug}"), ("SECTION", "section/{slug}"))
    for kind, extension in (("rss", "rss.xml"), ("atom", "atom.xml"), ("json", "json"))
} | {"FEEDS_TOPICS_OPML": "feeds/topics.opml"}


@dataclass(frozen=True)
class FeedSettings:
    base_url: str  # absolute, no trailing slash
    max_items: int  # items of a subscription document and of each archive document
    paths: dict  # PATHS' names -> a path, or None when off

    def patterns(self, group: str) -> list[tuple[str, str]]:
        """(kind, path) of the feeds of ``group`` ("SITE", "TAG", "SECTION") switched on."""
        names = ((kind, f"FEEDS_{group}_{kind.upper()}") for kind in KINDS)
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
    if not isinstance(value, str) or value[0] == "/" or value[-1] == "/":
        return False
    try:
        value.format(slug="x")
    except (KeyError, IndexError, ValueError):
        return False
    return ".." not in value.split("/") and ("{slug}" in value) == ("{slug}" in PATHS[name])


def read_feed_settings(settings) -> FeedSettings | None:
    """The feed settings; None (with one logged error) when no feed can be written:
    a feed with relative links is useless. A bad path gives one error and its default."""
    paths = {}
    for name, default in PATHS.items():
        where = "a file path inside the output folder" + " with {slug}" * ("{slug}" in default)
        paths[name] = setting(settings, name, default, partial(is_path, name), where) or None
    base = settings.get("FEEDS_BASE_URL", "")
    if problem := base_url_problem(base):
        logger.error(
            "FEEDS_BASE_URL must be the site's absolute address (e.g. https://news.example.org)"
            " but %s; no feed written",
            problem,
        )
        return None
    return FeedSettings(base.strip().rstrip("/"), setting(settings, "FEEDS_MAX_ITEMS", 50), paths)


def absolute_url(base_url: str, path: str) -> str:
    """``path`` (relative to the site root, as Pelican's URLs are) under ``base_url``."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"


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

    def archive_links(self) -> list[tuple[str, str]]:
        rels = ("prev-archive", "next-archive", "current")
        links = zip(rels, (self.older, self.newer, self.current), strict=True)
        return [(rel, href) for rel, href in links if href]

    def key(self) -> str:
        """Everything the document's bytes depend on."""
        return cache_key(repr(replace(self, items=())), *(item.key for item in self.items))


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
    return Item(**fields, key=cache_key(*fields.values()))


def archive_path(path: str, number: int) -> str:
    """Archive ``number`` (1: the oldest) of ``path``: feeds/all.rss.xml -> feeds/all/1.rss.xml."""
    folder, _, name = path.rpartition("/")
    stem, _, extension = name.partition(".")
    return f"{folder}/{stem}/{number}.{extension}".lstrip("/")


def documents(kind: str, path: str, channel: Channel, items, config: FeedSettings):
    """The subscription document at ``path`` and its archive documents."""
    size, url = config.max_items, absolute_url(config.base_url, path)
    older = items[size:][::-1]  # oldest first
    blocks = [older[start : start + size][::-1] for start in range(0, len(older), size)]
    paths = [archive_path(path, number) for number in range(1, len(blocks) + 1)]
    urls = [absolute_url(config.base_url, archive) for archive in paths]
    yield Document(kind, path, url, channel, tuple(items[:size]), older=(urls or [None])[-1])
    for number, block in enumerate(blocks):
        # The Atom validator wants an archive link in every archive document: the oldest
        # links forward, to the next archive or, while it is the only one, to the feed.
        back, forward = (urls[number - 1], None) if number else (None, (urls + [url])[1])
        yield Document(kind, paths[number], urls[number], channel, tuple(block), url, back, forward)


def plan(articles, tags, categories, site: Channel, config: FeedSettings) -> list[Document]:
    """Every feed document to write, without writing any. ``tags`` and ``categories``
    are (tag or category, some of ``articles``) pairs. No articles, no feed: an Atom feed
    needs an ``updated`` date and only articles give one."""
    items = {id(article): item_for(article, config.base_url) for article in articles}
    planned: dict[str, Document] = {}  # by path: the last feed given a path wins

    def add(group: str, channel: Channel, some, slug: str = "") -> None:
        # Equal dates by URL, so the order never depends on the order of reading.
        chosen = sorted(
            (items[id(a)] for a in some), key=attrgetter("published", "url"), reverse=True
        )
        for kind, pattern in config.patterns(group) if chosen else ():
            for document in documents(kind, pattern.format(slug=slug), channel, chosen, config):
                planned[document.path] = document

    add("SITE", replace(site, home_url=config.base_url + "/"), articles)
    for group, pairs, about in (("TAG", tags, "about {}"), ("SECTION", categories, "in {}")):
        for topic, some in sorted(pairs, key=lambda pair: str(pair[0].slug)):
            channel = replace(
                site,
                title=f"{topic} · {site.title}",
                description=f"Articles {about.format(topic)} from {site.title}",
                home_url=absolute_url(config.base_url, topic.url),
            )
            add(group, channel, some, topic.slug)
    return list(planned.values())
