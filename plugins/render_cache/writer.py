"""A Pelican writer that renders a page only when what it shows has changed.

Every page's key is a fingerprint of the context variables its template can
read (found in the template's source), the site's theme and plugin code, and
the output file's name. When the key matches the last build's and the file
is still there, the page is neither rendered nor written again.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from jinja2 import TemplateError
from pelican.utils import sanitised_join

from .dependencies import DynamicTemplate, Reads, template_reads
from .fingerprint import Fingerprinter, Uncacheable, digest
from .listing_writer import ListingWriter
from .store import load_keys, save_keys

logger = logging.getLogger(__name__)
CACHE_FILE = "render-cache.json"


def code_fingerprint(folders: list[str]) -> str:
    """Fingerprint of the theme and plugin sources: a change renders every page."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in sorted(folders):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                hasher.update(str(path).encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _has_content(path: str) -> bool:
    try:
        return os.stat(path).st_size > 0
    except OSError:
        return False


class _CachedTemplate:
    """Stands in for a Jinja template in Writer.write_file."""

    def __init__(self, template, writer: CachingWriter):
        self._template = template
        self._writer = writer

    def render(self, localcontext):
        return self._writer.render(self._template, localcontext)


class CachingWriter(ListingWriter):
    # The writers of builds under way, whose keys are saved when they end.
    active: list[CachingWriter] = []

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._cache_file = Path(self.settings["CACHE_PATH"]) / CACHE_FILE
        self._previous = load_keys(self._cache_file)
        # Until this build saves its keys, the files on disk may not match
        # the old ones: a build that fails half-way must not leave them.
        self._cache_file.unlink(missing_ok=True)
        self._current: dict[str, str] = {}
        self._fingerprints = Fingerprinter()
        self._reads: dict[str, Reads | None] = {}
        self._parsed_templates: dict = {}
        folders = [self.settings["THEME"], *self.settings.get("PLUGIN_PATHS", [])]
        self._code = code_fingerprint(folders)
        self._unchanged: set[str] = set()
        self.rendered = self.reused = 0
        CachingWriter.active.append(self)

    def _open_w(self, filename, encoding, override=False):
        if filename in self._unchanged and filename not in self._written_files:
            self._unchanged.discard(filename)
            self._written_files.add(filename)  # Pelican's record of this build's files
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)

    def write_file(self, name, template, context, *args, **kwargs):
        return super().write_file(name, _CachedTemplate(template, self), context, *args, **kwargs)

    def render(self, template, localcontext) -> str:
        name = localcontext["output_file"]
        key = self._key(template, localcontext)
        path = sanitised_join(self.output_path, name)
        # An empty file is one the file maker (files_ahead) made for a page not yet written.
        if key is not None and self._previous.get(name) == key and _has_content(path):
            self.reused += 1
            self._current[name] = key
            # The file already holds this page: nothing to render or write.
            self._unchanged.add(path)
            return ""
        self.rendered += 1
        if key is not None:
            self._current[name] = key
        return template.render(localcontext)

    def _key(self, template, localcontext) -> str | None:
        reads = self._template_reads(template)
        if reads is None:
            return None
        try:
            values = [
                f"{n}={self._fingerprints.of(localcontext.get(n), reads.attributes)}"
                for n in sorted(reads.variables)
            ]
        except Uncacheable as reason:
            logger.debug(
                "render_cache: %s always rendered: %s", localcontext["output_file"], reason
            )
            return None
        return digest(self._code, template.name, localcontext["output_file"], *values)

    def _template_reads(self, template) -> Reads | None:
        if template.name not in self._reads:
            try:
                found = template_reads(template.environment, template.name, self._parsed_templates)
            except (DynamicTemplate, TemplateError, OSError) as reason:
                logger.debug("render_cache: %s always rendered: %s", template.name, reason)
                found = None
            self._reads[template.name] = found
        return self._reads[template.name]

    @classmethod
    def save_all(cls) -> None:
        while cls.active:
            writer = cls.active.pop()
            save_keys(writer._cache_file, writer._current)
            logger.info(
                "render_cache: %d pages rendered, %d unchanged pages reused",
                writer.rendered,
                writer.reused,
            )
