"""Remove the run of boilerplate blocks at the end of an article's HTML.

Plain functions that know nothing about Pelican: ``strip_boilerplate(html, rules)
-> Stripped`` and its short form ``strip(html, rules) -> html``. Only the tail
goes: a block (see ``blocks.py``), or the last lines of one, is removed only if
every block after it is removed too, so a sentence about contacting or
subscribing in the story always stays. The fragment is parsed whole with lxml;
the HTML before the first block that changes is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from lxml import etree

from .blocks import CONTAINERS, Block, blocks_backward
from .rules import Rules

# What a story paragraph ends with when a footer line is glued under it. A
# paragraph cut elsewhere (mid-sentence, or before a colon) keeps its lines.
_SENTENCE_END = re.compile(r"[.?!…][\"'”’»)\]]*$")
# lxml.html's parser, without its element classes or a table of ids (neither is used)
_PARSER = etree.HTMLParser(collect_ids=False)


@dataclass(frozen=True)
class Stripped:
    html: str
    removed: tuple[str, ...] = ()  # the text of each block or line taken out
    everything: bool = False  # all was boilerplate: nothing removed, ``html`` is the input
    kept: int = 0  # ``html`` is the input's first ``kept`` characters, then its own end

    @property
    def changed(self) -> bool:
        return bool(self.removed) and not self.everything


def strip(html: str, rules: Rules) -> str:
    """The HTML without its trailing boilerplate."""
    return strip_boilerplate(html, rules).html


def strip_boilerplate(html: str, rules: Rules) -> Stripped:
    """Remove the trailing boilerplate of ``html``; report what went."""
    body = _parse(html) if rules and html.strip() else None
    units = _Units(body, rules) if body is not None else None
    run = _trailing_run(units) if units else []
    if not run:
        return Stripped(html)
    removed = tuple(u.text for u in run if not u.filler)
    if not run[0].start and not any(not u.filler for u in units.before(run[0])):
        return Stripped(html, removed=removed, everything=True)
    first = run[0]
    where = first.start or first.block.start()
    top = where[0]
    while top is not body and top.getparent() is not body:
        top = top.getparent()
    top = -1 if top is body else body.index(top)  # the first child of the body that changes
    kept = _written_before(html, body, top)
    if kept is None:  # the whole fragment is written anew
        top, kept = 0, 0
    _cut(body, where, first.block if first.start else None)
    new = "".join(_html_of(node) for node in body[top:])
    if not kept:
        new = escape(body.text or "", quote=False) + new
    new = new.rstrip()
    kept = kept if new else len(html[:kept].rstrip())
    return Stripped(html[:kept] + new, removed=removed, kept=kept)


def _written_before(html: str, body, top: int) -> int | None:
    """How much of ``html`` comes before the body's child ``top``: known when
    the HTML from there on is exactly what lxml writes for it (None if not)."""
    if top < 0:
        return None
    written = "".join(_html_of(node) for node in body[top:]).rstrip()
    kept = len(html.rstrip()) - len(written)
    return kept if kept >= 0 and html[kept:].rstrip() == written else None


def _parse(html: str):
    """The body of the fragment, or None if lxml cannot read it as one."""
    try:
        document = etree.fromstring(f"<html><body>{html}</body></html>", _PARSER)
    except (ValueError, etree.LxmlError):
        return None
    # A stray </body> or </html> puts content outside the body: leave such HTML alone.
    if len(document) != 1 or document[0].tag != "body" or document[0].tail:
        return None
    return document[0]


def _html_of(node) -> str:
    return etree.tostring(node, method="html", encoding="unicode")


class _Unit:
    """A block, or one line of a block, as the backward walk sees it."""

    __slots__ = ("block", "text", "start", "line_before", "rule", "matched", "filler", "taken")

    def __init__(self, block: Block, text: str, rule=None, start=None, line_before=""):
        self.block, self.text, self.rule, self.matched = block, text, rule, rule is not None
        self.start = start  # a line after the block's first: its cut point...
        self.line_before = line_before  # ...and the line before it
        self.filler = self.taken = False  # taken: only because the unit before says so


class _Selected:
    """The elements the selectors select, found once an article needs them."""

    def __init__(self, body, rules: Rules):
        self._body, self._rules, self._found = body, rules, None

    def _elements(self) -> set:
        if self._found is None:
            self._found = set(self._rules.select(self._body)) if self._rules.selectors else set()
        return self._found

    def __contains__(self, element) -> bool:
        return element in self._elements()

    def __bool__(self) -> bool:
        return bool(self._elements())


class _Units:
    """The units of an article, from the last one back, made when first looked at."""

    def __init__(self, body, rules: Rules):
        self._rules, self.selected = rules, _Selected(body, rules)
        # The generator must not hold ``self``: a reference cycle would keep each
        # article's tree alive until a garbage collection pass over the whole build.
        self._blocks = blocks_backward(body, self.selected.__contains__)
        self._made: list[_Unit] = []

    def __getitem__(self, index: int) -> _Unit | None:
        """The unit ``index`` places from the end (0 is the last), or None."""
        made = self._made
        while len(made) <= index:
            block = next(self._blocks, None)
            if block is None:
                return None
            made.extend(reversed(self._units_of(block)))
        return made[index]

    def _units_of(self, block: Block) -> list[_Unit]:
        if block.filler():
            filler = _Unit(block, "")
            filler.filler = True
            return [filler]
        whole = _Unit(block, block.text, self._rules.rule_for(block.text))
        if not whole.matched and self._rules.selectors:
            whole.matched = block.covered_by(self.selected)
        lines = [] if whole.matched else block.lines()
        if len(lines) < 2:
            return [whole]
        units = [_Unit(block, lines[0][0], self._rules.rule_for(lines[0][0]))]
        for (before, _), (text, start) in zip(lines, lines[1:], strict=False):
            units.append(_Unit(block, text, self._rules.rule_for(text), start, before))
        return units

    def before(self, unit: _Unit):
        """The units before ``unit``, nearest first."""
        index = self._made.index(unit) + 1
        while (found := self[index]) is not None:
            yield found
            index += 1


def _trailing_run(units: _Units) -> list[_Unit]:
    """The units at the end that are boilerplate, in document order: a unit is
    if a rule or selector matches it, or if the unit before it (blanks aside)
    matches a rule that takes the next block too."""
    index = 0
    while (unit := units[index]) is not None:
        if not unit.filler and not unit.matched:
            previous = next((u for u in units.before(unit) if not u.filler), None)
            if previous is None or previous.rule is None or not previous.rule.and_next:
                break
            unit.taken = True
        index += 1
    run = [units[i] for i in reversed(range(index))]
    while run:  # drop units from the start until it starts where a cut is safe
        first = next((u for u in run if not u.filler), None)
        if first is None:
            return []
        if first.taken:  # the unit that took it is not in the run (any more)
            run = run[run.index(first) + 1 :]
        elif first.start and not _SENTENCE_END.search(first.line_before):
            # The kept lines end mid-sentence: the matching lines are story.
            run = [u for u in run if u.block is not first.block]
        else:
            break
    if not any(u.matched for u in run):
        return []
    if run[0].start:
        return run  # the footer starts inside a kept paragraph
    # A rule or an empty paragraph right before the footer goes with it, unless
    # only blanks come before it (the body is judged without them).
    separators = []
    for unit in units.before(run[0]):
        if not unit.filler:
            return separators[::-1] + run
        separators.append(unit)
    return run


def _cut(body, where: tuple, lined: Block | None) -> None:
    """Remove everything from ``where`` to the end of the body; then the
    containers left empty, and the breaks left dangling at the end of a block
    whose last lines went (``lined``)."""
    node, slot, offset = where
    if slot is None:  # an element: it and all after it
        edge = node.getparent()
        for sibling in [node, *node.itersiblings()]:
            edge.remove(sibling)
    else:
        setattr(node, slot, (getattr(node, slot) or "")[:offset])
        edge = node if slot == "text" else node.getparent()
        for child in list(node) if slot == "text" else list(node.itersiblings()):
            child.getparent().remove(child)
    ancestor = edge
    while ancestor is not body:  # and what follows each ancestor, white space aside
        if (ancestor.tail or "").strip():
            ancestor.tail = None
        for sibling in list(ancestor.itersiblings()):
            ancestor.getparent().remove(sibling)
        ancestor = ancestor.getparent()
    while (
        edge is not body and edge.tag in CONTAINERS and not (len(edge) or (edge.text or "").strip())
    ):
        parent = edge.getparent()
        parent.remove(edge)
        edge = parent
    if lined is not None:
        _trim_end(lined.element if lined.element is not None else lined.parent)


def _trim_end(element) -> None:
    """Drop the breaks and blanks left dangling at the end of a cut block."""
    while len(element):
        last = element[-1]
        if (last.tail or "").strip():
            last.tail = last.tail.rstrip()
            return
        last.tail = None
        if last.tag != "br":
            return
        element.remove(last)
    element.text = (element.text or "").rstrip()
