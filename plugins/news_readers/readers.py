"""Pelican readers that warn instead of failing: seeds (``*.txt``), and Pelican's
own Markdown, reST and HTML readers wrapped. A file that cannot become an article
is read as ``status: skip`` with a ``NOTE`` saying why, logged as one warning: the note
is part of the reading, so the warning comes again when the content cache answers."""

import fnmatch
import logging
import os
import re
import stat
import tempfile
from pathlib import Path, PurePosixPath

from pelican import readers
from pelican.utils import posixize_path

from . import prefetch
from .prefetch import Deferred
from .seed import Unpublishable, decode_source, paragraphs_html, parse_seed, year_out_of_range

# Metadata keys: the one warning line about a file; a seed's name, for its year
# to be judged again at every build (the cached reading stays, the clock moves).
NOTE = "reader_note"
DATED_AHEAD = "reader_dated_ahead"
# Pelican's warnings about a source that the reader then gives once, with the reason:
# one the content cache cannot stat (a looping or broken link), a reST document without a title.
REPEATED = ("Cannot get modification stamp", "Document title missing in file")


def within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both real paths)."""
    return os.path.commonpath([path, folder]) == folder


# Pelican walks content folders following links: a link out of the project would
# publish what it points to, a loop would read the files below it again at each
# turn, and a link to a content folder would publish its files twice.
def unsafe_folder_links(
    project: str, folders: list[str], exclude=(), ignore=(), content=()
) -> list[tuple[str, str]]:
    """``(path, reason)`` of each folder link under ``folders`` not to follow, relative to
    ``project``. The walk skips what Pelican's does: ``exclude`` paths, ``ignore`` patterns."""
    root = os.path.realpath(project)
    read_anyway = [os.path.realpath(os.path.join(project, f)) for f in (*folders, *content)]
    found = []
    for folder in folders:
        top = os.path.join(project, folder)
        # The real folders on the way to each folder walked: a link back to one is a loop.
        above = {top: [os.path.realpath(top)]}
        for dirpath, dirs, _ in os.walk(top, followlinks=True):
            for name in list(dirs):
                path = os.path.join(dirpath, name)
                relative = os.path.relpath(path, project)
                if relative in exclude or any(fnmatch.fnmatch(name, i) for i in ignore):
                    dirs.remove(name)
                    continue
                real = os.path.realpath(path)
                if not os.path.islink(path):
                    above[path] = [*above[dirpath], real]
                    continue
                if not any(within(real, inside) for inside in (root, *read_anyway)):
                    found.append((relative, "a link to a folder outside the project"))
                elif any(within(on_the_way, real) for on_the_way in above[dirpath]):
                    found.append((relative, "a link that loops back to a folder above it"))
                elif any(within(real, published) for published in read_anyway):
                    found.append((relative, "a link to a content folder, read there already"))
                else:
                    above[path] = [*above[dirpath], real]
                    continue
                dirs.remove(name)
    return found


def not_repeated(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(REPEATED)


def source_name(settings: dict, source_path: str) -> str:
    return posixize_path(os.path.relpath(source_path, settings["PATH"]))


def skipped(settings: dict, source_path: str, reason: str) -> tuple[str, dict]:
    note = f"{source_name(settings, source_path)}: not published: {reason}"
    return "", {"status": "skip", NOTE: note}


def read_bytes(settings: dict, source_path: str) -> bytes:
    """The file's bytes. Not read: a named pipe or device (it could block or never end),
    a link out of the project, or one into a content folder (published from there)."""
    try:
        mode = os.stat(source_path).st_mode  # first: a looping or broken link fails here
        if os.path.islink(source_path):
            target = os.path.realpath(source_path)
            if not within(target, os.path.realpath(settings["PATH"])):
                raise Unpublishable("a link to a file outside the project (not followed)")
            for folder in (*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]):
                if within(target, os.path.realpath(os.path.join(settings["PATH"], folder))):
                    name = source_name(settings, target)
                    raise Unpublishable(f"a link to {name}, published already")
        if not stat.S_ISREG(mode):
            raise Unpublishable("not a regular file")
        return Path(source_path).read_bytes()
    except OSError as error:
        raise Unpublishable(f"cannot be read ({error.strerror})") from error


class Deferring:
    """Mixed into a reader whose ``parse`` may run in a prefetch worker: there, metadata
    values are left for the build's process to process (see prefetch)."""

    deferring = False  # True in a worker

    def process_metadata(self, name, value):
        if self.deferring:
            return Deferred(name, value)
        return super().process_metadata(name, value)

    def parsed(self, source_path) -> tuple[str, dict]:
        """The source parsed ahead in a worker, or now; its metadata processed."""
        content, metadata = prefetch.take(source_path) or self.parse(source_path)
        return content, {
            key: self.process_metadata(*value) if isinstance(value, Deferred) else value
            for key, value in metadata.items()
        }


