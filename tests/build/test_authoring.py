"""Pelican's own authoring conventions, built on a temporary site and read back:
several authors, `{static}`/`{filename}` links, `Lang:`, `Status: hidden`,
`Modified:`, scheduled (future-dated) articles, pages in the navigation, code."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from sitebuild import build_site

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

CONTENT = {
    "2024/03/two-authors.md": """Title: Two authors on the docks
Date: 2024-03-05 09:30
Modified: 2024-03-07 16:00
Authors: Ana Lima, Bo Chen
Tags: Ports

The port story, with a chart: ![Cargo by month]({static}/images/chart.png)
and a photo beside it: ![Crane]({static}crane.png).

See [the French story]({filename}/2024/03/french.md),
[the same, relative]({filename}french.md) and [about us]({filename}/pages/about.md).

```python
def total(values):
    return sum(values)
```
""",
    "2024/03/crane.png": PNG,
    "2024/03/french.md": "Title: Les dockers votent la grève\nDate: 2024-03-04 08:00\n"
    "Lang: fr\nAuthor: Ana Lima\nTags: Ports\n\nLes dockers ont voté.\n",
    "2024/03/broken.md": "Title: A story with a broken image\nDate: 2024-03-03 08:00\n"
    "Tags: Ports\n\nHere: ![gone]({static}/images/gone.png) and [x]({filename}nowhere.md).\n",
    "hidden.md": "Title: Hidden from every listing\nDate: 2024-03-06 08:00\n"
    "Status: hidden\nAuthor: Ana Lima\nTags: Ports\n\nOnly by its address.\n",
    "scheduled.md": "Title: Embargoed until next century\nDate: 2099-01-01 06:00\n"
    "Author: Ana Lima\nTags: Ports\n\nNot yet.\n",
    "images/chart.png": PNG,
    "pages/about.md": "Title: About\n\nWho we are.\n",
    "pages/contact.md": "Title: Contact\n\nWrite to us.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("authoring")
    return build_site(
        root, content=CONTENT, SEARCH_INDEX=False, MENUITEMS=(("Corrections", "/corrections/"),)
    )


def soup(build, relative) -> BeautifulSoup:
    return BeautifulSoup(build.read(relative), "html.parser")


TWO = "2024/03/05/two-authors-on-the-docks/index.html"
FRENCH = "2024/03/04/les-dockers-votent-la-greve/index.html"
HIDDEN = "2024/03/06/hidden-from-every-listing/index.html"


# --- Several authors ------------------------------------------------------------


def test_every_author_is_in_the_byline_meta_tags_and_json_ld(site):
    page = soup(site, TWO)
    byline = page.select_one(".story .byline")
    assert [a.get_text() for a in byline.select('a[rel~="author"]')] == ["Ana Lima", "Bo Chen"]
    assert byline.get_text(" ", strip=True).startswith("By Ana Lima and Bo Chen")
    assert [m["content"] for m in page.find_all("meta", attrs={"name": "author"})] == [
        "Ana Lima",
        "Bo Chen",
    ]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Lima", "url": "http://127.0.0.1:8000/author/ana-lima/"},
        {"@type": "Person", "name": "Bo Chen", "url": "http://127.0.0.1:8000/author/bo-chen/"},
    ]
    assert page.select_one('[data-pagefind-meta="author"]').get_text() == "Ana Lima and Bo Chen"


def test_each_authors_page_lists_the_article_with_both_names(site):
    for author in ("ana-lima", "bo-chen"):
        page = soup(site, f"author/{author}/index.html")
        card = next(
            item
            for item in page.select(".item")
            if item.select_one(".headline").get_text(strip=True) == "Two authors on the docks"
        )
        names = [a.get_text() for a in card.select('a[rel~="author"]')]
        assert names == ["Ana Lima", "Bo Chen"], author


# --- {static} and {filename} links -------------------------------------------------


def test_static_and_filename_links_resolve_from_content(site):
    prose = soup(site, TWO).select_one(".prose")
    images = {img["alt"]: img["src"] for img in prose.find_all("img")}
    assert images == {
        "Cargo by month": "/content/images/chart.png",
        "Crane": "/content/2024/03/crane.png",
    }
    for src in images.values():
        assert (site.output / src.lstrip("/")).read_bytes() == PNG
    links = {a.get_text(" ", strip=True): a["href"] for a in prose.find_all("a")}
    assert links == {
        "the French story": "/" + FRENCH.removesuffix("index.html"),
        "the same, relative": "/" + FRENCH.removesuffix("index.html"),
        "about us": "/about/",
    }
    assert "{filename}" not in site.read(TWO) and "{static}" not in site.read(TWO)


def test_a_link_to_no_file_is_one_warning_naming_the_article_and_the_link(site):
    warnings = [m for m in site.messages() if "broken.md" in m or "gone.png" in m]
    assert warnings == [
        "content/2024/03/broken.md: link {static}/images/gone.png does not resolve: no such file",
        "content/2024/03/broken.md: link {filename}nowhere.md does not resolve: no such file",
    ]
    assert not [m for m in site.messages() if "Unable to find" in m or "modification stamp" in m]


# --- Lang, Modified, hidden ----------------------------------------------------------


def test_lang_keeps_the_dated_address_and_sets_the_page_language(site):
    assert soup(site, FRENCH).html["lang"] == "fr"
    assert soup(site, TWO).html["lang"] == "en"
    assert not list(site.output.glob("*-fr.html"))


def test_modified_is_shown_as_updated(site):
    byline = soup(site, TWO).select_one(".story .byline")
    assert "Updated 7 March 2024" in byline.get_text(" ", strip=True)
    assert [t["datetime"][:10] for t in byline.find_all("time")] == ["2024-03-05", "2024-03-07"]
    french = soup(site, FRENCH).select_one(".story .byline")
    assert "Updated" not in french.get_text() and len(french.find_all("time")) == 1


def listed_pages(build):
    return [
        p.relative_to(build.output).as_posix()
        for p in build.files("**/index.html")
        if not p.relative_to(build.output).as_posix().startswith(("20", "drafts/"))
    ]


def test_hidden_article_is_reachable_by_its_address_only(site):
    page = soup(site, HIDDEN)
    assert page.h1.get_text() == "Hidden from every listing"
    assert not page.select("[data-pagefind-body]")
    address = "/" + HIDDEN.removesuffix("index.html")
    for relative in listed_pages(site):
        assert address not in site.read(relative), relative
    assert address not in site.read("sitemap.xml")
    for feed in site.files("feeds/**/*"):
        assert "hidden-from-every-listing" not in feed.read_text(encoding="utf-8"), feed
    assert soup(site, TWO).select("[data-pagefind-body]")


# --- Scheduled publishing ------------------------------------------------------------


def test_a_future_dated_article_is_only_a_draft_until_its_time(site):
    draft = soup(site, "drafts/embargoed-until-next-century/index.html")
    assert draft.h1.get_text() == "Embargoed until next century"
    assert not draft.select("[data-pagefind-body]")
    assert not list(site.output.glob("2099/**/*"))
    for relative in listed_pages(site):
        assert "Embargoed" not in site.read(relative), relative
    assert "embargoed" not in site.read("sitemap.xml")
    assert not [m for m in site.messages() if "CONTENT_CACHING_LAYER" in m]


def test_a_scheduled_article_is_published_by_the_first_build_after_its_time(tmp_path):
    content = {"soon.md": "Title: Soon\nDate: 2099-01-01\n\nText.\n"}
    build = build_site(tmp_path, content=content, SEARCH_INDEX=False)
    assert build.files("drafts/soon/index.html")
    later = build_site(tmp_path, content=content, SEARCH_INDEX=False, WITH_FUTURE_DATES=True)
    assert later.files("2099/01/01/soon/index.html")


# --- Pages and menu items ----------------------------------------------------------


def test_every_page_is_in_the_navigation_with_the_menu_items(site):
    nav = soup(site, "index.html").select_one("nav.site-nav")
    links = [(a.get_text(), a["href"]) for a in nav.find_all("a")]
    assert ("About", "/about/") in links and ("Contact", "/contact/") in links
    assert ("Corrections", "/corrections/") in links
    assert links[-1] == ("Subscribe", "#subscribe")
    contact = soup(site, "contact/index.html").select_one('nav.site-nav a[aria-current="page"]')
    assert contact.get_text() == "Contact"


def test_pages_kept_off_the_menu_are_linked_from_the_footer(tmp_path):
    content = {key: value for key, value in CONTENT.items() if key.startswith("pages/")}
    build = build_site(tmp_path, content=content, SEARCH_INDEX=False, DISPLAY_PAGES_ON_MENU=False)
    page = soup(build, "index.html")
    assert not page.select_one("nav.site-nav").find("a", string="Contact")
    footer = {a.get_text(): a["href"] for a in page.select("footer .footer-nav a")}
    assert footer["About"] == "/about/" and footer["Contact"] == "/contact/"


# --- Code and images -------------------------------------------------------------------


def test_code_is_coloured_by_class_and_takes_focus(site):
    block = soup(site, TWO).select_one(".prose .highlight pre")
    assert block["tabindex"] == "0"
    assert block.select_one("span.k").get_text() == "def"
    assert "style" not in str(block)


def test_og_image_is_the_articles_first_image_when_there_is_one(tmp_path):
    content = {
        "with.md": "Title: With\nDate: 2024-03-05\n\n![c]({static}/images/chart.png)\n",
        "without.md": "Title: Without\nDate: 2024-03-04\n\nNo image.\n",
        "images/chart.png": PNG,
    }
    build = build_site(tmp_path, content=content, SEARCH_INDEX=False)
    with_image = soup(build, "2024/03/05/with/index.html").find("meta", property="og:image")
    assert with_image["content"] == "http://127.0.0.1:8000/content/images/chart.png"
    assert not soup(build, "2024/03/04/without/index.html").find("meta", property="og:image")


# --- The header `make new` writes ----------------------------------------------------


def test_empty_tags_and_summary_are_as_if_absent(tmp_path):
    content = {
        "2024/03/new.md": "Title: A new story\nDate: 2024-03-05 09:30\nAuthor: Ana Lima\n"
        "Tags:\nSummary:\n\nThe first paragraph is the standfirst.\n\nThe second is not.\n"
    }
    build = build_site(tmp_path, content=content, SEARCH_INDEX=False)
    card = soup(build, "index.html").select_one(".item")
    assert card.select_one(".standfirst").get_text(strip=True) == (
        "The first paragraph is the standfirst."
    )
    assert not build.messages()
