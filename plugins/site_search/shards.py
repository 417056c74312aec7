"""Which article pages go into which search bundle (shard): plain functions, no Pelican.

Pagefind cannot add one page to a bundle; it writes the whole bundle again. So the
articles are split by year into a small bundle that changes (the newest article's
year: a new article lands there) and a large one that rarely does (all older years).
The search page loads the first and merges the others into it.
"""

from __future__ import annotations

from collections.abc import Iterable

RECENT = "recent"  # the articles of the newest article's calendar year
ARCHIVE = "archive"  # all older articles
SHARDS = (RECENT, ARCHIVE)  # in the order the search page loads them


def split_by_year(pages: Iterable[tuple[str, int]]) -> dict[str, list[str]]:
    """Pages (output path, year of the article) by shard, in load order: "recent" holds
    the pages of the newest year, "archive" those of every older year and is left out
    when there are none. No pages, no shards."""
    pages = list(pages)
    if not pages:
        return {}
    newest = max(year for _, year in pages)
    shards = {
        RECENT: sorted({page for page, year in pages if year == newest}),
        ARCHIVE: sorted({page for page, year in pages if year != newest}),
    }
    return {name: shard for name, shard in shards.items() if shard}


def shard_names(years: Iterable[int]) -> list[str]:
    """The shards a site whose articles have these years is indexed into, in load order;
    a site without articles is indexed whole into "recent"."""
    years = set(years)
    return [RECENT, ARCHIVE] if len(years) > 1 else [RECENT]


def shard_folder(bundle_dir: str, name: str) -> str:
    """A shard's bundle folder, relative to the output."""
    return f"{bundle_dir.strip('/')}/{name}"
