"""Feeds that hold the whole archive (RFC 5005), topic and section feeds, OPML, images.

A small site with FEEDS_MAX_ITEMS = 2, so that every feed has archive documents.
"""

from __future__ import annotations

import json
import logging

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from sitebuild import build_site, rebuild

BASE = "https://news.example.org"
SETTINGS = {"FEEDS_BASE_URL": BASE, "SITEURL": BASE, "FEEDS_MAX_ITEMS": 2, "SEARCH_INDEX": False}
ATOM = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"
MEDIA = "{http://search.yahoo.com/mrss/}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_KINDS = ("atom.xml", "rss.xml")


def markdown(day: int, *extra: str) -> str:
    topic = "Dockers" if day % 2 else "Teachers"
    return "\n".join(
        [
            f"Title: Paged story {day}",
            f"Date: 2024-03-{day:02d} 09:00",
            f"Tags: {topic}, Everything",
            f"Category: {'Labour' if day <= 3 else 'News'}",
            *extra,
            "",
            f"The body of paged story {day}.",
            "",
        ]
    )


def url(day: int) -> str:
    return f"{BASE}/2024/03/{day:02d}/paged-story-{day}/"


ARTICLES = {f"a{day}.md": markdown(day) for day in range(1, 8)}
ARTICLES["a4.md"] = markdown(4, "Authors: Ana Lima, Bill Van Auken")
ARTICLES["a5.md"] = markdown(5).replace(
    "The body", '![A picket line](/images/picket.jpg "Picket")\n\nThe body'
)
ARTICLES["hidden.md"] = markdown(8, "Status: hidden")
PUBLISHED = {url(day) for day in range(1, 8)}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("paged"), content=ARTICLES, **SETTINGS)


def links(root, rel: str) -> list[str]:
    """The feed's links of ``rel``: Atom's own, or RSS's atom:link elements."""
    holder = root.find("channel") if root.tag == "rss" else root
    return [link.get("href") for link in holder.findall(ATOM + "link") if link.get("rel") == rel]


def item_urls(path: str, data: bytes) -> list[str]:
    if path.endswith(".json"):
        return [item["url"] for item in json.loads(data)["items"]]
    root = etree.fromstring(data)
    if root.tag == "rss":
        return [item.findtext("link") for item in root.iter("item")]
    return [entry.findtext(ATOM + "id") for entry in root.iter(ATOM + "entry")]


def older(path: str, data: bytes) -> str | None:
    if path.endswith(".json"):
        return json.loads(data).get("next_url")
    found = links(etree.fromstring(data), "prev-archive")
    assert len(found) <= 1
    return found[0] if found else None


def walk(build, path: str) -> list[tuple[str, bytes]]:
    """The subscription document at ``path`` and every archive, following the chain."""
    documents, seen = [], set()
    while path:
        assert path not in seen, f"the chain loops at {path}"
        seen.add(path)
        data = (build.output / path).read_bytes()
        documents.append((path, data))
        next_url = older(path, data)
        path = next_url.removeprefix(BASE + "/") if next_url else None
    return documents


def chain_items(build, path: str) -> list[str]:
    return [u for doc_path, data in walk(build, path) for u in item_urls(doc_path, data)]


def subscription_feeds(build) -> list[str]:
    """Every subscription document: the site's, every topic's and section's."""
    names = [f"feeds/all.{kind}" for kind in (*XML_KINDS, "json")]
    for folder in ("tag", "section"):
        names += [
            str(p.relative_to(build.output)) for p in (build.output / "feeds" / folder).glob("*.*")
        ]
    return sorted(names)


def archive_documents(build) -> list[str]:
    subscriptions = set(subscription_feeds(build))
    return sorted(
        str(p.relative_to(build.output))
        for p in build.output.glob("feeds/**/*")
        if p.is_file()
        and p.suffix in (".xml", ".json")
        and str(p.relative_to(build.output)) not in subscriptions
    )


# --- the archive chain -------------------------------------------------------------


def test_every_site_feed_chain_holds_every_published_article_exactly_once(site):
    for kind in (*XML_KINDS, "json"):
        found = chain_items(site, f"feeds/all.{kind}")
        assert sorted(found) == sorted(PUBLISHED), kind  # each once, the hidden one never
        assert len(walk(site, f"feeds/all.{kind}")) == 4  # 2 newest, then blocks of 2, 2, 1


