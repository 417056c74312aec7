"""Feeds written by a real build: which files, what is in them, and the validator's rules.

The site is built as `make publish SITEURL=https://news.example.org` builds it.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from sitebuild import FIXTURES, build_site, lay_out, rebuild, run_pelican_cli

BASE = "https://news.example.org"
PUBLISH = {"FEEDS_BASE_URL": BASE, "SITEURL": BASE}
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
SITE_FEEDS = ["feeds/all.atom.xml", "feeds/all.json", "feeds/all.rss.xml"]
REAL_URL = BASE + "/2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/"

ALPHA = """\
Title: Feedtest alpha: AT&T nurses & “care”
Date: 2024-03-02 09:30
Author: Ana Müller
Tags: Feedtest Alpha, Feedtest Beta

Nurses at **AT&T** clinics in Zürich walked out; see
[the report](/2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/),
[notes](notes/) and [the top](#top).

<img src="/images/picket.jpg" srcset="/images/picket.jpg 1x, ../picket-2x.jpg 2x" alt="Picket">

<script>alert("x")</script>
<iframe src="https://evil.example/"></iframe>
<object data="x.swf"></object>
<embed src="x.swf">
<p onclick="steal()" style="position:fixed">Café crème – 5 &lt; 7</p>
<a href="javascript:alert(1)">bad link</a>
"""

BETA = """\
Title: Feedtest beta
Date: 2024-03-01 08:00
Tags: Feedtest Beta

Only the beta topic.

A second paragraph.
"""

TRAPS_SEED = """\
Markup that must stay text

Jo Bloggs
2020-01-02

<script>alert("x")</script> and AT&T said 5 < 7.
"""


def sources():
    seeds = {p.name: p.read_bytes() for p in (FIXTURES / "seeds").glob("sample_*.txt")}
    seeds["traps.txt"] = TRAPS_SEED
    return {"seeds": seeds, "content": {"alpha.md": ALPHA, "beta.md": BETA}}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("feeds"), real_seed=True, **sources(), **PUBLISH)


def feed_files(build) -> dict[str, bytes]:
    return {
        str(path.relative_to(build.output)): path.read_bytes() for path in build.files("feeds/**/*")
    }


def xml_feeds(build, suffix):
    return {name: data for name, data in feed_files(build).items() if name.endswith(suffix)}


def tag_slugs(build) -> list[str]:
    """Every tag the build published, from its tag pages (tag/<slug>/index.html)."""
    return sorted(p.parent.name for p in build.output.glob("tag/*/index.html"))


def html_of(text: str) -> BeautifulSoup:
    return BeautifulSoup(text or "", "html.parser")


def feed_html_fragments(build):
    """(feed name, HTML) for every description, content and summary in every feed."""
    for name, data in xml_feeds(build, ".rss.xml").items():
        for item in etree.fromstring(data).iter("item"):
            yield name, item.findtext("description")
            yield name, item.findtext(CONTENT + "encoded")
    for name, data in xml_feeds(build, ".atom.xml").items():
        for entry in etree.fromstring(data).iter(ATOM + "entry"):
            yield name, entry.findtext(ATOM + "content")
            yield name, entry.findtext(ATOM + "summary")
    for item in json.loads(feed_files(build)["feeds/all.json"])["items"]:
        yield "feeds/all.json", item["content_html"]


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return parts.scheme == "mailto"


# --- which files --------------------------------------------------------------


def test_site_feeds_and_three_feeds_per_tag_and_section_and_the_opml_and_nothing_else(site):
    slugs = tag_slugs(site)
    assert {"feedtest-alpha", "feedtest-beta"} <= set(slugs)
    per_tag = [f"feeds/tag/{s}.{kind}" for s in slugs for kind in ("rss.xml", "atom.xml", "json")]
    sections = [p.parent.name for p in site.output.glob("section/*/index.html")]
    assert sections
    per_section = [
        f"feeds/section/{s}.{kind}" for s in sections for kind in ("rss.xml", "atom.xml", "json")
    ]
    expected = SITE_FEEDS + per_tag + per_section + ["feeds/topics.opml"]
    assert sorted(feed_files(site)) == sorted(expected)
    # Pelican's own feeds (category, author, tag feeds in its format) are all off.
    others = [p for p in site.files("**/*.xml") if "feeds" not in p.parts]
    assert all(p.name == "sitemap.xml" for p in others)


def test_no_error_is_logged(site):
    assert [m for m in site.messages(logging.ERROR) if "feeds" in m] == []


# --- the real seed ------------------------------------------------------------


def test_site_rss_carries_the_real_seed_in_full_text(site):
    channel = etree.fromstring(site.read("feeds/all.rss.xml").encode()).find("channel")
    real = [i for i in channel.findall("item") if i.findtext("link") == REAL_URL]
    assert len(real) == 1
    full_text = real[0].findtext(CONTENT + "encoded")
    assert "deconfliction" in full_text  # from deep in the body, not the summary
    assert "deconfliction" not in real[0].findtext("description")
    assert real[0].findtext("description").startswith("<p>Five hours of talks")
    assert [c.text for c in real[0].findall(DC + "creator")] == ["Bill Van Auken"]


def test_no_feed_carries_the_wire_boilerplate(site):
    for name, data in feed_files(site).items():
        text = data.decode("utf-8").lower()
        assert "to contact the wsws" not in text, name


# --- the validator's rules, on the parsed XML -----------------------------------


def test_every_rss_feed_follows_the_validator_rules(site):
    rss_feeds = xml_feeds(site, ".rss.xml")
    assert len(rss_feeds) >= 3
    for name, data in rss_feeds.items():
        root = etree.fromstring(data)
        assert root.tag == "rss" and root.get("version") == "2.0", name
        channel = root.find("channel")
        for required in ("title", "link", "description", "language", "lastBuildDate"):
            assert channel.findtext(required), (name, required)
        assert is_absolute(channel.findtext("link")), name
        self_link = channel.find(ATOM + "link")
        assert self_link.get("rel") == "self", name
        assert self_link.get("href") == f"{BASE}/{name}"
        items = channel.findall("item")
        assert items, name
        pub_dates = [item.findtext("pubDate") for item in items]
        # The newest article's date, never the clock.
        assert channel.findtext("lastBuildDate") == pub_dates[0]
        for item in items:
            link = item.findtext("link")
            assert link.startswith(BASE + "/"), name
            guid = item.find("guid")
            assert guid.text == link and guid.get("isPermaLink") == "true"
            assert item.findtext("title")
            assert item.findtext("pubDate").endswith(" +0000")
            children = [child.tag for child in item]
            assert children.index(CONTENT + "encoded") == children.index("description") + 1
            assert item.find("author") is None
            assert item.findall(DC + "creator")


def test_every_atom_feed_follows_the_validator_rules(site):
    atom_feeds = xml_feeds(site, ".atom.xml")
    assert len(atom_feeds) >= 3
    for name, data in atom_feeds.items():
        assert b"CDATA" not in data, name
        root = etree.fromstring(data)
        assert root.findtext(ATOM + "id") == f"{BASE}/{name}"
        assert root.findtext(ATOM + "title")
        assert root.findtext(f"{ATOM}author/{ATOM}name") == "The Daily Digest"
        rels = [(link.get("rel"), link.get("href")) for link in root.findall(ATOM + "link")]
        assert rels[0] == ("self", f"{BASE}/{name}")
        assert rels[1][0] == "alternate" and rels[1][1].startswith(BASE + "/")
        entries = root.findall(ATOM + "entry")
        assert root.findtext(ATOM + "updated") == max(e.findtext(ATOM + "updated") for e in entries)
        for entry in entries:
            assert entry.findtext(ATOM + "id").startswith(BASE + "/")
            assert entry.findtext(ATOM + "published") and entry.findtext(ATOM + "updated")
            assert entry.find(ATOM + "content").get("type") == "html"
            assert entry.find(ATOM + "summary").get("type") == "html"
            assert entry.findtext(f"{ATOM}author/{ATOM}name")


def test_feedparser_parses_every_feed_without_complaint(site):
    for name, data in feed_files(site).items():
        if name.endswith(".xml"):
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
            assert parsed.entries, name


def test_json_feed_has_the_required_members_and_the_same_items(site):
    document = json.loads(site.read("feeds/all.json"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "The Daily Digest"
    assert document["home_page_url"] == BASE + "/"
    assert document["feed_url"] == BASE + "/feeds/all.json"
    rss = etree.fromstring(site.read("feeds/all.rss.xml").encode())
    assert [i["url"] for i in document["items"]] == [i.findtext("link") for i in rss.iter("item")]
    for item in document["items"]:
        for member in ("id", "url", "title", "content_html", "summary", "date_published"):
            assert item[member], member
        assert item["authors"] and item["authors"][0]["name"]
        assert not item["summary"].startswith("<p>")  # plain text, as JSON Feed asks
    real = next(i for i in document["items"] if i["url"] == REAL_URL)
    assert real["summary"].startswith("Five hours of talks Wednesday")


# --- content --------------------------------------------------------------------


def test_every_url_in_every_feed_is_absolute(site):
    checked = 0
    for name, html in feed_html_fragments(site):
        for tag in html_of(html).find_all(True):
            for attribute in ("href", "src", "poster"):
                if tag.get(attribute) is not None:
                    assert is_absolute(tag[attribute]), (name, tag)
                    checked += 1
            for candidate in (tag.get("srcset") or "").split(","):
                if candidate.strip():
                    assert is_absolute(candidate.split()[0]), (name, tag)
    assert checked > 10  # the Markdown article's links were among them


def test_relative_links_were_rewritten_against_the_article(site):
    alpha = json.loads(site.read("feeds/all.json"))["items"]
    alpha = next(i for i in alpha if i["title"].startswith("Feedtest alpha"))
    page = alpha["url"]
    links = [a["href"] for a in html_of(alpha["content_html"]).find_all("a", href=True)]
    assert REAL_URL in links
    assert page + "notes/" in links and page + "#top" in links
    img = html_of(alpha["content_html"]).img
    assert img["src"] == BASE + "/images/picket.jpg"
    assert img["srcset"].endswith("/picket-2x.jpg 2x")


def test_no_feed_carries_anything_executable(site):
    for name, html in feed_html_fragments(site):
        soup = html_of(html)
        assert not soup.find_all(["script", "iframe", "object", "embed", "style"]), name
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (name, tag)
            assert "javascript:" not in str(tag.get("href", "")).lower(), name


def test_entities_literal_markup_and_non_ascii_survive(site):
    items = json.loads(site.read("feeds/all.json"))["items"]
    alpha = next(i for i in items if i["title"].startswith("Feedtest alpha"))
    assert alpha["title"] == "Feedtest alpha: AT&T nurses & “care”"
    assert "AT&amp;T" in alpha["content_html"] and "Zürich" in alpha["content_html"]
    assert "Café crème – 5 &lt; 7" in alpha["content_html"]
    traps = next(i for i in items if i["title"] == "Markup that must stay text")
    # Wire copy that looks like markup is text, and stays text in the feed.
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in traps["content_html"]
    assert "AT&amp;T said 5 &lt; 7." in traps["content_html"]
    rss = site.read("feeds/all.rss.xml")
    assert "Zürich" in rss and "Z&#252;rich" not in rss


# --- per tag --------------------------------------------------------------------


def test_each_tag_feed_holds_exactly_that_tags_articles_newest_first(site):
    site_items = json.loads(site.read("feeds/all.json"))["items"]
    for slug in tag_slugs(site):
        channel = etree.fromstring(site.read(f"feeds/tag/{slug}.rss.xml").encode()).find("channel")
        assert channel.findtext("link") == f"{BASE}/tag/{slug}/"
        name = channel.findtext("title").removesuffix(" · The Daily Digest")
        expected = [i["url"] for i in site_items if name in i["tags"]]
        assert [i.findtext("link") for i in channel.findall("item")] == expected, slug
        for item in channel.findall("item"):
            assert name in [c.text for c in item.findall("category")]
        atom = etree.fromstring(site.read(f"feeds/tag/{slug}.atom.xml").encode())
        entry_ids = [e.findtext(ATOM + "id") for e in atom.findall(ATOM + "entry")]
        assert entry_ids == expected, slug


def test_the_test_topics_hold_the_expected_articles(site):
    def titles(slug):
        rss = etree.fromstring(site.read(f"feeds/tag/{slug}.rss.xml").encode())
        return [item.findtext("title") for item in rss.iter("item")]

    assert titles("feedtest-alpha") == ["Feedtest alpha: AT&T nurses & “care”"]
    assert titles("feedtest-beta") == ["Feedtest alpha: AT&T nurses & “care”", "Feedtest beta"]


# --- settings, reproducibility, bad input ---------------------------------------


def test_item_count_is_a_setting_and_keeps_the_newest(tmp_path):
    build = build_site(tmp_path, real_seed=True, **sources(), FEEDS_MAX_ITEMS=2, **PUBLISH)
    rss = etree.fromstring(build.read("feeds/all.rss.xml").encode())
    assert [i.findtext("title") for i in rss.iter("item")] == [
        "Feedtest alpha: AT&T nurses & “care”",
        "Feedtest beta",
    ]
    atom = etree.fromstring(build.read("feeds/all.atom.xml").encode())
    assert len(atom.findall(ATOM + "entry")) == 2
    assert len(json.loads(build.read("feeds/all.json"))["items"]) == 2


def test_the_same_content_gives_byte_identical_feeds(site, tmp_path):
    again = build_site(tmp_path / "again", real_seed=True, **sources(), **PUBLISH)
    assert feed_files(again) == feed_files(site)
    # And rebuilding in place, from Pelican's content cache, changes nothing either.
    assert feed_files(rebuild(tmp_path / "again", **PUBLISH)) == feed_files(site)


GAMMA = """\
Title: Feedtest gamma
Date: 2024-03-03 10:00
Tags: Feedtest Gamma, Feedtest Alpha

Gamma, newer than every other article.
"""


def feed_times(build) -> dict[str, int]:
    return {
        str(p.relative_to(build.output)): p.stat().st_mtime_ns for p in build.files("feeds/**/*")
    }


def test_a_rebuild_after_changes_writes_what_a_clean_build_writes(tmp_path):
    root = tmp_path / "kept"
    first = build_site(root, real_seed=True, **sources(), **PUBLISH)
    assert any(name.endswith("feedtest-beta.rss.xml") for name in feed_files(first))
    # One article added, one changed, one removed (and the Feedtest Beta topic with it).
    (root / "content/gamma.md").write_text(GAMMA, encoding="utf-8")
    alpha = ALPHA.replace("Feedtest Alpha, Feedtest Beta", "Feedtest Alpha")
    (root / "content/alpha.md").write_text(alpha.replace("walked out", "struck"), encoding="utf-8")
    (root / "content/beta.md").unlink()
    changed = rebuild(root, **PUBLISH)

    clean = {**sources()["content"], "alpha.md": alpha.replace("walked out", "struck")}
    del clean["beta.md"]
    clean["gamma.md"] = GAMMA
    expected = build_site(
        tmp_path / "clean", real_seed=True, seeds=sources()["seeds"], content=clean, **PUBLISH
    )
    assert "feeds/tag/feedtest-gamma.rss.xml" in feed_files(expected)
    assert "struck" in expected.read("feeds/all.json")
    assert feed_files(changed) == feed_files(expected)


def test_a_rebuild_with_nothing_changed_leaves_every_feed_file_alone(tmp_path):
    first = build_site(tmp_path, real_seed=True, **sources(), **PUBLISH)
    before, times = feed_files(first), feed_times(first)
    again = rebuild(tmp_path, **PUBLISH)
    assert feed_times(again) == times  # not written again
    assert feed_files(again) == before


def test_a_damaged_output_record_is_a_warning_and_feeds_are_rebuilt(tmp_path):
    first = build_site(tmp_path, real_seed=True, **sources(), **PUBLISH)
    before = feed_files(first)
    # The feeds' stamps are the output record's entries: feeds keep no cache of their own.
    assert not (tmp_path / ".cache/feeds").exists()
    (tmp_path / ".cache/output-record").write_bytes(b"\x80\x04\x95 damaged")
    (first.output / "feeds/all.rss.xml").unlink()
    again = rebuild(tmp_path, **PUBLISH)
    assert feed_files(again) == before
    warnings = [m for m in again.messages(logging.WARNING) if "output-record" in m]
    assert len(warnings) == 1
    assert [m for m in again.messages(logging.ERROR) if "feeds" in m] == []


def test_feeds_are_the_same_whatever_the_cache_settings(tmp_path):
    first = build_site(tmp_path / "kept", real_seed=True, **sources(), **PUBLISH)
    (first.output / "feeds/all.rss.xml").unlink()
    again = rebuild(tmp_path / "kept", **PUBLISH)
    assert feed_files(again) == feed_files(first)
    # A feed edited by hand is written again, whether caches are loaded or not.
    (first.output / "feeds/all.atom.xml").write_bytes(b"changed by hand")
    fresh = rebuild(tmp_path / "kept", LOAD_CONTENT_CACHE=False, **PUBLISH)
    assert feed_files(fresh) == feed_files(first)
    off = build_site(tmp_path / "off", real_seed=True, **sources(), CACHE_CONTENT=False, **PUBLISH)
    assert feed_files(off) == feed_files(first)
    assert [m for m in off.messages(logging.WARNING) if "feeds" in m] == []


@pytest.mark.parametrize("base_url", ["", "/", "news.example.org"])
def test_no_feed_is_written_without_an_absolute_base_url(tmp_path, base_url):
    build = build_site(tmp_path, real_seed=True, FEEDS_BASE_URL=base_url)
    assert not (build.output / "feeds").exists()
    errors = [m for m in build.messages(logging.ERROR) if "FEEDS_BASE_URL" in m]
    assert len(errors) == 1
    assert (build.output / "index.html").exists()  # the rest of the site is built


def test_a_site_without_articles_builds_and_writes_no_feed(tmp_path):
    build = build_site(tmp_path, **PUBLISH)
    assert (build.output / "index.html").exists()
    assert not (build.output / "feeds").exists()
    assert build.messages(logging.ERROR) == []


def test_make_html_feeds_point_at_the_local_server(tmp_path):
    build = build_site(tmp_path, real_seed=True)
    rss = etree.fromstring(build.read("feeds/all.rss.xml").encode())
    self_link = rss.find("channel").find(ATOM + "link").get("href")
    assert self_link == "http://127.0.0.1:8000/feeds/all.rss.xml"
    assert next(rss.iter("item")).findtext("link").startswith("http://127.0.0.1:8000/2017/")


def test_make_publish_feeds_use_the_given_site_url(tmp_path, monkeypatch):
    lay_out(tmp_path, real_seed=True)
    monkeypatch.setenv("SITEURL", "https://digest.example.net/")
    result = run_pelican_cli(tmp_path, config="publishconf.py")
    assert result.returncode == 0, result.stderr
    atom = etree.fromstring((tmp_path / "output/feeds/all.atom.xml").read_bytes())
    assert atom.findtext(ATOM + "id") == "https://digest.example.net/feeds/all.atom.xml"
    entry_id = atom.find(ATOM + "entry").findtext(ATOM + "id")
    assert entry_id.startswith("https://digest.example.net/2017/04/13/")
