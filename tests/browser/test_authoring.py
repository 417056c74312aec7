"""What authors write, in Chromium: code blocks and tables on a phone, light and dark."""

from __future__ import annotations

import functools
import http.server
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


@pytest.fixture(scope="module")
def story_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("authoring_site")
    build = build_site(root, content={"2024/03/budget.md": STORY}, SEARCH_INDEX=False)
    (article,) = build.article_pages()
    handler = functools.partial(_Quiet, directory=str(build.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield (
        f"http://127.0.0.1:{server.server_address[1]}/"
        + article.parent.relative_to(build.output).as_posix()
        + "/"
    )
    server.shutdown()


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