def test_the_subscription_feeds_hold_the_newest_and_the_first_archive_the_oldest(site):
    for kind in (*XML_KINDS, "json"):
        subscription = f"feeds/all.{kind}"
        assert item_urls(subscription, site.output.joinpath(subscription).read_bytes()) == [
            url(7),
            url(6),
        ]
        oldest = f"feeds/all/1.{kind}"
        assert item_urls(oldest, site.output.joinpath(oldest).read_bytes()) == [url(2), url(1)]


def test_every_topic_and_section_chain_holds_its_articles_exactly_once(site):
    expected = {
        "tag/dockers": {url(d) for d in (1, 3, 5, 7)},
        "tag/teachers": {url(d) for d in (2, 4, 6)},
        "tag/everything": PUBLISHED,
        "section/labour": {url(d) for d in (1, 2, 3)},
        "section/news": {url(d) for d in (4, 5, 6, 7)},
    }
    for name, urls in expected.items():
        for kind in (*XML_KINDS, "json"):
            found = chain_items(site, f"feeds/{name}.{kind}")
            assert sorted(found) == sorted(urls), (name, kind)


def test_feedparser_reads_every_paged_document_without_error(site):
    documents = archive_documents(site) + subscription_feeds(site)
    assert len(documents) > 20
    for path in documents:
        if path.endswith(".xml"):
            parsed = feedparser.parse(site.output.joinpath(path).read_bytes())
            assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
            assert parsed.entries, path


def test_archive_documents_follow_the_validator_rules(site):
    """RFC 5005 as the W3C Feed Validator checks it: an archive is marked
    <fh:archive/>, links its subscription document (current) and at least one other
    archive (ArchiveIncomplete), and its self link and id are its own address."""
    checked = 0
    for path in archive_documents(site):
        if path.endswith(".json"):
            continue
        data = site.output.joinpath(path).read_bytes()
        root = etree.fromstring(data)
        holder = root.find("channel") if root.tag == "rss" else root
        assert holder.find(FH + "archive") is not None, path
        assert links(root, "self") == [f"{BASE}/{path}"], path
        assert links(root, "prev-archive") or links(root, "next-archive"), path
        folder, name = path.rsplit("/", 1)
        assert links(root, "current") == [f"{BASE}/{folder}.{name.split('.', 1)[1]}"], path
        if root.tag != "rss":
            assert root.findtext(ATOM + "id") == f"{BASE}/{path}"
            assert root.findtext(ATOM + "updated") == max(
                e.findtext(ATOM + "updated") for e in root.iter(ATOM + "entry")
            )
        assert b"CDATA" not in data
        checked += 1
    assert checked >= 20
    for name in subscription_feeds(site):
        if not name.endswith(".json"):
            root = etree.fromstring(site.output.joinpath(name).read_bytes())
            holder = root.find("channel") if root.tag == "rss" else root
            assert holder.find(FH + "archive") is None and not links(root, "current")


def test_full_archive_documents_never_change_and_a_rebuild_writes_what_a_clean_build_writes(
    site, tmp_path
):
    root = tmp_path / "growing"
    first = build_site(root, content=ARTICLES, **SETTINGS)
    full = [p for p in archive_documents(first) if "/1." in p or "/2." in p]
    full = [p for p in full if p.startswith("feeds/all/")]
    assert len(full) == 6
    before = {p: (first.output / p).read_bytes() for p in full}
    times = {p: (first.output / p).stat().st_mtime_ns for p in full}
    newest = markdown(9)
    (root / "content/a9.md").write_text(newest, encoding="utf-8")
    grown = rebuild(root, **SETTINGS)
    assert {p: (grown.output / p).read_bytes() for p in full} == before
    assert {p: (grown.output / p).stat().st_mtime_ns for p in full} == times
    assert sorted(chain_items(grown, "feeds/all.atom.xml")) == sorted(PUBLISHED | {url(9)})
    clean = build_site(tmp_path / "clean", content={**ARTICLES, "a9.md": newest}, **SETTINGS)

    def feeds(build):
        return {str(p.relative_to(build.output)): p.read_bytes() for p in build.files("feeds/**/*")}

    assert feeds(grown) == feeds(clean)


# --- items ------------------------------------------------------------------------------


def site_items(build) -> dict[str, dict]:
    return {
        item["url"]: item
        for path, data in walk(build, "feeds/all.json")
        for item in json.loads(data)["items"]
    }


