"""The search page in real Chromium, on the built site served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from sitebuild import build_site

REAL_TITLE = "Talks in Moscow fail to dispel rising US-Russian tensions"
FOUND = re.compile(r"(\d+ articles?|No articles) found")


@pytest.fixture
def watched(browser, watch_page):
    """A fresh page, watched for console errors and third-party or failed requests."""
    context = browser.new_context()
    yield watch_page(context.new_page())
    context.close()


def open_search(watched, site_url):
    watched.page.goto(f"{site_url}/search/")
    watched.page.get_by_role("searchbox", name="Search articles").wait_for()
    return watched.page


def run_search(page, query):
    page.get_by_role("searchbox", name="Search articles").fill(query)
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    status.filter(has_text=FOUND).wait_for()
    return status.inner_text()


def result_titles(page) -> list[str]:
    return page.locator(".search-result h2 a").all_inner_texts()


@pytest.mark.parametrize("query", ["Tillerson", "deconfliction hotline"])
def test_words_of_the_real_seed_find_it(watched, site_url, query, screenshots):
    page = open_search(watched, site_url)
    status = run_search(page, query)
    page.screenshot(path=screenshots / f"search-{query.replace(' ', '-')}.png", full_page=True)
    assert REAL_TITLE in result_titles(page), status
    assert "found" in status and "No articles" not in status


def test_boilerplate_finds_nothing(watched, site_url):
    page = open_search(watched, site_url)
    status = run_search(page, "contact the WSWS")
    assert status.startswith("No articles found"), (status, result_titles(page))
    assert result_titles(page) == []
    assert "No article contains “WSWS”" in status


def test_every_word_must_be_found(watched, site_url):
    """Pagefind alone ignores a word it has never seen; the page does not."""
    page = open_search(watched, site_url)
    assert run_search(page, "Tillerson Moscow").startswith("1 article found")
    status = run_search(page, "Tillerson Xyzzyplugh")
    assert status.startswith("No articles found") and "“Xyzzyplugh”" in status
    assert result_titles(page) == []


def test_a_result_has_title_link_date_and_marked_excerpt(watched, site_url):
    page = open_search(watched, site_url)
    run_search(page, "Tillerson")
    result = page.locator(".search-result").filter(has_text=REAL_TITLE)
    link = result.get_by_role("link", name=REAL_TITLE)
    assert re.search(r"/2017/04/13/[^/]+/$", link.get_attribute("href"))
    assert "13 April 2017" in result.locator(".date").inner_text()
    marks = result.locator(".excerpt mark").all_inner_texts()
    assert marks and all(m.lower() == "tillerson" for m in marks)
    link.click()
    page.wait_for_url(re.compile(r"/2017/04/13/"))
    assert page.locator("h1").inner_text() == REAL_TITLE


def test_text_from_the_index_is_shown_as_text(watched, site_url):
    """The sample seed says "5 < 7 nurses": the excerpt shows it, and no markup leaks."""
    page = open_search(watched, site_url)
    run_search(page, "ratio")
    excerpt = page.locator(".search-result .excerpt").first
    assert "5 < 7" in excerpt.inner_text()
    assert excerpt.locator("*:not(mark)").count() == 0


def test_keyboard_alone_searches_and_reaches_a_result(watched, site_url):
    page = open_search(watched, site_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-query":
            break
    else:
        pytest.fail("Tab never reached the search field")
    page.keyboard.type("Tillerson")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text=FOUND).wait_for()
    assert "q=Tillerson" in page.url  # the address holds the search, to share it
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    else:
        pytest.fail("Tab never reached a result")


def test_search_from_the_address(watched, site_url):
    watched.page.goto(f"{site_url}/search/?q=Tillerson")
    watched.page.get_by_role("status").filter(has_text=FOUND).wait_for()
    assert watched.page.get_by_role("searchbox").input_value() == "Tillerson"
    assert REAL_TITLE in result_titles(watched.page)


def tagged_article(title, day, tags, body):
    meta = f"Title: {title}\nDate: 2024-03-{day:02d} 09:00\nAuthor: Ana Lima\nTags: {tags}\n"
    return f"{meta}\n{body}\n"


@pytest.fixture(scope="module")
def tagged_site_url(tmp_path_factory):
    """A small site whose articles have topics, to filter by."""
    root = tmp_path_factory.mktemp("tagged_site")
    content = {
        "ports.md": tagged_article("Dockworkers strike", 5, "Ports", "Dockworkers began a strike."),
        "schools.md": tagged_article("Teachers strike", 6, "Schools", "Teachers began a strike."),
        "both.md": tagged_article("Ports and schools", 7, "Ports, Schools", "No walkout here."),
    }
    for number in range(1, 12):  # more than one screenful of results for "bulletin"
        meta = f"Title: Bulletin {number}\nDate: 2024-02-{number:02d}\n"
        content[f"bulletin-{number}.md"] = f"{meta}\nThe bulletin, number {number}.\n"
    build = build_site(root, content=content)
    handler = functools.partial(_Quiet, directory=str(build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_topic_filter_narrows_results(watched, tagged_site_url):
    page = open_search(watched, tagged_site_url)
    topic = page.get_by_label("Topic")
    assert topic.locator("option").all_inner_texts() == ["All topics", "Ports", "Schools"]
    run_search(page, "strike")
    assert sorted(result_titles(page)) == ["Dockworkers strike", "Teachers strike"]
    topic.select_option(label="Ports")  # a change searches again at once
    page.get_by_role("status").filter(has_text="in Ports.").wait_for()
    assert result_titles(page) == ["Dockworkers strike"]
    assert "topic=Ports" in page.url


def test_a_topic_alone_lists_its_articles(watched, tagged_site_url):
    page = open_search(watched, tagged_site_url)
    page.get_by_label("Topic").select_option(label="Schools")
    page.get_by_role("status").filter(has_text="2 articles found in Schools.").wait_for()
    assert sorted(result_titles(page)) == ["Ports and schools", "Teachers strike"]


def test_more_results_come_on_request_and_focus_moves_to_them(watched, tagged_site_url):
    page = open_search(watched, tagged_site_url)
    assert run_search(page, "bulletin").startswith("11 articles found")
    assert len(result_titles(page)) == 10
    page.get_by_role("button", name="More results").click()
    page.locator(".search-result").nth(10).wait_for()
    assert len(result_titles(page)) == 11
    assert page.evaluate("document.activeElement.textContent") == result_titles(page)[10]
    assert not page.get_by_role("button", name="More results").is_visible()


def test_search_page_passes_axe_with_results(watched, site_url, axe_violations):
    page = open_search(watched, site_url)
    assert axe_violations(page) == ""
    run_search(page, "Tillerson")
    assert axe_violations(page) == ""


def test_search_page_has_no_console_error_and_no_third_party_request(watched, site_url):
    page = open_search(watched, site_url)
    run_search(page, "Tillerson")
    run_search(page, "contact the WSWS")
    assert watched.console_errors == []
    assert watched.third_party_requests() == []
    assert watched.failed_requests == []
    assert any("/pagefind/" in url for url in watched.requests)


def test_pagefind_loads_only_on_the_search_page(watched, site_url, browser_site):
    article = browser_site.article_pages()[0].relative_to(browser_site.output).parent
    for path in ("/", f"/{article.as_posix()}/", "/tags/", "/archives/"):
        watched.page.goto(f"{site_url}{path}", wait_until="networkidle")
    loaded = [u for u in watched.requests if "/pagefind/" in u or "/search/search." in u]
    assert loaded == []


def test_without_javascript_the_page_says_so_and_links_topics_and_archives(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/search/")
        fallback = page.locator("[data-search-fallback]")
        assert fallback.is_visible()
        assert "Search needs JavaScript" in fallback.inner_text()
        assert fallback.get_by_role("link", name="topic index").get_attribute("href") == "/tags/"
        assert fallback.get_by_role("link", name="archives").get_attribute("href") == "/archives/"
        assert not page.get_by_role("searchbox").is_visible()
    finally:
        context.close()


def test_with_javascript_the_no_script_text_is_gone(watched, site_url):
    page = open_search(watched, site_url)
    assert not page.locator("[data-search-fallback]").is_visible()


# --- The index in shards: one bundle per article here, merged by the search page ---------


def dated_article(title, date, tags, body):
    return f"Title: {title}\nDate: {date} 09:00\nAuthor: Ana Lima\nTags: {tags}\n\n{body}\n"


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """Articles of three years, one shard each (SEARCH_SHARD_SIZE = 2): the search page
    loads the newest bundle and merges the others. A hidden article is not indexed."""
    root = tmp_path_factory.mktemp("sharded_site")
    content = {
        "zeppelin.md": dated_article(
            "Zeppelin crews strike", "2022-05-02", "Transport", "Zeppelin crews began a strike."
        ),
        "rail.md": dated_article(
            "Rail workers strike", "2023-01-10", "Transport, Rail", "Signal staff walked out."
        ),
        "harbour.md": dated_article(
            "Harbour pilots strike", "2024-03-05", "Ports", "Harbour pilots began a strike."
        ),
        "cranes.md": dated_article(
            "Cranes idle at the docks", "2024-03-06", "Ports, Transport", "No cranes moved."
        ),
        "hidden.md": dated_article(
            "Quiet note", "2024-03-07", "Ports\nStatus: hidden", "Xylophonic harbour note."
        ),
    }
    build = build_site(root, content=content, SEARCH_SHARD_SIZE=2)
    assert len(list((build.output / "pagefind").iterdir())) == 4
    handler = functools.partial(_Quiet, directory=str(build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield build, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def sharded_site_url(sharded_site):
    return sharded_site[1]


def test_a_word_of_an_older_years_article_is_found(watched, sharded_site_url):
    page = open_search(watched, sharded_site_url)
    assert run_search(page, "Zeppelin").startswith("1 article found")
    assert result_titles(page) == ["Zeppelin crews strike"]
    excerpt = page.locator(".search-result .excerpt mark").all_inner_texts()
    assert excerpt and all(mark.lower() == "zeppelin" for mark in excerpt)
    assert watched.console_errors == [] and watched.failed_requests == []


def test_a_word_of_a_newest_years_article_is_found(watched, sharded_site_url):
    page = open_search(watched, sharded_site_url)
    assert run_search(page, "Harbour").startswith("1 article found")
    assert result_titles(page) == ["Harbour pilots strike"]
    assert watched.console_errors == [] and watched.failed_requests == []


def test_results_and_every_word_come_from_both_bundles(watched, sharded_site_url):
    page = open_search(watched, sharded_site_url)
    run_search(page, "strike")
    assert sorted(result_titles(page)) == [
        "Harbour pilots strike",
        "Rail workers strike",
        "Zeppelin crews strike",
    ]
    # One word in each bundle: the page asks for every word, and both are found.
    assert run_search(page, "Zeppelin crews").startswith("1 article found")
    status = run_search(page, "Harbour Zeppelin")
    assert status.startswith("No articles found") and "No article contains" not in status
    loaded = {
        url.split("/pagefind/")[1].split("/")[0] for url in watched.requests if "/pagefind/" in url
    }
    assert len(loaded) == 4  # every bundle
    assert watched.console_errors == [] and watched.failed_requests == []


def test_the_search_runtime_is_fetched_once_for_every_bundle(watched, sharded_site_url):
    """Pagefind's WebAssembly runtime, the largest part of a first search, is the same
    file in every bundle: one request, from the first bundle, and no worker script."""
    page = open_search(watched, sharded_site_url)
    run_search(page, "strike")
    assert len(result_titles(page)) == 3  # every bundle searched
    runtimes = [url for url in watched.requests if re.search(r"/wasm\.[\w-]+\.pagefind$", url)]
    first_bundle = page.locator(".search-form").get_attribute("data-pagefind")
    assert len(runtimes) == 1
    assert runtimes[0].endswith(first_bundle.replace("pagefind.js", "wasm.en.pagefind"))
    assert not [url for url in watched.requests if "pagefind-worker" in url]
    assert watched.console_errors == [] and watched.failed_requests == []


def test_the_topic_filter_works_across_both_bundles(watched, sharded_site_url):
    page = open_search(watched, sharded_site_url)
    topic = page.get_by_label("Topic")
    # Rail is only in the archive, Ports only in the newest year.
    assert topic.locator("option").all_inner_texts() == ["All topics", "Ports", "Rail", "Transport"]
    run_search(page, "strike")
    topic.select_option(label="Transport")
    page.get_by_role("status").filter(has_text="in Transport.").wait_for()
    assert sorted(result_titles(page)) == ["Rail workers strike", "Zeppelin crews strike"]
    topic.select_option(label="Ports")
    page.get_by_role("status").filter(has_text="in Ports.").wait_for()
    assert result_titles(page) == ["Harbour pilots strike"]
    page.get_by_role("searchbox", name="Search articles").fill("")
    topic.select_option(label="Transport")
    page.get_by_role("status").filter(has_text="3 articles found in Transport.").wait_for()
    assert sorted(result_titles(page)) == [
        "Cranes idle at the docks",
        "Rail workers strike",
        "Zeppelin crews strike",
    ]
    assert watched.console_errors == [] and watched.failed_requests == []


def test_a_hidden_article_is_not_found(watched, sharded_site):
    """`Status: hidden`: reachable by its URL, never found by search."""
    build, url = sharded_site
    assert (build.output / "2024/03/07/quiet-note/index.html").is_file()
    page = open_search(watched, url)
    status = run_search(page, "Xylophonic")
    assert status.startswith("No articles found") and result_titles(page) == []
    assert run_search(page, "harbour").startswith("1 article found")
    assert result_titles(page) == ["Harbour pilots strike"]
