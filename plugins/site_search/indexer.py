"""The search index, plain code, no Pelican: the articles cut into shards; Pagefind
indexing each changed shard's pages (linked into a work folder under CACHE_PATH: only
published articles) in the background, one shard at a time, while the build goes on; the
bundles moved into the site whole when it ends, trusted later only while their files are
the ones recorded (names, sizes, digests).

Pagefind dies with the build: on Linux the kernel kills it when the thread that started it
ends (PR_SET_PDEATHSIG), whatever ended the build, SIGKILL too. Per-page paths are joined
as strings: pathlib interns every part of every path, and a thousand slugs grow the
interpreter's table of interned strings for good."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import posixpath
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from plugin_support.caches import cache_key
from plugin_support.processes import die_with_parent

logger = logging.getLogger(__name__)
# Pagefind runs beside the build on a small machine: the build keeps a core to itself.
INDEXER_NICENESS = 10
# What Pagefind writes that the search page never loads (its ready-made interfaces).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
_BUNDLE_MARKERS = ("pagefind.js", "pagefind-entry.json")
_LOOSE_NAMES = ("fragment", "index", "filter", "playground")  # a bundle's folders
WORK_PREFIX = "site_search-work-"


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


def plan_shards(articles: Iterable[tuple], size: int) -> dict[str, list]:
    """``articles`` as (sort key, stable id, item), in any order: the items by shard
    name (its first article's, so it stays while that article does), newest shard first
    as the search page loads them, each oldest first. Pagefind writes a whole bundle again
    for one page, so a block ends where the content says (at a cut mark), not at a count:
    a correction, retraction or backdated story changes its own shard only. The newest
    block, still growing, is cut into quarter-size ones: a breaking story re-indexes a
    few hundred pages."""
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


def manifest(bundle: Path) -> dict[str, tuple[int, str]]:
    """Every file of a bundle (relative, posix) with its size and digest."""
    found = {}
    for path in bundle.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(bundle).as_posix()] = (len(data), cache_key(data))
    return found


def matches(bundle: Path, recorded: dict | None) -> bool:
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


class IndexerError(Exception):
    """The index could not be built; the message names the cause."""


@dataclass(frozen=True)
class IndexResult:
    pages: int | None  # as Pagefind reports them
    seconds: float


def find_binary(configured: str | None) -> str:
    """The Pagefind executable: the configured path, else the one the wheel ships."""
    if configured is not None:
        path = Path(configured).expanduser()
        found = str(path) if path.is_file() else shutil.which(configured)
        if not found:
            raise IndexerError(f"Pagefind binary not found: {configured} (SEARCH_PAGEFIND_BINARY)")
        return found
    # pagefind_bin rather than pagefind.service, which imports asyncio for nothing.
    from pagefind_bin import get_executable  # in requirements.txt, with its binary

    try:
        return str(get_executable())
    except FileNotFoundError as error:
        raise IndexerError(f"Pagefind binary not found (pagefind_bin): {error}") from None


def failure_reason(stdout: str, stderr: str) -> str:
    """Pagefind's own words for a failure: its ``Error:`` lines, else its last line."""
    lines = [line.strip() for line in (stderr + "\n" + stdout).splitlines() if line.strip()]
    errors = dict.fromkeys(line for line in lines if line.startswith("Error"))
    return " ".join(errors) or (lines[-1] if lines else "no output")


def _dies_with(parent: int) -> None:
    """In the child, before it becomes Pagefind: it dies with the build, at a lower
    priority, which every thread Pagefind makes inherits."""
    die_with_parent(parent)
    os.nice(max(0, INDEXER_NICENESS - os.nice(0)))


def start_pagefind(binary: str, pages: Path, bundle: Path, threads: int | None):
    """Start Pagefind on the HTML files under ``pages`` (laid out as in the site, so their
    URLs are the site's), to write the bundle ``bundle``."""
    try:
        return subprocess.Popen(
            [binary, "--site", str(pages), "--output-path", str(bundle)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            env=None if threads is None else {**os.environ, "RAYON_NUM_THREADS": str(threads)},
            preexec_fn=functools.partial(_dies_with, os.getpid()),  # noqa: PLW1509 - the point
        )
    except OSError as error:
        raise IndexerError(f"Pagefind could not be started: {binary}: {error}") from error


def wait_for(process: subprocess.Popen, bundle: Path, timeout: float) -> IndexResult:
    """Wait for Pagefind; raise IndexerError naming the cause if it failed."""
    started = time.perf_counter()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.communicate()
        raise IndexerError(f"Pagefind did not finish within {timeout} s") from error
    if process.returncode != 0:
        reason = failure_reason(stdout, stderr)
        raise IndexerError(f"Pagefind failed (exit status {process.returncode}): {reason}")
    if not (bundle / "pagefind.js").is_file():
        raise IndexerError(f"Pagefind exited without writing {bundle / 'pagefind.js'}")
    count = re.search(r"Indexed (\d+) pages?", stdout)  # in Pagefind's report, if it says
    return IndexResult(count and int(count[1]), time.perf_counter() - started)


@dataclass
class Shard:
    pages: list[str]
    key: str = ""  # of the pages' bytes and the indexer: what the bundle is built from
    stamps: tuple | None = None  # of the pages when they were read (None: not yet)
    result: IndexResult | None = None  # indexed in this build (None: the bundle is kept)


class IndexJob:
    """Index the ``shards`` (name -> output-relative pages) of ``site`` into
    ``<site>/<SEARCH_BUNDLE_DIR>/<name>``; ``records`` (a ResultCache) holds what earlier
    builds made. Pages are read on the caller's thread: a thread making many small reads
    would wait for the interpreter lock after each one."""

    _process = _error = _work = None  # an error, or a stop: nothing more is started

    def __init__(self, site: Path, shards: Mapping[str, Iterable[str]], search, records, work):
        self.site, self.search, self.records = Path(site), search, records
        self.root = self.site / search.bundle_dir
        self.shards = {name: Shard(safe_pages(p)) for name, p in shards.items()}
        self._queue: queue.Queue[tuple[Shard, Path, Path] | None] = queue.Queue()
        self._lock = threading.Lock()
        try:
            self._binary = find_binary(search.binary)
            stat = Path(self._binary).stat()
            # Another Pagefind, or other options, make another index of the same pages.
            self._recipe = cache_key(self._binary, stat.st_size, stat.st_mtime_ns, search)
            self._work = work_folder(Path(work))
        except (IndexerError, OSError) as error:
            self._error = IndexerError(str(error))
        self._thread = threading.Thread(target=self._work_on, name="site-search", daemon=True)
        self._thread.start()

    def ready(self, name: str) -> None:
        """Shard ``name``'s pages are written: keep its bundle if it was built from the
        same pages and its files are as recorded, else queue it (once)."""
        shard = self.shards[name]
        if self._error is not None or shard.key:
            return
        logger.debug("Search index: started on %d article pages (%s)", len(shard.pages), name)
        shard.stamps = page_stamps(self.site, shard.pages)
        shard.key = cache_key(self._recipe, name, pages_digest(self.site, shard.pages))
        shard.result = None
        if matches(self.root / name, self.records.get(shard.key)):
            return
        staged, bundle = self._work / f"pages-{name}", self._work / f"bundle-{name}"
        for folder in (staged, bundle):
            shutil.rmtree(folder, ignore_errors=True)
        try:
            link_pages(self.site, shard.pages, staged)
        except OSError as error:
            self._error = IndexerError(f"could not lay out the pages to index: {error}")
            return
        self._queue.put((shard, staged, bundle))

    def _work_on(self) -> None:
        """On the thread: one Pagefind at a time, until told there is no more (None)."""
        while (queued := self._queue.get()) is not None:
            shard, pages, bundle = queued
            try:
                with self._lock:
                    if self._error is not None:
                        continue
                    self._process = start_pagefind(self._binary, pages, bundle, self.search.threads)
                shard.result = wait_for(self._process, bundle, self.search.timeout)
            except IndexerError as error:
                self._error = error
            except Exception as error:  # a bug must still be one error, not a lost thread
                self._error = IndexerError(f"{type(error).__name__}: {error}")
            finally:
                self._queue.task_done()

    def finish(self) -> dict[str, IndexResult]:
        """Wait for the index and put the new bundles into the site; what was indexed."""
        try:
            self._queue.join()
            for name, shard in self.shards.items():
                if page_stamps(self.site, shard.pages) != shard.stamps:
                    shard.key = ""  # not read yet, or written again since: read now
                    self.ready(name)
            self._queue.join()
            if self._error is not None:
                raise self._error
            indexed = {name: s.result for name, s in self.shards.items() if s.result is not None}
            for name in indexed:
                swap_in(self._work / f"bundle-{name}", self.root / name)
                self.records.put(self.shards[name].key, manifest(self.root / name))
            clear_bundles(self.root, keep=self.shards)
            return indexed
        except (IndexerError, OSError) as error:
            clear_bundles(self.root)  # no index is better than a stale or partial one
            if isinstance(error, OSError):
                raise IndexerError(f"could not put the index in place: {error}") from error
            raise
        finally:
            self.stop()  # nothing runs on, even when Ctrl-C interrupted the wait
            self.records.save()

    def stop(self) -> None:
        """Kill Pagefind if it runs and remove the work folder; the site is left as it is."""
        with self._lock:
            self._error = self._error or IndexerError("the index was stopped")
            if self._process is not None:
                self._process.kill()  # nothing if it has ended; its thread reaps it
        self._queue.put(None)
        self._thread.join()
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
