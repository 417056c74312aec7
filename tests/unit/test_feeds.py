"""Feeds: HTML made fit for feed readers, settings, and the three formats' rules.

The XML is checked against the W3C Feed Validator's rules element by element;
feedparser only proves that a feed parses.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
from collections import namedtuple
from dataclasses import replace
from types import SimpleNamespace
from urllib.parse import urljoin

import feedgen.entry
import feedgen.feed
import feedparser
import pytest
from bs4 import BeautifulSoup
from feeds import feed_plan, feed_update
from feeds.feed_cache import item_key
from feeds.feed_formats import build_atom, build_json_feed, build_rss
from feeds.feed_html import absolutize, html_to_text, prepare_for_feed, sanitize_for_feed
from feeds.feed_model import Feed, FeedItem, newest_first
from feeds.feed_pieces import assemble, item_pieces
from feeds.feed_plan import ItemSource, SiteInfo, item_for, plan, plan_feeds
from feeds.feed_settings import (
    DEFAULTS,
    absolute_url,
    base_url_problem,
    read_feed_settings,
)
from feeds.feed_store import ItemStore, StoreError
from feeds.feed_update import update_feeds
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
BASE = "https://news.example.org"
PAGE = BASE + "/2024/03/02/strike/"


# --- absolutize -------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/2017/04/13/talks/", BASE + "/2017/04/13/talks/"),
        ("notes/", PAGE + "notes/"),
        ("../../01/other/", BASE + "/2024/03/01/other/"),
        ("#top", PAGE + "#top"),
        ("//cdn.example.net/a.png", "https://cdn.example.net/a.png"),
        ("https://www.wsws.org/contact", "https://www.wsws.org/contact"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
    ],
)
def test_absolutize_resolves_links_against_the_article_page(href, expected):
    html = absolutize(f'<p><a href="{href}">x</a></p>', PAGE)
    assert BeautifulSoup(html, "html.parser").a["href"] == expected


def test_absolutize_rewrites_src_and_every_srcset_candidate():
    html = absolutize(
        '<img src="/images/a.jpg" srcset="/images/a.jpg 1x, ../b-2x.jpg 2x" alt="">', PAGE
    )
    img = BeautifulSoup(html, "html.parser").img
    assert img["src"] == BASE + "/images/a.jpg"
    assert img["srcset"] == f"{BASE}/images/a.jpg 1x, {BASE}/2024/03/02/b-2x.jpg 2x"


def test_absolutize_keeps_entities_and_non_ascii_text():
    html = "<p>AT&amp;T: 5 &lt; 7, Zürich “quoted” – naïve</p>"
    assert absolutize(html, PAGE) == html


# --- sanitize_for_feed ------------------------------------------------------


@pytest.mark.parametrize(
    "dangerous",
    [
        '<script>alert("x")</script>',
        '<iframe src="https://evil.example/"></iframe>',
        '<object data="x.swf"><param name="a" value="b"></object>',
        '<embed src="x.swf">',
        "<style>p { display: none }</style>",
    ],
)
def test_sanitize_drops_elements_that_run_or_load_code(dangerous):
    html = sanitize_for_feed(f"<p>Before</p>{dangerous}<p>After</p>")
    assert html == "<p>Before</p><p>After</p>"


def test_sanitize_drops_event_handlers_inline_styles_and_script_urls():
    html = sanitize_for_feed(
        '<p onclick="steal()" style="position:fixed" class="lede">Text</p>'
        '<a href="javascript:alert(1)">a</a><a href=" JaVa\tScript:alert(1)">b</a>'
        '<a href="https://example.org/">c</a>'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.p.attrs == {"class": ["lede"]}
    assert [a.get("href") for a in soup.find_all("a")] == [None, None, "https://example.org/"]


def test_sanitize_keeps_ordinary_markup_and_text():
    html = '<p>AT&amp;T <strong>walked</strong> out, 5 &lt; 7 in Zürich.</p><img alt="" src="a">'
    assert sanitize_for_feed(html) == html.replace('">', '"/>')


def test_prepare_for_feed_sanitizes_then_absolutizes_in_one_pass():
    html = (
        '<p onclick="x()">See <a href="notes/">notes</a> and <a href=" java\tscript:x()">no</a>'
        '</p><script>x()</script><img src="/a.jpg" alt="">'
    )
    expected = (
        f'<p>See <a href="{PAGE}notes/">notes</a> and <a>no</a></p><img alt="" src="{BASE}/a.jpg"/>'
    )
    assert prepare_for_feed(html, PAGE) == expected
    assert sanitize_for_feed(absolutize(html, PAGE)) == expected


def test_html_to_text_gives_plain_text():
    assert html_to_text("<p>AT&amp;T <em>walked</em>\n out.</p>") == "AT&T walked out."


def test_html_to_text_leaves_out_code_and_comments():
    html = "<p>Strike<script>x()</script> <!-- note --> <style>p{}</style>ends.</p>"
    assert html_to_text(html) == "Strike ends."


# --- the lxml parser, written back as BeautifulSoup wrote it -------------------


def bs4_prepare(html: str, page_url: str) -> str:
    """What prepare_for_feed gave when it used BeautifulSoup's html.parser."""
    from feeds import feed_html

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(feed_html.DROPPED_ELEMENTS):
        tag.decompose()
    for tag in soup.find_all(feed_html.UNWRAPPED_ELEMENTS):
        tag.unwrap()
    for tag in soup.find_all(True):
        for name, value in list(tag.attrs.items()):
            if feed_html._is_unsafe_attribute(name, value):
                del tag[name]
        for name in feed_html.URL_ATTRIBUTES:
            if isinstance(tag.get(name), str):
                tag[name] = urljoin(page_url, tag[name].strip())
        if isinstance(tag.get("srcset"), str):
            tag["srcset"] = feed_html._absolute_srcset(tag["srcset"], page_url)
    return soup.decode(formatter="minimal")


