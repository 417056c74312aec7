"""Find the folder links Pelican must not follow.

Pelican walks content folders following symbolic links: a link out of the
project would publish whatever it points to, and a loop (a link to a folder
that holds it) would read every file below it again at each turn.
"""

from __future__ import annotations

import fnmatch
import os


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def unsafe_folder_links(
    project: str, folders: list[str], exclude: list[str] = (), ignore: list[str] = ()
) -> list[tuple[str, str]]:
    """``(path, reason)`` of each link to a folder, under ``folders``, that
    points outside ``project`` or back to a folder on its own path.

    ``folders`` and the returned paths are relative to ``project``; the walk
    skips what Pelican's does (``exclude`` paths, ``ignore`` name patterns).
    """
    root = os.path.realpath(project)
    found = []
    for folder in folders:
        top = os.path.join(project, folder)
        # The real folders on the way to each folder walked: a link back to one is a loop.
        above = {top: {os.path.realpath(top)}}
        for dirpath, dirs, _ in os.walk(top, followlinks=True):
            for name in list(dirs):
                path = os.path.join(dirpath, name)
                relative = os.path.relpath(path, project)
                if relative in exclude or any(fnmatch.fnmatch(name, i) for i in ignore):
                    dirs.remove(name)
                    continue
                real = os.path.realpath(path)
                if not _within(real, root):
                    found.append((relative, "a link to a folder outside the project"))
                elif real in above[dirpath]:
                    found.append((relative, "a link that loops back to a folder above it"))
                else:
                    above[path] = above[dirpath] | {real}
                    continue
                dirs.remove(name)
    return found
