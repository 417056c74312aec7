"""Feeds: HTML made fit for feed readers, settings, archives, and the formats' rules.

The XML is checked against the W3C Feed Validator's rules element by element;
feedparser only proves that a feed parses.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import os
from collections import namedtuple
from dataclasses import replace
from types import SimpleNamespace

import feedgen.entry
import feedgen.feed
import feedparser
import plugin_support.output
import pytest
from bs4 import BeautifulSoup
from feeds import set_first_images, write_documents
from feeds.feed_formats import Formats, build_opml, clean_for_feed, first_image
from feeds.feed_plan import (
    PATHS,
    Channel,
    Document,
    absolute_url,
    archive_path,
    base_url_problem,
    documents,
    item_for,
    plan,
    read_feed_settings,
)
from lxml import etree
from output_record.record import OutputRecord

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
FH = "{http://purl.org/syndication/history/1.0}"
MEDIA = "{http://search.yahoo.com/mrss/}"
BASE = "https://news.example.org"
PAGE = BASE + "/2024/03/02/strike/"
UTC = dt.UTC


def clean(html: str) -> str:
    return clean_for_feed(html, PAGE)


# --- clean_for_feed: absolute URLs --------------------------------------------


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
def test_links_are_resolved_against_the_article_page(href, expected):
    html = clean(f'<p><a href="{href}">x</a></p>')
    assert BeautifulSoup(html, "html.parser").a["href"] == expected


def test_src_and_every_srcset_candidate_become_absolute():
    html = clean('<img src="/images/a.jpg" srcset="/images/a.jpg 1x, ../b-2x.jpg 2x" alt="">')
    img = BeautifulSoup(html, "html.parser").img
    assert img["src"] == BASE + "/images/a.jpg"
    assert img["srcset"] == f"{BASE}/images/a.jpg 1x, {BASE}/2024/03/02/b-2x.jpg 2x"


def test_entities_and_non_ascii_text_are_kept():
    html = "<p>AT&amp;T: 5 &lt; 7, Zürich “quoted” – naïve</p>"
    assert clean(html) == html


# --- clean_for_feed: an allowlist -----------------------------------------------


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
def test_elements_that_run_or_load_code_go_with_their_content(dangerous):
    assert clean(f"<p>Before</p>{dangerous}<p>After</p>") == "<p>Before</p><p>After</p>"


def test_event_handlers_inline_styles_and_script_urls_go():
    html = clean(
        '<p onclick="steal()" style="position:fixed" class="lede">Text</p>'
        '<a href="javascript:alert(1)">a</a><a href=" JaVa\tScript:alert(1)">b</a>'
        '<a href="https://example.org/">c</a>'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.p.attrs == {"class": ["lede"]}
    assert [a.get("href") for a in soup.find_all("a")] == [None, None, "https://example.org/"]


def test_ordinary_markup_and_media_are_kept():
    html = (
        "<h2>Head</h2><p>AT&amp;T <strong>walked</strong> out.</p><blockquote><p>q</p></blockquote>"
        f'<figure><picture><source srcset="{BASE}/a.webp 1x"><img src="{BASE}/a.jpg" alt="A">'
        "</picture><figcaption>c</figcaption></figure><pre>  kept\n\n  as is</pre>"
    )
    assert clean(html) == html


def test_a_stray_document_end_tag_loses_no_text():
    assert clean("<p>a</p></body></html><p>b</p>") == "<p>a</p><p>b</p>"


def test_comments_end_where_a_browser_ends_them():
    # A browser ends this comment at "--!>" and would run the handler.
    html = clean("<!-- a --!><img src=x onerror=alert(1)> -->")
    assert "onerror" not in html and "<img" in html


def test_bogus_cdata_cannot_smuggle_markup():
    assert "onerror" not in clean("<![CDATA[ x > <img src=x onerror=alert(1)> ]]>")


# --- first_image ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p>x</p><img alt="a" src="/images/a.jpg"><img src="b.jpg">', BASE + "/images/a.jpg"),
        ("<img src='pics/a&amp;b.png'>", PAGE + "pics/a&b.png"),
        ("<IMG SRC=https://cdn.example.net/x.gif>", "https://cdn.example.net/x.gif"),
        ("<p>No picture</p>", None),
        ('<img src="data:image/png;base64,AAAA">', None),
        ('<img alt="no source">', None),
    ],
)
def test_first_image_is_the_first_img_made_absolute(html, expected):
    assert first_image(html, PAGE) == expected


def test_every_article_gets_its_first_image_or_none():
    with_image = SimpleNamespace(url="2024/03/02/a/", content='<p><img src="x.jpg"></p>')
    without = SimpleNamespace(url="2024/03/02/b/", content="<p>Text</p>")
    hidden = SimpleNamespace(url="2024/03/02/c/", content='<img src="/c.png">')
    generator = SimpleNamespace(
        settings={"FEEDS_BASE_URL": BASE}, articles=[with_image, without], hidden_articles=[hidden]
    )
    set_first_images([generator])
    assert with_image.first_image == BASE + "/2024/03/02/a/x.jpg"
    assert without.first_image is None
    assert hidden.first_image == BASE + "/c.png"


# --- settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["", "   ", None, "/", "news.example.org", "ftp://x.org", "http://"]
)
def test_base_url_must_be_absolute_http(url):
    assert base_url_problem(url)


@pytest.mark.parametrize("url", ["https://news.example.org", "http://127.0.0.1:8000/"])
def test_base_url_accepts_absolute_http(url):
    assert base_url_problem(url) is None


def test_settings_without_a_usable_base_url_write_nothing(caplog):
    with caplog.at_level(logging.ERROR):
        assert read_feed_settings({"FEEDS_BASE_URL": ""}) is None
    assert len(caplog.records) == 1 and "FEEDS_BASE_URL" in caplog.records[0].getMessage()


def test_settings_defaults_and_trailing_slash():
    config = read_feed_settings({"FEEDS_BASE_URL": BASE + "/"})
    assert config.base_url == BASE
    assert config.max_items == 50
    assert config.paths == PATHS
    assert config.patterns("TAG") == [
        ("rss", "feeds/tag/{slug}.rss.xml"),
        ("atom", "feeds/tag/{slug}.atom.xml"),
        ("json", "feeds/tag/{slug}.json"),
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FEEDS_MAX_ITEMS", 0),
        ("FEEDS_MAX_ITEMS", "50"),
        ("FEEDS_MAX_ITEMS", True),
        ("FEEDS_TAG_RSS", "feeds/tag.rss.xml"),
        ("FEEDS_TAG_ATOM", "feeds/{slug}/{name}.xml"),
        ("FEEDS_SECTION_JSON", "feeds/{0}.json"),
        ("FEEDS_SITE_RSS", "/etc/passwd"),
        ("FEEDS_SITE_JSON", "../all.json"),
        ("FEEDS_SITE_ATOM", 42),
    ],
)
def test_a_bad_setting_gives_one_error_naming_it_and_its_default(name, value, caplog):
    with caplog.at_level(logging.ERROR):
        config = read_feed_settings({"FEEDS_BASE_URL": BASE, name: value})
    assert len(caplog.records) == 1 and name in caplog.records[0].getMessage()
    assert config.max_items == 50 and config.paths == PATHS


def test_an_empty_path_switches_that_feed_off():
    config = read_feed_settings({"FEEDS_BASE_URL": BASE, "FEEDS_SITE_JSON": None})
    assert config.paths["FEEDS_SITE_JSON"] is None
    assert [kind for kind, _ in config.patterns("SITE")] == ["rss", "atom"]


def test_absolute_url_joins_once():
    assert absolute_url(BASE + "/", "/feeds/all.rss.xml") == BASE + "/feeds/all.rss.xml"


# --- articles, items and archives ---------------------------------------------------


def article(day, slug, tags=(), **changes):
    values = dict(
        url=f"2024/03/{day:02d}/{slug}/",
        title=f"Story {slug} & “more”",
        content=f'<p>Text of {slug}: AT&amp;T in Zürich. <a href="/about/">About</a></p>'
        "<script>x()</script>",
        summary=f'<p>Text of {slug}. <a href="/about/">About</a></p>',
        date=dt.datetime(2024, 3, day, 8, 0, tzinfo=UTC),
        authors=["Ana Müller"],
        tags=list(tags),
        first_image=None,
    )
    values.update(changes)
    return SimpleNamespace(**values)


Tag = namedtuple("Tag", "name slug url")  # Pelican's Tag is hashable and prints its name
Tag.__str__ = lambda tag: tag.name


def tag(name, slug):
    return Tag(name, slug, f"tag/{slug}/")


SITE = Channel("The Daily Digest", "World news", "", "en", "The Daily Digest")
HOME = replace(SITE, home_url=BASE + "/")


def config(**settings):
    return read_feed_settings({"FEEDS_BASE_URL": BASE, **settings})


def rendered(articles, tags=(), categories=(), **settings) -> dict[str, bytes]:
    formats = Formats()
    planned = plan(articles, list(tags), list(categories), SITE, config(**settings))
    return {document.path: formats.render(document) for document in planned}


def test_an_item_has_absolute_urls_and_reads_a_naive_date_as_utc():
    modified = dt.datetime(2024, 3, 9, 10, 0, tzinfo=UTC)
    item = item_for(article(2, "x", date=dt.datetime(2024, 3, 2), modified=modified), BASE)
    assert item.url == BASE + "/2024/03/02/x/"
    assert item.published == dt.datetime(2024, 3, 2, tzinfo=UTC)
    assert item.updated == modified


def test_an_item_key_changes_with_every_input():
    def key(**changes):
        return item_for(article(2, "x", **changes), BASE).key

    assert key() == key()
    for changes in (
        {"url": "other/"},
        {"title": "t"},
        {"content": "<p>c</p>"},
        {"summary": "<p>s</p>"},
        {"date": dt.datetime(2024, 3, 2, 8, 1, tzinfo=UTC)},
        {"authors": ["Ana Müller", "Bill"]},
        {"tags": ["T"]},
        {"first_image": BASE + "/a.jpg"},
    ):
        assert key(**changes) != key(), changes


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("feeds/all.atom.xml", "feeds/all/3.atom.xml"),
        ("feeds/tag/strikes.json", "feeds/tag/strikes/3.json"),
        ("all.rss.xml", "all/3.rss.xml"),
    ],
)
def test_archive_paths(path, expected):
    assert archive_path(path, 3) == expected


def chain(docs: list[Document]) -> list[Document]:
    """The subscription document and the archives, following the ``older`` links."""
    by_url = {document.url: document for document in docs}
    walked = [docs[0]]
    while walked[-1].older:
        walked.append(by_url[walked[-1].older])
    return walked


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 9])
def test_archives_are_blocks_from_the_oldest_and_hold_every_item_once(count):
    items = [item_for(article(day, f"s{day}"), BASE) for day in range(count, 0, -1)]
    docs = list(documents("atom", "feeds/all.atom.xml", SITE, items, config(FEEDS_MAX_ITEMS=2)))
    assert docs[0].items == tuple(items[:2])  # the newest, newest first
    walked = chain(docs)
    assert len(walked) == len(docs)
    assert [item for document in walked for item in document.items] == items
    oldest_first = list(reversed(items[2:]))  # the archived ones
    for number, archive in enumerate(docs[1:], start=1):
        assert archive.path == f"feeds/all/{number}.atom.xml"
        assert archive.current == BASE + "/feeds/all.atom.xml"
        block = oldest_first[2 * (number - 1) : 2 * number]
        assert archive.items == tuple(reversed(block))
        # Every archive links back (or, the oldest, forward): the validator asks for one.
        assert archive.older or archive.newer
    if len(docs) > 2:
        assert docs[1].newer == docs[2].url


def test_a_full_archive_document_keeps_its_key_when_articles_arrive():
    def keys(count):
        items = [item_for(article(day, f"s{day}"), BASE) for day in range(count, 0, -1)]
        docs = documents("rss", "feeds/all.rss.xml", SITE, items, config(FEEDS_MAX_ITEMS=2))
        return {document.path: document.key() for document in docs}

    before, after = keys(7), keys(8)  # blocks 1 and 2 are full at 7 and stay so
    for path in ("feeds/all/1.rss.xml", "feeds/all/2.rss.xml"):
        assert before[path] == after[path]
    assert before["feeds/all.rss.xml"] != after["feeds/all.rss.xml"]


def test_plan_writes_site_topic_and_section_feeds():
    health, strikes = tag("Health care", "health-care"), tag("Strikes", "strikes")
    labour = tag("Labour", "labour")
    a, b = article(1, "a", ["Health care"]), article(2, "b", ["Health care", "Strikes"])
    files = rendered([a, b], [(health, [a, b]), (strikes, [b])], [(labour, [b])])
    kinds = ("rss.xml", "atom.xml", "json")
    assert sorted(files) == sorted(
        [f"feeds/all.{kind}" for kind in kinds]
        + [f"feeds/tag/{slug}.{kind}" for slug in ("health-care", "strikes") for kind in kinds]
        + [f"feeds/section/labour.{kind}" for kind in kinds]
    )
    channel = etree.fromstring(files["feeds/tag/strikes.rss.xml"]).find("channel")
    assert channel.findtext("title") == "Strikes · The Daily Digest"
    assert channel.findtext("link") == BASE + "/tag/strikes/"
    assert channel.find(ATOM + "link").get("href") == BASE + "/feeds/tag/strikes.rss.xml"
    assert [i.findtext("link") for i in channel.findall("item")] == [BASE + "/" + b.url]
    section = json.loads(files["feeds/section/labour.json"])
    assert section["title"] == "Labour · The Daily Digest"
    assert section["home_page_url"] == BASE + "/tag/labour/"
    assert [i["url"] for i in section["items"]] == [BASE + "/" + b.url]


def test_plan_without_articles_writes_no_feed():
    assert plan([], [], [], SITE, config()) == []


def test_plan_leaves_out_switched_off_feeds():
    t = tag("T", "t")
    a = article(1, "a", ["T"])
    files = rendered(
        [a],
        [(t, [a]), (tag("Empty", "empty"), [])],
        [],
        FEEDS_SITE_JSON="",
        FEEDS_TAG_ATOM=None,
        FEEDS_TAG_JSON=None,
    )
    assert sorted(files) == [
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/tag/t.rss.xml",
    ]


# --- formats ----------------------------------------------------------------------


@pytest.fixture
def feed() -> dict[str, Document]:
    """One subscription document of three varied items, in every format."""
    items = [
        item_for(
            article(3, "newest", authors=[], modified=dt.datetime(2024, 3, 4, 12, 0, tzinfo=UTC)),
            BASE,
        ),
        item_for(article(2, "middle", authors=["Ana Müller", "Bill Van Auken"]), BASE),
        item_for(article(1, "older", first_image=BASE + "/images/a.jpg"), BASE),
    ]
    return {
        kind: Document(
            kind,
            f"feeds/all.{kind}",
            f"{BASE}/feeds/all.{kind}",
            replace(SITE, home_url=BASE + "/"),
            tuple(items),
        )
        for kind in ("rss", "atom", "json")
    }


def xml(document: Document):
    return etree.fromstring(Formats().render(document))


def test_rss_channel_follows_the_validator_rules(feed):
    channel = xml(feed["rss"]).find("channel")
    names = [child.tag for child in channel if child.tag != "item"]
    for required in ("title", "link", "description", "language", ATOM + "link", "lastBuildDate"):
        assert required in names
    assert channel.findtext("title") == "The Daily Digest"
    assert channel.findtext("link") == BASE + "/"  # the alternate, not the self link
    assert channel.findtext("description") == "World news"
    self_link = channel.find(ATOM + "link")
    assert self_link.get("rel") == "self" and self_link.get("href") == feed["rss"].url
    assert self_link.get("type") == "application/rss+xml"
    # From the newest change, in RFC 822, never the clock.
    assert channel.findtext("lastBuildDate") == "Mon, 04 Mar 2024 12:00:00 +0000"
    # No feedgen version in the feed: upgrading it must not change the bytes.
    assert channel.findtext("generator") == "python-feedgen"
    assert channel.find(FH + "archive") is None


def test_rss_items_follow_the_validator_rules(feed):
    items = xml(feed["rss"]).find("channel").findall("item")
    assert [item.findtext("link") for item in items] == [i.url for i in feed["rss"].items]
    formats = Formats()
    for item, source in zip(items, feed["rss"].items, strict=True):
        content, summary = formats.html(source)
        assert item.findtext("title") == source.title
        guid = item.find("guid")
        assert guid.text == source.url and guid.get("isPermaLink") == "true"
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")) == source.published
        assert item.findtext("description") == summary
        assert item.findtext(CONTENT + "encoded") == content
        assert "script" not in content and f'href="{BASE}/about/"' in content
        children = [child.tag for child in item]
        assert children.index(CONTENT + "encoded") == children.index("description") + 1
        assert [c.text for c in item.findall(DC + "creator")] == list(source.authors)
        assert item.find("author") is None  # RSS <author> needs an e-mail address
        assert item.find("enclosure") is None


def test_rss_escapes_html_instead_of_cdata(feed):
    rss = Formats().render(feed["rss"])
    assert b"CDATA" not in rss
    assert b"&lt;p&gt;Text of newest: AT&amp;amp;T in Z\xc3\xbcrich." in rss


def test_atom_feed_follows_the_validator_rules(feed):
    root = xml(feed["atom"])
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext(ATOM + "id") == feed["atom"].url
    assert root.findtext(ATOM + "updated") == "2024-03-04T12:00:00+00:00"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "The Daily Digest"
    links = [(link.get("rel"), link.get("href")) for link in root.findall(ATOM + "link")]
    assert links == [("self", feed["atom"].url), ("alternate", BASE + "/")]
    assert root.find(ATOM + "generator").attrib == {}  # no version, no URI


def test_atom_entries_follow_the_validator_rules(feed):
    entries = xml(feed["atom"]).findall(ATOM + "entry")
    formats = Formats()
    for entry, source in zip(entries, feed["atom"].items, strict=True):
        content, summary = formats.html(source)
        assert entry.findtext(ATOM + "id") == source.url
        assert entry.findtext(ATOM + "updated") == source.updated.isoformat()
        assert entry.findtext(ATOM + "published") == source.published.isoformat()
        link = entry.find(ATOM + "link")
        assert link.get("rel", "alternate") == "alternate" and link.get("href") == source.url
        assert entry.find(ATOM + "content").get("type") == "html"
        assert entry.findtext(ATOM + "content") == content
        assert entry.findtext(ATOM + "summary") == summary
        names = [n.text for n in entry.findall(f"{ATOM}author/{ATOM}name")]
        assert names == list(source.authors)
        assert [c.get("term") for c in entry.findall(ATOM + "category")] == list(source.tags)
        assert entry.find(DC + "creator") is None  # Dublin Core is for RSS only


def test_the_first_image_is_an_rss_media_content_an_atom_enclosure_and_a_json_image(feed):
    image = BASE + "/images/a.jpg"
    rss_items = xml(feed["rss"]).find("channel").findall("item")
    assert [i.find(MEDIA + "content") is not None for i in rss_items] == [False, False, True]
    assert rss_items[2].find(MEDIA + "content").attrib == {
        "url": image,
        "medium": "image",
        "type": "image/jpeg",
    }
    entries = xml(feed["atom"]).findall(ATOM + "entry")
    enclosures = [e.findall(ATOM + "link[@rel='enclosure']") for e in entries]
    assert [len(found) for found in enclosures] == [0, 0, 1]
    assert enclosures[2][0].get("href") == image
    items = json.loads(Formats().render(feed["json"]))["items"]
    assert ["image" in item for item in items] == [False, False, True]
    assert items[2]["image"] == image


def test_an_entry_without_author_is_covered_by_the_feed_author(feed):
    root = xml(feed["atom"])
    assert root.find(ATOM + "entry").find(ATOM + "author") is None
    assert root.find(ATOM + "author") is not None


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feedparser_reads_the_full_text(feed, kind):
    parsed = feedparser.parse(Formats().render(feed[kind]))
    assert parsed.bozo == 0
    assert [e.link for e in parsed.entries] == [i.url for i in feed[kind].items]
    assert parsed.entries[0].content[0].value == Formats().html(feed[kind].items[0])[0]


def test_json_feed_has_the_required_members(feed):
    document = json.loads(Formats().render(feed["json"]))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == BASE + "/"
    assert document["feed_url"] == feed["json"].url
    assert document["authors"] == [{"name": "The Daily Digest"}]
    assert "next_url" not in document
    for item, source in zip(document["items"], feed["json"].items, strict=True):
        assert item["id"] == item["url"] == source.url
        assert item["summary"].startswith("Text of") and "<" not in item["summary"]
        assert dt.datetime.fromisoformat(item["date_modified"]) == source.updated
        assert item["authors"] == [{"name": name} for name in source.authors]
    assert "Zürich".encode() in Formats().render(feed["json"])


def test_archive_documents_carry_rfc_5005_links_in_every_format():
    items = [item_for(article(day, f"s{day}"), BASE) for day in range(5, 0, -1)]
    by_kind = {
        kind: list(documents(kind, f"feeds/all.{kind}", HOME, items, config(FEEDS_MAX_ITEMS=2)))
        for kind in ("rss", "atom", "json")
    }
    atom = [xml(document) for document in by_kind["atom"]]
    rels = [
        {link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")} for root in atom
    ]
    assert rels[0]["prev-archive"] == BASE + "/feeds/all/2.atom"
    assert rels[2] == {
        "self": BASE + "/feeds/all/2.atom",
        "prev-archive": BASE + "/feeds/all/1.atom",
        "current": BASE + "/feeds/all.atom",
        "alternate": BASE + "/",
    }
    assert rels[1]["next-archive"] == BASE + "/feeds/all/2.atom" and "prev-archive" not in rels[1]
    assert [root.find(FH + "archive") is not None for root in atom] == [False, True, True]
    rss = [xml(document).find("channel") for document in by_kind["rss"]]
    assert [c.findtext("link") for c in rss] == [BASE + "/"] * 3
    rss_rels = [{a.get("rel"): a.get("href") for a in c.findall(ATOM + "link")} for c in rss]
    assert rss_rels[2]["prev-archive"] == BASE + "/feeds/all/1.rss"
    assert rss_rels[2]["current"] == BASE + "/feeds/all.rss"
    assert [c.find(FH + "archive") is not None for c in rss] == [False, True, True]
    pages = [json.loads(Formats().render(document)) for document in by_kind["json"]]
    assert [page.get("next_url") for page in pages] == [
        BASE + "/feeds/all/2.json",
        None,
        BASE + "/feeds/all/1.json",
    ]


class _AnyDatetime(type):
    def __instancecheck__(cls, value):
        return isinstance(value, dt.datetime)


class _FrozenClock(metaclass=_AnyDatetime):
    """Stands in for feedgen's ``datetime``: a clock stopped at a date no article has."""

    @staticmethod
    def now(tz=None):
        return dt.datetime(1999, 12, 31, 23, 59, tzinfo=tz)


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_feeds_never_read_the_clock_and_give_the_same_bytes(feed, kind, monkeypatch):
    monkeypatch.setattr(feedgen.feed, "datetime", _FrozenClock)
    monkeypatch.setattr(feedgen.entry, "datetime", _FrozenClock)
    data = Formats().render(feed[kind])
    assert b"1999" not in data
    assert Formats().render(feed[kind]) == data


