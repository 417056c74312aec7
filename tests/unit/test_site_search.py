"""site_search: settings, the Pagefind command, and how a failing indexer is reported."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from site_search.pagefind_index import (
    IndexerError,
    SearchSettings,
    build_index,
    clear_old_bundle,
    failure_reason,
    find_binary,
    page_count,
    pagefind_command,
    read_settings,
)


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
