"""What each build wrote into the output folder, and what it must remove.

A plain object (no Pelican): the last successful build's record says, for
every file it produced, its size, modification time, digest and the key of
what it was made from. A file is trusted only if it is still exactly as
recorded (size and time; a hand edit or a truncation changes them); anything
else is written again, atomically. Whatever the build did not produce is
pruned at its end, except what ``OUTPUT_RETENTION`` keeps.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import pickle
from dataclasses import dataclass

from plugin_support.caches import atomic_write, drop, load_pickle

FORMAT = 1


@dataclass(frozen=True)
class Entry:
    size: int
    mtime_ns: int
    digest: bytes
    key: str | None  # what the file was made from (a page key, a static source stamp)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stat(path: str):
    try:
        return os.stat(path)
    except OSError:
        return None


class OutputRecord:
    def __init__(self, output_path: str, record_path: str):
        self.output_path = os.path.abspath(output_path)
        self.record_path = record_path
        self.previous: dict[str, Entry] = self._load()
        self.current: dict[str, Entry] = {}
        self.claimed_folders: set[str] = set()
        self.written = self.kept = self.rendered = 0  # files written, pages reused, rendered

    def _load(self) -> dict[str, Entry]:
        data = load_pickle(self.record_path, "output record")
        if data is None:
            return {}
        files = data.get("files") if isinstance(data, dict) else None
        if not (
            isinstance(files, dict)
            and data.get("format") == FORMAT
            and all(isinstance(entry, Entry) for entry in files.values())
        ):
            drop(self.record_path, "not an output record", "output record")
            return {}
        return files

    def relative(self, path: str) -> str:
        return os.path.relpath(os.path.join(self.output_path, path), self.output_path)

    def _intact(self, name: str, path: str) -> Entry | None:
        """The previous build's entry for ``name`` if the file is still as it left it."""
        entry = self.previous.get(name)
        if entry is None:
            return None
        found = _stat(path)
        if found is None or (found.st_size, found.st_mtime_ns) != (entry.size, entry.mtime_ns):
            return None
        return entry

    def unchanged(self, path: str, key: str | None) -> bool:
        """True when ``path`` holds what the last build made from the same ``key``:
        then it need not even be rendered. It counts as produced by this build."""
        if key is None:
            return False
        name = self.relative(path)
        entry = self._intact(name, os.path.join(self.output_path, name))
        if entry is None or entry.key != key:
            return False
        self.current[name] = entry
        self.kept += 1
        return True

    def write(self, path: str, data: bytes, key: str | None = None) -> bool:
        """Make ``path`` hold ``data``: written (atomically) only if it does not
        already, so an unchanged file keeps its time. True when written."""
        name = self.relative(path)
        path = os.path.join(self.output_path, name)
        digest = _digest(data)
        entry = self._intact(name, path)
        if entry is None or entry.digest != digest:
            found = _stat(path)
            if found and found.st_size == len(data) and _read(path) == data:
                entry = self._same_bytes(name, path, digest, found)
            else:
                atomic_write(path, data)
                self.written += 1
                found = os.stat(path)
                entry = Entry(found.st_size, found.st_mtime_ns, digest, key)
                self.current[name] = entry
                return True
        self.current[name] = Entry(entry.size, entry.mtime_ns, digest, key)
        return False

    def _same_bytes(self, name: str, path: str, digest: bytes, found) -> Entry:
        """The file already holds the right bytes. If the last build made the same
        ones (Pelican copies the theme's files again on every build), it keeps the
        time it had then: the file did not change."""
        before = self.previous.get(name)
        if before is not None and before.digest == digest:
            os.utime(path, ns=(found.st_atime_ns, before.mtime_ns))
            return before
        return Entry(found.st_size, found.st_mtime_ns, digest, None)

    def copy(self, source: str, path: str) -> None:
        """Make ``path`` a copy of the file ``source`` (static files)."""
        found = os.stat(source)
        key = f"{found.st_size}:{found.st_mtime_ns}"
        name = self.relative(path)
        entry = self._intact(name, os.path.join(self.output_path, name))
        if entry is not None and entry.key == key:
            self.current[name] = entry
            return
        with open(source, "rb") as file:
            self.write(path, file.read(), key)

    def claim(self, path: str) -> None:
        """``path`` (a file or a folder) was produced by this build outside the record."""
        name = self.relative(path)
        if os.path.isdir(os.path.join(self.output_path, name)):
            self.claimed_folders.add(name)
        else:
            self.current.setdefault(name, Entry(-1, -1, b"", None))

    def prune(self, retention: list[str], since_ns: int | None = None) -> list[str]:
        """Remove every file this build did not produce, then the folders left
        empty; the names removed. A file written since ``since_ns`` (by a plugin
        that writes its own files) was produced by this build."""
        removed, visited = [], []
        for folder, subfolders, files in os.walk(self.output_path):
            here = os.path.relpath(folder, self.output_path)
            here = "" if here == "." else here
            visited.append(folder)
            subfolders[:] = [
                sub
                for sub in subfolders
                if os.path.join(here, sub) not in self.claimed_folders
                and not _retained(os.path.join(here, sub), retention)
            ]
            # A symbolic link to a folder is listed with the folders but never entered.
            for sub in [s for s in subfolders if os.path.islink(os.path.join(folder, s))]:
                subfolders.remove(sub)
                files.append(sub)
            for file in files:
                name = os.path.join(here, file)
                if name in self.current or _retained(name, retention):
                    continue
                if since_ns is not None and self._adopt(name, since_ns):
                    continue
                os.unlink(os.path.join(folder, file))
                removed.append(name)
        for folder in reversed(visited[1:]):
            with contextlib.suppress(OSError):  # not empty
                os.rmdir(folder)
        return removed

    def _adopt(self, name: str, since_ns: int) -> bool:
        """Keep a file another plugin wrote itself during this build, with its old time
        when its bytes did not change."""
        path = os.path.join(self.output_path, name)
        found = os.lstat(path)
        if found.st_mtime_ns < since_ns:
            return False
        self.current[name] = self._same_bytes(name, path, _digest(_read(path) or b""), found)
        return True

    def save(self) -> None:
        files = {}
        for name, entry in self.current.items():
            if entry.size < 0:  # claimed: stat it now, as it was left
                found = _stat(os.path.join(self.output_path, name))
                if found is None:
                    continue
                entry = Entry(found.st_size, found.st_mtime_ns, b"", None)
            files[name] = entry
        data = {"format": FORMAT, "files": files}
        atomic_write(self.record_path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _retained(name: str, retention: list[str]) -> bool:
    # OUTPUT_RETENTION names files or folders at the top of output/ (as Pelican's
    # clean_output_dir reads it); a pattern may name deeper ones too.
    top = name.split(os.sep, 1)[0]
    return any(top == keep or fnmatch.fnmatch(name, keep) for keep in retention)