def xml_entries(build, kind: str) -> dict[str, etree._Element]:
    found = {}
    for _path, data in walk(build, f"feeds/all.{kind}"):
        root = etree.fromstring(data)
        for entry in root.iter("item", ATOM + "entry"):
            found[entry.findtext("link") or entry.findtext(ATOM + "id")] = entry
    return found


def test_every_author_of_an_article_is_named_in_its_entries(site):
    both = ["Ana Lima", "Bill Van Auken"]
    assert [a["name"] for a in site_items(site)[url(4)]["authors"]] == both
    rss = xml_entries(site, "rss.xml")[url(4)]
    assert [c.text for c in rss.findall(DC + "creator")] == both
    atom = xml_entries(site, "atom.xml")[url(4)]
    assert [n.text for n in atom.findall(f"{ATOM}author/{ATOM}name")] == both


def test_the_first_image_reaches_every_format_and_only_that_article(site):
    image = BASE + "/images/picket.jpg"
    items = site_items(site)
    assert items[url(5)]["image"] == image
    assert [u for u, item in items.items() if "image" in item] == [url(5)]
    rss = xml_entries(site, "rss.xml")
    assert rss[url(5)].find(MEDIA + "content").get("url") == image
    assert [u for u, e in rss.items() if e.find(MEDIA + "content") is not None] == [url(5)]
    atom = xml_entries(site, "atom.xml")
    enclosures = {
        u: [link.get("href") for link in e.findall(ATOM + "link") if link.get("rel") == "enclosure"]
        for u, e in atom.items()
    }
    assert enclosures[url(5)] == [image]
    assert sum(map(len, enclosures.values())) == 1


def test_a_hidden_article_is_in_no_feed(site):
    hidden = url(8)
    for path in site.files("feeds/**/*"):
        assert hidden.encode() not in path.read_bytes(), path
    assert [m for m in site.messages(logging.ERROR) if "feeds" in m] == []


# --- topics, sections, OPML and the theme ---------------------------------------


def test_topic_feeds_come_first_on_topic_pages_named_for_the_topic(site):
    page = BeautifulSoup(site.read("tag/dockers/index.html"), "html.parser")
    alternates = [
        (link["title"], link["href"]) for link in page.head.find_all("link", rel="alternate")
    ]
    assert alternates[:3] == [
        ("Dockers · The Daily Digest (RSS)", f"{BASE}/feeds/tag/dockers.rss.xml"),
        ("Dockers · The Daily Digest (Atom)", f"{BASE}/feeds/tag/dockers.atom.xml"),
        ("Dockers · The Daily Digest (JSON Feed)", f"{BASE}/feeds/tag/dockers.json"),
    ]
    assert alternates[3][1] == f"{BASE}/feeds/all.rss.xml"
    visible = [a["href"] for a in page.select(".listing-head a")]
    assert f"{BASE}/feeds/tag/dockers.json" in visible
    topic = json.loads(site.read("feeds/tag/dockers.json"))
    assert topic["title"] == "Dockers · The Daily Digest"
    assert topic["home_page_url"] == f"{BASE}/tag/dockers/"


def test_the_opml_lists_every_topic_feed_and_is_linked_from_the_topic_index(site):
    opml = etree.fromstring(site.read("feeds/topics.opml").encode())
    assert opml.get("version") == "2.0" and opml.findtext("head/title")
    outlines = {o.get("text"): o.get("xmlUrl") for o in opml.iter("outline")}
    assert outlines == {
        name: f"{BASE}/feeds/tag/{name.lower()}.rss.xml"
        for name in ("Dockers", "Everything", "Teachers")
    }
    for outline in opml.iter("outline"):
        assert outline.get("type") == "rss"
        assert (site.output / outline.get("xmlUrl").removeprefix(BASE + "/")).exists()
    opml_url = f"{BASE}/feeds/topics.opml"
    topics = BeautifulSoup(site.read("tags/index.html"), "html.parser")
    assert topics.select_one(f'main a[href="{opml_url}"]')
    front = BeautifulSoup(site.read("index.html"), "html.parser")
    assert front.select_one(f'#subscribe a[href="{opml_url}"]')


def test_section_feeds_can_be_switched_off(tmp_path):
    off = {name: None for name in ("FEEDS_SECTION_RSS", "FEEDS_SECTION_ATOM", "FEEDS_SECTION_JSON")}
    build = build_site(tmp_path, content=ARTICLES, **SETTINGS, **off)
    assert not (build.output / "feeds/section").exists()
    assert (build.output / "feeds/tag/dockers.json").exists()
