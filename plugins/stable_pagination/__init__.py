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
else is written again.

The site's writer (plugins/output_record) uses ``StablePaginator`` instead of
Pelican's when this plugin is in PLUGINS. Templates see Pelican's own objects:
``articles_paginator.page(n)`` and ``num_pages``, pages numbered 1 (the listing's
own page, the newest articles) to ``num_pages`` (the oldest), ``has_next()``,
``object_list``, ``url``, ``save_as``; each page also has ``block``, the number in
its URL (0 for the listing's own page).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from typing import NamedTuple

from pelican.paginator import Page, Paginator


class PageLink(NamedTuple):
    """Where a listing page is."""

    number: int  # 0: the listing's own page (the newest articles); 1 and up: blocks
    url: str
    save_as: str


class ListingPage(NamedTuple):
    number: int
    url: str
    save_as: str
    object_list: list  # newest first


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
    end = len(items)  # block k holds items[end - k * per_page : end - (k - 1) * per_page]
    return [ListingPage(*first, list(items[: end - len(numbered) * per_page]))] + [
        ListingPage(*link, list(items[end - k * per_page : end - (k - 1) * per_page]))
        for k, link in reversed(list(enumerate(numbered, 1)))
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


class StablePage(Page):
    # Page formats url and save_as from PAGINATION_PATTERNS and its number; here
    # each page is given its block's (plain attributes in place of those properties).
    url = save_as = None

    def __init__(self, paginator, number, listing_page):
        super().__init__(
            paginator.name, paginator.url, listing_page.object_list, number, paginator,
            paginator.settings,
        )  # fmt: skip
        self.block = listing_page.number
        self.url, self.save_as = listing_page.url, listing_page.save_as

    # A numbered page lists only its own articles in `articles` too: given the
    # whole list, it would change (and be written again) with every new article.
    @property
    def own_items_only(self) -> bool:
        return self.block > 0


class StablePaginator(Paginator):
    @cached_property
    def _pages(self):
        url = self.url or ""
        count = numbered_blocks(len(self.object_list), self.per_page)
        numbered = []
        if count:
            rules = [rule for rule in self.settings["PAGINATION_PATTERNS"] if rule[0] > 1]
            _, url_pattern, save_as_pattern = max(rules, key=lambda rule: rule[0])
            numbered = [
                numbered_link(url_pattern, save_as_pattern, self.name, url, n)
                for n in range(1, count + 1)
            ]
        return split_listing(self.object_list, self.per_page, PageLink(0, url, self.name), numbered)

    @property
    def num_pages(self) -> int:
        return len(self._pages)

    def page(self, number: int) -> StablePage:
        return StablePage(self, number, self._pages[number - 1])


def register():
    pass  # nothing to connect: output_record's writer asks for StablePaginator
