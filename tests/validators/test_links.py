"""LinkChecker, over the built site served on 127.0.0.1, finds no broken internal link.

Internal links only (LinkChecker's default): the feeds each page links, the
stylesheet, favicon, topic, author, archive and pagination links all count.
As root LinkChecker runs as `nobody`, which is why it reads the site over HTTP.
"""

from __future__ import annotations

import subprocess


def check_links(linkchecker, serve, directory, tmp_path):
    config = tmp_path / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n")
    url, stop = serve(directory)
    try:
        return subprocess.run(
            [linkchecker, "--no-status", "--no-warnings", "-f", str(config), url + "/"],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        stop()


def test_no_broken_internal_link(linkchecker, serve, built_site, tmp_path):
    result = check_links(linkchecker, serve, built_site.output, tmp_path)
    assert result.returncode == 0, result.stdout[-5000:]
    assert "0 errors found" in result.stdout


def test_a_broken_link_is_reported(linkchecker, serve, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><a href="/missing/">gone</a></html>'
    )
    result = check_links(linkchecker, serve, site, tmp_path)
    assert result.returncode != 0
    assert "/missing/" in result.stdout
