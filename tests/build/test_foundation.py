"""Seeds and Markdown build into a site: pages, URLs, bad input, strict mode."""

import logging
import re

import pytest
from bs4 import BeautifulSoup
from sitebuild import PROJECT, build_site, lay_out, rebuild, run_pelican_cli

REAL_PAGE = "2017/04/13/talks-in-moscow-fail-to-dispel-rising-us-russian-tensions/index.html"

MARKDOWN_ARTICLE = """\
Title: Dockworkers vote to strike
Date: 2024-03-05 09:30
Author: Ana Lima
Tags: Strikes, Ports
Summary: Dockworkers at three ports voted to strike.

Dockworkers at three ports voted to strike on Tuesday.

A second paragraph with *emphasis*.
"""

TRAPS_SEED = """\
Markup that must stay text

Jo Bloggs
2020-01-02

<script>alert("x")</script> and <b>bold</b> appear in the wire copy.

AT&T said 5 < 7 and *word* is not emphasis.

# This paragraph starts with a hash.
"""


def soup_of(build, relative):
    return BeautifulSoup(build.read(relative), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("foundation")
    return build_site(
        root,
        real_seed=True,
        seeds={"traps.txt": TRAPS_SEED},
        content={"dockworkers.md": MARKDOWN_ARTICLE},
    )


def test_real_seed_becomes_one_article_page(site):
    page = soup_of(site, REAL_PAGE)
    assert page.h1.get_text(strip=True) == (
        "Talks in Moscow fail to dispel rising US-Russian tensions"
    )
    assert "Bill Van Auken" in page.select_one(".byline").get_text()
    assert page.select_one("time")["datetime"].startswith("2017-04-13")


@pytest.mark.parametrize(
    "phrase",
    [
        "Nusra is still being guarded in order to use Plan B",
        "He said that the most likely explanation",
        "warned Russia that “you are isolating yourselves from the international community”",
    ],
)
def test_real_seed_page_breaks_are_one_paragraph(site, phrase):
    paragraphs = [p.get_text() for p in soup_of(site, REAL_PAGE).select("article p")]
    assert sum(phrase in p for p in paragraphs) == 1


def test_plain_text_seed_is_shown_literally(site):
    html = site.read("2020/01/02/markup-that-must-stay-text/index.html")
    body = BeautifulSoup(html, "html.parser").select_one("article")
    assert body.find("script") is None and body.find("b") is None and body.find("em") is None
    text = body.get_text()
    assert '<script>alert("x")</script> and <b>bold</b> appear' in text
    assert "AT&T said 5 < 7 and *word* is not emphasis." in text
    assert "# This paragraph starts with a hash." in text


def test_markdown_article_is_published_with_its_metadata(site):
    page = soup_of(site, "2024/03/05/dockworkers-vote-to-strike/index.html")
    assert page.h1.get_text(strip=True) == "Dockworkers vote to strike"
    assert "Ana Lima" in page.select_one(".byline").get_text()
    assert page.select_one("article em").get_text() == "emphasis"


def test_summary_is_the_first_paragraph(site):
    front = soup_of(site, "index.html")
    item = next(a for a in front.select("article") if "Talks in Moscow" in a.get_text())
    standfirst = item.get_text(" ", strip=True)
    assert "Five hours of talks Wednesday" in standfirst
    assert "Tillerson was sent to Moscow" not in standfirst


def test_no_category_from_folder_names(site):
    assert not (site.output / "category").exists()
    assert not any("seeds" in p.parts or "content" in p.parts for p in site.files())


def test_clean_build_prints_no_warning(site):
    assert site.messages(logging.WARNING) == []


def test_seed_without_author_gets_the_default_author(tmp_path):
    build = build_site(tmp_path, seeds={"a.txt": "No author here\n\n2021-05-06\n\nBody.\n"})
    byline = soup_of(build, "2021/05/06/no-author-here/index.html").select_one(".byline")
    assert "Digest staff" in byline.get_text()


# --- sources that are not content ---------------------------------------------


def test_hidden_files_and_folders_are_never_published(tmp_path):
    build = build_site(
        tmp_path,
        seeds={".hidden.txt": "Hidden seed\n\n2020-01-01\n\nSecret.\n"},
        content={
            ".draft.md": "Title: Hidden draft\nDate: 2020-01-01\n\nSecret.\n",
            ".notes/idea.md": "Title: Hidden idea\nDate: 2020-01-01\n\nSecret.\n",
        },
    )
    assert build.article_pages() == []
    assert not any("Secret." in p.read_text(errors="ignore") for p in build.files())


# --- bad input --------------------------------------------------------------------

BAD_SOURCES = {
    "seeds/empty.txt": ("", "empty file"),
    "seeds/blank.txt": ("  \n\n\t \r\n", "empty file"),
    "seeds/binary.txt": (bytes(range(256)) * 8, "binary file"),
    "seeds/undated.txt": ("A headline\n\nSomebody\n\nText with no date.\n", "no date"),
    "content/untitled.md": ("Date: 2020-01-01\n\nNo title here.\n", "no 'Title:' metadata"),
    "content/undated.md": ("Title: No date\n\nNo date here.\n", "no 'Date:' metadata"),
    "content/bad-date.md": ("Title: Bad date\nDate: someday\n\nText.\n", "bad metadata"),
}


def lay_out_bad_site(root):
    seeds = {k.split("/", 1)[1]: v[0] for k, v in BAD_SOURCES.items() if k.startswith("seeds/")}
    content = {k.split("/", 1)[1]: v[0] for k, v in BAD_SOURCES.items() if k.startswith("content")}
    content["legacy.md"] = (
        "Title: Caf\xe9 in Windows-1252\nDate: 2020-01-01\n\nD\xe9j\xe0 vu.\n".encode("cp1252")
    )
    lay_out(root, seeds=seeds, content=content, real_seed=True)


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_site")
    lay_out_bad_site(root)
    return rebuild(root)


@pytest.mark.parametrize("source", sorted(BAD_SOURCES))
def test_each_bad_file_gets_one_warning_naming_it_and_the_reason(bad_site, source):
    reason = BAD_SOURCES[source][1]
    about_it = [m for m in bad_site.messages(logging.WARNING) if source in m]
    assert len(about_it) == 1, about_it
    assert reason in about_it[0]


def test_bad_files_produce_nothing_else(bad_site):
    warnings = bad_site.messages(logging.WARNING)
    assert len(warnings) == len(BAD_SOURCES)
    assert not any("Traceback" in m or "Could not process" in m for m in warnings)


def test_the_rest_of_a_bad_site_is_published(bad_site):
    pages = [p.relative_to(bad_site.output).as_posix() for p in bad_site.article_pages()]
    assert REAL_PAGE in pages
    legacy = bad_site.read("2020/01/01/cafe-in-windows-1252/index.html")
    assert "Café in Windows-1252" in legacy and "Déjà vu." in legacy


def test_warnings_repeat_when_the_content_cache_answers(bad_site):
    again = rebuild(bad_site.root)
    assert sorted(again.messages(logging.WARNING)) == sorted(bad_site.messages(logging.WARNING))


def test_strict_build_fails_on_a_bad_file_without_traceback(tmp_path):
    lay_out(tmp_path, seeds={"empty.txt": ""}, real_seed=True)
    lay_out(tmp_path, seeds={"undated.txt": "Headline\n\nNo date.\n"})
    result = run_pelican_cli(tmp_path, "-e", "STRICT=true")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    # Every problem is listed before the build fails.
    assert "seeds/empty.txt" in output and "empty file" in output
    assert "seeds/undated.txt" in output and "no date" in output
    assert "STRICT: the build logged 2 warnings" in re.sub(r"\s+", " ", output)
    assert "Traceback" not in output


def test_lenient_build_of_a_bad_site_succeeds_and_names_every_file(tmp_path):
    lay_out_bad_site(tmp_path)
    result = run_pelican_cli(tmp_path)
    output = re.sub(r"\s+", " ", result.stdout + result.stderr)
    assert result.returncode == 0, output
    for source in BAD_SOURCES:
        assert source in output
    assert "Traceback" not in output


def test_project_content_builds_strict_with_no_warning(tmp_path):
    result = run_pelican_cli(PROJECT, "-e", "STRICT=true", output=tmp_path / "output")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output
    assert (tmp_path / "output" / REAL_PAGE).exists()


# --- publish ------------------------------------------------------------------------


def test_publish_needs_a_siteurl(tmp_path):
    lay_out(tmp_path, real_seed=True)
    result = run_pelican_cli(tmp_path, config="publishconf.py", env={"SITEURL": ""})
    assert result.returncode != 0
    assert "SITEURL" in result.stdout + result.stderr


def test_publish_writes_absolute_urls(tmp_path):
    lay_out(tmp_path, real_seed=True)
    result = run_pelican_cli(
        tmp_path, config="publishconf.py", env={"SITEURL": "https://news.example.org/"}
    )
    assert result.returncode == 0, result.stderr
    front = (tmp_path / "output" / "index.html").read_text()
    assert f'href="https://news.example.org/{REAL_PAGE.removesuffix("index.html")}"' in front


def test_a_draft_is_built_apart_and_never_listed(tmp_path):
    draft = "Title: Unfinished story\nDate: 2021-01-01\nStatus: draft\n\nNot yet.\n"
    build = build_site(tmp_path, real_seed=True, content={"draft.md": draft})
    assert "Not yet." in build.read("drafts/unfinished-story/index.html")
    listed = [p for p in build.files("**/*") if "drafts" not in p.parts and p.suffix != ".gz"]
    assert not any("Unfinished story" in p.read_text(errors="ignore") for p in listed)


def test_articles_of_one_day_are_listed_alike_in_every_build(tmp_path):
    # Pelican reads files in set order, which changes with Python's hash seed.
    seeds = {f"{n}.txt": f"Story number {n}\n\n2021-05-06\n\nBody {n}.\n" for n in range(12)}
    lay_out(tmp_path, seeds=seeds)
    fronts = []
    for seed in ("1", "2", "3"):
        output = tmp_path / f"output-{seed}"
        result = run_pelican_cli(tmp_path, output=output, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        fronts.append((output / "index.html").read_text())
    assert fronts[0] == fronts[1] == fronts[2]
