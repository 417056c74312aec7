"""Pelican's topic, author and category pages in linear time.

For every tag, author and category, Pelican builds the page's ``dates`` list as
``[a for a in self.dates if a in articles]``: with ``articles`` a plain list,
each ``in`` walks it, so the work grows with the number of articles times the
size of each listing. At 10,000 articles that is seconds of every build, the
largest single cost of a rebuild. Here each listing's articles become a list
whose ``in`` is a set lookup (articles compare by identity, so it answers as the
list would), before any page is written.
"""

from __future__ import annotations

from pelican import signals


class ArticleList(list):
    """A list of articles whose ``in`` is one set lookup."""

    _ids: set = set()

    def __contains__(self, item) -> bool:
        if len(self._ids) != len(self):  # new, or changed since: count again
            self._ids = {id(entry) for entry in self}
        return id(item) in self._ids


def speed_up_listings(generator) -> None:
    tags = getattr(generator, "tags", {})
    for tag, articles in tags.items():
        tags[tag] = ArticleList(articles)
    for name in ("authors", "categories"):
        pairs = getattr(generator, name, [])
        pairs[:] = [(key, ArticleList(articles)) for key, articles in pairs]


def register():
    signals.article_generator_finalized.connect(speed_up_listings)
