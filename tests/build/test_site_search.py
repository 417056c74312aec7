"""site_search: every build writes a Pagefind index of the published articles' pages (in
the background, in shards, each kept while its pages did not change and its files are
whole); a failing indexer is one clear error and the rest of the site is still written;
Pagefind never outlives the build and never writes into the output itself."""

from __future__ import annotations

import gzip
import json
import logging
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pelican import signals
from processes import alive
from sitebuild import PROJECT, build_site, lay_out, rebuild, run_pelican_cli, site_settings

REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"
INDEXED = re.compile(
    r"Search index: (?P<pages>\d+) pages in [\d.]+ s, peak (?P<peak>\d+) MiB, "
    r"the build waited [\d.]+ s \(.*pagefind: (?P<shards>.*)\)$"
)


def search_errors(build) -> list[str]:
    return [m for m in build.messages(logging.ERROR) if "Search index" in m or "SEARCH_" in m]


def shards(build) -> list[str]:
    """The bundles of the index, newest first, as the search page loads them."""
    html = build.read("search/index.html")
    first = re.search(r'data-pagefind="[^"]*/pagefind/([^/]+)/pagefind.js"', html)
    merged = re.search(r'data-pagefind-merge="([^"]*)"', html)[1].split()
    return [first[1], *(re.search(r"/pagefind/([^/]+)/$", url)[1] for url in merged)]


def bundle_folders(build) -> list[str]:
    root = build.output / "pagefind"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def indexed_pages(build, bundle: str | None = None) -> int:
    """Pages in one bundle (a name), or in all of them."""
    names = [bundle] if bundle else bundle_folders(build)
    total = 0
    for name in names:
        entry = json.loads(build.read(f"pagefind/{name}/pagefind-entry.json"))
        total += sum(language["page_count"] for language in entry["languages"].values())
    return total


def test_a_build_writes_the_index_into_output_pagefind(real_site):
    """Three articles are far fewer than a shard holds: one bundle, with what the search
    page loads and nothing else of Pagefind's (its ready-made interfaces)."""
    assert bundle_folders(real_site) == shards(real_site)
    (bundle,) = shards(real_site)
    folder = f"pagefind/{bundle}"
    assert (real_site.output / folder / "pagefind.js").is_file()
    assert (real_site.output / folder / "pagefind-worker.js").is_file()
    assert real_site.files(f"{folder}/index/*.pf_index")
    assert real_site.files(f"{folder}/fragment/*.pf_fragment")
    assert "en" in json.loads(real_site.read(f"{folder}/pagefind-entry.json"))["languages"]
    assert not real_site.files(f"{folder}/pagefind-*ui*")
    assert [url[:6] for url in sorted(fragment_texts(real_site))] == ["/2017/", "/2021/", "/2022/"]
    assert search_errors(real_site) == []


def search_info(build) -> list[str]:
    return [m for m in build.messages(logging.INFO) if m.startswith("Search index: ")]


def test_the_indexing_time_and_the_indexers_peak_memory_are_logged_at_info(real_site):
    lines = search_info(real_site)
    assert len(lines) == 1
    assert INDEXED.match(lines[0]), lines[0]
    assert int(INDEXED.match(lines[0])["pages"]) == 3
    assert int(INDEXED.match(lines[0])["peak"]) > 0
    assert INDEXED.match(lines[0])["shards"] == f"{shards(real_site)[0]} indexed"


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
    (bundle,) = bundle_folders(build)
    assert f'data-pagefind="https://news.example.org/digest/pagefind/{bundle}/pagefind.js"' in html
    assert 'data-pagefind-merge=""' in html  # one bundle: nothing to merge
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
    assert (
        len(errors) == 1
        and "SEARCH_BUNDLE_DIR must be" in errors[0]
        and "'../elsewhere'" in errors[0]
    )
    assert indexed_pages(build) == 1
    assert not (tmp_path / "elsewhere").exists()


def test_a_rebuild_leaves_no_stale_index_files(tmp_path):
    build = build_site(tmp_path, real_seed=True)
    (bundle,) = bundle_folders(build)
    stale = build.output / "pagefind" / bundle / "fragment" / "en_stale.pf_fragment"
    stale.write_text("old")
    rebuild(tmp_path)
    assert not stale.exists()
    assert (build.output / "pagefind" / bundle / "pagefind.js").is_file()


