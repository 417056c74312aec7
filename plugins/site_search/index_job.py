"""One build's search indexing: started as soon as the pages to index are written, run
by Pagefind while the build goes on, finished when the build ends, skipped when nothing
it indexes changed. Plain code, no Pelican.

Only the given pages are handed to Pagefind (a staged copy of them): listing pages carry
no ``data-pagefind-body`` and are not worth parsing, and a page an earlier build left in
the output is not in this build's list, so it is not searchable either.
"""

from __future__ import annotations

import posixpath
import shutil
import threading
import time
from collections.abc import Iterable
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
    IndexerError,
    IndexResult,
    SearchSettings,
    clear_old_bundle,
    find_binary,
    pagefind_command,
    start_index,
)

# Kept after a good run; the next build keeps the bundle while both still match.
Stamp = tuple[str, str]  # (index_digest of the pages and recipe, bundle_digest)


@dataclass(frozen=True)
class Outcome:
    result: IndexResult | None  # None: the last build's bundle was up to date and kept
    pages: int
    stamp: Stamp
    pages_digest: str = ""  # the pages as the index read them
    waited: float = 0.0  # seconds the build waited for the index at its end


def safe_pages(pages: Iterable[str]) -> list[str]:
    """Output-relative page paths, without any that would leave the output folder."""
    kept = set()
    for page in pages:
        path = posixpath.normpath(str(page).replace("\\", "/"))
        if page and path != ".." and not path.startswith(("/", "../")):
            kept.add(path)
    return sorted(kept)


class IndexJob:
    """Index ``pages`` of ``site`` into its bundle, with Pagefind in the background.

    The constructor keeps the bundle if ``stamp`` (from the last good run) still matches
    the pages, the indexer and the bundle; otherwise it stages the pages and starts
    Pagefind, and a thread waits for it. ``finish()`` waits and returns the Outcome or
    raises IndexerError; ``stop()`` ends a job the build will not wait for.

    The files are read and copied here, on the caller's thread, not on the waiting one:
    a thread doing many small reads waits for the interpreter lock after each, for as
    long as the build's own busy thread holds it, and would start Pagefind late.
    """

    def __init__(self, site: Path, pages: Iterable[str], search: SearchSettings, stamp):
        self.site = Path(site)
        self.pages = safe_pages(pages)
        self.search = search
        self.bundle = self.site / search.bundle_dir
        self._done = False
        self._run = None
        self._thread: threading.Thread | None = None
        self._staged: Path | None = None
        self._result: IndexResult | None = None
        self._error: IndexerError | None = None
        self._kept: Stamp | None = None
        try:
            self._recipe = "\n".join(
                [
                    indexer_identity(find_binary(search.binary)),
                    # The options matter: the same pages in another folder is another index.
                    *pagefind_command("", self.site, search.bundle_dir),
                ]
            )
            if stamp is not None:
                self.pages_digest = pages_digest(self.site, self.pages)
                kept = (index_digest(self.pages_digest, self._recipe), bundle_digest(self.bundle))
                if kept == tuple(stamp):
                    self._kept = kept
                    return
            self._start()
        except IndexerError as error:
            self._error = error
            self._join()  # removes the staged pages

    def _start(self) -> None:
        """Stage the pages and start Pagefind on them; a thread waits for it."""
        self._staged = staging_folder()
        try:
            self.pages_digest = stage_pages(self.site, self.pages, self._staged)
        except OSError as error:
            raise IndexerError(f"could not copy the pages to index: {error}") from error
        self._result = self._error = None
        self._run = start_index(self.site, self.search, pages=self._staged)
        self._thread = threading.Thread(target=self._wait, name="site-search", daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        try:
            self._result = self._run.wait()
        except IndexerError as error:
            self._error = error
        except Exception as error:  # a bug must still be one error, not a lost thread
            self._error = IndexerError(f"{type(error).__name__}: {error}")

    def _join(self) -> None:
        if self._thread is not None and threading.current_thread() is not self._thread:
            self._thread.join()
        if self._staged is not None:
            shutil.rmtree(self._staged, ignore_errors=True)
            self._staged = None

    def finish(self) -> Outcome:
        """Wait for the index; if a page changed after it was read, index again."""
        started = time.perf_counter()
        try:
            if self._error is None:
                now = pages_digest(self.site, self.pages)  # while Pagefind may still run
                self._join()
                if self._error is None and now != self.pages_digest:
                    # A page was written again after it was read: index what is there now.
                    self._kept = None
                    self._start()
                    self._join()
            if self._error is not None:
                raise self._error
            if self._kept is not None:
                stamp = self._kept
            else:
                stamp = (index_digest(self.pages_digest, self._recipe), bundle_digest(self.bundle))
            waited = time.perf_counter() - started
            return Outcome(self._result, len(self.pages), stamp, self.pages_digest, waited)
        except IndexerError:
            clear_old_bundle(self.bundle)  # no index is better than a stale or partial one
            raise
        finally:
            self._join()
            self._done = True

    def stop(self) -> None:
        """End a job the build will not wait for (it failed); safe to call again."""
        if self._done:
            return
        self._done = True
        if self._run is not None:
            self._run.stop()
        self._join()
        if self._run is not None and self._result is None:
            clear_old_bundle(self.bundle)  # whatever Pagefind wrote before it was stopped
