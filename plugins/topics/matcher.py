"""Find every mention of a vocabulary's signals in a text, in two regex passes.

The signals are compiled into regular expressions shaped as tries (shared
prefixes written once), so the cost per article barely grows with the size of
the vocabulary, as one regex per signal would. At each position the longest
signal wins, so "United Nations Security Council" is one mention, and a
blocking phrase ("African American") hides the shorter signal inside it.

Names and acronyms are matched case-sensitively on the text as it is; lower-
case signals on the text in lower case (much faster than an ignore-case regex).
Where a name and a lower-case signal overlap ("European Union" and "union"),
the one that starts first wins, the name on a tie.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping

# Between the words of a phrase: spaces or hyphens ("al-Qaeda" is "al Qaeda").
_SEPARATOR = re.compile(r"[\s\-]+")
_SEPARATOR_PATTERN = r"[\s\-]+"
# A regular plural ("strikes", "NGOs") is a mention of the singular.
_PLURAL = r"(?:e?s)?"
_END = ""  # trie key marking "a signal ends here"
# str.lower() keeps every string's length except for this one letter, and
# spans found in the lowered text must fit the original.
_SAFE_LOWER = str.maketrans({"\u0130": "i"})


def signal_key(signal: str) -> str:
    """How a signal, or the text it matched, is looked up: one space between words."""
    return _SEPARATOR.sub(" ", signal.strip())


def is_case_blind(signal: str) -> bool:
    """Signals that start in lower case ("strike", "al-Qaeda") match in any case.

    A signal that starts with a capital ("US", "NATO", "Russia", "Security
    Council") is a name or an acronym, matched as written, so "US" never
    matches "us", "UN" never "Un", "Turkey" never the bird.
    """
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


def _compile(keys, *, skip_to_first_letter: bool) -> re.Pattern | None:
    root = _trie(keys)
    if not root:
        return None
    if not skip_to_first_letter:
        return re.compile(rf"(?<!\w)(?P<signal>{_pattern(root)}){_PLURAL}(?!\w)")
    # Names start with a capital: each alternative starts with its letter and
    # checks the word boundary just after it, so the regex engine skips ahead
    # to the next possible capital instead of trying every position.
    branches = [
        _atom(c) + r"(?<!\w.)" + _pattern(root[c]) for c in sorted(c for c in root if c != _END)
    ]
    return re.compile(rf"(?P<signal>{'|'.join(branches)}){_PLURAL}(?!\w)")


class Matcher:
    """Counts mentions of tags in text.

    ``exact`` and ``case_blind`` map signal keys (see :func:`signal_key`;
    ``case_blind`` keys in lower case) to a tag name, or to ``None`` for a
    phrase that blocks the signals inside it and counts for nothing.
    """

    def __init__(
        self, exact: Mapping[str, str | None], case_blind: Mapping[str, str | None]
    ) -> None:
        self._exact = dict(exact)
        self._case_blind = dict(case_blind)
        self._exact_regex = _compile(self._exact, skip_to_first_letter=True)
        self._blind_regex = _compile(self._case_blind, skip_to_first_letter=False)
        # Matched text -> tag: the same few spellings recur in every article.
        self._exact_seen: dict[str, str | None] = {}
        self._blind_seen: dict[str, str | None] = {}

    @staticmethod
    def _lookup(matched: str, table: dict, seen: dict) -> str | None:
        try:
            return seen[matched]
        except KeyError:
            tag = seen[matched] = table.get(signal_key(matched))
            return tag

    def mentions(self, text: str) -> Counter[str]:
        """How many times each tag is mentioned in ``text``."""
        counts: Counter[str] = Counter()
        starts: list[int] = []
        ends: list[int] = []
        if self._exact_regex is not None:
            table, seen = self._exact, self._exact_seen
            for match in self._exact_regex.finditer(text):
                starts.append(match.start())
                ends.append(match.end())
                tag = self._lookup(match.group("signal"), table, seen)
                if tag:
                    counts[tag] += 1
        if self._blind_regex is not None:
            table, seen = self._case_blind, self._blind_seen
            lowered = text.translate(_SAFE_LOWER).lower() if not text.islower() else text
            for match in self._blind_regex.finditer(lowered):
                if starts:
                    # Skip it if a name covers its start or starts inside it.
                    at = bisect_right(starts, match.start()) - 1
                    if at >= 0 and ends[at] > match.start():
                        continue
                    if at + 1 < len(starts) and starts[at + 1] < match.end():
                        continue
                tag = self._lookup(match.group("signal"), table, seen)
                if tag:
                    counts[tag] += 1
        return counts