WELL_FORMED = [
    "<p>One.</p>\n<p>Two &amp; <em>three</em> &lt;four&gt;, “Zürich” – naïve&nbsp;x</p>",
    '<h2 id="a">Head</h2>\n\n<ul>\n  <li><a href="x/" title=\'say "hi"\'>x</a></li>\n</ul>\n',
    '<p class="  lede   big ">A<br>B<wbr>C<hr></p><img src="/a.png" alt="" width="3">',
    "<pre><code>  indented\n\n    code &lt;b&gt;</code></pre>\n  \n<p>after</p>",
    '<table>\n<tr><th scope="row">1</th><td>x</td></tr>\n</table>',
    "<p>x</p>\n<script>alert(1)</script>\n<p title=\"a &quot;b&quot; 'c'\">y</p>",
    "<blockquote><p>q</p></blockquote><!-- kept --><p>z</p>",
    '<picture><source srcset="/a.webp 1x, b.webp 2x"><img src="a.jpg" alt=""></picture>',
    '<figure><video poster="p.jpg" controls><track src="t.vtt"></video><figcaption>c'
    "</figcaption></figure>",
    '<p onclick="x()" style="color:red">text<embed src="x.swf">after</p>',
    "<dl><dt>t</dt><dd>d</dd></dl><p>x <code>a &amp;&amp; b</code></p>",
]


@pytest.mark.parametrize("html", WELL_FORMED)
def test_prepare_for_feed_writes_what_beautifulsoup_wrote(html):
    assert prepare_for_feed(html, PAGE) == bs4_prepare(html, PAGE)


def test_a_stray_document_end_tag_loses_no_text():
    assert sanitize_for_feed("<p>a</p></body></html><p>b</p>") == "<p>a</p><p>b</p>"


def test_comments_end_where_a_browser_ends_them():
    # A browser ends this comment at "--!>" and would run the handler.
    html = sanitize_for_feed("<!-- a --!><img src=x onerror=alert(1)> -->")
    assert "onerror" not in html and "<img" in html


def test_bogus_cdata_cannot_smuggle_markup():
    html = sanitize_for_feed("<![CDATA[ x > <img src=x onerror=alert(1)> ]]>")
    assert "onerror" not in html


# --- settings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["", "   ", None, "/", "news.example.org", "ftp://x.org", "http://"]
)
def test_base_url_must_be_absolute_http(url):
    assert base_url_problem(url)


