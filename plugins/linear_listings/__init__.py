"""Pelican's topic, author and category pages in linear time.

Pelican builds each tag's, author's and category's ``dates`` as
``[a for a in self.dates if a in articles]``: a walk of the list for every article,
seconds of every build at 10,000 articles. Here each listing's articles become a list
whose ``in`` is a set lookup (articles compare by identity: it answers as the list would).
"""

from __future__ import annotations

from pelican import signals


class ArticleList(list):
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
