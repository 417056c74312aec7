"""Full-text search: Pagefind indexes the published articles' pages on every build, in
shards that the search page merges (``SEARCH_BUNDLES``, newest first), each in the
background as soon as its last article page is written (indexer.py); the build waits for
it at ``finalized``. A failing indexer is one logged error naming the cause."""

from __future__ import annotations

import logging
import resource
import time
import weakref
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import sanitised_join
from plugin_support.caches import ResultCache, code_version
from plugin_support.output import claim_output
from plugin_support.settings import setting

from .indexer import IndexerError, IndexJob, clear_bundles, plan_shards

logger = logging.getLogger(__name__)
_build: dict = {}  # this build's settings, job and pages still to be written


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool = True
    binary: str | None = None  # None: the binary of the pagefind_bin wheel
    bundle_dir: str = "pagefind"
    timeout: float = 300
    threads: int | None = None  # Pagefind's worker threads (None: its own choice)
    shard_size: int = 2000  # articles per bundle at most


def _path(value) -> bool:
    return isinstance(value, str | Path) and str(value).strip() != ""


def _subfolder(name) -> bool:
    parts = name.strip("/").split("/") if isinstance(name, str) else [""]
    return "\\" not in str(name) and all(part not in ("", ".", "..") for part in parts)


def _seconds(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def read_settings(settings: dict) -> SearchSettings:
    """The search settings, with defaults; each bad value is replaced and logged."""
    binary = setting(settings, "SEARCH_PAGEFIND_BINARY", None, _path, "a path")
    return SearchSettings(  # in the order of its fields
        setting(settings, "SEARCH_INDEX", True, lambda v: isinstance(v, bool), "True or False"),
        binary and str(binary),
        setting(
            settings, "SEARCH_BUNDLE_DIR", "pagefind", _subfolder, "a folder in the output"
        ).strip("/"),
        setting(settings, "SEARCH_INDEX_TIMEOUT", 300, _seconds, "a positive number of seconds"),
        setting(settings, "SEARCH_INDEXER_THREADS", None),
        setting(settings, "SEARCH_SHARD_SIZE", 2000),
    )


def begin_build(pelican) -> None:
    """A build starts (`pelican -r` runs many): stop the job of a build that failed before
    it could wait for it, read the settings."""
    if "job" in _build:
        _build["job"].stop()
    _build.clear()
    _build["search"] = read_settings(pelican.settings)


def plan_index(generators) -> None:
    """The URLs are final: split the published articles (not drafts, not hidden ones) into
    shards, tell the search page (written later) which bundle folders there will be, start
    the job and note which pages each shard waits for."""
    generator = next(g for g in generators if isinstance(g, ArticlesGenerator))
    search = _build["search"]
    articles = [*generator.articles, *generator.translations]
    plan = plan_shards(
        (((a.date, a.relative_source_path), a.relative_source_path, a) for a in articles),
        search.shard_size,
    )
    generator.context["SEARCH_BUNDLES"] = [f"{search.bundle_dir}/{name}/" for name in plan]
    shards = {name: [a.save_as for a in items if a.save_as] for name, items in plan.items()}
    if not search.enabled or not any(shards.values()):
        return
    output, cache = Path(generator.output_path), Path(generator.settings["CACHE_PATH"])
    # Under CACHE_PATH: what each bundle was built from, and holds.
    records = ResultCache(generator.settings, "site_search", code_version(Path(__file__).parent))
    job = _build["job"] = IndexJob(output, shards, search, records, cache)
    # The build failed before finalized, or the interpreter exits (Ctrl-C, sys.exit).
    weakref.finalize(generator, job.stop)
    # The paths content_written will name (as the Writer joins them), by shard.
    _build["pending"] = {
        sanitised_join(output, page): name
        for name, shard in job.shards.items()
        for page in shard.pages
    }
    _build["unwritten"] = Counter(_build["pending"].values())


def page_written(path, context=None) -> None:
    """The last page of a shard is written: index it (after the shards before it)."""
    name = _build.get("pending", {}).pop(path, None)
    if name is not None:
        _build["unwritten"][name] -= 1
        if not _build["unwritten"][name]:
            _build["job"].ready(name)


def start_indexing(generator, writer=None) -> None:
    """The articles generator is done: index any shard whose pages it did not all name."""
    job = _build.get("job")
    for name in job.shards if job else ():
        job.ready(name)


def finish_indexing(pelican) -> None:
    search = _build["search"]
    if not search.enabled:
        logger.info("Search index: skipped (SEARCH_INDEX = False)")
        return
    root = Path(pelican.output_path) / search.bundle_dir
    job = _build.pop("job", None)
    if job is None:
        clear_bundles(root)
        logger.info("Search index: no published article to index")
        return
    started = time.perf_counter()
    try:
        indexed = job.finish()
    except IndexerError as error:
        logger.error("Search index not built, the site has no working search: %s", error)
        return
    waited = time.perf_counter() - started
    for name in job.shards:
        claim_output(root / name)
    if not indexed:
        pages = sum(len(shard.pages) for shard in job.shards.values())
        logger.info("Search index: up to date, %d pages unchanged (%s)", pages, root)
        return
    counts = [result.pages for result in indexed.values()]
    unchanged = len(job.shards) - len(indexed)
    # The benchmark reads this line: "Search index: N pages in S s, peak M MiB".
    logger.info(
        "Search index: %s pages in %.3f s, peak %.0f MiB, the build waited %.3f s (%s: %s)",
        "?" if None in counts else sum(counts),
        sum(result.seconds for result in indexed.values()),
        # Pagefind's largest resident size, in KiB on Linux.
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        waited,
        root,
        ", ".join(indexed) + " indexed" + (f", {unchanged} unchanged" if unchanged else ""),
    )


def register():
    signals.get_generators.connect(begin_build)
    signals.all_generators_finalized.connect(plan_index)
    signals.content_written.connect(page_written)
    signals.article_writer_finalized.connect(start_indexing)
    signals.finalized.connect(finish_indexing)