@pytest.mark.parametrize("url", ["https://news.example.org", "http://127.0.0.1:8000/"])
def test_base_url_accepts_absolute_http(url):
    assert base_url_problem(url) is None


def test_settings_without_a_usable_base_url_write_nothing():
    config, problems = read_feed_settings({"FEEDS_BASE_URL": ""})
    assert config is None
    assert len(problems) == 1 and "FEEDS_BASE_URL" in problems[0]


def test_settings_defaults_and_trailing_slash():
    config, problems = read_feed_settings({"FEEDS_BASE_URL": BASE + "/"})
    assert problems == []
    assert config.base_url == BASE
    assert config.max_items == 50
    assert config.site_rss == DEFAULTS["FEEDS_SITE_RSS"]
    assert config.tag_atom == "feeds/tag/{slug}.atom.xml"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FEEDS_MAX_ITEMS", 0),
        ("FEEDS_MAX_ITEMS", "50"),
        ("FEEDS_MAX_ITEMS", True),
        ("FEEDS_TAG_RSS", "feeds/tag.rss.xml"),
        ("FEEDS_TAG_ATOM", "feeds/{slug}/{name}.xml"),
        ("FEEDS_SITE_RSS", "/etc/passwd"),
        ("FEEDS_SITE_JSON", "../all.json"),
        ("FEEDS_SITE_ATOM", 42),
    ],
)
def test_a_bad_setting_gives_one_problem_naming_it_and_its_default(name, value):
    config, problems = read_feed_settings({"FEEDS_BASE_URL": BASE, name: value})
    assert len(problems) == 1 and name in problems[0]
    assert getattr(config, name.removeprefix("FEEDS_").lower()) == DEFAULTS[name]


def test_an_empty_path_switches_that_feed_off():
    config, problems = read_feed_settings({"FEEDS_BASE_URL": BASE, "FEEDS_SITE_JSON": None})
    assert problems == [] and config.site_json is None


def test_absolute_url_joins_once():
    assert absolute_url(BASE + "/", "/feeds/all.rss.xml") == BASE + "/feeds/all.rss.xml"


# --- formats ------------------------------------------------------------------

UTC = dt.UTC


def make_item(day: int, slug: str, **changes) -> FeedItem:
    url = f"{BASE}/2024/03/{day:02d}/{slug}/"
    values = dict(
        url=url,
        title=f"Story {slug} & “more”",
        content_html=(
            f'<p>Full text of {slug}: AT&amp;T in Zürich.</p><p><a href="{url}x">x</a></p>'
        ),
        summary_html=f"<p>Summary of {slug}.</p>",
        published=dt.datetime(2024, 3, day, 9, 30, tzinfo=UTC),
        updated=dt.datetime(2024, 3, day, 9, 30, tzinfo=UTC),
        authors=("Ana Müller",),
        tags=("Health care", "Workers and strikes"),
    )
    values.update(changes)
    return FeedItem(**values)


@pytest.fixture
def feed() -> Feed:
    items = newest_first(
        [
            make_item(1, "older"),
            make_item(3, "newest", updated=dt.datetime(2024, 3, 4, 12, 0, tzinfo=UTC), authors=()),
            make_item(2, "middle", authors=("Ana Müller", "Bill Van Auken")),
        ],
        50,
    )
    return Feed(
        title="The Daily Digest",
        description="World news, digested daily",
        home_url=BASE + "/",
        feed_url=BASE + "/feeds/all.rss.xml",
        language="en",
        author="The Daily Digest",
        items=items,
    )


def test_newest_first_orders_by_date_then_url_and_limits():
    same_day = [make_item(2, "b"), make_item(2, "a"), make_item(5, "c"), make_item(1, "d")]
    ordered = newest_first(same_day, 3)
    assert [item.url.rsplit("/", 2)[-2] for item in ordered] == ["c", "a", "b"]


def test_feed_updated_is_the_newest_change_among_items(feed):
    assert feed.updated == dt.datetime(2024, 3, 4, 12, 0, tzinfo=UTC)


