"""site_search: settings, the Pagefind command, how a failing indexer is reported, how the
articles are split into shards, and the background job that indexes only the article
pages, one shard after the other, and only the shards whose pages changed."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from processes import alive
from site_search.index_job import IndexJob, safe_pages
from site_search.page_digest import bundle_digest, pages_digest, stage_pages, staging_folder
from site_search.pagefind_index import (
    INDEXER_NICENESS,
    IndexerError,
    SearchSettings,
    build_index,
    clear_old_bundle,
    clear_other_bundles,
    failure_reason,
    find_binary,
    indexer_environment,
    is_pagefind_bundle,
    page_count,
    pagefind_command,
    peak_child_memory_mib,
    read_settings,
)
from site_search.shards import shard_folder, shard_names, split_by_year

TEXT = {"capture_output": True, "text": True, "check": True}


def fake_pagefind(tmp_path: Path, body: str) -> str:
    """An executable standing in for Pagefind, running the given Python."""
    script = tmp_path / "fake-pagefind"
    script.write_text(f"#!{sys.executable}\nimport sys, pathlib\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_defaults_when_nothing_is_set():
    search, errors = read_settings({})
    assert search == SearchSettings(enabled=True, binary=None, bundle_dir="pagefind", timeout=300)
    assert errors == []


def test_settings_are_read():
    search, errors = read_settings(
        {
            "SEARCH_INDEX": False,
            "SEARCH_PAGEFIND_BINARY": "/opt/pagefind",
            "SEARCH_BUNDLE_DIR": "assets/search/",
            "SEARCH_INDEX_TIMEOUT": 12.5,
        }
    )
    assert errors == []
    assert search == SearchSettings(False, "/opt/pagefind", "assets/search", 12.5)


@pytest.mark.parametrize(
    "key, value",
    [
        ("SEARCH_INDEX", "yes"),
        ("SEARCH_PAGEFIND_BINARY", ""),
        ("SEARCH_PAGEFIND_BINARY", 3),
        ("SEARCH_BUNDLE_DIR", "../outside"),
        ("SEARCH_BUNDLE_DIR", ""),
        ("SEARCH_BUNDLE_DIR", None),
        ("SEARCH_INDEX_TIMEOUT", 0),
        ("SEARCH_INDEX_TIMEOUT", True),
        ("SEARCH_INDEX_TIMEOUT", "10"),
    ],
)
def test_a_bad_setting_is_one_error_naming_it_and_the_default_is_used(key, value):
    search, errors = read_settings({key: value})
    assert len(errors) == 1
    assert errors[0].startswith(f"{key} = {value!r}")
    assert search == SearchSettings()


def test_the_command_indexes_the_site_into_the_bundle_folder():
    command = pagefind_command("/bin/pagefind", Path("/site/output"), "pagefind")
    assert command == ["/bin/pagefind", "--site", "/site/output", "--output-subdir", "pagefind"]


def test_the_wheel_binary_is_found_by_default():
    binary = Path(find_binary(None))
    assert binary.is_file()
    assert "pagefind" in binary.name


def test_a_missing_configured_binary_is_named(tmp_path):
    missing = str(tmp_path / "no-such-pagefind")
    with pytest.raises(IndexerError, match="not found: .*no-such-pagefind.*SEARCH_PAGEFIND_BINARY"):
        find_binary(missing)


def test_page_count_is_read_from_pagefinds_report():
    report = "Total: \n  Indexed 1 language\n  Indexed 1203 pages\n  Indexed 9 words\n"
    assert page_count(report) == 1203
    assert page_count("Indexed 1 page") == 1
    assert page_count("nothing useful") is None


def test_failure_reason_prefers_pagefinds_error_lines_once():
    stderr = "Error: Pagefind was not able to build an index.\n" * 3
    assert failure_reason("Running Pagefind\n", stderr) == (
        "Error: Pagefind was not able to build an index."
    )
    assert failure_reason("first\nlast line\n", "") == "last line"
    assert failure_reason("", "") == "no output"


def test_an_old_bundle_is_cleared_but_never_a_foreign_folder(tmp_path):
    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind.js").write_text("")
    clear_old_bundle(bundle)
    assert not bundle.exists()
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_text("")
    clear_old_bundle(foreign)
    assert (foreign / "cat.jpg").exists()
    clear_old_bundle(tmp_path / "absent")  # nothing to clear is fine


def test_build_index_runs_pagefind_and_measures_it(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><body><main data-pagefind-body>"
        "<h1>Hello</h1><p>deconfliction hotline</p></main></body></html>",
        encoding="utf-8",
    )
    result = build_index(site, SearchSettings())
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert result.pages == 1
    assert result.seconds > 0
    assert result.bundle == site / "pagefind"


def test_a_failing_indexer_raises_with_its_exit_status_and_words(tmp_path):
    binary = fake_pagefind(tmp_path, "print('Error: disk full', file=sys.stderr); sys.exit(3)")
    with pytest.raises(IndexerError, match=r"exit status 3\): Error: disk full"):
        build_index(tmp_path, SearchSettings(binary=binary))


def test_an_indexer_that_writes_nothing_is_a_failure(tmp_path):
    binary = fake_pagefind(tmp_path, "print('Indexed 5 pages')")
    with pytest.raises(IndexerError, match="without writing .*pagefind.js"):
        build_index(tmp_path, SearchSettings(binary=binary))


def test_an_indexer_that_hangs_is_stopped(tmp_path):
    binary = fake_pagefind(tmp_path, "import time; time.sleep(30)")
    with pytest.raises(IndexerError, match="did not finish within 0.5 s"):
        build_index(tmp_path, SearchSettings(binary=binary, timeout=0.5))


def test_an_indexer_that_cannot_start_is_named(tmp_path):
    not_executable = tmp_path / "pagefind"
    not_executable.write_text("just text")
    with pytest.raises(IndexerError, match="could not be started: .*pagefind"):
        build_index(tmp_path, SearchSettings(binary=str(not_executable)))


# --- Only the article pages, in the background, and only when they changed -------------

PAGE = (
    "<!DOCTYPE html><html lang='en'><body><main data-pagefind-body>"
    "<h1>{title}</h1><p>{text}</p></main></body></html>"
)


def write_site(site: Path, pages: dict[str, str]) -> list[str]:
    """Article pages at their output paths; returns the paths."""
    for relative, text in pages.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=relative, text=text), encoding="utf-8")
    return sorted(pages)


def entry_page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def fragment_texts(bundle: Path) -> dict[str, str]:
    """Each indexed page's URL and text, from Pagefind's fragments."""
    texts = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd") :])
        texts[fragment["url"]] = fragment["content"]
    return texts


def recording_pagefind(tmp_path: Path, wait_for: Path | None = None) -> tuple[str, Path]:
    """A stand-in Pagefind that records each run (pid, the pages it was given) in a log,
    waits for ``wait_for`` to exist if given (at most a minute), then writes a bundle."""
    log = tmp_path / "runs.jsonl"
    gate = (
        ""
        if wait_for is None
        else f"deadline = time.time() + 60\n"
        f"while not pathlib.Path({str(wait_for)!r}).exists() and time.time() < deadline:\n"
        "    time.sleep(0.01)\n"
    )
    body = (
        "import json, os, threading, time\n"
        "args = sys.argv[1:]\n"
        "nice = {}\n"
        "def record():\n"
        "    nice['thread'] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())\n"
        "thread = threading.Thread(target=record)\n"
        "thread.start()\n"
        "thread.join()\n"
        "site = pathlib.Path(args[args.index('--site') + 1])\n"
        "bundle = pathlib.Path(args[args.index('--output-path') + 1])\n"
        "pages = sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html'))\n"
        f"with open({str(log)!r}, 'a') as f:\n"
        "    run = {'pid': os.getpid(), 'pages': pages, 'thread_nice': nice['thread'],\n"
        "           'rayon_threads': os.environ.get('RAYON_NUM_THREADS')}\n"
        "    f.write(json.dumps({**run, 'nice': os.getpriority(os.PRIO_PROCESS, 0)}) + '\\n')\n"
        f"{gate}"
        "bundle.mkdir(parents=True, exist_ok=True)\n"
        "(bundle / 'pagefind.js').write_text('')\n"
        "print(f'Indexed {len(pages)} pages')\n"
    )
    return fake_pagefind(tmp_path, body), log


def runs(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def wait_until(condition, what: str) -> None:
    """Poll a condition that another process makes true (no time is asserted)."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.01)


