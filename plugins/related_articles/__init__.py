"""What to read next: every article gets ``related_articles`` and ``related_topic``
("More on <topic>"), and its neighbours in time, ``newer_article`` and ``older_article``.

Comparing every pair is quadratic (50 million pairs at 10,000 articles). Instead each
tag lists its articles in time order, and an article is compared only with those near
it in its tags' lists (``window`` per tag): articles x tags x window, linear work.
"""

from __future__ import annotations

from collections import Counter, defaultdict, namedtuple
from collections.abc import Callable, Hashable, Sequence

from pelican import signals
from plugin_support.settings import setting

DEFAULT_LIMIT = 5
DEFAULT_WINDOW = 200
# The articles to show, and the topic most of them share with the article.
Related = namedtuple("Related", "items topic")


def related_by_tags(
    items: Sequence,
    tags_of: Callable[[object], Sequence[Hashable]],
    limit: int = DEFAULT_LIMIT,
    window: int = DEFAULT_WINDOW,
) -> list[Related]:
    """For each of ``items`` (in time order), up to ``limit`` others sharing tags.

    Ranked by the number of shared tags, then by closeness in the order given
    (closest in time first), then by position, so the result is deterministic.
    A tag counts as shared only where the other article is within the window.
    """
    tags = [list(dict.fromkeys(tags_of(item))) for item in items]
    members: dict[Hashable, list[int]] = defaultdict(list)
    position: dict[tuple[Hashable, int], int] = {}
    for index, item_tags in enumerate(tags):
        for tag in item_tags:
            position[tag, index] = len(members[tag])
            members[tag].append(index)

    half = max(window // 2, 1)
    results = []
    for index, item_tags in enumerate(tags):
        shared: Counter[int] = Counter()
        for tag in item_tags:
            here = position[tag, index]
            # Counter.update counts a list in C: this loop is most of the work.
            shared.update(members[tag][max(here - half, 0) : here + half + 1])
        del shared[index]
        # Only others sharing as many tags as the limit-th best can make the cut.
        counts = sorted(shared.values(), reverse=True)
        least = counts[limit - 1] if len(counts) > limit else 0
        ranked = sorted(
            (-count, abs(o - index), o) for o, count in shared.items() if count >= least
        )
        chosen = [other for _, _, other in ranked[:limit]]
        # The tag most chosen articles share; max() keeps the first, the article's order.
        topics = Counter(
            tag
            for other in chosen
            for tag in item_tags
            if (tag, other) in position and abs(position[tag, other] - position[tag, index]) <= half
        )
        topic = max(item_tags, key=topics.__getitem__) if chosen else None
        results.append(Related([items[o] for o in chosen], topic))
    return results


def add_related_articles(generator):
    # Tags are final here: topics tagged every article before Pelican grouped them.
    limit = setting(generator.settings, "RELATED_ARTICLES_MAX", DEFAULT_LIMIT)
    window = setting(generator.settings, "RELATED_ARTICLES_WINDOW", DEFAULT_WINDOW)
    ordered = sorted(generator.articles, key=lambda a: (a.date, a.source_path), reverse=True)
    found = related_by_tags(ordered, lambda a: getattr(a, "tags", None) or [], limit, window)
    # Neighbours in the same pass; a template searching the list would be quadratic.
    for index, (article, related) in enumerate(zip(ordered, found, strict=True)):
        article.related_articles, article.related_topic = related
        article.newer_article = ordered[index - 1] if index > 0 else None
        article.older_article = ordered[index + 1] if index + 1 < len(ordered) else None


def register():
    signals.article_generator_finalized.connect(add_related_articles)
