"""Small plain functions of the foundation plugins."""

import logging

from strict_build.tally import WarningTally, verdict
from unique_urls.slugs import FALLBACK_SLUG, first_free_slug, site_page_paths


def test_a_free_slug_is_kept():
    assert first_free_slug("headline", lambda slug: False) == "headline"


def test_a_taken_slug_gets_the_first_free_number():
    taken = {"headline", "headline-2"}
    assert first_free_slug("headline", taken.__contains__) == "headline-3"


def test_an_empty_slug_falls_back():
    assert first_free_slug("", lambda slug: False) == FALLBACK_SLUG


def test_tally_counts_warnings_and_errors_only():
    tally = WarningTally()
    log = logging.getLogger("tally-test")
    log.addHandler(tally)
    try:
        log.info("fine")
        log.warning("one")
        log.error("two")
    finally:
        log.removeHandler(tally)
    assert tally.count == 2


def test_verdict_only_fails_strict_builds_with_warnings():
    assert verdict(0, strict=True) is None
    assert verdict(3, strict=False) is None
    assert (
        verdict(1, strict=True) == "STRICT: the build logged 1 warning (listed above); failing it."
    )


def test_site_page_paths_follow_pelicans_direct_template_names():
    settings = {
        "DIRECT_TEMPLATES": ["index", "search", "404"],
        "SEARCH_SAVE_AS": "search/index.html",
    }
    assert site_page_paths(settings) == {"index.html", "search/index.html", "404.html"}
