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


def test_period_archives_are_what_pelican_builds():
    """The adapter's test: Pelican's own (quadratic) builder gives the same archives.
    It fails when Pelican changes how it builds them, or renames the method."""
    import datetime as dt

    from linear_listings import period_archives
    from pelican.contents import Article as PelicanArticle
    from pelican.generators import ArticlesGenerator
    from pelican.settings import DEFAULT_CONFIG

    settings = {
        **DEFAULT_CONFIG,
        "YEAR_ARCHIVE_SAVE_AS": "archives/{date:%Y}/index.html",
        "MONTH_ARCHIVE_SAVE_AS": "archives/{date:%Y}/{date:%m}/index.html",
        "DAY_ARCHIVE_SAVE_AS": "archives/{date:%Y}/{date:%m}/{date:%d}/index.html",
    }
    days = [(2023, 12, 31), (2024, 2, 1), (2024, 3, 8), (2024, 3, 8), (2024, 3, 1), (2022, 1, 5)]
    articles = [
        PelicanArticle("", {"title": f"A{n}", "date": dt.datetime(*day, n)}, settings=settings)
        for n, day in enumerate(days)
    ]
    dates = sorted(articles, key=lambda a: a.date, reverse=True)
    ours = period_archives(dates, articles, settings)
    pelicans = ArticlesGenerator._build_period_archives(None, dates, articles, settings)
    assert set(ours) == set(pelicans) == {"year", "month", "day"}
    for granularity, archives in pelicans.items():
        assert ours[granularity] == archives
    assert [a["period"] for a in ours["month"]][:2] == [(2024, "March"), (2024, "February")]


def test_pelican_builds_no_period_archive_while_they_are_held():
    """Pelican skips a period whose SAVE_AS is empty: holding them back keeps it from
    walking every article for every article; finalizing gives them back and builds them."""
    import datetime as dt

    from linear_listings import _held, hold_period_archives

    settings = {"YEAR_ARCHIVE_SAVE_AS": "y/{date:%Y}/", "YEAR_ARCHIVE_URL": "y/{date:%Y}/"}
    settings |= {"MONTH_ARCHIVE_SAVE_AS": "", "DAY_ARCHIVE_SAVE_AS": ""}
    article = SimpleNamespace(date=dt.datetime(2024, 3, 8))
    generator = SimpleNamespace(settings=settings, dates=[article], articles=[article])
    generator.period_archives = archives = defaultdict(list)
    hold_period_archives(generator)
    assert settings["YEAR_ARCHIVE_SAVE_AS"] == ""
    speed_up_listings(generator)
    assert settings["YEAR_ARCHIVE_SAVE_AS"] == "y/{date:%Y}/" and not _held
    assert generator.period_archives is archives  # the dict the context holds
    assert [(a["save_as"], a["articles"]) for a in archives["year"]] == [("y/2024/", [article])]