class SeedReader(Deferring, readers.BaseReader):
    """Reads a raw wire article (docs/seed-format.md) as plain text."""

    enabled = True
    file_extensions = ["txt"]

    def read(self, source_path):
        return self.parsed(source_path)

    def parse(self, source_path):
        try:
            seed = parse_seed(decode_source(read_bytes(self.settings, source_path))[0])
        except Unpublishable as error:
            return skipped(self.settings, source_path, str(error))
        fields = {"title": seed.title, "date": seed.date.isoformat(), "author": seed.author}
        metadata = {
            key: self.process_metadata(key, value) for key, value in fields.items() if value
        }
        if seed.notes:
            metadata[NOTE] = f"{source_name(self.settings, source_path)}: {'; '.join(seed.notes)}"
        metadata[DATED_AHEAD] = source_name(self.settings, source_path)
        return paragraphs_html(seed.paragraphs), metadata


def settle(metadata: dict) -> str | None:
    """Take the readers' keys out of a source's metadata; return the warning
    about it, if any. A seed dated after next year is skipped."""
    note = metadata.pop(NOTE, None)
    dated_ahead = metadata.pop(DATED_AHEAD, None)
    if dated_ahead and (reason := year_out_of_range(metadata["date"].year)):
        metadata["status"] = "skip"
        note = f"{dated_ahead}: not published: {reason}"
    return note


# docutils names the file, the line and a level: "<path>:7: (ERROR/3) <message>".
_DOCUTILS_LEVEL = re.compile(r"\((?:DEBUG|INFO|WARNING|ERROR|SEVERE)/\d\) ")


def describe(error: Exception, path: str) -> str:
    """One line saying why a reader failed on ``path``."""
    if isinstance(error, ValueError) and not isinstance(error, UnicodeError):
        # Pelican's metadata processors: a bad Date:, ...
        return f"bad metadata ({error})"
    first_line = next(iter(str(error).strip().splitlines()), "") or type(error).__name__
    return _DOCUTILS_LEVEL.sub("", first_line.replace(f"{path}:", "line "))


def missing_metadata(settings: dict, source_path: str, metadata: dict) -> str | None:
    """What an article or page lacks to be published: "title", "date" or None.
    A date may also come from the file's name or DEFAULT_DATE; a draft and a page need none."""
    if not metadata.get("title"):
        return "title"
    relative = source_name(settings, source_path)
    if (
        "date" in metadata
        or metadata.get("status") == "draft"
        or settings.get("DEFAULT_DATE")
        or "date" in readers.parse_path_metadata(relative, settings)
        or any(PurePosixPath(relative).is_relative_to(path) for path in settings["PAGE_PATHS"])
    ):
        return None
    return "date"


class Tolerant(Deferring):
    """Mixed into a Pelican reader: any text encoding (Pelican's reader gets a UTF-8
    copy of a file in another), and a reason instead of an exception for a file that
    cannot be published."""

    # How the format writes what an article needs, for the warning.
    needs = {"title": "'Title:' metadata", "date": "'Date:' metadata"}

    def parse(self, source_path):
        """Pelican's reading of the file; Unpublishable says why it cannot be read."""
        path = source_path
        try:
            text, as_utf8 = decode_source(read_bytes(self.settings, source_path))
            if as_utf8:
                return super().read(source_path)
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, os.path.basename(source_path))
                Path(path).write_text(text, encoding="utf-8")
                return super().read(path)
        except Unpublishable:
            raise
        except Exception as error:  # the parser's failure is this file's, not the build's
            raise Unpublishable(describe(error, path)) from error

    def read(self, source_path):
        try:
            content, metadata = self.parsed(source_path)
        except Unpublishable as error:
            return skipped(self.settings, source_path, str(error))
        except Exception as error:  # a metadata value Pelican could not process
            return skipped(self.settings, source_path, describe(error, source_path))
        # An empty `Summary:` (`make new` writes one) leaves the first paragraph the summary.
        if "summary" in metadata and not str(metadata["summary"]).strip():
            del metadata["summary"]
        if isinstance(metadata.get("title"), list):  # Pelican keeps every `Title:` line
            metadata["title"] = metadata["title"][0]
            metadata[NOTE] = f"{source_name(self.settings, source_path)}: two titles, one kept"
        if missing := missing_metadata(self.settings, source_path, metadata):
            return skipped(self.settings, source_path, f"no {self.needs[missing]}")
        return content, metadata


# Pelican names a reader after its class ("markdown", "rst", "html"): keep the names.
class MarkdownReader(Tolerant, readers.MarkdownReader): ...


class RstReader(Tolerant, readers.RstReader):
    needs = {"title": "title (a top-level heading or ':title:')", "date": "':date:' field"}


class HTMLReader(Tolerant, readers.HTMLReader):
    needs = {"title": "<title>", "date": '<meta name="date">'}


READERS = [SeedReader, MarkdownReader, RstReader, HTMLReader]