def test_rss_channel_follows_the_validator_rules(feed):
    channel = etree.fromstring(build_rss(feed)).find("channel")
    names = [child.tag for child in channel if child.tag != "item"]
    for required in ("title", "link", "description", "language", ATOM + "link", "lastBuildDate"):
        assert required in names
    assert channel.findtext("title") == "The Daily Digest"
    assert channel.findtext("link") == BASE + "/"  # the alternate, not the self link
    assert channel.findtext("description") == "World news, digested daily"
    assert channel.findtext("language") == "en"
    self_link = channel.find(ATOM + "link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == feed.feed_url
    assert self_link.get("type") == "application/rss+xml"
    # From the newest article, in RFC 822, never the clock.
    assert channel.findtext("lastBuildDate") == "Mon, 04 Mar 2024 12:00:00 +0000"
    # No feedgen version in the feed: upgrading it must not change the bytes.
    assert channel.findtext("generator") == "python-feedgen"


def test_rss_items_follow_the_validator_rules(feed):
    items = etree.fromstring(build_rss(feed)).find("channel").findall("item")
    assert [item.findtext("link") for item in items] == [i.url for i in feed.items]
    for item, source in zip(items, feed.items, strict=True):
        assert item.findtext("title") == source.title
        guid = item.find("guid")
        assert guid.text == source.url and guid.get("isPermaLink") == "true"
        published = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
        assert published == source.published
        assert item.findtext("description") == source.summary_html
        assert item.findtext(CONTENT + "encoded") == source.content_html
        children = [child.tag for child in item]
        assert children.index(CONTENT + "encoded") == children.index("description") + 1
        assert [c.text for c in item.findall(DC + "creator")] == list(source.authors)
        assert item.find("author") is None  # RSS <author> needs an e-mail address
        assert [c.text for c in item.findall("category")] == list(source.tags)


def test_rss_escapes_html_instead_of_cdata(feed):
    rss = build_rss(feed)
    assert b"CDATA" not in rss
    assert b"&lt;p&gt;Full text of newest: AT&amp;amp;T in Z\xc3\xbcrich.&lt;/p&gt;" in rss


def test_atom_feed_follows_the_validator_rules(feed):
    root = etree.fromstring(build_atom(feed))
    assert root.tag == ATOM + "feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext(ATOM + "id") == feed.feed_url
    assert root.findtext(ATOM + "title") == "The Daily Digest"
    assert root.findtext(ATOM + "updated") == "2024-03-04T12:00:00+00:00"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "The Daily Digest"
    links = [(link.get("rel"), link.get("href")) for link in root.findall(ATOM + "link")]
    assert links == [("self", feed.feed_url), ("alternate", BASE + "/")]
    assert root.find(ATOM + "generator").attrib == {}  # no version, no URI


def test_atom_entries_follow_the_validator_rules(feed):
    entries = etree.fromstring(build_atom(feed)).findall(ATOM + "entry")
    assert len(entries) == len(feed.items)
    for entry, source in zip(entries, feed.items, strict=True):
        assert entry.findtext(ATOM + "id") == source.url
        assert entry.findtext(ATOM + "title") == source.title
        assert entry.findtext(ATOM + "updated") == source.updated.isoformat()
        assert entry.findtext(ATOM + "published") == source.published.isoformat()
        link = entry.find(ATOM + "link")
        # feedgen writes entry links without rel, which Atom reads as "alternate".
        assert link.get("rel", "alternate") == "alternate" and link.get("href") == source.url
        content = entry.find(ATOM + "content")
        assert content.get("type") == "html" and content.text == source.content_html
        summary = entry.find(ATOM + "summary")
        assert summary.get("type") == "html" and summary.text == source.summary_html
        names = [n.text for n in entry.findall(f"{ATOM}author/{ATOM}name")]
        assert names == list(source.authors)
        assert [c.get("term") for c in entry.findall(ATOM + "category")] == list(source.tags)
        assert entry.find(DC + "creator") is None  # Dublin Core is for RSS only


def test_an_entry_without_author_is_covered_by_the_feed_author(feed):
    entry = etree.fromstring(build_atom(feed)).find(ATOM + "entry")
    assert entry.find(ATOM + "author") is None
    assert etree.fromstring(build_atom(feed)).find(ATOM + "author") is not None


@pytest.mark.parametrize("build", [build_rss, build_atom])
def test_feedparser_reads_the_full_text(feed, build):
    parsed = feedparser.parse(build(feed))
    assert parsed.bozo == 0
    assert parsed.feed.title == "The Daily Digest"
    assert [e.link for e in parsed.entries] == [i.url for i in feed.items]
    assert parsed.entries[0].content[0].value == feed.items[0].content_html


def test_json_feed_has_the_required_members(feed):
    document = json.loads(build_json_feed(feed))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "The Daily Digest"
    assert document["home_page_url"] == BASE + "/"
    assert document["feed_url"] == feed.feed_url
    assert document["authors"] == [{"name": "The Daily Digest"}]
    assert len(document["items"]) == 3
    for item, source in zip(document["items"], feed.items, strict=True):
        assert item["id"] == item["url"] == source.url
        assert item["title"] == source.title
        assert item["content_html"] == source.content_html
        assert item["summary"] == html_to_text(source.summary_html)
        assert "<" not in item["summary"]  # plain text, as JSON Feed asks
        assert dt.datetime.fromisoformat(item["date_published"]) == source.published
        assert dt.datetime.fromisoformat(item["date_modified"]) == source.updated
        assert item["authors"] == [{"name": name} for name in source.authors]
        assert item["tags"] == list(source.tags)


def test_json_feed_keeps_non_ascii_as_text(feed):
    data = build_json_feed(feed)
    assert "Zürich".encode() in data and b"\\u00fc" not in data


class _AnyDatetime(type):
    def __instancecheck__(cls, value):
        return isinstance(value, dt.datetime)


class _FrozenClock(metaclass=_AnyDatetime):
    """Stands in for feedgen's ``datetime``: a clock stopped at a date no article has."""

    @staticmethod
    def now(tz=None):
        return dt.datetime(1999, 12, 31, 23, 59, tzinfo=tz)


@pytest.mark.parametrize("build", [build_rss, build_atom, build_json_feed])
def test_feeds_never_read_the_clock(feed, build, monkeypatch):
    monkeypatch.setattr(feedgen.feed, "datetime", _FrozenClock)
    monkeypatch.setattr(feedgen.entry, "datetime", _FrozenClock)
    assert b"1999" not in build(feed)


@pytest.mark.parametrize("build", [build_rss, build_atom, build_json_feed])
def test_the_same_feed_gives_the_same_bytes(feed, build):
    assert build(feed) == build(feed)


# --- from articles to feed files ---------------------------------------------


def article(day, slug, tags=(), **changes):
    values = dict(
        url=f"2024/03/{day:02d}/{slug}/",
        title=f"Story {slug}",
        content=f'<p>Text of {slug}. <a href="/about/">About</a></p><script>x()</script>',
        summary=f'<p>Text of {slug}. <a href="/about/">About</a></p>',
        date=dt.datetime(2024, 3, day, 8, 0, tzinfo=UTC),
        authors=["Ana Müller"],
        tags=list(tags),
    )
    values.update(changes)
    return SimpleNamespace(**values)


Tag = namedtuple("Tag", "name slug url")  # Pelican's Tag is hashable: a dict key


def tag(name, slug):
    return Tag(name, slug, f"tag/{slug}/")


SITE = SiteInfo(name="The Daily Digest", description="World news", language="en")


def config(**settings):
    result, problems = read_feed_settings({"FEEDS_BASE_URL": BASE, **settings})
    assert problems == []
    return result


def test_item_for_makes_every_url_absolute_and_drops_scripts():
    item = item_for(article(2, "strike"), BASE)
    assert item.url == BASE + "/2024/03/02/strike/"
    assert f'href="{BASE}/about/"' in item.content_html
    assert f'href="{BASE}/about/"' in item.summary_html
    assert "script" not in item.content_html


def test_item_for_reads_a_naive_date_as_utc_and_takes_modified():
    modified = dt.datetime(2024, 3, 9, 10, 0, tzinfo=UTC)
    item = item_for(article(2, "x", date=dt.datetime(2024, 3, 2), modified=modified), BASE)
    assert item.published == dt.datetime(2024, 3, 2, tzinfo=UTC)
    assert item.updated == modified


def test_plan_writes_site_feeds_and_two_feeds_per_tag():
    health, strikes = tag("Health care", "health-care"), tag("Strikes", "strikes")
    a, b = article(1, "a", ["Health care"]), article(2, "b", ["Health care", "Strikes"])
    files = plan_feeds([a, b], {health: [a, b], strikes: [b]}, SITE, config())
    assert sorted(files) == [
        "feeds/all.atom.xml",
        "feeds/all.json",
        "feeds/all.rss.xml",
        "feeds/tag/health-care.atom.xml",
        "feeds/tag/health-care.rss.xml",
        "feeds/tag/strikes.atom.xml",
        "feeds/tag/strikes.rss.xml",
    ]
    channel = etree.fromstring(files["feeds/tag/strikes.rss.xml"]).find("channel")
    assert channel.findtext("title") == "The Daily Digest: Strikes"
    assert channel.findtext("link") == BASE + "/tag/strikes/"
    assert channel.find(ATOM + "link").get("href") == BASE + "/feeds/tag/strikes.rss.xml"
    assert [i.findtext("link") for i in channel.findall("item")] == [BASE + "/" + b.url]
    atom = etree.fromstring(files["feeds/tag/health-care.atom.xml"])
    assert atom.find(ATOM + "link").get("href") == BASE + "/feeds/tag/health-care.atom.xml"
    assert json.loads(files["feeds/all.json"])["feed_url"] == BASE + "/feeds/all.json"


def test_plan_keeps_the_newest_items_up_to_the_setting():
    articles = [article(day, f"s{day}") for day in (3, 1, 5, 2, 4)]
    files = plan_feeds(articles, {}, SITE, config(FEEDS_MAX_ITEMS=2))
    items = etree.fromstring(files["feeds/all.rss.xml"]).find("channel").findall("item")
    assert [i.findtext("title") for i in items] == ["Story s5", "Story s4"]


def test_plan_without_articles_writes_no_feed():
    assert plan_feeds([], {}, SITE, config()) == {}


def test_plan_leaves_out_switched_off_feeds():
    files = plan_feeds(
        [article(1, "a", ["T"])],
        {tag("T", "t"): []},
        SITE,
        config(FEEDS_SITE_JSON="", FEEDS_TAG_ATOM=None),
    )
    assert sorted(files) == ["feeds/all.atom.xml", "feeds/all.rss.xml"]


# --- feeds from kept pieces, and rebuilds that redo only what changed ----------


def varied_items():
    later = dt.timezone(dt.timedelta(hours=5, minutes=30))
    return (
        make_item(4, "plain"),
        make_item(3, "no-summary", summary_html="", tags=(), authors=()),
        make_item(3, "empty", summary_html="", content_html=""),
        make_item(2, "odd", title="<b>“x” & 'y'</b>", content_html="<p>a]]>b &amp;\r\n</p>"),
        make_item(1, "many", tags=tuple(f'T{n} & <{n}> "q"' for n in range(9))),
        make_item(
            5,
            "zoned",
            published=dt.datetime(2024, 3, 5, 23, 59, 1, 5, tzinfo=later),
            updated=dt.datetime(2024, 3, 6, 1, 2, 3, tzinfo=later),
            authors=("A & B", "C <c@example.org>", "Zoë"),
        ),
    )


@pytest.mark.parametrize(("kind", "build"), [("rss", build_rss), ("atom", build_atom)])
def test_a_feed_put_together_from_item_pieces_is_what_feedgen_writes(feed, kind, build):
    items = varied_items()
    written = item_pieces(items + feed.items, ["rss", "atom"])[kind]
    pieces = dict(zip(items, written, strict=False))
    for chosen in (items, items[1:2], items[::-1]):
        some = replace(feed, items=chosen)
        assert assemble(some, kind, [pieces[item] for item in chosen]) == build(some)


SOURCE = dict(
    url=PAGE,
    title="t",
    content="<p>c</p>",
    summary="<p>s</p>",
    published=dt.datetime(2024, 3, 2, tzinfo=UTC),
    updated=dt.datetime(2024, 3, 2, tzinfo=UTC),
    authors=("a",),
    tags=("t",),
)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("url", BASE + "/other/"),
        ("title", "t2"),
        ("content", "<p>c2</p>"),
        ("summary", "<p>s2</p>"),
        ("published", dt.datetime(2024, 3, 2, 0, 1, tzinfo=UTC)),
        ("updated", dt.datetime(2024, 3, 3, tzinfo=UTC)),
        ("authors", ("a", "b")),
        ("tags", ("t", "u")),
        ("tags", ("t;",)),
    ],
)
def test_an_item_key_changes_with_every_input(name, value):
    assert item_key(ItemSource(**SOURCE)) != item_key(ItemSource(**{**SOURCE, name: value}))
    assert item_key(ItemSource(**SOURCE)) == item_key(ItemSource(**SOURCE))


