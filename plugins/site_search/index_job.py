"""One build's search indexing: started as soon as the pages to index are written, run
by Pagefind while the build goes on, finished when the build ends. Plain code, no Pelican.

The pages are indexed in shards, one Pagefind bundle each (see shards.py); a shard whose
pages did not change keeps the bundle the last build wrote. Only the given pages are
handed to Pagefind (a staged copy of them): listing pages carry no
``data-pagefind-body`` and are not worth parsing, and a page an earlier build left in
the output is not in this build's list, so it is not searchable either.
"""

from __future__ import annotations

import posixpath
import queue
import shutil
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .page_digest import (
    bundle_digest,
    index_digest,
    indexer_identity,
    pages_digest,
    stage_pages,
    staging_folder,
)
from .pagefind_index import (
    INDEXER_NICENESS,
    IndexerError,
    IndexResult,
    IndexRun,
    SearchSettings,
    clear_old_bundle,
    clear_other_bundles,
    find_binary,
    lower_thread_priority,
    pagefind_command,
    remove_if_empty,
)
from .shards import shard_folder

# Kept after a good run; the next build keeps the bundle while both still match.
Stamp = tuple[str, str]  # (index_digest of the pages and recipe, bundle_digest)


@dataclass(frozen=True)
class ShardOutcome:
    bundle: Path
    result: IndexResult | None  # None: the last build's bundle was up to date and kept
    pages: int
    stamp: Stamp
    pages_digest: str = ""  # the pages as the index read them


@dataclass(frozen=True)
class Outcome:
    shards: dict[str, ShardOutcome]  # by shard name, in load order
    waited: float = 0.0  # seconds the build waited for the index at its end

    @property
    def indexed(self) -> dict[str, IndexResult]:
        """The shards Pagefind indexed in this build (the others were kept)."""
        return {name: s.result for name, s in self.shards.items() if s.result is not None}

    @property
    def pages(self) -> int:
        return sum(shard.pages for shard in self.shards.values())


def safe_pages(pages: Iterable[str]) -> list[str]:
    """Output-relative page paths, without any that would leave the output folder."""
    kept = set()
    for page in pages:
        path = posixpath.normpath(str(page).replace("\\", "/"))
        if page and path != ".." and not path.startswith(("/", "../")):
            kept.add(path)
    return sorted(kept)


class _Shard:
    """One bundle of the job, and what was done to it in this build."""

    def __init__(self, site: Path, folder: str, pages: Iterable[str]):
        self.folder = folder  # relative to the site
        self.bundle = site / folder
        self.pages = safe_pages(pages)
        self.recipe = ""  # the indexer and its options
        self.kept: Stamp | None = None
        self.staged: Path | None = None
        self.digest = ""  # of the pages as last read or staged
        self.result: IndexResult | None = None
        self.indexing = False  # handed to Pagefind in this build

    def stamp(self) -> Stamp:
        return self.kept or (index_digest(self.digest, self.recipe), bundle_digest(self.bundle))


