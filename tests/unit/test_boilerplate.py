"""Boilerplate: the rules from settings, and stripping the tail of an article's HTML."""

from __future__ import annotations

import pytest
from boilerplate import strip as strip_module
from boilerplate.strip import compile_rules, strip_boilerplate
from news_readers.seed import decode_source, paragraphs_html, parse_seed
from pelican.settings import read_settings
from sitebuild import FIXTURES, PROJECT, REAL_SEED

# The rules live in pelicanconf.py only: the tests use the site's own.
SITE = read_settings(str(PROJECT / "pelicanconf.py"))
SITE_RULES, SITE_SELECTORS = SITE["BOILERPLATE_RULES"], SITE["BOILERPLATE_SELECTORS"]
RULES, ERRORS = compile_rules(SITE_RULES, SITE_SELECTORS)

CONTACT = "To contact the WSWS and the Socialist Equality Party visit:"
LINK = '<p><a href="https://www.wsws.org/contact">wsws.org/contact</a></p>'
TAIL = f"<p>{CONTACT}</p>\n{LINK}"


def strip(html: str, rules) -> str:
    return strip_boilerplate(html, rules).html


def seed_html(path) -> str:
    """A seed rendered as the seed reader renders it."""
    return paragraphs_html(parse_seed(decode_source(path.read_bytes())[0]).paragraphs)


