"""The theme in real Chromium: every kind of page, phone and desktop, light and dark.

Each page must load with no console error, no failed request and no request
to another host, pass axe-core's WCAG 2.2 A/AA rules, and fit the screen.
Screenshots stay in test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

WIDTHS = [375, 1280]
SCHEMES = ["light", "dark"]
PAGE_KINDS = ["front", "article", "topic", "topics", "archives", "year", "author", "404"]
REAL_SLUG = "talks-in-moscow-fail-to-dispel-rising-us-russian-tensions"


@pytest.fixture(scope="module")
def paths(browser_site):
    """Site path of one page of each kind, found by following the real seed's links."""
    article = next(p for p in browser_site.article_pages() if REAL_SLUG in str(p))
    article_path = "/" + article.relative_to(browser_site.output).parent.as_posix() + "/"
    soup = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
    topic = soup.select_one('a[rel~="tag"]')
    author = soup.select_one('a[rel~="author"]')
    assert author is not None, "the real seed's article page links no author"
    return {
        "front": "/",
        "article": article_path,
        "topic": topic["href"] if topic else None,
        "topics": "/tags/",
        "archives": "/archives/",
        "year": "/archives/" + article_path.split("/")[1] + "/",
        "author": author["href"],
        "404": "/404.html",
    }


@pytest.fixture(scope="module")
def contexts(browser):
    """One browser context per screen width and colour scheme, shared by the tests."""
    made = {}

    def get(width, scheme):
        if (width, scheme) not in made:
            made[width, scheme] = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=scheme
            )
        return made[width, scheme]

    yield get
    for context in made.values():
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_is_clean_accessible_and_fits(
    kind, width, scheme, paths, contexts, site_url, watch_page, axe_violations, screenshots
):
    path = paths[kind]
    if path is None:
        pytest.fail(f"no {kind} page to test: the real seed has no topics (issue 4's tagger)")
    page = contexts(width, scheme).new_page()
    try:
        watch = watch_page(page)
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.status == 200, path
        page.screenshot(path=screenshots / f"{kind}-{width}-{scheme}.png", full_page=True)

        assert watch.console_errors == [], f"{path}: console errors"
        assert watch.failed_requests == [], f"{path}: failed requests"
        assert watch.third_party_requests() == [], f"{path}: third-party requests"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
        report = axe_violations(page)
        assert report == "", f"{path} at {width}px, {scheme}:\n{report}"
    finally:
        page.close()


def test_dark_scheme_changes_the_colours(paths, contexts, site_url):
    colours = {}
    for scheme in SCHEMES:
        page = contexts(1280, scheme).new_page()
        page.goto(site_url + paths["article"])
        colours[scheme] = page.evaluate(
            "(s => [s.backgroundColor, s.color])(getComputedStyle(document.body))"
        )
        page.close()
    assert colours["light"] != colours["dark"]


def test_real_article_needs_only_page_stylesheet_and_favicon(paths, browser, site_url, watch_page):
    context = browser.new_context()
    page = context.new_page()
    watch = watch_page(page)
    page.goto(site_url + paths["article"], wait_until="networkidle")
    context.close()
    requested = {url.removeprefix(site_url) for url in watch.requests}
    assert requested <= {paths["article"], "/theme/css/style.css", "/theme/favicon.svg"}
    assert "/theme/css/style.css" in requested


def test_reads_without_javascript(paths, browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + paths["article"])
    body = page.locator(".prose")
    assert body.is_visible()
    assert "Tillerson" in body.inner_text()
    context.close()


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(paths, contexts, site_url):
    page = contexts(375, "light").new_page()
    page.goto(site_url + paths["article"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0, "skip link stays off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_focused_links_show_an_outline(paths, contexts, site_url):
    page = contexts(1280, "dark").new_page()
    page.goto(site_url + paths["article"])
    for _ in range(3):  # skip link, site name, first nav item
        page.keyboard.press("Tab")
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline
    page.close()


def test_fits_a_320px_screen(paths, browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for kind in ("front", "article", "topics", "archives"):
        page.goto(site_url + paths[kind])
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{paths[kind]} overflows a 320px screen by {overflow}px"
    context.close()


def test_print_hides_navigation_and_prints_link_urls(paths, browser, site_url, screenshots):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + paths["article"])
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".skip-link").is_visible()
    # The real seed's body has no link once its boilerplate is gone: add one.
    after = page.evaluate(
        """() => {
            const link = document.createElement("a");
            link.href = "https://example.org/report";
            link.textContent = "the report";
            document.querySelector(".prose p").append(" See ", link, ".");
            return getComputedStyle(link, "::after").content;
        }"""
    )
    assert "https://example.org/report" in after
    page.screenshot(path=screenshots / "article-print.png", full_page=True)
    context.close()
