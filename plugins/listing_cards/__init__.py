"""The ``rendered_once`` Jinja filter: a listing's article cards and day headings
rendered once per build, whatever number of listing pages show them (an article's
card is on the front page, its topic, author and archive pages: about seven times).
"""

from __future__ import annotations

import functools
from collections.abc import Hashable

from jinja2 import Environment, pass_context
from jinja2.runtime import Context, missing
from markupsafe import Markup
from pelican import signals
from plugin_support.template_reads import template_reads


class PartialCache:
    """The filter ``value|rendered_once(template, name="article")`` (``filter``):
    prints what ``{% include template %}`` would with ``value`` as the variable
    ``name`` and the page context's values of the other variables it reads (not
    those set inside a block or loop). A result is reused for an equal ``value``
    (the same object, for content) and equal values of those variables: one cache
    per build, as an article's attributes are final only within a build.
    """

    def __init__(self, environment: Environment):
        self._environment = environment
        # The variables a template reads besides ``name``, found once per build.
        self._reads = functools.cache(lambda t, n: template_reads(environment, t).variables - {n})
        # (template, name, value) -> (values of the other variables, markup)
        self._rendered: dict[tuple[str, str, Hashable], tuple[dict, Markup]] = {}
        self.renders = 0

    @pass_context
    def filter(self, context: Context, value, template: str, name: str = "article") -> Markup:
        values = {n: context.resolve_or_missing(n) for n in self._reads(template, name)}
        try:
            key = (template, name, value)
            cached = self._rendered.get(key)
        except TypeError:  # an unhashable value: rendered every time
            key = cached = None
        if cached is not None and cached[0] == values:
            return cached[1]
        variables = {n: v for n, v in values.items() if v is not missing} | {name: value}
        markup = Markup(self._environment.get_template(template).render(variables))
        self.renders += 1
        if key is not None:
            self._rendered[key] = (values, markup)
        return markup


def add_filter(generator):
    # Every generator builds its own Jinja environment, once per build: a new
    # cache each time, so nothing outlives the articles it was rendered from.
    generator.env.filters["rendered_once"] = PartialCache(generator.env).filter


def register():
    signals.generator_init.connect(add_filter)
