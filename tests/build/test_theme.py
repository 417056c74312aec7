"""The news theme, read from built pages: head, pages, listings, weight, contracts."""

from __future__ import annotations

import gzip
import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import PROJECT, build_site

REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"
STYLESHEET = PROJECT / "theme" / "static" / "css" / "style.css"
HOSTILE_TITLE = '</script><script>alert("x")</script> & Co\'s "plan"'
NAV_LABELS = ["Front page", "Topics", "Archives", "Search", "About", "Subscribe"]


def markdown(title, date, tags, author="Ana Lima", body="A standfirst paragraph."):
    return (
        f"Title: {title}\nDate: {date}\nAuthor: {author}\nTags: {', '.join(tags)}\n\n"
        f"{body}\n\nA second paragraph that is not the standfirst.\n"
    )


THEME_CONTENT = {
    "a1.md": markdown("Dockers strike at three ports", "2024-03-05 09:30", ["Strikes", "Ports"]),
    "a2.md": markdown("Port owners answer strikers", "2024-03-05 12:00", ["Strikes", "Ports"]),
    "a3.md": markdown("Teachers join the strike", "2024-03-06 08:00", ["Strikes", "Education"]),
    "a4.md": markdown("Schools close for the day", "2024-03-06 10:00", ["Education"], "Bo Chen"),
    "a5.md": markdown("Strike ends with a deal", "2024-03-08 18:00", ["Strikes"], "Bo Chen"),
    "a6.md": markdown("A quiet day in parliament", "2024-02-20 18:00", ["Parliament"]),
    "hostile.md": markdown(HOSTILE_TITLE, "2023-12-31 23:00", ["Strikes"]),
    "pages/about.md": "Title: About\n\nWho we are, with a [link](https://example.org/).\n",
}


@pytest.fixture(scope="module")
def theme_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("theme_site")
    return build_site(root, content=THEME_CONTENT, DEFAULT_PAGINATION=3, SEARCH_INDEX=False)


def soup(build, relative) -> BeautifulSoup:
    return BeautifulSoup(build.read(relative), "html.parser")


def page_of(build, title) -> str:
    for path in build.article_pages():
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if page.h1.get_text(strip=True) == title:
            return path.relative_to(build.output).as_posix()
    raise AssertionError(f"no article page titled {title!r}")


def html_pages(build):
    return [
        p.relative_to(build.output).as_posix()
        for p in build.files("**/*.html")
        if "pagefind" not in p.parts and "theme" not in p.parts
    ]


# --- Head of every page ------------------------------------------------------


def test_every_page_has_the_full_head(real_site):
    for relative in html_pages(real_site):
        head = soup(real_site, relative).head
        assert head.title.get_text(strip=True), relative
        assert head.find("meta", attrs={"name": "viewport"}), relative
        assert head.find("meta", attrs={"name": "description"})["content"].strip(), relative
        for prop in ("og:title", "og:description", "og:type", "og:site_name"):
            assert head.find("meta", property=prop)["content"].strip(), (relative, prop)
        assert head.find("meta", attrs={"name": "twitter:card"}), relative
        icon = head.find("link", rel="icon")
        assert icon["type"] == "image/svg+xml" and icon["href"].endswith(".svg"), relative
        stylesheets = head.find_all("link", rel="stylesheet")
        assert [s["href"] for s in stylesheets][:1] == ["/theme/css/style.css"], relative


def test_every_page_links_the_site_feeds(real_site):
    settings = real_site_settings()
    expected = {
        ("application/rss+xml", "/" + settings["FEEDS_SITE_RSS"]),
        ("application/atom+xml", "/" + settings["FEEDS_SITE_ATOM"]),
        ("application/feed+json", "/" + settings["FEEDS_SITE_JSON"]),
    }
    for relative in html_pages(real_site):
        links = soup(real_site, relative).head.find_all("link", rel="alternate")
        assert all(link.get("title") for link in links), relative
        assert {(link["type"], link["href"]) for link in links} >= expected, relative


