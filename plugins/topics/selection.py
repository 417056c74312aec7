"""Which topics an article gets: the rules, applied to its title and text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .fallback import proper_name_topics
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Rules:
    max_topics: int = 8
    # Evidence a tag needs: this many mentions, or one in the title.
    min_mentions: int = 2
    # One mention in the title counts as this many in the body.
    title_weight: int = 3
    # Fewer vocabulary tags than this, and proper names fill in...
    fallback_below: int = 2
    # ...up to this many of them.
    fallback_max: int = 3


@dataclass(frozen=True)
class Topics:
    names: list[str]
    # The names that came from the fallback, for editors to consider.
    from_fallback: list[str]


def vocabulary_topics(title: str, body: str, vocabulary: Vocabulary, rules: Rules) -> list[str]:
    """The vocabulary tags with enough evidence, strongest first, at most ``max_topics``.

    Strength is title mentions times ``title_weight`` plus body mentions; ties
    go A to Z, so the same text always gives the same list.
    """
    in_title = vocabulary.matcher.mentions(title)
    in_body = vocabulary.matcher.mentions(body)
    strength: dict[str, int] = {}
    for tag in in_title.keys() | in_body.keys():
        mentions_in_title, mentions_in_body = in_title[tag], in_body[tag]
        if not mentions_in_title and mentions_in_body < rules.min_mentions:
            continue
        strength[tag] = mentions_in_title * rules.title_weight + mentions_in_body
    ranked = sorted(strength, key=lambda tag: (-strength[tag], tag.casefold(), tag))
    return ranked[: rules.max_topics]


def choose_topics(
    title: str,
    body: str,
    vocabulary: Vocabulary,
    rules: Rules,
    authors: Iterable[str] = (),
) -> Topics:
    """Topics for an article with no tags of its own (plain text title and body)."""
    names = vocabulary_topics(title, body, vocabulary, rules)
    if len(names) >= rules.fallback_below:
        return Topics(names, [])
    room = min(rules.fallback_max, rules.max_topics - len(names))
    known = vocabulary.known_phrases | {n.casefold() for n in names}
    extra = proper_name_topics(
        title,
        body,
        limit=max(room, 0),
        min_mentions=rules.min_mentions,
        title_weight=rules.title_weight,
        excluded=[*vocabulary.exclude, *authors],
        known_phrases=known,
    )
    return Topics(names + extra, extra)


def merge_written_tags(written: Sequence[str], vocabulary: Vocabulary) -> list[str]:
    """An author's own tags, as written, but spelt as the vocabulary spells them.

    "syria" and "Syria" are one topic, shown as the vocabulary's "Syria"; a tag
    the vocabulary does not know is kept as the author wrote it. Repeats go.
    """
    merged: list[str] = []
    seen: set[str] = set()
    for tag in written:
        tag = " ".join(tag.split())
        if not tag:
            continue
        shown = vocabulary.canonical_name(tag) or tag
        if shown.casefold() not in seen:
            seen.add(shown.casefold())
            merged.append(shown)
    return merged
