"""sitemap_xml: the sitemap as a plain function of the pages, never of the clock."""

from sitemap_xml import Entry, clean_url, render

CONFIG = {"priorities": {"articles": 0.8}, "changefreqs": {"indexes": "daily"}}


def test_entries_sorted_once_each_escaped_and_dated_only_when_they_have_a_date():
    xml = render(
        [
            Entry("tag/a&b/", "indexes", "2024-03-05T09:30:00+00:00"),
            Entry("2024/03/05/story/", "articles", "2024-03-05T09:30:00+00:00"),
            Entry("about/", "pages", None),
            Entry("about/", "pages", None),
        ],
        "https://news.example.org",
        CONFIG,
    )
    assert xml.count("<loc>") == 3
    assert xml.index("2024/03/05/story/") < xml.index("about/") < xml.index("tag/a&amp;b/")
    assert "<loc>https://news.example.org/about/</loc>\n</url>" in xml.replace(
        "<changefreq>daily</changefreq>\n", ""
    )
    assert "<priority>0.80</priority>" in xml and "<changefreq>daily</changefreq>" in xml


def test_the_same_pages_give_the_same_bytes():
    entries = [Entry("b/", "indexes", None), Entry("a/", "articles", "2024-01-01T00:00:00")]
    assert render(entries, "", CONFIG) == render(list(reversed(entries)), "", CONFIG)


def test_index_html_is_dropped_from_urls():
    assert clean_url("tag/x/index.html") == "tag/x/" and clean_url("index.html") == ""
