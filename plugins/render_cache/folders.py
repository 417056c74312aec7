"""Make the output folders in a helper process while the pages render.

Every article has a folder of its own (``YYYY/MM/DD/slug/index.html``), and on
a disk a new folder can take half a millisecond or more: for thousands of
articles that is seconds of a build spent waiting for the file system. The
writer hands the list of folders to a small child process as the first page
is rendered; the child makes them on another core, in the order the pages are
written. Whatever it has not made yet when a page is written, Pelican makes as
it always does (``os.makedirs(..., exist_ok=True)`` on both sides), so the
race is harmless and a failing helper only costs the time it would have saved.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterable

# The child: read NUL-separated folders from stdin, make each one, ignore failures
# (the writer reports them when it makes the folder itself).
_MAKE_FOLDERS = """
import os, sys
for folder in sys.stdin.buffer.read().split(b"\\0"):
    if folder:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            pass
"""


def folders_to_make(output_path: str, files: Iterable[str]) -> list[str]:
    """The folders of ``files`` (relative to ``output_path``) that do not exist yet,
    in the order given; none outside the output folder."""
    root = os.path.abspath(output_path)
    folders: dict[str, None] = {}
    for name in files:
        if not name:
            continue
        folder = os.path.dirname(os.path.abspath(os.path.join(root, name)))
        if folder != root and os.path.commonpath([root, folder]) == root:
            folders[folder] = None
    return [folder for folder in folders if not os.path.isdir(folder)]


class FolderMaker:
    """A child process making ``folders``; ``finish()`` waits for it (at the end)."""

    def __init__(self, folders: list[str]):
        self._process = None
        if not folders:
            return
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _MAKE_FOLDERS],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return  # no helper: the writer makes every folder itself
        data = b"\0".join(os.fsencode(folder) for folder in folders)
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
