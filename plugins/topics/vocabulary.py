"""The controlled vocabulary editors keep in topics.toml (its comments say how): which
tags exist, the signals that mention them and the sections they file articles in.

Loading never raises: problems come back as messages and the rest is kept.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .matcher import Matcher, is_case_blind, signal_key


@dataclass(frozen=True)
class Vocabulary:
    names: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # never a topic made from proper names
    # Every signal and ignored phrase, case-folded: never a fallback topic either.
    known_phrases: frozenset[str] = frozenset()
    matcher: Matcher = field(default_factory=lambda: Matcher({}, {}))
    # Case-folded tag name -> the name as the vocabulary spells it.
    spellings: Mapping[str, str] = field(default_factory=dict)
    # Case-folded tag name -> the section its articles are filed in.
    sections: Mapping[str, str] = field(default_factory=dict)

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


def _drop_signals_containing_names(blind: dict, exact: dict) -> None:
    """Drop "al-Assad" when "Assad" signals the same tag: the name alone counts it once."""
    names = {key.lower(): tag for key, tag in exact.items() if tag}
    for key, tag in list(blind.items()):
        words = key.split(" ")
        inner = (
            " ".join(words[start:end])
            for start in range(len(words))
            for end in range(start + 1, len(words) + 1)
            if end - start < len(words)
        )
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
        if is_case_blind(key):
            blind.setdefault(key.lower(), tag)
        else:
            exact.setdefault(key, tag)
            exact.setdefault(key.upper(), tag)  # a name also matches in a capitals headline

    for section in sorted(set(data) - {"tags", "ignore", "fallback", "sections"}):
        problems.append(f"{source}: unknown section [{section}] ignored")

    names: list[str] = []
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
        names.append(name)
        for signal in listed:
            add(signal, name)

    ignore, fallback = data.get("ignore", {}), data.get("fallback", {})
    ignored = _text_list(
        ignore.get("phrases", []) if isinstance(ignore, dict) else None,
        f"{source}: [ignore] phrases",
        problems,
    )
    for phrase in ignored:
        # A name found hides the lower-case signals inside it too:
        # "Socialist Equality Party" hides "socialist".
        add(phrase, None)
    exclude = _text_list(
        fallback.get("exclude", []) if isinstance(fallback, dict) else None,
        f"{source}: [fallback] exclude",
        problems,
    )

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
        names=tuple(names),
        exclude=tuple(exclude),
        known_phrases=frozenset(key.casefold() for key in (*exact, *blind)),
        matcher=Matcher(exact, blind),
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
