"""What to read next: every article gets ``related_articles`` and ``related_topic``
("More on <topic>"), and its neighbours in time, ``newer_article`` and ``older_article``."""

from __future__ import annotations

from pelican import signals
from plugin_support.settings import setting

from .ranking import DEFAULT_LIMIT, DEFAULT_WINDOW, related_by_tags


def add_related_articles(generators):
    # Once every generator is done: tags are final and URLs unique.
    for generator in generators:
        articles = getattr(generator, "articles", None)
        if articles is None:
            continue
        limit = setting(generator.settings, "RELATED_ARTICLES_MAX", DEFAULT_LIMIT)
        window = setting(generator.settings, "RELATED_ARTICLES_WINDOW", DEFAULT_WINDOW)
        in_time_order = sorted(articles, key=lambda a: (a.date, a.source_path), reverse=True)
        found = related_by_tags(
            in_time_order, lambda a: getattr(a, "tags", None) or [], limit, window
        )
        for article, related in zip(in_time_order, found, strict=True):
            article.related_articles = related.items
            article.related_topic = related.topic
        # Neighbours in one pass; a template searching the list would be quadratic.
        for index, article in enumerate(in_time_order):
            article.newer_article = in_time_order[index - 1] if index > 0 else None
            article.older_article = (
                in_time_order[index + 1] if index + 1 < len(in_time_order) else None
            )


def register():
    signals.all_generators_finalized.connect(add_related_articles)
