"""Pelican's content cache answers a rebuild: an unchanged source is not read again.

Pelican keys a cached reading by the source's time. A source rewritten with its old
time therefore keeps its cached reading, which shows that the cache answered.
"""

import os

import pytest
from sitebuild import build_site, rebuild

SEED = "Dockers strike in Rotterdam\n\nAna Lima\n2021-03-01\n\nDock workers struck on Monday.\n"
MARKDOWN = "Title: Talks resume\nDate: 2021-05-05\n\nThe talks resumed on Monday.\n"
PAGES = {
    "seeds/a.txt": "2021/03/01/dockers-strike-in-rotterdam/index.html",
    "content/talks.md": "2021/05/05/talks-resume/index.html",
}


def _rewrite_keeping_its_time(source):
    stamp = source.stat()
    source.write_text(source.read_text().replace("Monday", "Tuesday"))
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))


@pytest.mark.parametrize("source", PAGES)
def test_a_rebuild_takes_unchanged_sources_from_the_content_cache(tmp_path, source):
    first = build_site(tmp_path, seeds={"a.txt": SEED}, content={"talks.md": MARKDOWN})
    assert "Monday" in first.read(PAGES[source])
    _rewrite_keeping_its_time(tmp_path / source)
    assert "Monday" in rebuild(tmp_path).read(PAGES[source])


def test_a_source_with_a_new_time_is_read_again(tmp_path):
    build_site(tmp_path, seeds={"a.txt": SEED})
    source = tmp_path / "seeds/a.txt"
    source.write_text(SEED.replace("Monday", "Tuesday"))
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    assert "Tuesday" in rebuild(tmp_path).read(PAGES["seeds/a.txt"])