def real_site_settings():
    from sitebuild import site_settings

    return site_settings(PROJECT)


def test_canonical_and_og_url_are_absolute_and_name_the_page(real_site):
    page = soup(real_site, REAL_PAGE)
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == "http://127.0.0.1:8000/" + REAL_PAGE.removesuffix("index.html")
    assert page.find("meta", property="og:url")["content"] == canonical
    front = soup(real_site, "index.html").find("link", rel="canonical")["href"]
    assert front == "http://127.0.0.1:8000/"


def test_published_site_uses_siteurl(tmp_path):
    build = build_site(
        tmp_path, content=THEME_CONTENT, SITEURL="https://news.example.org", SEARCH_INDEX=False
    )
    page = soup(build, page_of(build, "Strike ends with a deal"))
    assert page.find("link", rel="canonical")["href"].startswith("https://news.example.org/20")
    assert "Sitemap: https://news.example.org/sitemap.xml" in build.read("robots.txt")


def test_article_head_describes_the_article(real_site):
    head = soup(real_site, REAL_PAGE).head
    assert head.find("meta", property="og:type")["content"] == "article"
    assert head.find("meta", property="article:published_time")["content"].startswith("2017-04-13")
    description = head.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Five hours of talks Wednesday")
    assert "<" not in description
    tags = [a.get_text() for a in soup(real_site, REAL_PAGE).select('a[rel~="tag"]')]
    assert [m["content"] for m in head.find_all("meta", property="article:tag")] == tags


# --- Article page ------------------------------------------------------------


def test_article_page_has_byline_date_reading_time_and_topics(real_site):
    page = soup(real_site, REAL_PAGE)
    assert page.h1.get_text(strip=True) == (
        "Talks in Moscow fail to dispel rising US-Russian tensions"
    )
    author = page.select_one('a[rel~="author"]')
    assert author.get_text() == "Bill Van Auken"
    assert (real_site.output / author["href"].lstrip("/") / "index.html").exists()
    assert page.select_one(".story time")["datetime"].startswith("2017-04-13")
    assert re.search(r"\b\d+ min read\b", page.select_one(".byline").get_text())
    for tag in page.select('a[rel~="tag"]'):
        assert (real_site.output / tag["href"].lstrip("/") / "index.html").exists(), tag


def test_article_topics_link_with_rel_tag(theme_site):
    page = soup(theme_site, page_of(theme_site, "Teachers join the strike"))
    links = page.select('.story a[rel~="tag"]')
    assert [a.get_text() for a in links] == ["Strikes", "Education"]
    assert all(a["href"].startswith("/tag/") for a in links)


def test_search_indexes_headline_and_body_only(real_site, theme_site):
    for build, relative in (
        (real_site, REAL_PAGE),
        (theme_site, page_of(theme_site, "Strike ends with a deal")),
    ):
        page = soup(build, relative)
        bodies = page.select("[data-pagefind-body]")
        assert len(bodies) == 1, relative
        body = bodies[0]
        assert body.find("h1")["data-pagefind-meta"] == "title"
        assert body.select_one(".prose")
        assert not body.find_parent(["nav", "footer", "aside"])
        assert not body.select("nav, footer, aside, .related, .neighbours")
        # The byline is chrome: not indexed, yet its metadata and filters count.
        meta = body.select_one("[data-pagefind-ignore]")
        assert meta.select_one('[data-pagefind-meta="author"]').get_text() == (
            page.select_one('a[rel~="author"]').get_text()
        )
        date = meta.select_one('time[data-pagefind-meta^="date:"]')
        assert date["data-pagefind-meta"] == "date:" + date.get_text()
        tags = page.select('a[rel~="tag"]')
        assert all(a.get("data-pagefind-filter") == "topic" for a in tags)


