"""The ``rendered_once`` Jinja filter: a listing's article cards and day headings
rendered once per build, whatever number of listing pages show them.

The theme's digest uses the filter when it exists and includes the partials
itself when it does not (the render cache then also sees what they read).
"""

from __future__ import annotations

from pelican import signals

from .cards import PartialCache


def add_filter(generator):
    # Every generator builds its own Jinja environment, once per build: a new
    # cache each time, so nothing outlives the articles it was rendered from.
    generator.env.filters["rendered_once"] = PartialCache(generator.env).filter


def register():
    signals.generator_init.connect(add_filter)
