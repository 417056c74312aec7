"""Topics: the vocabulary, matching rules, fallback names and author tags."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from news_readers.seed import decode_source, paragraphs_html, parse_seed
from sitebuild import PROJECT, REAL_SEED
from topics import plain_text, read_config
from topics.selection import (
    Rules,
    candidate_names,
    choose_topics,
    merge_written_tags,
    proper_name_topics,
    vocabulary_topics,
)
from topics.vocabulary import build_vocabulary, load_vocabulary

PROJECT_VOCABULARY = PROJECT / "topics.toml"
VOCABULARY, PROBLEMS = load_vocabulary(str(PROJECT_VOCABULARY))
RULES = Rules()
SIX = {"Russia", "Syria", "United States", "Chemical weapons", "United Nations", "NATO"}


def small(tags: dict, ignore=(), exclude=()):
    vocabulary, problems = build_vocabulary(
        {"tags": tags, "ignore": {"phrases": list(ignore)}, "fallback": {"exclude": list(exclude)}}
    )
    assert problems == []
    return vocabulary


def mentions(text: str, vocabulary=VOCABULARY) -> dict:
    return dict(vocabulary.mentions(text))


# --- The project's vocabulary -------------------------------------------------------


def test_project_vocabulary_loads_without_problems():
    assert PROBLEMS == []


def test_project_vocabulary_has_at_least_120_tags_across_world_news():
    assert len(VOCABULARY.spellings) >= 120
    for name in (
        "Russia", "China", "United States", "Brazil", "Nigeria", "Middle East", "Africa",
        "United Nations", "NATO", "European Union", "International Monetary Fund",
        "Strikes", "Trade unions", "Wages", "Health care", "Education", "Housing",
        "Climate change", "War", "Economy", "Elections", "Courts", "Police", "Immigration",
        "Technology",
    ):  # fmt: skip
        assert name in VOCABULARY.spellings.values()


def test_project_vocabulary_is_data_editors_can_read():
    data = tomllib.loads(PROJECT_VOCABULARY.read_text(encoding="utf-8"))
    assert data["tags"]["Russia"][:2] == ["Russia", "Russian"]
    excluded = {p.casefold() for p in data["fallback"]["exclude"]}
    assert {"wsws", "socialist equality party"} <= excluded


def test_every_signal_is_one_mention_of_its_own_tag():
    data = tomllib.loads(PROJECT_VOCABULARY.read_text(encoding="utf-8"))
    wrong = [
        (tag, signal, dict(mentions(f"Then {signal} again.")))
        for tag, signals in data["tags"].items()
        for signal in signals
        if mentions(f"Then {signal} again.") != {tag: 1}
    ]
    assert wrong == []


# --- Matching rules -------------------------------------------------------------------


def test_acronyms_are_case_sensitive_whole_words():
    assert mentions("Let us talk about it; the UN can wait. under, Unbound, Un") == {
        "United Nations": 1
    }
    assert mentions("US troops, the U.S. Navy, business as usual, thus") == {"United States": 2}
    assert "NATO" not in mentions("a nato-style pact, Natoli")


def test_words_match_in_any_case_but_only_whole():
    counts = mentions("Strike! The STRIKE went on. Strikes spread. Restrike the striker.")
    assert counts.get("Strikes") == 3


def test_names_match_as_written_or_in_capitals():
    assert mentions("RUSSIA WARNS TURKEY") == {"Russia": 1, "Turkey": 1}
    assert mentions("a turkey dinner in china cups") == {}


def test_phrases_allow_any_spacing_and_hyphens():
    assert mentions("al-Qaeda, Al Qaeda and al\nQaeda")["Terrorism"] == 3
    assert mentions("the Security\nCouncil")["United Nations"] == 1


def test_the_longest_signal_wins():
    assert mentions("the United Nations Security Council") == {"United Nations": 1}
    # "European Union" is the EU, not a trade union; "South Africa" not "Africa".
    assert mentions("the European Union and South Africa") == {
        "European Union": 1,
        "South Africa": 1,
    }


def test_ignored_phrases_hide_the_signals_inside_them():
    vocabulary = small({"United States": ["American"]}, ignore=["African American"])
    assert mentions("an African American voter, an American voter", vocabulary) == {
        "United States": 1
    }
    assert "Socialism" not in mentions("the Socialist Equality Party, the Socialist Equality Party")
    assert "Strikes" not in mentions("hunger strikes; a strike on the base; strikes against it")


def test_a_regular_plural_is_a_mention():
    assert mentions("wage, wages")["Wages"] == 2
    assert mentions("NGO, NGOs", small({"NGOs": ["NGO"]})) == {"NGOs": 2}


def test_traps_in_place_names_and_peoples_names():
    for text in (
        "Atlanta, Georgia, and Savannah, Georgia",
        "Michael Jordan and Jordan Peterson; Jim Jordan",
        "Chad Wolf said Chad would",
        "New Mexico and New Mexico",
        "New South Wales, New South Wales",
    ):
        counts = mentions(text)
        assert not {"Caucasus", "Jordan", "Central Africa", "Mexico", "United Kingdom"} & set(
            counts
        ), text


def test_evidence_two_mentions_or_one_in_the_title():
    vocabulary = small({"Iran": ["Iran"], "Iraq": ["Iraq"], "Cuba": ["Cuba"]})
    assert vocabulary_topics("", "Iran once. Iraq and Iraq.", vocabulary, RULES) == ["Iraq"]
    assert vocabulary_topics("Cuba", "Iran once.", vocabulary, RULES) == ["Cuba"]


def test_title_mentions_weigh_more():
    vocabulary = small({"Iran": ["Iran"], "Iraq": ["Iraq"]})
    body = "Iran, Iran, Iraq and Iraq."
    assert vocabulary_topics("News from Iraq", body, vocabulary, RULES) == ["Iraq", "Iran"]
    assert vocabulary_topics("News from Iran", body, vocabulary, RULES) == ["Iran", "Iraq"]


def test_at_most_max_topics_strongest_first_ties_a_to_z():
    names = [f"Tag{letter}" for letter in "HGFEDCBAJI"]
    vocabulary = small({name: [name] for name in names})
    body = " ".join(f"{name} {name}" for name in names) + " TagJ TagI"
    topics = vocabulary_topics("", body, vocabulary, RULES)
    assert topics == ["TagI", "TagJ", "TagA", "TagB", "TagC", "TagD", "TagE", "TagF"]
    assert vocabulary_topics("", body, vocabulary, Rules(max=3)) == topics[:3]


def test_the_same_text_always_gives_the_same_tags():
    title, body = real_seed_text()
    first, _ = choose_topics(title, body, VOCABULARY, RULES)
    again, _ = load_vocabulary(str(PROJECT_VOCABULARY))
    assert choose_topics(title, body, again, RULES)[0] == first
    assert choose_topics(title, body, VOCABULARY, RULES)[0] == first


def real_seed_text() -> tuple[str, str]:
    seed = parse_seed(decode_source(REAL_SEED.read_bytes())[0])
    return seed.title, plain_text(paragraphs_html(seed.paragraphs))


def test_real_seed_gets_the_topics_it_is_about():
    title, body = real_seed_text()
    names, from_fallback = choose_topics(title, body, VOCABULARY, RULES, ["Bill Van Auken"])
    assert 2 <= len(names) <= 8
    assert len(SIX & set(names)) >= 4, names
    assert names[:3] == ["Russia", "United States", "Syria"]
    assert from_fallback == []
    assert not {"WSWS", "Socialist Equality Party"} & set(names)


# --- Fallback: recurring proper names ------------------------------------------------


def test_candidate_names_are_multi_word_proper_names():
    text = (
        "The Security Council met. Members of the Security Council voted.\n"
        "Earlier on Monday the Bank of England said Russia and Iran agreed."
    )
    names = candidate_names(text)
    assert names["Security Council"] == 2
    assert names["Bank of England"] == 1
    assert "The Security Council" not in names
    assert "Russia and Iran" not in names
    assert not [name for name in names if name.startswith(("Earlier", "Monday"))]


def test_sentence_openers_are_not_part_of_a_name():
    text = "Meanwhile Global Witness spoke. Following Global Witness, we followed."
    assert set(candidate_names(text)) == {"Global Witness"}


def test_a_person_of_an_organisation_is_two_names():
    names = candidate_names(
        "Kees Janssen of the Port Users Group spoke. The Bank of England and the "
        "Organization for the Prohibition of Chemical Weapons did not."
    )
    assert set(names) == {
        "Kees Janssen",
        "Port Users Group",
        "Bank of England",
        "Organization for the Prohibition of Chemical Weapons",
    }


def test_possessives_end_a_name():
    names = candidate_names("Global Witness's report and Global Witness's view")
    assert names == {"Global Witness": 2}


def test_fallback_gives_recurring_names_but_never_excluded_ones():
    body = (
        "The Harbour Authority met the Dock Committee. The Harbour Authority refused.\n"
        "The Dock Committee and Jane Doe Smith replied; Jane Doe Smith wrote for the WSWS.\n"
        "To contact the WSWS and the Socialist Equality Party visit the Socialist Equality "
        "Party site. World Socialist Web Site. World Socialist Web Site."
    )
    topics = proper_name_topics("", body, limit=3, excluded=[*VOCABULARY.exclude, "Jane Doe Smith"])
    assert topics == ["Dock Committee", "Harbour Authority"]


def test_fallback_needs_two_mentions_or_one_in_the_title_too():
    body = "The Harbour Authority met the Dock Committee. The Dock Committee left."
    assert proper_name_topics("", body, limit=3) == ["Dock Committee"]
    assert proper_name_topics("Harbour Authority sued", body, limit=3) == [
        "Harbour Authority",
        "Dock Committee",
    ]


def test_an_article_with_few_vocabulary_tags_gets_proper_names():
    title = "Dockers defy the Harbour Authority"
    body = (
        "Dockers in Rotterdam walked out. The Harbour Authority said the Harbour Authority "
        "would respond. Kees Janssen said the Port Users Group backed the Port Users Group "
        "plan. Kees Janssen spoke twice."
    )
    names, from_fallback = choose_topics(title, body, VOCABULARY, RULES, authors=["Kees Janssen"])
    assert from_fallback == ["Harbour Authority", "Port Users Group"]
    assert names[-2:] == from_fallback
    assert len(names) >= 2


def test_no_fallback_when_the_vocabulary_finds_enough():
    names, from_fallback = choose_topics("Russia and China", "Nothing else.", VOCABULARY, RULES)
    assert names == ["China", "Russia"]
    assert from_fallback == []


def test_vocabulary_signals_are_not_fallback_names():
    body = "The Security Council met. The Security Council voted."
    vocabulary = small({"Iran": ["Iran"]})
    assert choose_topics("", body, vocabulary, RULES)[0] == ["Security Council"]
    assert choose_topics("", body, VOCABULARY, RULES)[0] == ["United Nations"]


# --- Author's own tags ----------------------------------------------------------------


def test_written_tags_are_kept_and_spelt_as_the_vocabulary_spells_them():
    written = ["syria", "SYRIA", "Climate Strike", "  chemical   WEAPONS ", "climate strike", ""]
    assert merge_written_tags(written, VOCABULARY) == [
        "Syria",
        "Climate Strike",
        "Chemical weapons",
    ]


# --- Loading and settings -----------------------------------------------------------


def test_a_signal_listed_under_two_tags_is_reported_and_kept_for_the_first():
    vocabulary, problems = build_vocabulary(
        {"tags": {"Russia": ["Moscow"], "Idaho": ["Moscow"]}}, "v.toml"
    )
    assert problems == [
        "v.toml: signal 'Moscow' is listed under 'Russia' and 'Idaho'; kept for 'Russia'"
    ]
    assert mentions("Moscow", vocabulary) == {"Russia": 1}


def test_bad_entries_are_reported_and_skipped():
    vocabulary, problems = build_vocabulary(
        {"tags": {"Russia": "Moscow", "Iran": ["Iran"]}, "extra": {}}, "v.toml"
    )
    assert list(vocabulary.spellings.values()) == ["Russia", "Iran"]
    assert any("unknown section [extra]" in p for p in problems)
    assert any("'Russia' must be a list" in p for p in problems)


def test_an_unreadable_vocabulary_is_reported_not_raised(tmp_path: Path):
    vocabulary, problems = load_vocabulary(str(tmp_path / "missing.toml"))
    assert vocabulary.spellings == {}
    assert problems and "missing.toml: cannot read the topic vocabulary" in problems[0]
    broken = tmp_path / "broken.toml"
    broken.write_text('[tags]\n"Russia" = ["Moscow"\n', encoding="utf-8")
    vocabulary, problems = load_vocabulary(str(broken))
    assert vocabulary.spellings == {}
    assert "broken.toml: the topic vocabulary is not valid TOML" in problems[0]


def test_settings_have_defaults_and_bad_values_are_reported(caplog):
    with caplog.at_level(logging.ERROR):
        _, rules = read_config({})
    assert rules == Rules() and caplog.messages == []
    with caplog.at_level(logging.ERROR):
        _, rules = read_config({"TOPICS_MAX": "eight", "TOPICS_MIN_MENTIONS": 0})
    assert rules.max == 8 and rules.min_mentions == 2
    problems = caplog.messages
    assert len(problems) == 2 and problems[0].startswith("TOPICS_MAX must be a whole number")
    path, rules = read_config({"TOPICS_MAX": 3, "TOPICS_VOCABULARY": "/x/v.toml"})
    assert rules.max == 3 and path == "/x/v.toml"


# --- Text from HTML ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>AT&amp;T and 5 &lt; 7</p>", "\nAT&T and 5 < 7\n"),
        ("<p>one</p><p>two</p>", "\none\n\ntwo\n"),
        ("<p>Russia<em>’s</em> <a href='x'>UN</a></p>", "\nRussia's UN\n"),
    ],
)
def test_plain_text(html, text):
    assert plain_text(html) == text


def test_plain_text_drops_scripts_and_comments():
    text = plain_text("<script>var US = 1;</script><!-- NATO --><p>x</p>")
    assert text.split() == ["x"]


def test_the_vocabulary_compiles_its_patterns_only_when_first_asked():
    vocabulary, problems = load_vocabulary(str(PROJECT_VOCABULARY))
    assert problems == PROBLEMS
    # Loading (and reporting problems) needs no patterns.
    assert "_regexes" not in vars(vocabulary)
    assert mentions("NATO met; NATO left.", vocabulary) == {"NATO": 2}
    assert "_regexes" in vars(vocabulary)


# --- Sections ---------------------------------------------------------------------------


def test_the_strongest_topic_with_a_section_files_the_article():
    vocabulary, problems = build_vocabulary(
        {
            "tags": {"Russia": ["Russia"], "Strikes": ["strike"], "Sport": ["football"]},
            "sections": {"World": ["Russia"], "Labor": ["strikes"]},
        }
    )
    assert problems == []
    assert vocabulary.section_for(["Strikes", "Russia"]) == "Labor"
    assert vocabulary.section_for(["Sport", "Harbour Authority", "Russia"]) == "World"
    assert vocabulary.section_for(["Sport", "Harbour Authority"]) is None
    assert vocabulary.section_for([]) is None


def test_bad_section_entries_are_reported_and_skipped():
    vocabulary, problems = build_vocabulary(
        {
            "tags": {"Russia": ["Russia"], "Iran": ["Iran"]},
            "sections": {"World": ["Russia", "Rusia"], "Asia": ["Russia", "Iran"], "X": "Iran"},
        },
        "v.toml",
    )
    assert problems == [
        "v.toml: section 'World' lists 'Rusia', which is not in [tags]; ignored",
        "v.toml: topic 'Russia' is listed under sections 'World' and 'Asia'; kept for 'World'",
        "v.toml: section 'X' must be a list of quoted phrases; ignored",
    ]
    assert vocabulary.section_for(["Russia"]) == "World"
    assert vocabulary.section_for(["Iran"]) == "Asia"
    _, problems = build_vocabulary({"tags": {}, "sections": ["World"]}, "v.toml")
    assert problems == ["v.toml: [sections] must be a table of section = [topics]; ignored"]
