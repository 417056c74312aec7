"""Remove the run of boilerplate blocks at the end of an article's HTML.

``strip_boilerplate(html, rules) -> Stripped`` knows nothing about Pelican. A block
(or its last lines) goes only if every block after it goes too, so a sentence about
contacting or subscribing in the story stays; the HTML before the first block that
changes is kept as written. A *block* is a paragraph, a list item, a quote... or a
run of bare text and inline elements; containers (lists, divs) are not blocks, their
children are. Its *lines* are split by a newline or a ``<br>``: that is how a footer
glued to a seed's last paragraph arrives. The rules are BOILERPLATE_RULES and
BOILERPLATE_SELECTORS compiled: the plugin has none of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, partial
from html import escape
from typing import NamedTuple

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError


class Rule(NamedTuple):  # a text pattern that a whole block (or line) must match
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
        """The elements any selector selects (but the body), and every element inside."""
        paths = " | ".join(s.path for s in self.selectors)
        return etree.XPath(f"({paths})[not(self::body)]/descendant-or-self::*" if paths else "/..")

    def rule_for(self, text: str) -> Rule | None:
        return next((rule for rule in self.texts if rule.matches(text)), None)


def literal_pattern(text: str) -> str:
    """A regex for a literal footer line, tolerant of case, spacing, either
    apostrophe and end punctuation ("visit:" and "visit" are one rule)."""
    words = re.sub(r"[.:;,!…\s]+$", "", text.strip()).split()
    return r"\s+".join(re.sub(r"['’]", "['’]", re.escape(word)) for word in words) + r"[\s.:;,!…]*"


def compile_rule(entry) -> Rule:
    """One entry of BOILERPLATE_RULES; raises ValueError with the reason."""
    if isinstance(entry, str):
        entry = {"text": entry}
    if not isinstance(entry, dict):
        raise ValueError(f"expected a string or a dict, got {type(entry).__name__}")
    if unknown := set(entry) - {"text", "regex", "and_next"}:
        raise ValueError(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if ("text" in entry) == ("regex" in entry):
        raise ValueError("give exactly one of 'text' or 'regex'")
    source = entry.get("text", entry.get("regex"))
    if not isinstance(source, str) or not source.strip():
        raise ValueError("the pattern must be a non-empty string")
    if not isinstance(entry.get("and_next", False), bool):
        raise ValueError("'and_next' must be True or False")
    try:
        pattern = re.compile(literal_pattern(source) if "text" in entry else source, re.I)
    except re.error as error:
        raise ValueError(f"bad regular expression {source!r}: {error}") from error
    if pattern.fullmatch(""):
        raise ValueError(f"pattern {source!r} matches empty text")
    return Rule(pattern, entry.get("and_next", False), source)


def compile_selector(text) -> Selector:
    """One entry of BOILERPLATE_SELECTORS; raises ValueError with the reason."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("expected a CSS selector string")
    try:
        return Selector(text, CSSSelector(text, translator="html").path)
    except (SelectorError, etree.XPathError) as error:
        raise ValueError(f"bad CSS selector {text!r}: {error}") from error


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
                compiled.append(compile_one(entry))
            except ValueError as error:
                errors.append(f"{name}[{index}]: {error}; entry ignored")
        return tuple(compiled)

    texts = each("BOILERPLATE_RULES", rules, compile_rule)
    return Rules(texts, each("BOILERPLATE_SELECTORS", selectors, compile_selector)), errors


# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# Blocks whose children are blocks of their own, when they have block children.
CONTAINERS = frozenset({
    "article", "aside", "div", "footer", "header", "main", "menu", "nav", "ol", "section", "ul",
})
LINED = frozenset({"div", "dd", "dt", "li", "p"})  # never preformatted text or a quote
EMBEDDED = frozenset({  # content that is there without any text
    "audio", "canvas", "embed", "iframe", "img", "input", "math", "object", "picture", "select",
    "svg", "textarea", "video",
})
# fmt: on
_UNREAD = frozenset({"script", "style", "template"})  # text no reader sees
# What a story paragraph ends with when a footer line is glued under it. A
# paragraph cut elsewhere (mid-sentence, or before a colon) keeps its lines.
_SENTENCE_END = re.compile(r"[.?!…][\"'”’»)\]]*$")
# lxml.html's parser, without its element classes or a table of ids (neither is used)
_PARSER = etree.HTMLParser(collect_ids=False)


