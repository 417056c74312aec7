"""Topics in built sites: tags on articles, topic pages, pagination and the topic index."""

from __future__ import annotations

import logging
import re

import pytest
from bs4 import BeautifulSoup
from sitebuild import build_site, rebuild

REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"
REAL_URL = "/" + REAL_PAGE.removesuffix("index.html")
SIX = {"Russia", "Syria", "United States", "Chemical weapons", "United Nations", "NATO"}


def soup(build, relative) -> BeautifulSoup:
    return BeautifulSoup(build.read(relative), "html.parser")


def article_tags(build, relative) -> list[tuple[str, str]]:
    """(name, href) of every rel=tag link on an article page."""
    return [
        (a.get_text(strip=True), a["href"]) for a in soup(build, relative).select('a[rel~="tag"]')
    ]


def listed_urls(build, relative) -> set[str]:
    return {a["href"] for a in soup(build, relative).find_all("a", href=True)}


def index_count(build, href) -> int:
    """The count shown beside the topic linked to ``href`` in /tags/ (A to Z list)."""
    items = [
        li
        for li in soup(build, "tags/index.html").select("ul.topic-index li")
        if li.find("a", href=href)
    ]
    assert len(items) == 1, f"{href} listed {len(items)} times in the A-to-Z list"
    numbers = re.findall(r"\((\d+)\)", items[0].get_text(" ", strip=True))
    assert numbers, items[0]
    return int(numbers[-1])


def markdown(title, date, body, tags=None, author="Ana Lima"):
    head = f"Title: {title}\nDate: {date}\nAuthor: {author}\n"
    if tags is not None:
        head += f"Tags: {tags}\n"
    return f"{head}\n{body}\n"


def seed(title, date, body, author="Kees Janssen"):
    return f"{title}\n\n{author}\n{date}\n\n{body}\n"


# --- The real seed -----------------------------------------------------------------


def test_real_seed_gets_two_to_eight_topics_about_its_story(real_site):
    names = [name for name, _ in article_tags(real_site, REAL_PAGE)]
    assert 2 <= len(names) <= 8, names
    assert len(SIX & set(names)) >= 4, names
    assert not {"WSWS", "Socialist Equality Party"} & {n for n in names}
    assert not [n for n in names if "wsws" in n.casefold() or "socialist equality" in n.casefold()]


def test_every_topic_page_of_the_real_seed_lists_it(real_site):
    for name, href in article_tags(real_site, REAL_PAGE):
        assert re.fullmatch(r"/tag/[a-z0-9-]+/", href), href
        page = href.lstrip("/") + "index.html"
        assert REAL_URL in listed_urls(real_site, page), f"{page} does not list the article"
        assert name in soup(real_site, page).h1.get_text()


def test_topic_index_shows_every_topic_with_its_count(real_site):
    for _, href in article_tags(real_site, REAL_PAGE):
        assert index_count(real_site, href) >= 1


def test_sample_seeds_get_vocabulary_topics(real_site):
    tagged = {}
    for path in real_site.article_pages():
        relative = str(path.relative_to(real_site.output))
        tagged[relative] = [name for name, _ in article_tags(real_site, relative)]
    schools = next(tags for page, tags in tagged.items() if "heatwave" in page)
    nurses = next(tags for page, tags in tagged.items() if "nurses" in page)
    assert {"Education", "Climate change"} <= set(schools)
    assert {"Health care", "Switzerland"} <= set(nurses)


# --- Counts, pages, pagination, slugs --------------------------------------------------

RUSSIA_BODY = "Russia and Moscow said the Kremlin would answer. Moscow waited."


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("topics_paged")
    content = {
        f"russia{n}.md": markdown(f"Kremlin note {n}", f"2024-01-0{n} 10:00", RUSSIA_BODY)
        for n in range(1, 6)
    }
    # A tag that looks like page 3 of another: each keeps its own pages.
    content |= {
        f"snake{n}.md": markdown(f"Snake story {n}", f"2024-02-0{n} 10:00", "Text.", "python")
        for n in range(1, 6)
    }
    content["version.md"] = markdown("Version three", "2024-03-01 10:00", "Text.", "python3")
    return build_site(root, content=content, DEFAULT_PAGINATION=2, SEARCH_INDEX=False)


def test_topic_pages_are_paginated_newest_first(paged_site):
    # Two a page, counted from the oldest: the topic's page shows the two newest
    # blocks ([5] and [3, 4]), page 1 the oldest block.
    pages = ["tag/russia/index.html", "tag/russia/page/1/index.html"]
    titles = [
        [a.get_text(strip=True) for a in soup(paged_site, page).select("h2 a, h3 a")
         if "Kremlin note" in a.get_text()]
        for page in pages
    ]  # fmt: skip
    assert titles == [
        ["Kremlin note 5", "Kremlin note 4", "Kremlin note 3"],
        ["Kremlin note 2", "Kremlin note 1"],
    ]
    assert not (paged_site.output / "tag/russia/page/2/index.html").exists()
    assert index_count(paged_site, "/tag/russia/") == 5


