"""site_search: settings, the Pagefind command and process (it dies with its parent), how a
failing indexer is reported, how the articles are cut into shards, bundles on disk
(records, trust, swaps, leftovers), and the background job that indexes only the article
pages, one shard after the other, only the shards whose pages changed, outside the site."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import alive
from site_search import SearchSettings, read_settings
from site_search.indexer import (
    INDEXER_NICENESS,
    IndexerError,
    IndexJob,
    clear_bundles,
    failure_reason,
    find_binary,
    is_pagefinds,
    link_pages,
    manifest,
    matches,
    page_stamps,
    pages_digest,
    plan_shards,
    safe_pages,
    start_pagefind,
    swap_in,
    wait_for,
    work_folder,
)

TEXT = {"capture_output": True, "text": True, "check": True}


def fake_pagefind(tmp_path: Path, body: str) -> str:
    """An executable standing in for Pagefind, running the given Python."""
    script = tmp_path / "fake-pagefind"
    script.write_text(f"#!{sys.executable}\nimport sys, pathlib\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def run_pagefind(pages: Path, bundle: Path, search: SearchSettings):
    """Index ``pages`` into ``bundle`` and wait, as the job does for each shard."""
    process = start_pagefind(find_binary(search.binary), pages, bundle, search.threads)
    return wait_for(process, bundle, search.timeout)


def test_defaults_when_nothing_is_set(caplog):
    search = read_settings({})
    assert search == SearchSettings(enabled=True, binary=None, bundle_dir="pagefind", timeout=300)
    assert caplog.records == []


def test_settings_are_read(caplog):
    search = read_settings(
        {
            "SEARCH_INDEX": False,
            "SEARCH_PAGEFIND_BINARY": "/opt/pagefind",
            "SEARCH_BUNDLE_DIR": "assets/search/",
            "SEARCH_INDEX_TIMEOUT": 12.5,
        }
    )
    assert caplog.records == []
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
        ("SEARCH_SHARD_SIZE", 0),
        ("SEARCH_SHARD_SIZE", "100"),
    ],
)
def test_a_bad_setting_is_one_error_naming_it_and_the_default_is_used(key, value, caplog):
    search = read_settings({key: value})
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{key} must be") and f"not {value!r}" in errors[0]
    assert search == SearchSettings()


def test_the_command_indexes_the_pages_into_the_bundle_folder(tmp_path):
    binary = fake_pagefind(tmp_path, "print(sys.argv[1:])")
    process = start_pagefind(binary, Path("/work/pages"), Path("/work/bundle"), None)
    arguments = process.communicate()[0].strip()
    assert arguments == str(["--site", "/work/pages", "--output-path", "/work/bundle"])


def test_the_wheel_binary_is_found_by_default():
    binary = Path(find_binary(None))
    assert binary.is_file()
    assert "pagefind" in binary.name


def test_a_missing_configured_binary_is_named(tmp_path):
    missing = str(tmp_path / "no-such-pagefind")
    with pytest.raises(IndexerError, match="not found: .*no-such-pagefind.*SEARCH_PAGEFIND_BINARY"):
        find_binary(missing)


@pytest.mark.parametrize(
    "report, pages",
    [
        ("Total: \n  Indexed 1 language\n  Indexed 1203 pages\n  Indexed 9 words\n", 1203),
        ("Indexed 1 page", 1),
        ("nothing useful", None),
    ],
)
def test_page_count_is_read_from_pagefinds_report(tmp_path, report, pages):
    bundle = tmp_path / "b"
    binary = fake_pagefind(
        tmp_path, f"pathlib.Path({str(bundle)!r}, 'pagefind.js').write_text('')\nprint({report!r})"
    )
    bundle.mkdir()
    assert run_pagefind(tmp_path, bundle, SearchSettings(binary=binary)).pages == pages


def test_failure_reason_prefers_pagefinds_error_lines_once():
    stderr = "Error: Pagefind was not able to build an index.\n" * 3
    assert failure_reason("Running Pagefind\n", stderr) == (
        "Error: Pagefind was not able to build an index."
    )
    assert failure_reason("first\nlast line\n", "") == "last line"
    assert failure_reason("", "") == "no output"


def test_run_pagefind_runs_pagefind_and_measures_it(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><body><main data-pagefind-body>"
        "<h1>Hello</h1><p>deconfliction hotline</p></main></body></html>",
        encoding="utf-8",
    )
    result = run_pagefind(site, tmp_path / "bundle", SearchSettings())
    assert (tmp_path / "bundle" / "pagefind.js").is_file()
    assert result.pages == 1
    assert result.seconds > 0


def test_a_failing_indexer_raises_with_its_exit_status_and_words(tmp_path):
    binary = fake_pagefind(tmp_path, "print('Error: disk full', file=sys.stderr); sys.exit(3)")
    with pytest.raises(IndexerError, match=r"exit status 3\): Error: disk full"):
        run_pagefind(tmp_path, tmp_path / "b", SearchSettings(binary=binary))


def test_an_indexer_that_writes_nothing_is_a_failure(tmp_path):
    binary = fake_pagefind(tmp_path, "print('Indexed 5 pages')")
    with pytest.raises(IndexerError, match="without writing .*pagefind.js"):
        run_pagefind(tmp_path, tmp_path / "b", SearchSettings(binary=binary))


def test_an_indexer_that_hangs_is_stopped(tmp_path):
    binary = fake_pagefind(tmp_path, "import time; time.sleep(30)")
    with pytest.raises(IndexerError, match="did not finish within 0.5 s"):
        run_pagefind(tmp_path, tmp_path / "b", SearchSettings(binary=binary, timeout=0.5))


def test_an_indexer_that_cannot_start_is_named(tmp_path):
    not_executable = tmp_path / "pagefind"
    not_executable.write_text("just text")
    with pytest.raises(IndexerError, match="could not be started: .*pagefind"):
        run_pagefind(tmp_path, tmp_path / "b", SearchSettings(binary=str(not_executable)))


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
        "           'bundle': str(bundle),\n"
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


def test_page_stamps_change_when_a_page_is_written_again(tmp_path):
    pages = write_site(tmp_path, {"a/index.html": "one", "b/index.html": "two"})
    before = page_stamps(tmp_path, pages)
    assert page_stamps(tmp_path, pages) == before
    replacement = tmp_path / "new.html"
    replacement.write_bytes((tmp_path / pages[0]).read_bytes())
    replacement.replace(tmp_path / pages[0])  # written again, atomically, same bytes
    assert page_stamps(tmp_path, pages) != before
    assert page_stamps(tmp_path, [*pages, "gone/index.html"])[-1] is None


def test_the_pages_are_laid_out_by_hard_links_at_their_paths(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    pages = write_site(site, {"2017/04/13/a/index.html": "one", "b/index.html": "two"})
    (site / "index.html").write_text("listing")
    link_pages(site, [*pages, "gone/index.html"], staging)
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*.html")) == pages
    assert (staging / pages[0]).read_bytes() == (site / pages[0]).read_bytes()
    assert (staging / pages[0]).stat().st_ino == (site / pages[0]).stat().st_ino


def a_bundle(folder: Path) -> Path:
    (folder / "fragment").mkdir(parents=True)
    (folder / "fragment" / "en_1.pf_fragment").write_bytes(b"fragment")
    (folder / "pagefind.js").write_text("// js")
    return folder


@pytest.mark.parametrize("damage", ["edited", "truncated", "deleted", "added", "gone"])
def test_a_bundle_matches_its_record_only_while_its_files_are_as_recorded(tmp_path, damage):
    bundle = a_bundle(tmp_path / "bundle")
    recorded = manifest(bundle)
    assert sorted(recorded) == ["fragment/en_1.pf_fragment", "pagefind.js"]
    assert matches(bundle, recorded)
    assert not matches(bundle, None) and not matches(bundle, {})
    fragment = bundle / "fragment" / "en_1.pf_fragment"
    if damage == "edited":
        fragment.write_bytes(b"fragmenT")  # the same size
    elif damage == "truncated":
        fragment.write_bytes(b"")
    elif damage == "deleted":
        fragment.unlink()
    elif damage == "added":
        (bundle / "fragment" / "en_2.pf_fragment").write_bytes(b"stale")
    else:
        shutil.rmtree(bundle)
    assert not matches(bundle, recorded)


def test_the_files_the_search_page_never_loads_are_dropped(tmp_path):
    bundle = a_bundle(tmp_path / "bundle")
    for name in ("pagefind-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
        (bundle / name).write_text("")
    (bundle / "pagefind-worker.js").write_text("")
    target = tmp_path / "site" / "pagefind" / "a"
    swap_in(bundle, target)
    assert sorted(p.name for p in target.iterdir()) == [
        "fragment",
        "pagefind-worker.js",
        "pagefind.js",
    ]


def test_a_bundle_is_swapped_in_whole(tmp_path):
    target = a_bundle(tmp_path / "site" / "pagefind" / "a")
    new = tmp_path / "work" / "bundle-a"
    new.mkdir(parents=True)
    (new / "pagefind.js").write_text("// new")
    swap_in(new, target)
    assert sorted(p.name for p in target.iterdir()) == ["pagefind.js"]
    assert (target / "pagefind.js").read_text() == "// new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a"]  # no old copy left
    assert not new.exists()
    other = tmp_path / "work" / "bundle-b"
    other.mkdir()
    swap_in(other, tmp_path / "site" / "pagefind" / "b")  # nothing there before
    assert (tmp_path / "site" / "pagefind" / "b").is_dir()


def test_a_half_written_bundle_is_pagefinds_and_a_foreign_folder_is_not(tmp_path):
    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "wasm.en.pagefind").write_bytes(b"")
    (tmp_path / "index.html").write_text("")
    assert is_pagefinds(bundle)
    assert not is_pagefinds(tmp_path)  # holds other things: not ours
    clear_bundles(tmp_path)
    assert not bundle.exists() and tmp_path.exists()


def test_work_folders_of_killed_builds_are_removed(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **TEXT)
    orphan = tmp_path / f"site_search-work-{ended.stdout.strip()}-abc"
    (orphan / "pages-x" / "2017").mkdir(parents=True)
    running = tmp_path / f"site_search-work-{os.getppid()}-abc"
    running.mkdir()
    unrelated = tmp_path / "site_search-notes"
    unrelated.mkdir()
    work = work_folder(tmp_path)
    assert work.parent == tmp_path and work.name.startswith(f"site_search-work-{os.getpid()}-")
    assert not orphan.exists()
    assert running.exists() and unrelated.exists()


class Records(dict):
    """What the plugin keeps between builds (a ResultCache): key -> a bundle's manifest."""

    def put(self, key, value):
        self[key] = value

    def save(self):
        pass


