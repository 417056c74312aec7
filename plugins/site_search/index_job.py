"""One build's search index: Pagefind indexes each changed shard's pages (linked into a
work folder: no listing, no page that is not a published article) in the background, one
shard at a time, while the build goes on; the new bundles go into the site when it ends."""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from plugin_support.caches import cache_key

from . import bundles
from .pagefind_run import IndexerError, IndexResult, find_binary, start_pagefind, wait_for

logger = logging.getLogger(__name__)


@dataclass
class Shard:
    name: str
    pages: list[str]
    key: str = ""  # of the pages' bytes and the indexer: what the bundle is built from
    stamps: tuple = ()  # of the pages when they were read
    result: IndexResult | None = None  # indexed in this build (None: the bundle is kept)
    bundle: Path | None = None  # where Pagefind writes it


class IndexJob:
    """Index the ``shards`` (name -> output-relative pages) of ``site`` into
    ``<site>/<SEARCH_BUNDLE_DIR>/<name>``; ``records`` (a ResultCache) holds what earlier
    builds made. Files are read on the caller's thread: a thread making many small reads
    would wait for the interpreter lock after each one."""

    def __init__(self, site: Path, shards: Mapping[str, Iterable[str]], search, records, work):
        self.site, self.search, self.records = Path(site), search, records
        self.root = self.site / search.bundle_dir
        self.shards = {name: Shard(name, bundles.safe_pages(p)) for name, p in shards.items()}
        self._queue: queue.Queue[tuple[Shard, Path] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._error: IndexerError | None = None
        self._stopped = False
        self._work = None
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
        if self._error is not None or self._stopped or shard.key:
            return
        logger.debug("Search index: started on %d article pages (%s)", len(shard.pages), name)
        shard.stamps = bundles.page_stamps(self.site, shard.pages)
        shard.key = cache_key(self._recipe, name, bundles.pages_digest(self.site, shard.pages))
        shard.result = None
        # (A record looked up is kept for the next build; see ResultCache.)
        if bundles.matches(self.root / name, self.records.get(shard.key)):
            return
        staged, shard.bundle = self._work / f"pages-{name}", self._work / f"bundle-{name}"
        for folder in (staged, shard.bundle):
            shutil.rmtree(folder, ignore_errors=True)
        try:
            bundles.link_pages(self.site, shard.pages, staged)
        except OSError as error:
            self._error = IndexerError(f"could not lay out the pages to index: {error}")
            return
        self._queue.put((shard, staged))

    def _work_on(self) -> None:
        """On the thread: one Pagefind at a time, until told there is no more (None).
        Pagefind is started here and dies when this thread ends (see start_pagefind)."""
        while (queued := self._queue.get()) is not None:
            shard, staged = queued
            try:
                with self._lock:
                    if self._stopped or self._error is not None:
                        continue
                    self._process = start_pagefind(
                        self._binary, staged, shard.bundle, self.search.threads
                    )
                shard.result = wait_for(self._process, shard.bundle, self.search.timeout)
            except IndexerError as error:
                self._error = error
            except Exception as error:  # a bug must still be one error, not a lost thread
                self._error = IndexerError(f"{type(error).__name__}: {error}")
            finally:
                self._queue.task_done()

    def finish(self) -> dict[str, IndexResult]:
        """Wait for the index and put the new bundles into the site; a shard whose pages
        were written again after they were read is indexed again. Returns what it indexed."""
        try:
            for name in self.shards:
                self.ready(name)
            shards = self.shards.values()
            rewritten = [s for s in shards if bundles.page_stamps(self.site, s.pages) != s.stamps]
            self._queue.join()
            for shard in rewritten:
                shard.key = ""  # read again
                self.ready(shard.name)
            self._queue.join()
            if self._error is not None:
                raise self._error
            indexed = {}
            for name, shard in self.shards.items():
                if shard.result is not None:
                    bundles.swap_in(shard.bundle, self.root / name)
                    indexed[name] = shard.result
                    self.records.put(shard.key, bundles.manifest(self.root / name))
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
        """End the job: kill Pagefind if it runs, remove the work folder; the site is
        left as it is. Also for a job the build will not wait for (it failed)."""
        with self._lock:
            self._stopped = True
            if self._process is not None:
                self._process.kill()  # nothing if it has ended; its thread reaps it
        self._queue.put(None)
        self._thread.join()
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
