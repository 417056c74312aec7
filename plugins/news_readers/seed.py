"""The seed format (docs/seed-format.md), knowing nothing about Pelican: decode any
source's bytes, parse a seed, render its body as HTML. All of it is linear in the
seed's size: no regular expression runs on more than a heading line."""

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from html import escape
from itertools import groupby, islice


class Unpublishable(ValueError):
    """A source file that cannot become an article; the message says why."""


# Control characters that never occur in text; NUL alone marks most binaries.
_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
# C1 controls (U+0080-U+009F) are what Latin-1 makes of Windows-1252's curly quotes,
# dashes and euro sign: shown as cp1252 means them; its five undefined bytes are dropped.
_C1 = re.compile("[\x80-\x9f]")
_C1_AS_CP1252 = {
    code: bytes([code]).decode("cp1252", errors="ignore") for code in range(0x80, 0xA0)
}


def decode_source(data: bytes) -> tuple[str, bool]:
    """The text (LF line endings) of a source file's bytes, and whether a UTF-8 reader
    gets the same text from them. UTF-16 needs a byte-order mark; a file that is not UTF-8
    either is Windows-1252, the other encoding wire files and old editors use."""
    as_utf8, raw = False, data
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise Unpublishable("not valid UTF-16 text") from error
        raw = text.encode("utf-8", errors="replace")
    elif b"\x00" in data:
        raise Unpublishable("binary file, not text")
    else:
        try:
            text, as_utf8 = data.decode("utf-8"), True
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="ignore")
    # bytes.translate counts the controls in C; a regex would run Python's engine on each.
    if len(raw) - len(raw.translate(None, _CONTROLS)) > max(8, len(text) // 100):
        raise Unpublishable("binary file, not text")
    # b"\xc2" is how UTF-8 writes U+0080-U+00BF: most files need no search.
    if (not as_utf8 or b"\xc2" in data) and _C1.search(text):
        text, as_utf8 = text.translate(_C1_AS_CP1252), False
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), as_utf8


# Longer than a headline or a byline: what is beyond is cut (at a word) with a note.
TITLE_MAX = 200
AUTHOR_MAX = 100
EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class Seed:
    title: str
    date: dt.date
    author: str | None
    paragraphs: list[str]
    notes: list[str]  # what was changed, for one warning


# English month names, whatever the machine's locale: whole, or their first three letters.
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {
    name: number
    for number, month in enumerate(_MONTH_NAMES.split(), start=1)
    for name in (month, month[:3])
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>[A-Za-z]+)\.?"
_DATE_FORMS = [
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),  # 13 April 2017
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"),  # August 14, 2018
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),  # 2017-04-13
]


def parse_date(line: str) -> dt.date | None:
    """The date a whole line states, or None if the line is not a date.
    Raises Unpublishable for one written as a date that does not exist (31 February)."""
    line = line.strip()
    if len(line) > 40:  # no date is this long; a long line is not worth a regex
        return None
    for form in _DATE_FORMS:
        if match := form.fullmatch(line):
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
            if number is None:
                return None
            try:
                return dt.date(int(match["year"]), number, int(match["day"]))
            except ValueError:
                raise Unpublishable(f"'{line}' is not a real date") from None
    return None


# What may follow a sentence's closing punctuation: quotes and brackets.
_CLOSERS = "\"'”’»)]"


def is_closed(paragraph: str) -> bool:
    """Whether a paragraph ends a sentence, judged by its tail only."""
    return paragraph.rstrip().rstrip(_CLOSERS)[-1:] in (".", "?", "!", ":")


def join_page_breaks(paragraphs: list[str]) -> list[str]:
    """Join the paragraphs a page break split in the middle of a sentence: an
    unclosed one followed by one that starts in lower case. Each paragraph is
    looked at once and each group joined once, so the repair stays linear."""
    groups: list[list[str]] = []
    for paragraph in paragraphs:
        if groups and paragraph[:1].islower() and not is_closed(groups[-1][-1]):
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
    return [" ".join(group) for group in groups]


