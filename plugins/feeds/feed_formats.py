"""Write a `Feed` as RSS 2.0 and Atom 1.0 (with feedgen) and as JSON Feed 1.1.

Each function returns the file's bytes. Nothing here reads the clock: every
date comes from the articles, so the same content gives the same bytes.
"""

from __future__ import annotations

import json

from feedgen.feed import FeedGenerator

from .feed_html import html_to_text
from .feed_model import Feed

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# Named, without feedgen's default version and URI, so upgrading feedgen
# changes no feed byte.
GENERATOR = "python-feedgen"


def _generator(feed: Feed, self_type: str, items=None) -> FeedGenerator:
    """A FeedGenerator holding ``feed``; ``self_type`` is this format's media type.

    ``items`` (default: the feed's) are its entries; the dates come from the feed's items.
    """
    fg = FeedGenerator()
    # Dublin Core only in RSS: dc:creator names an author without the e-mail
    # address that RSS's own <author> requires.
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(feed.feed_url)
    fg.title(feed.title)
    fg.subtitle(feed.description)  # Atom subtitle and RSS description
    fg.author({"name": feed.author})
    # feedgen takes the RSS channel <link> from the last link added: self first.
    fg.link(href=feed.feed_url, rel="self", type=self_type)
    fg.link(href=feed.home_url, rel="alternate", type="text/html")
    fg.language(feed.language)
    fg.generator(GENERATOR)
    updated = feed.updated
    fg.updated(updated)
    fg.lastBuildDate(updated)

    # feed_items_xml writes these entries without feedgen, for speed: change
    # both together (the unit tests compare their bytes).
    for item in feed.items if items is None else items:
        entry = fg.add_entry(order="append")  # items arrive newest first
        entry.guid(item.url, permalink=True)  # also the Atom id
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        # type "html": escaped markup. feedgen's "CDATA" type makes Atom invalid.
        entry.content(item.content_html, type="html")
        entry.summary(item.summary_html or item.content_html, type="html")
        entry.published(item.published)
        entry.updated(item.updated)
        for name in item.authors:
            entry.author({"name": name})
            entry.dc.dc_creator(name)
        for tag in item.tags:
            entry.category(term=tag)
    return fg


def build_rss(feed: Feed, items=None) -> bytes:
    """RSS 2.0 with full text in content:encoded after the summary in description."""
    fg = _generator(feed, "application/rss+xml", items)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def build_atom(feed: Feed, items=None) -> bytes:
    """Atom 1.0: summary and full content as escaped HTML."""
    fg = _generator(feed, "application/atom+xml", items)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def build_json_feed(feed: Feed) -> bytes:
    """JSON Feed 1.1; its ``summary`` is plain text, as the specification asks."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.feed_url,
        "description": feed.description,
        "language": feed.language,
        "authors": [{"name": feed.author}],
        "items": [
            {
                "id": item.url,
                "url": item.url,
                "title": item.title,
                "content_html": item.content_html,
                "summary": html_to_text(item.summary_html),
                "date_published": item.published.isoformat(),
                "date_modified": item.updated.isoformat(),
                "authors": [{"name": name} for name in item.authors],
                "tags": list(item.tags),
            }
            for item in feed.items
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
