"""Stable pagination: blocks counted from the oldest article, as plain functions."""

import pytest
from stable_pagination import (
    PageLink,
    StablePaginator,
    numbered_blocks,
    numbered_link,
    split_listing,
)

PATTERN = ("{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")
FIRST = PageLink(0, "tag/x/", "tag/x/index.html")


def pages_of(count, per_page):
    items = list(range(count, 0, -1))  # newest first: count .. 1
    numbered = [
        numbered_link(*PATTERN, "tag/x/index.html", "tag/x/", n)
        for n in range(1, numbered_blocks(count, per_page) + 1)
    ]
    return split_listing(items, per_page, FIRST, numbered)


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, 0), (1, 0), (20, 0), (40, 0), (41, 1), (60, 1), (61, 2), (1000, 48), (1001, 49)],
)
def test_numbered_pages_are_every_block_but_the_two_newest(count, expected):
    assert numbered_blocks(count, 20) == expected


def test_first_page_shows_the_two_newest_blocks_and_numbered_pages_one_block_each():
    pages = pages_of(7, 3)
    assert [p.number for p in pages] == [0, 1]
    assert pages[0].object_list == [7, 6, 5, 4]  # blocks [7] and [4, 5, 6]
    assert pages[1].object_list == [3, 2, 1]
    assert (pages[1].url, pages[1].save_as) == ("tag/x/page/1/", "tag/x/page/1/index.html")


def test_links_run_from_the_newest_page_to_page_one():
    # The writer links page n to pages n - 1 (newer) and n + 1 (older) of the paginator.
    settings = {"PAGINATION_PATTERNS": [(1, "{url}", "{save_as}"), (2, *PATTERN)]}
    settings["DEFAULT_ORPHANS"] = 0
    items = list(range(12, 0, -1))  # six blocks: the first page shows two, pages 4..1 one each
    paginator = StablePaginator("tag/x/index.html", "tag/x/", items, settings, 2)
    pages = [paginator.page(n) for n in paginator.page_range]
    assert [p.block for p in pages] == [0, 4, 3, 2, 1]
    assert [p.url for p in pages[:2]] == ["tag/x/", "tag/x/page/4/"]
    assert [p.has_previous() for p in pages] == [False, True, True, True, True]
    assert [p.has_next() for p in pages] == [True, True, True, True, False]


def test_a_new_article_changes_only_the_first_page_until_it_starts_a_block():
    before = {p.url: p.object_list for p in pages_of(61, 20)}
    after = {p.url: p.object_list for p in pages_of(62, 20)}
    assert set(before) == set(after)
    assert [url for url in before if before[url] != after[url]] == ["tag/x/"]


def test_a_new_block_adds_one_numbered_page_and_keeps_the_others():
    before = {p.url: p.object_list for p in pages_of(60, 20)}
    after = {p.url: p.object_list for p in pages_of(61, 20)}
    assert set(after) - set(before) == {"tag/x/page/2/"}
    assert after["tag/x/page/1/"] == before["tag/x/page/1/"] == list(range(20, 0, -1))


def test_every_item_is_listed_once():
    for count in range(0, 50):
        listed = [item for page in pages_of(count, 4) for item in page.object_list]
        assert sorted(listed) == list(range(1, count + 1))


def test_the_wrong_number_of_places_is_refused():
    with pytest.raises(ValueError):
        split_listing(list(range(100)), 10, FIRST, [])


def test_numbered_link_of_a_file_listing_uses_its_name():
    link = numbered_link(
        "/{name}/{number}{extension}", "{name}/{number}{extension}", "a.html", "a.html", 3
    )
    assert (link.url, link.save_as) == ("a/3.html", "a/3.html")
