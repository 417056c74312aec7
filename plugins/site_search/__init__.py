"""Full-text search: index the article pages with Pagefind on every build.

Pagefind starts in the background as soon as the last article page is written (before
the listing pages, feeds, pages and static files, which it does not index), and the
build waits for it at ``finalized``. If nothing it indexes changed, the last build's
bundle is kept. A failing indexer is one logged error naming the cause; the site itself
is still written. A build that fails half-way stops Pagefind.
"""

from __future__ import annotations

import atexit
import logging
import os
import time
import weakref
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.cache import FileDataCacher
from pelican.utils import posixize_path

from .index_job import IndexJob
from .pagefind_index import IndexerError, build_index, peak_child_memory_mib, read_settings

logger = logging.getLogger(__name__)
_STAMPS = "site_search_index"  # under CACHE_PATH: what the last good index was built from
_build: dict = {}  # this build's settings, pages still to be written, stamp store and job


def begin_build(pelican) -> None:
    """A build starts (`pelican -r` runs many): forget the last one, read the settings."""
    stop_unfinished()
    _build.clear()
    search, errors = read_settings(pelican.settings)
    for error in errors:
        logger.error("site_search: %s", error)
    _build.update(search=search, settings=pelican.settings)


def article_pages(generator) -> list[str]:
    """Every published page the articles generator writes with the article template
    (the pages that carry data-pagefind-body), by output path. Drafts are written
    too, but are not published: search must not find them."""
    contents = chain(
        generator.translations,
        generator.articles,
        generator.hidden_translations,
        generator.hidden_articles,
    )
    return [page for page in (content.save_as for content in contents) if page]


def expect_article_pages(generator, content) -> None:
    """The articles are about to be written (their URLs are final now): note which."""
    if "pending" in _build or not _build["search"].enabled:
        return
    _build["generator"] = generator
    _build["pages"] = pages = article_pages(generator)
    # The paths content_written will name (as the Writer joins them).
    output = generator.output_path
    _build["pending"] = {posixize_path(os.path.abspath(os.path.join(output, p))) for p in pages}


def page_written(path, context=None) -> None:
    pending = _build.get("pending")
    if pending and path in pending:
        pending.discard(path)
        if not pending:
            start_indexing(_build["generator"])


def start_indexing(generator, writer=None) -> None:
    """Start indexing, once: when the last article page is written, at the latest when
    the articles generator is done."""
    search = _build["search"]
    if "started" in _build or not search.enabled:
        return
    _build["started"] = True
    # A page's save_as is worked out anew on every read: reuse the list made for `pending`.
    pages = _build["pages"] if "pages" in _build else article_pages(generator)
    if not pages:
        return  # no articles: finalized indexes the whole site, as Pagefind would
    settings = _build["settings"]
    stamps = FileDataCacher(
        settings, _STAMPS, settings["CACHE_CONTENT"], settings["LOAD_CONTENT_CACHE"]
    )
    output = Path(generator.output_path)
    key = str((output / search.bundle_dir).resolve())
    logger.debug("Search index: started on %d article pages", len(pages))
    job = IndexJob(output, pages, search, stamps.get_cached_data(key))
    _build.update(job=job, stamps=stamps, key=key)
    # If the build fails before finalized, Pagefind must not outlive it.
    weakref.finalize(generator, job.stop)


def finish_indexing(pelican) -> None:
    search = _build.get("search")
    if search is None or not search.enabled:
        logger.info("Search index: skipped (SEARCH_INDEX = False)")
        return
    job = _build.pop("job", None)
    try:
        if job is None:  # no article pages: Pagefind indexes every page, as it always did
            started = time.perf_counter()
            result, pages = build_index(Path(pelican.output_path), search), None
            waited = time.perf_counter() - started
        else:
            outcome = job.finish()
            result, pages, waited = outcome.result, outcome.pages, outcome.waited
            _build["stamps"].cache_data(_build["key"], outcome.stamp)
            _build["stamps"].save_cache()
    except IndexerError as error:
        if job is not None:
            _forget(_build["stamps"], _build["key"])
        logger.error("Search index not built, the site has no working search: %s", error)
        return
    if result is None:
        logger.info("Search index: up to date, %d pages unchanged (%s)", pages, job.bundle)
        return
    # The benchmark reads this line: "Search index: N pages in S s, peak M MiB".
    logger.info(
        "Search index: %s pages in %.3f s, peak %.0f MiB, the build waited %.3f s (%s)",
        "?" if result.pages is None else result.pages,
        result.seconds,
        peak_child_memory_mib(),
        waited,
        result.bundle,
    )


def stop_unfinished() -> None:
    """Stop a Pagefind run the last build started but never waited for (it failed)."""
    job = _build.pop("job", None)
    if job is not None:
        job.stop()


def _forget(stamps: FileDataCacher, key: str) -> None:
    stamps.cache_data(key, None)
    stamps.save_cache()


def register():
    signals.get_generators.connect(begin_build)
    signals.article_generator_write_article.connect(expect_article_pages)
    signals.content_written.connect(page_written)
    signals.article_writer_finalized.connect(start_indexing)
    signals.finalized.connect(finish_indexing)
    atexit.register(stop_unfinished)
