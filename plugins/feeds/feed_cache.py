"""What lets a rebuild skip feed work: digests of every input, and file stamps.

An item's key is a digest of everything its bytes depend on (the article's
URL, title, HTML, summary, dates, authors and tags) and of the code that
writes it (this plugin's source, feedgen's and lxml's versions); a feed's key
adds its metadata and its items' keys in order. A kept result (``feed_store``) is only
ever found under the key of the very inputs that made it, so it cannot be stale.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

import feedgen.version
from lxml import etree

from .feed_plan import ItemSource, PlannedFeed


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    versions = (feedgen.version.version_str, etree.LXML_VERSION, etree.LIBXML_VERSION)
    digest.update(repr(versions).encode())
    return digest.hexdigest()


CODE = _code_digest()


def _digest(*parts) -> str:
    """A digest of strings and tuples of strings, each part length-prefixed (unambiguous)."""
    digest = hashlib.sha256(CODE.encode())
    for part in parts:
        for text in part if isinstance(part, tuple) else (part,):
            data = text.encode("utf-8", "surrogatepass")
            digest.update(b"%d:" % len(data))
            digest.update(data)
        digest.update(b";")
    return digest.hexdigest()


def item_key(source: ItemSource) -> str:
    return _digest(
        source.url,
        source.title,
        source.content,
        source.summary,
        source.published.isoformat(),
        source.updated.isoformat(),
        source.authors,
        source.tags,
    )


def feed_key(planned: PlannedFeed, item_keys) -> str:
    feed = planned.feed
    metadata = (feed.title, feed.description, feed.home_url, feed.feed_url, feed.language)
    return _digest(planned.path, planned.kind, metadata, feed.author, tuple(item_keys))


# --- files already written ------------------------------------------------------


class FileStamp(NamedTuple):
    """A feed file as written: the key of its inputs, its size and modification time.

    Kept as a plain tuple (``tuple(stamp)``), read back with ``as_stamp``.
    """

    key: str
    size: int
    mtime_ns: int


def as_stamp(kept) -> FileStamp | None:
    if not isinstance(kept, tuple) or len(kept) != len(FileStamp._fields):
        return None
    key, size, mtime_ns = kept
    if not isinstance(key, str) or not isinstance(size, int) or not isinstance(mtime_ns, int):
        return None
    return FileStamp(key, size, mtime_ns)


def stamp(path: str, key: str) -> FileStamp:
    """The stamp of the file just written at ``path`` from inputs ``key``."""
    status = os.stat(path)
    return FileStamp(key, status.st_size, status.st_mtime_ns)


def is_current(path: str, key: str, stamp_: FileStamp | None) -> bool:
    """Whether the file at ``path`` holds what inputs ``key`` give.

    It does when it was written from the same inputs and has kept the size and
    modification time it had then: anything that rewrote it changed the time
    (a changed file is written again, never trusted).
    """
    if stamp_ is None or stamp_.key != key:
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False
    return status.st_size == stamp_.size and status.st_mtime_ns == stamp_.mtime_ns