def job(site: Path, shards: dict, records: Records, **settings) -> IndexJob:
    return IndexJob(site, shards, SearchSettings(**settings), records, site.parent / "cache")


def started(job: IndexJob) -> IndexJob:
    """Every shard's pages are written: the job starts on them, one after the other."""
    for name in job.shards:
        job.ready(name)
    return job


def test_a_job_indexes_only_its_pages_and_keeps_an_unchanged_bundle(tmp_path):
    site, records = tmp_path / "site", Records()
    pages = write_site(site, {"a/index.html": "deconfliction", "b/index.html": "hotline"})
    write_site(site, {"left-over/index.html": "stale article an earlier build wrote"})
    first = job(site, {"s1": pages}, records).finish()
    bundle = site / "pagefind" / "s1"
    assert first["s1"].pages == 2
    assert entry_page_count(bundle) == 2
    assert sorted(fragment_texts(bundle)) == ["/a/", "/b/"]
    assert list(records.values()) == [manifest(bundle)]

    written = (bundle / "pagefind.js").stat().st_ino
    again = job(site, {"s1": pages}, records).finish()
    assert again == {}  # up to date: kept
    assert (bundle / "pagefind.js").stat().st_ino == written
    assert list(records.values()) == [manifest(bundle)]
    assert not list((tmp_path / "cache").glob("site_search-work-*"))  # cleaned up


