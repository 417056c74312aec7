"""Boilerplate: no reader finds the wire source's footer anywhere in the built site.

The whole of ``output/`` is searched (pages, feeds, search index, sitemap...),
whatever plugin wrote it, so a file that copies content before the footer is
removed shows up here.
"""

from __future__ import annotations

import gzip
import logging

import pytest
from bs4 import BeautifulSoup
from sitebuild import FIXTURES, build_site, rebuild

FORBIDDEN = ("to contact the wsws", "wsws.org/contact")

REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"

# A Markdown author pasted the tail, in another form: a list and a link-only
# paragraph; the story's own last paragraph mentions subscribing.
STRIKE_MD = """\
Title: Bus drivers walk out over rosters
Date: 2024-05-02 08:00
Author: Ana Lima
Summary: Bus drivers walked out on Thursday.
    To contact the WSWS and the Socialist Equality Party visit:

Bus drivers at two depots walked out on Thursday over new rosters.

To contact the strike committee, drivers can speak to the delegates at either depot.

A driver said: “They want us to subscribe to their schedule or leave.”

Passengers who subscribe to the operator’s text alerts were told nothing of the strike.

- Sign up for the WSWS email newsletter
- Follow the WSWS on social media

To contact the WSWS and the Socialist Equality Party visit:

[Write to us](https://www.wsws.org/contact)
"""

ABOUT_PAGE = """\
Title: About this digest

This digest republishes wire articles.

Follow the WSWS on social media
"""

