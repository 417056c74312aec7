"""Decode the bytes of a source file into text, whatever editor wrote it."""

from __future__ import annotations

import codecs
import re


class Unpublishable(ValueError):
    """A source file that cannot become an article; the message says why."""


_BOM = "\ufeff"
# Control characters that never occur in text; NUL alone marks most binaries.
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _undefined_as_latin1(error: UnicodeDecodeError) -> tuple[str, int]:
    # The five bytes cp1252 leaves undefined (0x81, 0x8D, ...) stand for the
    # same code points as in Latin-1: never a U+FFFD, never a failure.
    undefined = error.object[error.start : error.end]
    return undefined.decode("latin-1"), error.end


codecs.register_error("cp1252_undefined_as_latin1", _undefined_as_latin1)


def decode_text(data: bytes) -> str:
    """Decode a source file's bytes to text with LF line endings.

    UTF-8 (with or without a byte-order mark) is tried first; a file that is
    not valid UTF-8 is Windows-1252, the other encoding wire files and old editors use.
    Raises Unpublishable for binary data, which no text encoding makes sense of.
    """
    if b"\x00" in data:
        raise Unpublishable("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="cp1252_undefined_as_latin1")
    text = text.removeprefix(_BOM)
    if len(_BINARY_CONTROLS.findall(text)) > max(8, len(text) // 100):
        raise Unpublishable("binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
