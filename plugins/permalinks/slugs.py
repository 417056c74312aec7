"""Choose slugs so that no two pieces of content are written to one file."""

from __future__ import annotations

from collections.abc import Callable

FALLBACK_SLUG = "article"


def capped_slug(slug: str, limit: int) -> str:
    """``slug`` cut to at most ``limit`` characters, at a word boundary when there is
    one: a headline of any length must still make a file name the system accepts."""
    if len(slug) <= limit:
        return slug
    head = slug[: limit + 1]
    words = head.rsplit("-", 1)[0].rstrip("-") if "-" in head else ""
    return words or slug[:limit]


def first_free_slug(slug: str, is_taken: Callable[[str], bool]) -> str:
    """``slug`` itself, else ``slug-2``, ``slug-3``... whichever is free first."""
    slug = slug or FALLBACK_SLUG
    candidate, number = slug, 2
    while is_taken(candidate):
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def site_page_paths(settings: dict) -> set[str]:
    """The files the site's own pages are written to (front page, topic index,
    search...), as Pelican names them: content must not take them."""
    paths = set()
    for template in settings.get("DIRECT_TEMPLATES", []):
        paths.add(settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html"))
    return {path for path in paths if path}
