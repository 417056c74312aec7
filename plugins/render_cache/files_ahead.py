"""Make the output folders and files in a helper process while the pages render.

Every article has a folder of its own (``YYYY/MM/DD/slug/index.html``), and on
a disk a new folder or file can take half a millisecond or more: for thousands
of articles that is seconds of a build spent waiting for the file system. The
writer hands the list of new pages to a small child process as the first page
is rendered; on another core, in the order the pages are written, the child
makes each one's folder and creates the file, empty and only if it does not
exist (it never truncates one). Writing a page then only fills its file. What
the child has not made yet when a page is written, Pelican makes as it always
does, so the race is harmless and a failing helper only costs the time it would
have saved. (A build that fails half-way may leave empty files of pages it never
wrote; the next build writes them, as it renders every page after a failure.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterable

# The child: read NUL-separated file paths from stdin; make each one's folder and
# the file itself, empty, unless it exists. Failures are left to the writer, which
# reports them when it writes the page.
_MAKE_FILES = """
import os, sys
for path in sys.stdin.buffer.read().split(b"\\0"):
    if path:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError:
            pass
"""


def files_to_make(output_path: str, files: Iterable[str]) -> list[str]:
    """The absolute paths of ``files`` (relative to ``output_path``) in folders that
    do not exist yet, in the order given, once each; none outside the output folder."""
    root = os.path.abspath(output_path)
    wanted: dict[str, None] = {}
    for name in files:
        if not name:
            continue
        path = os.path.abspath(os.path.join(root, name))
        folder = os.path.dirname(path)
        if folder != root and os.path.commonpath([root, folder]) == root:
            wanted[path] = None
    # A page in an existing folder was most likely written before: nothing to gain.
    existing: dict[str, bool] = {}
    return [
        path
        for path in wanted
        if not existing.setdefault(os.path.dirname(path), os.path.isdir(os.path.dirname(path)))
    ]


class FileMaker:
    """A child process making ``paths`` (empty files and their folders);
    ``finish()`` waits for it (at the end of the build)."""

    def __init__(self, paths: list[str]):
        self._process = None
        if not paths:
            return
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _MAKE_FILES],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return  # no helper: the writer makes every folder itself
        data = b"\0".join(os.fsencode(path) for path in paths)
        # A thread feeds the pipe, so the build does not wait for the child to start.
        threading.Thread(target=self._feed, args=(data,), daemon=True).start()

    def _feed(self, data: bytes) -> None:
        try:
            with self._process.stdin as pipe:
                pipe.write(data)
        except OSError:
            pass  # the child is gone: the writer makes the rest

    def finish(self) -> None:
        if self._process is not None:
            try:
                self._process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
