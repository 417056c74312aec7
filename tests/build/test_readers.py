"""Hostile seeds, Pelican's Markdown conventions, reST and HTML sources."""

import logging
import os

import pytest
from bs4 import BeautifulSoup
from pelican import signals
from sitebuild import build_site, lay_out, rebuild

SEED = "{title}\n\n{author}\n{date}\n\n{body}\n"


def seed(title="A plain headline", author="Jo Bloggs", date="2020-01-02", body="Body text."):
    return SEED.format(title=title, author=author, date=date, body=body)


def warnings_about(build, source):
    return [m for m in build.messages(logging.WARNING) if f"{source}:" in m]


# --- hostile seeds ----------------------------------------------------------------

HOSTILE = {
    "long-title.txt": seed(title="Headline " * 20_000),
    "long-author.txt": seed(title="Long author", author="Name " * 20_000),
    "impossible-date.txt": seed(title="Impossible date", date="31 February 2017"),
    "old-year.txt": seed(title="Old year", date="1850-01-01"),
    "far-year.txt": seed(title="Far year", date="2999-01-01"),
    "utf16.txt": seed(title="Zürich’s “UTF-16” story", body="Déjà vu.").encode("utf-16"),
    "c1.txt": seed(title="It\u0092s C1", body="\u0093Quoted\u0094 \u0081text.").encode(),
    "page-breaks.txt": seed(title="Many breaks", body="\n\n".join(["Start"] + ["and on"] * 5000)),
}
# What each file's one warning says ("" for a file that is published without one).
EXPECTED = {
    "long-title.txt": "headline cut to 200 characters",
    "long-author.txt": "author cut to 100 characters",
    "impossible-date.txt": "not published: '31 February 2017' is not a real date",
    "old-year.txt": "not published: the year 1850 is before 1900 (a typo?)",
    "far-year.txt": "not published: the year 2999 is after next year",
    "outside.txt": "not published: a link to a file outside the project",
    "self-link.txt": "not published: cannot be read (Too many levels of symbolic links)",
    "pipe.txt": "not published: not a regular file",
    "twice.txt": "not published: a link to seeds/utf16.txt, published already",
    "out": "not followed: a link to a folder outside the project",
    "loop": "not followed: a link that loops back to a folder above it",
    "again": "not followed: a link to a content folder, read there already",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "secret.txt").write_text(seed(title="Leaked from outside", body="Leaked-7731."))
    story = "Title: A Markdown story\nDate: 2020-01-03\n\nText.\n"
    lay_out(root, seeds=HOSTILE, content={"story.md": story}, real_seed=True)
    seeds = root / "seeds"
    os.symlink(elsewhere / "secret.txt", seeds / "outside.txt")
    os.symlink(elsewhere, seeds / "out", target_is_directory=True)
    os.symlink(seeds, seeds / "loop", target_is_directory=True)
    os.symlink(root / "content", seeds / "again", target_is_directory=True)
    os.symlink(seeds / "self-link.txt", seeds / "self-link.txt")
    os.symlink(seeds / "utf16.txt", seeds / "twice.txt")
    os.mkfifo(seeds / "pipe.txt")  # reading it would wait for a writer forever
    return rebuild(root)


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_each_hostile_seed_gets_one_warning_naming_it(hostile, source):
    about_it = warnings_about(hostile, f"seeds/{source}")
    assert len(about_it) == 1, about_it
    assert EXPECTED[source] in about_it[0]


def test_hostile_seeds_give_no_other_warning(hostile):
    assert len(hostile.messages(logging.WARNING)) == len(EXPECTED)


def test_hostile_seeds_never_multiply_the_build(hostile):
    titles = [
        BeautifulSoup(p.read_text(), "html.parser").h1.get_text() for p in hostile.article_pages()
    ]
    assert len(titles) == len(set(titles)) == 7  # the real seed, five hostile ones, story.md
    assert not any("Leaked" in p.read_text(errors="ignore") for p in hostile.files())


