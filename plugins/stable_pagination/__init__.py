"""Listing pages that keep their articles when new ones arrive ("stable pagination").

Pelican numbers pages from the newest article, so one new article changes every page
of every listing it is on. Here a listing is cut into blocks of ``per_page`` counted
from the OLDEST article: numbered pages (``page/1/`` holds the oldest) show one full
block each and never change; the listing's own page shows the two newest blocks. The
writer (plugins/output_record) uses ``StablePaginator`` when this plugin is in PLUGINS;
templates see Pelican's page contract (page 1, the listing's own, to ``num_pages``, the
oldest) and ``page.block``, the number in its URL (0 for the listing's own page).
"""

from __future__ import annotations

from collections import ChainMap
from functools import cached_property

from pelican.paginator import Page, PaginationRule, Paginator


class StablePage(Page):
    # Pelican's Page formats url and save_as from its number; a stable page is
    # placed by its block (plain attributes in place of those properties).
    url = save_as = None

    def __init__(self, paginator, number, block, object_list):
        super().__init__(
            paginator.name, paginator.url, object_list, number, paginator, paginator.settings
        )
        self.block = block
        self.url, self.save_as = self.base_url or "", self.full_name
        if block:  # where Pelican's last PAGINATION_PATTERNS rule puts a page `block`
            _, url, save_as = max(self.settings["PAGINATION_PATTERNS"], key=lambda rule: rule[0])
            rules = {"PAGINATION_PATTERNS": [PaginationRule(1, url, save_as)]}
            settings = ChainMap(rules, self.settings)  # not a copy of every setting per page
            place = Page(self.full_name, self.url, [], block, paginator, settings)
            self.url, self.save_as = place.url, place.save_as


class StablePaginator(Paginator):
    @cached_property
    def _blocks(self) -> list[tuple[int, list]]:
        """(block, articles) of each page, newest first: the listing's own page
        (the two newest blocks, the newest maybe short), then blocks n down to 1."""
        items, per_page, end = self.object_list, self.per_page, len(self.object_list)
        numbered = max(0, -(-end // per_page) - 2) if per_page else 0
        return [(0, items[: end - numbered * per_page])] + [
            (k, items[end - k * per_page : end - (k - 1) * per_page])
            for k in range(numbered, 0, -1)
        ]

    @property
    def num_pages(self) -> int:
        return len(self._blocks)

    def page(self, number: int) -> StablePage:
        return StablePage(self, number, *self._blocks[number - 1])


def register():
    pass  # nothing to connect: output_record's writer asks for StablePaginator
