"""What authors write, in Chromium: code blocks and tables on a phone, light and dark."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from sitebuild import build_site

LONG_LINE = "total = " + " + ".join(f"value_{n}" for n in range(60))
STORY = f"""Title: Budget tables and a script
Date: 2024-03-05 09:30
Authors: Ana Lima, Bo Chen
Tags: Budget

The figures, and the script that adds them up.

```python
# Adds every line of the budget.
def total(values):
    {LONG_LINE}
    return "sum: %d" % 42
```

| Ministry | 2023 | 2024 | Change | Share of the whole budget | Note on the figure |
|---|---|---|---|---|---|
| Education and research | 1,204,000,000 | 1,310,000,000 | +8.8% | 14.2% | new universities |
| Health | 2,050,000,000 | 2,210,000,000 | +7.8% | 23.9% | hospitals and the public insurer |

A last paragraph, with `inline code`.
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


HIDDEN = """Title: Quokkas at the harbour
Date: 2024-03-06 09:30
Status: hidden
Tags: Budget

Quokkas were seen at the harbour, a story reachable only by its address.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site's base URL and its two article pages' paths (published, hidden)."""
    root = tmp_path_factory.mktemp("authoring_site")
    content = {"2024/03/budget.md": STORY, "2024/03/quokkas.md": HIDDEN}
    build = build_site(root, content=content)
    handler = functools.partial(_Quiet, directory=str(build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = [
        "/" + p.parent.relative_to(build.output).as_posix() + "/" for p in build.article_pages()
    ]
    yield f"http://127.0.0.1:{server.server_address[1]}", pages
    server.shutdown()


@pytest.fixture(scope="module")
def story_url(site):
    base, pages = site
    return base + next(p for p in pages if "budget" in p)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_and_tables_scroll_inside_themselves_on_a_phone(
    scheme, browser, story_url, axe_violations, screenshots
):
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(story_url, wait_until="load")
        page.screenshot(path=screenshots / f"code-and-table-375-{scheme}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a 375px screen"
        for selector in (".prose pre", ".table-scroll"):
            box = page.locator(selector).first
            scrolls = box.evaluate("e => e.scrollWidth > e.clientWidth")
            assert scrolls, f"{selector} does not scroll: the test's long line is too short"
            assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto", selector
        keyword = page.locator(".highlight .k").first
        assert keyword.evaluate("e => getComputedStyle(e).color") != page.locator(
            ".highlight pre"
        ).evaluate("e => getComputedStyle(e).color"), "code is not coloured"
        report = axe_violations(page)
        assert report == "", f"375px, {scheme}:\n{report}"
    finally:
        context.close()


def test_a_hidden_article_is_not_found_by_the_search_page(browser, site):
    base, pages = site
    context = browser.new_context()
    page = context.new_page()
    try:
        hidden = next(p for p in pages if "quokkas" in p)
        assert page.goto(base + hidden).status == 200  # reachable by its address
        page.goto(base + "/search/")
        searchbox = page.get_by_role("searchbox", name="Search articles")
        status = page.get_by_role("status")
        found = re.compile(r"(\d+ articles?|No articles) found")
        searchbox.fill("budget")
        page.keyboard.press("Enter")
        status.filter(has_text=found).wait_for()
        assert status.inner_text().startswith("1 article found")
        searchbox.fill("quokkas")
        page.keyboard.press("Enter")
        status.filter(has_text=re.compile("No articles found")).wait_for()
        assert page.locator(".search-result").count() == 0
    finally:
        context.close()
