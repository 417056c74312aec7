"""content_links: `{static}` and `{filename}` links resolved from the content folder."""

from __future__ import annotations

from content_links import link_pattern, may_link_files, resolve_links
from pelican.settings import DEFAULT_CONFIG

PATTERN = link_pattern(DEFAULT_CONFIG["INTRASITE_LINK_REGEX"])
FILES = {
    "content/images/chart.png",
    "content/2024/03/other.md",
    "content/2024/03/photo 1.jpg",
    "content/pages/about.md",
}


def resolve(html, source_dir="content/2024/03"):
    return resolve_links(html, PATTERN, source_dir, "content", FILES.__contains__)


def test_root_relative_links_start_from_the_content_folder():
    html, missing = resolve(
        '<img src="{static}/images/chart.png"> <a href="{filename}/2024/03/other.md#top">x</a>'
    )
    assert html == (
        '<img src="{static}/content/images/chart.png">'
        ' <a href="{filename}/content/2024/03/other.md#top">x</a>'
    )
    assert missing == []


def test_links_already_under_the_content_folder_and_relative_links_are_kept():
    source = (
        '<img src="{static}/content/images/chart.png"> <a href="{filename}other.md">x</a>'
        ' <a href="|filename|../../pages/about.md">y</a> <img src="{static}photo%201.jpg">'
    )
    assert resolve(source) == (source, [])


def test_a_link_to_no_file_is_reported_and_unmarked():
    html, missing = resolve(
        '<img alt="" src="{static}/images/gone.png"> <a href=\'{filename}nowhere.md\'>x</a>'
    )
    assert html == '<img alt="" src="/images/gone.png"> <a href=\'nowhere.md\'>x</a>'
    assert missing == ["{static}/images/gone.png", "{filename}nowhere.md"]


def test_other_markers_and_plain_links_are_left_alone():
    source = '<a href="{tag}strikes">t</a> <a href="https://example.org/{static}/x">e</a>'
    assert resolve(source) == (source, [])


def test_quick_test_spots_only_file_links():
    assert may_link_files('<a href="{filename}x.md">')
    assert may_link_files('<img src="|static|x.png">')
    assert not may_link_files('<p>static | filename</p> <a href="{tag}x">')