def paragraphs(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    return [p.get_text() for p in BeautifulSoup(html, "lxml").find_all("p")]


# --- rules ------------------------------------------------------------------


def test_the_sites_rules_compile_without_errors():
    assert ERRORS == []
    assert len(RULES.texts) == len(SITE_RULES)
    assert len(RULES.selectors) == len(SITE_SELECTORS)


def test_the_plugin_has_no_rules_of_its_own():
    rules, errors = compile_rules()
    assert errors == [] and not rules


@pytest.mark.parametrize(
    "line",
    [
        CONTACT,
        "To contact the WSWs and the Socialist Equality Party visit:",
        "to contact the wsws and the socialist equality party visit",
        "  TO CONTACT   THE WSWS and the\nSocialist Equality Party visit:   ",
        "To contact the WSWS and the Socialist\xa0Equality Party visit:",
    ],
)
def test_a_literal_rule_ignores_case_spacing_and_end_punctuation(line):
    rule = RULES.texts[0]
    assert rule.matches(" ".join(line.split()))


def test_a_literal_rule_matches_the_whole_block_only():
    rule = RULES.texts[0]
    assert not rule.matches(f"{CONTACT} Or write to the editors.")
    assert not rule.matches(f"Readers wrote: {CONTACT}")


def test_a_literal_rule_accepts_either_apostrophe():
    rules, errors = compile_rules(["Don't miss the WSWS podcast"], [])
    assert errors == []
    assert rules.texts[0].matches("Don’t miss the WSWS podcast.")


def test_a_bad_regex_is_reported_and_left_out_the_good_rules_stay():
    rules, errors = compile_rules([{"regex": "Sign up ("}, "Follow us"], [])
    assert len(errors) == 1
    assert "BOILERPLATE_RULES[0]" in errors[0] and "bad regular expression" in errors[0]
    assert [rule.label for rule in rules.texts] == ["Follow us"]


@pytest.mark.parametrize(
    "entry, reason",
    [
        ({"text": "a", "regex": "b"}, "exactly one of"),
        ({"pattern": "a"}, "unknown key"),
        ({"text": "a", "and_next": "yes"}, "'and_next' must be"),
        ({"regex": ".*"}, "matches empty text"),
        ({"text": "   "}, "non-empty"),
        (42, "expected a string or a dict"),
    ],
)
def test_each_kind_of_bad_rule_gets_a_clear_error(entry, reason):
    rules, errors = compile_rules([entry], [])
    assert rules.texts == ()
    assert len(errors) == 1 and reason in errors[0]


def test_a_setting_that_is_not_a_list_is_reported_and_ignored():
    rules, errors = compile_rules("Sign up", SITE_SELECTORS)
    assert len(errors) == 1 and "BOILERPLATE_RULES must be a list" in errors[0]
    assert rules.texts == () and len(rules.selectors) == len(SITE_SELECTORS)


def test_a_bad_selector_is_reported_and_left_out():
    rules, errors = compile_rules([], ["p[", ".footer"])
    assert len(errors) == 1 and "BOILERPLATE_SELECTORS[0]" in errors[0]
    assert [s.label for s in rules.selectors] == [".footer"]


@pytest.mark.parametrize(
    "selector, reason",
    [
        (42, "expected a CSS selector"),
        ("  ", "expected a CSS selector"),
        ("p:nosuch", "bad CSS"),
        ("a >", "bad CSS"),
    ],
)
def test_each_kind_of_bad_selector_gets_a_clear_error(selector, reason):
    rules, errors = compile_rules([], [selector, ".footer"])
    assert len(errors) == 1 and errors[0].startswith("BOILERPLATE_SELECTORS[0]: ")
    assert reason in errors[0]
    assert [s.label for s in rules.selectors] == [".footer"]


def test_empty_settings_mean_no_rules_and_no_change():
    rules, errors = compile_rules([], [])
    assert errors == [] and not rules
    html = f"<p>Story.</p>\n{TAIL}"
    assert strip(html, rules) is html


# --- the seeds --------------------------------------------------------------


def test_the_real_seed_loses_its_footer_and_ends_with_its_last_paragraph():
    result = strip_boilerplate(seed_html(REAL_SEED), RULES)
    assert result.changed
    assert result.removed == (
        "To contact the WSWs and the Socialist Equality Party visit:",
        "wsws.org/contact",
    )
    assert paragraphs(result.html)[-1].endswith("already deployed in waters off Syria.")
    assert "wsws.org/contact" not in result.html.lower()
    assert "to contact the wsws" not in result.html.lower()


def test_the_cp1252_sample_keeps_its_trap_and_loses_newsletter_and_contact():
    result = strip_boilerplate(seed_html(FIXTURES / "seeds" / "sample_cp1252_traps.txt"), RULES)
    texts = paragraphs(result.html)
    assert any(t.startswith("To contact the nurses’ committee") for t in texts)
    assert texts[-1].startswith("#SafeStaffing has been used")
    assert "5 &lt; 7" in result.html  # the text stays escaped
    assert result.removed[0] == "Sign up for the WSWS email newsletter"
    assert "wsws" not in result.html.lower()


def test_the_crlf_sample_loses_its_footer():
    result = strip_boilerplate(seed_html(FIXTURES / "seeds" / "sample_crlf_no_author.txt"), RULES)
    assert paragraphs(result.html)[-1].endswith("every summer since 2018.")
    assert "wsws" not in result.html.lower()


# --- the footer's variants --------------------------------------------------


def test_a_footer_glued_to_the_last_paragraph_is_cut_out_of_it():
    html = f"<p>First.</p>\n<p>Last paragraph text.\n{CONTACT}</p>\n{LINK}"
    assert strip(html, RULES) == "<p>First.</p>\n<p>Last paragraph text.</p>"


def test_a_glued_footer_in_odd_case_with_trailing_spaces_is_cut_too():
    html = (
        "<p>The strike goes on.\nto contact the WSWS and the socialist equality PARTY visit:   </p>"
    )
    assert strip(html, RULES) == "<p>The strike goes on.</p>"


def test_lines_separated_by_br_are_lines_too():
    html = (
        "<p>Story ends here.<br/>\nSign up for the WSWS email newsletter<br/>\n"
        "Follow the WSWS on social media</p>"
    )
    assert strip(html, RULES) == "<p>Story ends here.</p>"


def test_the_contact_line_with_its_link_on_the_same_line_goes():
    html = f'<p>Story.</p>\n<p>{CONTACT} <a href="https://www.wsws.org/contact">wsws.org/contact</a></p>'
    assert strip(html, RULES) == "<p>Story.</p>"


def test_blank_lines_rules_and_empty_paragraphs_before_the_footer_go_with_it():
    html = f"<p>Story.</p>\n<hr/>\n<p></p>\n{TAIL}\n<p> </p>\n"
    assert strip(html, RULES) == "<p>Story.</p>"


def test_a_markdown_list_tail_goes_and_its_empty_list_with_it():
    html = (
        "<p>Story.</p>\n<ul>\n<li>Sign up for the WSWS email newsletter</li>\n"
        "<li>Follow the WSWS on social media</li>\n</ul>"
    )
    assert strip(html, RULES) == "<p>Story.</p>"


def test_only_the_trailing_items_of_a_story_list_go():
    html = "<ul>\n<li>Safe staffing.</li>\n<li>Follow the WSWS on social media</li>\n</ul>"
    assert strip(html, RULES) == "<ul>\n<li>Safe staffing.</li>\n</ul>"


def test_a_link_only_paragraph_to_the_contact_page_goes_whatever_its_text():
    html = '<p>Story.</p>\n<p><a href="https://WWW.WSWS.org/Contact/">Write to us</a></p>'
    assert strip(html, RULES) == "<p>Story.</p>"


def test_an_authors_block_marked_boilerplate_goes_whole():
    html = '<p>Story.</p>\n<div class="boilerplate">\n<p>Anything.</p>\n<p>More.</p>\n</div>'
    assert strip(html, RULES) == "<p>Story.</p>"


def test_a_site_owner_rule_with_and_next_takes_one_block_after_it():
    rules, errors = compile_rules([{"text": "Read more at:", "and_next": True}], [])
    assert errors == []
    html = "<p>Story.</p>\n<p>Read more at:</p>\n<p>example.org/more</p>"
    assert strip(html, rules) == "<p>Story.</p>"


def test_a_bare_text_fragment_is_handled():
    assert strip(f"Story text.\n{CONTACT}", RULES) == "Story text."


def test_a_script_before_the_story_keeps_its_place():
    html = f'<script type="application/ld+json">{{}}</script>\n<p>Story.</p>\n{TAIL}'
    assert strip(html, RULES) == '<script type="application/ld+json">{}</script>\n<p>Story.</p>'


# --- traps: story that mentions contacting or subscribing -------------------


def test_an_article_without_boilerplate_is_returned_as_it_is():
    html = "<p>Workers met on Monday.</p>\n<p>They will meet again.</p>"
    assert strip(html, RULES) is html


def test_a_contact_sentence_as_the_last_story_paragraph_stays_before_the_real_tail():
    trap = "To contact the strike committee, workers can speak to the delegates at the gate."
    html = f"<p>Story.</p>\n<p>{trap}</p>\n{TAIL}"
    assert strip(html, RULES) == f"<p>Story.</p>\n<p>{trap}</p>"


def test_a_quote_about_subscribing_at_the_end_stays():
    html = (
        "<p>Story.</p>\n<blockquote><p>“Subscribe, sign up, follow us: that is all they "
        "want from readers,” she said.</p></blockquote>"
    )
    result = strip_boilerplate(html, RULES)
    assert result.html is html and not result.removed


def test_boilerplate_text_in_the_middle_of_the_story_stays():
    html = (
        "<p>Story.</p>\n<p>Sign up for the WSWS email newsletter</p>\n"
        "<p>That was the banner the students carried.</p>"
    )
    assert strip(html, RULES) is html


def test_a_footer_line_followed_by_story_is_not_a_tail():
    # The link is taken after the contact line, but a paragraph follows it.
    html = f"<p>Story.</p>\n{TAIL}\n<p>Another paragraph of the story.</p>"
    assert strip(html, RULES) is html


def test_a_matching_line_that_continues_a_sentence_stays():
    html = "<p>On the placard he read the words\nSign up for the WSWS email newsletter</p>"
    assert strip(html, RULES) is html


def test_a_matching_line_after_a_colon_stays():
    html = "<p>The banner said:\nFollow the WSWS on social media</p>"
    assert strip(html, RULES) is html


def test_a_longer_sentence_that_starts_like_the_footer_stays():
    html = (
        "<p>Story.</p>\n<p>Sign up for the WSWS email newsletter, the union told members, "
        "was the advice it would not give.</p>"
    )
    assert strip(html, RULES) is html


def test_a_link_to_the_contact_page_inside_a_sentence_stays():
    html = (
        '<p>Story.</p>\n<p>Readers may <a href="https://www.wsws.org/contact">write to us</a> '
        "about the strike.</p>"
    )
    assert strip(html, RULES) is html


def test_a_trap_then_a_glued_footer_keeps_the_trap():
    trap = "Readers who subscribe to the union bulletin will get the strike dates."
    html = f"<p>{trap}\nSign up for the WSWS email newsletter</p>"
    assert strip(html, RULES) == f"<p>{trap}</p>"


# --- nothing but boilerplate --------------------------------------------------


def test_a_body_of_nothing_but_boilerplate_is_kept_and_reported():
    html = f"<p>Sign up for the WSWS email newsletter</p>\n{TAIL}"
    result = strip_boilerplate(html, RULES)
    assert result.everything and not result.changed
    assert result.html is html
    assert result.removed[0] == "Sign up for the WSWS email newsletter"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n",
        "<!-- To contact the WSWS -->",
        f'<?xml version="1.0" encoding="utf-8"?>{TAIL}',
        f"<p>Story \x00 text.</p>\n{TAIL}",
        f"<p>Story \ud800 text.</p>\n{TAIL}",
        f"<p>Unclosed <b>story\n{TAIL}",
        f"<html><body><p>Story.</p>\n{TAIL}",
    ],
)
def test_odd_html_never_raises(html):
    result = strip_boilerplate(html, RULES)
    assert result.html is html or result.changed


