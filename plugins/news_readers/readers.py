"""Pelican readers that warn instead of failing: seeds (``*.txt``), and
Pelican's own Markdown, reST and HTML readers wrapped.

A file that cannot become an article is returned as ``status: skip`` with a
``NOTE`` saying why; ``__init__`` logs the note as one warning. The note is
part of the reader's result, so the warning comes again on every build, also
when the content cache answers.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile

from pelican import readers
from pelican.utils import posixize_path

from .render import paragraphs_html
from .seed import parse_seed
from .text import Unpublishable, decode_source

# Metadata key of the one warning line about a file.
NOTE = "reader_note"


def source_name(settings: dict, source_path: str) -> str:
    return posixize_path(os.path.relpath(source_path, settings["PATH"]))


def skipped(settings: dict, source_path: str, reason: str) -> tuple[str, dict]:
    """What a reader returns for a file that cannot be published."""
    note = f"{source_name(settings, source_path)}: not published: {reason}"
    return "", {"status": "skip", NOTE: note}


def read_bytes(settings: dict, source_path: str) -> bytes:
    """The file's bytes; a link to a file outside the project is not followed."""
    if os.path.islink(source_path):
        project = os.path.realpath(settings["PATH"])
        if os.path.commonpath([project, os.path.realpath(source_path)]) != project:
            raise Unpublishable("a link to a file outside the project (not followed)")
    try:
        with open(source_path, "rb") as source:
            return source.read()
    except OSError as error:
        raise Unpublishable(f"cannot be read ({error.strerror})") from error


class UnreadableSourceFilter(logging.Filter):
    """Drops Pelican's content-cache warning about a source it cannot stat (a
    looping or broken link): the reader then warns about the same file, once,
    with the reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Cannot get modification stamp")


UNREADABLE_SOURCE_FILTER = UnreadableSourceFilter()


def one_warning_per_unreadable_source(_pelican=None) -> None:
    logging.getLogger("pelican.cache").addFilter(UNREADABLE_SOURCE_FILTER)  # once: same filter


class SeedReader(readers.BaseReader):
    """Reads a raw wire article (docs/seed-format.md) as plain text."""

    enabled = True
    file_extensions = ["txt"]

    def read(self, source_path):
        try:
            text, _ = decode_source(read_bytes(self.settings, source_path))
            seed = parse_seed(text)
        except Unpublishable as error:
            return skipped(self.settings, source_path, str(error))
        metadata = {
            "title": self.process_metadata("title", seed.title),
            "date": self.process_metadata("date", seed.date.isoformat()),
        }
        if seed.author:
            metadata["author"] = self.process_metadata("author", seed.author)
        if seed.notes:
            metadata[NOTE] = f"{source_name(self.settings, source_path)}: {'; '.join(seed.notes)}"
        return paragraphs_html(seed.paragraphs), metadata


# docutils names the file, the line and a level: "<path>:7: (ERROR/3) <message>".
_DOCUTILS_LEVEL = re.compile(r"\((?:DEBUG|INFO|WARNING|ERROR|SEVERE)/\d\) ")


def describe(error: Exception, path: str) -> str:
    """One line saying why a reader failed on ``path``."""
    if isinstance(error, ValueError):  # Pelican's metadata processors: a bad Date:, ...
        return f"bad metadata ({error})"
    first_line = next(iter(str(error).strip().splitlines()), "") or type(error).__name__
    return _DOCUTILS_LEVEL.sub("", first_line.replace(f"{path}:", "line "))


def missing_metadata(settings: dict, source_path: str, metadata: dict) -> str | None:
    """What an article or page lacks to be published, as Pelican would say it.

    A date may also come from the file's name (``FILENAME_METADATA``) or
    ``DEFAULT_DATE``; a draft and a page need none.
    """
    if not metadata.get("title"):
        return "no 'Title:' metadata"
    relative = source_name(settings, source_path)
    if (
        "date" in metadata
        or metadata.get("status") == "draft"
        or settings.get("DEFAULT_DATE")
        or "date" in readers.parse_path_metadata(relative, settings)
        or any(
            relative == path or relative.startswith(path.rstrip("/") + "/")
            for path in settings["PAGE_PATHS"]
        )
    ):
        return None
    return "no 'Date:' metadata"


class Tolerant:
    """Mixed into a Pelican reader: any text encoding, and a reason instead of
    an exception for a file that cannot be published. Pelican's reader gets
    the file itself, or a UTF-8 copy of one in another encoding."""

    def read(self, source_path):
        path = source_path
        try:
            text, as_utf8 = decode_source(read_bytes(self.settings, source_path))
            if as_utf8:
                content, metadata = super().read(source_path)
            else:
                with tempfile.TemporaryDirectory() as folder:
                    path = os.path.join(folder, os.path.basename(source_path))
                    with open(path, "w", encoding="utf-8") as copy:
                        copy.write(text)
                    content, metadata = super().read(path)
        except Unpublishable as error:
            return skipped(self.settings, source_path, str(error))
        except Exception as error:  # the parser's failure is this file's, not the build's
            return skipped(self.settings, source_path, describe(error, path))
        reason = missing_metadata(self.settings, source_path, metadata)
        if reason:
            return skipped(self.settings, source_path, reason)
        return content, metadata


# Pelican names a reader after its class ("markdown", "rst", "html"): keep the names.
class MarkdownReader(Tolerant, readers.MarkdownReader):
    """Pelican's Markdown reader (.md, .markdown, .mkd, .mdown), tolerant."""


class RstReader(Tolerant, readers.RstReader):
    """Pelican's reStructuredText reader (.rst), tolerant."""


class HTMLReader(Tolerant, readers.HTMLReader):
    """Pelican's HTML reader (.html, .htm), tolerant."""


READERS = [SeedReader, MarkdownReader, RstReader, HTMLReader]
