"""Fingerprints and template dependencies behind the render cache."""

import datetime as dt

import pytest
from jinja2 import DictLoader, Environment
from output_record.fingerprints import Fingerprinter, Uncacheable
from plugin_support.template_reads import DynamicTemplate, template_reads


def test_equal_values_have_equal_fingerprints_in_separate_builds():
    value = {"title": "A", "when": dt.date(2020, 1, 2), "tags": ["x", "y"], "n": 3}
    assert Fingerprinter().of(value) == Fingerprinter().of(dict(value))


@pytest.mark.parametrize(
    "changed",
    [
        {"title": "B", "when": dt.date(2020, 1, 2), "tags": ["x", "y"], "n": 3},
        {"title": "A", "when": dt.date(2020, 1, 3), "tags": ["x", "y"], "n": 3},
        {"title": "A", "when": dt.date(2020, 1, 2), "tags": ["y", "x"], "n": 3},
        {"title": "A", "when": dt.date(2020, 1, 2), "tags": ["x", "y"], "n": 4},
    ],
)
def test_any_change_changes_the_fingerprint(changed):
    value = {"title": "A", "when": dt.date(2020, 1, 2), "tags": ["x", "y"], "n": 3}
    assert Fingerprinter().of(value) != Fingerprinter().of(changed)


def test_mapping_keys_are_fingerprinted_by_value_not_by_address():
    class Key:
        pass

    with pytest.raises(Uncacheable):
        Fingerprinter().of({Key(): 1})


def test_unknown_objects_are_uncacheable():
    class Opaque:
        pass

    with pytest.raises(Uncacheable):
        Fingerprinter().of([Opaque()])


def test_template_variables_follow_extends_and_includes():
    environment = Environment(
        loader=DictLoader(
            {
                "base.html": "{{ SITENAME }}{% block content %}{% endblock %}",
                "item.html": "{{ article.title }}",
                "index.html": (
                    '{% extends "base.html" %}{% block content %}'
                    '{% for article in articles_page.object_list %}{% include "item.html" %}'
                    "{% endfor %}{% endblock %}"
                ),
            }
        )
    )
    names = template_reads(environment, "index.html").variables
    assert {"SITENAME", "articles_page"} <= names
    assert "articles" not in names


def test_a_template_named_at_render_time_is_reported():
    environment = Environment(loader=DictLoader({"x.html": "{% include which %}"}))
    with pytest.raises(DynamicTemplate):
        template_reads(environment, "x.html")


def test_a_partial_rendered_once_counts_as_included():
    environment = Environment(
        loader=DictLoader(
            {
                "list.html": (
                    '{% for a in articles %}{{ a|rendered_once("card.html") }}{% endfor %}'
                ),
                "card.html": "{{ article.title }} {{ SITEURL }}",
            }
        )
    )
    environment.filters["rendered_once"] = lambda value, template: ""
    reads = template_reads(environment, "list.html")
    assert "SITEURL" in reads.variables and "title" in reads.attributes


def test_template_reads_name_the_attributes_used_on_any_value():
    environment = Environment(
        loader=DictLoader(
            {
                "list.html": (
                    "{% for a in articles|sort(attribute='date') %}{{ a.title }}{{ a['url'] }}"
                    "{{ a.tags[:3] }}{% endfor %}"
                ),
                "any.html": "{% for a in articles %}{{ a[which] }}{% endfor %}",
            }
        )
    )
    reads = template_reads(environment, "list.html")
    assert {"title", "url", "tags", "date"} <= reads.attributes
    assert "related_articles" not in reads.attributes
    assert template_reads(environment, "any.html").attributes is None


def test_content_counts_only_by_the_attributes_a_template_reads():
    from pelican.contents import Article

    settings = {**_settings(), "ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html"}
    other = Article("<p>x</p>", metadata={"title": "Other", "slug": "other"}, settings=settings)
    article = Article("<p>y</p>", metadata={"title": "One", "slug": "one"}, settings=settings)
    listing = frozenset({"title", "url"})
    page = frozenset({"title", "url", "related_articles"})
    first_build = Fingerprinter()
    before = (first_build.of(article, listing), first_build.of(article, page))
    article.related_articles = [other]
    next_build = Fingerprinter()
    assert next_build.of(article, listing) == before[0]
    assert next_build.of(article, page) != before[1]