def test_stripping_leaves_no_reference_cycles():
    """Each article's tree is freed at once, not by a garbage collection pass
    over the whole build."""
    import gc

    html = f"<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n{TAIL}"  # the walk stops before One.
    strip(html, RULES)
    gc.collect()
    gc.disable()
    try:
        before = len(gc.get_objects())
        for _ in range(20):
            strip(html, RULES)
        assert len(gc.get_objects()) == before
    finally:
        gc.enable()


def test_a_stray_closing_body_tag_leaves_the_html_alone():
    html = f"<p>Story.</p></body><p>More.</p>\n{TAIL}"
    assert strip(html, RULES) is html


# --- the story is kept as it was written ---------------------------------------


def test_the_story_before_the_tail_is_kept_byte_for_byte():
    # Only the first block the edit touches (and what follows) is written anew.
    story = "<p>Café&nbsp;owners <br />met&#8217;s <b class=x>today</b>.</p>\n"
    assert strip(f"{story}<p>Last.</p>\n{TAIL}", RULES) == f"{story}<p>Last.</p>"


def test_a_selector_may_look_at_siblings():
    rules, errors = compile_rules([], ["h2.tail + p", ".boilerplate"])
    assert errors == []
    html = '<h2 class="tail">More</h2>\n<p>Anything.</p>'
    assert strip(f"<p>Story.</p>\n{html}", rules) == '<p>Story.</p>\n<h2 class="tail">More</h2>'


