"""Full-text search: index the written site with Pagefind after every build.

The index is built at ``finalized``, when every page is on disk, so `make html`,
`make devserver` (each rebuild) and `make publish` all index. A failing indexer is
one logged error naming the cause; the site itself is already written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .pagefind_index import IndexerError, build_index, read_settings

logger = logging.getLogger(__name__)


def index_site(pelican) -> None:
    search, errors = read_settings(pelican.settings)
    for error in errors:
        logger.error("site_search: %s", error)
    if not search.enabled:
        logger.info("Search index: skipped (SEARCH_INDEX = False)")
        return
    try:
        result = build_index(Path(pelican.output_path), search)
    except IndexerError as error:
        logger.error("Search index not built, the site has no working search: %s", error)
        return
    # The benchmark reads this line: "Search index: N pages in S s".
    logger.info(
        "Search index: %s pages in %.3f s (%s)",
        "?" if result.pages is None else result.pages,
        result.seconds,
        result.bundle,
    )


def register():
    signals.finalized.connect(index_site)
