"""Topics: tag every article from the controlled vocabulary in topics.toml.

Seeds carry no tags. Once the articles are read (boilerplate already
stripped) and before Pelican groups them by tag, each article gets up to
``TOPICS_MAX`` vocabulary tags, or recurring proper names when the vocabulary
finds too few. A Markdown article's own ``Tags:`` are kept, spelt as the
vocabulary spells them.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from pelican import signals
from pelican.cache import FileDataCacher
from pelican.urlwrappers import Tag

from .config import read_config
from .selection import choose_topics, merge_written_tags
from .text import html_to_text
from .vocabulary import EMPTY, load_vocabulary

logger = logging.getLogger(__name__)

# Every list in which the article generator keeps articles, listed or not.
_ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
# path -> (file stamp, vocabulary, problems): tests and `pelican -r` build many times.
_loaded: dict[str, tuple] = {}


def _vocabulary(path: str):
    try:
        status = os.stat(path)
        stamp = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = None
    cached = _loaded.get(path)
    if cached is None or cached[0] != stamp or stamp is None:
        cached = (stamp, *load_vocabulary(path))
        _loaded[path] = cached
    return cached[1], cached[2]


# Topic names are kept between builds, keyed by the article, the vocabulary
# file, the settings and this code: tagging a thousand unchanged articles
# again would cost more than the rest of a rebuild.
_MEMO = "topics-results"
_CODE = hashlib.blake2b(
    b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py")))
).hexdigest()


def _memo_key(start, article) -> str:
    """``start``: a hash of this code, the vocabulary file and the settings."""
    key = start.copy()
    about = (
        [str(tag) for tag in article.metadata.get("tags") or []],
        [str(author) for author in getattr(article, "authors", [])],
        str(getattr(article, "title", "")),
    )
    # A repr ends where its quotes say: nothing written after it can be mistaken for it.
    key.update(repr(about).encode("utf-8", "surrogatepass"))
    key.update((article._content or "").encode("utf-8", "surrogatepass"))
    return key.hexdigest()


def _topic_names(article, vocabulary, rules) -> tuple[list[str], list[str] | None]:
    """The article's topic names, and the ones from the fallback (None: the author's own)."""
    written = [str(tag) for tag in article.metadata.get("tags") or []]
    if written:
        return merge_written_tags(written, vocabulary), None
    authors = [str(author) for author in getattr(article, "authors", [])]
    title = html_to_text(str(getattr(article, "title", "")))
    # _content, not content: reading content caches it before other plugins are done.
    body = html_to_text(article._content or "")
    topics = choose_topics(title, body, vocabulary, rules, authors)
    return topics.names, topics.from_fallback


def tag_articles(generator) -> None:
    settings = generator.settings
    config, problems = read_config(settings)
    for problem in problems:
        logger.error("topics: %s", problem)
    path = os.path.abspath(config.vocabulary_path)
    vocabulary, problems = _vocabulary(path)
    # An unreadable file leaves only the fallback: an error; a flawed entry, a warning.
    log = logger.error if vocabulary is EMPTY else logger.warning
    for problem in problems:
        log("topics: %s", problem)
    stamp = _loaded.get(path, (None,))[0]
    # A memo key, not a signature: 16 bytes keep the memo small.
    start = hashlib.blake2b(
        repr((_CODE, stamp, config)).encode("utf-8", "surrogatepass"), digest_size=16
    )
    memo_in = FileDataCacher(settings, _MEMO, False, settings["LOAD_CONTENT_CACHE"])
    memo_out = FileDataCacher(settings, _MEMO, settings["CACHE_CONTENT"], False)
    # One Tag per name for the whole build: slugifying is the costly part.
    made: dict[str, Tag] = {}
    for name in _ARTICLE_LISTS:
        for article in getattr(generator, name, []):
            key = _memo_key(start, article)
            found = memo_in.get_cached_data(key)
            if found is None:
                found = _topic_names(article, vocabulary, config.rules)
            memo_out.cache_data(key, found)
            names, from_fallback = found
            tags: dict[str, Tag] = {}
            for topic in names:
                tag = made.get(topic)
                if tag is None:
                    tag = made[topic] = Tag(topic, settings)
                if tag.slug and tag.slug not in tags:
                    tags[tag.slug] = tag
            article.tags = list(tags.values())
            if from_fallback or (from_fallback is not None and not tags):
                logger.info(
                    "topics: %s: the vocabulary found too few topics; from proper names: %s "
                    "(add them to %s to keep them)",
                    article.relative_source_path,
                    ", ".join(from_fallback) or "none",
                    os.path.basename(path),
                )
    memo_out.save_cache()


def register():
    signals.article_generator_pretaxonomy.connect(tag_articles)
