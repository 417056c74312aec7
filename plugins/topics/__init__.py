"""Topics and sections: tag and file every article from topics.toml, once the articles
are read (boilerplate already stripped) and before Pelican groups them."""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

import plugin_support.text
from pelican import signals
from pelican.urlwrappers import Category, Tag
from plugin_support.caches import ResultCache, cache_key, code_version
from plugin_support.settings import setting

from .selection import Rules, choose_topics, merge_written_tags
from .vocabulary import EMPTY, load_vocabulary

logger = logging.getLogger(__name__)

# The article generator's lists, listed or not: Pelican has no one list of them all.
_PUBLISHED = ("articles", "translations", "hidden_articles", "hidden_translations")
_ARTICLE_LISTS = (*_PUBLISHED, "drafts", "drafts_translations")
_CODE = code_version(os.path.dirname(__file__), plugin_support.text.__file__)
# Rules field (setting TOPICS_<FIELD>) -> its lowest value.
_LOWEST = {"max": 1, "min_mentions": 1, "title_weight": 1, "fallback_below": 0, "fallback_max": 0}
# Curly apostrophes read as straight ones, so "Russia’s" and "Russia's" match alike.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc", "'"))


def plain_text(html: str) -> str:
    return plugin_support.text.html_to_text(html).translate(_APOSTROPHES)


def read_config(settings) -> tuple[str, Rules]:
    """The vocabulary's absolute path and the rules in Pelican ``settings``, with defaults."""
    rules = {
        field: setting(
            settings,
            f"TOPICS_{field.upper()}",
            getattr(Rules, field),
            lambda value, lowest=lowest: type(value) is int and value >= lowest,
            f"a whole number, {lowest} or more",
        )
        for field, lowest in _LOWEST.items()
    }
    path = setting(
        settings,
        "TOPICS_VOCABULARY",
        "topics.toml",
        lambda value: isinstance(value, str) and value != "",
        "the path of a TOML file",
    )
    return os.path.abspath(path), Rules(**rules)


@functools.lru_cache(maxsize=4)
def _vocabulary(path: str, version: str | None):
    """Loaded again only when the file's bytes (``version``) change: tests and
    `pelican -r` build many times, and its patterns are compiled once."""
    return load_vocabulary(path)


def _topic_names(article, written, authors, vocabulary, rules):
    """The article's topic names, and the ones from the fallback (None: the author's own)."""
    if written:
        return merge_written_tags(written, vocabulary), None
    # _content, not content: reading content caches it before other plugins are done.
    body = plain_text(article._content or "")
    return choose_topics(plain_text(article.title), body, vocabulary, rules, authors)


def tag_articles(generator) -> None:
    settings = generator.settings
    path, rules = read_config(settings)
    try:
        version = cache_key(Path(path).read_bytes())
    except OSError:
        version = None  # load_vocabulary says why
    vocabulary, problems = _vocabulary(path, version)
    # An unreadable file leaves only the fallback: an error; a flawed entry, a warning.
    log = logger.error if vocabulary is EMPTY else logger.warning
    for problem in problems:
        log("topics: %s", problem)
    # Tagging a thousand unchanged articles again would cost more than the rest of
    # a rebuild: results are kept, keyed by this code, the vocabulary and the rules.
    results = ResultCache(settings, "topics", cache_key(_CODE, version, rules))
    # One Tag or Category per name for the whole build: slugifying is the costly part.
    make_tag = functools.cache(functools.partial(Tag, settings=settings))
    category = functools.cache(functools.partial(Category, settings=settings))
    default = category(settings["DEFAULT_CATEGORY"])
    # One Category per section, spelt as DEFAULT_CATEGORY and topics.toml spell it,
    # else as the first (newest) article does.
    sections: dict[str, Category] = {}
    for section in (default, *map(category, vocabulary.sections.values())):
        sections.setdefault(section.slug, section)
    for name in _ARTICLE_LISTS:
        for article in getattr(generator, name, []):
            written = [str(tag) for tag in article.metadata.get("tags") or []]
            authors = [str(author) for author in getattr(article, "authors", [])]
            key = cache_key(written, authors, article.title, article._content or "")
            names, from_fallback = results.lookup(
                key, _topic_names, article, written, authors, vocabulary, rules
            )
            # A Tag is equal to (and hashes as) its slug: the first of each slug stays.
            article.tags = [tag for tag in dict.fromkeys(map(make_tag, names)) if tag.slug]
            if from_fallback or (from_fallback is not None and not article.tags):
                logger.info(
                    "topics: %s: the vocabulary found too few topics; from proper names: %s "
                    "(add them to %s to keep them)",
                    article.relative_source_path,
                    ", ".join(from_fallback) or "none",
                    os.path.basename(path),
                )
            # The author's Category: is read from the reader's metadata, never changed here
            # (the content cache keeps the article): a changed mapping files it afresh.
            section = article.metadata.get("category") or default
            if section == default and (mapped := vocabulary.section_for(names)):
                section = category(mapped)
            article.category = sections.setdefault(section.slug, section)
    results.save()


def list_sections(generator) -> None:
    """``sections``: the sections with articles, in Pelican's order, for the navigation
    on every page (``categories`` would hand every page all the articles too)."""
    generator.context["sections"] = [category for category, _ in generator.categories]


def register():
    signals.article_generator_pretaxonomy.connect(tag_articles)
    signals.article_generator_finalized.connect(list_sections)