class Stripped(NamedTuple):
    html: str
    removed: tuple[str, ...] = ()  # the text of each block or line taken out
    everything: bool = False  # all was boilerplate: nothing removed, ``html`` is the input
    kept: int = 0  # ``html`` is the input's first ``kept`` characters, then its own end

    @property
    def changed(self) -> bool:
        return bool(self.removed) and not self.everything


def _slots(lead: tuple, members):
    """The slots from ``lead`` on through ``members``: ``(element, "text" | "tail")`` is one
    of lxml's texts (none of comments or scripts), ``(element, None)`` the element."""
    yield lead
    for member in members:
        yield member, None
        if isinstance(member.tag, str) and member.tag not in _UNREAD:
            yield from _slots((member, "text"), member)
        yield member, "tail"


class _Unit(NamedTuple):  # a block, or one line of a block, as the backward walk sees it
    text: str
    block: tuple  # the block's cut point, which is also what tells blocks apart
    rule: Rule | None = None
    matched: bool = False  # by a rule or a selector
    start: tuple | None = None  # a line after the block's first: its cut point...
    line_before: str = ""  # ...and the line before it
    filler: bool = False  # a rule or an empty paragraph: nothing to read


def _units_backward(container, covered: set, rules: Rules):
    """The units of the blocks inside a container, last first, descending into
    containers that hold blocks (unless a selector takes the container whole)."""
    members = []  # the inline elements after the block being looked at, last first
    for child in [*reversed(container), None]:  # None: the container's own text
        if child is not None and child.tag not in BLOCK_TAGS:
            members.append(child)
            continue
        # The run of inline content after the block, if it shows anything.
        lead = (container, "text") if child is None else (child, "tail")
        if (getattr(*lead) or "").strip() or any(
            isinstance(m.tag, str) or (m.tail or "").strip() for m in members
        ):
            yield from _units_of(lead, members[::-1], covered, rules)
        members = []
        if child is None:
            break
        if (
            child.tag in CONTAINERS
            and any(grandchild.tag in BLOCK_TAGS for grandchild in child)
            and child not in covered
        ):
            yield from _units_backward(child, covered, rules)
        else:
            yield from _units_of((child, "text"), child, covered, rules, element=child)


def _units_of(lead, members, covered: set, rules: Rules, element=None) -> list[_Unit]:
    """A block (``element``, or the inline run from ``lead`` through ``members``) as one
    unit, or as its lines when they may hold a glued footer; last first."""
    block = (element, None, 0) if element is not None else (*lead, 0)
    # Each line's raw text and its cut point: ``(text owner, slot, offset of the
    # newline)`` or ``(br, None, 0)``; the first line has none.
    lines, pieces, start = [], [], None
    embeds = holds = shown = False  # shown: text or an embed outside every selected element
    for node, slot in _slots(lead, members):
        if slot:
            text, offset = getattr(node, slot) or "", 0
            if text.strip() and (node if slot == "text" else node.getparent()) not in covered:
                shown = True
            for part in text.split("\n")[:-1]:
                lines.append(("".join(pieces) + part, start))
                offset += len(part)
                pieces, start = [], (node, slot, offset)
                offset += 1
            pieces.append(text[offset:])
        elif node.tag == "br":
            lines.append(("".join(pieces), start))
            pieces, start = [], (node, None, 0)
        elif node.tag in BLOCK_TAGS:
            pieces.append(" ")
            holds = True  # blocks inside: the block is never cut into lines
        elif node.tag in EMBEDDED:
            embeds = True
            shown = shown or node not in covered
    lines.append(("".join(pieces), start))
    lines = [(" ".join(raw.split()), start) for raw, start in lines if raw.strip()]
    text = " ".join(line for line, _ in lines)
    if not (text or embeds):  # an empty paragraph, a rule (<hr>)...
        return [_Unit("", block, filler=True)]
    rule = rules.rule_for(text)
    matched = rule is not None or not shown  # all it shows is inside selected elements
    if matched or holds or getattr(element, "tag", "p") not in LINED or len(lines) < 2:
        return [_Unit(text, block, rule, matched)]
    lines[0] = (lines[0][0], None)  # the first line is cut where the block starts
    units = []
    for (before, _), (line, start) in zip([("", None), *lines], lines, strict=False):
        rule = rules.rule_for(line)
        units.append(_Unit(line, block, rule, rule is not None, start, before))
    return units[::-1]


