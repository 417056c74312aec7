"""Sections in built sites: `Category:` or the strongest mapped topic files an article; the
kicker, the section pages (paginated, with feeds), the section index and the navigation."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from sitebuild import PROJECT, build_site, rebuild

RUSSIA = "Russia and Moscow said the Kremlin would answer. Moscow waited."
STRIKE = "The strike went on; the strike spread, a third strike began. Russia and Russia watched."


def soup(build, relative) -> BeautifulSoup:
    return BeautifulSoup(build.read(relative), "html.parser")


def markdown(title, date, body, category=None, tags=None, status=None):
    head = f"Title: {title}\nDate: {date}\nAuthor: Ana Lima\n"
    for name, value in (("Category", category), ("Tags", tags), ("Status", status)):
        if value is not None:
            head += f"{name}: {value}\n"
    return f"{head}\n{body}\n"


def seed(title, date, body):
    return f"{title}\n\nKees Janssen\n{date}\n\n{body}\n"


def page_of(build, title) -> str:
    for path in build.files("**/index.html"):
        relative = str(path.relative_to(build.output))
        if soup(build, relative).h1.get_text(strip=True) == title:
            return relative
    raise AssertionError(f"no page titled {title!r}")


def kicker(build, title) -> tuple[str, str]:
    link = soup(build, page_of(build, title)).select_one(".story-head .kicker a")
    return link.get_text(strip=True), link["href"]


def listed(build, relative) -> list[str]:
    return [a.get_text(strip=True) for a in soup(build, relative).select(".listing h2 a, h3 a")]


HARBOUR = (
    "The Harbour Authority said the Harbour Authority would not talk.\n\n"
    "The Port Users Group said the Port Users Group agreed."
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("sections")
    content = {
        "labor.md": markdown("Dockers vote", "2024-03-05 09:30", "Text.", category="Labor"),
        # The author's section wins over the one its topics map to.
        "written.md": markdown("Kremlin note", "2024-03-06 09:30", RUSSIA, category="Labor"),
        "untagged.md": markdown("Quiet day", "2024-03-07 09:30", "Nothing much happened."),
        "draft.md": markdown(
            "Draft plan", "2024-03-08 09:30", "Text.", category="Labor", status="draft"
        ),
    }
    seeds = {
        "moscow.txt": seed("Moscow answers", "1 March 2024", RUSSIA),
        "strike.txt": seed("Dockers walk out", "2 March 2024", STRIKE),
        "harbour.txt": seed("Dockers defy the Harbour Authority", "3 March 2024", HARBOUR),
    }
    return build_site(
        root,
        seeds=seeds,
        content=content,
        SEARCH_INDEX=False,
        FEEDS_SECTION_ATOM="feeds/section/{slug}.atom.xml",
        FEEDS_SECTION_RSS="feeds/section/{slug}.rss.xml",
        FEEDS_SECTION_JSON="feeds/section/{slug}.json",
    )


def test_a_written_category_is_the_kicker_and_has_a_section_page(site):
    assert kicker(site, "Dockers vote") == ("Labor", "/section/labor/")
    assert kicker(site, "Kremlin note") == ("Labor", "/section/labor/")
    page = soup(site, "section/labor/index.html")
    assert page.h1.get_text(strip=True) == "Labor"
    assert {"Dockers vote", "Kremlin note", "Dockers walk out"} <= set(
        listed(site, "section/labor/index.html")
    )
    assert "Labor" in page.title.get_text()


def test_a_seed_gets_the_section_of_its_strongest_topic(site):
    assert kicker(site, "Moscow answers") == ("World", "/section/world/")
    # Strikes (three mentions) is stronger than Russia (two): Labor, not World.
    assert kicker(site, "Dockers walk out") == ("Labor", "/section/labor/")
    assert listed(site, "section/world/index.html") == ["Moscow answers"]


def test_an_article_with_neither_gets_the_default_category(site):
    assert kicker(site, "Dockers defy the Harbour Authority") == ("News", "/section/news/")
    assert kicker(site, "Quiet day") == ("News", "/section/news/")


def test_drafts_build_with_their_section_and_stay_unlisted(site):
    assert (site.output / "drafts/draft-plan/index.html").exists()
    assert kicker(site, "Draft plan") == ("Labor", "/section/labor/")
    assert "Draft plan" not in listed(site, "section/labor/index.html")


def test_the_navigation_and_the_index_list_every_section(site):
    for relative in ("index.html", "section/labor/index.html", page_of(site, "Quiet day")):
        nav = soup(site, relative).select("header nav.section-nav a")
        assert [(a.get_text(strip=True), a["href"]) for a in nav] == [
            ("Labor", "/section/labor/"),
            ("News", "/section/news/"),
            ("World", "/section/world/"),
        ]
    current = soup(site, "section/labor/index.html").select(".section-nav a[aria-current]")
    assert [a["href"] for a in current] == ["/section/labor/"]
    index = soup(site, "sections/index.html")
    counts = {
        a.get_text(strip=True): a.parent.get_text(" ", strip=True)
        for a in index.select("main li a")
    }
    assert counts == {"Labor": "Labor (3)", "News": "News (2)", "World": "World (1)"}
    assert not (site.output / "category").exists()


def test_a_section_page_links_its_feeds(site):
    page = soup(site, "section/labor/index.html")
    links = {}  # the first feed of each type: the section's own, before the site's
    for link in page.select('head link[rel="alternate"]'):
        links.setdefault(link["type"], link["href"])
    assert links["application/atom+xml"] == "/feeds/section/labor.atom.xml"
    assert links["application/rss+xml"] == "/feeds/section/labor.rss.xml"
    assert links["application/feed+json"] == "/feeds/section/labor.json"
    body = [a["href"] for a in page.select(".listing-links a")]
    assert "/feeds/section/labor.atom.xml" in body


def test_without_section_feed_settings_nothing_is_linked(tmp_path):
    build = build_site(
        tmp_path,
        content={"a.md": markdown("Dockers vote", "2024-03-05", "Text.", category="Labor")},
        SEARCH_INDEX=False,
        FEEDS_SECTION_RSS=None,
        FEEDS_SECTION_ATOM=None,
        FEEDS_SECTION_JSON=None,
    )
    assert "feeds/section" not in build.read("section/labor/index.html")
    assert not build.messages(logging.WARNING)


def test_section_pages_are_paginated_like_topics(tmp_path):
    content = {
        f"s{n}.md": markdown(f"Strike day {n}", f"2024-01-0{n} 10:00", "Text.", category="Labor")
        for n in range(1, 6)
    }
    build = build_site(tmp_path, content=content, DEFAULT_PAGINATION=2, SEARCH_INDEX=False)
    first = [t for t in listed(build, "section/labor/index.html") if t.startswith("Strike")]
    oldest = [t for t in listed(build, "section/labor/page/1/index.html") if t.startswith("Strike")]
    assert first == ["Strike day 5", "Strike day 4", "Strike day 3"]
    assert oldest == ["Strike day 2", "Strike day 1"]
    numbered = soup(build, "section/labor/page/1/index.html")
    assert "page 1" in numbered.title.get_text()
    assert "page" not in soup(build, "section/labor/index.html").title.get_text()
    # The count is the section's, shown on its own page only.
    assert "5 articles" in soup(build, "section/labor/index.html").select_one(".listing-links").text
    assert "articles" not in numbered.select_one(".listing-links").text


def test_a_changed_mapping_refiles_an_unchanged_seed(tmp_path):
    vocabulary = tmp_path / "topics.toml"
    text = (PROJECT / "topics.toml").read_text(encoding="utf-8")
    vocabulary.write_text(text, encoding="utf-8")
    seeds = {"moscow.txt": seed("Moscow answers", "1 March 2024", RUSSIA)}
    first = build_site(
        tmp_path / "site", seeds=seeds, TOPICS_VOCABULARY=str(vocabulary), SEARCH_INDEX=False
    )
    assert kicker(first, "Moscow answers") == ("World", "/section/world/")
    vocabulary.write_text(text.replace('"Russia", "Belarus"', '"Belarus"'), encoding="utf-8")
    second = rebuild(tmp_path / "site", TOPICS_VOCABULARY=str(vocabulary), SEARCH_INDEX=False)
    assert kicker(second, "Moscow answers") == ("News", "/section/news/")
    vocabulary.write_text(text.replace('"Labor" = [', '"Labor" = ["Russia", '), encoding="utf-8")
    third = rebuild(tmp_path / "site", TOPICS_VOCABULARY=str(vocabulary), SEARCH_INDEX=False)
    assert kicker(third, "Moscow answers") == ("World", "/section/world/")
    assert third.messages(logging.WARNING) == [
        f"topics: {vocabulary}: topic 'Russia' is listed under sections 'World' and 'Labor'; "
        "kept for 'World'"
    ]


def test_a_section_has_one_spelling_and_an_empty_category_is_none(tmp_path):
    content = {
        "a.md": markdown("Dockers vote", "2024-03-05", "Text.", category="labor"),
        "b.md": markdown("Chess final", "2024-03-06", "Text.", category="games desk"),
        "c.md": markdown("Go final", "2024-03-07", "Text.", category="Games Desk"),
        "d.md": markdown("Quiet day", "2024-03-08", "Text.", category=""),
    }
    build = build_site(tmp_path, content=content, SEARCH_INDEX=False)
    # As topics.toml spells it; a section it does not know, as its newest article does.
    assert kicker(build, "Dockers vote") == ("Labor", "/section/labor/")
    assert kicker(build, "Chess final") == ("Games Desk", "/section/games-desk/")
    assert kicker(build, "Quiet day") == ("News", "/section/news/")
    nav = soup(build, "index.html").select("header nav.section-nav a")
    assert [a.get_text(strip=True) for a in nav] == ["Games Desk", "Labor", "News"]
    assert not build.messages(logging.WARNING)
