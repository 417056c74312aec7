"""Stable pagination: blocks counted from the oldest article."""

import pytest
from stable_pagination import StablePaginator

PATTERN = ("{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")
FILE_PATTERN = ("/{name}/{number}{extension}", "{name}/{number}{extension}")
SETTINGS = {"PAGINATION_PATTERNS": [(1, "{url}", "{save_as}"), (2, *PATTERN)], "DEFAULT_ORPHANS": 0}


def pages_of(count, per_page, name="tag/x/index.html", url="tag/x/", settings=SETTINGS):
    items = list(range(count, 0, -1))  # newest first: count .. 1
    paginator = StablePaginator(name, url, items, settings, per_page)
    return [paginator.page(n) for n in paginator.page_range]


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, 0), (1, 0), (20, 0), (40, 0), (41, 1), (60, 1), (61, 2), (1000, 48), (1001, 49)],
)
def test_numbered_pages_are_every_block_but_the_two_newest(count, expected):
    assert len(pages_of(count, 20)) - 1 == expected


def test_first_page_shows_the_two_newest_blocks_and_numbered_pages_one_block_each():
    pages = pages_of(7, 3)
    assert [p.block for p in pages] == [0, 1]
    assert pages[0].object_list == [7, 6, 5, 4]  # blocks [7] and [4, 5, 6]
    assert pages[1].object_list == [3, 2, 1]
    assert (pages[1].url, pages[1].save_as) == ("tag/x/page/1/", "tag/x/page/1/index.html")


def test_links_run_from_the_newest_page_to_page_one():
    # The writer links page n to pages n - 1 (newer) and n + 1 (older) of the paginator.
    pages = pages_of(12, 2)  # six blocks: the first page shows two, pages 4..1 one each
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


def test_numbered_link_of_a_file_listing_uses_its_name():
    settings = {**SETTINGS, "PAGINATION_PATTERNS": [(1, "{url}", "{save_as}"), (2, *FILE_PATTERN)]}
    page = pages_of(5, 1, "a.html", "a.html", settings)[1]  # five blocks: page 2 is block 3
    assert (page.url, page.save_as) == ("a/3.html", "a/3.html")