EQUIVALENCE_CASES = [
    f"<p>Story.</p>\n{TAIL}",
    f"<p>One.</p>\n<p>Two.\n{CONTACT}</p>\n{LINK}",
    f"<p>One.</p><p>{CONTACT}</p><p>Not a link.</p>",
    f"<p>Sign up for the WSWS email newsletter</p>\n{TAIL}",
    f"<p>One.</p>\n<p>&nbsp;</p>\n<p>Two.</p>\n<p>&nbsp;</p>\n{TAIL}",
    "<p>One.</p>\n<ul>\n<li>Item.</li>\n<li>Follow the WSWS on social media</li>\n</ul>",
    f"intro text <em>x</em>\n<p>One.</p>\ntrailing <b>bare</b> text\n{TAIL}",
    f'<p>One.</p>\n<div class="boilerplate"><p>a</p></div>\n{LINK}',
    f"<p>On the placard\nSign up for the WSWS email newsletter</p>\n{LINK}",
]


def written_anew(monkeypatch, html, rules):
    """strip_boilerplate with the whole fragment written anew from the tree."""
    with monkeypatch.context() as patch:
        patch.setattr(strip_module, "_written_before", lambda *args: None)
        return strip_boilerplate(html, rules)


@pytest.mark.parametrize("html", EQUIVALENCE_CASES)
def test_keeping_the_story_as_written_gives_what_writing_everything_anew_gives(html, monkeypatch):
    from bs4 import BeautifulSoup

    kept, whole = strip_boilerplate(html, RULES), written_anew(monkeypatch, html, RULES)
    assert (kept.removed, kept.everything) == (whole.removed, whole.everything)
    assert BeautifulSoup(kept.html, "lxml").decode() == BeautifulSoup(whole.html, "lxml").decode()


