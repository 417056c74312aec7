"""Boilerplate and topic results kept between builds are reused only while
their inputs (the text, the rules, the vocabulary) are the same."""

import shutil

import pytest
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


def story_of(build):
    page = BeautifulSoup(build.read(PAGE), "html.parser")
    return [str(p) for p in page.select("p") if "Rotterdam" in p.get_text()]


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


@pytest.fixture
def calls(monkeypatch):
    """The texts stripped and the articles tagged, as the plugins work them out."""
    import boilerplate
    import topics

    seen = {"stripped": [], "tagged": []}
    strip, tag = boilerplate.strip_boilerplate, topics._topic_names

    def stripping(html, rules):
        seen["stripped"].append(html)
        return strip(html, rules)

    def tagging(article, *args):
        seen["tagged"].append(article.title)
        return tag(article, *args)

    monkeypatch.setattr(boilerplate, "strip_boilerplate", stripping)
    monkeypatch.setattr(topics, "_topic_names", tagging)
    return seen


def test_an_unchanged_seed_is_neither_stripped_nor_tagged_again(tmp_path, calls):
    first = build_site(tmp_path, seeds={"a.txt": SEED, "b.txt": SEED.replace("Dockers", "Crews")})
    assert len(calls["stripped"]) == 2 and len(calls["tagged"]) == 2
    story, tags = story_of(first), topics_of(first)
    assert story and tags
    (tmp_path / "seeds" / "b.txt").write_text(SEED.replace("Dockers", "Pilots"))
    calls["stripped"].clear()
    calls["tagged"].clear()
    second = rebuild(tmp_path)
    assert [html for html in calls["stripped"] if "Dock workers" in html] == []
    assert calls["tagged"] == ["Pilots strike in Rotterdam"]
    assert story_of(second) == story and topics_of(second) == tags


def test_the_boilerplate_memo_keeps_how_to_redo_the_edit_not_the_text(tmp_path):
    from pelican.cache import FileDataCacher
    from sitebuild import site_settings

    footer = "To contact the WSWS and the Socialist Equality Party visit:\n\nwsws.org/contact\n"
    seed = SEED.replace("Issued by the Rotterdam dockers' press office.\n", footer)
    first = build_site(tmp_path, seeds={"a.txt": seed})
    assert "wsws.org/contact" not in first.read(PAGE).lower()
    settings = site_settings(tmp_path)
    memo = FileDataCacher(settings, "boilerplate-results", False, True)._cache
    assert memo
    for edit in memo.values():
        assert "Dock workers" not in repr(edit)
    # Rebuilt from the memo and the article's own text: the same page.
    assert rebuild(tmp_path).read(PAGE) == first.read(PAGE)


def test_without_the_content_cache_every_build_strips_and_tags(tmp_path, calls):
    build_site(tmp_path, seeds={"a.txt": SEED}, CACHE_CONTENT=False)
    rebuild(tmp_path, CACHE_CONTENT=False)
    assert len(calls["stripped"]) == 2 and len(calls["tagged"]) == 2
