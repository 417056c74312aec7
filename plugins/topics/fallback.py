"""Topics for an article the vocabulary says little about: its recurring proper names.

A proper name here is two or more capitalised words in a row, possibly joined
by "of", "for", "the"... ("Security Council", "Bank of England"). Function
words, titles ("President") and a sentence's capitalised first word are not
part of a name; the author's name and editorially excluded phrases are never
topics.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that may join the capitalised words of one name.
# Not "and" or "in": "Russia and Iran" is two names, "Council in New York" too.
CONNECTORS = _word_set(
    "of for the de del della da di do dos du van von der den la le al el bin ibn"
)
# Dates that follow a name ("the Security Council on Monday" has no "on", but
# "Council Monday" happens in headlines); "May" stays, it is also a surname.
_CALENDAR_TAIL = _word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october
    november december
    """
)
# Capitalised words that do not make a name: function words, sentence openers,
# titles and calendar words.
STOP_WORDS = _word_set(
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
STOP_WORDS |= _CALENDAR_TAIL
_TOKEN = re.compile(r"\w+(?:['\-]\w+)*|[^\w\s]")
_SENTENCE_END = frozenset(".!?")
_POSSESSIVE = re.compile(r"'s?$")


def _is_capitalised(word: str) -> bool:
    return word[0].isupper()


def _runs(line: str) -> Iterable[tuple[list[str], bool]]:
    """Runs of capitalised words in ``line``, and whether each opens a sentence."""
    run: list[str] = []
    run_opens_sentence = False
    sentence_start = True
    for match in _TOKEN.finditer(line):
        token = match.group()
        is_word = token[0].isalnum() or token[0] == "_"
        if is_word and _is_capitalised(token):
            if not run:
                run_opens_sentence = sentence_start
            possessive = _POSSESSIVE.search(token) if "'" in token else None
            run.append(token[: possessive.start()] if possessive else token)
            if possessive:  # "Russia's President": the name ends at the possessive
                yield run, run_opens_sentence
                run = []
        elif is_word and run and token in CONNECTORS:
            run.append(token)
        else:
            if run:
                yield run, run_opens_sentence
                run = []
        if is_word:
            sentence_start = False
        elif token in _SENTENCE_END:
            sentence_start = True
    if run:
        yield run, run_opens_sentence


def _strip_ends(words: list[str]) -> list[str]:
    words = list(words)
    while words and (words[0].lower() in STOP_WORDS or words[0] in CONNECTORS):
        words.pop(0)
    while words and (words[-1].lower() in _CALENDAR_TAIL or words[-1] in CONNECTORS):
        words.pop()
    return words


def _is_name(words: list[str]) -> bool:
    return sum(1 for w in words if _is_capitalised(w)) >= 2


def _split_joined_names(run: list[str]) -> list[list[str]]:
    """Two names joined by a connector, as in "Kees Janssen of the Port Users Group".

    Only a plain name ("Kees Janssen", no connector inside) is split from a
    following name, so "Bank of England" and "Organization for the Prohibition
    of Chemical Weapons" stay whole.
    """
    for at, word in enumerate(run):
        if word not in CONNECTORS:
            continue
        head = run[:at]
        tail = _strip_ends(run[at:])
        if len(head) >= 2 and _is_name(head) and _is_name(tail):
            return [head, *_split_joined_names(tail)]
        return [run]
    return [run]


def _contains_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def _overlaps(name: str, phrases: Iterable[str]) -> bool:
    """Whether ``name`` and one of ``phrases`` contain one another, as whole words."""
    folded = name.casefold()
    return any(
        _contains_phrase(folded, p) or _contains_phrase(p, folded)
        for p in (" ".join(p.split()).casefold() for p in phrases)
        if p
    )


def candidate_names(text: str) -> Counter[str]:
    """Every multi-word proper name in ``text`` and how often it occurs."""
    lower_words = frozenset(re.findall(r"\b[a-z]\w*", text))
    # A sentence's first word is capitalised anyway. Runs inside sentences, or
    # opened by a function word ("The"), give names that can be trusted...
    trusted: Counter[str] = Counter()
    doubtful: list[list[str]] = []
    for line in text.splitlines():
        for whole_run, run_opens_sentence in _runs(line):
            for number, run in enumerate(_split_joined_names(whole_run)):
                opens_sentence = run_opens_sentence and number == 0
                if opens_sentence and run[0].lower() not in STOP_WORDS:
                    doubtful.append(run)
                    continue
                words = _strip_ends(run)
                if _is_name(words):
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


def _occurrences(text: str, name: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text))


def proper_name_topics(
    title: str,
    body: str,
    *,
    limit: int,
    min_mentions: int = 2,
    title_weight: int = 3,
    excluded: Iterable[str] = (),
    known_phrases: frozenset[str] = frozenset(),
) -> list[str]:
    """Up to ``limit`` names recurring in the article, strongest first.

    A name comes from the body (a title may capitalise every word); it needs
    ``min_mentions`` mentions there, or one there and one in the title.
    ``excluded`` (boilerplate, the author's names) rules out names that contain
    or are contained in one of its phrases; ``known_phrases`` (case-folded
    vocabulary signals) are left to the vocabulary.
    """
    excluded = list(excluded)
    strength: dict[str, int] = {}
    for name, mentions_in_body in candidate_names(body).items():
        mentions_in_title = _occurrences(title, name)
        if not mentions_in_title and mentions_in_body < min_mentions:
            continue
        if name.casefold() in known_phrases or _overlaps(name, excluded):
            continue
        strength[name] = mentions_in_title * title_weight + mentions_in_body
    ranked = sorted(strength, key=lambda name: (-strength[name], name.casefold(), name))
    return ranked[:limit]
