"""One build's search indexing, run on a thread of its own: started as soon as the pages
to index are written, finished when the build ends, skipped when nothing it indexes
changed. Plain code, no Pelican.

Only the given pages are handed to Pagefind (a staged copy of them): listing pages carry
no ``data-pagefind-body`` and are not worth parsing, and a page an earlier build left in
the output is not in this build's list, so it is not searchable either.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .page_digest import (
    bundle_digest,
    index_digest,
    indexer_identity,
    pages_digest,
    scratch_folder,
    stage_pages,
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
        path = PurePosixPath(str(page).replace("\\", "/"))
        if page and not path.is_absolute() and ".." not in path.parts:
            kept.add(path.as_posix())
    return sorted(kept)


class IndexJob:
    """Index ``pages`` of ``site`` into its bundle, in the background.

    The thread keeps the bundle if ``stamp`` (from the last good run) still matches the
    pages, the indexer and the bundle; otherwise it stages the pages and runs Pagefind.
    ``finish()`` waits and returns the Outcome or raises IndexerError; ``stop()`` ends a
    job the build will not wait for.
    """

    def __init__(self, site: Path, pages: Iterable[str], search: SearchSettings, stamp):
        self.site = Path(site)
        self.pages = safe_pages(pages)
        self.search = search
        self.bundle = self.site / search.bundle_dir
        self._stamp = tuple(stamp) if stamp else None
        self._lock = threading.Lock()
        self._stopped = False
        self._done = False
        self._run = None
        self._outcome: Outcome | None = None
        self._error: IndexerError | None = None
        self._thread = threading.Thread(target=self._work, name="site-search", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            self._outcome = self._index(self._stamp)
        except IndexerError as error:
            self._error = error
        except Exception as error:  # a bug must still be one error, not a lost thread
            self._error = IndexerError(f"{type(error).__name__}: {error}")

    def _index(self, stamp: Stamp | None) -> Outcome:
        """Keep the bundle if the stamp matches; else stage the pages and run Pagefind."""
        recipe = "\n".join(
            [
                indexer_identity(find_binary(self.search.binary)),
                # The options matter too: the same pages in another folder is another index.
                *pagefind_command("", self.site, self.search.bundle_dir),
            ]
        )
        if stamp is not None:
            pages = pages_digest(self.site, self.pages)
            kept = (index_digest(pages, recipe), bundle_digest(self.bundle))
            if kept == stamp:
                return Outcome(None, len(self.pages), stamp, pages_digest=pages)
        with tempfile.TemporaryDirectory(prefix="site-search-", dir=scratch_folder()) as staged:
            try:
                pages = stage_pages(self.site, self.pages, Path(staged))
            except OSError as error:
                raise IndexerError(f"could not copy the pages to index: {error}") from error
            with self._lock:
                if self._stopped:
                    raise IndexerError("stopped: the build ended before the index was done")
                self._run = start_index(self.site, self.search, pages=Path(staged))
            result = self._run.wait()
        stamp = (index_digest(pages, recipe), bundle_digest(self.bundle))
        return Outcome(result, len(self.pages), stamp, pages_digest=pages)

    def finish(self) -> Outcome:
        """Wait for the index; if a page changed after it was read, index again."""
        try:
            started = time.perf_counter()
            # Read the pages as they are now while the thread may still be at work.
            now = pages_digest(self.site, self.pages)
            self._thread.join()
            waited = time.perf_counter() - started
            if self._error is not None:
                raise self._error
            outcome = self._outcome
            if outcome.pages_digest != now:  # a page was written again after it was read
                outcome = self._index(stamp=None)
                waited = time.perf_counter() - started
            return replace(outcome, waited=waited)
        except IndexerError:
            clear_old_bundle(self.bundle)  # no index is better than a stale or partial one
            raise
        finally:
            self._done = True

    def stop(self) -> None:
        """End a job the build will not wait for (it failed); safe to call again."""
        if self._done:
            return
        with self._lock:
            self._stopped = True
            run = self._run
        if run is not None:
            run.stop()
        if threading.current_thread() is not self._thread:
            self._thread.join()
            if self._error is not None:
                clear_old_bundle(self.bundle)
        self._done = True