@pytest.mark.parametrize("change", ["edited", "added", "removed"])
def test_a_job_indexes_again_when_an_article_changes(tmp_path, change):
    site, records = tmp_path / "site", Records()
    pages = write_site(site, {"a/index.html": "deconfliction", "b/index.html": "hotline"})
    job(site, {"s1": pages}, records).finish()
    if change == "edited":
        write_site(site, {"b/index.html": "tensions"})
    elif change == "added":
        pages = write_site(site, {"c/index.html": "tensions"}) + pages
    else:
        pages = pages[:1]  # b/ stays in the output until the build prunes it
    second = job(site, {"s1": pages}, records).finish()
    assert second["s1"] is not None
    bundle = site / "pagefind" / "s1"
    texts = fragment_texts(bundle)
    expected = {"edited": ["/a/", "/b/"], "added": ["/a/", "/b/", "/c/"], "removed": ["/a/"]}
    assert sorted(texts) == expected[change]  # no stale fragment of an old version
    assert entry_page_count(bundle) == len(expected[change])
    if change == "edited":
        assert "tensions" in texts["/b/"] and "hotline" not in texts["/b/"]


def test_a_changed_bundle_is_rebuilt_without_its_stale_files(tmp_path):
    site, records = tmp_path / "site", Records()
    pages = write_site(site, {"a/index.html": "deconfliction"})
    job(site, {"s1": pages}, records).finish()
    stale = site / "pagefind" / "s1" / "fragment" / "en_stale.pf_fragment"
    stale.write_bytes(b"old")
    second = job(site, {"s1": pages}, records).finish()
    assert second["s1"] is not None
    assert not stale.exists()


