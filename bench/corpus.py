"""A deterministic synthetic news corpus, as seeds and as the same articles in Markdown.

Each article has about 1,200 words, a title, an author, a date and 3 to 6 topics
from a pool of 60 whose names appear in the text (so the topic vocabulary finds
them in seeds, which carry no tags). Seeds end with the wire's contact footer
and contain one page break, as real ones do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

# fmt: off
TOPIC_POOL = [
    "Russia", "Syria", "China", "India", "Brazil", "Mexico", "Germany", "France", "Italy",
    "Spain", "Japan", "Iran", "Iraq", "Turkey", "Ukraine", "Poland", "Greece", "Egypt", "Nigeria",
    "Kenya", "Canada", "Australia", "Argentina", "Chile", "Israel", "Pakistan", "Indonesia",
    "Venezuela", "Colombia", "Sweden", "NATO", "United Nations", "European Union", "World Bank",
    "Strikes", "Wages", "Health care", "Education", "Housing", "Climate change", "Elections",
    "Courts", "Police", "Migration", "Technology", "Economy", "Inflation", "Unemployment",
    "Pensions", "Trade unions", "Oil", "Agriculture", "Energy", "Banks", "Refugees", "Censorship",
    "Military", "Nuclear weapons", "Public transport", "Schools",
]
# fmt: on
# fmt: off
AUTHORS = [
    "Ana Lima", "Bill Van Auken", "Chen Wei", "Dora Novak", "Emeka Obi", "Farah Haddad",
    "Gustav Berg", "Hana Sato", "Ivan Petrov", "Julia Costa", "Kwame Mensah", "Lena Fischer",
]
# fmt: on
WORDS = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "the government said on monday that workers in the region would face new measures "
    "after weeks of protests over pay and conditions while officials met union "
    "leaders to discuss a settlement that many described as inadequate given rising "
    "prices for food fuel and rent across the country where factories ports and "
    "hospitals have reported shortages of staff and equipment amid a deepening crisis "
    "that analysts expect to continue into next year according to figures released by "
    "the ministry"
).split()
FOOTER = (
    "\n\n\nTo contact the WSWS and the Socialist Equality Party visit:\n\n"
    "[wsws.org/contact](https://www.wsws.org/contact)\n"
)
WORDS_PER_ARTICLE = 1200
WORDS_PER_PARAGRAPH = 100


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    author: str
    date: dt.date
    topics: list[str]
    paragraphs: list[str]


def _sentence(rng: random.Random, topics: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 20))]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(topics))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, topics: list[str]) -> str:
    sentences, count = [], 0
    while count < WORDS_PER_PARAGRAPH:
        sentences.append(_sentence(rng, topics))
        count += len(sentences[-1].split())
    return " ".join(sentences)


def make_article(number: int) -> Article:
    rng = random.Random(number)
    topics = rng.sample(TOPIC_POOL, rng.randint(3, 6))
    title = f"{topics[0]}: {' '.join(rng.choice(WORDS) for _ in range(6))} ({number})"
    paragraphs = [_paragraph(rng, topics) for _ in range(WORDS_PER_ARTICLE // WORDS_PER_PARAGRAPH)]
    # Every topic is named twice at least, so a vocabulary tagger has evidence.
    paragraphs[0] = f"{paragraphs[0]} Reports from {', '.join(topics)} followed."
    paragraphs[-1] = f"{paragraphs[-1]} Observers of {' and '.join(topics)} agreed."
    return Article(
        number=number,
        title=title[0].upper() + title[1:],
        author=rng.choice(AUTHORS),
        date=dt.date(2015, 1, 1) + dt.timedelta(days=number % 3650),
        topics=topics,
        paragraphs=paragraphs,
    )


def as_seed(article: Article) -> str:
    first, *rest = article.paragraphs
    # A page break: the first paragraph cut in the middle of a sentence.
    words = first.split()
    cut = next(i for i in range(len(words) // 2, len(words)) if words[i][0].islower())
    body = [" ".join(words[:cut]), " ".join(words[cut:]), *rest]
    head = f"{article.title}\n\n{article.author}\n{article.date:%d %B %Y}\n\n"
    return head + "\n\n".join(body) + FOOTER


def as_markdown(article: Article) -> str:
    head = (
        f"Title: {article.title}\n"
        f"Date: {article.date.isoformat()}\n"
        f"Author: {article.author}\n"
        f"Tags: {', '.join(article.topics)}\n\n"
    )
    return head + "\n\n".join(article.paragraphs) + "\n"


def newest_date(count: int) -> dt.date:
    """The date of the newest of the first ``count`` articles."""
    return max(make_article(number).date for number in range(max(0, count - 3650), count))


def write_corpus(
    folder: Path, count: int, form: str, start: int = 0, date: dt.date | None = None
) -> None:
    """Write ``count`` articles to ``folder`` as ``seed`` (.txt) or ``markdown`` (.md),
    all dated ``date`` if given."""
    folder.mkdir(parents=True, exist_ok=True)
    render, suffix = (as_seed, "txt") if form == "seed" else (as_markdown, "md")
    for number in range(start, start + count):
        article = make_article(number)
        if date is not None:
            article = dataclasses.replace(article, date=date)
        (folder / f"article-{number:06d}.{suffix}").write_text(render(article), encoding="utf-8")