def test_items_shared_by_many_documents_are_written_as_in_a_document_of_their_own():
    t, u = tag("T", "t"), tag("U", "u")
    articles = [
        article(day, f"s{day}", ["T", "U"][: day % 3], first_image=PAGE + "a.jpg")
        for day in range(1, 9)
    ]
    tags = [
        (t, [a for a in articles if "T" in a.tags]),
        (u, [a for a in articles if "U" in a.tags]),
    ]
    planned = plan(
        articles, tags, [(tag("News", "news"), articles)], SITE, config(FEEDS_MAX_ITEMS=3)
    )
    shared = Formats(planned)
    together = [shared.render(document) for document in planned]
    assert together == [Formats().render(document) for document in planned]
    assert shared._made == {}  # let go once written


def test_opml_lists_every_outline():
    opml = build_opml(
        "Topics · The Daily Digest",
        dt.datetime(2024, 3, 4, 12, 0, tzinfo=UTC),
        [("Health & care", BASE + "/feeds/tag/health.rss.xml", BASE + "/tag/health/")],
    )
    root = etree.fromstring(opml)
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "Topics · The Daily Digest"
    assert root.findtext("head/dateModified") == "Mon, 04 Mar 2024 12:00:00 +0000"
    [outline] = root.findall("body/outline")
    assert outline.attrib == {
        "text": "Health & care",
        "title": "Health & care",
        "type": "rss",
        "xmlUrl": BASE + "/feeds/tag/health.rss.xml",
        "htmlUrl": BASE + "/tag/health/",
    }