def test_a_job_runs_in_the_background_outside_the_site_until_finish_waits(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one", "b/index.html": "two"})
    (site / "index.html").write_text("a listing page")
    release = tmp_path / "release"
    binary, log = recording_pagefind(tmp_path, wait_for=release)
    running = started(job(site, {"s1": pages}, Records(), binary=binary))
    # ready() returned while Pagefind is still running, on the article pages only, and
    # writing its bundle outside the site.
    wait_until(lambda: runs(log), "Pagefind started")
    assert runs(log)[0]["pages"] == pages
    assert alive(runs(log)[0]["pid"])
    assert not Path(runs(log)[0]["bundle"]).is_relative_to(site)
    assert not (site / "pagefind").exists()
    release.touch()
    outcome = running.finish()
    assert outcome["s1"].pages == 2
    assert not alive(runs(log)[0]["pid"])
    assert (site / "pagefind" / "s1" / "pagefind.js").is_file()


def test_a_page_written_again_after_it_was_read_is_indexed_again(tmp_path):
    site, records = tmp_path / "site", Records()
    pages = write_site(site, {"a/index.html": "one"})
    release = tmp_path / "release"
    binary, log = recording_pagefind(tmp_path, wait_for=release)
    running = started(job(site, {"s1": pages}, records, binary=binary))
    wait_until(lambda: runs(log), "Pagefind started")
    write_site(site, {"a/index.html": "one, written again by a later step"})
    release.touch()
    running.finish()
    assert len(runs(log)) == 2
    # What is recorded is what the pages are now: the next build keeps the bundle.
    assert job(site, {"s1": pages}, records, binary=binary).finish() == {}


def test_a_stopped_job_leaves_no_pagefind_running_and_the_site_as_it_was(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one"})
    binary, log = recording_pagefind(tmp_path, wait_for=tmp_path / "never")
    running = started(job(site, {"s1": pages}, Records(), binary=binary))
    wait_until(lambda: runs(log), "Pagefind started")
    running.stop()
    assert not alive(runs(log)[0]["pid"])
    assert not (site / "pagefind").exists()
    assert not list((tmp_path / "cache").glob("site_search-work-*"))
    running.stop()  # again: nothing to do


def test_a_failing_job_raises_and_leaves_no_bundle(tmp_path):
    site, records = tmp_path / "site", Records()
    pages = write_site(site, {"a/index.html": "one"})
    job(site, {"s1": pages}, records).finish()
    binary = fake_pagefind(tmp_path, "print('Error: disk full', file=sys.stderr); sys.exit(3)")
    write_site(site, {"a/index.html": "two"})
    with pytest.raises(IndexerError, match=r"exit status 3\): Error: disk full"):
        job(site, {"s1": pages}, records, binary=binary).finish()
    assert not (site / "pagefind").exists()  # the old index no longer matches the pages


def test_a_job_without_its_indexer_names_it(tmp_path):
    site = tmp_path / "site"
    pages = write_site(site, {"a/index.html": "one"})
    with pytest.raises(IndexerError, match="not found: .*none"):
        job(site, {"s1": pages}, Records(), binary=str(tmp_path / "none")).finish()


# --- Shards: a few large blocks, cut where the content says -------------------------------


def articles(count: int, skip=()) -> list[tuple[tuple[int, str], str, int]]:
    """(sort key, stable id, item) of ``count`` articles, oldest first."""
    return [((n, f"a{n:05d}"), f"seeds/a{n:05d}.txt", n) for n in range(count) if n not in skip]


def test_shards_are_newest_first_oldest_first_inside_and_never_larger_than_the_size():
    plan = plan_shards(reversed(articles(5000)), 400)
    blocks = list(plan.values())
    assert [item for block in reversed(blocks) for item in block] == list(range(5000))
    assert all(len(block) <= 400 for block in blocks)
    # The newest block, still growing, is cut into blocks of a quarter of the size.
    growing = [len(block) for block in blocks if len(block) < 200]
    assert growing and all(size <= 100 for size in growing) and len(growing) <= 200 / 50 + 1
    assert all(len(block) >= 200 for block in blocks[len(growing) :])
    assert all(len(block) >= 50 for block in blocks[1 : len(growing)])
    assert 5000 / 400 < len(blocks) < 5000 / 200 + 5
    assert plan_shards([], 400) == {}
    assert list(plan_shards(articles(3), 2).values()) == [[2], [1], [0]]  # 2: one each


@pytest.mark.parametrize("where", [100, 1000, 2500, 4000])
@pytest.mark.parametrize("change", ["added", "removed"])
def test_an_article_added_or_removed_mid_archive_changes_its_shard_and_at_most_the_next(
    change, where
):
    """Counted blocks would all change after it. A block cut at the size limit (not by
    its content) passes the shift on to the next block only, which ends at its own mark."""
    before = plan_shards(articles(5000), 400)
    if change == "added":
        backdated = ((where, "b"), "seeds/backdated.txt", -1)
        after = plan_shards([*articles(5000), backdated], 400)
    else:
        after = plan_shards(articles(5000, skip={where}), 400)
    changed = [name for name in after if after[name] != before.get(name)]
    assert 1 <= len(changed) <= 2 and abs(len(after) - len(before)) <= 1
    unchanged = [block for name, block in after.items() if name not in changed]
    assert len(unchanged) >= len(before) - 3


def test_a_new_article_changes_only_the_newest_shard():
    before = plan_shards(articles(5000), 400)
    after = plan_shards(articles(5001), 400)
    changed = [name for name in after if after[name] != before.get(name)]
    assert changed == [next(iter(after))]


def test_a_new_article_reindexes_a_quarter_block_at_most():
    """A breaking story re-indexes the newest small block, whatever the archive's size."""
    for count in (300, 1000, 5000):
        plan = plan_shards(articles(count), 400)
        assert len(next(iter(plan.values()))) <= 100
        assert sum(map(len, plan.values())) == count


def two_shards(site: Path) -> dict[str, list[str]]:
    newer = write_site(site, {"2017/b/index.html": "deconfliction", "2017/c/index.html": "x"})
    older = write_site(site, {"2015/a/index.html": "hotline tensions"})
    return {"newer": newer, "older": older}


def test_each_shard_is_its_own_bundle_and_a_change_reindexes_only_its_shard(tmp_path):
    site, records = tmp_path / "site", Records()
    shards = two_shards(site)
    first = job(site, shards, records).finish()
    assert sorted(first) == ["newer", "older"]
    root = site / "pagefind"
    assert sorted(fragment_texts(root / "newer")) == ["/2017/b/", "/2017/c/"]
    assert sorted(fragment_texts(root / "older")) == ["/2015/a/"]
    older_files = {p: p.read_bytes() for p in (root / "older").rglob("*") if p.is_file()}

    # Today's article is added: only the newest bundle is written again.
    shards["newer"] += write_site(site, {"2017/d/index.html": "harbour"})
    second = job(site, shards, records).finish()
    assert sorted(second) == ["newer"]
    assert second["newer"].pages == 3
    assert sorted(fragment_texts(root / "newer")) == ["/2017/b/", "/2017/c/", "/2017/d/"]
    assert {p: p.read_bytes() for p in (root / "older").rglob("*") if p.is_file()} == (older_files)

    # An older article is edited: only its bundle.
    write_site(site, {"2015/a/index.html": "hotline talks"})
    third = job(site, shards, records).finish()
    assert sorted(third) == ["older"]


def held_job(tmp_path):
    """A two-shard job whose first Pagefind run waits until ``release`` exists."""
    site = tmp_path / "site"
    shards = two_shards(site)
    release = tmp_path / "release"
    binary, log = recording_pagefind(tmp_path, wait_for=release)
    running = started(job(site, shards, Records(), binary=binary))
    wait_until(lambda: runs(log), "Pagefind started")
    return site, shards, release, log, running


def test_shards_are_indexed_one_after_the_other_at_a_lower_priority(tmp_path):
    site, shards, release, log, running = held_job(tmp_path)
    time.sleep(0.3)  # room for a second Pagefind to start, were they run side by side
    assert [run["pages"] for run in runs(log)] == [shards["newer"]]
    release.touch()
    outcome = running.finish()
    assert [run["pages"] for run in runs(log)] == [shards["newer"], shards["older"]]
    assert sorted(outcome) == ["newer", "older"]
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    for run in runs(log):
        assert run["nice"] >= max(ours, INDEXER_NICENESS)
        assert run["thread_nice"] == run["nice"]  # Pagefind's threads too
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours  # the build's own thread keeps its
    assert [run["rayon_threads"] for run in runs(log)] == [None, None]  # Pagefind's choice


def test_indexer_threads_setting(tmp_path, caplog):
    assert read_settings({}).threads is None
    assert read_settings({"SEARCH_INDEXER_THREADS": 1}) == SearchSettings(threads=1)
    assert caplog.records == []
    assert read_settings({"SEARCH_INDEXER_THREADS": 0}).threads is None
    assert "SEARCH_INDEXER_THREADS" in caplog.records[0].getMessage()
    binary = fake_pagefind(tmp_path, "import os; print(os.environ.get('RAYON_NUM_THREADS'))")
    for threads, seen in ((None, "None"), (2, "2")):
        process = start_pagefind(binary, tmp_path, tmp_path / "b", threads)
        assert process.communicate()[0].strip() == seen


def test_a_shard_is_indexed_as_soon_as_its_pages_are_written(tmp_path):
    site = tmp_path / "site"
    shards = two_shards(site)
    binary, log = recording_pagefind(tmp_path)
    running = job(site, shards, Records(), binary=binary)
    assert runs(log) == []  # no shard is ready yet
    running.ready("newer")  # while the older shard's pages are still being written
    wait_until(lambda: runs(log), "Pagefind started")
    assert [run["pages"] for run in runs(log)] == [shards["newer"]]
    running.ready("newer")  # once only
    outcome = running.finish()  # the older shard is readied here at the latest
    assert [run["pages"] for run in runs(log)] == [shards["newer"], shards["older"]]
    assert sorted(outcome) == ["newer", "older"]


def test_a_page_written_again_is_indexed_again_in_its_shard_only(tmp_path):
    site, shards, release, log, running = held_job(tmp_path)
    write_site(site, {"2015/a/index.html": "written again by a later step"})
    release.touch()
    running.finish()
    assert [run["pages"] for run in runs(log)] == [
        shards["newer"],
        shards["older"],
        shards["older"],
    ]


def test_a_stopped_job_starts_no_further_shard(tmp_path):
    site = tmp_path / "site"
    binary, log = recording_pagefind(tmp_path, wait_for=tmp_path / "never")
    running = started(job(site, two_shards(site), Records(), binary=binary))
    wait_until(lambda: runs(log), "Pagefind started")
    running.stop()
    assert len(runs(log)) == 1
    assert not alive(runs(log)[0]["pid"])
    assert not (site / "pagefind").exists()


def test_a_failing_shard_fails_the_job_and_leaves_no_bundle(tmp_path):
    site, records = tmp_path / "site", Records()
    shards = two_shards(site)
    job(site, shards, records).finish()
    binary = fake_pagefind(tmp_path, "print('Error: disk full', file=sys.stderr); sys.exit(3)")
    write_site(site, {"2017/b/index.html": "edited"})
    with pytest.raises(IndexerError, match=r"exit status 3\): Error: disk full"):
        job(site, shards, records, binary=binary).finish()
    # The older bundle was up to date, but the search page cannot work without the other.
    assert not (site / "pagefind").exists()


def test_a_shard_no_longer_planned_is_removed_and_the_others_kept(tmp_path):
    site, records = tmp_path / "site", Records()
    shards = two_shards(site)
    job(site, shards, records).finish()
    newer = {p: p.read_bytes() for p in (site / "pagefind" / "newer").rglob("*") if p.is_file()}
    second = job(site, {"newer": shards["newer"]}, records).finish()
    assert second == {}
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["newer"]
    assert {p: p.read_bytes() for p in (site / "pagefind" / "newer").rglob("*") if p.is_file()} == (
        newer
    )


def test_clearing_other_bundles_touches_no_kept_shard_and_nothing_foreign(tmp_path):
    root = tmp_path / "pagefind"
    for shard in ("recent", "archive", "2016", ".2016.old-123"):
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
    clear_bundles(root, keep={"recent"})
    assert sorted(p.name for p in root.iterdir()) == ["README.txt", "photos", "recent"]
    assert (root / "recent" / "pagefind.js").is_file()
    assert (root / "recent" / "fragment").is_dir()
    clear_bundles(tmp_path / "absent", keep={"recent"})  # nothing to clear is fine


# --- Pagefind dies with the build -----------------------------------------------------------

ORPHAN_MAKER = """
import sys, time
sys.path.insert(0, {plugins!r})
from pathlib import Path
from site_search.indexer import start_pagefind
print(start_pagefind({binary!r}, Path("."), Path("b"), None).pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_pagefind_is_killed_when_the_build_that_started_it_is_killed(tmp_path):
    binary = fake_pagefind(tmp_path, "import time; time.sleep(60)")
    plugins = str(Path(__file__).resolve().parents[2] / "plugins")
    build = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_MAKER.format(plugins=plugins, binary=binary)],
        stdout=subprocess.PIPE,
        text=True,
    )
    pagefind = int(build.stdout.readline())
    assert alive(pagefind)
    build.kill()  # SIGKILL: the build can do nothing, the kernel does it
    build.wait()
    wait_until(lambda: not alive(pagefind), "Pagefind killed with its build")
