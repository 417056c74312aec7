"""A feed document as RSS 2.0 or Atom 1.0 (feedgen) or JSON Feed 1.1, the topics' OPML,
and article HTML made fit for a feed reader. Nothing here reads the clock.

A feed item is read far from the site, so a relative link has nothing to be relative
to, and a reader must not run the article's scripts or load its frames (the W3C Feed
Validator flags both): nh3 keeps only allowlisted markup and makes every URL absolute.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import xml.etree.ElementTree as ET
from collections import Counter
from functools import partial
from urllib.parse import urljoin, urlsplit

import nh3
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseExtension
from feedgen.ext.dc import DcEntryExtension
from feedgen.feed import FeedGenerator
from feedgen.util import formatRFC2822, xml_elem
from plugin_support.text import html_to_text

from .feed_plan import Document, Item

# Without feedgen's version and URI: upgrading feedgen changes no feed byte.
GENERATOR = "python-feedgen"
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
ATOM_NS = "http://www.w3.org/2005/Atom"
HISTORY_NS = "http://purl.org/syndication/history/1.0"  # RFC 5005
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"

_TAGS = nh3.ALLOWED_TAGS | {"picture", "source", "video", "audio", "track", "tfoot"}
_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "*": {"class", "id", "title", "lang", "dir"},
    "img": nh3.ALLOWED_ATTRIBUTES["img"] | {"srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "video": {"src", "poster", "controls", "width", "height"},
    "audio": {"src", "controls"},
    "track": {"src", "kind", "srclang", "label"},
}
# Removed with everything inside them: code, and documents from elsewhere.
_DROPPED = {"script", "style", "template", "iframe", "object", "embed", "applet", "frameset"}
_IMAGE = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def _absolute(page_url: str, element: str, attribute: str, value: str) -> str:
    if attribute in {"href", "src", "poster", "cite"}:
        return urljoin(page_url, value.strip())
    if attribute == "srcset":  # "a.jpg 1x, b.jpg 2x": each candidate's URL
        candidates = (candidate.split() for candidate in value.split(","))
        return ", ".join(" ".join([urljoin(page_url, c[0]), *c[1:]]) for c in candidates if c)
    return value


def clean_for_feed(fragment: str, page_url: str) -> str:
    """``fragment`` with only allowlisted markup (no ``javascript:`` links, event handlers
    or inline styles) and every URL absolute against ``page_url``, the page it came from."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        clean_content_tags=_DROPPED,
        attributes=_ATTRIBUTES,
        attribute_filter=partial(_absolute, page_url),
        link_rel=None,
    )


def first_image(fragment: str, page_url: str) -> str | None:
    """The absolute http(s) URL of the first ``<img>`` in ``fragment``, or None."""
    match = _IMAGE.search(fragment or "")
    src = html.unescape("".join(match.groups(""))).strip() if match else ""
    url = urljoin(page_url, src)
    return url if src and urlsplit(url).scheme in ("http", "https") else None


class _History(BaseExtension):
    """The feed's namespaces, RFC 5005's <fh:archive/> in an archive document, and in
    RSS the archive links (feedgen writes links other than "self" in Atom only).
    One feed extension: feedgen tries each on every entry it adds, and fails."""

    document: Document

    def extend_ns(self):
        names = {"dc": DC_NS, "media": MEDIA_NS} if self.document.kind == "rss" else {}
        return names | ({"fh": HISTORY_NS} if self.document.current else {})

    def extend_atom(self, feed):
        if self.document.current:
            xml_elem(f"{{{HISTORY_NS}}}archive", feed)
        return feed

    def extend_rss(self, rss):
        channel = rss.find("channel")
        for rel, href in self.document.archive_links():
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=href, rel=rel, type=MEDIA_TYPES["rss"])
        return self.extend_atom(channel)


class _Written(FeedEntry):
    """An entry as feedgen wrote it. An article sits in ten feeds or so; appending the
    element to a feed moves it there from the last one, written by then."""

    def __init__(self, element):
        super().__init__()
        self._element = element

    def rss_entry(self, extensions=True):
        return self._element

    atom_entry = rss_entry


