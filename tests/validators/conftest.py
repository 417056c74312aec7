"""Validators over a built site: the Nu Html Checker and LinkChecker.

Each skips, saying why, when its tool is missing (`.ci/run` installs them).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
from sitebuild import PROJECT, build_site

VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Topics, several days and pages: every kind of page the theme writes.
MARKDOWN_SITE = {
    f"story{n}.md": (
        f"Title: Story {n} on the docks\nDate: 2024-03-{1 + n // 2:02d} {8 + n % 8}:00\n"
        f"Author: {['Ana Lima', 'Bo Chen'][n % 2]}\n"
        f"Tags: {['Strikes, Ports', 'Strikes', 'Education, Strikes'][n % 3]}\n\n"
        f"Standfirst of story {n} with AT&amp;T and 5 &lt; 7.\n\n"
        "A second paragraph with a [link](https://example.org/report).\n"
    )
    for n in range(9)
} | {"pages/about.md": "Title: About\n\nWho we are.\n"}


@pytest.fixture(scope="session")
def markdown_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("validated_site")
    return build_site(root, content=MARKDOWN_SITE, DEFAULT_PAGINATION=2)


@pytest.fixture(params=["real_site", "markdown_site"])
def built_site(request):
    """Each built site in turn: the real seed with the fixtures, and a Markdown site."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def vnu():
    java = shutil.which("java")
    if not java:
        pytest.skip("HTML validation skipped: no java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.skip(f"HTML validation skipped: no {VNU_JAR.relative_to(PROJECT)} (npm ci)")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def linkchecker():
    command = shutil.which("linkchecker") or shutil.which(
        "linkchecker", path=str(PROJECT / ".venv" / "bin")
    )
    if not command:
        pytest.skip("link check skipped: no linkchecker (pip install -r requirements-dev.txt)")
    return command


class _LinkCheckerFriendlyHandler(http.server.SimpleHTTPRequestHandler):
    # LinkChecker waits 0.1 to 0.6 s between requests to a host unless the
    # host answers with this header: a local server may be checked at full speed.
    def end_headers(self):
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, *args):
        pass


def _serve(directory):
    handler = functools.partial(_LinkCheckerFriendlyHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server.shutdown


@pytest.fixture(scope="session")
def serve():
    """``serve(directory)`` on a free port of 127.0.0.1; returns (url, stop)."""
    return _serve
