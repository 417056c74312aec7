"""Search bundles on disk: what a bundle is built from, what it holds, where it is built
and how it is put into the site. Plain functions, no Pelican.

A bundle is built in a work folder outside the site (under CACHE_PATH) and moved into
the site whole, by renames; it is trusted later only while its files are the ones
recorded when it was built (names, sizes, digests). Pages are compared by their bytes,
never by their times: an unchanged page is written again on every build.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import tempfile
from collections.abc import Collection, Iterable
from pathlib import Path

from plugin_support.caches import cache_key

# What Pagefind writes that the search page never loads (its ready-made interfaces).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
_BUNDLE_MARKERS = ("pagefind.js", "pagefind-entry.json")
_LOOSE_NAMES = ("fragment", "index", "filter", "playground")  # a bundle's folders
Manifest = dict[str, tuple[int, str]]  # file (relative, posix) -> (size, digest)


def safe_pages(pages: Iterable[str]) -> list[str]:
    """Output-relative page paths, without any that would leave the output folder."""
    kept = set()
    for page in pages:
        path = posixpath.normpath(str(page).replace("\\", "/"))
        if page and path != ".." and not path.startswith(("/", "../")):
            kept.add(path)
    return sorted(kept)


def pages_digest(site: Path, pages: Iterable[str]) -> str:
    """Digest of the pages' paths and bytes; a missing page counts as missing."""
    parts = []
    for page in sorted(set(pages)):
        try:
            parts.append(cache_key(page, (site / page).read_bytes()))
        except OSError:
            parts.append(cache_key(page, None))
    return cache_key(*parts)


def link_pages(site: Path, pages: Iterable[str], folder: Path) -> None:
    """Lay the pages out in ``folder`` at their paths in the site (so their URLs stay
    the same): hard links, which cost no copy; a copy where links cannot be made."""
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except FileNotFoundError:
            continue  # counted as missing in the digest
        except OSError:
            shutil.copyfile(site / page, target)


def _files(bundle: Path) -> dict[str, Path]:
    files = {}
    for folder, _, names in os.walk(bundle):
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(bundle).as_posix()] = path
    return files


def manifest(bundle: Path) -> Manifest:
    """Every file of a bundle with its size and digest."""
    return {
        name: (path.stat().st_size, cache_key(path.read_bytes()))
        for name, path in sorted(_files(bundle).items())
    }


def matches(bundle: Path, recorded: Manifest | None) -> bool:
    """True if the bundle holds exactly the recorded files, with their sizes and bytes:
    a bundle deleted, edited, truncated or added to is never trusted."""
    if not recorded or not bundle.is_dir():
        return False
    files = _files(bundle)
    if files.keys() != recorded.keys():
        return False
    try:
        if any(path.stat().st_size != recorded[name][0] for name, path in files.items()):
            return False
        return all(cache_key(p.read_bytes()) == recorded[n][1] for n, p in files.items())
    except OSError:
        return False


def drop_unused(bundle: Path) -> None:
    """Remove the files of a new bundle the search page never loads."""
    for path in bundle.iterdir():
        if path.name.startswith(UNUSED):
            path.unlink()


WORK_PREFIX = "site_search-work-"


def work_folder(cache_path: Path) -> Path:
    """A new folder for one build's staged pages and new bundles, under CACHE_PATH (on the
    output's file system, so a bundle is moved in by a rename). The folders of builds that
    were killed before they could remove theirs are removed first."""
    cache_path.mkdir(parents=True, exist_ok=True)
    for folder in cache_path.glob(f"{WORK_PREFIX}*-*"):
        pid = folder.name[len(WORK_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=cache_path))


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True


def swap_in(new: Path, target: Path) -> None:
    """Put the bundle ``new`` at ``target`` whole, in place of any bundle there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    shutil.move(new, target)  # a rename on one file system
    shutil.rmtree(old, ignore_errors=True)


def is_pagefind_bundle(folder: Path) -> bool:
    """A folder of Pagefind's, whole or half-written: it has a bundle's marker files, or
    holds nothing but names Pagefind writes. Any other folder is not ours to empty."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    if any((folder / marker).is_file() for marker in _BUNDLE_MARKERS):
        return True
    names = [path.name for path in folder.iterdir()]
    return bool(names) and all(_is_bundle_name(name) for name in names)


def _is_bundle_name(name: str) -> bool:
    return name.startswith(("pagefind", "wasm.")) or name in _LOOSE_NAMES


def clear_other_bundles(root: Path, keep: Collection[str]) -> None:
    """Remove every Pagefind bundle in ``root`` but its subfolders named in ``keep``: a
    shard no longer planned, one a killed build left half-swapped, and a bundle written
    into ``root`` itself (an old layout). Nothing that is not Pagefind's is touched."""
    if not root.is_dir():
        return
    loose_bundle = any((root / marker).is_file() for marker in _BUNDLE_MARKERS)
    for path in sorted(root.iterdir()):
        if path.name in keep:
            continue
        if is_pagefind_bundle(path):
            shutil.rmtree(path)
        elif loose_bundle and _is_bundle_name(path.name):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def remove_bundles(root: Path, names: Iterable[str]) -> None:
    """Remove these bundles of ``root``, and ``root`` if nothing is left in it."""
    for name in names:
        if is_pagefind_bundle(root / name):
            shutil.rmtree(root / name)
    with contextlib.suppress(OSError):  # absent, or holds something
        root.rmdir()