# --- writing: only what changed --------------------------------------------------------


def test_unchanged_documents_are_not_rendered_again(tmp_path, monkeypatch):
    a, b = article(1, "a", ["T"]), article(2, "b")
    t = tag("T", "t")
    rendered_paths = []
    render = Formats.render

    def counted(formats, document):
        rendered_paths.append(document.path)
        return render(formats, document)

    monkeypatch.setattr(Formats, "render", counted)

    def build(articles, tags):
        """One build, recorded as output_record records it."""
        rendered_paths.clear()
        record = OutputRecord(str(tmp_path), str(tmp_path / "record"))
        monkeypatch.setattr(plugin_support.output, "record", record)
        planned = plan(articles, tags, [], SITE, config(FEEDS_MAX_ITEMS=1))
        written = write_documents(planned, str(tmp_path))
        record.save()
        return written

    first = build([a, b], [(t, [a])])
    assert sorted(first) == sorted(rendered_paths) and len(first) == 9
    assert build([a, b], [(t, [a])]) == [] and rendered_paths == []
    touched = tmp_path / "feeds/all/1.atom.xml"
    os.utime(touched, ns=(1, 1))
    assert build([a, b], [(t, [a])]) == ["feeds/all/1.atom.xml"]
    # A topic's feeds that are no longer planned are left to output_record to prune.
    assert build([a, b], []) == []
