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


def _atom(char: str) -> str:
    return _SEPARATOR_PATTERN if char == " " else re.escape(char)


def _pattern(keys: Iterable[str], after_first: str = "") -> str:
    """A regex for any of ``keys``, shaped as a trie: shared prefixes written once, the
    longer key tried first. ``after_first`` follows the first character of each."""
    keys = sorted(set(keys))
    ends = keys[:1] == [""]  # a key ends here
    branches = [
        _atom(char) + after_first + _pattern([key[1:] for key in group])
        for char, group in itertools.groupby(keys[1:] if ends else keys, key=lambda key: key[0])
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body


def _compile(keys, *, names: bool) -> re.Pattern | None:
    if not keys:
        return None
    if not names:
        # The character before the signal is matched, not looked behind at:
        # the engine then only tries positions after a space or a punctuation
        # mark. The text searched must start with one (see ``mentions``).
        return re.compile(rf"\W(?P<signal>{_pattern(keys)}){_PLURAL}(?!\w)")
    # Names start with a capital: each alternative starts with its letter and
    # checks the word boundary just after it, so the engine skips ahead to the
    # next possible capital instead of trying every position.
    return re.compile(rf"(?P<signal>{_pattern(keys, _STARTS_WORD)}){_PLURAL}(?!\w)")


def _blank(match: re.Match) -> str:
    return " " * (match.end() - match.start())


class _Lookup(dict):
    """Signal key -> tag; another spelling matched is looked up by its key once, then
    kept: the same few spellings recur in every article."""

    def __missing__(self, matched: str) -> str | None:
        tag = self[matched] = self.get(signal_key(matched))
        return tag


def _count(regex: re.Pattern, text: str, lookup: _Lookup, counts: Counter) -> None:
    # findall and Counter run in C; Python only sees each distinct spelling.
    for matched, number in Counter(regex.findall(text)).items():
        if tag := lookup[matched]:
            counts[tag] += number


@dataclass(frozen=True)
class Vocabulary:
    names: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # never a topic made from proper names
    # Signal keys (see signal_key; case-blind ones in lower case) -> a tag name, or None
    # for a phrase that blocks the signals inside it and counts for nothing.
    exact: Mapping[str, str | None] = field(default_factory=dict)
    case_blind: Mapping[str, str | None] = field(default_factory=dict)
    # Case-folded tag name -> the name as the vocabulary spells it.
    spellings: Mapping[str, str] = field(default_factory=dict)
    # Case-folded tag name -> the section its articles are filed in.
    sections: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def known_phrases(self) -> frozenset[str]:
        """Every signal and ignored phrase, case-folded: never a fallback topic either."""
        return frozenset(key.casefold() for key in (*self.exact, *self.case_blind))

    @functools.cached_property
    def _regexes(self) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
        """Compiled when first needed: a rebuild whose articles are all tagged from
        its memo never needs them (compiling costs a tenth of a second)."""
        exact = _compile(self.exact, names=True)
        blind = _compile(self.case_blind, names=False)
        # Names with a lower-case signal inside ("European Union": "union"),
        # blanked out before lower-case signals are looked for.
        shadowing = [key for key in self.exact if blind and blind.search(" " + key.lower())]
        return exact, blind, _compile(shadowing, names=True)

    @functools.cached_property
    def _lookups(self) -> tuple[_Lookup, _Lookup]:
        return _Lookup(self.exact), _Lookup(self.case_blind)

    def mentions(self, text: str) -> Counter[str]:
        """How many times each tag is mentioned in ``text``."""
        exact, blind, shadowing = self._regexes
        names, others = self._lookups
        counts: Counter[str] = Counter()
        if exact is not None:
            _count(exact, text, names, counts)
        if blind is not None:
            if shadowing is not None:
                text = shadowing.sub(_blank, text)
            _count(blind, " " + text.lower(), others, counts)
        return counts

    def section_for(self, topics: Iterable[str]) -> str | None:
        """The section of the strongest of ``topics`` (strongest first) that has one."""
        return next(filter(None, (self.sections.get(t.casefold()) for t in topics)), None)


EMPTY = Vocabulary()


def _text_list(value, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where} must be a list of quoted phrases; ignored")
        return []
    return [v for v in (" ".join(v.split()) for v in value) if v]


def _table(data: dict, name: str, shape: str, source: str, problems: list[str]) -> dict:
    table = data.get(name, {})
    if isinstance(table, dict):
        return table
    problems.append(f"{source}: [{name}] must be a table of {shape}; ignored")
    return {}


def _phrases(data: dict, section: str, key: str, source: str, problems: list[str]) -> list[str]:
    table = data.get(section, {})
    value = table.get(key, []) if isinstance(table, dict) else None
    return _text_list(value, f"{source}: [{section}] {key}", problems)


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
    problems: list[str] = []
    exact: dict[str, str | None] = {}
    blind: dict[str, str | None] = {}
    owner: dict[str, str] = {}  # case-folded signal -> the tag it was first listed under

    def add(signal: str, tag: str | None) -> None:
        key = signal_key(signal)
        if tag is not None:
            first = owner.setdefault(key.casefold(), tag)
            if first != tag:
                problems.append(
                    f"{source}: signal {signal!r} is listed under {first!r} "
                    f"and {tag!r}; kept for {first!r}"
                )
                return
        # A signal that starts with a capital ("US", "Turkey") is a name or an acronym,
        # matched as written; any other ("strike", "al-Qaeda") matches in any case.
        if not key[:1].isupper():
            blind.setdefault(key.lower(), tag)
        else:
            exact.setdefault(key, tag)
            exact.setdefault(key.upper(), tag)  # a name also matches in a capitals headline

    for section in sorted(set(data) - {"tags", "ignore", "fallback", "sections"}):
        problems.append(f"{source}: unknown section [{section}] ignored")

    spellings: dict[str, str] = {}
    for raw_name, signals in _table(data, "tags", "name = [signals]", source, problems).items():
        name = " ".join(raw_name.split())
        if not name or name.casefold() in spellings:
            problems.append(f"{source}: tag name {raw_name!r} is empty or repeated; skipped")
            continue
        listed = _text_list(signals, f"{source}: tag {name!r}", problems)
        if not listed:
            problems.append(f"{source}: tag {name!r} has no signals; it can only come from Tags:")
        spellings[name.casefold()] = name
        for signal in listed:
            add(signal, name)

    for phrase in _phrases(data, "ignore", "phrases", source, problems):
        # A name found hides the lower-case signals inside it too:
        # "Socialist Equality Party" hides "socialist".
        add(phrase, None)
    exclude = _phrases(data, "fallback", "exclude", source, problems)

    sections: dict[str, str] = {}
    table = _table(data, "sections", "section = [topics]", source, problems)
    for raw_name, topics in table.items():
        section = " ".join(raw_name.split())
        if not section:
            problems.append(f"{source}: [sections] has an empty section name; skipped")
            continue
        for topic in _text_list(topics, f"{source}: section {section!r}", problems):
            folded = topic.casefold()
            if folded not in spellings:
                problems.append(
                    f"{source}: section {section!r} lists {topic!r}, which is not in [tags]; "
                    "ignored"
                )
            elif sections.setdefault(folded, section) != section:
                problems.append(
                    f"{source}: topic {topic!r} is listed under sections "
                    f"{sections[folded]!r} and {section!r}; kept for {sections[folded]!r}"
                )

    _drop_signals_containing_names(blind, exact)
    vocabulary = Vocabulary(
        names=tuple(spellings.values()),
        exclude=tuple(exclude),
        exact=exact,
        case_blind=blind,
        spellings=spellings,
        sections=sections,
    )
    return vocabulary, problems


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
