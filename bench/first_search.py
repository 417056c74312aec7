"""What a reader's first search downloads: the search page opened in Chromium (Debian's,
as the browser tests use it), one query run, and the bytes the server sent counted
(the page itself and whatever a worker fetched included). The site is served on
127.0.0.1 without compression, so the figure is what a server that compresses nothing
would send.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FOUND = "found"


class _Counted(http.server.SimpleHTTPRequestHandler):
    sent: list[int]  # the bytes of each response body

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        self.sent.append(len(data))
        outputfile.write(data)


def first_search_bytes(output: Path, query: str) -> dict[str, int]:
    """Bytes and requests of opening ``output``'s search page and searching ``query``."""
    from playwright.sync_api import sync_playwright

    sizes: list[int] = []
    handler = type("Handler", (_Counted,), {"sent": sizes})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(output))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/")
            page.get_by_role("searchbox").fill(query)
            page.keyboard.press("Enter")
            page.get_by_role("status").filter(has_text=FOUND).wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return {"bytes": sum(sizes), "requests": len(sizes)}
