"""Search bundles: which articles each holds (its shard), and the bundles on disk, built
in a work folder under CACHE_PATH, moved into the site whole, trusted later only while
their files are the ones recorded (names, sizes, digests). Pages are compared by their
bytes. Plain functions, no Pelican.

Per-page paths are joined as strings: pathlib interns every part of every path, and a
thousand slugs grow the interpreter's table of interned strings for good."""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import tempfile
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from plugin_support.caches import cache_key

# What Pagefind writes that the search page never loads (its ready-made interfaces).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
_BUNDLE_MARKERS = ("pagefind.js", "pagefind-entry.json")
_LOOSE_NAMES = ("fragment", "index", "filter", "playground")  # a bundle's folders
WORK_PREFIX = "site_search-work-"
Manifest = dict[str, tuple[int, str]]  # file (relative, posix) -> (size, digest)


def _blocks(articles: list, size: int) -> list[list]:
    """``articles`` (oldest first) cut into blocks; the last one is still open. A block
    may end after an article whose id hashes to a cut mark (one in ``size // 4``)."""
    blocks: list[list] = [[]]
    marks = max(1, size // 4)
    for article in articles:
        block = blocks[-1]
        block.append(article)
        cut = len(block) >= size // 2 and int(cache_key("shard cut", article[1]), 16) % marks == 0
        if cut or len(block) >= size:
            blocks.append([])
    return blocks


def plan_shards(articles: Iterable[tuple[Any, str, Any]], size: int) -> dict[str, list]:
    """``articles`` as (sort key, stable id, item), in any order: the items by shard
    name, newest shard first (the order the search page loads them in), each oldest
    first. A shard is named after its first article, so its name stays while it does.

    Pagefind writes a whole bundle again for one page, its memory grows with a bundle's
    pages, and the search page fetches a part of every bundle for each word: so a few
    large blocks, each ending where the content says (at a cut mark, once half full), not
    at a count, so that a correction, retraction or backdated story changes its own shard
    only. The newest block, still growing, is cut into quarter-size blocks the same way:
    a breaking story re-indexes a few hundred pages."""
    blocks = _blocks(sorted(articles, key=lambda article: article[0]), size)
    blocks[-1:] = _blocks(blocks[-1], max(1, size // 4))
    return {
        cache_key("shard", block[0][1])[:10]: [item for *_, item in block]
        for block in reversed(blocks)
        if block
    }


def safe_pages(pages: Iterable[str]) -> list[str]:
    """Output-relative page paths, without any that would leave the output folder."""
    paths = {posixpath.normpath(page.replace("\\", "/")) for page in pages if page}
    return sorted(path for path in paths if path != ".." and not path.startswith(("/", "../")))


def pages_digest(site: Path, pages: Iterable[str]) -> str:
    """Digest of the pages' paths and bytes; a missing page counts as missing."""
    parts = []
    for page in sorted(set(pages)):
        try:
            with open(os.path.join(site, page), "rb") as file:
                parts.append(cache_key(page, file.read()))
        except OSError:
            parts.append(cache_key(page, None))
    return cache_key(*parts)


def page_stamps(site: Path, pages: Iterable[str]) -> tuple:
    """Each page's (inode, size, time), which another write of the page changes."""
    stamps = []
    for page in pages:
        try:
            found = os.stat(os.path.join(site, page))
            stamps.append((found.st_ino, found.st_size, found.st_mtime_ns))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def link_pages(site: Path, pages: Iterable[str], folder: Path) -> None:
    """Lay the pages out in ``folder`` at their paths in the site (so their URLs stay
    the same): hard links, which cost no copy; a copy where links cannot be made."""
    for page in pages:
        source, target = os.path.join(site, page), os.path.join(folder, page)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except FileNotFoundError:
            continue  # counted as missing in the digest
        except OSError:
            shutil.copyfile(source, target)


def manifest(bundle: Path) -> Manifest:
    """Every file of a bundle with its size and digest."""
    found = {}
    for path in bundle.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(bundle).as_posix()] = (len(data), cache_key(data))
    return found


def matches(bundle: Path, recorded: Manifest | None) -> bool:
    """True if the bundle holds exactly the recorded files, with their sizes and bytes:
    a bundle deleted, edited, truncated or added to is never trusted."""
    try:
        return bool(recorded) and manifest(bundle) == recorded
    except OSError:
        return False


def work_folder(cache_path: Path) -> Path:
    """A new folder for one build's staged pages and new bundles, under CACHE_PATH (on the
    output's file system, so a bundle is moved in by a rename). The folders of builds that
    were killed before they could remove theirs are removed first."""
    cache_path.mkdir(parents=True, exist_ok=True)
    for folder in cache_path.glob(f"{WORK_PREFIX}*-*"):
        try:
            os.kill(int(folder.name[len(WORK_PREFIX) :].split("-", 1)[0]), 0)
        except ProcessLookupError:  # its build is gone
            shutil.rmtree(folder, ignore_errors=True)
        except (PermissionError, ValueError):
            pass  # another user's build, or not a build's folder
    return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=cache_path))


def swap_in(new: Path, target: Path) -> None:
    """Put the bundle ``new`` at ``target`` whole, in place of any bundle there, without
    the files the search page never loads."""
    for path in new.iterdir():
        if path.name.startswith(UNUSED):
            path.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    shutil.move(new, target)  # a rename on one file system
    shutil.rmtree(old, ignore_errors=True)


def is_pagefinds(path: Path) -> bool:
    """A bundle (whole or half-written) or a file or folder of one, by its names: a
    shard no longer built, a bundle of an earlier layout. Nothing else is ours to remove."""
    if path.is_symlink() or not path.exists():
        return False
    if path.name.startswith(("pagefind", "wasm.")) or path.name in _LOOSE_NAMES:
        return True
    names = [child.name for child in path.iterdir()] if path.is_dir() else []
    return any(name in _BUNDLE_MARKERS for name in names) or (
        bool(names) and all(is_pagefinds(child) for child in path.iterdir())
    )


def clear_bundles(root: Path, keep: Collection[str] = ()) -> None:
    """Remove what is Pagefind's in ``root`` but the bundles named in ``keep``, and
    ``root`` itself if nothing is left in it."""
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if path.name not in keep and is_pagefinds(path):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    with contextlib.suppress(OSError):  # absent, or holds something
        root.rmdir()
