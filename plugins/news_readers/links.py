"""Find the folder links Pelican must not follow: it walks content folders
following links, so a link out of the project would publish what it points to,
a loop would read the files below it again at each turn, and a link to a content
folder would publish its files twice."""

import fnmatch
import os


def within(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both real paths)."""
    return os.path.commonpath([path, folder]) == folder


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