def test_the_pelican_command_indexes_as_make_html_does(tmp_path):
    build_site(tmp_path, real_seed=True, SEARCH_INDEX=False)
    done = run_pelican_cli(tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "output" / "pagefind").glob("*/pagefind.js"))) == 1


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


# --- Indexed in the background, kept while the articles are unchanged -------------------


def article(title: str, day: int, text: str) -> str:
    return f"Title: {title}\nDate: 2020-01-{day:02d}\nAuthor: Desk\n\n{text}\n"


ARTICLES = {
    "alpha.md": article("Alpha", 1, "Deconfliction hotline talks resume."),
    "beta.md": article("Beta", 2, "Harbour workers strike for pay."),
}


def fragment_texts(build, bundle: str = "*") -> dict[str, str]:
    """Each indexed page's URL and text, from Pagefind's fragments (of every bundle)."""
    texts = {}
    for path in build.files(f"pagefind/{bundle}/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        texts[fragment["url"]] = fragment["content"]
    return texts


def bundle_files(build, bundle: str = "*") -> dict[str, bytes]:
    files = build.files(f"pagefind/{bundle}/**/*")
    return {str(p.relative_to(build.output)): p.read_bytes() for p in files}


def test_a_rebuild_with_no_article_changed_keeps_the_index(tmp_path):
    first = build_site(tmp_path, content=ARTICLES)
    assert INDEXED.match(search_info(first)[0])
    before = bundle_files(first)
    again = rebuild(tmp_path)
    assert search_info(again) == [
        f"Search index: up to date, 2 pages unchanged ({again.output / 'pagefind'})"
    ]
    assert bundle_files(again) == before
    assert search_errors(again) == []


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_a_rebuild_indexes_again_when_an_article_changes(tmp_path, change):
    build_site(tmp_path, content=ARTICLES)
    content = tmp_path / "content"
    if change == "edited":
        (content / "beta.md").write_text(article("Beta", 2, "Dockers settle the dispute."))
    elif change == "added":
        (content / "gamma.md").write_text(article("Gamma", 3, "Dockers settle the dispute."))
    else:
        (content / "beta.md").unlink()
    build = rebuild(tmp_path)
    line = search_info(build)[0]
    expected = {"edited": 2, "added": 3, "removed": 1}[change]
    assert INDEXED.match(line) and int(INDEXED.match(line)["pages"]) == expected, line
    texts = fragment_texts(build)
    assert len(texts) == indexed_pages(build) == expected  # no stale fragment left
    beta = "/2020/01/02/beta/"
    if change == "removed":
        # The retracted page is gone from the output, and from the index.
        assert not (build.output / beta.strip("/") / "index.html").exists()
        assert beta not in texts
    else:
        assert any("Dockers" in text for text in texts.values())
        assert any("Harbour" in text for text in texts.values()) != (change == "edited")


def test_the_index_is_rebuilt_when_its_cache_is_off(tmp_path):
    build_site(tmp_path, content=ARTICLES)
    again = rebuild(tmp_path, LOAD_CONTENT_CACHE=False)
    assert INDEXED.match(search_info(again)[0])


def test_the_indexer_runs_while_the_feeds_are_written(real_site):
    """Receivers of one signal run in PLUGINS order: the indexer is started once the
    article pages are written, the feeds are written at ``finalized``, and site_search
    waits for the indexer only after them."""

    def names(signal):
        return [f"{r.__module__}.{r.__name__}" for r in signal.receivers_for(real_site)]

    assert "site_search.start_indexing" in names(signals.article_writer_finalized)
    finalized = names(signals.finalized)
    assert "feeds.write_built_feeds" in finalized and "site_search.finish_indexing" in finalized
    assert finalized.index("feeds.write_built_feeds") < finalized.index(
        "site_search.finish_indexing"
    )


def test_pagefind_runs_while_the_build_goes_on_and_the_build_waits_for_it(tmp_path):
    """The stand-in Pagefind finishes only once the pages generator, which runs after the
    articles, has written the about page: so the build went on while it ran. It finishes
    after a pause: so the build waited for it before it ended."""
    log = tmp_path / "run.json"
    about = tmp_path / "output" / "about" / "index.html"
    standin = tmp_path / "standin-pagefind"
    standin.write_text(
        f"#!{sys.executable}\n"
        "import json, os, pathlib, sys, time\n"
        "args = sys.argv[1:]\n"
        "site = pathlib.Path(args[args.index('--site') + 1])\n"
        "bundle = pathlib.Path(args[args.index('--output-path') + 1])\n"
        f"about = pathlib.Path({str(about)!r})\n"
        "pages = sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html'))\n"
        f"open({str(log)!r}, 'w').write(json.dumps(pages))\n"
        "deadline = time.time() + 30\n"
        "while not about.exists():\n"
        "    if time.time() > deadline:\n"
        "        sys.exit('Error: the build did not go on while Pagefind ran')\n"
        "    time.sleep(0.01)\n"
        "time.sleep(0.3)\n"
        "bundle.mkdir(parents=True, exist_ok=True)\n"
        "(bundle / 'pagefind.js').write_text('')\n"
        "print(f'Indexed {len(pages)} pages')\n"
    )
    standin.chmod(standin.stat().st_mode | stat.S_IXUSR)
    content = {**ARTICLES, "pages/about.md": "Title: About\n\nUs.\n"}
    build = build_site(tmp_path, content=content, SEARCH_PAGEFIND_BINARY=str(standin))
    assert search_errors(build) == []
    assert len(build.files("pagefind/*/pagefind.js")) == 1
    assert INDEXED.match(search_info(build)[0]).group("pages") == "2"
    # Pagefind was handed the article pages only: no listing page, no about page; and it
    # wrote its bundle outside the output, which the build then moved in.
    staged = json.loads(log.read_text())
    assert staged == [str(p.relative_to(build.output)) for p in build.article_pages()]


def test_each_shard_is_indexed_as_soon_as_its_last_article_page_is_written(tmp_path):
    """The newest articles are written first: the newest shard is indexed while the
    older articles are still being written."""
    build = build_site(tmp_path, content=YEARS, SEARCH_SHARD_SIZE=2)  # one article a shard
    messages = build.messages(logging.DEBUG)
    writing = [m for m in messages if m.startswith("Writing ")]
    listing = messages.index(f'Writing "{build.output / "archives" / "index.html"}"')
    pages = {url: build.output / url.strip("/") / "index.html" for url in (NEW, OLD, OLDER)}
    started = {}
    for url, name in zip((NEW, OLD, OLDER), shards(build), strict=True):
        started[url] = messages.index(f"Search index: started on 1 article pages ({name})")
        assert messages.index(f'Writing "{pages[url]}"') < started[url] < listing, writing
    assert started[NEW] < messages.index(f'Writing "{pages[OLDER]}"'), writing


def hanging_pagefind(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in Pagefind that records its pid and never finishes (within a minute)."""
    pid_file = tmp_path / "pagefind.pid"
    hanging = tmp_path / "hanging-pagefind"
    hanging.write_text(
        f"#!{sys.executable}\nimport os, time\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n"
    )
    hanging.chmod(hanging.stat().st_mode | stat.S_IXUSR)
    return hanging, pid_file


def started_pid(pid_file: Path) -> int:
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "Pagefind never started"
        time.sleep(0.01)
    return int(pid_file.read_text())


def test_a_build_that_fails_before_finalized_stops_pagefind(tmp_path):
    hanging, pid_file = hanging_pagefind(tmp_path)

    def fail_after_the_articles(generator, **kwargs):
        started_pid(pid_file)  # Pagefind is running now
        raise RuntimeError("a later step failed")

    signals.page_writer_finalized.connect(fail_after_the_articles)
    try:
        with pytest.raises(RuntimeError, match="a later step failed"):
            build_site(tmp_path, content=ARTICLES, SEARCH_PAGEFIND_BINARY=str(hanging))
    finally:
        signals.page_writer_finalized.disconnect(fail_after_the_articles)
    # In-process (`pelican -r`, tests) Pagefind is stopped when the failed build is
    # garbage-collected, or at the latest when the next build starts; `pelican` stops it
    # when it exits (the next test).
    pid = started_pid(pid_file)
    if alive(pid):
        rebuild(tmp_path, SEARCH_INDEX=False)
    assert not alive(pid)
    assert not (tmp_path / "output" / "pagefind").exists()


def test_a_failed_pelican_command_leaves_no_pagefind_running(tmp_path):
    lay_out(tmp_path, content=ARTICLES)
    hanging, pid_file = hanging_pagefind(tmp_path)
    # A plugin of the test's fails the pages generator (after the articles) once
    # Pagefind is running.
    failing = tmp_path / "test_plugins" / "fail_after_pagefind"
    failing.mkdir(parents=True)
    (failing / "__init__.py").write_text(
        "import pathlib, time\nfrom pelican import signals\n\n"
        "def fail(generator, **kwargs):\n"
        f"    pid_file = pathlib.Path({str(pid_file)!r})\n"
        "    deadline = time.time() + 60\n"
        "    while not pid_file.exists() and time.time() < deadline:\n"
        "        time.sleep(0.01)\n"
        "    raise RuntimeError('a later step failed')\n\n"
        "def register():\n    signals.page_writer_finalized.connect(fail)\n"
    )
    plugins = [*site_settings(tmp_path)["PLUGINS"], "fail_after_pagefind"]
    paths = [str(PROJECT / "plugins"), str(failing.parent)]
    done = run_pelican_cli(
        tmp_path,
        "-e",
        f'SEARCH_PAGEFIND_BINARY="{hanging}"',
        f"PLUGINS={json.dumps(plugins)}",
        f"PLUGIN_PATHS={json.dumps(paths)}",
    )
    assert done.returncode != 0
    assert "a later step failed" in done.stdout + done.stderr
    assert not alive(started_pid(pid_file))
    assert not (tmp_path / "output" / "pagefind").exists()


def test_an_indexer_failing_on_a_rebuild_leaves_no_old_index(tmp_path):
    build_site(tmp_path, content=ARTICLES)
    (tmp_path / "content" / "beta.md").write_text(article("Beta", 2, "Dockers settle."))
    broken = tmp_path / "broken-pagefind"
    broken.write_text(f"#!{sys.executable}\nimport sys\nprint('Error: no space')\nsys.exit(2)\n")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    build = rebuild(tmp_path, SEARCH_PAGEFIND_BINARY=str(broken))
    errors = search_errors(build)
    assert len(errors) == 1 and "exit status 2" in errors[0] and "Error: no space" in errors[0]
    assert not (build.output / "pagefind").exists()
    assert (build.output / "2020/01/02/beta/index.html").is_file()
    # The next good build indexes again: the failed one left nothing to keep.
    assert INDEXED.match(search_info(rebuild(tmp_path))[0])


def test_a_site_without_articles_has_no_index_and_says_so(tmp_path):
    """Only published articles are indexed: a site of pages alone has nothing to search."""
    build = build_site(tmp_path, content={"pages/about.md": "Title: About\n\nUs.\n"})
    assert not (build.output / "pagefind").exists()
    html = build.read("search/index.html")
    assert "There is nothing to search yet." in html
    assert "data-pagefind=" not in html and "search.js" not in html
    assert search_errors(build) == []


def test_drafts_are_not_searchable(tmp_path):
    draft = "Title: Secret plan\nDate: 2021-01-01\nStatus: draft\n\nZanzibarian secret plan.\n"
    build = build_site(tmp_path, real_seed=True, content={"draft.md": draft})
    assert (build.output / "drafts").exists()
    fragments = b"".join(
        gzip.decompress(p.read_bytes()) for p in build.files("pagefind/*/fragment/*.pf_fragment")
    )
    assert b"Tillerson" in fragments
    assert b"Zanzibarian" not in fragments
    assert indexed_pages(build) == 1


def test_hidden_articles_are_not_searchable(tmp_path):
    """`Status: hidden`: reachable by its URL only, whatever the theme marks on its page."""
    hidden = "Title: Quiet note\nDate: 2020-01-03\nStatus: hidden\n\nXylophonic quiet note.\n"
    build = build_site(tmp_path, content={**ARTICLES, "hidden.md": hidden})
    assert (build.output / "2020/01/03/quiet-note/index.html").is_file()
    assert sorted(fragment_texts(build)) == ["/2020/01/01/alpha/", "/2020/01/02/beta/"]
    assert not any("Xylophonic" in text for text in fragment_texts(build).values())
    assert indexed_pages(build) == 2


# --- Shards: a few large bundles, cut where the content says -----------------------------


def dated(title: str, date: str, text: str) -> str:
    return f"Title: {title}\nDate: {date}\nAuthor: Desk\n\n{text}\n"


YEARS = {
    "older.md": dated("Older", "2018-03-02", "Telegraph cables were laid."),
    "old.md": dated("Old", "2019-06-01", "Zeppelin flights resumed."),
    "new.md": dated("New", "2020-01-01", "Harbour workers strike for pay."),
}
NEW, OLD, OLDER = "/2020/01/01/new/", "/2019/06/01/old/", "/2018/03/02/older/"
ONE_EACH = {"SEARCH_SHARD_SIZE": 2}  # every shard ends after one article


def test_articles_are_indexed_in_shards_loaded_newest_first(tmp_path):
    build = build_site(tmp_path, content=YEARS, **ONE_EACH)
    assert search_errors(build) == []
    assert sorted(shards(build)) == bundle_folders(build) and len(shards(build)) == 3
    assert [list(fragment_texts(build, name)) for name in shards(build)] == [[NEW], [OLD], [OLDER]]
    assert [indexed_pages(build, name) for name in shards(build)] == [1, 1, 1]
    line = INDEXED.match(search_info(build)[0])
    assert line["pages"] == "3" and line["shards"] == f"{', '.join(shards(build))} indexed"
    # With the default size, the three articles are one bundle.
    again = rebuild(tmp_path)
    assert len(shards(again)) == 1 and bundle_folders(again) == shards(again)
    assert sorted(fragment_texts(again)) == [OLDER, OLD, NEW]


def test_an_article_added_reindexes_only_the_shards_whose_pages_changed(tmp_path):
    """The new article's shard, and the one of the article now linking to it as newer
    (a page whose bytes changed); the older shards are kept as they are."""
    first = build_site(tmp_path, content=YEARS, **ONE_EACH)
    before = shards(first)  # (a Build reads its output as it is now)
    older = {name: bundle_files(first, name) for name in before[1:]}
    (tmp_path / "content" / "newer.md").write_text(dated("Newer", "2020-02-01", "Dockers settle."))
    build = rebuild(tmp_path, **ONE_EACH)
    line = INDEXED.match(search_info(build)[0])
    newest, new = shards(build)[:2]
    assert line["pages"] == "2" and line["shards"] == f"{newest}, {new} indexed, 2 unchanged"
    assert shards(build)[1:] == before
    assert {name: bundle_files(build, name) for name in shards(build)[2:]} == older
    assert list(fragment_texts(build, newest)) == ["/2020/02/01/newer/"]
    # Nothing changed since: every bundle is kept.
    again = rebuild(tmp_path, **ONE_EACH)
    assert search_info(again) == [
        f"Search index: up to date, 4 pages unchanged ({again.output / 'pagefind'})"
    ]


def test_an_older_article_edited_reindexes_only_its_shard(tmp_path):
    first = build_site(tmp_path, content=YEARS, **ONE_EACH)
    newest = bundle_files(first, shards(first)[0])
    (tmp_path / "content" / "older.md").write_text(
        dated("Older", "2018-03-02", "Telegraph cables were cut.")
    )
    build = rebuild(tmp_path, **ONE_EACH)
    line = INDEXED.match(search_info(build)[0])
    assert line["pages"] == "1" and line["shards"] == f"{shards(build)[2]} indexed, 2 unchanged"
    assert bundle_files(build, shards(build)[0]) == newest
    assert "cut" in fragment_texts(build)[OLDER]


def test_a_shard_no_longer_built_is_removed(tmp_path):
    first = build_site(tmp_path, content=YEARS, **ONE_EACH)
    before = shards(first)
    assert len(bundle_folders(first)) == 3
    for name in ("old.md", "older.md"):
        (tmp_path / "content" / name).unlink()
    build = rebuild(tmp_path, **ONE_EACH)
    assert search_errors(build) == []
    assert bundle_folders(build) == shards(build) == before[:1]
    assert sorted(fragment_texts(build)) == [NEW]
    assert 'data-pagefind-merge=""' in build.read("search/index.html")


def test_bundles_of_earlier_layouts_are_removed_and_the_shards_kept(tmp_path):
    first = build_site(tmp_path, content=ARTICLES)
    kept = bundle_files(first)
    root = first.output / "pagefind"
    for old in ("recent", "archive"):  # the two bundles by year of earlier builds
        (root / old / "fragment").mkdir(parents=True)
        (root / old / "pagefind.js").write_text("")
    (root / "pagefind.js").write_text("")  # as the single bundle of earlier builds left it
    (root / "pagefind-entry.json").write_text("{}")
    (root / "fragment").mkdir()
    (root / "fragment" / "en_1.pf_fragment").write_bytes(b"old")
    build = rebuild(tmp_path)
    assert bundle_folders(build) == shards(build)
    assert search_info(build)[0].startswith("Search index: up to date")
    assert bundle_files(build) == kept


# --- A bundle is trusted only while it is whole ----------------------------------------


@pytest.mark.parametrize("damage", ["deleted", "edited", "truncated", "bundle deleted"])
def test_a_damaged_bundle_is_built_again(tmp_path, damage):
    first = build_site(tmp_path, content=ARTICLES)
    (bundle,) = shards(first)
    folder = first.output / "pagefind" / bundle
    fragment = first.files(f"pagefind/{bundle}/fragment/*.pf_fragment")[0]
    if damage == "deleted":
        fragment.unlink()
    elif damage == "edited":
        fragment.write_bytes(fragment.read_bytes()[:-1] + b"!")  # the same size
    elif damage == "truncated":
        (folder / "pagefind.js").write_bytes(b"")
    else:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        folder.rmdir()
    build = rebuild(tmp_path)
    assert INDEXED.match(search_info(build)[0]), search_info(build)
    assert sorted(fragment_texts(build)) == ["/2020/01/01/alpha/", "/2020/01/02/beta/"]
    assert {p.name for p in folder.iterdir()} >= {"pagefind.js", "fragment", "index"}
    assert (folder / "pagefind.js").stat().st_size > 0
    assert search_info(rebuild(tmp_path))[0].startswith("Search index: up to date")


def test_every_bundle_is_claimed_as_output_of_the_build(tmp_path):
    from plugin_support.output import output_written

    claimed = []

    def record(path):
        claimed.append(path)

    output_written.connect(record)
    try:
        build = build_site(tmp_path, content=YEARS, **ONE_EACH)
    finally:
        output_written.disconnect(record)
    folders = [str(build.output / "pagefind" / name) for name in shards(build)]
    assert set(folders) <= set(claimed)


# --- Pagefind dies with the build, and a killed build leaves nothing the next trusts ----


def run_in_background(root: Path, hanging: Path) -> subprocess.Popen:
    """`pelican` on the site, as `make html` runs it, with the given Pagefind."""
    settings = [f'CACHE_PATH="{root / ".cache"}"', f'SEARCH_PAGEFIND_BINARY="{hanging}"']
    command = [sys.executable, "-m", "pelican", str(root), "-s", str(PROJECT / "pelicanconf.py")]
    command += ["-o", str(root / "output"), "-e", *settings]
    return subprocess.Popen(
        command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
def test_pagefind_dies_with_a_killed_build_and_the_next_build_cleans_up(tmp_path, how):
    lay_out(tmp_path, content=ARTICLES)
    hanging, pid_file = hanging_pagefind(tmp_path)
    build = run_in_background(tmp_path, hanging)
    try:
        pagefind = started_pid(pid_file)
        build.send_signal(how)
        build.wait(timeout=60)
    finally:
        build.kill()
    assert build.returncode != 0 or how == signal.SIGINT  # Pelican's exit status is its own
    deadline = time.monotonic() + 10
    while alive(pagefind):
        assert time.monotonic() < deadline, "Pagefind outlived the build"
        time.sleep(0.01)
    output = tmp_path / "output"
    assert not (output / "pagefind").exists()  # Pagefind never wrote into the output
    work = list((tmp_path / ".cache").glob("site_search-work-*"))
    assert work or how != signal.SIGKILL  # a killed build could not clean up after itself
    done = rebuild(tmp_path)
    assert INDEXED.match(search_info(done)[0])
    assert not list((tmp_path / ".cache").glob("site_search-work-*"))
    assert sorted(fragment_texts(done)) == ["/2020/01/01/alpha/", "/2020/01/02/beta/"]
