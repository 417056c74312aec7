"""Related articles by shared tags, in near-linear time.

Comparing every article with every other is quadratic: 10,000 articles would
mean 50 million pairs. Instead each tag lists its articles in time order, and
an article is compared only with the ones that share a tag with it and sit
near it in that tag's list (at most ``window`` per tag). The work is then
articles x tags x window: linear in the number of articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")

DEFAULT_LIMIT = 5
DEFAULT_WINDOW = 200


@dataclass
class Related(Generic[Item]):
    """The articles to show, and the topic most of them share with the article."""

    items: list[Item] = field(default_factory=list)
    topic: Hashable | None = None


def related_by_tags(
    items: Sequence[Item],
    tags_of: Callable[[Item], Sequence[Hashable]],
    limit: int = DEFAULT_LIMIT,
    window: int = DEFAULT_WINDOW,
) -> list[Related[Item]]:
    """For each of ``items`` (in time order), up to ``limit`` others sharing tags.

    Ranked by the number of shared tags, then by closeness in the order given
    (closest in time first), then by position, so the result is deterministic.
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
        shared_tags: dict[int, list[Hashable]] = defaultdict(list)
        for tag in item_tags:
            peers = members[tag]
            here = position[tag, index]
            for other in peers[max(here - half, 0) : here + half + 1]:
                if other != index:
                    shared[other] += 1
                    shared_tags[other].append(tag)
        best = sorted(shared, key=lambda other, i=index: (-shared[other], abs(other - i), other))
        chosen = best[:limit]
        results.append(
            Related([items[o] for o in chosen], _main_topic(item_tags, chosen, shared_tags))
        )
    return results


def _main_topic(item_tags, chosen, shared_tags):
    """The article's tag that most chosen articles share; the article's order breaks ties."""
    if not chosen:
        return None
    counts = Counter(tag for other in chosen for tag in shared_tags[other])
    return max(item_tags, key=lambda tag: (counts[tag], -item_tags.index(tag)))