class Formats:
    """Renders ``documents`` (in format order, so memory holds one format's items at most):
    each item's element (JSON text) is made once and let go after its last document; its
    HTML is cleaned again for each format rather than held (the archives hold every article)."""

    def __init__(self, documents=()):
        self._uses = Counter((id(item), d.kind) for d in documents for item in d.items)
        self._made: dict[tuple[int, str], object] = {}

    @staticmethod
    def html(item: Item) -> tuple[str, str]:
        """``item``'s content and summary, cleaned for a feed."""
        content = clean_for_feed(item.content, item.url)
        return content, clean_for_feed(item.summary, item.url) or content

    def render(self, document: Document) -> bytes:
        return self._json(document) if document.kind == "json" else self._xml(document)

    def _entries(self, document: Document):
        """Each item's element (JSON text) in ``document``'s format, newest first."""
        kind = document.kind
        make = self._json_item if kind == "json" else partial(self._entry, kind=kind)
        for item in document.items:
            key = (id(item), kind)
            if key not in self._made:
                self._made[key] = make(item)
            self._uses[key] -= 1
            yield self._made[key] if self._uses[key] > 0 else self._made.pop(key)

    def _entry(self, item: Item, kind: str):
        """``item``'s element in a feed of format ``kind``, as feedgen writes it."""
        entry = FeedEntry()
        if kind == "rss":
            # dc:creator names an author without the e-mail RSS's <author> requires.
            entry.register_extension("dc", DcEntryExtension, atom=False, rss=True)
        entry.guid(item.url, permalink=True)  # also the Atom id
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        content, summary = self.html(item)
        # type "html": escaped markup. feedgen's "CDATA" type makes Atom invalid.
        entry.content(content, type="html")
        entry.summary(summary, type="html")
        entry.published(item.published)
        entry.updated(item.updated)
        for name in item.authors:
            entry.author({"name": name})
            if kind == "rss":
                entry.dc.dc_creator(name)
        for tag in item.tags:
            entry.category(term=tag)
        element = entry.rss_entry() if kind == "rss" else entry.atom_entry()
        if item.image:  # RSS media:content, Atom enclosure (feedgen's lose their rel in Atom)
            media_type = mimetypes.guess_type(item.image)[0] or ""
            typed = {"type": media_type} if media_type.startswith("image/") else {}
            if kind == "rss":
                xml_elem(f"{{{MEDIA_NS}}}content", element, url=item.image, medium="image", **typed)
            else:
                xml_elem("link", element, rel="enclosure", href=item.image, **typed)
        return element

    def _xml(self, document: Document) -> bytes:
        channel, kind = document.channel, document.kind
        fg = FeedGenerator()
        fg.register_extension("history", _History, None)
        fg.history.document = document
        fg.id(document.url)
        fg.title(channel.title)
        fg.subtitle(channel.description)  # Atom subtitle and RSS description
        fg.author({"name": channel.author})
        # The RSS channel <link> is the last link added: self first, alternate last.
        fg.link(href=document.url, rel="self", type=MEDIA_TYPES[kind])
        if kind == "atom":
            for rel, href in document.archive_links():
                fg.link(href=href, rel=rel, type=MEDIA_TYPES[kind])
        fg.link(href=channel.home_url, rel="alternate", type="text/html")
        fg.language(channel.language)
        fg.generator(GENERATOR)
        fg.updated(document.updated)
        fg.lastBuildDate(document.updated)
        for entry in self._entries(document):
            fg.add_entry(_Written(entry), order="append")
        write = fg.rss_str if kind == "rss" else fg.atom_str
        return write(pretty=True, encoding="UTF-8", xml_declaration=True)

    def _json(self, document: Document) -> bytes:
        channel = document.channel
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": channel.title,
            "home_page_url": channel.home_url,
            "feed_url": document.url,
            "next_url": document.older,
            "description": channel.description,
            "language": channel.language,
            "authors": [{"name": channel.author}],
        }
        # Each item's JSON text is made once and joined into every feed it is in.
        items = b", ".join(self._entries(document))
        return _json_text(feed).removesuffix(b"}") + b', "items": [' + items + b"]}\n"

    def _json_item(self, item: Item) -> bytes:
        content, summary = self.html(item)
        fields = {
            "id": item.url,
            "url": item.url,
            "title": item.title,
            "content_html": content,
            "summary": " ".join(html_to_text(summary).split()),  # plain text, as JSON Feed asks
            "image": item.image,
            "date_published": item.published.isoformat(),
            "date_modified": item.updated.isoformat(),
            "authors": [{"name": name} for name in item.authors],
            "tags": list(item.tags),
        }
        return _json_text(fields)


def _json_text(fields: dict) -> bytes:
    """``fields`` but those that are None. Not indented: json's indenting encoder is pure
    Python, several times slower."""
    fields = {name: value for name, value in fields.items() if value is not None}
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def build_opml(title: str, updated, outlines) -> bytes:
    """OPML 2.0 listing feeds: ``outlines`` are (name, feed URL, page URL)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateModified").text = formatRFC2822(updated)
    body = ET.SubElement(root, "body")
    for name, feed_url, page_url in outlines:
        attributes = {"text": name, "title": name, "type": "rss", "xmlUrl": feed_url}
        ET.SubElement(body, "outline", attributes, htmlUrl=page_url)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