def test_listing_pages_are_not_indexed(theme_site):
    for relative in html_pages(theme_site):
        is_article = relative.startswith("20")
        assert bool(soup(theme_site, relative).select("[data-pagefind-body]")) == is_article, (
            relative
        )


def test_related_articles_share_topics_and_name_the_main_one(theme_site):
    page = soup(theme_site, page_of(theme_site, "Dockers strike at three ports"))
    related = page.select_one("aside.related")
    assert related.h2.get_text() == "More on Strikes"
    titles = [a.get_text() for a in related.select("li a")]
    # Shares both topics first, then the closest in time that share one.
    assert titles[0] == "Port owners answer strikers"
    assert set(titles) == {
        "Port owners answer strikers",
        "Teachers join the strike",
        "Strike ends with a deal",
        HOSTILE_TITLE,
    }
    assert len(titles) <= 5


def test_no_related_block_without_shared_topics(theme_site):
    page = soup(theme_site, page_of(theme_site, "A quiet day in parliament"))
    assert page.select_one("aside.related") is None


def test_newer_and_older_links(theme_site):
    page = soup(theme_site, page_of(theme_site, "Schools close for the day"))
    assert page.select_one('.neighbours a[rel="next"]').get_text(" ", strip=True) == (
        "Newer Strike ends with a deal"
    )
    assert page.select_one('.neighbours a[rel="prev"]').get_text(" ", strip=True) == (
        "Older Teachers join the strike"
    )


def test_hostile_title_is_escaped_everywhere(theme_site):
    relative = page_of(theme_site, HOSTILE_TITLE)
    html = theme_site.read(relative)
    assert "<script>alert" not in html
    scripts = soup(theme_site, relative).find_all("script")
    assert [s["type"] for s in scripts] == ["application/ld+json"]
    assert json.loads(scripts[0].string)["headline"] == HOSTILE_TITLE
    assert "<script>alert" not in theme_site.read("index.html")


# --- Listings ----------------------------------------------------------------


def test_front_page_is_a_digest_grouped_by_day_newest_first(theme_site):
    page = soup(theme_site, "index.html")
    days = page.select("main section.day")
    assert [d.h2.time["datetime"] for d in days] == ["2024-03-08", "2024-03-06", "2024-03-05"]
    assert days[0].h2.get_text(strip=True) == "Friday 8 March 2024"
    # Seven articles, three a page: the front page shows the two newest blocks of three
    # counted from the oldest (one short), and page 1 the oldest three.
    headlines = [h.get_text(strip=True) for h in page.select(".item .headline")]
    assert headlines == [
        "Strike ends with a deal",
        "Schools close for the day",
        "Teachers join the strike",
        "Port owners answer strikers",
    ]
    item = page.select_one(".item")
    assert item.select_one(".standfirst").get_text(strip=True) == "A standfirst paragraph."
    assert item.select_one('a[rel~="author"]').get_text() == "Bo Chen"
    assert item.select_one("time")["datetime"].startswith("2024-03-08")
    assert "min read" in item.select_one(".byline").get_text()
    assert [a.get_text() for a in item.select('a[rel~="tag"]')] == ["Strikes"]


def test_front_page_paginates_on_its_own_path_segment(theme_site):
    nav = soup(theme_site, "index.html").select_one("nav.pagination")
    assert nav.select_one('a[rel="next"]')["href"] == "/page/1/"
    assert nav.select_one('a[rel="prev"]') is None
    older = soup(theme_site, "page/1/index.html")
    older_nav = older.select_one("nav.pagination")
    assert older_nav.select_one('a[rel="prev"]')["href"] == "/"
    assert older_nav.select_one('a[rel="next"]') is None
    assert older.title.get_text().startswith("Page 1")
    # A numbered page says which days it covers, not "page 1 of N": N changes.
    assert older_nav.span.get_text() == "31 December 2023 – 5 March 2024"
    assert [h.get_text(strip=True) for h in older.select(".item .headline")] == [
        "Dockers strike at three ports",
        "A quiet day in parliament",
        HOSTILE_TITLE,
    ]
    assert not (theme_site.output / "page/2/index.html").exists()


