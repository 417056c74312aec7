"""What a search index is built from, as digests, and the staged copy Pagefind reads:
plain functions, no Pelican.

Pages are compared by their bytes, never by modification time: an unchanged page is
written again (with the same bytes) on every build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _hasher():
    return hashlib.blake2b(digest_size=20)


def _add(hasher, data: bytes) -> None:
    # Length first, so no two different sequences of parts hash alike.
    hasher.update(len(data).to_bytes(8, "little"))
    hasher.update(data)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _add_page(hasher, page: str, data: bytes | None) -> None:
    _add(hasher, page.encode())
    _add(hasher, b"\0missing" if data is None else data)


def pages_digest(site: Path, pages: Iterable[str]) -> str:
    """Digest of the pages' paths and bytes; a missing page counts as missing."""
    hasher = _hasher()
    for page in sorted(set(pages)):
        _add_page(hasher, page, _read(site / page))
    return hasher.hexdigest()


def stage_pages(site: Path, pages: Iterable[str], staging: Path) -> str:
    """Copy the pages into ``staging`` at the same relative paths (so their URLs stay the
    same) and return the digest of what was copied, as ``pages_digest`` computes it.

    Copies, not links: what Pagefind reads is then exactly what the digest says, even
    if a page is written again meanwhile."""
    hasher = _hasher()
    for page in sorted(set(pages)):
        data = _read(site / page)
        _add_page(hasher, page, data)
        if data is not None:
            target = staging / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return hasher.hexdigest()


def index_digest(pages_digest: str, recipe: str) -> str:
    """What an index is built from: the pages, and the indexer and options (the recipe)."""
    hasher = _hasher()
    _add(hasher, recipe.encode())
    _add(hasher, pages_digest.encode())
    return hasher.hexdigest()


def bundle_digest(bundle: Path) -> str | None:
    """Digest of every file of a written bundle (names and bytes), None if there is no
    bundle: a bundle someone changed, or one a run left half-written, never matches."""
    if not (bundle / "pagefind.js").is_file():
        return None
    hasher = _hasher()
    for path in sorted(p for p in bundle.rglob("*") if not p.is_dir()):
        _add(hasher, path.relative_to(bundle).as_posix().encode())
        _add(hasher, path.read_bytes())
    return hasher.hexdigest()


def indexer_identity(binary: str) -> str:
    """The indexer binary by path, size and time: installing another version changes it."""
    try:
        stat = os.stat(binary)
    except OSError:
        return binary
    return f"{binary}:{stat.st_size}:{stat.st_mtime_ns}"


STAGING_PREFIX = "site-search-"


def staging_folder() -> Path:
    """A new folder to stage pages in, named after this process; the folders of builds
    that were killed before they could remove theirs are removed first (a memory file
    system keeps them until the machine restarts)."""
    scratch = Path(scratch_folder() or tempfile.gettempdir())
    for folder in scratch.glob(f"{STAGING_PREFIX}*-*"):
        pid = folder.name[len(STAGING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=scratch))


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True


def scratch_folder() -> str | None:
    """Where to stage pages: a memory file system when the machine has one and TMPDIR is
    not set (a disk can take a millisecond per folder, and every article has its own);
    None means the system's temporary folder."""
    shm = "/dev/shm"
    if "TMPDIR" not in os.environ and os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK):
        return shm
    return None
