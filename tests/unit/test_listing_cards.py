import datetime as dt

import pytest
from jinja2 import DictLoader, Environment
from listing_cards import PartialCache
from plugin_support.template_reads import template_reads

TEMPLATES = {
    "card.html": '<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a>'
    '{% include "by.html" %}</li>',
    "by.html": "{% if show_author %} by {{ article.author }}{% endif %}",
    "day.html": "<h2>{{ day.isoformat() }}</h2>",
    "with_include.html": "{% for article in listed %}{% include 'card.html' %}{% endfor %}",
    "with_filter.html": "{% for article in listed %}{{ article|rendered_once('card.html') }}"
    "{% endfor %}",
    "days.html": "{% for d in days %}{{ d|rendered_once('day.html', 'day') }}{% endfor %}",
}


class Article:
    """Like Pelican's content: hashed by identity."""

    def __init__(self, title, url, author="Ana Lima"):
        self.title, self.url, self.author = title, url, author


@pytest.fixture
def env():
    environment = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    cache = PartialCache(environment)
    environment.filters["rendered_once"] = cache.filter
    environment.cache_for_test = cache
    return environment


def render(env, name, **context):
    return env.get_template(name).render(**context)


ARTICLES = [Article("Dockers <strike>", "2024/a/"), Article("Nurses & doctors", "2024/b/")]


def test_prints_what_the_include_prints(env):
    context = {"listed": ARTICLES, "SITEURL": "https://x.org", "show_author": True}
    expected = render(env, "with_include.html", **context)
    assert render(env, "with_filter.html", **context) == expected
    assert "Dockers &lt;strike&gt;" in expected and " by Ana Lima" in expected


def test_each_item_is_rendered_once_however_many_pages_list_it(env):
    for _ in range(3):
        render(env, "with_filter.html", listed=ARTICLES, SITEURL="")
    render(env, "with_filter.html", listed=ARTICLES[:1], SITEURL="")
    assert env.cache_for_test.renders == 2


def test_a_change_in_another_variable_renders_the_card_again(env):
    first = render(env, "with_filter.html", listed=ARTICLES, SITEURL="https://a.org")
    second = render(env, "with_filter.html", listed=ARTICLES, SITEURL="https://b.org")
    assert "https://a.org/2024/a/" in first and "https://b.org/2024/a/" in second
    # Variables read by included partials count too.
    third = render(env, "with_filter.html", listed=ARTICLES, SITEURL="", show_author=True)
    assert " by Ana Lima" in third and " by " not in first
    assert env.cache_for_test.renders == 6


def test_items_are_told_apart_by_identity_not_by_looks(env):
    twins = [Article("Same", "2024/same/"), Article("Same", "2024/same/")]
    render(env, "with_filter.html", listed=twins, SITEURL="")
    assert env.cache_for_test.renders == 2


def test_equal_values_share_a_rendering(env):
    days = [dt.date(2024, 3, 5), dt.date(2024, 3, 5), dt.date(2024, 3, 6)]
    assert render(env, "days.html", days=days) == (
        "<h2>2024-03-05</h2><h2>2024-03-05</h2><h2>2024-03-06</h2>"
    )
    assert env.cache_for_test.renders == 2


def test_an_unhashable_value_is_rendered_every_time(env):
    env.loader.mapping["list.html"] = "{{ article|rendered_once('row.html') }}"
    env.loader.mapping["row.html"] = "{{ article|join(',') }}"
    assert render(env, "list.html", article=["a", "b"]) == "a,b"
    assert render(env, "list.html", article=["a", "c"]) == "a,c"
    assert env.cache_for_test.renders == 2


def test_a_new_build_gets_a_new_cache(env):
    article = Article("Dockers strike", "2024/a/")
    render(env, "with_filter.html", listed=[article], SITEURL="")
    article.title = "Dockers win"
    # Pelican makes a new environment, so a new cache, for every build.
    next_build = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    next_build.filters["rendered_once"] = PartialCache(next_build).filter
    assert "Dockers win" in render(next_build, "with_filter.html", listed=[article], SITEURL="")


def test_context_names_follow_includes(env):
    assert template_reads(env, "card.html").variables == {"SITEURL", "article", "show_author"}
