"""Article HTML made fit for a feed reader, and an article's first image.

A feed item is read far from the site, so a relative link has nothing to be
relative to, and a reader must not run the article's scripts or load its
frames (the W3C Feed Validator flags both). nh3, an allowlist sanitiser, keeps
only known-safe markup; its attribute filter makes every URL absolute.
"""

from __future__ import annotations

import html
import re
from functools import partial
from urllib.parse import urljoin, urlsplit

import nh3

_TAGS = nh3.ALLOWED_TAGS | {"picture", "source", "video", "audio", "track", "tfoot"}
_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "*": {"class", "id", "title", "lang", "dir"},
    "img": nh3.ALLOWED_ATTRIBUTES["img"] | {"srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "video": {"src", "poster", "controls", "width", "height"},
    "audio": {"src", "controls"},
    "track": {"src", "kind", "srclang", "label"},
}
# Removed with everything inside them: code, and documents from elsewhere.
_DROPPED = {"script", "style", "template", "iframe", "object", "embed", "applet", "frameset"}
_URL_ATTRIBUTES = {"href", "src", "poster", "cite"}
_IMAGE = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def _absolute(page_url: str, element: str, attribute: str, value: str) -> str:
    if attribute in _URL_ATTRIBUTES:
        return urljoin(page_url, value.strip())
    if attribute == "srcset":  # "a.jpg 1x, b.jpg 2x": each candidate's URL
        candidates = (candidate.split() for candidate in value.split(","))
        return ", ".join(
            " ".join([urljoin(page_url, parts[0]), *parts[1:]]) for parts in candidates if parts
        )
    return value


def clean_for_feed(fragment: str, page_url: str) -> str:
    """``fragment`` with only allowlisted markup and every URL absolute against
    ``page_url``, the page it came from. ``javascript:`` links, event handlers and
    inline styles go; text, entities and non-ASCII characters stay."""
    if not fragment:
        return ""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        clean_content_tags=_DROPPED,
        attributes=_ATTRIBUTES,
        attribute_filter=partial(_absolute, page_url),
        link_rel=None,
    )


def first_image(fragment: str, page_url: str) -> str | None:
    """The absolute http(s) URL of the first ``<img>`` in ``fragment``, or None."""
    match = _IMAGE.search(fragment or "")
    if not match:
        return None
    src = html.unescape(next(group for group in match.groups() if group is not None)).strip()
    url = urljoin(page_url, src)
    return url if src and urlsplit(url).scheme in ("http", "https") else None
