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

# Attributes of content that are the whole site (or its settings), not the
# content itself; what a template reads of them is fingerprinted on its own.
_NOT_CONTENT = frozenset({"_context", "settings"})
# Content properties that are computed from what it stores.
_PROPERTIES = frozenset(
    name for name in dir(Content) if isinstance(getattr(Content, name, None), property)
)
_TEXT_PROPERTIES = frozenset({"content", "summary", "get_content", "get_summary"})
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
    """Fingerprints values, remembering those of long-lived objects for one build."""

    def __init__(self, attributes: frozenset[str] | None = None):
        # The attribute names the template can ask of content (None: any). A
        # listing that shows an article's headline does not change when the
        # article's related articles do.
        self._attributes = attributes
        # id -> (object, depth, fingerprint); the object is kept so its id stays its own.
        self._memo: dict[tuple[int, int], tuple[object, str]] = {}

    def of(self, value, depth: int = 0) -> str:
        if value is None or isinstance(value, bool | int | float):
            return repr(value)
        if isinstance(value, str):
            return digest("str", value)
        if isinstance(value, dt.date | dt.datetime | dt.time):
            return value.isoformat()
        if isinstance(value, dt.tzinfo):
            return str(value)
        memo_key = (id(value), depth)
        if memo_key in self._memo:
            return self._memo[memo_key][1]
        result = self._compute(value, depth)
        self._memo[memo_key] = (value, result)
        return result

    def _content_values(self, content: Content) -> list[tuple[str, object]]:
        """The attributes of content a template can show, by name, sorted."""
        stored = vars(content)
        wanted = self._attributes
        if wanted is None:
            names = set(stored)
        else:
            # An attribute is read as itself or through its property
            # (`_content` through `content`, `_summary` through `summary`).
            names = {k for k in stored if k in wanted or k.lstrip("_") in wanted}
            if wanted & _TEXT_PROPERTIES:
                names |= {"_content", "_summary", "metadata"} & set(stored)
            # Properties that are computed, not stored (summary, save_as...).
            names |= {n for n in wanted - set(stored) if n in _PROPERTIES}
        values = []
        for name in sorted(names - _NOT_CONTENT):
            values.append((name, stored[name] if name in stored else getattr(content, name)))
        return values

    def _compute(self, value, depth: int) -> str:
        if isinstance(value, Content):
            if depth >= _FULL_DEPTH:
                return digest("link", self.of(value.url), self.of(getattr(value, "title", None)))
            return digest(
                "content",
                type(value).__name__,
                value.url,
                *(f"{k}={self.of(v, depth + 1)}" for k, v in self._content_values(value)),
            )
        if isinstance(value, URLWrapper):
            return digest("wrapper", type(value).__name__, value.name, value.slug, value.url)
        if isinstance(value, Page):
            return digest(
                "page",
                str(value.number),
                str(value.paginator.num_pages),
                value.url,
                self.of(value.object_list, depth),
            )
        if isinstance(value, Paginator):
            return digest("paginator", str(value.num_pages), str(value.count))
        if isinstance(value, list | tuple):
            return digest("seq", *(self.of(item, depth) for item in value))
        if isinstance(value, set | frozenset):
            return digest("set", *sorted(self.of(item, depth) for item in value))
        if isinstance(value, Mapping):
            items = sorted(f"{self.of(k, depth)}={self.of(v, depth)}" for k, v in value.items())
            return digest("map", *items)
        if isinstance(value, Callable):
            # Jinja globals and helper functions: their code is in the plugin fingerprint.
            return digest("callable", getattr(value, "__qualname__", type(value).__name__))
        raise Uncacheable(f"cannot fingerprint a {type(value).__name__}")