def strip_boilerplate(html: str, rules: Rules) -> Stripped:
    """Remove the trailing boilerplate of ``html``; report what went."""
    body = _parse(html) if rules and html.strip() else None
    if body is None:
        return Stripped(html, kept=len(html))
    run, everything = _trailing_run(_units_backward(body, set(rules.select(body)), rules))
    removed = tuple(u.text for u in run if not u.filler)
    if everything or not run:
        return Stripped(html, removed, everything, len(html))
    where = run[0].start or run[0].block
    top, kept = _written_before(html, body, where[0]) or (0, 0)  # or all written anew
    _cut(body, where, run[0].block if run[0].start else None)
    new = "".join(_html_of(node) for node in body[top:])
    if not kept:
        new = escape(body.text or "", quote=False) + new
    new = new.rstrip()
    kept = kept if new else len(html[:kept].rstrip())
    return Stripped(html[:kept] + new, removed, kept=kept)


def _trailing_run(backward) -> tuple[list[_Unit], bool]:
    """The units at the end that are boilerplate, in document order, and whether they
    are all the body shows. A unit is if a rule or selector matches it, or if the unit
    before it (blanks aside) matches a rule that takes the next too. The blanks between
    the story and the footer go with the footer."""
    units, pending = [], None  # pending: boilerplate only if the unit before it takes it
    for unit in backward:  # from the last unit back, as far as needed
        if not unit.filler:
            if pending is not None and not getattr(unit.rule, "and_next", False):
                break
            pending = None if unit.matched else len(units)
        units.append(unit)
    run = units[: len(units) if pending is None else pending][::-1]
    # Drop units from the start until the run starts where a cut is safe.
    while (first := next((u for u in run if not u.filler), None)) is not None:
        if not first.matched:  # taken by the unit before it, which is not in the run
            run = run[run.index(first) + 1 :]
        elif first.start and not _SENTENCE_END.search(first.line_before):
            # The kept lines end mid-sentence: the matching lines are story.
            run = [u for u in run if u.block is not first.block]
        else:  # all the body shows if no unit comes before it
            return run, len(run) == len(units)
    return [], False  # nothing but blanks left


def _written_before(html: str, body, node) -> tuple[int, int] | None:
    """The body's child holding ``node`` and how much of ``html`` comes before it, known
    when the HTML from there on is exactly what lxml writes (None if not, or if it is body)."""
    top = next((body.index(e) for e in [node, *node.iterancestors()] if e in body), None)
    if top is None:
        return None
    written = "".join(_html_of(child) for child in body[top:]).rstrip()
    stripped = html.rstrip()
    return (top, len(stripped) - len(written)) if stripped.endswith(written) else None


def _parse(html: str):
    try:
        document = etree.fromstring(f"<html><body>{html}</body></html>", _PARSER)
    except (ValueError, etree.LxmlError):
        return None
    # A stray </body> or </html> puts content outside the body: leave such HTML alone.
    if len(document) != 1 or document[0].tag != "body" or document[0].tail:
        return None
    return document[0]


_html_of = partial(etree.tostring, method="html", encoding="unicode")


def _cut(body, where: tuple, lined: tuple | None) -> None:
    """Remove everything from ``where`` to the end of the body; then the
    containers left empty, and the breaks left dangling at the end of the block
    whose last lines went (``lined``, where it starts)."""
    node, slot, offset = where
    if slot is None:  # an element: it and all after it
        edge = node.getparent()
        del edge[edge.index(node) :]
    else:
        setattr(node, slot, (getattr(node, slot) or "")[:offset])
        edge = node if slot == "text" else node.getparent()
        del edge[0 if slot == "text" else edge.index(node) + 1 :]
    ancestor = edge
    while ancestor is not body:  # and what follows each ancestor, white space aside
        if (ancestor.tail or "").strip():
            ancestor.tail = None
        parent = ancestor.getparent()
        del parent[parent.index(ancestor) + 1 :]
        ancestor = parent
    while (
        edge is not body and edge.tag in CONTAINERS and not (len(edge) or (edge.text or "").strip())
    ):
        parent = edge.getparent()
        parent.remove(edge)
        edge = parent
    if lined is not None:
        node, slot, _ = lined
        _trim_end(node.getparent() if slot == "tail" else node)


def _trim_end(element) -> None:
    """Drop the breaks and blanks left dangling at the end of a cut block."""
    while len(element) and element[-1].tag == "br" and not (element[-1].tail or "").strip():
        element.remove(element[-1])
    if len(element):
        element[-1].tail = (element[-1].tail or "").rstrip() or None
    else:
        element.text = (element.text or "").rstrip()