class Site:
    """A site's articles, built again and again into one output folder, keeping
    what ``write_feeds`` keeps between builds."""

    def __init__(self, root, articles, tags):
        self.root, self.articles, self.tags = root / "output", articles, tags
        self.store_path = str(root / "cache" / "feeds_items")
        self.stamps, self.loads = {}, 0

    def build(self, **settings):
        def load():
            self.loads += 1
            return ItemStore(self.store_path)

        def write(path, data):
            (self.root / path).parent.mkdir(parents=True, exist_ok=True)
            (self.root / path).write_bytes(data)
            return True

        planned = plan(self.articles, self.tags, SITE, config(**settings))
        update = update_feeds(planned, str(self.root), self.stamps, load, write)
        self.stamps = update.stamps
        return update

    def kept(self):
        with ItemStore(self.store_path) as store:
            return store.keys()

    def files(self):
        return {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in self.root.rglob("*")
            if p.is_file()
        }

    def clean(self):
        return plan_feeds(self.articles, self.tags, SITE, config())


@pytest.fixture
def small_site(tmp_path):
    health, strikes = tag("Health care", "health-care"), tag("Strikes", "strikes")
    a, b, c = article(1, "a", ["Health care"]), article(2, "b", ["Strikes"]), article(3, "c")
    return Site(tmp_path, [a, b, c], {health: [a], strikes: [b]})


