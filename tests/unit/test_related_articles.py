import random
from collections import Counter

import pytest
from related_articles import related_by_tags


def related(items, limit=5, window=200):
    """``items`` maps a name to its tags, in time order (newest first)."""
    names = list(items)
    found = related_by_tags(names, lambda n: items[n], limit, window)
    return {name: (r.items, r.topic) for name, r in zip(names, found, strict=True)}


def test_more_shared_tags_rank_first():
    result = related(
        {
            "a": ["russia", "syria", "un"],
            "b": ["russia"],
            "c": ["russia", "syria", "un"],
            "d": ["russia", "syria"],
        }
    )
    assert result["a"][0] == ["c", "d", "b"]


def test_no_shared_tag_means_not_related():
    result = related({"a": ["russia"], "b": ["health"], "c": []})
    assert result["a"] == ([], None)
    assert result["c"] == ([], None)


def test_an_article_is_never_related_to_itself():
    result = related({"a": ["x", "x"], "b": ["x"]})
    assert result["a"][0] == ["b"]
    assert result["b"][0] == ["a"]


def test_ties_go_to_the_closest_in_time():
    items = {name: ["x"] for name in "abcdefg"}
    assert related(items, limit=3)["d"][0] == ["c", "e", "b"]


def test_at_most_limit_articles():
    items = {str(n): ["x"] for n in range(20)}
    assert len(related(items)["0"][0]) == 5


def test_topic_is_the_tag_most_related_articles_share():
    result = related(
        {
            "a": ["syria", "russia"],
            "b": ["russia"],
            "c": ["russia"],
            "d": ["syria"],
        }
    )
    items, topic = result["a"]
    assert set(items) == {"b", "c", "d"}
    assert topic == "russia"


def test_topic_ties_follow_the_articles_own_tag_order():
    result = related({"a": ["syria", "russia"], "b": ["russia"], "c": ["syria"]})
    assert result["a"][1] == "syria"


def test_deterministic():
    items = {str(n): [f"t{n % 7}", f"t{n % 5}", f"t{n % 3}"] for n in range(200)}
    assert related(items) == related(items)


def test_window_caps_the_work_per_tag():
    # Only neighbours within the window are candidates: far articles are not seen.
    items = {str(n): ["x"] for n in range(100)}
    assert set(related(items, limit=100, window=10)["50"][0]) == {
        str(n) for n in range(45, 56) if n != 50
    }


def test_big_archive_compares_only_within_the_window():
    # 20,000 articles sharing a popular tag: all pairs would be 200 million
    # comparisons; with a window of 100 each article sees at most 100 per tag.
    items = list(range(20_000))
    found = related_by_tags(items, lambda n: ["popular", f"t{n % 50}"], window=100)
    assert all(len(r.items) == 5 for r in found)
    # The best matches share both tags: same t-tag means 50 apart, within the window.
    assert found[10_000].items == [9_950, 10_050] + found[10_000].items[2:]
    assert all(abs(other - 10_000) <= 50 for other in found[10_000].items)


def reference(tag_lists, limit, window):
    """The ranking by its definition, pair by pair (quadratic): what the fast one must give."""
    tags = [list(dict.fromkeys(t)) for t in tag_lists]
    members, position = {}, {}
    for index, item_tags in enumerate(tags):
        for tag in item_tags:
            position[tag, index] = len(members.setdefault(tag, []))
            members[tag].append(index)
    half = max(window // 2, 1)
    result = []
    for index, item_tags in enumerate(tags):
        shared = {}
        for other in range(len(tags)):
            common = [
                tag
                for tag in item_tags
                if other != index
                and (tag, other) in position
                and abs(position[tag, other] - position[tag, index]) <= half
            ]
            if common:
                shared[other] = common
        chosen = sorted(shared, key=lambda o, i=index: (-len(shared[o]), abs(o - i), o))[:limit]
        topic = None
        if chosen:
            counts = Counter(tag for other in chosen for tag in shared[other])
            topic = max(item_tags, key=lambda t, ts=item_tags: (counts[t], -ts.index(t)))
        result.append((chosen, topic))
    return result


@pytest.mark.parametrize("seed", range(40))
def test_same_ranking_as_the_definition(seed):
    rng = random.Random(seed)
    pool = [f"t{n}" for n in range(rng.randint(1, 10))]
    tag_lists = [
        [rng.choice(pool) for _ in range(rng.randint(0, 5))] for _ in range(rng.randint(1, 80))
    ]
    limit, window = rng.choice([1, 2, 5, 30]), rng.choice([1, 2, 5, 10, 200])
    found = related_by_tags(list(range(len(tag_lists))), lambda n: tag_lists[n], limit, window)
    assert [(r.items, r.topic) for r in found] == reference(tag_lists, limit, window)
