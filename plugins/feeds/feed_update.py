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

from .feed_cache import (
    as_stamp,
    feed_key,
    is_current,
    item_from_record,
    item_key,
    item_record,
    stamp,
)
from .feed_pieces import FORMATS
from .feed_plan import PlannedFeed, prepare_pieces, render


@dataclass
class Update:
    """What a build did, and what to keep for the next one."""

    stamps: dict[str, tuple]  # by absolute path, for every feed file of this build
    items: dict[str, tuple] | None  # by item key; None: what was kept needs no change
    written: list[str] = field(default_factory=list)  # paths relative to the output folder
    removed: list[str] = field(default_factory=list)  # absolute paths


def update_feeds(
    planned: list[PlannedFeed],
    output_path: str,
    kept_stamps: dict,
    load_kept_items: Callable[[], dict],
    write: Callable[[str, bytes], bool],
) -> Update:
    """Write what changed among ``planned``; ``write(relative_path, data)`` says if it wrote.

    ``kept_stamps`` and ``load_kept_items()`` are what the last build kept
    (loaded only when some feed needs writing).
    """
    keys: dict[int, str] = {}

    def key_of(source) -> str:
        if id(source) not in keys:
            keys[id(source)] = item_key(source)
        return keys[id(source)]

    update = Update(stamps={}, items=None)
    root = os.path.abspath(output_path)
    stale = []
    for feed in planned:
        key = feed_key(feed, [key_of(source) for source in feed.sources])
        path = os.path.join(root, feed.path)
        before = as_stamp(kept_stamps.get(path))
        if is_current(path, key, before):
            update.stamps[path] = tuple(before)
        else:
            stale.append((feed, key, path))
    planned_paths = {os.path.join(root, feed.path) for feed in planned}
    _remove_dropped_feeds(root, kept_stamps, planned_paths, update)
    if not stale:
        return update

    kinds = [kind for kind in FORMATS if any(feed.kind == kind for feed in planned)]
    kept = load_kept_items()
    items, pieces, missing = {}, {}, []
    for feed, _, _ in stale:
        for source in feed.sources:
            if source in items:
                continue
            found = item_from_record(kept.get(key_of(source)), kinds)
            if found is None:
                missing.append(source)
            else:
                items[source], pieces[source] = found
    new_items, new_pieces = prepare_pieces(missing, kinds)
    items.update(new_items)
    pieces.update(new_pieces)

    for feed, key, path in stale:
        data = render(feed, items, pieces)
        if write(feed.path, data):
            update.stamps[path] = tuple(stamp(path, key))
            update.written.append(feed.path)

    # Keep every item of this build, and no other.
    update.items = {}
    for feed in planned:
        for source in feed.sources:
            key = key_of(source)
            if source in items:
                update.items[key] = item_record(items[source], pieces[source])
            elif key in kept:
                update.items[key] = kept[key]
    return update


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