def test_the_last_story_block_is_kept_byte_for_byte_too():
    story = "<p>One.</p>\n<p>Last&#8217;s &amp; <b class=x>bold</b>&nbsp;news.</p>"
    assert strip(f"{story}\n{TAIL}", RULES) == story
    glued = f"{story}\n<p>Two.\n{CONTACT}</p>\n{LINK}"
    assert strip(glued, RULES) == f"{story}\n<p>Two.</p>"


@pytest.mark.parametrize("html", EQUIVALENCE_CASES)
def test_kept_says_how_much_of_the_input_starts_the_output(html):
    result = strip_boilerplate(html, RULES)
    if result.changed:
        assert result.html[: result.kept] == html[: result.kept]
    else:
        assert result.html is html


def _random_articles(count: int, seed: int) -> list[str]:
    import random

    pieces = [
        "<p>Story one.</p>",
        "<p>Story &amp; more&#8217;s <b>bold</b>.</p>",
        f"<p>{CONTACT}</p>",
        LINK,
        '<p><a href="https://www.wsws.org/contact">Write to us</a></p>',
        "<p>Sign up for the WSWS email newsletter</p>",
        "<p>Follow the WSWS on social media</p>",
        "<hr/>",
        "<p></p>",
        "<p>&nbsp;</p>",
        "<p>Text.\nSign up for the WSWS email newsletter</p>",
        "<p>Text said\nFollow the WSWS on social media</p>",
        "<p>Story<br/>Follow the WSWS on social media</p>",
        "<ul>\n<li>Item.</li>\n<li>Follow the WSWS on social media</li>\n</ul>",
        '<div class="boilerplate"><p>a</p></div>',
        "inline text <em>x</em>",
        '<p>Readers may <a href="https://www.wsws.org/contact">write</a> to us.</p>',
        "<blockquote><p>Sign up for the WSWS email newsletter</p></blockquote>",
        "<p>Read more at:</p>",
        "<p>example.org</p>",
        "<div><p>Inner story.</p><p>Follow the WSWS on social media</p></div>",
    ]
    draw = random.Random(seed)
    return [
        "".join(
            draw.choice(pieces) + draw.choice(["\n", "", "\n\n", " ", "\xa0"])
            for _ in range(draw.randint(1, 6))
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("extra_rules", [[], [{"text": "Read more at:", "and_next": True}]])
def test_random_articles_kept_as_written_give_what_writing_everything_anew_gives(
    extra_rules, monkeypatch
):
    from bs4 import BeautifulSoup

    rules, errors = compile_rules([*extra_rules, *SITE_RULES], SITE_SELECTORS)
    assert errors == []
    for html in _random_articles(300, seed=8):
        a, b = strip_boilerplate(html, rules), written_anew(monkeypatch, html, rules)
        assert (a.removed, a.everything) == (b.removed, b.everything), html
        assert BeautifulSoup(a.html, "lxml").decode() == BeautifulSoup(b.html, "lxml").decode()
        if a.changed:
            assert a.html[: a.kept] == html[: a.kept]
