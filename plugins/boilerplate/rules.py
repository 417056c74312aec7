"""Boilerplate rules: from settings data to compiled patterns and selectors.

Plain functions that know nothing about Pelican. ``compile_rules(rules, selectors)``
returns the compiled ``Rules`` and a list of error messages, one per bad entry.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property

import soupsieve

from .blocks import BLOCK_TAGS

# The contact footer of the wire source and the lines that come with it.
DEFAULT_RULES = [
    {"text": "To contact the WSWS and the Socialist Equality Party visit:", "and_next": True},
    {
        "regex": r"To contact the WSWS and the Socialist Equality Party,? visit:?"
        r" \S*wsws\.org/contact\S*"
    },
    {"regex": r"(https?://)?(www\.)?wsws\.org/contact/?"},
    "Sign up for the WSWS email newsletter",
    "Follow the WSWS on social media",
]
DEFAULT_SELECTORS = ['a[href*="wsws.org/contact" i]', ".boilerplate"]

# Punctuation a footer line may end with or not: "visit:" and "visit" are one rule.
_TRAILING_PUNCTUATION = r"[\s.:;,!…]*"
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True)
class Rule:
    """A text pattern that a whole block (or line) must match."""

    pattern: re.Pattern
    and_next: bool = False  # the block after a matching one is boilerplate too
    label: str = ""
    # Words any match contains (case-folded): a text without them needs no search.
    needles: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        return bool(text) and self.pattern.fullmatch(text) is not None


@dataclass(frozen=True)
class Selector:
    """A CSS selector, and the strings an article must contain for it to match."""

    # One tuple of needles per comma-separated alternative; None: no cheap test.
    needles: tuple[tuple[str, ...], ...] | None
    label: str = ""  # the selector as written
    # It looks at siblings or positions (a + b, :first-child): needs the whole tree.
    contextual: bool = False

    @cached_property
    def compiled(self) -> soupsieve.SoupSieve:
        """Compiled when first used: soupsieve's first compile in a process costs a
        tenth of a second, and a build whose tails match text rules needs none."""
        return soupsieve.compile(self.label)


@dataclass(frozen=True)
class Rules:
    texts: tuple[Rule, ...] = ()
    selectors: tuple[Selector, ...] = field(default_factory=tuple)
    # What strip.py made of each text it saw after a block of story (footers recur).
    after_story: dict = field(default_factory=dict, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.texts or self.selectors)

    @property
    def context_free(self) -> bool:
        """No selector looks at an element's siblings: the tail can be parsed alone."""
        return not any(selector.contextual for selector in self.selectors)

    def may_match(self, source: str) -> bool:
        """False only if no rule can match anything in this HTML: then it needs no parsing."""
        if self.selectors and _selectors_may_match(self.selectors, source):
            return True
        return self._texts_may_match(self.texts, source)

    def may_take_next(self, source: str) -> bool:
        """False only if no rule that takes the next block can match in this HTML."""
        return self._texts_may_match([rule for rule in self.texts if rule.and_next], source)

    @staticmethod
    def _texts_may_match(rules, source: str) -> bool:
        folded = text = None
        for rule in rules:
            if rule.needles:
                if folded is None:
                    folded = html.unescape(_ANY_TAG.sub("", _UNREAD.sub("", source))).casefold()
                if not all(needle in folded for needle in rule.needles):
                    continue
            if text is None:
                text = plain_text(source)
            if rule.pattern.search(text):
                return True
        return False


def literal_pattern(text: str) -> str:
    """A regex for a literal footer line, tolerant of case, spacing and end punctuation."""
    words = re.sub(r"[.:;,!…\s]+$", "", text.strip()).split()
    escaped = (_APOSTROPHE.sub("['’]", re.escape(word)) for word in words)
    return r"\s+".join(escaped) + _TRAILING_PUNCTUATION


def compile_rule(entry, where: str) -> Rule:
    """One entry of BOILERPLATE_RULES; raises ValueError with the reason."""
    if isinstance(entry, str):
        entry = {"text": entry}
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a string or a dict, got {type(entry).__name__}")
    unknown = set(entry) - {"text", "regex", "and_next"}
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if ("text" in entry) == ("regex" in entry):
        raise ValueError(f"{where}: give exactly one of 'text' or 'regex'")
    source = entry.get("text", entry.get("regex"))
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"{where}: the pattern must be a non-empty string")
    and_next = entry.get("and_next", False)
    if not isinstance(and_next, bool):
        raise ValueError(f"{where}: 'and_next' must be True or False")
    regex = literal_pattern(source) if "text" in entry else source
    try:
        pattern = re.compile(regex, re.IGNORECASE)
    except re.error as error:
        raise ValueError(f"{where}: bad regular expression {source!r}: {error}") from error
    if pattern.fullmatch(""):
        raise ValueError(f"{where}: pattern {source!r} matches empty text")
    return Rule(pattern=pattern, and_next=and_next, label=source, needles=required_words(regex))


def required_words(regex: str) -> tuple[str, ...]:
    """Literal words every match of ``regex`` contains, case-folded.

    Only literals at the top level count (not inside groups, alternatives or
    repeats). A pattern this cannot read simply gets no needles.
    """
    try:
        parsed = re._parser.parse(regex, re.IGNORECASE)
        literal = re._constants.LITERAL
    except Exception:  # noqa: BLE001 - private module: any surprise means "no needles"
        return ()
    runs, current = [], []
    for op, value in parsed:
        if op is literal:
            current.append(chr(value))
        else:
            runs.append("".join(current))
            current = []
    runs.append("".join(current))
    words = {word.casefold() for run in runs for word in run.split()}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))  # rarest-looking first


