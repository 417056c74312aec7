"""Remove the run of boilerplate blocks at the end of an article's HTML.

Plain functions that know nothing about Pelican: ``strip_boilerplate(html, rules)
-> Stripped`` and its short form ``strip(html, rules) -> html``. Only the tail
goes: a block is removed only if every block after it is removed too, so a
sentence about contacting or subscribing in the story always stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from .blocks import Block, Line, blocks_of, is_text, selector_covers
from .rules import Rule, Rules, Selector
from .segments import last_story_segment

# What a story paragraph ends with when a footer line is glued under it. A
# paragraph cut elsewhere (mid-sentence, or before a colon) keeps its lines.
_SENTENCE_END = re.compile(r"[.?!…][\"'”’»)\]]*$")


@dataclass(frozen=True)
class Stripped:
    html: str
    removed: tuple[str, ...] = ()  # the text of each block or line taken out
    # Every block was boilerplate: nothing was removed, ``html`` is the input.
    everything: bool = False
    # ``html`` is the input's first ``kept`` characters and then its own end (when
    # changed): what a memo needs to redo the edit on the same input.
    kept: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.removed) and not self.everything


@dataclass(eq=False)
class _Unit:
    """A block, or one line of a block, as the backward walk sees it."""

    block: Block
    text: str
    line: Line | None = None  # None: the whole block
    line_index: int = 0
    rule: Rule | None = None
    selected: bool = False
    filler: bool = False
    taken: bool = False  # boilerplate only because the unit before it says so

    @property
    def matched(self) -> bool:
        return self.rule is not None or self.selected


def strip(html: str, rules: Rules) -> str:
    """The HTML without its trailing boilerplate."""
    return strip_boilerplate(html, rules).html


def strip_boilerplate(html: str, rules: Rules) -> Stripped:
    """Remove the trailing boilerplate of ``html``; report what went."""
    if not rules or not html or not rules.may_match(html):
        return Stripped(html)
    # Only what follows the last block of story is parsed, when the story can be
    # told apart unparsed; the story is kept byte for byte.
    story = (
        last_story_segment(html, rules.may_match, rules.may_take_next)
        if rules.context_free
        else None
    )
    if story is None:
        return _strip_fragment(html, rules, story_before=False)
    end = story[1]
    after = _after_story(html[end:], rules)
    if not after.changed:
        return Stripped(html)
    if after.html:
        return Stripped(html[:end] + after.html, removed=after.removed, kept=end)
    # Everything after the story went, and the white space that separated it.
    head = html[:end].rstrip()
    return Stripped(head, removed=after.removed, kept=len(head))


# How long a text after the story may be to be remembered: a footer, not a story.
_AFTER_STORY_MEMO_LENGTH = 4096
_AFTER_STORY_MEMO_SIZE = 256


def _after_story(html: str, rules: Rules) -> Stripped:
    """_strip_fragment of what follows a block of story. The same footer ends
    most articles: each distinct one is parsed once per set of rules."""
    if len(html) > _AFTER_STORY_MEMO_LENGTH:
        return _strip_fragment(html, rules, story_before=True)
    memo = rules.after_story
    result = memo.get(html)
    if result is None:
        if len(memo) >= _AFTER_STORY_MEMO_SIZE:
            memo.clear()
        result = memo[html] = _strip_fragment(html, rules, story_before=True)
    return result


def _strip_fragment(html: str, rules: Rules, story_before: bool) -> Stripped:
    # An explicit <body> keeps <script>, <style> or <title> in the fragment
    # where they are instead of moving them to a <head>.
    soup = BeautifulSoup("<body>" + html, "lxml")
    try:
        return _strip_parsed(soup, html, rules, story_before)
    finally:
        # A tree is a web of reference cycles: freed now, it costs no garbage
        # collection passes over Pelican's whole heap.
        soup.decompose()


def _strip_parsed(soup: BeautifulSoup, html: str, rules: Rules, story_before: bool) -> Stripped:
    """``story_before``: ``html`` follows a block of story (not part of ``html``)."""
    body = soup.body
    if body is None or len(soup.html.contents) != 1:
        return Stripped(html)  # a stray </body> or </html>: not a fragment we can rewrite
    selectors = _Selectors(rules.selectors)
    units = _Units(blocks_of(body, selectors), rules, selectors)
    run = _trailing_run(units, story_before)
    if not run:
        return Stripped(html)
    removed = tuple(u.text for u in run if not u.filler)
    if not story_before and not _has_story_before(units, run):
        return Stripped(html, removed=removed, everything=True)
    _remove(run)
    return Stripped(body.decode_contents().rstrip(), removed=removed)


class _Selectors:
    """The rules' compiled selectors, compiled when first looked at: compiling the
    first selector of a process costs a tenth of a second, and most tails are
    matched by text rules alone."""

    def __init__(self, selectors: tuple[Selector, ...]):
        self._selectors = selectors

    def __bool__(self) -> bool:
        return bool(self._selectors)

    def __iter__(self):
        return (selector.compiled for selector in self._selectors)


class _Units:
    """The units of a list of blocks, from the last one back, made on demand."""

    def __init__(self, blocks: list[Block], rules: Rules, selectors):
        self._blocks = blocks
        self._rules = rules
        self._selectors = selectors
        self._made: list[_Unit] = []
        self._next_block = len(blocks) - 1

    def __getitem__(self, index: int) -> _Unit | None:
        """The unit ``index`` places from the end (0 is the last), or None."""
        while len(self._made) <= index and self._next_block >= 0:
            self._made.extend(reversed(self._units_of(self._blocks[self._next_block])))
            self._next_block -= 1
        return self._made[index] if index < len(self._made) else None

    def _units_of(self, block: Block) -> list[_Unit]:
        if block.is_filler:
            return [_Unit(block, "", filler=True)]
        whole = _Unit(block, block.text, rule=self._rule_for(block.text))
        if whole.rule is None and self._selectors:
            whole.selected = selector_covers(block, self._selectors)
        if whole.matched or not block.is_lined():
            return [whole]
        lines = block.lines()
        if len(lines) < 2:
            return [whole]
        return [
            _Unit(block, line.text, line=line, line_index=index, rule=self._rule_for(line.text))
            for index, line in enumerate(lines)
        ]

    def _rule_for(self, text: str) -> Rule | None:
        return next((rule for rule in self._rules.texts if rule.matches(text)), None)


def _trailing_run(units: _Units, story_before: bool) -> list[_Unit]:
    """The units at the end that are boilerplate, in document order.

    A unit is boilerplate if a rule matches it, or if the unit before it
    (blank blocks aside) matches a rule that takes the next block too.
    """
    index = 0
    while (unit := units[index]) is not None:
        if not unit.filler and not unit.matched:
            before = index + 1
            while units[before] is not None and units[before].filler:
                before += 1
            previous = units[before]
            if previous is None or previous.rule is None or not previous.rule.and_next:
                break
            unit.taken = True
        index += 1
    run = [units[i] for i in reversed(range(index))]
    run = _shrink_to_safe_start(run)
    if not any(u.matched for u in run):
        return []
    return _with_separators_before(units, run, story_before)


def _shrink_to_safe_start(run: list[_Unit]) -> list[_Unit]:
    """Drop units from the start of the run until it starts where a cut is safe."""
    while run:
        first = next((u for u in run if not u.filler), None)
        if first is None:
            return []
        if first.taken:
            # The unit that took it is not in the run (any more).
            run = run[run.index(first) + 1 :]
        elif first.line is not None and first.line_index > 0 and not _ends_sentence(first):
            # The kept lines end mid-sentence: the matching lines are story.
            run = [u for u in run if u.block is not first.block]
        else:
            return run
    return run


def _ends_sentence(first_removed_line: _Unit) -> bool:
    """The kept part of a block ends a sentence where its removed lines begin."""
    kept = first_removed_line.block.lines()[first_removed_line.line_index - 1]
    return bool(_SENTENCE_END.search(kept.text))


def _with_separators_before(units: _Units, run: list[_Unit], story_before: bool) -> list[_Unit]:
    """A rule or an empty paragraph right before the footer goes with it."""
    first = run[0]
    if first.line is not None and first.line_index > 0:
        return run  # the footer starts inside a kept paragraph
    index = _position(units, first) + 1
    separators = []
    while (unit := units[index]) is not None and unit.filler:
        separators.append(unit)
        index += 1
    if unit is None and not story_before:
        return run  # only blanks before it: keep them, the body is judged without them
    return list(reversed(separators)) + run


def _position(units: _Units, target: _Unit) -> int:
    index = 0
    while units[index] is not target:
        index += 1
    return index


def _has_story_before(units: _Units, run: list[_Unit]) -> bool:
    first = run[0]
    if first.line is not None and first.line_index > 0:
        return True  # the block keeps its first lines
    index = _position(units, first) + 1
    while (unit := units[index]) is not None:
        if not unit.filler:
            return True
        index += 1
    return False


def _remove(run: list[_Unit]) -> None:
    firsts: dict[int, _Unit] = {}  # each block's first unit in the run
    for unit in run:
        firsts.setdefault(id(unit.block), unit)
    cuts = [u for u in firsts.values() if u.line is not None and u.line_index > 0]
    wholes = [u.block for u in firsts.values() if u not in cuts]
    containers = [block.parent for block in wholes]
    for block in wholes:
        before = block.nodes[0].previous_sibling
        if is_text(before) and not before.strip():
            before.extract()  # the line break that separated the block from the one before
        for node in block.nodes:
            _discard(node)
    for unit in cuts:
        _cut_lines(unit.block, unit.line)
    for container in containers:
        _remove_if_empty(container)


def _cut_lines(block: Block, first_removed: Line) -> None:
    """Remove a block's content from the break before ``first_removed`` onwards."""
    node, offset = first_removed.starts_after
    if offset is not None:  # a newline inside a text node: keep the text before it
        replacement = type(node)(str(node)[:offset])
        node.replace_with(replacement)
        block.nodes = [replacement if n is node else n for n in block.nodes]
        node = replacement
    current = node
    while not any(current is member for member in block.nodes):
        for sibling in list(current.next_siblings):
            _discard(sibling)
        current = current.parent
    position = next(i for i, member in enumerate(block.nodes) if member is current)
    for member in block.nodes[position + 1 :]:
        _discard(member)
    if offset is None:  # the <br> itself
        node.extract()
    _trim_end(block)


def _discard(node) -> None:
    node.extract()
    if isinstance(node, Tag):
        node.decompose()  # no reference cycles left for the garbage collector


def _trim_end(block: Block) -> None:
    """Drop breaks and blanks left dangling at the end of a cut block."""
    element = block.element or block.parent
    while element.contents:
        last = element.contents[-1]
        if (isinstance(last, Tag) and last.name == "br") or (is_text(last) and not last.strip()):
            last.extract()
        elif is_text(last) and last != last.rstrip():
            last.replace_with(type(last)(last.rstrip()))
            break
        else:
            break


def _remove_if_empty(container: Tag) -> None:
    """A list or div whose blocks all went goes too; the body stays."""
    while container is not None and container.name != "body" and container.parent is not None:
        if any(isinstance(c, Tag) or (is_text(c) and c.strip()) for c in container.contents):
            return
        parent = container.parent
        container.extract()
        container = parent
