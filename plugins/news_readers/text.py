"""Decode the bytes of a source file into text, whatever editor wrote it."""

import codecs
import re


class Unpublishable(ValueError):
    """A source file that cannot become an article; the message says why."""


# Control characters that never occur in text; NUL alone marks most binaries.
_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
# C1 controls (U+0080-U+009F) are what Latin-1 makes of Windows-1252's curly quotes,
# dashes and euro sign: shown as cp1252 means them; its five undefined bytes are dropped.
_C1 = re.compile("[\x80-\x9f]")
_C1_AS_CP1252 = {
    code: bytes([code]).decode("cp1252", errors="ignore") for code in range(0x80, 0xA0)
}


def _count_controls(data: bytes) -> int:
    # bytes.translate runs in C; a regex would look at every character in Python's engine.
    return len(data) - len(data.translate(None, _CONTROLS))


def decode_source(data: bytes) -> tuple[str, bool]:
    """The text (LF line endings) of a source file's bytes, and whether a UTF-8
    reader gets the same text from them (so the file can be handed to one as it is).

    UTF-16 needs a byte-order mark; a file that is not UTF-8 either is Windows-1252,
    the other encoding wire files and old editors use. Binary data is Unpublishable.
    """
    as_utf8 = False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise Unpublishable("not valid UTF-16 text") from error
        controls = _count_controls(text.encode("utf-8", errors="replace"))
        may_have_c1 = True
    elif b"\x00" in data:
        raise Unpublishable("binary file, not text")
    else:
        controls = _count_controls(data)
        try:
            text, as_utf8 = data.decode("utf-8"), True
            may_have_c1 = b"\xc2" in data  # how UTF-8 writes U+0080-U+00BF
        except UnicodeDecodeError:
            text, may_have_c1 = data.decode("cp1252", errors="ignore"), False
    if controls > max(8, len(text) // 100):
        raise Unpublishable("binary file, not text")
    if may_have_c1 and _C1.search(text):
        text, as_utf8 = text.translate(_C1_AS_CP1252), False
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), as_utf8


def decode_text(data: bytes) -> str:
    return decode_source(data)[0]
