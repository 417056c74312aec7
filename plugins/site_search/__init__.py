"""Full-text search: index the article pages with Pagefind on every build.

The articles are indexed in two bundles (shards, see shards.py): "recent", the newest
article's year, and "archive", the older years; the search page is told which exist
(``SEARCH_BUNDLES`` in the templates' context) and merges them. Pagefind starts on a
shard in the background as soon as its last article page is written (the newest are
written first; the listing pages, feeds, pages and static files come later, and are not
indexed), one shard after the other, and the build waits for it at ``finalized``. A
shard whose pages did not change keeps the last build's bundle. A failing indexer is one
logged error naming the cause; the site itself is still written. A build that fails
half-way stops Pagefind.
"""

from __future__ import annotations

import atexit
import logging
import os
import time
import weakref
from collections import Counter
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.cache import FileDataCacher
from pelican.utils import posixize_path
from plugin_support.output import claim_output

from .index_job import IndexJob, Outcome, ShardOutcome
from .pagefind_index import (
    IndexerError,
    build_index,
    clear_other_bundles,
    peak_child_memory_mib,
    read_settings,
    remove_if_empty,
)
from .shards import RECENT, SHARDS, shard_folder, shard_names, split_by_year

logger = logging.getLogger(__name__)
_STAMPS = "site_search_index"  # under CACHE_PATH: what the last good index was built from
_build: dict = {}  # this build's settings, pages still to be written, stamp store and job
BUNDLES_CONTEXT = "SEARCH_BUNDLES"  # the bundle folders the search page loads, in order


def begin_build(pelican) -> None:
    """A build starts (`pelican -r` runs many): forget the last one, read the settings."""
    stop_unfinished()
    _build.clear()
    search, errors = read_settings(pelican.settings)
    for error in errors:
        logger.error("site_search: %s", error)
    _build.update(search=search, settings=pelican.settings)


def indexed_articles(generator):
    """Every published article the articles generator writes with the article template
    (the pages that carry data-pagefind-body). Drafts are written too, but are not
    published: search must not find them."""
    return chain(
        generator.translations,
        generator.articles,
        generator.hidden_translations,
        generator.hidden_articles,
    )


def article_pages(generator) -> list[tuple[str, int]]:
    """The pages to index, by output path, with the year of their article."""
    pages = ((content.save_as, content.date.year) for content in indexed_articles(generator))
    return [(page, year) for page, year in pages if page]


def announce_bundles(generator) -> None:
    """The articles are read: tell the templates (the search page is written later)
    which bundle folders there will be, so the page requests none that is missing."""
    search = _build.get("search")
    if search is None:
        return
    names = shard_names(content.date.year for content in indexed_articles(generator))
    generator.context[BUNDLES_CONTEXT] = [
        f"{shard_folder(search.bundle_dir, name)}/" for name in names
    ]


def expect_article_pages(generator, content) -> None:
    """The articles are about to be written (their URLs are final now): plan the shards
    and note which pages each waits for."""
    if "job" in _build or "started" in _build or not _build["search"].enabled:
        return
    search, settings = _build["search"], _build["settings"]
    _build["started"] = True
    pages = article_pages(generator)
    if not pages:
        return  # no articles: finalized indexes the whole site, as Pagefind would
    output = Path(generator.output_path)
    stamps = FileDataCacher(
        settings, _STAMPS, settings["CACHE_CONTENT"], settings["LOAD_CONTENT_CACHE"]
    )
    keys = {
        name: str((output / shard_folder(search.bundle_dir, name)).resolve()) for name in SHARDS
    }
    shards = split_by_year(pages)
    job = IndexJob(
        output, shards, search, {name: stamps.get_cached_data(keys[name]) for name in shards}
    )
    _build.update(job=job, stamps=stamps, keys=keys)
    # If the build fails before finalized, Pagefind must not outlive it.
    weakref.finalize(generator, job.stop)
    # The paths content_written will name (as the Writer joins them), by shard.
    _build["pending"] = {
        posixize_path(os.path.abspath(os.path.join(output, page))): name
        for name, shard in shards.items()
        for page in shard
    }
    _build["unwritten"] = Counter(_build["pending"].values())