def test_a_huge_headline_and_byline_are_cut(hostile):
    for page in hostile.article_pages():
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert len(soup.h1.get_text(strip=True)) <= 200
        assert len(soup.select_one(".byline").get_text(strip=True)) < 200


def test_utf16_seed_is_published_as_text(hostile):
    html = hostile.read("2020/01/02/zurichs-utf-16-story/index.html")
    assert "Zürich’s “UTF-16” story" in html and "Déjà vu." in html


def test_c1_controls_never_reach_a_page_or_feed(hostile):
    html = hostile.read("2020/01/02/its-c1/index.html")
    assert "It’s C1" in html and "“Quoted” text." in html
    for path in hostile.files():
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert not any(0x80 <= ord(char) <= 0x9F for char in text), path


def test_a_seed_of_many_page_breaks_is_one_paragraph(hostile):
    html = hostile.read("2020/01/02/many-breaks/index.html")
    assert "Start" + " and on" * 5000 in html


# --- Markdown conventions (Pelican's own edge cases) --------------------------------

MARKDOWN = {
    "authors.md": "Title: Two authors\nDate: 2021-03-04\nAuthors: Ana Lima, Bo Chen\n\nText.\n",
    "tags.md": "Title: Duplicate tags\nDate: 2021-03-04\nTags: Ports, Strikes, Ports, , \n\nT.\n",
    "empty-tags.md": "Title: Empty tags\nDate: 2021-03-04\nTags:\nSummary:\n\nFirst.\n\nNext.\n",
    "nested.md": (
        "Title: Nested metadata\nDate: 2021-03-04\n"
        "Summary: Test: This metadata value looks like metadata\n\nSome content.\n"
    ),
    "footnotes.md": (
        "Title: Footnotes\nDate: 2021-03-04\n"
        "Multiline: First line\n    second line\n\n"
        "Some content[^1] with a note[^named].\n\n[^1]: Numbered.\n[^named]: Named.\n"
    ),
    "2013-02-03_dated-by-name.md": "Title: Dated by its name\n\nText.\n",
    "undated-draft.md": "Title: Undated draft\nStatus: draft\n\nNot yet.\n",
    "long.markdown": "Title: Markdown extension\nDate: 2021-03-05\n\nA *markdown* file.\n",
    "short.mkd": "Title: Mkd extension\nDate: 2021-03-05\n\nA *mkd* file.\n",
    "old.mdown": "Title: Mdown extension\nDate: 2021-03-05\n\nA *mdown* file.\n",
    "article.rst": (
        "A reST article\n##############\n\n:date: 2021-03-06\n:authors: Ana Lima; Bo Chen\n\n"
        "Some *reST* text.\n"
    ),
    "broken.rst": "Broken reST\n###########\n\n:date: 2021-03-06\n\n  bad\nindent\n",
    "untitled.rst": ":date: 2021-03-06\n\nJust text.\n",
    "article.html": (
        "<html><head><title>An HTML article</title>"
        '<meta name="date" content="2021-03-07"></head>'
        "<body><p>Some <b>HTML</b> text.</p></body></html>"
    ),
    "untitled.html": (
        '<html><head><meta name="date" content="2021-03-07"></head><body>x</body></html>'
    ),
    "bad-date.html": (
        '<html><head><title>Bad date</title><meta name="date" content="someday"></head>'
        "<body>x</body></html>"
    ),
}
MARKDOWN_WARNINGS = {
    "content/broken.rst": "content/broken.rst: not published: line 7: ",
    "content/untitled.html": "content/untitled.html: not published: no <title>",
    "content/untitled.rst": "content/untitled.rst: not published: no title (a top-level heading",
    "content/bad-date.html": "content/bad-date.html: not published: bad metadata (",
}


