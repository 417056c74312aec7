"""Slugs and the permalinks ledger: plain functions of plugins/permalinks."""

import logging

import pytest
from permalinks import (
    FALLBACK_SLUG,
    capped_slug,
    first_free_slug,
    format_ledger,
    parse_ledger,
    read_ledger,
    site_page_paths,
)


def test_a_free_slug_is_kept():
    assert first_free_slug("headline", lambda slug: False) == "headline"


def test_a_taken_slug_gets_the_first_free_number():
    taken = {"headline", "headline-2"}
    assert first_free_slug("headline", taken.__contains__) == "headline-3"


def test_an_empty_slug_falls_back():
    assert first_free_slug("", lambda slug: False) == FALLBACK_SLUG


def test_site_page_paths_follow_pelicans_direct_template_names():
    settings = {
        "DIRECT_TEMPLATES": ["index", "search", "404"],
        "SEARCH_SAVE_AS": "search/index.html",
    }
    assert site_page_paths(settings) == {"index.html", "search/index.html", "404.html"}


# --- capped slugs ---------------------------------------------------------------


def test_a_short_slug_is_kept_whole():
    assert capped_slug("strike-at-the-port", 80) == "strike-at-the-port"


def test_a_long_slug_is_cut_at_a_word_boundary():
    assert capped_slug("strike-at-the-port", 15) == "strike-at-the"
    assert capped_slug("strike-at-the-port", 13) == "strike-at-the"  # the cut falls on a hyphen


def test_a_slug_of_one_long_word_is_cut_hard():
    assert capped_slug("a" * 500, 80) == "a" * 80
    assert capped_slug("b" * 500 + "-word", 80) == "b" * 80


def test_a_5000_character_headline_makes_a_short_slug():
    slug = capped_slug("-".join(["word"] * 1000), 80)
    assert len(slug) <= 80 and slug.endswith("word") and "--" not in slug


# --- the ledger ------------------------------------------------------------------


def test_the_ledger_is_sorted_one_url_a_line_and_reads_back():
    ledger = {"2020/05/02/b/": "seeds/b.txt", "2020/05/01/a/": "content/ä.md"}
    text = format_ledger(ledger)
    assert text.splitlines() == [
        "{",
        '  "2020/05/01/a/": "content/ä.md",',
        '  "2020/05/02/b/": "seeds/b.txt"',
        "}",
    ]
    assert parse_ledger(text) == ledger


def test_an_empty_ledger_reads_back():
    assert parse_ledger(format_ledger({})) == {}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<<<<<<< HEAD\n{}\n",
        "[]",
        '{"2020/05/01/a/": 3}',
        '{"2020/05/01/a/": "seeds/a.txt", "2020/05/01/a/": "seeds/b.txt"}',
    ],
)
def test_what_is_not_a_ledger_is_refused(text):
    with pytest.raises(ValueError):
        parse_ledger(text)


def test_no_ledger_file_is_an_empty_ledger(tmp_path):
    assert read_ledger(tmp_path / "permalinks.json") == {}


def test_a_damaged_ledger_is_one_warning_naming_it(tmp_path, caplog):
    path = tmp_path / "permalinks.json"
    path.write_text('{"2020/05/01/a/": "seeds/a.txt",\n<<<<<<< HEAD\n')
    with caplog.at_level(logging.WARNING):
        assert read_ledger(path) is None
    assert len(caplog.records) == 1 and str(path) in caplog.records[0].getMessage()
