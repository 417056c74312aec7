"""The blocks a reader sees in parsed HTML, and the lines inside a paragraph.

A *block* is a paragraph, a list item, a heading, a quote, a div holding only
text... or a run of bare text and inline elements between blocks. Containers
(lists, divs, sections) are not blocks: their children are. A block of inline
content is also made of *lines*: a newline or a ``<br>`` separates them, which
is how a footer glued to the last paragraph of a seed arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import CData, NavigableString, Tag

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
# Blocks whose lines may be told apart; never preformatted text or a quote.
LINED = frozenset({"div", "dd", "dt", "li", "p"})
# Content that is there without any text.
EMBEDDED = frozenset({
    "audio", "canvas", "embed", "iframe", "img", "input", "math", "object", "picture", "select",
    "svg", "textarea", "video",
})
# fmt: on
_TEXT_TYPES = (NavigableString, CData)  # not comments, scripts or styles


def is_text(node) -> bool:
    return type(node) in _TEXT_TYPES


def normalize(text: str) -> str:
    return " ".join(text.split())


@dataclass(eq=False)
class Block:
    """One block: a single element, or an anonymous run of inline nodes."""

    nodes: list
    _text: str | None = field(default=None, repr=False)

    @property
    def element(self) -> Tag | None:
        if len(self.nodes) == 1 and isinstance(self.nodes[0], Tag):
            return self.nodes[0]
        return None

    @property
    def parent(self) -> Tag:
        return self.nodes[0].parent

    def descendants(self):
        """The nodes of the block and all below them, in document order."""
        for node in self.nodes:
            yield node
            if isinstance(node, Tag):
                yield from node.descendants

    @property
    def text(self) -> str:
        if self._text is None:
            pieces = []
            for node in self.descendants():
                if is_text(node):
                    pieces.append(str(node))
                elif isinstance(node, Tag) and (node.name in BLOCK_TAGS or node.name == "br"):
                    pieces.append(" ")
            self._text = normalize("".join(pieces))
        return self._text

    def has_embedded(self) -> bool:
        return any(isinstance(n, Tag) and n.name in EMBEDDED for n in self.descendants())

    @property
    def is_filler(self) -> bool:
        """A rule or an empty paragraph: nothing to read, nothing to keep apart."""
        element = self.element
        if element is not None and element.name == "hr":
            return True
        return not self.text and not self.has_embedded()

    def is_lined(self) -> bool:
        element = self.element
        if element is not None and element.name not in LINED:
            return False
        return not any(
            isinstance(n, Tag) and n.name in BLOCK_TAGS
            for n in self.descendants()
            if n is not element
        )

    def lines(self) -> list[Line]:
        """The block's non-empty lines, each with the break that ends the line before it."""
        lines: list[Line] = []
        pieces: list[str] = []
        start = None  # the break before the line being read

        def close(next_break):
            nonlocal pieces, start
            text = normalize("".join(pieces))
            if text:
                lines.append(Line(text=text, starts_after=start))
            pieces, start = [], next_break

        for node in self.descendants():
            if isinstance(node, Tag) and node.name == "br":
                close((node, None))
            elif is_text(node):
                offset = 0
                for part in str(node).split("\n")[:-1]:
                    pieces.append(part)
                    offset += len(part)
                    close((node, offset))
                    offset += 1
                pieces.append(str(node)[offset:])
        close(None)
        return lines


@dataclass(frozen=True)
class Line:
    text: str
    # The break ending the previous line: (text node, index of its newline) or
    # (br tag, None); None for the first line.
    starts_after: tuple | None


def selector_covers(block: Block, selectors) -> bool:
    """True if the block is selected, or all it shows lies inside selected elements."""
    element = block.element
    if element is not None and any(s.match(element) for s in selectors):
        return True
    selected = set()
    for node in block.nodes:
        if isinstance(node, Tag):
            for selector in selectors:
                if selector.match(node):
                    selected.add(id(node))
                selected.update(id(found) for found in selector.select(node))
    if not selected:
        return False
    shown = False
    for node in block.descendants():
        visible = (is_text(node) and node.strip()) or (
            isinstance(node, Tag) and node.name in EMBEDDED
        )
        if not visible:
            continue
        if not _inside(node, selected, block.parent):
            return False
        shown = True
    return shown


def _inside(node, selected: set[int], stop: Tag) -> bool:
    while node is not None and node is not stop:
        if id(node) in selected:
            return True
        node = node.parent
    return False


def blocks_of(container: Tag, selectors=()) -> list[Block]:
    """The blocks inside a container, in document order, descending into
    containers that hold blocks (unless a selector takes the container whole)."""
    blocks: list[Block] = []
    run: list = []

    def end_run():
        if run and any(not is_text(n) or n.strip() for n in run):
            blocks.append(Block(list(run)))
        run.clear()

    for child in container.children:
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            end_run()
            if (
                child.name in CONTAINERS
                and any(isinstance(c, Tag) and c.name in BLOCK_TAGS for c in child.children)
                and not any(s.match(child) for s in selectors)
            ):
                blocks.extend(blocks_of(child, selectors))
            else:
                blocks.append(Block([child]))
        elif isinstance(child, Tag) or is_text(child):
            run.append(child)
    end_run()
    return blocks
