"""Give every article its own address, and keep it for good (README, "Addresses
never move").

Two seeds may carry one title; Pelican would write both to one path, and the second
would silently replace the first: the later one (by date, then source path, so builds
are reproducible) gets ``-2``, ``-3``... The ledger is sorted, one URL a line, so git
can merge it. URLs are final at ``all_generators_finalized``: in PLUGINS, this plugin
stands before every plugin that reads them there (related articles, reading time).
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Callable
from itertools import chain, count

from pelican import signals
from pelican.utils import slugify
from plugin_support.caches import atomic_write
from plugin_support.settings import setting

logger = logging.getLogger(__name__)

FALLBACK_SLUG = "article"


def _unique_pairs(pairs: list[tuple]) -> dict:
    # json.loads would keep the last of two lines with one URL (a careless merge).
    twice = [url for url, times in Counter(url for url, _ in pairs).items() if times > 1]
    if twice:
        raise ValueError(f"{twice[0]!r} is listed twice")
    return dict(pairs)


def parse_ledger(text: str) -> dict[str, str]:
    """URL -> source path; ValueError when ``text`` is not a ledger."""
    ledger = json.loads(text, object_pairs_hook=_unique_pairs)
    if not isinstance(ledger, dict) or not all(isinstance(s, str) for s in ledger.values()):
        raise ValueError("not an object of URLs and source files")
    return ledger


def format_ledger(ledger: dict[str, str]) -> str:
    return json.dumps(ledger, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_ledger(path: str | os.PathLike) -> dict[str, str] | None:
    """The ledger in ``path``, {} when there is none yet; None, with one warning, when
    it cannot be read: the file is left for an editor to mend (a merge conflict, say)."""
    try:
        with open(path, encoding="utf-8") as file:
            return parse_ledger(file.read())
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as error:
        logger.warning(
            "%s: permalinks ledger not read (%s); URLs are given as if it were empty, "
            "and it is not updated until it is mended",
            path,
            error.strerror if isinstance(error, OSError) else error,
        )
        return None


def capped_slug(slug: str, limit: int) -> str:
    """``slug`` cut to at most ``limit`` characters, at a word boundary when there is
    one: a headline of any length must still make a file name the system accepts."""
    if len(slug) <= limit:
        return slug
    words = slug[: limit + 1].rpartition("-")[0].rstrip("-")
    return words or slug[:limit]


def first_free_slug(slug: str, is_taken: Callable[[str], bool]) -> str:
    """``slug`` itself, else ``slug-2``, ``slug-3``... whichever is free first."""
    slug = slug or FALLBACK_SLUG
    return next(c for c in chain([slug], (f"{slug}-{n}" for n in count(2))) if not is_taken(c))


def site_page_paths(settings: dict) -> set[str]:
    """The files the site's own pages are written to (front page, search...), as
    Pelican names them: content must not take them."""
    names = settings.get("DIRECT_TEMPLATES", [])
    return {path for n in names if (path := settings.get(f"{n.upper()}_SAVE_AS", f"{n}.html"))}


def _slug_from_filename(content) -> str:
    """For a title with no letters or digits to make a slug of."""
    stem = os.path.splitext(os.path.basename(content.source_path))[0]
    return slugify(stem, regex_subs=content.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))


# Pelican's lists of content (each with its translations): the URLs of the first two,
# articles readers can reach (hidden ones too), are for good.
_PUBLISHED_LISTS = ("articles", "hidden_articles")
_LISTS = (*_PUBLISHED_LISTS, "drafts", "pages", "hidden_pages", "draft_pages")

# The ledger this build will write, once it has succeeded: {path: ledger}.
_pending: dict[str, dict[str, str]] = {}


def assign_urls(generators):
    contents = {
        content: name in _PUBLISHED_LISTS
        for generator in generators
        for name in _LISTS
        for original in getattr(generator, name, [])
        for content in (original, *original.translations)
    }
    settings = generators[0].settings
    name = setting(
        settings,
        "PERMALINKS_LEDGER",
        "permalinks.json",
        lambda value: value is None or (isinstance(value, str) and value != ""),
        "a file path (relative to PATH) or None",
    )
    path = name and os.path.join(settings["PATH"], name)
    ledger = read_ledger(path) if path else None
    owners = ledger or {}
    limit = setting(settings, "PERMALINKS_SLUG_MAX", 80)
    order = sorted(contents, key=lambda c: (str(getattr(c, "date", "")), c.source_path))
    reserved = site_page_paths(settings)
    taken, recorded = set(reserved), {}
    for content in order:
        source = content.relative_source_path.replace(os.sep, "/")  # one key on any system
        requested = capped_slug(content.slug or _slug_from_filename(content), limit)
        tried = []  # the file and URL of each slug tried (formatting one is not cheap)

        def is_taken(slug, content=content, tried=tried, source=source):
            content.slug = slug  # save_as and url are computed from the slug
            tried.append((content.save_as, content.url))
            return tried[-1][0] in taken or owners.get(tried[-1][1], source) != source

        content.slug = first_free_slug(requested, is_taken)
        wanted, (save_as, url) = tried[0][0], tried[-1]
        if wanted in reserved:
            # A page named like one of the site's own (Search, Tags...): the
            # editor's to rename. Two seeds with one headline are just news.
            logger.warning(
                "%s: %s is one of the site's own pages; published as %s instead "
                "(give it another Title or a Slug:)",
                content.relative_source_path,
                wanted,
                url,
            )
        elif content.slug != requested:
            logger.info("%s: URL already taken, published as %s", content.relative_source_path, url)
        taken.add(save_as)
        # The URL and file name are final: keep them, rather than format them from
        # the date and settings again at each of the many times they are asked for.
        content.override_url = url
        content.override_save_as = save_as
        if contents[content]:
            recorded[url] = source
    _pending.clear()
    if ledger is not None and not recorded.items() <= ledger.items():
        _pending[path] = {**ledger, **recorded}


def save_ledger(pelican):
    """Record the URLs once the build that published them has succeeded."""
    for path, ledger in _pending.items():
        try:
            atomic_write(path, format_ledger(ledger).encode("utf-8"))
        except OSError as error:
            logger.warning("%s: permalinks ledger not written (%s)", path, error.strerror)
    _pending.clear()


def register():
    signals.all_generators_finalized.connect(assign_urls)
    signals.finalized.connect(save_ledger)
