"""Write the planned feeds, redoing only what changed since the last build.

A feed whose key (its metadata and its items' keys) is the one its file was
written with, and whose file still holds those bytes, is left alone. The
others are put together from kept item pieces; only items never seen before
are prepared and written anew. The result is byte-identical to a clean build.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from plugin_support.output import claim_output

from .feed_cache import as_stamp, feed_key, is_current, item_key, stamp
from .feed_model import FeedItem
from .feed_pieces import FORMATS
from .feed_plan import ItemSource, PlannedFeed, feed_item, prepare_pieces, render
from .feed_store import ItemStore

# Items prepared at once: their pieces are written in one lxml document per
# format, which (with its serialisation) is several copies of the items' text.
BATCH = 50


@dataclass
class Update:
    """What a build did, and what to keep for the next one."""

    stamps: dict[str, tuple]  # by absolute path, for every feed file of this build
    prepared: int = 0  # items prepared anew (the others came from the store)
    store_opened: bool = False  # whether the kept items were needed at all
    written: list[str] = field(default_factory=list)  # paths relative to the output folder
    removed: list[str] = field(default_factory=list)  # absolute paths


def update_feeds(
    planned: list[PlannedFeed],
    output_path: str,
    kept_stamps: dict,
    open_store: Callable[[], ItemStore],
    write: Callable[[str, bytes], bool],
) -> Update:
    """Write what changed among ``planned``; ``write(relative_path, data)`` says if it wrote.

    ``kept_stamps`` are the stamps the last build kept; ``open_store()`` gives the
    kept items (opened only when some feed needs writing). Items go through the
    store: each one is prepared once, in small batches, and a feed reads back
    only its own items' pieces, so memory holds one batch and one feed at a time.
    """
    keys: dict[int, str] = {}

    def key_of(source) -> str:
        if id(source) not in keys:
            keys[id(source)] = item_key(source)
        return keys[id(source)]

    update = Update(stamps={})
    root = os.path.abspath(output_path)
    stale = []
    for feed in planned:
        key = feed_key(feed, [key_of(source) for source in feed.sources])
        path = os.path.join(root, feed.path)
        before = as_stamp(kept_stamps.get(path))
        if is_current(path, key, before):
            update.stamps[path] = tuple(before)
            claim_output(path)
        else:
            stale.append((feed, key, path))
    planned_paths = {os.path.join(root, feed.path) for feed in planned}
    _remove_dropped_feeds(root, kept_stamps, planned_paths, update)
    if not stale:
        return update

    # Every format of the site is kept for an item, so that a later build
    # needing another of its feeds finds it.
    kinds = [kind for kind in FORMATS if any(feed.kind == kind for feed in planned)]
    with open_store() as store:
        update.store_opened = True
        needed = list(dict.fromkeys(s for feed, _, _ in stale for s in feed.sources))
        usable = store.usable(map(key_of, needed), kinds)
        missing = [source for source in needed if key_of(source) not in usable]
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            items, pieces = prepare_pieces(batch, kinds)
            store.put(
                (key_of(s), items[s].content_html, items[s].summary_html, pieces[s]) for s in batch
            )
            update.prepared += len(batch)
            del items, pieces

        dated: dict[ItemSource, FeedItem] = {}  # items without their HTML, for their dates
        for feed, key, path in stale:
            if write(feed.path, _render(store, feed, key_of, dated)):
                update.stamps[path] = tuple(stamp(path, key))
                update.written.append(feed.path)

        # Keep every item of this build, and no other.
        store.keep_only({key_of(source) for feed in planned for source in feed.sources})
    return update


def _render(store: ItemStore, feed: PlannedFeed, key_of, dated: dict) -> bytes:
    """``feed``'s bytes from its items' kept rows: only the pieces of its format, and the
    prepared HTML only for JSON Feed."""
    item_keys = [key_of(source) for source in feed.sources]
    if feed.kind == "json":
        html = store.html(item_keys)
        items = {s: feed_item(s, *prepared) for s, prepared in zip(feed.sources, html, strict=True)}
        return render(feed, items, {})
    # The frame reads only the items' dates, which come from their sources.
    for source in feed.sources:
        if source not in dated:
            dated[source] = feed_item(source)
    items = {source: dated[source] for source in feed.sources}
    pieces = store.pieces(item_keys, feed.kind)
    return render(
        feed, items, {s: {feed.kind: p} for s, p in zip(feed.sources, pieces, strict=True)}
    )


def _remove_dropped_feeds(root: str, kept_stamps: dict, planned_paths: set, update: Update) -> None:
    """Remove the feeds the last build wrote here that this one does not (a tag gone):
    a clean build would not have them. A file changed since is not ours to remove."""
    for path, kept in kept_stamps.items():
        if path in planned_paths or not isinstance(path, str) or not os.path.isabs(path):
            continue
        if os.path.commonpath([root, path]) != root:
            continue  # another output folder's feed
        before = as_stamp(kept)
        if before is not None and is_current(path, before.key, before):
            os.remove(path)
            update.removed.append(path)