def compile_selector(text, where: str) -> Selector:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: expected a CSS selector string")
    if not surely_valid_selector(text):
        try:
            soupsieve.compile(text)  # only to report its errors now
        except soupsieve.SelectorSyntaxError as error:
            raise ValueError(f"{where}: bad CSS selector {text!r}: {error}") from error
    return Selector(
        needles=selector_needles(text),
        label=text,
        contextual=bool(_CONTEXTUAL.search(_QUOTED_OR_ATTRIBUTE.sub(" ", text))),
    )


# A small part of CSS that soupsieve surely accepts: type, class, id and attribute
# selectors, combined with spaces, ">" and commas. Such a selector needs no
# compiling to be known valid (tests compile every form this accepts).
_IDENTIFIER = r"-?[A-Za-z_][\w-]*"
_SUBCLASS = (
    rf"[.#]{_IDENTIFIER}"
    rf"|\[\s*{_IDENTIFIER}\s*(?:[~|^$*]?=\s*"
    rf"(?:\"[^\"\\\n]*\"|'[^'\\\n]*'|{_IDENTIFIER})(?:\s+[iIsS])?\s*)?\]"
)
_COMPOUND = rf"(?:(?:{_IDENTIFIER}|\*)(?:{_SUBCLASS})*|(?:{_SUBCLASS})+)"
_COMPLEX = rf"{_COMPOUND}(?:(?:\s*>\s*|\s+){_COMPOUND})*"
_SURELY_VALID = re.compile(rf"\s*{_COMPLEX}(?:\s*,\s*{_COMPLEX})*\s*", re.ASCII)


def surely_valid_selector(text: str) -> bool:
    """True only for selectors of the simple forms soupsieve is known to accept."""
    return _SURELY_VALID.fullmatch(text) is not None


_QUOTED_OR_ATTRIBUTE = re.compile(r"\[[^\]]*\]|\"[^\"]*\"|'[^']*'")
_CONTEXTUAL = re.compile(r"[+~]|:(?:nth|first|last|only|root|scope|lang|dir)", re.IGNORECASE)


def compile_rules(rules=None, selectors=None) -> tuple[Rules, list[str]]:
    """Compile BOILERPLATE_RULES and BOILERPLATE_SELECTORS; None means the defaults.

    A bad entry is left out and described in the returned errors; a setting
    that is not a list at all falls back to its defaults.
    """
    errors: list[str] = []
    compiled_rules: list[Rule] = []
    compiled_selectors: list[Selector] = []
    for name, value, default, compile_one, into in (
        ("BOILERPLATE_RULES", rules, DEFAULT_RULES, compile_rule, compiled_rules),
        (
            "BOILERPLATE_SELECTORS",
            selectors,
            DEFAULT_SELECTORS,
            compile_selector,
            compiled_selectors,
        ),
    ):
        if value is None:
            value = default
        elif not isinstance(value, (list, tuple)):
            errors.append(f"{name} must be a list, not {type(value).__name__}; using the defaults")
            value = default
        for index, entry in enumerate(value):
            try:
                into.append(compile_one(entry, f"{name}[{index}]"))
            except ValueError as error:
                errors.append(f"{error}; entry ignored")
    return Rules(texts=tuple(compiled_rules), selectors=tuple(compiled_selectors)), errors


# --- the cheap test before parsing -----------------------------------------------

# Tags that separate blocks or lines: the same ones the parsed walk treats so
# (see blocks.py), so any block's text is a run of this plain text.
_BLOCK_TAG = re.compile(
    rf"</?(?:{'|'.join(sorted(BLOCK_TAGS | {'br'}))})\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[/!?]?[A-Za-z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_UNREAD = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def plain_text(source: str) -> str:
    """The text of an HTML fragment, whitespace collapsed, block tags read as spaces."""
    text = _UNREAD.sub("", source)
    text = _BLOCK_TAG.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return " ".join(html.unescape(text).split())


def _split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _outside_parentheses(text: str) -> str:
    kept, depth, quote = [], 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            continue
        if depth == 0:
            kept.append(char)
    return "".join(kept)


_ATTRIBUTE = re.compile(
    r"\[\s*([-\w]+)\s*(?:([~|^$*]?=)\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\]]+))\s*[iIsS]?\s*)?\]"
)
_CLASS_OR_ID = re.compile(r"[.#]([-\w]+)")


def selector_needles(selector: str) -> tuple[tuple[str, ...], ...] | None:
    """Strings (lower case) that a fragment must contain for the selector to match it.

    Only what is outside :not(), :has() and the like counts, since a negation
    requires nothing. None when some alternative offers no such string.
    """
    if "\\" in selector:  # CSS escapes: the source spells the name differently
        return None
    alternatives = []
    for alternative in _split_top_level(selector, ","):
        outside = _outside_parentheses(alternative)
        needles = []
        for match in _ATTRIBUTE.finditer(outside):
            name, operator, *values = match.groups()
            value = next((v for v in values if v is not None), None)
            if operator is None:
                needles.append(name)
            elif value:
                needles.append(value)
        needles += _CLASS_OR_ID.findall(_ATTRIBUTE.sub(" ", outside))
        if not needles:
            return None
        alternatives.append(tuple(needle.lower() for needle in needles))
    return tuple(alternatives)


def _selectors_may_match(selectors: tuple[Selector, ...], source: str) -> bool:
    haystack = None
    for selector in selectors:
        if selector.needles is None:
            return True
        if haystack is None:
            haystack = html.unescape(source).lower()
        if any(all(n in haystack for n in needles) for needles in selector.needles):
            return True
    return False