@pytest.fixture(scope="module")
def authored(tmp_path_factory):
    root = tmp_path_factory.mktemp("authored")
    articles = {}

    def keep(generator):
        articles.update({a.title: a for a in generator.articles + generator.drafts})

    signals.article_generator_finalized.connect(keep)
    try:
        build = build_site(root, content=MARKDOWN)
    finally:
        signals.article_generator_finalized.disconnect(keep)
    build.articles = articles
    return build


def test_several_authors_are_several(authored):
    for title in ("Two authors", "A reST article"):
        names = [author.name for author in authored.articles[title].authors]
        assert names == ["Ana Lima", "Bo Chen"], title
    for slug in ("ana-lima", "bo-chen"):
        assert "Two authors" in authored.read(f"author/{slug}/index.html")


def test_duplicate_and_empty_tags_are_dropped(authored):
    assert [tag.name for tag in authored.articles["Duplicate tags"].tags][:2] == [
        "Ports",
        "Strikes",
    ]
    assert all(tag.name for article in authored.articles.values() for tag in article.tags)


def test_an_empty_summary_is_as_if_absent(authored):
    assert authored.articles["Empty tags"].summary == "<p>First.</p>"


def test_metadata_that_looks_like_metadata_is_a_value(authored):
    summary = authored.articles["Nested metadata"].summary
    assert "Test: This metadata value looks like metadata" in summary


def test_footnotes_and_multiline_metadata(authored):
    article = authored.articles["Footnotes"]
    assert 'class="footnote"' in article.content
    assert "second line" in article.multiline


def test_a_date_in_the_file_name_dates_the_article(authored):
    assert "Text." in authored.read("2013/02/03/dated-by-its-name/index.html")


def test_an_undated_draft_is_built_as_a_draft(authored):
    assert "Not yet." in authored.read("drafts/undated-draft/index.html")


@pytest.mark.parametrize("slug", ["markdown-extension", "mkd-extension", "mdown-extension"])
def test_other_markdown_extensions_are_read_as_markdown(authored, slug):
    page = BeautifulSoup(authored.read(f"2021/03/05/{slug}/index.html"), "html.parser")
    assert page.select_one("article em") is not None


def test_rest_and_html_articles_are_published(authored):
    assert "<em>reST</em>" in authored.read("2021/03/06/a-rest-article/index.html")
    assert "<b>HTML</b>" in authored.read("2021/03/07/an-html-article/index.html")


@pytest.mark.parametrize("source", sorted(MARKDOWN_WARNINGS))
def test_broken_rest_and_html_get_one_warning_with_the_reason(authored, source):
    about_it = warnings_about(authored, source)
    assert len(about_it) == 1, about_it
    assert about_it[0].startswith(MARKDOWN_WARNINGS[source])


def test_nothing_else_is_warned_about(authored):
    assert len(authored.messages(logging.WARNING)) == len(MARKDOWN_WARNINGS)
    assert not any("Could not process" in m for m in authored.messages(logging.DEBUG))


def test_a_second_title_is_one_warning_not_a_failed_build(tmp_path):
    story = "Title: First title\nTitle: Second title\nDate: 2021-03-01\n\nText.\n"
    build = build_site(tmp_path, content={"twice.md": story})
    assert warnings_about(build, "content/twice.md") == ["content/twice.md: two titles, one kept"]
    assert "First title" in build.read("2021/03/01/first-title/index.html")


def test_markdown_in_utf16_and_with_c1_controls_is_read(tmp_path):
    build = build_site(
        tmp_path,
        content={
            "utf16.md": "Title: Café UTF-16\nDate: 2021-01-01\n\nDéjà vu.\n".encode("utf-16"),
            "c1.md": "Title: It\u0092s C1\nDate: 2021-01-01\n\n\u0093Quoted\u0094\n".encode(),
        },
    )
    assert build.messages(logging.WARNING) == []
    assert "Déjà vu." in build.read("2021/01/01/cafe-utf-16/index.html")
    assert "“Quoted”" in build.read("2021/01/01/its-c1/index.html")