def test_a_rebuild_with_nothing_changed_writes_nothing(small_site):
    first = small_site.build()
    assert len(first.written) == 7 and small_site.files() == small_site.clean()
    again = small_site.build()
    assert again.written == [] and not again.store_opened
    assert small_site.loads == 1  # the kept items were not even read
    assert small_site.files() == small_site.clean()


def test_a_changed_article_rewrites_exactly_its_feeds(small_site, monkeypatch):
    small_site.build()
    small_site.articles[0].content = "<p>Changed.</p>"
    prepared = []
    monkeypatch.setattr(
        feed_plan, "prepare_item", lambda source: prepared.append(source.url) or real(source)
    )
    update = small_site.build()
    assert sorted(update.written) == sorted(SITE_FEEDS + HEALTH_FEEDS)
    assert prepared == [BASE + "/2024/03/01/a/"]  # the others came from the kept pieces
    assert small_site.files() == small_site.clean()


real = feed_plan.prepare_item
SITE_FEEDS = ["feeds/all.rss.xml", "feeds/all.atom.xml", "feeds/all.json"]
HEALTH_FEEDS = ["feeds/tag/health-care.rss.xml", "feeds/tag/health-care.atom.xml"]


def test_new_and_removed_articles_and_tags_give_what_a_clean_build_gives(small_site):
    small_site.build()
    d = article(4, "d", ["Unions"])
    small_site.articles[1:2] = [d]  # b goes, and the Strikes tag with it
    small_site.tags = {tag("Health care", "health-care"): [small_site.articles[0]]}
    small_site.tags[tag("Unions", "unions")] = [d]
    update = small_site.build()
    assert len(update.removed) == 2  # the Strikes feeds
    assert small_site.files() == small_site.clean()


