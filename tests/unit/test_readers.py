"""The readers' plain parts: folder links, failure reasons, missing metadata."""

import datetime as dt
import os

import pytest
from news_readers.readers import describe, missing_metadata, settle, unsafe_folder_links


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "seeds" / "a").mkdir(parents=True)
    (root / "seeds" / "b").mkdir()
    (root / "more").mkdir()
    (tmp_path / "elsewhere").mkdir()
    return root


def link(path, target):
    os.symlink(target, path, target_is_directory=True)


def test_plain_folders_and_links_within_the_project_are_followed(project):
    link(project / "seeds" / "more", project / "more")
    assert unsafe_folder_links(str(project), ["seeds"]) == []


def test_a_link_out_of_the_project_is_not_followed(project):
    link(project / "seeds" / "out", project.parent / "elsewhere")
    link(project / "seeds" / "a" / "root", "/")
    assert sorted(unsafe_folder_links(str(project), ["seeds"])) == [
        ("seeds/a/root", "a link to a folder outside the project"),
        ("seeds/out", "a link to a folder outside the project"),
    ]


def test_links_that_loop_are_not_followed(project):
    link(project / "seeds" / "self", ".")
    link(project / "seeds" / "a" / "up", project / "seeds")
    link(project / "seeds" / "b" / "root", project)
    loop = "a link that loops back to a folder above it"
    assert sorted(unsafe_folder_links(str(project), ["seeds"])) == [
        ("seeds/a/up", loop),
        ("seeds/b/root", loop),
        ("seeds/self", loop),
    ]


def test_links_into_content_folders_are_not_followed(project):
    # Each would publish the same files twice; these two would loop together too.
    link(project / "seeds" / "a" / "to_b", project / "seeds" / "b")
    link(project / "seeds" / "b" / "to_a", project / "seeds" / "a")
    (project / "content" / "pages").mkdir(parents=True)
    link(project / "seeds" / "pages", project / "content" / "pages")
    read_there = "a link to a content folder, read there already"
    unsafe = unsafe_folder_links(str(project), ["seeds"], content=["content"])
    assert sorted(unsafe) == [
        ("seeds/a/to_b", read_there),
        ("seeds/b/to_a", read_there),
        ("seeds/pages", read_there),
    ]


def test_excluded_and_ignored_folders_are_not_walked(project):
    link(project / "seeds" / "a" / "out", project.parent / "elsewhere")
    (project / "seeds" / ".hidden").mkdir()
    link(project / "seeds" / ".hidden" / "out", project.parent / "elsewhere")
    assert unsafe_folder_links(str(project), ["seeds"], ["seeds/a"], [".*"]) == []


def test_docutils_failures_read_as_one_line():
    error = Exception("/site/content/broken.rst:7: (WARNING/2) Unexpected indent.\nmore")
    assert describe(error, "/site/content/broken.rst") == "line 7: Unexpected indent."


def test_bad_metadata_says_so():
    assert describe(ValueError("'someday' is not a valid date"), "x.md") == (
        "bad metadata ('someday' is not a valid date)"
    )


SETTINGS = {
    "PATH": "/site",
    "PAGE_PATHS": ["content/pages"],
    "FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2}).*",
    "PATH_METADATA": "",
}


@pytest.mark.parametrize(
    "path, metadata, reason",
    [
        ("content/a.md", {"date": "x"}, "title"),
        ("content/a.md", {"title": "A"}, "date"),
        ("content/a.md", {"title": "A", "date": "x"}, None),
        ("content/2013-02-03_story.md", {"title": "A"}, None),
        ("content/a.md", {"title": "A", "status": "draft"}, None),
        ("content/pages/about.md", {"title": "About"}, None),
        ("content/pages/about.md", {}, "title"),
    ],
)
def test_missing_metadata(path, metadata, reason):
    assert missing_metadata(SETTINGS, f"/site/{path}", metadata) == reason


def test_default_date_dates_every_article():
    settings = {**SETTINGS, "DEFAULT_DATE": "fs"}
    assert missing_metadata(settings, "/site/content/a.md", {"title": "A"}) is None


def reading(year, **keys):
    return {"title": "T", "date": dt.datetime(year, 1, 2), **keys}


def test_settle_takes_the_readers_keys_out_and_returns_the_warning():
    metadata = reading(2020, reader_note="seeds/a.txt: headline cut to 200 characters")
    assert settle(metadata) == "seeds/a.txt: headline cut to 200 characters"
    assert metadata == reading(2020)


def test_a_seed_dated_after_next_year_is_skipped_at_every_build():
    metadata = reading(2999, reader_dated_ahead="seeds/far.txt")
    assert settle(metadata).startswith("seeds/far.txt: not published: the year 2999 is after")
    assert metadata["status"] == "skip"


def test_a_seed_whose_year_has_come_is_published():
    # Read when its year was still too far ahead; the cached reading carries the key.
    next_year = dt.date.today().year + 1
    metadata = reading(next_year, reader_dated_ahead="seeds/soon.txt")
    assert settle(metadata) is None
    assert metadata == reading(next_year)
