"""Which articles go into which search bundle (shard): plain functions, no Pelican.

Pagefind cannot add one page to a bundle (it writes it all again), its memory grows with
a bundle's pages (so no shard holds more than ``size``), and the search page fetches a
part of every bundle for each word: so the articles, oldest first, are cut into a few
large blocks. A block ends where the content says, not at a count (after an article whose
stable id hashes to a cut mark, once it holds half of ``size``), so a correction, a
retraction or a backdated story changes its own shard, not every one after it. The newest
block, still growing, is cut the same way into quarter-size blocks (one shard once full):
a breaking story re-indexes a few hundred pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from plugin_support.caches import cache_key

Item = TypeVar("Item")


def _blocks(articles: list[tuple[str, Item]], size: int) -> list[list[tuple[str, Item]]]:
    """``articles`` (oldest first) cut into blocks; the last one is still open. A block
    may end after an article whose id hashes to a cut mark (one in ``size // 4``)."""
    blocks: list[list[tuple[str, Item]]] = [[]]
    marks = max(1, size // 4)
    for ident, item in articles:
        block = blocks[-1]
        block.append((ident, item))
        cut = len(block) >= size // 2 and int(cache_key("shard cut", ident), 16) % marks == 0
        if cut or len(block) >= size:
            blocks.append([])
    return blocks


def plan_shards(articles: Iterable[tuple[Any, str, Item]], size: int) -> dict[str, list[Item]]:
    """``articles`` as (sort key, stable id, item), in any order: the items by shard
    name, newest shard first (the order the search page loads them in), each oldest
    first. A shard is named after its first article, so its name stays while it does."""
    ordered = sorted(articles, key=lambda article: article[0])
    blocks = _blocks([(ident, item) for _, ident, item in ordered], size)
    blocks[-1:] = _blocks(blocks[-1], max(1, size // 4))
    return {
        cache_key("shard", block[0][0])[:10]: [item for _, item in block]
        for block in reversed(blocks)
        if block
    }
