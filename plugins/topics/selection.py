"""Which topics an article gets: the vocabulary's tags with enough evidence, and
recurring proper names when those are too few. A proper name is two or more
capitalised words in a row, possibly joined by "of", "the"... ("Bank of England");
function words, titles ("President") and a sentence's first word are not part of one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Rules:
    max: int = 8  # topics per article
    min_mentions: int = 2  # evidence a topic needs: this many mentions, or one in the title
    title_weight: int = 3  # one mention in the title counts as this many in the body
    fallback_below: int = 2  # fewer vocabulary tags than this, and proper names fill in...
    fallback_max: int = 3  # ...up to this many of them


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may join the capitalised words of one name.
# Not "and" or "in": "Russia and Iran" is two names, "Council in New York" too.
CONNECTORS = _words("of for the de del della da di do dos du van von der den la le al el bin ibn")
# Dates that follow a name ("the Security Council on Monday" has no "on", but
# "Council Monday" happens in headlines); "May" stays, it is also a surname.
_CALENDAR_TAIL = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october
    november december
    """
)
# Capitalised words that do not make a name: function words, sentence openers,
# titles and calendar words.
STOP_WORDS = _CALENDAR_TAIL | _words(
    """
    a an the and or but nor so yet if then than that this these those there here
    it its he she they we you i me him her them us our their his my your
    in on at by for from to of with without about above below after before
    during since until into onto over under up down out off through between
    among against within across along around near behind beyond
    as is was were be been being are am do does did has have had will would
    shall should can could may might must not no yes all any some each every
    both few more most other such only own same also just very too even still
    what which who whom whose when where why how while although though because
    however meanwhile moreover nevertheless nonetheless furthermore instead
    indeed thus hence therefore otherwise already again once now today
    yesterday tomorrow last next first second third new according
    mr mrs ms miss dr prof sir dame lord lady
    president vice prime minister secretary general deputy chief senator sen
    rep representative governor gov mayor judge justice king queen prince
    princess chancellor ambassador foreign defence defense interior finance
    home state chairman chairwoman chair director spokesman spokeswoman
    spokesperson officer commander colonel major captain admiral sergeant
    lieutenant pope reverend rev professor leader speaker
    """
)
_TOKEN = re.compile(r"\w+(?:['\-]\w+)*|[^\w\s]")


def _strongest(mentions: Iterable[tuple[str, int, int]], rules: Rules, limit: int) -> list[str]:
    """Of (name, mentions in the title, in the body), the names with enough evidence,
    strongest first: title mentions times ``title_weight`` plus body mentions; ties go
    A to Z, so the same text always gives the same list."""
    strength = {
        name: in_title * rules.title_weight + in_body
        for name, in_title, in_body in mentions
        if in_title or in_body >= rules.min_mentions
    }
    return sorted(strength, key=lambda name: (-strength[name], name.casefold(), name))[:limit]


def vocabulary_topics(title: str, body: str, vocabulary: Vocabulary, rules: Rules) -> list[str]:
    in_title = vocabulary.mentions(title)
    in_body = vocabulary.mentions(body)
    mentions = ((tag, in_title[tag], in_body[tag]) for tag in in_title.keys() | in_body.keys())
    return _strongest(mentions, rules, rules.max)


def _runs(line: str) -> list[tuple[list[str], bool]]:
    """Runs of capitalised words in ``line`` (with the connectors between them), and
    whether each opens a sentence."""
    runs: list[tuple[list[str], bool]] = []
    run = None
    sentence_start = True
    for token in _TOKEN.findall(line):
        if token[0].isupper():
            if run is None:
                runs.append((run := [], sentence_start))
            run.append(token.removesuffix("'s"))
            if token.endswith("'s"):  # "Russia's President": the name ends at the possessive
                run = None
        elif run is not None and token in CONNECTORS:
            run.append(token)
        else:
            run = None
        if token in ".!?":
            sentence_start = True
        elif token[0].isalnum() or token[0] == "_":  # a word
            sentence_start = False
    return runs


def _strip_ends(words: list[str]) -> list[str]:
    words = list(words)
    while words and (words[0].lower() in STOP_WORDS or words[0] in CONNECTORS):
        words.pop(0)
    while words and (words[-1].lower() in _CALENDAR_TAIL or words[-1] in CONNECTORS):
        words.pop()
    return words