def test_staged_pagefind_reads_a_copy_and_writes_into_the_site():
    command = pagefind_command("/bin/pagefind", Path("/site"), "pagefind", Path("/tmp/x"))
    assert command == ["/bin/pagefind", "--site", "/tmp/x", "--output-path", "/site/pagefind"]


def test_pages_outside_the_output_are_never_staged():
    assert safe_pages(["a/index.html", "/etc/passwd", "../x.html", "b/../../y.html", ""]) == [
        "a/index.html"
    ]


def test_the_pages_digest_follows_bytes_and_paths_not_times_or_order(tmp_path):
    pages = write_site(tmp_path, {"a/index.html": "one", "b/index.html": "two"})
    first = pages_digest(tmp_path, pages)
    assert pages_digest(tmp_path, reversed(pages)) == first
    (tmp_path / "a/index.html").write_bytes((tmp_path / "a/index.html").read_bytes())
    os.utime(tmp_path / "a/index.html", (1, 1))  # same bytes, another time
    assert pages_digest(tmp_path, pages) == first
    write_site(tmp_path, {"a/index.html": "one!"})
    changed = pages_digest(tmp_path, pages)
    assert changed != first
    assert pages_digest(tmp_path, [*pages, "c/index.html"]) != changed  # missing counts
    assert pages_digest(tmp_path, pages[:1]) != changed