def test_topic_page_newest_first_paginated_with_feeds_and_subscribe(theme_site):
    settings = real_site_settings()
    page = soup(theme_site, "tag/strikes/index.html")
    assert page.h1.get_text() == "Strikes"
    headlines = [h.get_text(strip=True) for h in page.select(".item .headline")]
    # Five articles fit in the two newest blocks of three: one page, no page links.
    assert headlines == [
        "Strike ends with a deal",
        "Teachers join the strike",
        "Port owners answer strikers",
        "Dockers strike at three ports",
        HOSTILE_TITLE,
    ]
    assert page.select_one("nav.pagination") is None
    assert not (theme_site.output / "tag/strikes/page/1/index.html").exists()
    rss = "/" + settings["FEEDS_TAG_RSS"].format(slug="strikes")
    atom = "/" + settings["FEEDS_TAG_ATOM"].format(slug="strikes")
    alternates = {
        (link["type"], link["href"]) for link in page.head.find_all("link", rel="alternate")
    }
    assert {("application/rss+xml", rss), ("application/atom+xml", atom)} <= alternates
    visible = {a["href"]: a.get_text() for a in page.select(".listing-head a")}
    assert visible.get(rss) == "RSS" and visible.get(atom) == "Atom"
    assert "Subscribe" in page.select_one(".listing-head").get_text()


def test_front_page_has_a_visible_subscribe_link(theme_site):
    page = soup(theme_site, "index.html")
    link = page.find("main").find("a", string="Subscribe")
    assert link["href"] == "#subscribe"
    assert page.find(id="subscribe").select('a[href$=".xml"], a[href$=".json"]')


def test_topic_index_lists_topics_a_to_z_with_counts_and_top_topics_first(theme_site):
    page = soup(theme_site, "tags/index.html")
    rows = [li.get_text(" ", strip=True) for li in page.select("ul.topic-index li")]
    assert rows == ["Education (2)", "Parliament (1)", "Ports (2)", "Strikes (5)"]
    top = [li.get_text(" ", strip=True) for li in page.select(".top-topics li")]
    assert top[0] == "Strikes (5)"
    assert top[1:3] == ["Education (2)", "Ports (2)"]
    assert page.select_one(".top-topics").find_next("ul", class_="topic-index")


def test_authors_index_and_author_pages(theme_site):
    page = soup(theme_site, "authors/index.html")
    rows = [li.get_text(" ", strip=True) for li in page.select("main li")]
    assert rows == ["Ana Lima (5)", "Bo Chen (2)"]
    author = soup(theme_site, "author/bo-chen/index.html")
    assert author.h1.get_text() == "Bo Chen"
    assert len(author.select(".item")) == 2


def test_archives_by_year_and_month(theme_site):
    page = soup(theme_site, "archives/index.html")
    years = [h.get_text(strip=True) for h in page.select(".archive-year h2")]
    assert years == ["2024", "2023"]
    months = [li.get_text(" ", strip=True) for li in page.select(".archive-year")[0].select("li")]
    assert months == ["March (5)", "February (1)"]
    assert page.select_one(".archive-year a")["href"] == "/archives/2024/"
    month = soup(theme_site, "archives/2024/03/index.html")
    assert month.h1.get_text() == "March 2024"
    assert len(month.select(".item")) == 5
    year = soup(theme_site, "archives/2024/index.html")
    assert year.h1.get_text() == "2024"
    assert year.select_one("ul.months a")["href"] == "/archives/2024/03/"