def test_a_setting_change_rewrites_every_feed(small_site):
    small_site.build()
    update = small_site.build(FEEDS_BASE_URL="https://other.example.org")
    assert len(update.written) == 7


def test_a_format_switched_on_later_prepares_its_pieces(small_site):
    small_site.build(FEEDS_SITE_ATOM=None, FEEDS_TAG_ATOM=None)  # rows without Atom pieces
    update = small_site.build()
    assert update.prepared == 3
    assert small_site.files() == small_site.clean()


@pytest.mark.parametrize("change", ["delete", "edit", "touch"])
def test_a_feed_file_changed_or_gone_is_written_again(small_site, change):
    small_site.build()
    path = small_site.root / "feeds/tag/strikes.atom.xml"
    if change == "delete":
        path.unlink()
    elif change == "edit":
        path.write_bytes(path.read_bytes().replace(b"Story", b"Tale!"))
    else:
        os.utime(path, ns=(1, 1))
    update = small_site.build()
    assert update.written == ["feeds/tag/strikes.atom.xml"]
    assert small_site.files() == small_site.clean()


@pytest.mark.parametrize(
    "damage", ["content = NULL", "summary = x'01'", "rss = 'text'", "atom = NULL"]
)
def test_damaged_kept_items_are_prepared_again(small_site, damage):
    small_site.build()
    with ItemStore(small_site.store_path) as store:
        store._db.execute(f"UPDATE items SET {damage}")
    (small_site.root / "feeds/all.rss.xml").unlink()
    update = small_site.build()
    assert update.prepared == 3
    assert small_site.files() == small_site.clean()
    with ItemStore(small_site.store_path) as store:
        assert store.usable(small_site.kept(), ["rss", "atom"]) == small_site.kept()


