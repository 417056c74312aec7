"""Fingerprints of the values a template reads, to tell when a page must change.

A fingerprint is a hex digest that changes when anything a template could
show of the value changes. Values of unknown types raise ``Uncacheable``: a
page reading one is always rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from .listing_pages import ListingPage, PageLink

# Attributes of content that are the whole site (or its settings), not the
# content itself; what a template reads of them is fingerprinted on its own.
_NOT_CONTENT = frozenset({"_context", "settings"})
# The text a template shows through these is fingerprinted by what it is made
# of (_content, _summary, metadata): computing the summary parses the HTML.
_TEXT_PROPERTIES = frozenset({"content", "summary", "get_content", "get_summary"})
# Content properties computed from what it stores, cheap to ask for.
_PROPERTIES = frozenset(
    name
    for name in dir(Content)
    if isinstance(getattr(Content, name, None), property) and name not in _TEXT_PROPERTIES
)
# Below this depth, content met through another content's attributes (its
# related articles, its neighbours) counts by what a link to it shows.
_FULL_DEPTH = 2


class Uncacheable(TypeError):
    """A value whose changes a fingerprint cannot see."""


def digest(*parts: str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


class Fingerprinter:
    """Fingerprints values for one build, remembering those of long-lived objects.

    Content met in a template's own context counts by the attribute names the
    template reads (a listing that shows an article's headline does not change
    when the article's related articles do); content met through another
    content's attributes counts by everything it holds.
    """

    def __init__(self):
        # (id, depth, attributes) -> (object, fingerprint); the object is kept
        # alive so that its id stays its own.
        self._memo: dict[tuple, tuple[object, str]] = {}
        # (id of content, attribute name, depth) -> fingerprint of that attribute.
        self._fields: dict[tuple[int, str, int], str] = {}

    def of(self, value, attributes: frozenset[str] | None = None, depth: int = 0) -> str:
        """``attributes``: the names the template asks of content (None: any)."""
        if value is None or isinstance(value, bool | int | float):
            return repr(value)
        if isinstance(value, str):
            return digest("str", value)
        if isinstance(value, dt.date | dt.datetime | dt.time):
            return value.isoformat()
        if isinstance(value, dt.tzinfo):
            return str(value)
        if depth > 0:
            attributes = None
        memo_key = (id(value), depth, attributes)
        if memo_key in self._memo:
            return self._memo[memo_key][1]
        result = self._compute(value, attributes, depth)
        self._memo[memo_key] = (value, result)
        return result

    def _field(self, content: Content, name: str, depth: int) -> str:
        key = (id(content), name, depth)
        if key not in self._fields:
            stored = vars(content)
            value = stored[name] if name in stored else getattr(content, name)
            self._fields[key] = self.of(value, None, depth + 1)
        return self._fields[key]

    @staticmethod
    def _content_names(content: Content, attributes: frozenset[str] | None) -> list[str]:
        """The attributes of content a template can show, by name, sorted."""
        stored = set(vars(content))
        if attributes is None:
            names = stored
        else:
            # An attribute is read as itself or through its property
            # (`_content` through `content`, `_summary` through `summary`).
            names = {k for k in stored if k in attributes or k.lstrip("_") in attributes}
            if attributes & _TEXT_PROPERTIES:
                names |= {"_content", "_summary", "metadata"} & stored
            # Properties that are computed, not stored (save_as, status...).
            names |= (attributes - stored) & _PROPERTIES
        return sorted(names - _NOT_CONTENT)

    def _compute(self, value, attributes: frozenset[str] | None, depth: int) -> str:
        if isinstance(value, Content):
            if depth >= _FULL_DEPTH:
                return digest("link", value.url, self.of(getattr(value, "title", None)))
            names = self._content_names(value, attributes)
            return digest(
                "content",
                type(value).__name__,
                value.url,
                *(f"{name}={self._field(value, name, depth)}" for name in names),
            )
        if isinstance(value, URLWrapper):
            return digest("wrapper", type(value).__name__, value.name, value.slug, value.url)
        if isinstance(value, Page):
            return digest(
                "page",
                str(value.number),
                str(value.paginator.num_pages),
                value.url,
                self.of(value.object_list, attributes, depth),
            )
        if isinstance(value, ListingPage):
            # Its neighbours count by where they are, not by what they list.
            return digest(
                "listing",
                str(value.number),
                value.url,
                self.of(value.previous),
                self.of(value.next),
                self.of(value.object_list, attributes, depth),
            )
        if isinstance(value, PageLink):
            return digest("link", str(value.number), value.url, value.save_as)
        if isinstance(value, Paginator):
            return digest("paginator", str(value.num_pages), str(value.count))
        if isinstance(value, list | tuple):
            return digest("seq", *(self.of(item, attributes, depth) for item in value))
        if isinstance(value, set | frozenset):
            return digest("set", *sorted(self.of(item, attributes, depth) for item in value))
        if isinstance(value, Mapping):
            items = sorted(
                f"{self.of(k, attributes, depth)}={self.of(v, attributes, depth)}"
                for k, v in value.items()
            )
            return digest("map", *items)
        if isinstance(value, Callable):
            # Jinja globals and helper functions: their code is in the plugin fingerprint.
            return digest("callable", getattr(value, "__qualname__", type(value).__name__))
        raise Uncacheable(f"cannot fingerprint a {type(value).__name__}")