def test_staging_copies_the_pages_and_digests_what_it_copied(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    pages = write_site(site, {"2017/04/13/a/index.html": "one", "b/index.html": "two"})
    (site / "index.html").write_text("listing")
    staging.mkdir()
    digest = stage_pages(site, [*pages, "gone/index.html"], staging)
    assert digest == pages_digest(site, [*pages, "gone/index.html"])
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*.html")) == pages
    assert (staging / pages[0]).read_bytes() == (site / pages[0]).read_bytes()


def test_the_bundle_digest_sees_any_changed_or_extra_file(tmp_path):
    bundle = tmp_path / "pagefind"
    assert bundle_digest(bundle) is None
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "fragment" / "en_1.pf_fragment").write_bytes(b"x")
    assert bundle_digest(bundle) is None  # no pagefind.js: not a whole bundle
    (bundle / "pagefind.js").write_text("")
    first = bundle_digest(bundle)
    (bundle / "fragment" / "en_2.pf_fragment").write_bytes(b"stale")
    assert bundle_digest(bundle) != first


def test_a_half_written_bundle_is_cleared_too(tmp_path):
    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "wasm.en.pagefind").write_bytes(b"")
    assert is_pagefind_bundle(bundle)
    clear_old_bundle(bundle)
    assert not bundle.exists()
    assert not is_pagefind_bundle(tmp_path)  # holds other things: not ours


def started(job: IndexJob) -> IndexJob:
    """Every shard's pages are written: the job starts on them, one after the other."""
    for name in job.shards:
        job.ready(name)
    return job


def stamps(outcome) -> dict:
    """What the plugin keeps for the next build: each shard's stamp."""
    return {name: shard.stamp for name, shard in outcome.shards.items()}


def test_a_job_indexes_only_its_pages_and_keeps_an_unchanged_bundle(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "deconfliction", "b/index.html": "hotline"})
    write_site(site, {"left-over/index.html": "stale article an earlier build wrote"})
    first = IndexJob(site, {"recent": pages}, SearchSettings(), {}).finish()
    bundle = site / "pagefind" / "recent"
    shard = first.shards["recent"]
    assert shard.result.pages == 2 and shard.pages == 2 and first.pages == 2
    assert shard.bundle == bundle
    assert entry_page_count(bundle) == 2
    assert sorted(fragment_texts(bundle)) == ["/a/", "/b/"]
    assert shard.stamp[1] == bundle_digest(bundle)

    again = IndexJob(site, {"recent": pages}, SearchSettings(), stamps(first)).finish()
    assert again.indexed == {}  # up to date: kept
    assert again.shards["recent"].result is None
    assert stamps(again) == stamps(first)
    assert entry_page_count(bundle) == 2


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_a_job_indexes_again_when_an_article_changes(tmp_path, change):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "deconfliction", "b/index.html": "hotline"})
    first = IndexJob(site, {"recent": pages}, SearchSettings(), {}).finish()
    if change == "edited":
        write_site(site, {"b/index.html": "tensions"})
    elif change == "added":
        pages = write_site(site, {"c/index.html": "tensions"}) + pages
    else:
        pages = pages[:1]  # b/ stays in the output, as Pelican leaves old files there
    second = IndexJob(site, {"recent": pages}, SearchSettings(), stamps(first)).finish()
    assert second.shards["recent"].result is not None
    assert stamps(second) != stamps(first)
    bundle = site / "pagefind" / "recent"
    texts = fragment_texts(bundle)
    expected = {"edited": ["/a/", "/b/"], "added": ["/a/", "/b/", "/c/"], "removed": ["/a/"]}
    assert sorted(texts) == expected[change]  # no stale fragment of an old version
    assert entry_page_count(bundle) == len(expected[change])
    if change == "edited":
        assert "tensions" in texts["/b/"] and "hotline" not in texts["/b/"]


