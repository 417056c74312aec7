"""A Paginator with Pelican's contract whose numbered pages never change once full.

The site's writer (plugins/output_record) uses ``StablePaginator`` instead of
Pelican's when this plugin is in PLUGINS. The URL of ``page/N/`` names block N,
counted from the oldest article (``blocks``). Templates see Pelican's own objects:
``articles_paginator.page(n)`` and ``num_pages``, pages numbered 1 (the listing's
own page, the newest articles) to ``num_pages`` (the oldest), ``has_next()``,
``object_list``, ``url``, ``save_as``; each page also has ``block``, the number in
its URL (0 for the listing's own page).
"""

from __future__ import annotations

from functools import cached_property

from pelican.paginator import Page, Paginator

from .blocks import PageLink, numbered_blocks, numbered_link, split_listing


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
