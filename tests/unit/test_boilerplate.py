"""Boilerplate: the rules from settings, and stripping the tail of an article's HTML."""

from __future__ import annotations

import pytest
from boilerplate.rules import (
    DEFAULT_RULES,
    DEFAULT_SELECTORS,
    compile_rules,
    plain_text,
    required_words,
    selector_needles,
    surely_valid_selector,
)
from boilerplate.segments import tail_start, top_level_block_starts
from boilerplate.strip import strip, strip_boilerplate
from news_readers.render import paragraphs_html
from news_readers.seed import parse_seed
from news_readers.text import decode_text
from sitebuild import FIXTURES, REAL_SEED

RULES, ERRORS = compile_rules()

CONTACT = "To contact the WSWS and the Socialist Equality Party visit:"
LINK = '<p><a href="https://www.wsws.org/contact">wsws.org/contact</a></p>'
TAIL = f"<p>{CONTACT}</p>\n{LINK}"


def seed_html(path) -> str:
    """A seed rendered as the seed reader renders it."""
    return paragraphs_html(parse_seed(decode_text(path.read_bytes())).paragraphs)


def paragraphs(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    return [p.get_text() for p in BeautifulSoup(html, "lxml").find_all("p")]


# --- rules ------------------------------------------------------------------


def test_the_default_rules_compile_without_errors():
    assert ERRORS == []
    assert len(RULES.texts) == len(DEFAULT_RULES)
    assert len(RULES.selectors) == len(DEFAULT_SELECTORS)


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


def test_a_setting_that_is_not_a_list_falls_back_to_the_defaults():
    rules, errors = compile_rules("Sign up", None)
    assert len(errors) == 1 and "must be a list" in errors[0]
    assert len(rules.texts) == len(DEFAULT_RULES)


def test_a_bad_selector_is_reported_and_left_out():
    rules, errors = compile_rules([], ["p[", ".footer"])
    assert len(errors) == 1 and "BOILERPLATE_SELECTORS[0]" in errors[0]
    assert [s.label for s in rules.selectors] == [".footer"]


def test_empty_settings_mean_no_rules_and_no_change():
    rules, errors = compile_rules([], [])
    assert errors == [] and not rules
    html = f"<p>Story.</p>\n{TAIL}"
    assert strip(html, rules) is html


def test_required_words_are_the_top_level_literals():
    assert required_words(r"(https?://)?(www\.)?wsws\.org/contact/?") == ("wsws.org/contact",)
    assert required_words(r"Sign up|Follow us") == ()  # an alternative requires nothing
    assert "newsletter" in required_words(r"Sign\s+up\s+for\s+the\s+newsletter")


def test_selector_needles_ignore_what_a_negation_names():
    assert selector_needles('a[href*="wsws.org/contact" i]') == (("wsws.org/contact",),)
    assert selector_needles("div.footer, #tail") == (("footer",), ("tail",))
    assert selector_needles("p:not(.story).tail") == (("tail",),)
    assert selector_needles("footer") is None  # no class, id or attribute: always parse
    assert selector_needles("[data-tail]") == (("data-tail",),)


def test_plain_text_reads_block_tags_as_spaces_and_inline_tags_as_nothing():
    html = "<p>AT&amp;T <b>WS</b>WS</p><p>next</p><!-- To contact --><script>x</script>"
    assert plain_text(html) == "AT&T WSWS next"


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


def test_an_article_without_boilerplate_is_returned_as_it_is_without_parsing():
    html = "<p>Workers met on Monday.</p>\n<p>They will meet again.</p>"
    assert not RULES.may_match(html)
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


def test_a_stray_closing_body_tag_leaves_the_html_alone():
    html = f"<p>Story.</p></body><p>More.</p>\n{TAIL}"
    assert strip(html, RULES) is html


# --- parsing only the tail ----------------------------------------------------


def test_the_scan_finds_the_top_level_blocks():
    html = (
        '<p>a</p>\n<!-- <div> -->\n<ul><li>b</li></ul>text <em>c</em><script>"</p>"</script><hr/>'
    )
    assert top_level_block_starts(html) == [0, html.index("<ul>"), html.index("<hr/>")]


@pytest.mark.parametrize(
    "html",
    ["<p>unclosed", "<p>a</div>", "<p>a<![CDATA[x]]></p>", "<p>a</p></body><p>b</p>"],
)
def test_the_scan_gives_up_on_html_it_does_not_fully_understand(html):
    assert top_level_block_starts(html) is None


def test_only_the_tail_after_the_last_story_block_is_parsed():
    html = f"<p>One.</p>\n<p>Two.</p>\n<hr/>\n{TAIL}"
    start = tail_start(html, RULES.may_match, RULES.may_take_next)
    assert html[start:].startswith("<p>Two.</p>")


def test_a_block_that_a_rule_before_it_may_take_is_not_where_the_tail_starts():
    html = f"<p>One.</p>\n<p>{CONTACT}</p>\n<p>Anything at all.</p>"
    start = tail_start(html, RULES.may_match, RULES.may_take_next)
    assert html[start:].startswith("<p>One.</p>")


def test_the_story_before_the_tail_is_kept_byte_for_byte():
    # Only the last story block is parsed with the tail, and written anew.
    story = "<p>Café&nbsp;owners <br />met&#8217;s <b class=x>today</b>.</p>\n"
    assert strip(f"{story}<p>Last.</p>\n{TAIL}", RULES) == f"{story}<p>Last.</p>"


def test_a_selector_that_looks_at_siblings_makes_the_whole_article_parsed():
    rules, errors = compile_rules([], ["h2.tail + p", ".boilerplate"])
    assert errors == [] and not rules.context_free
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


@pytest.mark.parametrize("html", EQUIVALENCE_CASES)
def test_parsing_the_tail_alone_gives_what_parsing_everything_gives(html):
    from bs4 import BeautifulSoup

    # A selector that matches nothing but looks at siblings forces a whole parse.
    whole_rules, errors = compile_rules(None, [*DEFAULT_SELECTORS, "x-none + x-none"])
    assert errors == [] and not whole_rules.context_free
    tail_only, whole = strip_boilerplate(html, RULES), strip_boilerplate(html, whole_rules)
    assert (tail_only.removed, tail_only.everything) == (whole.removed, whole.everything)
    assert (
        BeautifulSoup(tail_only.html, "lxml").decode() == BeautifulSoup(whole.html, "lxml").decode()
    )


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


def test_a_footer_that_ends_many_articles_is_parsed_once():
    rules, _ = compile_rules()
    first = strip_boilerplate(f"<p>One story.</p>\n{TAIL}", rules)
    second = strip_boilerplate(f"<p>Another story.</p>\n<p>And more.</p>\n{TAIL}", rules)
    assert len(rules.after_story) == 1
    assert first.html == "<p>One story.</p>"
    assert second.html == "<p>Another story.</p>\n<p>And more.</p>"
    assert first.removed == second.removed == (CONTACT, "wsws.org/contact")


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


@pytest.mark.parametrize("rules_setting", [None, [{"text": "Read more at:", "and_next": True}]])
def test_parsing_after_the_story_gives_what_parsing_everything_gives(rules_setting):
    from bs4 import BeautifulSoup

    rules_setting = None if rules_setting is None else [*rules_setting, *DEFAULT_RULES]
    tail_only, errors = compile_rules(rules_setting, None)
    whole, more_errors = compile_rules(rules_setting, [*DEFAULT_SELECTORS, "x-none + x-none"])
    assert errors == more_errors == [] and not whole.context_free
    for html in _random_articles(300, seed=8):
        a, b = strip_boilerplate(html, tail_only), strip_boilerplate(html, whole)
        assert (a.removed, a.everything) == (b.removed, b.everything), html
        assert BeautifulSoup(a.html, "lxml").decode() == BeautifulSoup(b.html, "lxml").decode()
        if a.changed:
            assert a.html[: a.kept] == html[: a.kept]


# --- selectors: compiled when first needed ------------------------------------


@pytest.mark.parametrize(
    "selector",
    [
        *DEFAULT_SELECTORS,
        "div.footer, #tail",
        "div > p.x",
        "[data-tail]",
        "p[x='y' s]",
        'aside .boilerplate a[href^="https://"]',
    ],
)
def test_simple_selectors_are_known_valid_without_compiling(selector):
    import soupsieve

    assert surely_valid_selector(selector)
    soupsieve.compile(selector)


@pytest.mark.parametrize("selector", ["p[", "a >", ", a", "a,", "p:first-child", "9a", "a + b"])
def test_other_selectors_are_not_assumed_valid(selector):
    assert not surely_valid_selector(selector)


def test_every_selector_assumed_valid_compiles():
    import random

    import soupsieve

    alphabet = [*"ab-_*.#[]=\"' >,~|^$i9\\+:()\n", "div", "href", "x1", " i", '"v"']
    draw = random.Random(3)
    accepted = 0
    for _ in range(20000):
        text = "".join(draw.choice(alphabet) for _ in range(draw.randint(1, 9)))
        if surely_valid_selector(text):
            accepted += 1
            soupsieve.compile(text)  # raises if the assumption is wrong
    assert accepted > 500


def test_a_selector_is_compiled_only_when_a_block_needs_it():
    rules, errors = compile_rules(None, [".boilerplate"])
    assert errors == []
    selector = rules.selectors[0]
    result = strip_boilerplate(seed_html(REAL_SEED), rules)  # its footer matches text rules
    assert result.changed and "compiled" not in vars(selector)
    html = '<p>Story.</p>\n<div class="boilerplate"><p>Anything.</p></div>'
    assert strip(html, rules) == "<p>Story.</p>"
    assert "compiled" in vars(selector)
