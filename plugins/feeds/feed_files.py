"""Write feed documents, skipping those whose file already holds what they would write.

A document's key is a digest of everything its bytes depend on (``Document.key``).
A file written from the same key that still has the size and modification time
it had then holds those bytes: anything that rewrote it changed the time. Such a
file is claimed without rendering it again, which is what keeps a rebuild fast:
full archive documents never change.
"""

from __future__ import annotations

import os

from plugin_support.output import claim_output, write_output

KINDS = ("rss", "atom", "json")
STAMPS = "documents"  # the ResultCache entry: {absolute path: (key, size, mtime_ns)}


def _stamp(path: str, key: str) -> tuple:
    status = os.stat(path)
    return (key, status.st_size, status.st_mtime_ns)


def _unchanged(path: str, stamp) -> bool:
    try:
        return _stamp(path, stamp[0]) == tuple(stamp)
    except (OSError, TypeError, IndexError):
        return False


def write_documents(documents, output_path: str, cache, renderer) -> list[str]:
    """Write ``documents`` under ``output_path``; the paths written. ``renderer(the
    documents to write)`` gives their ``render(document) -> bytes``. Feeds the build
    no longer writes (a topic gone) are pruned by output_record."""
    root = os.path.abspath(output_path)
    kept = cache.get(STAMPS)
    kept = kept if isinstance(kept, dict) else {}
    stamps, stale = {}, []
    for document in documents:
        path, key = os.path.join(root, document.path), document.key()
        if _unchanged(path, kept.get(path)) and kept[path][0] == key:
            claim_output(path)
            stamps[path] = kept[path]
        else:
            stale.append((document, path, key))
    # One format after another: each item's entry is let go after its last feed.
    stale.sort(key=lambda found: KINDS.index(found[0].kind))
    render = renderer([document for document, _, _ in stale])
    for document, path, key in stale:
        write_output(path, render(document))
        stamps[path] = _stamp(path, key)
    cache.put(STAMPS, stamps)
    cache.save()
    return [document.path for document, _, _ in stale]
