"""Fingerprints of the values a template reads, to tell when a page must change.

A fingerprint (a hex string: a digest, or a short value itself) changes when
anything a template could show of the value changes. Values of unknown types
raise ``Uncacheable``: a page reading one is always rendered.
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


class Uncacheable(TypeError):
    """A value whose changes a fingerprint cannot see."""


def _digest(*parts: bytes) -> bytes:
    # Each part's length goes first, so no two different sequences hash alike.
    joined = b"".join([len(part).to_bytes(4, "little") + part for part in parts])
    return hashlib.blake2b(joined, digest_size=16).digest()


def _text(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


_SHORT = 48  # a short value stands for itself: hashing it would cost more than keeping it


def _leaf(tag: bytes, data: bytes) -> bytes:
    if len(data) <= _SHORT:
        return tag + data
    return b"#" + tag + hashlib.blake2b(data, digest_size=16).digest()


class Fingerprinter:
    """Fingerprints values for one build, remembering those of long-lived objects.

    Content counts by the attribute names the template reads, on any value (a
    listing that shows an article's headline does not change when the article's
    related articles do), down to _FULL_DEPTH; below, by what a link to it shows.

    Every value but a plain one is fingerprinted once and kept, by its id, for the
    pages written after it: the writer's pages never change what they read, and a
    topic's pages all read one list of its articles. The memo holds each object
    alive so that its id stays its own; the writer drops it once the article pages
    are written.
    """

    def __init__(self):
        # (id, depth, names read) -> (object, fingerprint); the object is kept
        # alive so that its id stays its own.
        self._memo: dict[tuple, tuple[object, bytes]] = {}

    def of(self, value, attributes: frozenset[str] | None = None, depth: int = 0) -> str:
        """``attributes``: the names the template asks of content (None: any)."""
        return self._of(value, attributes, depth).hex()

    def _of(self, value, attributes: frozenset[str] | None, depth: int) -> bytes:
        if isinstance(value, str):
            return _leaf(b"s", _text(value))
        if value is None or isinstance(value, bool | int | float):
            return _leaf(b"v", _text(repr(value)))
        if isinstance(value, dt.date | dt.datetime | dt.time):
            return _leaf(b"d", _text(value.isoformat()))
        if isinstance(value, dt.tzinfo):
            return _leaf(b"z", _text(str(value)))
        if isinstance(value, Content):
            # Templates that read the same of it share one fingerprint.
            key = (id(value), depth, attributes)
            found = self._memo.get(key)
            if found is None:
                names = self._content_names(value, attributes) if depth < _FULL_DEPTH else None
                found = self._memo[key] = (value, self._content(value, names, depth, attributes))
            return found[1]
        if isinstance(value, URLWrapper):
            return self._kept(value, 0, None, self._wrapper)
        return self._kept(value, depth, attributes, self._other)

    def _kept(self, value, depth, names, compute) -> bytes:
        key = (id(value), depth, names)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = (value, compute(value, names, depth))
        return found[1]

    @staticmethod
    def _content_names(content: Content, attributes: frozenset[str] | None) -> tuple[str, ...]:
        """The attributes of content a template can show, by name, sorted."""
        stored = set(vars(content))
        if attributes is None:
            names = stored
        else:
            # An attribute is read as itself or through its property
            # (`_content` through `content`, `_summary` through `summary`).
            names = {k for k in stored if k in attributes or k.lstrip("_") in attributes}
            if attributes & _TEXT_PROPERTIES:
                names |= {"_content", "_summary"} & stored
                names.add(_SUMMARY_METADATA)
            # Properties that are computed, not stored (save_as, status...).
            names |= (attributes - stored) & _PROPERTIES
        return tuple(sorted(names - _NOT_CONTENT))

    def _content(self, content: Content, names, depth: int, attributes) -> bytes:
        if names is None:  # below _FULL_DEPTH: what a link to it shows
            return _digest(
                b"link", _text(content.url), self._of(getattr(content, "title", None), None, depth)
            )
        stored = vars(content)
        parts = [b"content", _text(type(content).__name__), _text(content.url)]
        for name in names:
            if name == _SUMMARY_METADATA:  # of all the metadata, only it shapes the text
                value = getattr(content, "metadata", {}).get("summary")
            else:
                value = stored[name] if name in stored else getattr(content, name)
            parts += (_text(name), self._of(value, attributes, depth + 1))
        return _digest(*parts)

    @staticmethod
    def _wrapper(value: URLWrapper, names, depth) -> bytes:
        return _digest(
            b"wrapper",
            *(_text(part) for part in (type(value).__name__, value.name, value.slug, value.url)),
        )

    def _other(self, value, attributes, depth: int) -> bytes:
        if isinstance(value, Page) and hasattr(value, "block"):
            # A stable page (plugins/stable_pagination) counts by where it is and what it
            # lists; its position among the pages only if the template may ask for it.
            position = b""
            if attributes is None or attributes & _PAGE_POSITION:
                position = _text(f"{value.number}\0{value.paginator.num_pages}")
            return _digest(
                b"stable page",
                _text(f"{value.block}\0{value.url}"),
                position,
                self._of(value.object_list, attributes, depth),
            )
        if isinstance(value, Page):
            return _digest(
                b"page",
                _text(f"{value.number}\0{value.paginator.num_pages}\0{value.url}"),
                self._of(value.object_list, attributes, depth),
            )
        if isinstance(value, Paginator):
            return _digest(b"paginator", _text(f"{value.num_pages}\0{value.count}"))
        if isinstance(value, list | tuple):
            return _digest(b"seq", *(self._of(item, attributes, depth) for item in value))
        if isinstance(value, set | frozenset):
            return _digest(b"set", *sorted(self._of(item, attributes, depth) for item in value))
        if isinstance(value, Mapping):
            items = sorted(
                self._of(k, attributes, depth) + self._of(v, attributes, depth)
                for k, v in value.items()
            )
            return _digest(b"map", *items)
        if isinstance(value, Callable):
            # Jinja globals and helper functions: their code is in the plugin fingerprint.
            return _digest(b"callable", _text(getattr(value, "__qualname__", type(value).__name__)))
        raise Uncacheable(f"cannot fingerprint a {type(value).__name__}")