def _is_name(words: list[str]) -> bool:
    return sum(1 for w in words if w[0].isupper()) >= 2


def _split_joined_names(run: list[str]) -> list[list[str]]:
    """Two names joined by a connector ("Kees Janssen of the Port Users Group"). Only a
    plain name (no connector inside) is split from a following name, so "Bank of
    England" and "Organization for the Prohibition of Chemical Weapons" stay whole."""
    at = next((at for at, word in enumerate(run) if word in CONNECTORS), 0)
    # Before ``at`` every word is capitalised: two or more make a name.
    if at >= 2 and _is_name(tail := _strip_ends(run[at:])):
        return [run[:at], *_split_joined_names(tail)]
    return [run]


def candidate_names(text: str) -> Counter[str]:
    """Every multi-word proper name in ``text`` and how often it occurs."""
    lower_words = frozenset(re.findall(r"\b[a-z]\w*", text))
    # A sentence's first word is capitalised anyway. Runs inside sentences, or
    # opened by a function word ("The"), give names that can be trusted...
    trusted: Counter[str] = Counter()
    doubtful: list[list[str]] = []
    for line in text.splitlines():
        for whole_run, opens_sentence in _runs(line):
            for number, run in enumerate(_split_joined_names(whole_run)):
                if opens_sentence and number == 0 and run[0].lower() not in STOP_WORDS:
                    doubtful.append(run)
                elif _is_name(words := _strip_ends(run)):
                    trusted[" ".join(words)] += 1
    # ...others lose their first word if the text uses it in lower case
    # ("Earlier"), or if what follows it is a trusted name ("Members of the
    # Security Council"); otherwise the first word is part of the name ("Putin").
    counts = Counter(trusted)
    for run in doubtful:
        rest = _strip_ends(run[1:])
        drop_first = run[0].lower() in lower_words or " ".join(rest) in trusted
        words = rest if drop_first else _strip_ends(run)
        if _is_name(words):
            counts[" ".join(words)] += 1
    return counts


def proper_name_topics(
    title: str,
    body: str,
    *,
    limit: int,
    rules: Rules = Rules(),
    excluded: Iterable[str] = (),
    known_phrases: frozenset[str] = frozenset(),
) -> list[str]:
    """Up to ``limit`` names recurring in the body (a title may capitalise every word),
    strongest first; none that contains or is contained in an ``excluded`` phrase
    (boilerplate, the author's names), none of the case-folded ``known_phrases``."""
    # Padded with spaces, so that one contains the other only as whole words.
    excluded = [f" {p} " for p in (" ".join(p.split()).casefold() for p in excluded) if p]
    mentions = (
        (name, len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", title)), in_body)
        for name, in_body in candidate_names(body).items()
        if (folded := name.casefold()) not in known_phrases
        and not any(p in f" {folded} " or f" {folded} " in p for p in excluded)
    )
    return _strongest(mentions, rules, limit)


def choose_topics(
    title: str, body: str, vocabulary: Vocabulary, rules: Rules, authors: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """Topics for an article with no tags of its own (plain text title and body), and
    those of them that came from the fallback, for editors to consider."""
    names = vocabulary_topics(title, body, vocabulary, rules)
    if len(names) >= rules.fallback_below:
        return names, []
    extra = proper_name_topics(
        title,
        body,
        limit=min(rules.fallback_max, rules.max - len(names)),
        rules=rules,
        excluded=[*vocabulary.exclude, *authors],
        known_phrases=vocabulary.known_phrases | {name.casefold() for name in names},
    )
    return names + extra, extra


def merge_written_tags(written: Sequence[str], vocabulary: Vocabulary) -> list[str]:
    """An author's own tags, spelt as the vocabulary spells them ("syria" and "Syria"
    are one topic, "Syria"); a tag it does not know is kept as written. Repeats go."""
    merged: dict[str, str] = {}
    for tag in written:
        tag = " ".join(tag.split())
        if tag:
            shown = vocabulary.spellings.get(tag.casefold(), tag)
            merged.setdefault(shown.casefold(), shown)
    return list(merged.values())
