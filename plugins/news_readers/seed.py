"""Parse a seed (a raw wire article, see SEED_FORMAT.md) into its parts.

Plain functions that know nothing about Pelican: ``parse_date(line)`` and
``parse_seed(text) -> Seed``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .text import Unpublishable


class SeedError(Unpublishable):
    """A seed that cannot become an article; the message says why."""


@dataclass(frozen=True)
class Seed:
    title: str
    date: dt.date
    author: str | None = None
    paragraphs: list[str] = field(default_factory=list)


# --- dates ------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]+)\.?"
_DATE_FORMS = [
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),  # 13 April 2017
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"),  # August 14, 2018
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),  # 2017-04-13
]


def parse_date(line: str) -> dt.date | None:
    """Return the date a whole line states, or None if the line is not a date.

    Month names are English whatever the machine's locale.
    """
    line = line.strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(line)
        if not match:
            continue
        month = match["month"]
        number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        if number is None:
            return None
        try:
            return dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError:
            return None
    return None


# --- structure --------------------------------------------------------------

# A paragraph that ends so is complete; anything else was cut by a page break.
_CLOSED = re.compile(r"[.?!:][\"'”’»)\]]*\s*$")


def join_page_breaks(paragraphs: list[str]) -> list[str]:
    """Join paragraphs that a page break split in the middle of a sentence.

    A paragraph without closing punctuation followed by one that starts with
    a lower-case letter is one paragraph.
    """
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and not _CLOSED.search(joined[-1]) and paragraph[:1].islower():
            joined[-1] = f"{joined[-1].rstrip()} {paragraph.lstrip()}"
        else:
            joined.append(paragraph)
    return joined


def split_paragraphs(lines: list[str]) -> list[str]:
    """Group lines into blank-line separated paragraphs.

    Lines inside one paragraph keep their line breaks: a footer glued to the
    last paragraph stays recognisable as a line of its own.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


def parse_seed(text: str) -> Seed:
    """Parse a decoded seed. Raises SeedError when it cannot be an article."""
    if not text.strip():
        raise SeedError("empty file")
    lines = text.split("\n")
    heading = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()][:3]
    title = heading[0][1]
    author = None
    if len(heading) > 1 and (date := parse_date(heading[1][1])):
        body_start = heading[1][0] + 1
    elif len(heading) > 2 and (date := parse_date(heading[2][1])):
        author = heading[1][1]
        body_start = heading[2][0] + 1
    else:
        raise SeedError(
            "no date under the title (expected e.g. '13 April 2017', "
            "'August 14, 2018' or '2017-04-13')"
        )
    paragraphs = join_page_breaks(split_paragraphs(lines[body_start:]))
    if not paragraphs:
        raise SeedError("no body text under the date")
    return Seed(title=title, date=date, author=author, paragraphs=paragraphs)
