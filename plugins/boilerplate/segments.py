"""Where in an article's HTML its tail begins, found without parsing it.

Parsing is most of the cost of stripping, and the boilerplate is only at the
end: so only the end is parsed. A light scan of the tags finds the top-level
blocks; walking back from the last one, the first block that no rule can
match (and that no rule before it can take along) is story, and the parse
starts there. The story before it is kept byte for byte. Any HTML the scan
does not fully understand (an unclosed tag, a CDATA section...) is parsed whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .blocks import BLOCK_TAGS, EMBEDDED
from .rules import plain_text

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
# Elements whose content is text up to their own end tag.
_RAW_TEXT = frozenset(
    {"iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title", "xmp"}
)
# Every alternative starts with "<", outside the group: the engine then jumps from
# one "<" to the next instead of trying every position (17 times faster).
_TOKEN = re.compile(
    r"<(?:"
    r"(?P<odd>!\[CDATA\[|plaintext)"  # not worth understanding: parse everything
    r"|!--.*?-->"  # a comment
    r"|(?P<close>/)?(?P<name>[A-Za-z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(?P<self>/)?>"
    r"|[!?][^>]*>"  # a doctype or a processing instruction
    r")",
    re.DOTALL | re.IGNORECASE,
)
_EMBEDDED = re.compile(rf"<(?:{'|'.join(sorted(EMBEDDED))})\b", re.IGNORECASE)


def top_level_block_starts(html: str) -> list[int] | None:
    """Offsets of the start tags of the top-level block elements, or None if
    the HTML is not a sequence of properly closed elements."""
    starts: list[int] = []
    open_tags: list[str] = []
    position = 0
    while (token := _TOKEN.search(html, position)) is not None:
        position = token.end()
        if token["odd"]:
            return None
        name = (token["name"] or "").lower()
        if not name:
            continue  # comment, doctype
        if token["close"]:
            if not open_tags or open_tags.pop() != name:
                return None
            continue
        if not open_tags and name in BLOCK_TAGS:
            starts.append(token.start())
        if name in _VOID or token["self"]:
            continue
        if name in _RAW_TEXT:
            end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, position)
            if end is None:
                return None
            position = end.end()
            continue
        open_tags.append(name)
    return None if open_tags else starts


def _is_blank(segment: str) -> bool:
    """No text and nothing embedded: a rule, an empty paragraph, white space.

    When in doubt this says blank, so the walk goes on: the parse decides.
    """
    return not plain_text(segment) and not _EMBEDDED.search(segment)


def tail_start(
    html: str,
    may_be_boilerplate: Callable[[str], bool],
    may_take_next: Callable[[str], bool],
) -> int:
    """Offset of the last top-level block that is surely story; 0 if none is.

    A block is surely story if no rule may match anything in it and the block
    before it cannot take it along as "the block after".
    """
    story = last_story_segment(html, may_be_boilerplate, may_take_next)
    return 0 if story is None else story[0]


def last_story_segment(
    html: str,
    may_be_boilerplate: Callable[[str], bool],
    may_take_next: Callable[[str], bool],
) -> tuple[int, int] | None:
    """Where the last top-level segment that is surely story starts and ends; None if
    there is none. A segment is a top-level block and the inline content after it;
    whatever follows the segment starts with a top-level block's start tag."""
    starts = top_level_block_starts(html)
    if not starts:
        return None
    bounds = [0, *starts, len(html)] if starts[0] > 0 else [*starts, len(html)]

    def segment(index: int) -> str:  # sliced when looked at: the walk stops early
        return html[bounds[index] : bounds[index + 1]]

    for index in range(len(bounds) - 2, -1, -1):
        text = segment(index)
        if _is_blank(text) or may_be_boilerplate(text):
            continue
        before = index - 1
        while before >= 0 and _is_blank(segment(before)):
            before -= 1
        if before >= 0 and may_take_next(segment(before)):
            continue
        return bounds[index], bounds[index + 1]
    return None
