"""The seed format, rule by rule (docs/seed-format.md)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from news_readers.seed import (
    AUTHOR_MAX,
    TITLE_MAX,
    Unpublishable,
    capped,
    decode_source,
    inline_html,
    is_closed,
    join_page_breaks,
    paragraphs_html,
    parse_date,
    parse_seed,
    year_out_of_range,
)
from sitebuild import FIXTURES, REAL_SEED


def seed_text(*lines):
    return "\n".join(lines) + "\n"


def read_seed(path):
    return parse_seed(decode_source(path.read_bytes())[0])


# --- decoding ----------------------------------------------------------------


def test_utf8_with_byte_order_mark_is_decoded_without_the_mark():
    assert decode_source("\ufeffTitle’s".encode())[0] == "Title’s"


def test_windows_1252_is_decoded_without_mojibake():
    text = decode_source("Zürich ’quoted’ café – “done”".encode("cp1252"))[0]
    assert text == "Zürich ’quoted’ café – “done”"
    assert "â€" not in text and "Ã" not in text and "\ufffd" not in text


def test_bytes_undefined_in_windows_1252_never_become_replacement_characters():
    assert "\ufffd" not in decode_source(b"caf\xe9 \x81\x8d\x8f\x90\x9d")[0]


def test_crlf_and_cr_line_endings_become_lf():
    assert decode_source(b"a\r\nb\rc\n")[0] == "a\nb\nc\n"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"\x01\x02\x03\x04" * 50],
)
def test_binary_data_is_unpublishable(data):
    with pytest.raises(Unpublishable, match="binary"):
        decode_source(data)


# --- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, expected",
    [
        ("13 April 2017", dt.date(2017, 4, 13)),
        ("August 14, 2018", dt.date(2018, 8, 14)),
        ("2017-04-13", dt.date(2017, 4, 13)),
        ("  3 June 2021 ", dt.date(2021, 6, 3)),
        ("June 3, 2021", dt.date(2021, 6, 3)),
        ("Sept 9, 2020", dt.date(2020, 9, 9)),
    ],
)
def test_dates_in_the_three_forms(line, expected):
    assert parse_date(line) == expected


@pytest.mark.parametrize("line", ["Bill Van Auken", "Smarch 3, 2020", "April 2017", ""])
def test_lines_that_are_not_dates(line):
    assert parse_date(line) is None


@pytest.mark.parametrize("line", ["31 February 2017", "2017-13-01"])
def test_lines_written_as_dates_that_do_not_exist(line):
    with pytest.raises(Unpublishable, match="is not a real date"):
        parse_date(line)


# --- structure ------------------------------------------------------------------


def test_title_author_date_and_body():
    seed = parse_seed(seed_text("", "", "A title", "", "Jane Roe", "13 April 2017", "", "Body."))
    assert (seed.title, seed.author, seed.date) == ("A title", "Jane Roe", dt.date(2017, 4, 13))
    assert seed.paragraphs == ["Body."]


def test_missing_author_leaves_author_empty():
    seed = parse_seed(seed_text("A title", "", "2017-04-13", "", "Body."))
    assert seed.author is None and seed.date == dt.date(2017, 4, 13)


def test_title_keeps_any_characters():
    seed = parse_seed(seed_text('../etc/passwd: "quoted" / Zürich', "", "2017-04-13", "", "B."))
    assert seed.title == '../etc/passwd: "quoted" / Zürich'


@pytest.mark.parametrize("text", ["", "   \n\n\t\n"])
def test_empty_or_blank_seed_is_unpublishable(text):
    with pytest.raises(Unpublishable, match="empty"):
        parse_seed(text)


def test_seed_without_a_date_is_unpublishable():
    with pytest.raises(Unpublishable, match="no date"):
        parse_seed(seed_text("A title", "", "Jane Roe", "", "Body text."))


def test_seed_without_body_is_unpublishable():
    with pytest.raises(Unpublishable, match="no body"):
        parse_seed(seed_text("A title", "", "13 April 2017", "", ""))


def test_page_break_inside_a_sentence_is_joined():
    assert join_page_breaks(["that Nusra is still being", "guarded in order to use Plan B."]) == [
        "that Nusra is still being guarded in order to use Plan B."
    ]


@pytest.mark.parametrize(
    "first",
    [
        "It ended.",
        "Was it?",
        "Stop!",
        "He said:",
        "“It ended.”",
        "'Done.'",
        "(It ended.)",
    ],
)
def test_closed_paragraphs_are_not_joined(first):
    assert join_page_breaks([first, "lower-case start"]) == [first, "lower-case start"]


def test_unclosed_paragraph_before_capital_is_not_joined():
    assert join_page_breaks(["A heading", "The story"]) == ["A heading", "The story"]


def test_lines_inside_a_paragraph_stay_on_their_own_lines():
    seed = parse_seed(seed_text("T", "", "2017-04-13", "", "Last paragraph.", "Glued footer:"))
    assert seed.paragraphs == ["Last paragraph.\nGlued footer:"]


def test_real_seed_page_breaks_are_joined():
    seed = read_seed(REAL_SEED)
    assert seed.title == "Talks in Moscow fail to dispel rising US-Russian tensions"
    assert seed.author == "Bill Van Auken"
    assert seed.date == dt.date(2017, 4, 13)
    for phrase in (
        "that Nusra is still being guarded in order to use Plan B",
        "He said that the most likely explanation",
        "warned Russia that “you are isolating yourselves from the international community”",
    ):
        assert sum(phrase in p for p in seed.paragraphs) == 1, phrase


def test_sample_crlf_without_author():
    seed = read_seed(FIXTURES / "seeds" / "sample_crlf_no_author.txt")
    assert seed.title == "Heatwave forces closure of schools across the south"
    assert seed.author is None
    assert seed.date == dt.date(2022, 7, 22)
    assert any("had reported to the education authority every summer" in p for p in seed.paragraphs)
    assert not any("\r" in p for p in seed.paragraphs)


def test_sample_cp1252_traps():
    seed = read_seed(FIXTURES / "seeds" / "sample_cp1252_traps.txt")
    assert seed.title == "Nurses at Zürich clinic demand safe staffing"
    assert seed.author == "Elena Rossi"
    assert seed.date == dt.date(2021, 6, 3)
    assert "To contact the nurses’ committee, patients and relatives" in seed.paragraphs[1]


# --- rendering ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, html",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("AT&T", "AT&amp;T"),
        ("5 < 7", "5 &lt; 7"),
        ("*word* and _this_", "*word* and _this_"),
        ("# not a heading", "# not a heading"),
        ('say "hi"', 'say "hi"'),
    ],
)
def test_plain_text_is_shown_literally(text, html):
    assert inline_html(text) == html


def test_markdown_link_becomes_an_anchor():
    assert inline_html("visit [wsws.org/contact](https://www.wsws.org/contact) now") == (
        'visit <a href="https://www.wsws.org/contact">wsws.org/contact</a> now'
    )


def test_bare_url_becomes_an_anchor_without_trailing_punctuation():
    assert inline_html("See https://example.org/a?b=1&c=2.") == (
        'See <a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>.'
    )


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        '[x](https://evil.example/"onmouseover="alert(1))',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_no_unsafe_link_or_attribute_injection(text):
    soup = BeautifulSoup(inline_html(text), "html.parser")
    for element in soup.find_all(True):
        assert element.name == "a" and list(element.attrs) == ["href"]
        assert element["href"].startswith(("http://", "https://"))


def test_each_paragraph_is_one_p():
    assert paragraphs_html(["One.", "Two <b>"]) == "<p>One.</p>\n<p>Two &lt;b&gt;</p>"


# --- hostile seeds (issue 12) ----------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded(encoding):
    data = "\ufeffZürich’s café\r\nline two".encode(encoding)
    assert decode_source(data) == ("Zürich’s café\nline two", False)


def test_broken_utf16_is_unpublishable():
    with pytest.raises(Unpublishable, match="UTF-16"):
        decode_source(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate


def test_c1_controls_are_mapped_as_windows_1252_and_never_emitted():
    c1 = "".join(chr(code) for code in range(0x80, 0xA0))
    text = decode_source(f"It\u0092s \u0093quoted\u0094 \u0080 5 {c1}".encode())[0]
    assert text.startswith("It’s “quoted” € 5 ")
    assert not any(0x80 <= ord(char) <= 0x9F for char in text)


def test_windows_1252_never_yields_c1_controls():
    text = decode_source(bytes(range(0x80, 0xA0)) + b" caf\xe9")[0]
    assert text.endswith(" café")
    assert not any(0x80 <= ord(char) <= 0x9F for char in text)


@pytest.mark.parametrize(
    "data, as_utf8",
    [
        ("plain ’ é\r\n".encode(), True),
        ("\ufeffwith a mark".encode(), True),
        ("caf\xe9".encode("cp1252"), False),
        ("It\u0092s".encode(), False),
    ],
)
def test_decode_source_says_when_a_utf8_reader_would_read_the_same(data, as_utf8):
    assert decode_source(data)[1] is as_utf8


@pytest.mark.parametrize(
    "lines",
    [
        ("A title", "", "31 February 2017", "", "Body."),
        ("A title", "", "Jane Roe", "2017-02-30", "", "Body."),
        ("A title", "", "April 31, 2017", "", "Body."),
    ],
)
def test_an_impossible_date_is_not_a_real_date(lines):
    with pytest.raises(Unpublishable, match="is not a real date"):
        parse_seed(seed_text(*lines))


@pytest.mark.parametrize("year", [1, 1850, 1899])
def test_a_year_before_1900_is_refused(year):
    with pytest.raises(Unpublishable, match=f"the year {year} is before 1900"):
        parse_seed(seed_text("A title", "", f"{year:04d}-01-02", "", "Body."))


@pytest.mark.parametrize(
    "year, reason",
    [
        (1899, "the year 1899 is before 1900 (a typo?)"),
        (1900, None),
        (2027, None),
        (2028, "the year 2028 is after next year, 2027 (a typo?)"),
        (9999, "the year 9999 is after next year, 2027 (a typo?)"),
    ],
)
def test_years_from_1900_to_next_year_are_right(year, reason):
    assert year_out_of_range(year, latest_year=2027) == reason


def test_next_year_is_the_default_limit():
    next_year = dt.date.today().year + 1
    assert year_out_of_range(next_year) is None
    assert "after next year" in year_out_of_range(next_year + 1)


def test_a_huge_headline_is_cut_at_a_word_with_a_note():
    seed = parse_seed(seed_text("word " * 100_000, "", "2017-04-13", "", "Body."))
    assert len(seed.title) <= TITLE_MAX and seed.title.endswith("word…")
    assert seed.notes == [f"headline cut to {TITLE_MAX} characters"]


def test_a_huge_author_is_cut_with_a_note():
    seed = parse_seed(seed_text("T", "", "x" * 1_000_000, "2017-04-13", "", "Body."))
    assert seed.author == "x" * (AUTHOR_MAX - 1) + "…"
    assert seed.notes == [f"author cut to {AUTHOR_MAX} characters"]


def test_ordinary_headlines_are_kept_whole():
    title = "Talks in Moscow fail to dispel rising US-Russian tensions"
    assert capped(title, TITLE_MAX) == title
    assert parse_seed(seed_text(title, "", "2017-04-13", "", "B.")).notes == []


# The page-break repair looks at each paragraph's tail and first letter once
# (str.rstrip, no regular expression), and joins each group once: linear by
# construction. These inputs made the former regex-and-concatenate loop quadratic.


def test_many_fragments_of_one_sentence_become_one_paragraph():
    fragments = [f"fragment{n}" for n in range(50_000)]
    assert join_page_breaks(fragments) == [" ".join(fragments)]


def test_long_runs_of_closing_quotes_and_spaces_are_judged_by_their_tail():
    assert is_closed("It ended." + "”" * 100_000 + " " * 100_000)
    assert not is_closed("." + "x" + "”" * 100_000)
    crafted = ["“" * 50_000 + "." + "”" * 50_000, "next", ". " * 50_000 + "a", "b"]
    assert join_page_breaks(crafted) == [crafted[0], "next", crafted[2] + " b"]


def test_a_crafted_seed_of_many_page_breaks_parses_to_one_paragraph():
    body = "\n\n".join(["Start"] + ["and then"] * 50_000)
    seed = parse_seed(seed_text("T", "", "2017-04-13", "", body))
    assert seed.paragraphs == ["Start" + " and then" * 50_000]


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "[a](http://" * 20_000, "http://" + "." * 100_000, "https://x" * 20_000],
)
def test_link_patterns_on_crafted_paragraphs(text):
    # Each pattern's repeated class excludes the character that ends it, and a
    # failed bare-URL attempt covers only punctuation, where no other URL starts.
    html = inline_html(text)
    assert BeautifulSoup(html, "html.parser").get_text() == text
