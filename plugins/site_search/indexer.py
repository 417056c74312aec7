"""One build's search index: Pagefind indexes each changed shard's pages (linked into a
work folder: only published articles) in the background, one shard at a time, while the
build goes on; the new bundles go into the site when it ends. Plain code, no Pelican.

Pagefind dies with the build: on Linux the kernel kills it when the thread that started it
ends (PR_SET_PDEATHSIG), whatever ended the build, SIGKILL too."""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from plugin_support.caches import cache_key

from . import bundles

logger = logging.getLogger(__name__)
# Pagefind runs beside the build on a small machine: the build keeps a core to itself.
INDEXER_NICENESS = 10
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


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
    """In the child, before it becomes Pagefind: SIGKILL when its parent thread ends (now,
    if it already has), and a lower priority, which every thread Pagefind makes inherits."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:
            os._exit(1)
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
        self.shards = {name: Shard(bundles.safe_pages(p)) for name, p in shards.items()}
        self._queue: queue.Queue[tuple[Shard, Path, Path] | None] = queue.Queue()
        self._lock = threading.Lock()
        try:
            self._binary = find_binary(search.binary)
            stat = Path(self._binary).stat()
            # Another Pagefind, or other options, make another index of the same pages.
            self._recipe = cache_key(self._binary, stat.st_size, stat.st_mtime_ns, search)
            self._work = bundles.work_folder(Path(work))
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
        shard.stamps = bundles.page_stamps(self.site, shard.pages)
        shard.key = cache_key(self._recipe, name, bundles.pages_digest(self.site, shard.pages))
        shard.result = None
        if bundles.matches(self.root / name, self.records.get(shard.key)):
            return
        staged, bundle = self._work / f"pages-{name}", self._work / f"bundle-{name}"
        for folder in (staged, bundle):
            shutil.rmtree(folder, ignore_errors=True)
        try:
            bundles.link_pages(self.site, shard.pages, staged)
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
                if bundles.page_stamps(self.site, shard.pages) != shard.stamps:
                    shard.key = ""  # not read yet, or written again since: read now
                    self.ready(name)
            self._queue.join()
            if self._error is not None:
                raise self._error
            indexed = {name: s.result for name, s in self.shards.items() if s.result is not None}
            for name in indexed:
                bundles.swap_in(self._work / f"bundle-{name}", self.root / name)
                self.records.put(self.shards[name].key, bundles.manifest(self.root / name))
            bundles.clear_bundles(self.root, keep=self.shards)
            return indexed
        except (IndexerError, OSError) as error:
            bundles.clear_bundles(self.root)  # no index is better than a stale or partial one
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
