"""Browser tests: a built site served on 127.0.0.1 and Debian's Chromium.

The tests skip, saying why, when Chromium or Playwright is missing
(`.ci/run` installs both); they never download a browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import FIXTURES, PROJECT, build_site

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
# Flags for a closed network: no background calls home, no sandbox as root.
# axe-core rule tags for WCAG 2.2 level A and AA.
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory):
    """The real seed and the sample fixtures, built for the browser tests."""
    root = tmp_path_factory.mktemp("browser_site")
    seeds = {p.name: p.read_bytes() for p in (FIXTURES / "seeds").glob("sample_*.txt")}
    return build_site(root, seeds=seeds, real_seed=True)


@pytest.fixture(scope="session")
def site_url(browser_site):
    """Serve the built site on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(browser_site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots():
    """Folder where screenshots stay after the run for a person to look at."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


class PageWatch:
    """Records what a page did wrong: console errors, failed and third-party requests.

    ``watch = PageWatch(page)`` before ``page.goto``; read the lists after.
    """

    def __init__(self, page, site_url: str):
        self.page = page
        self.host = urlsplit(site_url).netloc
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda r: self.failed_requests.append(f"{r.url} ({r.failure})"))
        page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_response(self, response):
        if response.status >= 400:
            self.failed_requests.append(f"{response.url} (HTTP {response.status})")

    def third_party_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).netloc != self.host
        ]


@pytest.fixture(scope="session")
def axe():
    """axe-core, injected into the page by script: no network needed."""
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return module.Axe()


@pytest.fixture(scope="session")
def axe_violations(axe):
    """``axe_violations(page)``: a readable report of WCAG 2.2 A/AA violations, "" if none."""

    def report(page, tags=WCAG_22_AA_TAGS) -> str:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": list(tags)}})
        return results.generate_report() if results.violations_count else ""

    return report


@pytest.fixture(scope="session")
def watch_page(site_url):
    """``watch_page(page)`` before ``page.goto``: a PageWatch of that page."""
    return lambda page: PageWatch(page, site_url)
