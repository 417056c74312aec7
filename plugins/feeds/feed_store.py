"""Prepared feed items kept between builds, one row per item, in an SQLite file.

A row holds what an item's feeds need of it beyond its source: its content and
summary made fit for a feed (for JSON Feed) and its RSS and Atom pieces. Rows
are found by item key (``feed_cache.item_key``, a digest of every input), so a
row is never stale. A build reads only the rows of the feeds it writes, one
feed at a time, and adds rows as it prepares items: a feed's items never have
to be held in memory all at once (one pickle of every item cost ~30 MiB).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable

from .feed_pieces import FORMATS

# The schema's version: a file with another is emptied, not misread.
_VERSION = 1
_CHUNK = 500  # keys per query: well under SQLite's limit of bound parameters


class StoreError(Exception):
    """The file is not a store that can be read (damaged, or another program's)."""


class ItemStore:
    """Rows ``key -> (content_html, summary_html, rss piece, atom piece)``.

    A piece is None when the build that wrote the row had no feed of that format.
    """

    def __init__(self, path: str, load: bool = True):
        """Open (or create) the store at ``path``; ``load=False`` empties it first.

        Raises ``StoreError`` when the file is not a readable store.
        """
        self.path = path
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        try:
            self._db = sqlite3.connect(path, timeout=30)
        except sqlite3.Error as error:
            raise StoreError(str(error)) from error
        try:
            self._open(load)
        except sqlite3.Error as error:
            self._db.close()
            raise StoreError(str(error)) from error

    def _open(self, load: bool) -> None:
        db = self._db
        # No fsync: losing the rows of the last build to a power cut only costs
        # time; a killed build loses nothing (the rollback journal is kept).
        db.execute("PRAGMA synchronous = OFF")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != _VERSION or not load:
            db.execute("DROP TABLE IF EXISTS items")
        db.execute(
            "CREATE TABLE IF NOT EXISTS items"
            " (key TEXT PRIMARY KEY, content TEXT, summary TEXT, rss BLOB, atom BLOB)"
        )
        db.execute(f"PRAGMA user_version = {_VERSION}")
        db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def __enter__(self) -> ItemStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def usable(self, keys: Iterable[str], kinds) -> set[str]:
        """Those of ``keys`` whose rows hold the item and its pieces in every format of
        ``kinds`` (a row of the wrong types, a damaged one, is not usable)."""
        checks = " AND ".join(
            ["typeof(content) = 'text'", "typeof(summary) = 'text'"]
            + [f"typeof({_column(kind)}) = 'blob'" for kind in kinds]
        )
        found: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(keys))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key FROM items WHERE key IN ({marks}) AND {checks}"
            found.update(key for (key,) in self._db.execute(query, chunk))
        return found

    def put(self, rows: Iterable[tuple[str, str, str, dict]]) -> None:
        """Keep ``(key, content_html, summary_html, {format: piece})`` rows.

        Committed when the store is closed: one transaction a build (each commit
        makes and removes a journal file; SQLite spills pages, so memory stays small).
        """
        self._db.executemany(
            "INSERT OR REPLACE INTO items (key, content, summary, rss, atom) VALUES (?,?,?,?,?)",
            (
                (key, content, summary, pieces.get("rss"), pieces.get("atom"))
                for key, content, summary, pieces in rows
            ),
        )

    def pieces(self, keys: list[str], kind: str) -> list[bytes]:
        """The pieces of ``keys`` in format ``kind``, in the order of ``keys``."""
        found = dict(self._select(keys, _column(kind)))
        return [found[key] for key in keys]

    def html(self, keys: list[str]) -> list[tuple[str, str]]:
        """The prepared ``(content_html, summary_html)`` of ``keys``, in their order."""
        found = {
            key: (content, summary)
            for key, content, summary in self._select(keys, "content, summary")
        }
        return [found[key] for key in keys]

    def keys(self) -> set[str]:
        return {key for (key,) in self._db.execute("SELECT key FROM items")}

    def keep_only(self, keys: set[str]) -> int:
        """Remove every row but those of ``keys``; how many were removed."""
        gone = [(key,) for key in self.keys() - keys]
        self._db.executemany("DELETE FROM items WHERE key = ?", gone)
        self._db.commit()
        return len(gone)

    def _select(self, keys: list[str], columns: str):
        for chunk in _chunks(list(dict.fromkeys(keys))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, {columns} FROM items WHERE key IN ({marks})"
            yield from self._db.execute(query, chunk).fetchall()


def _column(kind: str) -> str:
    if kind not in FORMATS:  # never pasted into SQL unchecked
        raise ValueError(f"no pieces in format {kind!r}")
    return kind


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
