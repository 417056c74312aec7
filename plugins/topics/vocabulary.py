"""The controlled vocabulary editors keep in topics.toml (its comments say how): which
tags exist, the signals that mention them and the sections they file articles in.
Loading never raises: problems come back as messages and the rest is kept.

Mentions are found in two passes of trie-shaped regexes, whose cost barely grows with
the vocabulary: names as written, other signals on the lower-cased text (much faster
than an ignore-case regex).
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Between the words of a phrase: spaces or hyphens ("al-Qaeda" is "al Qaeda").
_SEPARATOR_PATTERN = r"[\s\-]+"
_SEPARATOR = re.compile(_SEPARATOR_PATTERN)
# A regular plural ("strikes", "NGOs") is a mention of the singular.
_PLURAL = r"(?:e?s)?"
_STARTS_WORD = r"(?<!\w.)"  # after a name's first character: no word character before it


def signal_key(signal: str) -> str:
    """How a signal, or the text it matched, is looked up: one space between words."""
    return _SEPARATOR.sub(" ", signal.strip())


def _pattern(keys: Iterable[str], after_first: str = "") -> str:
    """A regex for any of ``keys``, shaped as a trie: shared prefixes written once, the
    longer key tried first. ``after_first`` follows the first character of each."""
    keys = sorted(set(keys))
    ends = keys[:1] == [""]  # a key ends here
    branches = [
        (_SEPARATOR_PATTERN if char == " " else re.escape(char))
        + after_first
        + _pattern([key[1:] for key in group])
        for char, group in itertools.groupby(keys[1:] if ends else keys, key=lambda key: key[0])
    ]
    if not branches:  # the end of a key, or no keys at all: then a regex that never matches
        return "" if ends else "(?!)"
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


def _compile(keys, before: str = "", after_first: str = "") -> re.Pattern:
    return re.compile(rf"{before}({_pattern(keys, after_first)}){_PLURAL}(?!\w)")


@dataclass(frozen=True)
class Vocabulary:
    exclude: tuple[str, ...] = ()  # never a topic made from proper names
    # Signal keys (see signal_key; case-blind ones in lower case) -> a tag name, or None
    # for a phrase that blocks the signals inside it and counts for nothing.
    exact: Mapping[str, str | None] = field(default_factory=dict)
    case_blind: Mapping[str, str | None] = field(default_factory=dict)
    # Case-folded tag name -> the name as the vocabulary spells it (every tag, in order).
    spellings: Mapping[str, str] = field(default_factory=dict)
    # Case-folded tag name -> the section its articles are filed in.
    sections: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def known_phrases(self) -> frozenset[str]:
        """Every signal and ignored phrase, case-folded: never a fallback topic either."""
        return frozenset(key.casefold() for key in (*self.exact, *self.case_blind))

    @functools.cached_property
    def _regexes(self) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
        """Compiled when first needed: a rebuild whose articles are all tagged from
        its memo never needs them (compiling costs a tenth of a second)."""
        # Names start with a capital: each alternative starts with its letter and
        # checks the word boundary just after it, so the engine skips ahead to the
        # next possible capital instead of trying every position.
        exact = _compile(self.exact, after_first=_STARTS_WORD)
        # The character before a signal is matched, not looked behind at: the engine
        # then only tries positions after a space or a punctuation mark (hence the
        # space ``mentions`` puts before the text).
        blind = _compile(self.case_blind, before=r"\W")
        # Names with a lower-case signal inside ("European Union": "union"),
        # blanked out before lower-case signals are looked for.
        shadowing = [key for key in self.exact if blind.search(" " + key.lower())]
        return exact, blind, _compile(shadowing, after_first=_STARTS_WORD)

    def mentions(self, text: str) -> Counter[str]:
        """How many times each tag is mentioned in ``text``."""
        exact, blind, shadowing = self._regexes
        lowered = " " + shadowing.sub(lambda match: " " * len(match[0]), text).lower()
        counts: Counter[str] = Counter()
        for regex, searched, tags in ((exact, text, self.exact), (blind, lowered, self.case_blind)):
            # findall and Counter run in C; Python only sees each distinct spelling.
            for matched, number in Counter(regex.findall(searched)).items():
                if tag := tags.get(signal_key(matched)):
                    counts[tag] += number
        return counts

    def section_for(self, topics: Iterable[str]) -> str | None:
        """The section of the strongest of ``topics`` (strongest first) that has one."""
        return next(filter(None, (self.sections.get(t.casefold()) for t in topics)), None)


EMPTY = Vocabulary()


def _drop_signals_containing_names(blind: dict, exact: dict) -> None:
    """Drop "al-Assad" when "Assad" signals the same tag: the name alone counts it once."""
    names = {key.lower(): tag for key, tag in exact.items() if tag}
    for key, tag in list(blind.items()):
        words = key.split(" ")
        spans = itertools.combinations(range(len(words) + 1), 2)
        inner = {" ".join(words[start:end]) for start, end in spans} - {key}
        if tag and any(names.get(phrase) == tag for phrase in inner):
            del blind[key]


def build_vocabulary(data: dict, source: str = "vocabulary") -> tuple[Vocabulary, list[str]]:
    """A vocabulary from parsed TOML ``data``, and the problems found in it."""
    unknown = sorted(set(data) - {"tags", "ignore", "fallback", "sections"})
    problems = [f"{source}: unknown section [{section}] ignored" for section in unknown]
    exact: dict[str, str | None] = {}
    blind: dict[str, str | None] = {}
    owner: dict[str, str] = {}  # case-folded signal -> the tag it was first listed under

    def report(problem: str) -> None:
        problems.append(f"{source}: {problem}")

    def phrases(value, where: str) -> list[str]:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v for v in (" ".join(v.split()) for v in value) if v]
        report(f"{where} must be a list of quoted phrases; ignored")
        return []

    def table(name: str, shape: str) -> dict:
        if isinstance(found := data.get(name, {}), dict):
            return found
        report(f"[{name}] must be a table of {shape}; ignored")
        return {}

    def add(signal: str, tag: str | None) -> None:
        key = signal_key(signal)
        first = tag if tag is None else owner.setdefault(key.casefold(), tag)
        if first != tag:
            report(f"signal {signal!r} is listed under {first!r} and {tag!r}; kept for {first!r}")
        # A signal that starts with a capital ("US", "Turkey") is a name or an acronym,
        # matched as written or in a capitals headline; any other ("strike",
        # "al-Qaeda") matches in any case.
        elif key[:1].isupper():
            exact.setdefault(key, tag)
            exact.setdefault(key.upper(), tag)
        else:
            blind.setdefault(key.lower(), tag)

    spellings: dict[str, str] = {}
    for raw_name, signals in table("tags", "name = [signals]").items():
        name = " ".join(raw_name.split())
        if not name or name.casefold() in spellings:
            report(f"tag name {raw_name!r} is empty or repeated; skipped")
            continue
        listed = phrases(signals, f"tag {name!r}")
        if not listed:
            report(f"tag {name!r} has no signals; it can only come from Tags:")
        spellings[name.casefold()] = name
        for signal in listed:
            add(signal, name)

    ignore, fallback = data.get("ignore", {}), data.get("fallback", {})
    ignore = ignore.get("phrases", []) if isinstance(ignore, dict) else None
    fallback = fallback.get("exclude", []) if isinstance(fallback, dict) else None
    for phrase in phrases(ignore, "[ignore] phrases"):
        # A name found hides the lower-case signals inside it too:
        # "Socialist Equality Party" hides "socialist".
        add(phrase, None)
    exclude = phrases(fallback, "[fallback] exclude")

    sections: dict[str, str] = {}
    for raw_name, topics in table("sections", "section = [topics]").items():
        section = " ".join(raw_name.split())
        if not section:
            report("[sections] has an empty section name; skipped")
            continue
        for topic in phrases(topics, f"section {section!r}"):
            folded = topic.casefold()
            if folded not in spellings:
                report(f"section {section!r} lists {topic!r}, which is not in [tags]; ignored")
            elif sections.setdefault(folded, section) != section:
                report(
                    f"topic {topic!r} is listed under sections {sections[folded]!r} and "
                    f"{section!r}; kept for {sections[folded]!r}"
                )

    _drop_signals_containing_names(blind, exact)
    return Vocabulary(tuple(exclude), exact, blind, spellings, sections), problems


def load_vocabulary(path: str) -> tuple[Vocabulary, list[str]]:
    """The vocabulary in the TOML file at ``path``; an empty one if it cannot be read."""
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        return EMPTY, [f"{path}: cannot read the topic vocabulary ({error.strerror})"]
    except tomllib.TOMLDecodeError as error:
        return EMPTY, [f"{path}: the topic vocabulary is not valid TOML ({error})"]
    return build_vocabulary(data, path)
