"""Make article HTML fit for a feed reader: absolute URLs, nothing executable.

A feed item is read far from the site, so a relative link has nothing to be
relative to, and a feed reader must not run the article's scripts or frames
(the W3C Feed Validator flags both).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

# Attributes holding one URL, and the one holding a list of them.
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction", "background")
SRCSET = "srcset"

# Elements a feed must not carry, removed with everything inside them: they run
# code, load other documents, or restyle the reader's page.
DROPPED_ELEMENTS = (
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "noframes",
    "object",
    "embed",
    "applet",
    "param",
    "base",
    "link",
    "meta",
    "title",
    "head",
    "isindex",
)
# Document-level or obsolete wrappers: their text is kept, the tag goes.
UNWRAPPED_ELEMENTS = ("html", "body", "basefont", "xmp", "listing", "plaintext", "slot")

_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript)\s*:", re.IGNORECASE)
# Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")


def _parse(html: str) -> BeautifulSoup:
    # html.parser keeps the fragment as written: no <html><body> wrapper added.
    return BeautifulSoup(html, "html.parser")


def _serialize(soup: BeautifulSoup) -> str:
    # "minimal" escapes only &, < and >: entities stay entities, non-ASCII stays text.
    return soup.decode(formatter="minimal")


def _absolute_srcset(value: str, page_url: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if not parts:
            continue
        parts[0] = urljoin(page_url, parts[0])
        candidates.append(" ".join(parts))
    return ", ".join(candidates)


def _absolutize_soup(soup: BeautifulSoup, page_url: str) -> None:
    for tag in soup.find_all(True):
        for name in URL_ATTRIBUTES:
            value = tag.get(name)
            if isinstance(value, str):
                tag[name] = urljoin(page_url, value.strip())
        srcset = tag.get(SRCSET)
        if isinstance(srcset, str):
            tag[SRCSET] = _absolute_srcset(srcset, page_url)


def absolutize(html: str, page_url: str) -> str:
    """Rewrite every relative URL in ``html`` against ``page_url``, the page it came from.

    ``/x``, ``../x``, ``x``, ``#x`` and ``//host/x`` all become full URLs; URLs
    that already have a scheme (``https:``, ``mailto:``) are left alone.
    """
    if not html:
        return html
    soup = _parse(html)
    _absolutize_soup(soup, page_url)
    return _serialize(soup)


def _is_script_url(value: str) -> bool:
    return bool(_SCRIPT_URL.match(_IGNORED_IN_SCHEME.sub("", value)))


def _is_unsafe_attribute(name: str, value) -> bool:
    lowered = name.lower()
    if lowered.startswith("on") or lowered in ("style", "srcdoc"):
        return True
    return isinstance(value, str) and _is_script_url(value)


def _sanitize_soup(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(DROPPED_ELEMENTS):
        tag.decompose()
    for tag in soup.find_all(UNWRAPPED_ELEMENTS):
        tag.unwrap()
    for tag in soup.find_all(True):
        for name, value in list(tag.attrs.items()):
            if _is_unsafe_attribute(name, value):
                del tag[name]


def sanitize_for_feed(html: str) -> str:
    """Remove what a feed reader must not run or load from ``html``.

    Drops script, style, frames, object and embed (with their contents),
    event-handler attributes (``on*``), inline styles (the validator flags most
    CSS) and ``javascript:``/``vbscript:`` URLs.
    """
    if not html:
        return html
    soup = _parse(html)
    _sanitize_soup(soup)
    return _serialize(soup)


def prepare_for_feed(html: str, page_url: str) -> str:
    """``sanitize_for_feed`` then ``absolutize``, parsing ``html`` once."""
    if not html:
        return html
    soup = _parse(html)
    _sanitize_soup(soup)
    _absolutize_soup(soup, page_url)
    return _serialize(soup)


def html_to_text(html: str) -> str:
    """The text of ``html``, whitespace collapsed: for fields that take plain text."""
    if not html:
        return ""
    text = _parse(html).get_text()
    return " ".join(text.split())