class IndexJob:
    """Index the ``shards`` (name -> pages) of ``site``, each into its bundle folder
    ``<SEARCH_BUNDLE_DIR>/<name>``, with Pagefind in the background, one shard after the
    other, at a lower CPU priority than the build's.

    The constructor removes any other bundle of SEARCH_BUNDLE_DIR (a shard no longer
    planned). ``ready(name)`` says a shard's pages are all written: its bundle is kept if
    its stamp (from the last good run, in ``stamps`` by name) still matches its pages,
    the indexer and the bundle; otherwise its pages are staged and a thread runs Pagefind
    on them once the shards readied before are done. So the first shard is indexed while
    the next one's pages are still being written. ``finish()`` readies the rest, waits
    and returns the Outcome or raises IndexerError; ``stop()`` ends a job the build will
    not wait for.

    The files are read, copied and removed here, on the caller's thread, not on the
    waiting one: a thread doing many small reads waits for the interpreter lock after
    each, for as long as the build's own busy thread holds it, and would start late.
    """

    def __init__(
        self,
        site: Path,
        shards: Mapping[str, Iterable[str]],
        search: SearchSettings,
        stamps: Mapping[str, Stamp | None],
    ):
        self.site = Path(site)
        self.search = search
        self.root = self.site / search.bundle_dir
        self._shards = {
            name: _Shard(self.site, shard_folder(search.bundle_dir, name), pages)
            for name, pages in shards.items()
        }
        self._stamps = dict(stamps)
        self._not_ready = set(self._shards)
        self._queue: queue.SimpleQueue[_Shard | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._done = False
        self._stopped = False
        self._run: IndexRun | None = None
        self._thread: threading.Thread | None = None
        self._binary = ""
        self._error: IndexerError | None = None
        try:
            clear_other_bundles(self.root, keep=set(shards))
            self._binary = find_binary(search.binary)
            identity = indexer_identity(self._binary)
            for shard in self._shards.values():
                # The options matter: the same pages in another folder is another index.
                shard.recipe = "\n".join([identity, *pagefind_command("", self.site, shard.folder)])
        except IndexerError as error:
            self._error = error

    @property
    def shards(self) -> dict[str, list[str]]:
        return {name: shard.pages for name, shard in self._shards.items()}

    def ready(self, name: str) -> None:
        """The pages of shard ``name`` are written: keep its bundle, or index it (once)."""
        if self._error is not None or self._done or name not in self._not_ready:
            return
        self._not_ready.discard(name)
        shard = self._shards[name]
        try:
            stamp = self._stamps.get(name)
            if stamp is not None:
                shard.digest = pages_digest(self.site, shard.pages)
                kept = (index_digest(shard.digest, shard.recipe), bundle_digest(shard.bundle))
                if kept == tuple(stamp):
                    shard.kept = kept
                    return
            self._index(shard)
        except IndexerError as error:
            self._error = error

    def _index(self, shard: _Shard) -> None:
        """Stage the shard's pages and clear its old bundle; the thread runs Pagefind."""
        shard.kept = shard.result = None
        shard.indexing = True
        shard.staged = staging_folder()
        try:
            shard.digest = stage_pages(self.site, shard.pages, shard.staged)
        except OSError as error:
            raise IndexerError(f"could not copy the pages to index: {error}") from error
        clear_old_bundle(shard.bundle)
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="site-search", daemon=True)
            self._thread.start()
        self._queue.put(shard)

    def _work(self) -> None:
        """On the thread: one Pagefind at a time (the build's own thread needs a core),
        until told there is nothing more (None)."""
        lower_thread_priority()  # Pagefind inherits it, with every thread it makes
        while (shard := self._queue.get()) is not None:
            if self._error is not None:
                continue  # the index is failed: nothing more to run
            command = pagefind_command(self._binary, self.site, shard.folder, shard.staged)
            try:
                with self._lock:
                    if self._stopped:
                        continue
                    self._run = IndexRun(
                        command,
                        shard.bundle,
                        self.search.timeout,
                        INDEXER_NICENESS,
                        self.search.threads,
                    )
                shard.result = self._run.wait()
            except IndexerError as error:
                self._error = error
            except Exception as error:  # a bug must still be one error, not a lost thread
                self._error = IndexerError(f"{type(error).__name__}: {error}")

    def _join(self) -> None:
        """Wait for the shards handed to the thread, then remove their staged pages."""
        if self._thread is not None and threading.current_thread() is not self._thread:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        for shard in self._shards.values():
            if shard.staged is not None:
                shutil.rmtree(shard.staged, ignore_errors=True)
                shard.staged = None

    def finish(self) -> Outcome:
        """Wait for the index; if a page changed after it was read, index its shard again."""
        started = time.perf_counter()
        try:
            for name in list(self._not_ready):
                self.ready(name)
            if self._error is None:
                # While Pagefind may still run.
                now = {name: pages_digest(self.site, s.pages) for name, s in self._shards.items()}
                self._join()
                # A page was written again after it was read: index what is there now.
                for name, shard in self._shards.items():
                    if self._error is None and now[name] != shard.digest:
                        self._index(shard)
                self._join()
            if self._error is not None:
                raise self._error
            shards = {
                name: ShardOutcome(s.bundle, s.result, len(s.pages), s.stamp(), s.digest)
                for name, s in self._shards.items()
            }
            return Outcome(shards, time.perf_counter() - started)
        except IndexerError:
            self._clear()  # no index is better than a stale or partial one
            raise
        finally:
            self._join()
            self._done = True

    def stop(self) -> None:
        """End a job the build will not wait for (it failed); safe to call again."""
        if self._done:
            return
        self._done = True
        with self._lock:
            self._stopped = True
            if self._run is not None:
                self._run.stop()
        self._join()
        # Whatever Pagefind wrote before it was stopped; any other bundle is still good.
        self._clear([s for s in self._shards.values() if s.indexing and s.result is None])

    def _clear(self, shards: Iterable[_Shard] | None = None) -> None:
        """Remove the bundles of ``shards``, by default all (the search page needs all)."""
        for shard in self._shards.values() if shards is None else shards:
            clear_old_bundle(shard.bundle)
        remove_if_empty(self.root)
