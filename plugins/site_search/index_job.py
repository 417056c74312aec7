"""One build's search index: Pagefind indexes each changed shard in the background, one
at a time, while the build goes on; the new bundles go into the site when it ends. Only
the given pages are indexed (linked into the work folder): not the listings, nor any
page that is not a published article. Plain code, no Pelican."""

from __future__ import annotations

import queue
import shutil
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from plugin_support.caches import cache_key

from . import bundles
from .pagefind_run import (
    INDEXER_NICENESS,
    IndexerError,
    IndexResult,
    PagefindRun,
    find_binary,
    pagefind_command,
)


@dataclass
class Shard:
    name: str
    pages: list[str]
    key: str = ""  # of the pages' bytes and the indexer: what the bundle is built from
    stamps: tuple = ()  # of the pages when they were read
    kept: bool = False  # the bundle in the site was built from these pages, and is whole
    result: IndexResult | None = None  # indexed in this build
    staged: Path | None = None  # the pages Pagefind reads
    bundle: Path | None = None  # the bundle it writes


@dataclass
class Outcome:
    shards: dict[str, Shard]  # in load order
    waited: float = 0.0  # seconds the build waited for the index at its end
    indexed: dict[str, IndexResult] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return sum(len(shard.pages) for shard in self.shards.values())


class IndexJob:
    """Index the ``shards`` (name -> output-relative pages) of ``site`` into
    ``<site>/<SEARCH_BUNDLE_DIR>/<name>``; ``records`` (a ResultCache) holds what earlier
    builds made. ``ready(name)``: a shard's pages are written; its bundle is kept if it
    was built from the same pages and its files are as recorded, else it is queued.
    ``finish()`` waits, moves the new bundles in and returns the Outcome, or raises
    IndexerError and leaves no bundle; ``stop()`` leaves the site as it was. Files are
    read on the caller's thread: a thread making many small reads would wait for the
    interpreter lock after each one."""

    def __init__(self, site: Path, shards: Mapping[str, Iterable[str]], search, records, work):
        self.site, self.search, self._records = Path(site), search, records
        self.root = self.site / search.bundle_dir
        self.shards = {name: Shard(name, bundles.safe_pages(p)) for name, p in shards.items()}
        self._work_parent = Path(work)
        self._work: Path | None = None
        self._queue: queue.SimpleQueue[Shard | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._run: PagefindRun | None = None
        self._error: IndexerError | None = None
        self._done = self._stopped = False
        self._binary = self._recipe = ""
        try:
            self._binary = find_binary(search.binary)
            stat = Path(self._binary).stat()
            # Another Pagefind, or other options, make another index of the same pages.
            self._recipe = cache_key(self._binary, stat.st_size, stat.st_mtime_ns, search)
        except (IndexerError, OSError) as error:
            self._error = IndexerError(str(error))

    def ready(self, name: str) -> None:
        """Shard ``name``'s pages are written: keep its bundle, or index it (once)."""
        shard = self.shards[name]
        if self._error is not None or self._done or shard.key:
            return
        shard.stamps = bundles.page_stamps(self.site, shard.pages)
        shard.key = cache_key(self._recipe, name, bundles.pages_digest(self.site, shard.pages))
        # (A record looked up is kept for the next build; see ResultCache.)
        if bundles.matches(self.root / name, self._records.get(shard.key)):
            shard.kept = True
        else:
            self._index(shard)

    def _index(self, shard: Shard) -> None:
        if self._work is None:
            self._work = bundles.work_folder(self._work_parent)
        shard.kept, shard.result = False, None
        shard.staged = self._work / f"pages-{shard.name}"
        shard.bundle = self._work / f"bundle-{shard.name}"
        for folder in (shard.staged, shard.bundle):
            shutil.rmtree(folder, ignore_errors=True)
        try:
            bundles.link_pages(self.site, shard.pages, shard.staged)
        except OSError as error:
            self._error = IndexerError(f"could not lay out the pages to index: {error}")
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._work_on, name="site-search", daemon=True)
            self._thread.start()
        self._queue.put(shard)

    def _work_on(self) -> None:
        """On the thread: one Pagefind at a time, until told there is no more (None).
        Pagefind is started here and dies when this thread ends (see PagefindRun)."""
        while (shard := self._queue.get()) is not None:
            command = pagefind_command(self._binary, shard.staged, shard.bundle)
            try:
                with self._lock:
                    if self._stopped or self._error is not None:
                        continue
                    self._run = PagefindRun(command, shard.bundle, self.search, INDEXER_NICENESS)
                shard.result = self._run.wait()
            except IndexerError as error:
                self._error = error
            except Exception as error:  # a bug must still be one error, not a lost thread
                self._error = IndexerError(f"{type(error).__name__}: {error}")

    def _join(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def finish(self) -> Outcome:
        """Wait for the index and put the new bundles into the site; a shard whose pages
        were written again after they were read is indexed again."""
        started = time.perf_counter()
        try:
            for name in self.shards:
                self.ready(name)
            if self._error is None:
                for shard in self.shards.values():
                    if bundles.page_stamps(self.site, shard.pages) != shard.stamps:
                        shard.key = ""  # written again since: read again below
                self._join()
                for name in [n for n, s in self.shards.items() if not s.key]:
                    self.ready(name)
                self._join()
            if self._error is not None:
                raise self._error
            outcome = Outcome(self.shards)
            for name, shard in self.shards.items():
                target = self.root / name
                if not shard.kept:
                    bundles.drop_unused(shard.bundle)
                    bundles.swap_in(shard.bundle, target)
                    outcome.indexed[name] = shard.result
                    self._records.put(shard.key, bundles.manifest(target))
            bundles.clear_other_bundles(self.root, keep=self.shards)
            outcome.waited = time.perf_counter() - started
            return outcome
        except (IndexerError, OSError) as error:
            # No index is better than a stale or partial one.
            bundles.remove_bundles(self.root, self.shards)
            if isinstance(error, OSError):
                raise IndexerError(f"could not put the index in place: {error}") from error
            raise
        finally:
            self.stop()  # nothing runs on, even when Ctrl-C interrupted the wait

    def stop(self) -> None:
        """End the job: kill Pagefind if it runs, remove the work folder; the site is
        left as it is. Also for a job the build will not wait for (it failed)."""
        self._done = True
        with self._lock:
            self._stopped = True
            if self._run is not None:
                self._run.stop()
        self._join()
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
