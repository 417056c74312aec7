"""Pelican's topic, author, category and period archive pages in linear time.

Pelican builds each tag's, author's and category's ``dates`` as
``[a for a in self.dates if a in articles]``: a walk of the list for every article,
seconds of every build at 10,000 articles. Here each listing's articles become a list
whose ``in`` is a set lookup (articles compare by identity: it answers as the list would).

Its year and month archives walk every article for every article in the same way, and
no signal comes between that and their use. So their ``*_ARCHIVE_SAVE_AS`` settings are
held back while Pelican would build them (it skips a period saved nowhere), and the
archives are built here, in one pass, in the same shape (``period_archives``).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from functools import partial
from itertools import groupby

from pelican import signals

PERIODS = {"year": 1, "month": 2, "day": 3}  # how many parts of the date name a period
_held: dict[str, str] = {}  # this build's archive settings, while Pelican runs without them


class ArticleList(list):
    _ids: set = set()

    def __contains__(self, item) -> bool:
        if len(self._ids) != len(self):  # new, or changed since: count again
            self._ids = {id(entry) for entry in self}
        return id(item) in self._ids


def hold_period_archives(generator) -> None:
    for granularity in PERIODS:
        name = f"{granularity.upper()}_ARCHIVE_SAVE_AS"
        _held[name] = generator.settings.get(name)
        generator.settings[name] = ""


def period_archives(dates, articles, settings) -> dict[str, list[dict]]:
    """What Pelican's ``period_archives`` holds, from ``dates`` (the articles by date)."""
    archives = defaultdict(list)
    for granularity, parts in PERIODS.items():
        save_as = settings.get(f"{granularity.upper()}_ARCHIVE_SAVE_AS")
        if not save_as:
            continue
        url = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        period_of = partial(_period, parts=parts)
        members = defaultdict(list)
        for article in articles:
            members[period_of(article)].append(article)
        for period, group in groupby(dates, key=period_of):
            date = (group := list(group))[0].date
            archives[granularity].append(
                {
                    "dates": group,
                    "articles": members[period],
                    "save_as": save_as.format(date=date),
                    "url": url.format(date=date),
                    "period": _named(period),
                    "period_num": period,
                }
            )
    return archives


def _period(article, parts: int) -> tuple[int, ...]:
    return (article.date.year, article.date.month, article.date.day)[:parts]


def _named(period: tuple[int, ...]) -> tuple:  # (2020, "March"), as Pelican names it
    return period if len(period) == 1 else (period[0], calendar.month_name[period[1]], *period[2:])


def speed_up_listings(generator) -> None:
    tags = getattr(generator, "tags", {})
    for tag, articles in tags.items():
        tags[tag] = ArticleList(articles)
    for name in ("authors", "categories"):
        pairs = getattr(generator, name, [])
        pairs[:] = [(key, ArticleList(articles)) for key, articles in pairs]
    if _held and hasattr(generator, "period_archives"):
        generator.settings.update(_held)
        _held.clear()
        generator.period_archives.clear()  # the dict in the context too
        generator.period_archives.update(
            period_archives(generator.dates, generator.articles, generator.settings)
        )


def register():
    signals.article_generator_pretaxonomy.connect(hold_period_archives)
    signals.article_generator_finalized.connect(speed_up_listings)