def _settings():
    from pelican.settings import DEFAULT_CONFIG

    return dict(DEFAULT_CONFIG)


def test_related_content_counts_by_the_attributes_the_template_reads():
    """An article page shows a related article's headline and link: its reading time
    does not change the page; its headline does."""
    from pelican.contents import Article

    settings = {**_settings(), "ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html"}
    other = Article("<p>x</p>", metadata={"title": "Other", "slug": "other"}, settings=settings)
    article = Article("<p>y</p>", metadata={"title": "One", "slug": "one"}, settings=settings)
    article.related_articles = [other]
    page = frozenset({"title", "url", "related_articles"})
    before = Fingerprinter().of(article, page)
    other.reading_time = 7
    assert Fingerprinter().of(article, page) == before
    other.title = "Other, updated"
    assert Fingerprinter().of(article, page) != before


def test_shown_text_counts_by_its_summary_metadata_not_by_all_metadata():
    """A page showing an article's summary changes with the summary metadata, not with
    metadata the template never shows (it is read only through attributes)."""
    from pelican.contents import Article

    article = Article("<p>y</p>", metadata={"title": "One", "slug": "one"}, settings=_settings())
    card = frozenset({"title", "summary"})
    before = Fingerprinter().of(article, card)
    article.metadata["wire_id"] = "x-42"
    assert Fingerprinter().of(article, card) == before
    article.metadata["summary"] = "<p>A summary written by hand.</p>"
    assert Fingerprinter().of(article, card) != before


class _AnyName(dict):
    """Filters and tests by any name: reading a template needs only their names."""

    def get(self, name, default=None):
        return super().get(name, str)


def test_every_page_template_of_the_theme_names_the_attributes_it_reads():
    """A template that looks up an item by a name computed at render time (`x[i]`) makes
    its pages count every value by all it holds: slower keys, and pages rendered again
    for changes they do not show. The theme's page templates must not."""
    from pathlib import Path

    from jinja2 import FileSystemLoader

    templates = Path(__file__).resolve().parents[2] / "theme" / "templates"
    environment = Environment(loader=FileSystemLoader(templates), extensions=["jinja2.ext.do"])
    environment.filters = _AnyName(environment.filters)
    environment.tests = _AnyName(environment.tests)
    pages = sorted(path.name for path in templates.glob("*.html"))
    assert "article.html" in pages and "tag.html" in pages
    dynamic = [name for name in pages if template_reads(environment, name).attributes is None]
    assert dynamic == []


def test_pages_count_values_by_what_any_template_reads(tmp_path):
    """One set of attribute names for every page, from every template the environment
    can load (an override folder too): a value read by several templates is
    fingerprinted once. A template with a computed lookup makes it every name (None)."""
    from jinja2 import ChoiceLoader, FileSystemLoader
    from output_record.writer import SiteWriter

    templates, overrides = tmp_path / "templates", tmp_path / "overrides"
    (templates / "partials").mkdir(parents=True)
    overrides.mkdir()
    (templates / "article.html").write_text("{{ article.title }}")
    (templates / "tag.html").write_text("{% for a in articles %}{{ a.summary }}{% endfor %}")
    (templates / "partials" / "card.html").write_text("{{ a.related_articles }}")
    (overrides / "page.html").write_text("{{ page.wire_id }}")
    settings = {**_settings(), "THEME": str(tmp_path), "PLUGIN_PATHS": [], "PLUGINS": []}
    writer = SiteWriter(str(tmp_path / "output"), settings=settings)
    loader = ChoiceLoader([FileSystemLoader(overrides), FileSystemLoader(templates)])
    environment = Environment(loader=loader)
    read = writer._all_attributes(environment)
    assert {"title", "summary", "related_articles", "wire_id"} <= read
    (templates / "partials" / "card.html").write_text("{{ a[name] }}")
    assert SiteWriter(str(tmp_path), settings=settings)._all_attributes(environment) is None


def test_a_numeric_index_names_no_attribute():
    """`items[-1]` or `items[loop.index0]` reads an item, not an attribute by a name
    computed at render time: the template's attributes stay known."""
    environment = Environment(
        loader=DictLoader(
            {"x.html": "{{ a[-1].title }}{% for b in c %}{{ d[loop.index0].url }}{% endfor %}"}
        )
    )
    assert {"title", "url"} <= template_reads(environment, "x.html").attributes