def test_a_changed_bundle_is_rebuilt_without_its_stale_files(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "deconfliction"})
    first = IndexJob(site, {"recent": pages}, SearchSettings(), {}).finish()
    stale = site / "pagefind" / "recent" / "fragment" / "en_stale.pf_fragment"
    stale.write_bytes(b"old")
    second = IndexJob(site, {"recent": pages}, SearchSettings(), stamps(first)).finish()
    assert second.shards["recent"].result is not None
    assert not stale.exists()


def test_a_job_runs_in_the_background_until_finish_waits_for_it(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one", "b/index.html": "two"})
    (site / "index.html").write_text("a listing page")
    release = tmp_path / "release"
    binary, log = recording_pagefind(tmp_path, wait_for=release)
    job = started(IndexJob(site, {"recent": pages}, SearchSettings(binary=binary), {}))
    # The constructor returned while Pagefind is still running, on the staged pages only.
    wait_until(lambda: runs(log), "Pagefind started")
    assert runs(log)[0]["pages"] == pages
    assert alive(runs(log)[0]["pid"])
    release.touch()
    outcome = job.finish()
    assert outcome.shards["recent"].result.pages == 2
    assert not alive(runs(log)[0]["pid"])


def test_a_page_written_again_after_it_was_read_is_indexed_again(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one"})
    release = tmp_path / "release"
    binary, log = recording_pagefind(tmp_path, wait_for=release)
    job = started(IndexJob(site, {"recent": pages}, SearchSettings(binary=binary), {}))
    wait_until(lambda: runs(log), "Pagefind started")
    write_site(site, {"a/index.html": "one, written again by a later step"})
    release.touch()
    outcome = job.finish()
    assert len(runs(log)) == 2
    assert outcome.shards["recent"].pages_digest == pages_digest(site, pages)


def test_a_stopped_job_leaves_no_pagefind_running_and_no_bundle(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one"})
    binary, log = recording_pagefind(tmp_path, wait_for=tmp_path / "never")
    (site / "pagefind" / "recent" / "fragment").mkdir(parents=True)  # as a run half-way leaves it
    job = started(IndexJob(site, {"recent": pages}, SearchSettings(binary=binary), {}))
    wait_until(lambda: runs(log), "Pagefind started")
    job.stop()
    assert not alive(runs(log)[0]["pid"])
    assert not (site / "pagefind").exists()
    job.stop()  # again: nothing to do


def test_a_failing_job_raises_and_leaves_no_bundle(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one"})
    first = IndexJob(site, {"recent": pages}, SearchSettings(), {}).finish()
    binary = fake_pagefind(tmp_path, "print('Error: disk full', file=sys.stderr); sys.exit(3)")
    write_site(site, {"a/index.html": "two"})
    job = IndexJob(site, {"recent": pages}, SearchSettings(binary=binary), stamps(first))
    with pytest.raises(IndexerError, match=r"exit status 3\): Error: disk full"):
        job.finish()
    assert not (site / "pagefind").exists()  # the old index no longer matches the pages


def test_a_job_without_its_indexer_names_it(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one"})
    job = IndexJob(site, {"recent": pages}, SearchSettings(binary=str(tmp_path / "none")), {})
    with pytest.raises(IndexerError, match="not found: .*none"):
        job.finish()


# --- Shards: the newest year's articles, and the older years' -----------------------------


def test_the_newest_years_pages_are_recent_and_older_years_the_archive():
    pages = [("c/index.html", 2017), ("a/index.html", 2015), ("b/index.html", 2016)]
    pages.append(("d/index.html", 2017))
    assert split_by_year(pages) == {
        "recent": ["c/index.html", "d/index.html"],
        "archive": ["a/index.html", "b/index.html"],
    }
    assert list(split_by_year(pages)) == ["recent", "archive"]  # the order they load in


def test_one_year_of_articles_is_one_shard_and_no_articles_none():
    assert split_by_year([("b/index.html", 2020), ("a/index.html", 2020)]) == {
        "recent": ["a/index.html", "b/index.html"]
    }
    assert split_by_year([]) == {}


def test_the_planned_shards_follow_the_years():
    assert shard_names([2015, 2017, 2016]) == ["recent", "archive"]
    assert shard_names([2020, 2020]) == ["recent"]
    assert shard_names([]) == ["recent"]  # the whole site is indexed into it
    assert shard_folder("pagefind/", "archive") == "pagefind/archive"


def two_shards(site: Path) -> dict[str, list[str]]:
    recent = write_site(site, {"2017/b/index.html": "deconfliction", "2017/c/index.html": "x"})
    archive = write_site(site, {"2015/a/index.html": "hotline tensions"})
    return {"recent": recent, "archive": archive}


def test_each_shard_is_its_own_bundle_and_a_change_reindexes_only_its_shard(tmp_path):
    site = tmp_path / "site"
    shards = two_shards(site)
    first = IndexJob(site, shards, SearchSettings(), {}).finish()
    assert sorted(first.indexed) == ["archive", "recent"]
    root = site / "pagefind"
    assert sorted(fragment_texts(root / "recent")) == ["/2017/b/", "/2017/c/"]
    assert sorted(fragment_texts(root / "archive")) == ["/2015/a/"]
    archive_files = {p: p.read_bytes() for p in (root / "archive").rglob("*") if p.is_file()}

    # Today's article is added: only the newest year's bundle is written again.
    shards["recent"] += write_site(site, {"2017/d/index.html": "harbour"})
    second = IndexJob(site, shards, SearchSettings(), stamps(first)).finish()
    assert sorted(second.indexed) == ["recent"]
    assert second.indexed["recent"].pages == 3
    assert second.shards["archive"].stamp == first.shards["archive"].stamp
    assert second.shards["recent"].stamp != first.shards["recent"].stamp
    assert sorted(fragment_texts(root / "recent")) == ["/2017/b/", "/2017/c/", "/2017/d/"]
    assert {p: p.read_bytes() for p in (root / "archive").rglob("*") if p.is_file()} == (
        archive_files
    )

    # An older article is edited: only the archive.
    write_site(site, {"2015/a/index.html": "hotline talks"})
    third = IndexJob(site, shards, SearchSettings(), stamps(second)).finish()
    assert sorted(third.indexed) == ["archive"]


def held_job(tmp_path):
    """A two-shard job whose first Pagefind run waits until ``release`` exists."""
    site = tmp_path / "site"
    shards = two_shards(site)
    release = tmp_path / "release"
    binary, log = recording_pagefind(tmp_path, wait_for=release)
    job = started(IndexJob(site, shards, SearchSettings(binary=binary), {}))
    wait_until(lambda: runs(log), "Pagefind started")
    return site, shards, release, log, job


def test_shards_are_indexed_one_after_the_other_at_a_lower_priority(tmp_path):
    site, shards, release, log, job = held_job(tmp_path)
    time.sleep(0.3)  # room for a second Pagefind to start, were they run side by side
    assert [run["pages"] for run in runs(log)] == [shards["recent"]]
    release.touch()
    outcome = job.finish()
    assert [run["pages"] for run in runs(log)] == [shards["recent"], shards["archive"]]
    assert sorted(outcome.indexed) == ["archive", "recent"]
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    for run in runs(log):
        assert run["nice"] >= max(ours, INDEXER_NICENESS)
        assert run["thread_nice"] == run["nice"]  # Pagefind's threads too
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours  # the build's own thread keeps its
    assert [run["rayon_threads"] for run in runs(log)] == [None, None]  # Pagefind's choice


def test_indexer_threads_setting():
    assert read_settings({})[0].threads is None
    assert read_settings({"SEARCH_INDEXER_THREADS": 1}) == (SearchSettings(threads=1), [])
    search, errors = read_settings({"SEARCH_INDEXER_THREADS": 0})
    assert search.threads is None and errors and "SEARCH_INDEXER_THREADS" in errors[0]
    assert indexer_environment(None) is None
    assert indexer_environment(2)["RAYON_NUM_THREADS"] == "2"


def test_a_shard_is_indexed_as_soon_as_its_pages_are_written(tmp_path):
    site = tmp_path / "site"
    shards = two_shards(site)
    binary, log = recording_pagefind(tmp_path)
    job = IndexJob(site, shards, SearchSettings(binary=binary), {})
    assert runs(log) == []  # no shard is ready yet
    job.ready("recent")  # while the archive's pages are still being written
    wait_until(lambda: runs(log), "Pagefind started")
    assert [run["pages"] for run in runs(log)] == [shards["recent"]]
    job.ready("recent")  # once only
    outcome = job.finish()  # the archive is readied here at the latest
    assert [run["pages"] for run in runs(log)] == [shards["recent"], shards["archive"]]
    assert sorted(outcome.indexed) == ["archive", "recent"]


def test_a_page_written_again_is_indexed_again_in_its_shard_only(tmp_path):
    site, shards, release, log, job = held_job(tmp_path)
    write_site(site, {"2015/a/index.html": "written again by a later step"})
    release.touch()
    outcome = job.finish()
    assert [run["pages"] for run in runs(log)] == [
        shards["recent"],
        shards["archive"],
        shards["archive"],
    ]
    assert outcome.shards["archive"].pages_digest == pages_digest(site, shards["archive"])


def test_a_stopped_job_starts_no_further_shard(tmp_path):
    site = tmp_path / "site"
    binary, log = recording_pagefind(tmp_path, wait_for=tmp_path / "never")
    job = started(IndexJob(site, two_shards(site), SearchSettings(binary=binary), {}))
    wait_until(lambda: runs(log), "Pagefind started")
    job.stop()
    assert len(runs(log)) == 1
    assert not alive(runs(log)[0]["pid"])
    assert not (site / "pagefind").exists()


def test_a_failing_shard_fails_the_job_and_leaves_no_bundle(tmp_path):
    site = tmp_path / "site"
    shards = two_shards(site)
    first = IndexJob(site, shards, SearchSettings(), {}).finish()
    binary = fake_pagefind(tmp_path, "print('Error: disk full', file=sys.stderr); sys.exit(3)")
    write_site(site, {"2017/b/index.html": "edited"})
    job = IndexJob(site, shards, SearchSettings(binary=binary), stamps(first))
    with pytest.raises(IndexerError, match=r"exit status 3\): Error: disk full"):
        job.finish()
    # The archive was up to date, but the search page cannot work without the recent one.
    assert not (site / "pagefind").exists()


def test_a_shard_no_longer_planned_is_removed_and_the_others_kept(tmp_path):
    site = tmp_path / "site"
    shards = two_shards(site)
    first = IndexJob(site, shards, SearchSettings(), {}).finish()
    recent = {p: p.read_bytes() for p in (site / "pagefind" / "recent").rglob("*") if p.is_file()}
    # The older articles were removed: one year, one shard.
    only = {"recent": shards["recent"]}
    second = IndexJob(site, only, SearchSettings(), stamps(first)).finish()
    assert second.indexed == {}
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["recent"]
    assert {
        p: p.read_bytes() for p in (site / "pagefind" / "recent").rglob("*") if p.is_file()
    } == (recent)


def test_clearing_other_bundles_touches_no_kept_shard_and_nothing_foreign(tmp_path):
    root = tmp_path / "pagefind"
    for shard in ("recent", "archive", "2016"):
        (root / shard / "fragment").mkdir(parents=True)
        (root / shard / "pagefind.js").write_text("")
    # The bundle an earlier build wrote into the folder itself, before there were shards.
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"):
        (root / name).write_text("")
    for folder in ("fragment", "index", "filter"):
        (root / folder).mkdir()
        (root / folder / "en_1.pf_x").write_text("")
    (root / "README.txt").write_text("not Pagefind's")
    (root / "photos").mkdir()
    (root / "photos" / "cat.jpg").write_text("")
    clear_other_bundles(root, keep={"recent"})
    assert sorted(p.name for p in root.iterdir()) == ["README.txt", "photos", "recent"]
    assert (root / "recent" / "pagefind.js").is_file()
    assert (root / "recent" / "fragment").is_dir()
    clear_other_bundles(tmp_path / "absent", keep={"recent"})  # nothing to clear is fine


def test_the_peak_memory_of_child_processes_is_measured():
    assert peak_child_memory_mib() > 0


def test_staging_folders_of_killed_builds_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # not the memory file system
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    orphan = tmp_path / f"site-search-{ended.stdout.strip()}-abc"
    (orphan / "2017").mkdir(parents=True)
    running = tmp_path / f"site-search-{os.getppid()}-abc"
    running.mkdir()
    unrelated = tmp_path / "site-search-notes"
    unrelated.mkdir()
    staging = staging_folder()
    assert staging.parent == tmp_path and staging.name.startswith(f"site-search-{os.getpid()}-")
    assert not orphan.exists()
    assert running.exists() and unrelated.exists()