def capped(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a space if there is one, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rpartition(" ")[0].rstrip() or cut) + "…"


def year_out_of_range(year: int, latest_year: int | None = None) -> str | None:
    """Why a seed's year cannot be right, or None: one before 1900 or after next
    year is a typo, and the year is part of the article's address, which is forever."""
    if year < EARLIEST_YEAR:
        return f"the year {year} is before {EARLIEST_YEAR} (a typo?)"
    latest_year = latest_year or dt.date.today().year + 1
    if year > latest_year:
        return f"the year {year} is after next year, {latest_year} (a typo?)"
    return None


def parse_seed(text: str) -> Seed:
    """Parse a decoded seed; raises Unpublishable when it cannot be an article. A year
    after next year is the reader's to judge at every build: the clock moves, the seed does not."""
    if not text.strip():
        raise Unpublishable("empty file")
    lines = [line.strip() for line in text.split("\n")]
    heading = list(islice((i for i, line in enumerate(lines) if line), 3))  # its first lines
    title, author = lines[heading[0]], None
    if len(heading) > 1 and (date := parse_date(lines[heading[1]])):
        body_start = heading[1] + 1
    elif len(heading) > 2 and (date := parse_date(lines[heading[2]])):
        author, body_start = lines[heading[1]], heading[2] + 1
    else:
        raise Unpublishable(
            "no date under the title (expected e.g. '13 April 2017', "
            "'August 14, 2018' or '2017-04-13')"
        )
    if date.year < EARLIEST_YEAR:
        raise Unpublishable(year_out_of_range(date.year))
    # Blank lines part paragraphs; the lines of one keep their breaks, so a footer
    # glued under the last paragraph stays a line of its own.
    paragraphs = join_page_breaks(
        ["\n".join(group) for nonblank, group in groupby(lines[body_start:], bool) if nonblank]
    )
    if not paragraphs:
        raise Unpublishable("no body text under the date")
    limits = (("headline", title, TITLE_MAX), ("author", author or "", AUTHOR_MAX))
    notes = [
        f"{what} cut to {limit} characters" for what, text, limit in limits if len(text) > limit
    ]
    author = author and capped(author, AUTHOR_MAX)
    return Seed(capped(title, TITLE_MAX), date, author, paragraphs, notes)


# The body is plain text, shown as written (``<script>``, ``AT&T``, ``*word*``, a
# leading ``#``): the only markup is a link. Both patterns are linear in the paragraph:
# each repeated class excludes the character that ends it (no backtracking beyond one
# run), and a bare-URL attempt fails only over punctuation, where no URL can start.
# [text](url) with an http(s) URL; the text may not span brackets.
_MARKDOWN_LINK = r"\[(?P<text>[^\[\]\n]+)\]\((?P<target>https?://[^\s()<>]+)\)"
# A bare URL; trailing punctuation that ends the sentence is not part of it.
_BARE_URL = r"(?P<url>https?://[^\s<>\"'“”‘’]+[^\s<>\"'“”‘’.,;:!?)\]])"
_LINK = re.compile(f"{_MARKDOWN_LINK}|{_BARE_URL}")


def inline_html(text: str) -> str:
    """Escape plain text and turn its links into anchors."""
    if "http" not in text:  # both kinds of link name an http(s) URL: most paragraphs have none
        return escape(text, quote=False)
    parts: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        href = match["target"] or match["url"]
        parts.append(escape(text[position : match.start()], quote=False))
        parts.append(f'<a href="{escape(href)}">{escape(match["text"] or href, quote=False)}</a>')
        position = match.end()
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)


def paragraphs_html(paragraphs: list[str]) -> str:
    """One ``<p>`` per paragraph; a line break inside one stays a newline."""
    return "\n".join(f"<p>{inline_html(paragraph)}</p>" for paragraph in paragraphs)