def test_kept_items_are_reused_and_only_this_builds_are_kept(small_site):
    first = small_site.build()
    assert first.prepared == 3 and len(small_site.kept()) == 3
    small_site.articles[0].content = "<p>Changed.</p>"
    update = small_site.build()
    assert update.prepared == 1  # the other two were read from the store
    assert len(small_site.kept()) == 3  # the changed article's old item is gone
    assert small_site.files() == small_site.clean()


def test_items_prepared_in_small_batches_give_what_a_clean_build_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(feed_update, "BATCH", 2)
    names = ["Health care", "Strikes", "Unions"]
    articles = [article(day, f"s{day}", names[day % 3 :]) for day in range(1, 10)]
    tags = {
        tag(name, name.lower().replace(" ", "-")): [a for a in articles if name in a.tags]
        for name in names
    }
    site = Site(tmp_path, articles, tags)
    batches = []
    real_prepare = feed_plan.prepare_pieces
    monkeypatch.setattr(
        feed_update,
        "prepare_pieces",
        lambda sources, kinds: batches.append(len(sources)) or real_prepare(sources, kinds),
    )
    assert site.build().prepared == 9
    assert batches == [2, 2, 2, 2, 1]
    assert site.files() == site.clean()


def test_a_store_opened_without_loading_starts_empty(tmp_path):
    path = str(tmp_path / "feeds_items")
    with ItemStore(path) as store:
        store.put([("k", "<p>c</p>", "", {"rss": b"r", "atom": b"a"})])
    with ItemStore(path) as store:
        assert store.usable(["k"], ["rss", "atom"]) == {"k"}
        assert store.pieces(["k"], "atom") == [b"a"] and store.html(["k"]) == [("<p>c</p>", "")]
    with ItemStore(path, load=False) as store:
        assert store.keys() == set()


def test_a_store_written_in_another_format_is_emptied(tmp_path):
    path = str(tmp_path / "feeds_items")
    with ItemStore(path) as store:
        store.put([("k", "c", "s", {"rss": b"r"})])
        store._db.execute("PRAGMA user_version = 0")
    with ItemStore(path) as store:
        assert store.keys() == set()


def test_a_file_that_is_no_store_is_an_error(tmp_path):
    path = tmp_path / "feeds_items"
    path.write_bytes(b"\x80\x04\x95 a pickle, not SQLite")
    with pytest.raises(StoreError):
        ItemStore(str(path))


def test_a_file_changed_by_someone_else_is_not_removed(small_site):
    small_site.build()
    path = small_site.root / "feeds/tag/strikes.rss.xml"
    path.write_bytes(b"mine")
    small_site.tags = {k: v for k, v in small_site.tags.items() if k.slug != "strikes"}
    update = small_site.build()
    assert [os.path.basename(p) for p in update.removed] == ["strikes.atom.xml"]
    assert path.read_bytes() == b"mine"
