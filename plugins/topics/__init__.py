"""Topics and sections: tag and file every article from topics.toml.

Seeds carry no tags. Once the articles are read (boilerplate already
stripped) and before Pelican groups them by tag and category, each article
gets up to ``TOPICS_MAX`` vocabulary tags, or recurring proper names when the
vocabulary finds too few. A Markdown article's own ``Tags:`` are kept, spelt
as the vocabulary spells them. An article without a ``Category:`` of its own
is filed in the section of its strongest topic that has one ([sections] in
topics.toml), else in ``DEFAULT_CATEGORY``.
"""

from __future__ import annotations

import functools
import logging
import os

from pelican import signals
from pelican.urlwrappers import Tag
from plugin_support.caches import ResultCache, cache_key, code_version

from .config import read_config
from .sections import Sections, list_sections
from .selection import choose_topics, merge_written_tags
from .text import html_to_text
from .vocabulary import EMPTY, load_vocabulary

logger = logging.getLogger(__name__)

# The article generator's lists, listed or not: Pelican has no one list of them all.
_ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
_CODE = code_version(os.path.dirname(__file__))


@functools.lru_cache(maxsize=4)
def _vocabulary(path: str, version: str | None):
    """Loaded again only when the file's bytes (``version``) change: tests and
    `pelican -r` build many times, and the matcher compiles its patterns once."""
    return load_vocabulary(path)


def _file_version(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            return cache_key(file.read())
    except OSError:
        return None


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
    config = read_config(settings)
    path = os.path.abspath(config.vocabulary_path)
    version = _file_version(path)
    vocabulary, problems = _vocabulary(path, version)
    # An unreadable file leaves only the fallback: an error; a flawed entry, a warning.
    log = logger.error if vocabulary is EMPTY else logger.warning
    for problem in problems:
        log("topics: %s", problem)
    # Tagging a thousand unchanged articles again would cost more than the rest of
    # a rebuild: results are kept, keyed by this code, the vocabulary and the rules.
    results = ResultCache(settings, "topics", cache_key(_CODE, version, config))
    # One Tag per name for the whole build: slugifying is the costly part.
    tags_made: dict[str, Tag] = {}
    sections = Sections(settings, vocabulary)
    for name in _ARTICLE_LISTS:
        for article in getattr(generator, name, []):
            key = cache_key(
                [str(tag) for tag in article.metadata.get("tags") or []],
                [str(author) for author in getattr(article, "authors", [])],
                str(getattr(article, "title", "")),
                article._content or "",
            )
            names, from_fallback = results.lookup(
                key, _topic_names, article, vocabulary, config.rules
            )
            tags: dict[str, Tag] = {}
            for topic in names:
                tag = tags_made.get(topic)
                if tag is None:
                    tag = tags_made[topic] = Tag(topic, settings)
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
            article.category = sections.of(article, names)
    results.save()


def register():
    signals.article_generator_pretaxonomy.connect(tag_articles)
    signals.article_generator_finalized.connect(list_sections)
