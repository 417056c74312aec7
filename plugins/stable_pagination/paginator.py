"""A Paginator with Pelican's contract whose numbered pages never change once full.

Pelican numbers a listing's pages from the newest article, so every new article
moves all the others one place and every page of the listing changes. Here the
listing is cut into blocks counted from the oldest article (``blocks``): the
URL of ``page/N/`` names block N, which never changes once full. Templates see
Pelican's own objects: ``articles_paginator.page(n)`` and ``num_pages``, pages
numbered 1 (the listing's own page, the newest articles) to ``num_pages`` (the
oldest), ``has_next()``, ``object_list``, ``url``, ``save_as``; each page also
has ``block``, the number in its URL (0 for the listing's own page).
"""

from __future__ import annotations

from functools import cached_property

from pelican.paginator import Page, Paginator

from .blocks import PageLink, numbered_blocks, numbered_link, split_listing


class StablePage(Page):
    def __init__(self, paginator, number, listing_page):
        # Page's url and save_as come from PAGINATION_PATTERNS and the number;
        # here they come from the block, so they are set from the listing page.
        super().__init__(
            paginator.name, paginator.url, listing_page.object_list, number, paginator,
            paginator.settings,
        )  # fmt: skip
        self.block = listing_page.number
        self._place = listing_page

    @property
    def url(self):
        return self._place.url

    @property
    def save_as(self):
        return self._place.save_as

    # A numbered page lists only its own articles in `articles` too: given the
    # whole list, it would change (and be written again) with every new article.
    @property
    def own_items_only(self) -> bool:
        return self.block > 0


class StablePaginator(Paginator):
    @cached_property
    def _pages(self):
        rules = [rule for rule in self.settings.get("PAGINATION_PATTERNS", ()) if rule[0] > 1]
        if not rules:
            return [PageLink(0, self.url or "", self.name)], [self.object_list]
        _, url_pattern, save_as_pattern = max(rules, key=lambda rule: rule[0])
        first = PageLink(0, self.url or "", self.name)
        numbered = [
            numbered_link(url_pattern, save_as_pattern, self.name, self.url or "", n)
            for n in range(1, numbered_blocks(len(self.object_list), self.per_page) + 1)
        ]
        return split_listing(self.object_list, self.per_page, first, numbered)

    @property
    def num_pages(self) -> int:
        return len(self._pages)

    def page(self, number: int) -> StablePage:
        return StablePage(self, number, self._pages[number - 1])
