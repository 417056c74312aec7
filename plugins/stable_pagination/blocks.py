"""Listing pages that keep their articles when new ones arrive ("stable pagination").

Pelican numbers a listing's pages from the newest article, so one new article
moves every other one a place down: every page of every listing it is on
changes and must be written again. Here a listing is cut into blocks of
``per_page`` counted from the OLDEST article, so a full block never changes.
Numbered pages (``page/1/`` holds the oldest articles) show one full block each;
the listing's own page shows the two newest blocks, so it lists more than
``per_page`` articles once there are that many and repeats none of a numbered
page. A new article changes the listing's own page; when it starts a new block,
one numbered page is added and the link of the one before it changes. Nothing
else is written again. Plain code: no Pelican.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PageLink:
    """Where a listing page is, as its neighbours link to it."""

    number: int  # 0: the listing's own page (the newest articles)
    url: str
    save_as: str


@dataclass(frozen=True, eq=False)
class ListingPage:
    """One page of a listing, with the names Pelican's templates use for a page.

    ``previous`` is the newer neighbour and ``next`` the older one, as in Pelican.
    """

    number: int  # 0: the listing's own page; 1 and up: blocks from the oldest
    url: str
    save_as: str
    object_list: Sequence  # newest first
    previous: PageLink | None
    next: PageLink | None

    def has_previous(self) -> bool:
        return self.previous is not None

    def has_next(self) -> bool:
        return self.next is not None


def numbered_blocks(count: int, per_page: int) -> int:
    """How many numbered pages a listing of ``count`` articles gets: every block
    but the two newest (which the listing's own page shows)."""
    if per_page <= 0:
        return 0
    blocks = -(-count // per_page)  # the newest block may be short
    return max(0, blocks - 2)


def split_listing(
    items: Sequence, per_page: int, first: PageLink, numbered: list[PageLink]
) -> list[ListingPage]:
    """``items`` (newest first) as pages: the listing's own page, then the numbered
    pages from the newest down to page 1. ``numbered[k - 1]`` is page k's place;
    there must be ``numbered_blocks(len(items), per_page)`` of them."""
    if len(numbered) != numbered_blocks(len(items), per_page):
        raise ValueError(f"{len(numbered)} numbered pages for {len(items)} items")
    oldest_first = list(reversed(items))
    blocks = [oldest_first[k * per_page : (k + 1) * per_page] for k in range(len(numbered))]
    newest = oldest_first[len(numbered) * per_page :]
    links = [first, *reversed(numbered)]  # newest first, like the pages
    contents = [newest, *reversed(blocks)]
    return [
        ListingPage(
            number=link.number,
            url=link.url,
            save_as=link.save_as,
            object_list=list(reversed(block)),
            previous=links[i - 1] if i > 0 else None,
            next=links[i + 1] if i + 1 < len(links) else None,
        )
        for i, (link, block) in enumerate(zip(links, contents, strict=True))
    ]


def numbered_link(pattern_url: str, pattern_save_as: str, name: str, url: str, n: int) -> PageLink:
    """Page ``n`` of the listing saved as ``name`` at ``url``, placed by a Pelican
    PAGINATION_PATTERNS rule (its ``{base_name}``, ``{number}``... fields)."""
    base, extension = os.path.splitext(name)
    folder, file_name = os.path.split(name)
    fields = {
        "save_as": name,
        "url": url,
        "name": base,
        "base_name": folder if file_name in ("index.htm", "index.html") else base,
        "extension": extension,
        "number": n,
    }
    return PageLink(
        number=n,
        url=pattern_url.format(**fields).removeprefix("/"),
        save_as=pattern_save_as.format(**fields).removeprefix("/"),
    )
