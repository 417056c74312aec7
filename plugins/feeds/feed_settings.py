"""The FEEDS_* settings, read once, checked, with defaults.

A bad value gives one clear error message and its default; a base URL that is
not absolute gives an error and no feeds at all, since a feed with relative
links is useless to a feed reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULTS = {
    "FEEDS_BASE_URL": "",
    "FEEDS_MAX_ITEMS": 50,
    "FEEDS_SITE_RSS": "feeds/all.rss.xml",
    "FEEDS_SITE_ATOM": "feeds/all.atom.xml",
    "FEEDS_SITE_JSON": "feeds/all.json",
    "FEEDS_TAG_RSS": "feeds/tag/{slug}.rss.xml",
    "FEEDS_TAG_ATOM": "feeds/tag/{slug}.atom.xml",
}
SITE_PATHS = ("FEEDS_SITE_RSS", "FEEDS_SITE_ATOM", "FEEDS_SITE_JSON")
TAG_PATHS = ("FEEDS_TAG_RSS", "FEEDS_TAG_ATOM")


@dataclass(frozen=True)
class FeedSettings:
    base_url: str  # absolute, no trailing slash
    max_items: int
    # Output paths relative to the output folder; None means "not written".
    site_rss: str | None
    site_atom: str | None
    site_json: str | None
    tag_rss: str | None  # with a {slug} placeholder
    tag_atom: str | None


def base_url_problem(url) -> str | None:
    """Why ``url`` cannot prefix the links in a feed, or None when it can."""
    if not isinstance(url, str) or not url.strip():
        return "it is empty"
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{url!r} is not an absolute http(s) URL"
    if parts.query or parts.fragment:
        return f"{url!r} has a query or fragment"
    return None


def _path_problem(name: str, value) -> str | None:
    if value is None or value == "":
        return None  # switched off
    if not isinstance(value, str):
        return f"{name} must be a path such as {DEFAULTS[name]!r}, not {value!r}"
    if value.startswith("/") or ".." in value.split("/") or value.endswith("/"):
        return f"{name} must be a file path inside the output folder, not {value!r}"
    if name in TAG_PATHS:
        try:
            formatted = value.format(slug="x")
        except (KeyError, IndexError, ValueError):
            formatted = None
        if "{slug}" not in value or formatted is None:
            return f"{name} must contain {{slug}} and no other placeholder, not {value!r}"
    return None


def read_feed_settings(settings) -> tuple[FeedSettings | None, list[str]]:
    """The feed settings and the problems found; settings is None when no feed can be written."""
    problems: list[str] = []
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}

    max_items = values["FEEDS_MAX_ITEMS"]
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        problems.append(
            f"FEEDS_MAX_ITEMS must be a whole number of at least 1, not {max_items!r}; "
            f"using {DEFAULTS['FEEDS_MAX_ITEMS']}"
        )
        values["FEEDS_MAX_ITEMS"] = DEFAULTS["FEEDS_MAX_ITEMS"]

    for name in SITE_PATHS + TAG_PATHS:
        problem = _path_problem(name, values[name])
        if problem:
            problems.append(f"{problem}; using {DEFAULTS[name]!r}")
            values[name] = DEFAULTS[name]

    base_problem = base_url_problem(values["FEEDS_BASE_URL"])
    if base_problem:
        problems.append(
            f"FEEDS_BASE_URL must be the site's absolute address (e.g. https://news.example.org)"
            f" but {base_problem}; no feed written"
        )
        return None, problems

    return (
        FeedSettings(
            base_url=values["FEEDS_BASE_URL"].strip().rstrip("/"),
            max_items=values["FEEDS_MAX_ITEMS"],
            site_rss=values["FEEDS_SITE_RSS"] or None,
            site_atom=values["FEEDS_SITE_ATOM"] or None,
            site_json=values["FEEDS_SITE_JSON"] or None,
            tag_rss=values["FEEDS_TAG_RSS"] or None,
            tag_atom=values["FEEDS_TAG_ATOM"] or None,
        ),
        problems,
    )


def absolute_url(base_url: str, path: str) -> str:
    """``path`` (relative to the site root, as Pelican's URLs are) under ``base_url``."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"
