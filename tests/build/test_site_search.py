"""site_search: every build writes a Pagefind index of the article pages; a failing
indexer is one clear error and the rest of the site is still written."""

from __future__ import annotations

import json
import logging
import stat
import sys

import pytest
from sitebuild import build_site, rebuild, run_pelican_cli

REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"


def search_errors(build) -> list[str]:
    return [m for m in build.messages(logging.ERROR) if "Search index" in m or "SEARCH_" in m]


def indexed_pages(build) -> int:
    entry = json.loads(build.read("pagefind/pagefind-entry.json"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_a_build_writes_the_index_into_output_pagefind(real_site):
    assert (real_site.output / "pagefind" / "pagefind.js").is_file()
    assert real_site.files("pagefind/index/*.pf_index")
    assert real_site.files("pagefind/fragment/*.pf_fragment")
    assert "en" in json.loads(real_site.read("pagefind/pagefind-entry.json"))["languages"]
    assert search_errors(real_site) == []


def test_the_indexing_time_is_logged_at_info(real_site):
    lines = [m for m in real_site.messages(logging.INFO) if m.startswith("Search index: ")]
    assert len(lines) == 1
    assert " pages in " in lines[0] and lines[0].split(" pages in ")[1].split(" s ")[0]


def test_only_article_pages_are_indexed(real_site):
    """Listing pages, the search page and the about page carry no data-pagefind-body."""
    articles = real_site.article_pages()
    assert len(articles) == 3
    assert indexed_pages(real_site) == len(articles)


def test_article_pages_mark_body_title_date_author_and_topics(real_site):
    html = real_site.read(REAL_PAGE)
    assert html.count("data-pagefind-body") == 1
    assert 'data-pagefind-meta="title"' in html
    assert 'data-pagefind-meta="date' in html
    assert 'data-pagefind-meta="author' in html


def test_only_the_search_page_loads_search_code(real_site):
    assert "pagefind.js" in real_site.read("search/index.html")
    assert "search/search.js" in real_site.read("search/index.html")
    for page in ("index.html", REAL_PAGE, "tags/index.html", "archives/index.html"):
        html = real_site.read(page)
        assert "pagefind" not in html.replace("data-pagefind-", "")
        assert "search/search.js" not in html


def test_the_search_page_works_under_a_site_path(tmp_path):
    build = build_site(tmp_path, real_seed=True, SITEURL="https://news.example.org/digest")
    html = build.read("search/index.html")
    assert 'data-pagefind="https://news.example.org/digest/pagefind/pagefind.js"' in html
    assert 'src="https://news.example.org/digest/theme/search/search.js"' in html


def test_a_missing_indexer_is_one_clear_error_and_the_site_is_still_written(tmp_path):
    missing = tmp_path / "nowhere" / "pagefind"
    build = build_site(tmp_path, real_seed=True, SEARCH_PAGEFIND_BINARY=str(missing))
    errors = search_errors(build)
    assert len(errors) == 1
    assert "Search index not built" in errors[0]
    assert f"not found: {missing}" in errors[0]
    assert "Traceback" not in errors[0]
    assert (build.output / REAL_PAGE).is_file()
    assert (build.output / "search" / "index.html").is_file()
    assert not (build.output / "pagefind").exists()


def test_a_failing_indexer_is_reported_in_its_own_words(tmp_path):
    broken = tmp_path / "broken-pagefind"
    broken.write_text(
        f"#!{sys.executable}\nimport sys\nprint('Error: out of disk space', file=sys.stderr)\n"
        "sys.exit(2)\n"
    )
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    build = build_site(tmp_path, real_seed=True, SEARCH_PAGEFIND_BINARY=str(broken))
    errors = search_errors(build)
    assert len(errors) == 1
    assert "exit status 2" in errors[0] and "Error: out of disk space" in errors[0]
    assert (build.output / REAL_PAGE).is_file()


def test_search_index_false_skips_indexing_quietly(tmp_path):
    build = build_site(tmp_path, real_seed=True, SEARCH_INDEX=False)
    assert not (build.output / "pagefind").exists()
    assert search_errors(build) == []


def test_a_bad_setting_is_one_error_and_the_default_is_used(tmp_path):
    build = build_site(tmp_path, real_seed=True, SEARCH_BUNDLE_DIR="../elsewhere")
    errors = search_errors(build)
    assert len(errors) == 1 and "SEARCH_BUNDLE_DIR = '../elsewhere'" in errors[0]
    assert (build.output / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "elsewhere").exists()


def test_a_rebuild_leaves_no_stale_index_files(tmp_path):
    build = build_site(tmp_path, real_seed=True)
    stale = build.output / "pagefind" / "fragment" / "en_stale.pf_fragment"
    stale.write_text("old")
    rebuild(tmp_path)
    assert not stale.exists()
    assert (build.output / "pagefind" / "pagefind.js").is_file()


def test_the_pelican_command_indexes_as_make_html_does(tmp_path):
    build_site(tmp_path, real_seed=True, SEARCH_INDEX=False)
    done = run_pelican_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "output" / "pagefind" / "pagefind.js").is_file()


@pytest.mark.parametrize("strict", ["False", "True"])
def test_strict_mode_fails_on_an_indexer_failure(tmp_path, strict):
    build_site(tmp_path, real_seed=True, SEARCH_INDEX=False)
    done = run_pelican_cli(
        tmp_path, "-e", f"STRICT={strict.lower()}", 'SEARCH_PAGEFIND_BINARY="/nowhere/pagefind"'
    )
    output = done.stdout + done.stderr
    assert "Search index not built" in output and "/nowhere/pagefind" in output
    assert "Traceback" not in output
    assert done.returncode == (1 if strict == "True" else 0)
    assert (tmp_path / "output" / REAL_PAGE).is_file()
