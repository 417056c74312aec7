"""Listing cards rendered once per build: the same pages as without the plugin, never stale."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from sitebuild import build_site, lay_out, rebuild, run_pelican_cli, site_settings

SUMMARY = "The first paragraph, shown as the standfirst."


def markdown(title, date, tags, author="Ana Lima", first=SUMMARY):
    return (
        f"Title: {title}\nDate: {date}\nAuthor: {author}\nTags: {', '.join(tags)}\n\n"
        f"{first}\n\nA second paragraph.\n"
    )


CONTENT = {
    "a.md": markdown("Dockers strike", "2024-03-05 09:30", ["Strikes", "Ports"]),
    "b.md": markdown("Port owners answer", "2024-03-05 12:00", ["Ports"], "Bo Chen"),
    "c.md": markdown("Teachers join", "2024-03-06 08:00", ["Strikes", "Education"]),
    "d.md": markdown("Strike ends", "2024-02-08 18:00", ["Strikes"], "Bo Chen"),
    "e.md": markdown("A <b>bold</b> & odd title", "2023-12-31 23:00", ["Ports"]),
}
LISTINGS = [
    "index.html",
    "page/1/index.html",
    "tag/strikes/index.html",
    "tag/ports/index.html",
    "author/bo-chen/index.html",
    "archives/2024/03/index.html",
]


def normalized(html: str) -> str:
    """Markup with the whitespace between tags, which the two ways print differently, gone."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def listing_pages(output):
    return {
        p.relative_to(output).as_posix(): normalized(p.read_text(encoding="utf-8"))
        for p in output.rglob("*.html")
        if not p.relative_to(output).as_posix().startswith(("20", "theme/", "pagefind/"))
    }


def test_listings_are_the_same_as_without_the_plugin(tmp_path):
    with_plugin = build_site(
        tmp_path / "with", content=CONTENT, DEFAULT_PAGINATION=2, SEARCH_INDEX=False
    )
    # Blinker keeps a plugin connected for the whole process: build without it in another.
    without = tmp_path / "without"
    lay_out(without, content=CONTENT)
    plugins = [p for p in site_settings(without)["PLUGINS"] if p != "listing_cards"]
    assert len(plugins) == len(site_settings(without)["PLUGINS"]) - 1
    result = run_pelican_cli(
        without,
        f"PLUGINS={json.dumps(plugins)}",
        "SEARCH_INDEX=false",
        "DEFAULT_PAGINATION=2",
    )
    assert result.returncode == 0, result.stderr
    expected = listing_pages(without / "output")
    got = listing_pages(with_plugin.output)
    assert set(LISTINGS) <= set(expected)
    assert got == expected
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; odd title" in got["page/1/index.html"]


def standfirsts(build, relative):
    page = BeautifulSoup(build.read(relative), "html.parser")
    return {
        item.select_one(".headline").get_text(strip=True): item.select_one(".standfirst").get_text(
            strip=True
        )
        for item in page.select(".item")
    }


def test_an_edited_article_shows_its_new_card_on_every_listing_after_a_rebuild(tmp_path):
    first = build_site(tmp_path, content=CONTENT, DEFAULT_PAGINATION=2, SEARCH_INDEX=False)
    assert standfirsts(first, "tag/strikes/index.html")["Teachers join"] == SUMMARY
    edited = markdown("Teachers join", "2024-03-06 08:00", ["Strikes", "Education"], first="New.")
    (tmp_path / "content" / "c.md").write_text(edited, encoding="utf-8")
    second = rebuild(tmp_path, DEFAULT_PAGINATION=2, SEARCH_INDEX=False)
    for relative in ("index.html", "tag/strikes/index.html", "tag/education/index.html"):
        assert standfirsts(second, relative)["Teachers join"] == "New.", relative
    assert standfirsts(second, "archives/2024/03/index.html")["Teachers join"] == "New."
    # Cards of the articles that did not change are still right.
    assert standfirsts(second, "tag/ports/index.html")["Port owners answer"] == SUMMARY


def test_cards_follow_siteurl(tmp_path):
    build_site(tmp_path, content=CONTENT, SEARCH_INDEX=False)
    published = rebuild(tmp_path, SITEURL="https://news.example.org", SEARCH_INDEX=False)
    page = BeautifulSoup(published.read("tag/strikes/index.html"), "html.parser")
    links = [a["href"] for a in page.select(".item a")]
    assert links and all(href.startswith("https://news.example.org/") for href in links)
