"""Find every mention of a vocabulary's signals in a text, in two regex passes.

The signals are compiled into regular expressions shaped as tries (shared
prefixes written once), so the cost per article barely grows with the size of
the vocabulary, as one regex per signal would; at each position the longest
signal wins. Names and acronyms are matched on the text as it is, lower-case
signals on the text in lower case (much faster than an ignore-case regex).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping

# Between the words of a phrase: spaces or hyphens ("al-Qaeda" is "al Qaeda").
_SEPARATOR_PATTERN = r"[\s\-]+"
_SEPARATOR = re.compile(_SEPARATOR_PATTERN)
# A regular plural ("strikes", "NGOs") is a mention of the singular.
_PLURAL = r"(?:e?s)?"
_END = ""  # trie key marking "a signal ends here"


def signal_key(signal: str) -> str:
    """How a signal, or the text it matched, is looked up: one space between words."""
    return _SEPARATOR.sub(" ", signal.strip())


def is_case_blind(signal: str) -> bool:
    """A signal that starts with a capital ("US", "Turkey") is a name or an acronym,
    matched as written; any other ("strike", "al-Qaeda") matches in any case."""
    return not signal[:1].isupper()


def _trie(keys) -> dict:
    root: dict = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _atom(char: str) -> str:
    return _SEPARATOR_PATTERN if char == " " else re.escape(char)


def _pattern(node: dict) -> str:
    branches = [_atom(c) + _pattern(node[c]) for c in sorted(c for c in node if c != _END)]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        # Optional, and greedy: the longer signal is tried first.
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body


def _compile(keys, *, names: bool) -> re.Pattern | None:
    root = _trie(keys)
    if not root:
        return None
    if not names:
        # The character before the signal is matched, not looked behind at:
        # the engine then only tries positions after a space or a punctuation
        # mark. The text searched must start with one (see ``mentions``).
        return re.compile(rf"\W(?P<signal>{_pattern(root)}){_PLURAL}(?!\w)")
    # Names start with a capital: each alternative starts with its letter and
    # checks the word boundary just after it, so the engine skips ahead to the
    # next possible capital instead of trying every position.
    branches = [
        _atom(c) + r"(?<!\w.)" + _pattern(root[c]) for c in sorted(c for c in root if c != _END)
    ]
    return re.compile(rf"(?P<signal>{'|'.join(branches)}){_PLURAL}(?!\w)")


def _blank(match: re.Match) -> str:
    return " " * (match.end() - match.start())


def _count(regex: re.Pattern, text: str, table: Mapping, seen: dict, counts: Counter) -> None:
    # findall and Counter run in C; Python only sees each distinct spelling, once
    # looked up (``seen``: the same few spellings recur in every article).
    for matched, number in Counter(regex.findall(text)).items():
        try:
            tag = seen[matched]
        except KeyError:
            tag = seen[matched] = table.get(signal_key(matched))
        if tag:
            counts[tag] += number


class Matcher:
    """Counts mentions of tags in text. ``exact`` and ``case_blind`` map signal keys
    (``case_blind`` ones in lower case) to a tag name, or to None for a phrase that
    blocks the signals inside it and counts for nothing."""

    def __init__(
        self, exact: Mapping[str, str | None], case_blind: Mapping[str, str | None]
    ) -> None:
        self._exact = dict(exact)
        self._case_blind = dict(case_blind)
        self._seen: tuple[dict, dict] = ({}, {})

    @functools.cached_property
    def _regexes(self) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
        """Compiled when first needed: a rebuild whose articles are all tagged from
        its memo never needs them (compiling costs a tenth of a second)."""
        exact = _compile(self._exact, names=True)
        blind = _compile(self._case_blind, names=False)
        # Names with a lower-case signal inside ("European Union": "union"),
        # blanked out before lower-case signals are looked for.
        shadowing = [key for key in self._exact if blind and blind.search(" " + key.lower())]
        return exact, blind, _compile(shadowing, names=True)

    def mentions(self, text: str) -> Counter[str]:
        """How many times each tag is mentioned in ``text``."""
        exact, blind, shadowing = self._regexes
        counts: Counter[str] = Counter()
        if exact is not None:
            _count(exact, text, self._exact, self._seen[0], counts)
        if blind is not None:
            if shadowing is not None:
                text = shadowing.sub(_blank, text)
            _count(blind, " " + text.lower(), self._case_blind, self._seen[1], counts)
        return counts