def test_year_archive_lists_months_and_headlines_not_the_digest(theme_site):
    year = soup(theme_site, "archives/2024/index.html")
    assert not year.select(".item, .standfirst")
    months = year.select("section.archive-month")
    heads = [m.h2.get_text(" ", strip=True) for m in months]
    assert heads == ["March 2024 (5)", "February 2024 (1)"]
    assert months[0].h2.a["href"] == "/archives/2024/03/"
    march = [a.get_text() for a in months[0].select("ul.headlines a")]
    assert march == [
        "Strike ends with a deal",
        "Schools close for the day",
        "Teachers join the strike",
        "Port owners answer strikers",
        "Dockers strike at three ports",
    ]
    link = months[0].select_one("ul.headlines a")["href"]
    assert (theme_site.output / link.lstrip("/") / "index.html").exists()
    assert months[0].select_one("time")["datetime"].startswith("2024-03-08")
    assert (
        HOSTILE_TITLE
        in soup(theme_site, "archives/2023/index.html").select_one("ul.headlines a").get_text()
    )


def test_about_page(theme_site):
    page = soup(theme_site, "about/index.html")
    assert page.h1.get_text() == "About"
    assert page.select_one('nav.site-nav a[aria-current="page"]').get_text() == "About"


def test_not_found_page_at_the_root(theme_site):
    page = soup(theme_site, "404.html")
    assert page.h1.get_text() == "Page not found"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical") is None
    # Served for any missing path, so its links must not be relative to it.
    assert all(a["href"].startswith(("/", "#", "http")) for a in page.select("a[href]"))


def test_header_navigation_on_every_page(theme_site):
    for relative in html_pages(theme_site):
        page = soup(theme_site, relative)
        nav = page.select_one("header nav.site-nav")
        assert [a.get_text() for a in nav.select("a")] == NAV_LABELS, relative
        assert nav.find("a", string="Search")["href"] == "/search/"
        assert page.select_one("a.skip-link")["href"] == "#main"
        assert page.find("main", id="main")
        assert page.find("footer").find(id="subscribe")


# --- Sitemap and robots ------------------------------------------------------


def test_robots_points_to_the_sitemap(real_site):
    robots = real_site.read("robots.txt")
    assert "User-agent: *" in robots
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
    assert (real_site.output / "sitemap.xml").exists()


def test_sitemap_lists_articles_not_the_404_or_robots(real_site):
    sitemap = real_site.read("sitemap.xml")
    assert "/2017/04/13/talks-in-moscow" in sitemap
    assert "404.html" not in sitemap and "robots.txt" not in sitemap


# --- Weight and third parties ------------------------------------------------


def test_stylesheet_is_small_and_self_contained():
    css = STYLESHEET.read_text(encoding="utf-8")
    assert len(css.encode()) < 12 * 1024
    assert "@import" not in css and "@font-face" not in css and "url(" not in css
    assert "prefers-color-scheme: dark" in css
    assert "@media print" in css
    assert ":focus-visible" in css


def test_no_page_loads_anything_from_another_site(real_site, theme_site):
    for build in (real_site, theme_site):
        for relative in html_pages(build):
            page = soup(build, relative)
            loaded = [t.get("src") for t in page.find_all(["script", "img", "iframe"])]
            loaded += [
                link["href"]
                for link in page.find_all("link", href=True)
                if {"stylesheet", "icon", "preload", "modulepreload"} & set(link.get("rel", []))
            ]
            for url in filter(None, loaded):
                assert not urlsplit(url).netloc, (relative, url)
            assert not page.find("script", src=True) or relative.startswith("search/"), relative


def test_real_article_with_stylesheet_fits_in_14_kb_gzipped(real_site):
    html = (real_site.output / REAL_PAGE).read_bytes()
    css = (real_site.output / "theme" / "css" / "style.css").read_bytes()
    weight = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    print(
        f"real article page: {len(gzip.compress(html, 9))} B + stylesheet "
        f"{len(gzip.compress(css, 9))} B gzipped = {weight} B"
    )
    assert weight <= 14 * 1024
