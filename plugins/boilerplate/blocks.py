"""The blocks a reader sees in an article parsed by lxml, and the lines of a paragraph.

A *block* is a paragraph, a list item, a heading, a quote, a div holding only
text... or a run of bare text and inline elements between blocks. Containers
(lists, divs) are not blocks: their children are. A paragraph is also made of
*lines* (a newline or a ``<br>`` between them): that is how a footer glued to
the last paragraph of a seed arrives. lxml keeps text in ``element.text`` and
``element.tail``: a *slot* ``(element, "text" | "tail")`` names one,
``(element, None)`` names the element itself.
"""

from __future__ import annotations

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


def _inside(element):
    """The slots inside ``element``, in document order (comments and scripts: none)."""
    if isinstance(element.tag, str) and element.tag not in _UNREAD:
        yield element, "text"
        for child in element:
            yield child, None
            yield from _inside(child)
            yield child, "tail"


class Block:
    """An element, or a run of inline content: its first text (``lead``) and elements."""

    __slots__ = ("parent", "element", "lead", "members", "text", "embeds", "holds", "breaks")

    def __init__(self, parent, element=None, lead: tuple | None = None, members: tuple = ()):
        self.parent, self.element, self.lead, self.members = parent, element, lead, members
        self.embeds = self.holds = self.breaks = False
        if element is not None and not len(element):  # plain text: most paragraphs
            raw = element.text or ""
        else:
            pieces = []
            for node, slot in self.slots():
                if slot:
                    pieces.append(getattr(node, slot) or "")
                elif node.tag == "br" or node.tag in BLOCK_TAGS:
                    pieces.append(" ")
                    self.breaks, self.holds = True, self.holds or node.tag != "br"
                else:
                    self.embeds = self.embeds or node.tag in EMBEDDED
            raw = "".join(pieces)
        self.breaks = self.breaks or "\n" in raw
        self.text = " ".join(raw.split())

    def slots(self):
        if self.element is not None:
            yield from _inside(self.element)
            return
        yield self.lead
        for member in self.members:
            yield member, None
            yield from _inside(member)
            yield member, "tail"

    def start(self) -> tuple:
        """The cut point before the block: its element, or its first text."""
        return (self.element, None, 0) if self.element is not None else (*self.lead, 0)

    def filler(self) -> bool:
        """A rule or an empty paragraph: nothing to read, nothing to keep apart."""
        return getattr(self.element, "tag", "") == "hr" or not (self.text or self.embeds)

    def lines(self) -> list[tuple[str, tuple | None]]:
        """Its non-empty lines and where each starts: the cut point
        ``(text owner, slot, offset of the newline)`` or ``(br, None, 0)``."""
        if getattr(self.element, "tag", "p") not in LINED or self.holds or not self.breaks:
            return []
        lines, pieces, start = [], [], None
        for node, slot in self.slots():
            if slot is None and node.tag == "br":
                lines.append((" ".join("".join(pieces).split()), start))
                pieces, start = [], (node, None, 0)
            elif slot:
                text, offset = getattr(node, slot) or "", 0
                for part in text.split("\n")[:-1]:
                    pieces.append(part)
                    lines.append((" ".join("".join(pieces).split()), start))
                    offset += len(part)
                    pieces, start = [], (node, slot, offset)
                    offset += 1
                pieces.append(text[offset:])
        lines.append((" ".join("".join(pieces).split()), start))
        return [line for line in lines if line[0]]

    def covered_by(self, selected: set) -> bool:
        """The block is selected, or all it shows lies inside selected elements."""
        if not selected or self.element in selected:
            return bool(selected)  # nothing is selected, or the block itself is
        if self.element is not None and not len(self.element):
            return False  # all it shows is its own text
        shown = False
        for node, slot in self.slots():
            if slot is None and node.tag in EMBEDDED:
                holder = node
            elif slot and (getattr(node, slot) or "").strip():
                holder = node if slot == "text" else node.getparent()
            else:
                continue
            while holder is not self.parent and holder not in selected:
                holder = holder.getparent()
            if holder is self.parent:
                return False
            shown = True
        return shown


def blocks_backward(container, is_selected):
    """The blocks inside a container, last first, descending into containers
    that hold blocks (unless a selector takes the container whole)."""
    members = []  # the inline elements after the block being looked at, last first
    for child in reversed(container):
        if child.tag not in BLOCK_TAGS:
            members.append(child)
            continue
        if members or (child.tail or "").strip():
            yield from _run(container, (child, "tail"), members)
        members = []
        if (
            child.tag in CONTAINERS
            and any(grandchild.tag in BLOCK_TAGS for grandchild in child)
            and not is_selected(child)
        ):
            yield from blocks_backward(child, is_selected)
        else:
            yield Block(container, element=child)
    yield from _run(container, (container, "text"), members)


def _run(container, lead: tuple, members: list):
    """The run of inline content from ``lead`` on, if it shows anything."""
    if (getattr(*lead) or "").strip() or any(
        isinstance(m.tag, str) or (m.tail or "").strip() for m in members
    ):
        yield Block(container, lead=lead, members=tuple(reversed(members)))
