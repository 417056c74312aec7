from related_articles.ranking import related_by_tags


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
