"""Pelican's content cache, checked before Pelican reads it.

Pelican writes it in place, keys entries by the source's time only and trusts what it
unpickles: a killed build leaves a file that fails every later one, and a MARKDOWN change
is never seen. So a successful build seals each cache file (its size and time, a key of
the reader settings and code), and a file not as sealed is removed before Pelican opens it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pelican
from plugin_support.caches import ResultCache, cache_key, code_version, drop, load_pickle

logger = logging.getLogger(__name__)
SEAL = "content-cache.stamps"  # (a new name: the older seal files are not result caches)
# Settings that shape what Pelican's readers return (content and metadata).
READER_SETTINGS = (
    "MARKDOWN", "DOCUTILS_SETTINGS", "READERS", "FORMATTED_FIELDS", "TIMEZONE",
    "DEFAULT_DATE", "DEFAULT_LANG", "DEFAULT_METADATA", "DEFAULT_CATEGORY",
    "FILENAME_METADATA", "PATH_METADATA", "EXTRA_PATH_METADATA", "USE_FOLDER_AS_CATEGORY",
    "TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS", "TYPOGRIFY_DASHES", "TYPOGRIFY_OMIT_FILTERS",
    "SUMMARY_MAX_LENGTH", "SUMMARY_MAX_PARAGRAPHS", "SUMMARY_END_SUFFIX",
    "SLUGIFY_SOURCE", "SLUG_REGEX_SUBSTITUTIONS", "CONTENT_CACHING_LAYER", "PATH",
    "ARTICLE_PATHS", "PAGE_PATHS", "PLUGINS",
)  # fmt: skip


def _cache_files(cache_path: Path) -> list[Path]:
    # Pelican names its cache files after its generators (ArticlesGenerator-Readers...).
    return sorted(cache_path.glob("*Generator*"))


def _stamp(path: Path) -> list[int]:
    found = path.stat()
    return [found.st_size, found.st_mtime_ns]


def check(settings: dict) -> str:
    """Remove the cache files Pelican must not trust, before it loads them. Returns the
    key of the reader settings as they are now: Pelican's Markdown reader adds to
    ``MARKDOWN`` once it is made, so the seal must use this key, not one taken later."""
    values = [(name, settings.get(name)) for name in READER_SETTINGS]
    plugins = code_version(*settings.get("PLUGIN_PATHS", []))
    key = cache_key(pelican.__version__, markdown.__version__, values, plugins)
    files = _cache_files(Path(settings["CACHE_PATH"]))
    if not files or not settings.get("LOAD_CONTENT_CACHE"):
        return key
    seal = ResultCache(settings, SEAL, key)  # empty if sealed with other settings or code
    for path in files:
        if seal.get(path.name) != _stamp(path):
            # load_pickle drops (with its warning) a folder or a file it cannot unpickle.
            if isinstance(load_pickle(path, "content cache"), dict):
                logger.debug("content cache %s: not sealed with these settings and code", path)
                path.unlink()
            elif path.exists():
                drop(path, "not a content cache", "content cache")
    return key


def seal(settings: dict, key: str) -> None:
    """Record the cache files a successful build leaves, made with reader settings ``key``."""
    seal = ResultCache(settings, SEAL, key)
    for path in _cache_files(Path(settings["CACHE_PATH"])):
        if path.is_file():
            seal.put(path.name, _stamp(path))
    seal.save()
