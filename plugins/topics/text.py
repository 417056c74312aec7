"""Article text as the matchers read it."""

from __future__ import annotations

from plugin_support.text import html_to_text as _plain_text

# Curly apostrophes read as straight ones, so "Russia’s" and "Russia's" match alike.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def html_to_text(html: str) -> str:
    """The text of ``html`` (blocks on their own lines), with straight apostrophes."""
    return _plain_text(html).translate(_APOSTROPHES)
