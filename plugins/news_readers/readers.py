"""Pelican readers: seeds (``*.txt``) and Markdown that warn instead of failing.

Each returns ``status: skip`` with an ``unpublishable`` reason for a file that
cannot become an article; ``__init__`` turns that reason into one warning.
"""

from __future__ import annotations

import os

from markdown import Markdown
from pelican.readers import BaseReader, MarkdownReader

from .render import paragraphs_html
from .seed import parse_seed
from .text import Unpublishable, decode_text

# Metadata key carrying why a file is skipped. Kept in the reader's result, so
# the warning is repeated on every build, also when the content cache answers.
UNPUBLISHABLE = "unpublishable"


def skipped(settings: dict, source_path: str, reason: str) -> tuple[str, dict]:
    """What a reader returns for a file that cannot be published."""
    source = os.path.relpath(source_path, settings["PATH"])
    return "", {"status": "skip", UNPUBLISHABLE: f"{source}: not published: {reason}"}


def read_bytes(source_path: str) -> bytes:
    try:
        with open(source_path, "rb") as source:
            return source.read()
    except OSError as error:
        raise Unpublishable(f"cannot be read ({error.strerror})") from error


class SeedReader(BaseReader):
    """Reads a raw wire article, SEED_FORMAT.md, as plain text."""

    enabled = True
    file_extensions = ["txt"]

    def read(self, source_path):
        try:
            seed = parse_seed(decode_text(read_bytes(source_path)))
        except Unpublishable as error:
            return skipped(self.settings, source_path, str(error))
        metadata = {
            "title": self.process_metadata("title", seed.title),
            "date": self.process_metadata("date", seed.date.isoformat()),
        }
        if seed.author:
            metadata["author"] = self.process_metadata("author", seed.author)
        return paragraphs_html(seed.paragraphs), metadata


class TolerantMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with one Markdown instance for every file,
    any text encoding, and a reason instead of an exception for bad files."""

    _shared = None

    def read(self, source_path):
        self._source_path = source_path
        self._md = self._markdown()
        try:
            content = self._md.convert(decode_text(read_bytes(source_path)))
            metadata = self._parse_metadata(getattr(self._md, "Meta", {}))
        except Unpublishable as error:
            return skipped(self.settings, source_path, str(error))
        except ValueError as error:  # e.g. a Date: that is not a date
            return skipped(self.settings, source_path, f"bad metadata ({error})")
        # An empty `Summary:` (`make new` writes one) leaves the first paragraph the summary.
        if "summary" in metadata and not str(metadata["summary"]).strip():
            del metadata["summary"]
        if not metadata.get("title"):
            return skipped(self.settings, source_path, "no 'Title:' metadata")
        dated = "date" in metadata or self.settings.get("DEFAULT_DATE")
        if not dated and not self._is_page(source_path):
            return skipped(self.settings, source_path, "no 'Date:' metadata")
        return content, metadata

    def _markdown(self):
        # Building Markdown and its extensions costs more than converting a
        # short article: build it once per settings, reset() it per file.
        shared = TolerantMarkdownReader._shared
        if shared is None or shared[0] is not self.settings["MARKDOWN"]:
            markdown = Markdown(**self.settings["MARKDOWN"])
            shared = (self.settings["MARKDOWN"], markdown, markdown.preprocessors["meta"])
            TolerantMarkdownReader._shared = shared
        _, markdown, meta = shared
        markdown.reset()
        # Pelican's metadata parsing deregisters the meta preprocessor.
        if "meta" not in markdown.preprocessors:
            markdown.preprocessors.register(meta, "meta", 27)
        return markdown

    def _is_page(self, source_path):
        relative = os.path.relpath(source_path, self.settings["PATH"])
        return any(
            relative == path or relative.startswith(path.rstrip("/") + os.sep)
            for path in self.settings["PAGE_PATHS"]
        )
