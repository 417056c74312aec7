"""Boilerplate and topic results kept between builds are reused only while
their inputs (the text, the rules, the vocabulary) are the same."""

import shutil

from bs4 import BeautifulSoup
from sitebuild import PROJECT, build_site, rebuild

SEED = """\
Dockers strike in Rotterdam

Ana Lima
2021-03-01

Dock workers in Rotterdam struck on Monday over pay.

The strike closed the port of Rotterdam for a day.

Issued by the Rotterdam dockers' press office.
"""
PAGE = "2021/03/01/dockers-strike-in-rotterdam/index.html"


def topics_of(build):
    page = BeautifulSoup(build.read(PAGE), "html.parser")
    return {a.get_text(strip=True) for a in page.select('a[rel="tag"]')}


def test_a_new_boilerplate_rule_applies_to_an_unchanged_seed(tmp_path):
    first = build_site(tmp_path, seeds={"a.txt": SEED})
    assert "press office" in first.read(PAGE)
    rules = [*site_rules(), "Issued by the Rotterdam dockers' press office"]
    second = rebuild(tmp_path, BOILERPLATE_RULES=rules)
    assert "press office" not in second.read(PAGE)
    assert "closed the port of Rotterdam" in second.read(PAGE)


def test_a_vocabulary_change_retags_an_unchanged_seed(tmp_path):
    vocabulary = tmp_path / "topics.toml"
    shutil.copy(PROJECT / "topics.toml", vocabulary)
    first = build_site(tmp_path / "site", seeds={"a.txt": SEED}, TOPICS_VOCABULARY=str(vocabulary))
    assert "Ports" not in topics_of(first)
    text = vocabulary.read_text()
    vocabulary.write_text(text.replace("[tags]\n", '[tags]\n"Ports" = ["port", "dockers"]\n', 1))
    second = rebuild(tmp_path / "site", TOPICS_VOCABULARY=str(vocabulary))
    assert "Ports" in topics_of(second)


def test_an_edited_seed_is_stripped_and_tagged_afresh(tmp_path):
    build_site(tmp_path, seeds={"a.txt": SEED})
    edited = SEED.replace("over pay.", "over pay.\n\nNATO warships watched; NATO said nothing.")
    (tmp_path / "seeds" / "a.txt").write_text(edited)
    second = rebuild(tmp_path)
    assert "NATO warships watched" in second.read(PAGE)
    assert "NATO" in topics_of(second)


def site_rules():
    from pelican.settings import read_settings

    return list(read_settings(str(PROJECT / "pelicanconf.py"))["BOILERPLATE_RULES"])
