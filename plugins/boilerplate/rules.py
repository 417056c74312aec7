"""Boilerplate rules: BOILERPLATE_RULES and BOILERPLATE_SELECTORS compiled, with
one error message per bad entry. The plugin has no rules of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError


class Rule(NamedTuple):
    """A text pattern that a whole block (or line) must match."""

    pattern: re.Pattern
    and_next: bool = False  # the block after a matching one is boilerplate too
    label: str = ""

    def matches(self, text: str) -> bool:
        return self.pattern.fullmatch(text) is not None


class Selector(NamedTuple):
    label: str  # the CSS selector as written
    path: str  # the same as an XPath query


@dataclass(frozen=True)
class Rules:
    texts: tuple[Rule, ...] = ()
    selectors: tuple[Selector, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.texts or self.selectors)

    @cached_property
    def select(self) -> etree.XPath:
        """All the selectors as one query: the elements any of them selects (but
        the body), and every element inside those."""
        paths = " | ".join(s.path for s in self.selectors)
        return etree.XPath(f"({paths})[not(self::body)]/descendant-or-self::*" if paths else "/..")

    def rule_for(self, text: str) -> Rule | None:
        """The first rule that matches the whole text."""
        return next((rule for rule in self.texts if rule.pattern.fullmatch(text)), None)


def literal_pattern(text: str) -> str:
    """A regex for a literal footer line, tolerant of case, spacing, either
    apostrophe and end punctuation ("visit:" and "visit" are one rule)."""
    words = re.sub(r"[.:;,!…\s]+$", "", text.strip()).split()
    return r"\s+".join(re.sub(r"['’]", "['’]", re.escape(word)) for word in words) + r"[\s.:;,!…]*"


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
    try:
        pattern = re.compile(literal_pattern(source) if "text" in entry else source, re.I)
    except re.error as error:
        raise ValueError(f"{where}: bad regular expression {source!r}: {error}") from error
    if pattern.fullmatch(""):
        raise ValueError(f"{where}: pattern {source!r} matches empty text")
    return Rule(pattern, and_next, source)


def compile_selector(text, where: str) -> Selector:
    """One entry of BOILERPLATE_SELECTORS; raises ValueError with the reason."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: expected a CSS selector string")
    try:
        return Selector(text, CSSSelector(text, translator="html").path)
    except (SelectorError, etree.XPathError) as error:
        raise ValueError(f"{where}: bad CSS selector {text!r}: {error}") from error


def compile_rules(rules=None, selectors=None) -> tuple[Rules, list[str]]:
    """Compile BOILERPLATE_RULES and BOILERPLATE_SELECTORS (None: none). A bad
    entry, or a setting that is not a list, is left out and described in the errors."""
    errors: list[str] = []

    def each(name: str, value, compile_one) -> tuple:
        if not isinstance(value, (list, tuple)):
            if value is not None:
                errors.append(f"{name} must be a list, not {type(value).__name__}; ignored")
            return ()
        compiled = []
        for index, entry in enumerate(value):
            try:
                compiled.append(compile_one(entry, f"{name}[{index}]"))
            except ValueError as error:
                errors.append(f"{error}; entry ignored")
        return tuple(compiled)

    texts = each("BOILERPLATE_RULES", rules, compile_rule)
    return Rules(texts, each("BOILERPLATE_SELECTORS", selectors, compile_selector)), errors