# CRLF, odd case, trailing spaces, and the footer glued to the last paragraph.
GLUED_SEED = (
    b"Ferry crews strike for a second week\r\n\r\nMaria Ortiz\r\n9 March 2023\r\n\r\n"
    b"Ferry crews stayed out for a second week on Wednesday.\r\n\r\n"
    b"The union said talks would resume on Monday.\r\n"
    b"to contact the wsws and the socialist equality party visit:   \r\n\r\n"
    b"[wsws.org/contact](https://www.wsws.org/contact)\r\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("boilerplate")
    seeds = {p.name: p.read_bytes() for p in (FIXTURES / "seeds").glob("sample_*.txt")}
    seeds["glued.txt"] = GLUED_SEED
    content = {"strike.md": STRIKE_MD, "pages/about.md": ABOUT_PAGE}
    return build_site(root, seeds=seeds, content=content, real_seed=True)


def readable_text(path) -> str:
    """A file's text as a reader or a program would get it, gzip (search index) opened."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").replace("\\/", "/").casefold()


def files_containing(build, needle: str) -> list[str]:
    return [
        str(path.relative_to(build.output))
        for path in build.files()
        if needle.casefold() in readable_text(path)
    ]


def page_by_title(build, title: str) -> BeautifulSoup:
    for path in build.files("**/*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.h1 and soup.h1.get_text(strip=True) == title:
            return soup
    raise AssertionError(f"no page titled {title!r}")


def body_paragraphs(soup: BeautifulSoup) -> list[str]:
    body = soup.select_one(".article-body, .entry-content, article") or soup
    return [" ".join(p.get_text().split()) for p in body.find_all("p")]


def test_the_grep_reads_every_kind_of_file_it_searches(site):
    """A story phrase is found in the files that carry content: the search is real."""
    found = files_containing(site, "already deployed in waters off Syria")
    assert REAL_PAGE in found
    searchable = [p for p in site.files() if "pagefind" in p.parts and p.suffix == ".pf_fragment"]
    if searchable:  # the search plugin indexed the site: its fragments are searched too
        assert any("pagefind" in f for f in found)


@pytest.mark.parametrize("needle", FORBIDDEN)
def test_no_file_in_the_output_contains_the_footer(site, needle):
    assert files_containing(site, needle) == []


def test_the_real_seeds_last_paragraph_is_about_the_warships(site):
    paragraphs = body_paragraphs(BeautifulSoup(site.read(REAL_PAGE), "html.parser"))
    assert paragraphs[-1].endswith("already deployed in waters off Syria.")


def test_the_nurses_trap_paragraph_stays_and_the_newsletter_line_goes(site):
    page = page_by_title(site, "Nurses at Zürich clinic demand safe staffing")
    paragraphs = body_paragraphs(page)
    assert any(p.startswith("To contact the nurses’ committee") for p in paragraphs)
    assert paragraphs[-1].startswith("#SafeStaffing has been used")
    assert "email newsletter" not in " ".join(paragraphs).lower()


def test_a_footer_glued_to_the_last_paragraph_is_cut_out(site):
    paragraphs = body_paragraphs(page_by_title(site, "Ferry crews strike for a second week"))
    assert paragraphs[-1] == "The union said talks would resume on Monday."


def test_a_markdown_article_keeps_its_traps_and_loses_the_pasted_tail(site):
    page = page_by_title(site, "Bus drivers walk out over rosters")
    paragraphs = body_paragraphs(page)
    assert any(p.startswith("To contact the strike committee") for p in paragraphs)
    assert any("They want us to subscribe" in p for p in paragraphs)
    assert paragraphs[-1].startswith("Passengers who subscribe to the operator’s text alerts")
    text = page.get_text().lower()
    assert "social media" not in text and "write to us" not in text


def test_an_explicit_summary_is_cleaned_too(site):
    front = site.read("index.html")
    assert "Bus drivers walked out on Thursday." in front
    assert "to contact the wsws" not in front.lower()


def test_a_page_loses_its_tail(site):
    page = page_by_title(site, "About this digest")
    assert "This digest republishes wire articles." in page.get_text()
    assert "follow the wsws" not in page.get_text().lower()


def test_each_cleaned_article_is_logged_and_the_total_once(site):
    debug = [m for m in site.messages(logging.DEBUG) if "removed boilerplate" in m]
    assert any(m.startswith("seeds/000_678971455dd61ec7.txt: removed boilerplate") for m in debug)
    summary = "content/strike.md: removed boilerplate from the summary"
    assert any(m.startswith(summary) for m in debug)
    totals = [m for m in site.messages(logging.INFO) if m.startswith("boilerplate: removed")]
    # real seed 2, two samples 3 + 2, glued seed 2, Markdown article 4, page 1
    assert totals == ["boilerplate: removed 14 block(s) from 6 of 6 articles and pages"]
    assert not [m for m in site.messages(logging.WARNING) if "boilerplate" in m.lower()]


def test_a_second_build_from_the_content_cache_is_clean_too(site):
    again = rebuild(site.root)
    assert files_containing(again, "wsws.org/contact") == []
    paragraphs = body_paragraphs(BeautifulSoup(again.read(REAL_PAGE), "html.parser"))
    assert paragraphs[-1].endswith("already deployed in waters off Syria.")


NOTHING_BUT_TAIL = """\
Title: Nothing but the tail
Date: 2024-01-01

Sign up for the WSWS email newsletter

To contact the WSWS and the Socialist Equality Party visit:
"""


def test_an_article_of_nothing_but_boilerplate_keeps_its_body_with_a_warning(tmp_path):
    build = build_site(
        tmp_path,
        content={"tail-only.md": NOTHING_BUT_TAIL},
        SEARCH_INDEX=False,
        BOILERPLATE_RULES=[
            "Sign up for the WSWS email newsletter",
            "To contact the WSWS and the Socialist Equality Party visit:",
            {"regex": "Sign up ("},
        ],
    )
    warnings = build.messages(logging.WARNING)
    assert [m for m in warnings if m.startswith("content/tail-only.md: the whole body")]
    errors = build.messages(logging.ERROR)
    assert len(errors) == 1
    assert errors[0].startswith("boilerplate: BOILERPLATE_RULES[2]: bad regular expression")
    page = page_by_title(build, "Nothing but the tail")
    assert "Sign up for the WSWS email newsletter" in page.get_text()


MARKED_TAIL = """\
Title: A marked tail
Date: 2024-01-02

Council workers voted to strike.

<div class="boilerplate"><p>Read our other stories.</p></div>
"""


def test_bad_settings_get_one_error_each_and_the_good_rules_still_apply(tmp_path):
    build = build_site(
        tmp_path,
        content={"marked.md": MARKED_TAIL},
        SEARCH_INDEX=False,
        BOILERPLATE_RULES="Sign up for the WSWS email newsletter",  # not a list
        BOILERPLATE_SELECTORS=["a[", 42, ".boilerplate"],
    )
    errors = build.messages(logging.ERROR)
    assert len(errors) == 3
    assert errors[0] == "boilerplate: BOILERPLATE_RULES must be a list, not str; ignored"
    assert errors[1].startswith("boilerplate: BOILERPLATE_SELECTORS[0]: bad CSS selector 'a['")
    assert errors[2] == (
        "boilerplate: BOILERPLATE_SELECTORS[1]: expected a CSS selector string; entry ignored"
    )
    assert not [r for r in build.records if r.exc_info]  # no traceback logged
    page = page_by_title(build, "A marked tail")
    assert "Council workers voted to strike." in page.get_text()
    assert "Read our other stories" not in page.get_text()


def test_without_rules_nothing_is_removed(tmp_path):
    build = build_site(
        tmp_path,
        seeds={"glued.txt": GLUED_SEED},
        SEARCH_INDEX=False,
        BOILERPLATE_RULES=[],
        BOILERPLATE_SELECTORS=[],
    )
    page = page_by_title(build, "Ferry crews strike for a second week")
    assert "to contact the wsws" in page.get_text().lower()
    assert not build.messages(logging.ERROR)
