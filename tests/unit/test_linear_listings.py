"""linear_listings: the listings' article lists answer `in` as a list would, by a set."""

from collections import defaultdict
from types import SimpleNamespace

from linear_listings import ArticleList, speed_up_listings


class Article:
    """Compares by identity, as Pelican's content does."""


def test_membership_is_by_identity_like_a_list():
    a, b, c = Article(), Article(), Article()
    listing = ArticleList([a, b])
    assert a in listing and b in listing and c not in listing
    assert list(listing) == [a, b] and len(listing) == 2
    listing.append(c)  # a list changed later still answers right
    assert c in listing
    listing.remove(a)
    assert a not in listing


def test_every_listing_of_the_generator_is_replaced_in_order():
    a, b, c = Article(), Article(), Article()
    tags = defaultdict(list, {"x": [a, b], "y": [c]})
    authors = [("Ana", [b, c])]
    categories = [("News", [a, b, c])]
    generator = SimpleNamespace(tags=tags, authors=authors, categories=categories)
    speed_up_listings(generator)
    assert all(isinstance(v, ArticleList) for v in generator.tags.values())
    assert generator.tags["x"] == [a, b] and generator.tags["y"] == [c]
    assert generator.authors is authors  # the same list, as the context holds it
    assert authors == [("Ana", [b, c])] and isinstance(authors[0][1], ArticleList)
    assert isinstance(categories[0][1], ArticleList) and categories[0][1] == [a, b, c]
    speed_up_listings(SimpleNamespace())  # a generator without listings: nothing to do
