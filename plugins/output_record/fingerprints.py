"""Fingerprints of the values a template reads, to tell when a page must change.

A fingerprint (a short value itself, or a key of it) changes when anything a template
could show of the value changes. Values of unknown types raise ``Uncacheable``: a page
reading one is always rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from plugin_support.caches import cache_key

# Attributes of content that are the whole site (or its settings), not the
# content itself; what a template reads of them is fingerprinted on its own.
_NOT_CONTENT = frozenset({"_context", "settings"})
# The text a template shows through these is fingerprinted by what it is made
# of (_content, _summary, the summary metadata): computing the summary parses the HTML.
_TEXT_PROPERTIES = frozenset({"content", "summary", "get_content", "get_summary"})
# Content properties computed from what it stores, cheap to ask for.
_PROPERTIES = frozenset(
    name
    for name in dir(Content)
    if isinstance(getattr(Content, name, None), property) and name not in _TEXT_PROPERTIES
)
# What a template reads to learn a page's position among the pages of its listing.
_PAGE_POSITION = frozenset(
    {"number", "paginator", "num_pages", "page_range", "has_next", "has_previous",
     "has_other_pages", "next_page_number", "previous_page_number", "start_index", "end_index"}
)  # fmt: skip
_SUMMARY_METADATA = "metadata['summary']"
# Below this depth, content met through another content's attributes (its
# related articles, its neighbours) counts by what a link to it shows.
_FULL_DEPTH = 2
_SHORT = 48  # a short value stands for itself: hashing it would cost more than keeping it


class Uncacheable(TypeError):
    """A value whose changes a fingerprint cannot see."""


def _leaf(tag: str, text: str) -> str:
    # The tag comes first: a short value never reads as the key of a long one.
    return tag + text if len(text) <= _SHORT else "#" + tag + cache_key(text)


class Fingerprinter:
    """Fingerprints values for one build. Content counts by the attribute names the
    templates read (a listing that shows an article's headline does not change when its
    related articles do), down to _FULL_DEPTH; below, by what a link to it shows.

    Every value but a plain one is fingerprinted once and kept by its id for the pages
    written after it (the writer's pages never change what they read, and a topic's pages
    all read one list), with the object, so that its id stays its own; the writer drops
    them once the article pages are written.
    """

    def __init__(self):
        # (id, depth, names read) -> (value, fingerprint)
        self._memo: dict[tuple, tuple[object, str]] = {}

    def of(self, value, attributes: frozenset[str] | None = None, depth: int = 0) -> str:
        """``attributes``: the names the templates ask of content (None: any)."""
        if isinstance(value, str):
            return _leaf("s", value)
        if value is None or isinstance(value, bool | int | float | dt.date | dt.time | dt.tzinfo):
            return _leaf("v", str(value))
        key = (id(value), depth, attributes)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = (value, self._compute(value, attributes, depth))
        return found[1]

    def _compute(self, value, attributes: frozenset[str] | None, depth: int) -> str:
        if isinstance(value, Content):
            return self._content(value, attributes, depth)
        if isinstance(value, URLWrapper):
            return cache_key("wrapper", type(value).__name__, value.name, value.slug, value.url)
        if isinstance(value, Page):
            # A stable page (plugins/stable_pagination, with a `block`) counts by where it
            # is and what it lists; its position among the pages only if a template may ask.
            block, position = getattr(value, "block", None), ""
            if block is None or attributes is None or attributes & _PAGE_POSITION:
                position = f"{value.number}\0{value.paginator.num_pages}"
            return cache_key(
                "page", block, value.url, position, self.of(value.object_list, attributes, depth)
            )
        if isinstance(value, Paginator):
            return cache_key("paginator", value.num_pages, value.count)
        if isinstance(value, list | tuple):
            return cache_key("seq", *(self.of(item, attributes, depth) for item in value))
        if isinstance(value, set | frozenset):
            return cache_key("set", *sorted(self.of(item, attributes, depth) for item in value))
        if isinstance(value, Mapping):
            items = sorted(
                cache_key(self.of(k, attributes, depth), self.of(v, attributes, depth))
                for k, v in value.items()
            )
            return cache_key("map", *items)
        if isinstance(value, Callable):
            # Jinja globals and helper functions: their code is in the plugin fingerprint.
            return cache_key("callable", getattr(value, "__qualname__", type(value).__name__))
        raise Uncacheable(f"cannot fingerprint a {type(value).__name__}")

    def _content(self, content: Content, attributes: frozenset[str] | None, depth: int) -> str:
        if depth >= _FULL_DEPTH:
            return cache_key("link", content.url, self.of(getattr(content, "title", None)))
        stored = vars(content)
        names = set(stored)
        if attributes is not None:
            # An attribute is read as itself or through its property
            # (`_content` through `content`, `_summary` through `summary`).
            names = {k for k in stored if k in attributes or k.lstrip("_") in attributes}
            if attributes & _TEXT_PROPERTIES:
                names |= {"_content", "_summary"} & stored.keys()
                names.add(_SUMMARY_METADATA)
            # Properties that are computed, not stored (save_as, status...).
            names |= attributes.difference(stored) & _PROPERTIES
        parts = ["content", type(content).__name__, content.url]
        for name in sorted(names - _NOT_CONTENT):
            if name == _SUMMARY_METADATA:  # of all the metadata, only it shapes the text
                value = getattr(content, "metadata", {}).get("summary")
            else:
                value = stored[name] if name in stored else getattr(content, name)
            parts += (name, self.of(value, attributes, depth + 1))
        return cache_key(*parts)
