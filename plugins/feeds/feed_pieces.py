"""RSS and Atom feeds put together from per-item pieces, byte for byte as feedgen writes them.

An article sits in the site feeds and in a feed per tag: some 120 feeds of
50 items each share about 1,000 items. feedgen escapes and indents every item
of every feed; here each item is written once (and can be kept between builds),
and a feed is its head, its items' pieces and its tail. feedgen indents an
item the same wherever it stands, so the bytes are those of ``build_rss`` and
``build_atom`` (the unit tests compare them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .feed_formats import atom_bytes, build_atom, build_rss, generator, rss_bytes
from .feed_model import Feed, FeedItem


@dataclass(frozen=True)
class _Layout:
    build: object  # build_rss or build_atom
    write: object  # rss_bytes or atom_bytes: a FeedGenerator's bytes
    # How an item starts and ends: "<" is escaped in text, so nothing else looks so.
    item_start: bytes
    item_end: bytes
    feed_end: bytes  # the items go just before it


_LAYOUTS = {
    "rss": _Layout(
        build_rss, rss_bytes, b"    <item>\n", b"    </item>\n", b"  </channel>\n</rss>\n"
    ),
    "atom": _Layout(build_atom, atom_bytes, b"  <entry>\n", b"  </entry>\n", b"</feed>\n"),
}
FORMATS = tuple(_LAYOUTS)

# Channel data for writing items alone: none of it shows in an item's bytes.
_CARRIER = Feed(
    title="items",
    description="items",
    home_url="https://example.org/",
    feed_url="https://example.org/feed",
    language="en",
    author="items",
)


def item_pieces(items: tuple[FeedItem, ...], kinds) -> dict[str, list[bytes]]:
    """Each item as it appears inside a feed of each format of ``kinds`` ("rss", "atom")."""
    if not items or not kinds:
        return {kind: [] for kind in kinds}
    fg = generator(replace(_CARRIER, items=items), "")  # one set of entries for every format
    return {
        kind: _split(_LAYOUTS[kind], kind, _LAYOUTS[kind].write(fg), len(items)) for kind in kinds
    }


def _split(layout: _Layout, kind: str, data: bytes, count: int) -> list[bytes]:
    body = data[data.index(layout.item_start) : data.rindex(layout.feed_end)]
    pieces = [piece + layout.item_end for piece in body.split(layout.item_end)[:-1]]
    if len(pieces) != count or not all(p.startswith(layout.item_start) for p in pieces):
        raise RuntimeError(f"feedgen wrote {len(pieces)} {kind} items for {count}")
    return pieces


def assemble(feed: Feed, kind: str, pieces) -> bytes:
    """``feed`` in format ``kind``, its items written as ``pieces`` (one per item, in order)."""
    layout = _LAYOUTS[kind]
    frame = layout.build(feed, items=())
    cut = frame.rindex(layout.feed_end)
    return b"".join((frame[:cut], *pieces, frame[cut:]))