def test_a_tag_named_like_a_page_number_does_not_collide(paged_site):
    oldest_python_page = soup(paged_site, "tag/python/page/1/index.html").get_text()
    python3 = soup(paged_site, "tag/python3/index.html").get_text()
    assert "Snake story 1" in oldest_python_page and "Version three" not in oldest_python_page
    assert "Version three" in python3 and "Snake story" not in python3
    assert index_count(paged_site, "/tag/python/") == 5
    assert index_count(paged_site, "/tag/python3/") == 1


# --- Markdown articles, the fallback, settings ---------------------------------------


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("topics_mixed")
    content = {
        "written.md": markdown(
            "Letters from Damascus",
            "2024-04-01 10:00",
            "Nothing here names a country twice.",
            tags="syria, Climate Strike, SYRIA",
        ),
        "capital.md": markdown(
            "Aleppo rebuilds", "2024-04-02 10:00", "Syria and Syria again.", tags="Syria"
        ),
        "untagged.md": markdown(
            "Nurses strike in Lagos",
            "2024-04-03 10:00",
            "Nurses at hospitals across Nigeria walked out; the strike continues.",
        ),
    }
    seeds = {
        "harbour.txt": seed(
            "Dockers defy the Harbour Authority",
            "4 April 2024",
            "The Harbour Authority said the Harbour Authority would not talk.\n\n"
            "Kees Janssen of the Port Users Group said the Port Users Group agreed.\n\n"
            "Kees Janssen spoke for the WSWS. The WSWS and the Socialist Equality Party.\n\n"
            "The Socialist Equality Party met the Socialist Equality Party.",
        )
    }
    return build_site(root, seeds=seeds, content=content, SEARCH_INDEX=False)


def page_titled(build, title) -> str:
    for path in build.article_pages():
        relative = str(path.relative_to(build.output))
        if title in soup(build, relative).title.get_text():
            return relative
    raise AssertionError(f"no page titled {title!r}")


def test_written_tags_are_kept_and_merged_with_vocabulary_spelling(mixed_site):
    tags = article_tags(mixed_site, page_titled(mixed_site, "Letters from Damascus"))
    assert tags == [("Syria", "/tag/syria/"), ("Climate Strike", "/tag/climate-strike/")]
    # "syria" here and "Syria" there are one topic, shown as the vocabulary spells it.
    assert index_count(mixed_site, "/tag/syria/") == 2
    links = soup(mixed_site, "tags/index.html").select('ul.topic-index a[href="/tag/syria/"]')
    assert [a.get_text(strip=True) for a in links] == ["Syria"]


def test_markdown_without_tags_is_tagged_like_a_seed(mixed_site):
    names = [n for n, _ in article_tags(mixed_site, page_titled(mixed_site, "Nurses strike"))]
    assert {"Health care", "Strikes", "Nigeria"} <= set(names)


def test_fallback_topics_are_proper_names_and_are_logged(mixed_site):
    names = [n for n, _ in article_tags(mixed_site, page_titled(mixed_site, "Harbour Authority"))]
    assert names[:2] == ["Harbour Authority", "Port Users Group"]
    assert not [n for n in names if re.search(r"kees|janssen|wsws|socialist", n, re.I)]
    logged = [m for m in mixed_site.messages(logging.INFO) if "harbour.txt" in m]
    assert len(logged) == 1
    assert "Harbour Authority" in logged[0] and "topics.toml" in logged[0]


def test_topics_survive_a_rebuild_from_the_content_cache(mixed_site):
    before = {str(p.relative_to(mixed_site.output)) for p in mixed_site.files("tag/**/index.html")}
    again = rebuild(mixed_site.root, SEARCH_INDEX=False)
    after = {str(p.relative_to(again.output)) for p in again.files("tag/**/index.html")}
    assert after == before
    assert index_count(again, "/tag/syria/") == 2


def test_a_missing_vocabulary_is_one_clear_error_and_the_build_goes_on(tmp_path):
    build = build_site(
        tmp_path,
        content={"a.md": markdown("Moscow talks", "2024-05-01", RUSSIA_BODY)},
        TOPICS_VOCABULARY=str(tmp_path / "nowhere.toml"),
        TOPICS_MAX="many",
        SEARCH_INDEX=False,
    )
    errors = build.messages(logging.ERROR)
    assert [m for m in errors if "nowhere.toml" in m and "cannot read" in m]
    assert [m for m in errors if m.startswith("TOPICS_MAX must be a whole number")]
    assert build.article_pages()
