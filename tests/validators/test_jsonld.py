"""Every article page carries schema.org NewsArticle JSON-LD that parses and is complete."""

from __future__ import annotations

import json
from datetime import datetime

from bs4 import BeautifulSoup

REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"


def json_ld(path):
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, path
    return page, json.loads(scripts[0].string)


def test_every_article_has_complete_news_article_json_ld(built_site):
    pages = built_site.article_pages()
    assert pages
    for path in pages:
        page, data = json_ld(path)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == page.h1.get_text(strip=True)
        published = datetime.fromisoformat(data["datePublished"])
        assert datetime.fromisoformat(data["dateModified"]) >= published
        assert page.select_one(".story time")["datetime"] == data["datePublished"]
        assert data["author"]["@type"] == "Person"
        assert data["author"]["name"] == page.select_one('a[rel~="author"]').get_text()
        assert data["publisher"] == {
            "@type": "Organization",
            "name": "The Daily Digest",
            "url": "http://127.0.0.1:8000/",
        }
        canonical = page.find("link", rel="canonical")["href"]
        assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
        assert data["author"]["url"].startswith("http://127.0.0.1:8000/author/")
        topics = [a.get_text() for a in page.select('a[rel~="tag"]')]
        assert data["keywords"] == topics


def test_real_seed_json_ld(real_site):
    _, data = json_ld(real_site.output / REAL_PAGE)
    assert data["headline"] == "Talks in Moscow fail to dispel rising US-Russian tensions"
    assert data["datePublished"].startswith("2017-04-13")
    assert data["author"]["name"] == "Bill Van Auken"
    assert data["description"].startswith("Five hours of talks")
