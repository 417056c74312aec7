"""RSS and Atom feeds put together from per-item pieces, byte for byte as feedgen writes them.

An article sits in the site feeds and in a feed per tag: some 120 feeds of
50 items each share about 1,000 items. feedgen escapes and indents every item
of every feed; here each item is written once (``feed_items_xml``, and can be
kept between builds), and a feed is its head (from feedgen), its items'
pieces and its tail. An item is indented the same wherever it stands, so the
bytes are those of ``build_rss`` and ``build_atom`` (the unit tests compare them).
"""

from __future__ import annotations

from dataclasses import dataclass

from .feed_formats import build_atom, build_rss
from .feed_items_xml import atom_items, rss_items
from .feed_model import Feed, FeedItem


@dataclass(frozen=True)
class _Layout:
    build: object  # build_rss or build_atom
    write_items: object  # rss_items or atom_items: a document of items alone
    # How an item starts and ends: "<" is escaped in text, so nothing else looks so.
    item_start: bytes
    item_end: bytes
    feed_end: bytes  # the items go just before it


_LAYOUTS = {
    "rss": _Layout(
        build_rss, rss_items, b"    <item>\n", b"    </item>\n", b"  </channel>\n</rss>\n"
    ),
    "atom": _Layout(build_atom, atom_items, b"  <entry>\n", b"  </entry>\n", b"</feed>\n"),
}
FORMATS = tuple(_LAYOUTS)


def item_pieces(items: tuple[FeedItem, ...], kinds) -> dict[str, list[bytes]]:
    """Each item as it appears inside a feed of each format of ``kinds`` ("rss", "atom")."""
    return {
        kind: _split(_LAYOUTS[kind], kind, _LAYOUTS[kind].write_items(items), len(items))
        if items
        else []
        for kind in kinds
    }


def _split(layout: _Layout, kind: str, data: bytes, count: int) -> list[bytes]:
    body = data[data.index(layout.item_start) : data.rindex(layout.feed_end)]
    pieces = [piece + layout.item_end for piece in body.split(layout.item_end)[:-1]]
    if len(pieces) != count or not all(p.startswith(layout.item_start) for p in pieces):
        raise RuntimeError(f"{len(pieces)} {kind} items written for {count}")
    return pieces


def assemble(feed: Feed, kind: str, pieces) -> bytes:
    """``feed`` in format ``kind``, its items written as ``pieces`` (one per item, in order)."""
    layout = _LAYOUTS[kind]
    frame = layout.build(feed, items=())
    cut = frame.rindex(layout.feed_end)
    return b"".join((frame[:cut], *pieces, frame[cut:]))