def page_written(path, context=None) -> None:
    pending = _build.get("pending")
    if pending and path in pending:
        name = pending.pop(path)
        unwritten = _build["unwritten"]
        unwritten[name] -= 1
        if not unwritten[name]:
            shard_written(name)


def shard_written(name: str) -> None:
    """The last page of a shard is written: index it (after the shards before it)."""
    job = _build["job"]
    logger.debug("Search index: started on %d article pages (%s)", len(job.shards[name]), name)
    job.ready(name)


def start_indexing(generator, writer=None) -> None:
    """The articles generator is done: index any shard whose pages it did not all name."""
    if "job" not in _build:
        return
    for name, count in _build["unwritten"].items():
        if count > 0:
            _build["unwritten"][name] = 0
            shard_written(name)


def finish_indexing(pelican) -> None:
    search = _build.get("search")
    if search is None or not search.enabled:
        logger.info("Search index: skipped (SEARCH_INDEX = False)")
        return
    claim_output(Path(pelican.output_path) / search.bundle_dir)
    job = _build.pop("job", None)
    try:
        if job is None:
            outcome = index_whole_site(Path(pelican.output_path), search)
        else:
            outcome = job.finish()
            _remember(_build["stamps"], _build["keys"], outcome)
    except IndexerError as error:
        if job is not None:
            _remember(_build["stamps"], _build["keys"], None)
        logger.error("Search index not built, the site has no working search: %s", error)
        return
    root = Path(pelican.output_path) / search.bundle_dir if job is None else job.root
    indexed = outcome.indexed
    if not indexed:
        logger.info("Search index: up to date, %d pages unchanged (%s)", outcome.pages, root)
        return
    counts = [result.pages for result in indexed.values()]
    shards = ", ".join(
        f"{name} {'indexed' if name in indexed else 'unchanged'}" for name in outcome.shards
    )
    # The benchmark reads this line: "Search index: N pages in S s, peak M MiB".
    logger.info(
        "Search index: %s pages in %.3f s, peak %.0f MiB, the build waited %.3f s (%s: %s)",
        "?" if None in counts else sum(counts),
        sum(result.seconds for result in indexed.values()),
        peak_child_memory_mib(),
        outcome.waited,
        root,
        shards,
    )


def index_whole_site(output: Path, search) -> Outcome:
    """No article pages: Pagefind indexes every page, as it always did, into "recent"."""
    root = output / search.bundle_dir
    clear_other_bundles(root, keep={RECENT})
    started = time.perf_counter()
    try:
        result = build_index(output, search, bundle_dir=shard_folder(search.bundle_dir, RECENT))
    except IndexerError:
        remove_if_empty(root)
        raise
    waited = time.perf_counter() - started
    return Outcome({RECENT: ShardOutcome(result.bundle, result, 0, ("", ""))}, waited)


def stop_unfinished() -> None:
    """Stop a Pagefind run the last build started but never waited for (it failed)."""
    job = _build.pop("job", None)
    if job is not None:
        job.stop()


def _remember(stamps: FileDataCacher, keys: dict[str, str], outcome: Outcome | None) -> None:
    """Keep each shard's stamp for the next build; forget the others' (None: all)."""
    shards = {} if outcome is None else outcome.shards
    for name, key in keys.items():
        stamps.cache_data(key, shards[name].stamp if name in shards else None)
    stamps.save_cache()


def register():
    signals.get_generators.connect(begin_build)
    signals.article_generator_finalized.connect(announce_bundles)
    signals.article_generator_write_article.connect(expect_article_pages)
    signals.content_written.connect(page_written)
    signals.article_writer_finalized.connect(start_indexing)
    signals.finalized.connect(finish_indexing)
    atexit.register(stop_unfinished)
