"""What each build wrote into the output folder (no Pelican here): a file is trusted
only while its size and time are as recorded (a hand edit or a truncation changes
them); anything else is written again, atomically. The rest is pruned at the end."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from plugin_support.caches import atomic_write, cache_key, drop, load_pickle

FORMAT = 1


@dataclass(frozen=True)
class Entry:
    size: int
    mtime_ns: int
    digest: str
    key: str | None  # what the file was made from (a page key, a static source stamp)


def _stat(path: str):
    with contextlib.suppress(OSError):
        return os.stat(path)
    return None


def _read(path: str) -> bytes | None:
    with contextlib.suppress(OSError), open(path, "rb") as file:
        return file.read()
    return None


class OutputRecord:
    def __init__(self, output_path: str, record_path: str):
        self.output_path = os.path.abspath(output_path)
        self.record_path = record_path
        self.previous: dict[str, Entry | None] = self._load()
        # What this build produced; None for what plugins wrote themselves (files, folders).
        self.current: dict[str, Entry | None] = {}
        self.written = self.kept = self.rendered = 0  # files written, pages reused, rendered

    def start_apart(self) -> None:
        """In a forked helper: keep only what it produces from here on (see ``produced``)."""
        self.current, self.written, self.kept, self.rendered = {}, 0, 0, 0

    def produced(self) -> tuple:
        return self.current, self.written, self.kept, self.rendered

    def add(self, produced: tuple) -> None:
        """Take in what a helper ``produced``, as if this process had."""
        current, written, kept, rendered = produced
        self.current.update(current)
        self.written, self.kept = self.written + written, self.kept + kept
        self.rendered += rendered

    def _load(self) -> dict[str, Entry | None]:
        data = load_pickle(self.record_path, "output record")
        if isinstance(data, dict) and data.get("format") == FORMAT:
            files = data.get("files")
            if isinstance(files, dict) and all(isinstance(e, Entry | None) for e in files.values()):
                return files
        if data is not None:
            drop(self.record_path, "not an output record", "output record")
        return {}

    def relative(self, path: str) -> str:
        return os.path.relpath(os.path.join(self.output_path, path), self.output_path)

    def _intact(self, name: str) -> Entry | None:
        """The previous build's entry for ``name`` if the file is still as it left it."""
        entry = self.previous.get(name)
        found = entry and _stat(os.path.join(self.output_path, name))
        if found and (found.st_size, found.st_mtime_ns) == (entry.size, entry.mtime_ns):
            return entry
        return None

    def unchanged(self, path: str, key: str | None) -> bool:
        """True when ``path`` holds what the last build made from the same ``key``:
        then it need not even be rendered. It counts as produced by this build."""
        name = self.relative(path)
        entry = self._intact(name) if key is not None else None
        if entry is None or entry.key != key:
            return False
        self.current[name] = entry
        return True

    def write(self, path: str, data: bytes, key: str | None = None) -> bool:
        """Make ``path`` hold ``data``: written (atomically) only if it does not
        already, so an unchanged file keeps its time. True when written."""
        name = self.relative(path)
        path = os.path.join(self.output_path, name)
        digest = cache_key(data)
        entry = self._intact(name)
        if entry is None or entry.digest != digest:
            found = _stat(path)
            if not (found and found.st_size == len(data) and _read(path) == data):
                atomic_write(path, data)
                self.written += 1
                found = os.stat(path)
                self.current[name] = Entry(found.st_size, found.st_mtime_ns, digest, key)
                return True
            entry = self._same_bytes(name, path, digest, found)
        self.current[name] = Entry(entry.size, entry.mtime_ns, digest, key)
        return False

    def _same_bytes(self, name: str, path: str, digest: str, found) -> Entry:
        """The file already holds the right bytes: if the last build made the same ones
        (Pelican copies the theme's files on every build), it keeps the time it had then."""
        before = self.previous.get(name)
        if before is not None and before.digest == digest:
            os.utime(path, ns=(found.st_atime_ns, before.mtime_ns))
            return before
        return Entry(found.st_size, found.st_mtime_ns, digest, None)

    def copy(self, source: str, path: str) -> None:
        """Make ``path`` a copy of the file ``source`` (static files)."""
        found = os.stat(source)
        key = f"{found.st_size}:{found.st_mtime_ns}"
        if not self.unchanged(path, key):
            self.write(path, Path(source).read_bytes(), key)

    def claim(self, path: str) -> None:
        """``path`` (a file, or a folder kept whole) was produced outside the record."""
        self.current.setdefault(self.relative(path), None)

    def _keeps(self, name: str, retention: list[str]) -> bool:
        # OUTPUT_RETENTION names files or folders at the top of output/ (as Pelican's
        # clean_output_dir reads it); a pattern may name deeper ones too.
        top = name.split(os.sep, 1)[0]
        return name in self.current or any(
            top == keep or fnmatch.fnmatch(name, keep) for keep in retention
        )

    def prune(self, retention: list[str], since_ns: int | None = None) -> list[str]:
        """Remove every file this build did not produce, then the folders left empty;
        the names removed. A file written since ``since_ns`` is this build's."""
        removed, visited = [], []
        for folder, subfolders, files in os.walk(self.output_path):
            here = folder[len(self.output_path) + 1 :]  # "" for output/ itself
            visited.append(folder)
            # A symbolic link to a folder is never entered: it is pruned as a file is.
            links = [sub for sub in subfolders if os.path.islink(os.path.join(folder, sub))]
            subfolders[:] = [
                sub
                for sub in subfolders
                if sub not in links and not self._keeps(os.path.join(here, sub), retention)
            ]
            for file in files + links:
                name = os.path.join(here, file)
                if self._keeps(name, retention) or self._adopt(name, since_ns):
                    continue
                os.unlink(os.path.join(folder, file))
                removed.append(name)
        for folder in reversed(visited[1:]):
            with contextlib.suppress(OSError):  # not empty
                os.rmdir(folder)
        return removed

    def _adopt(self, name: str, since_ns: int | None) -> bool:
        """Keep a file another plugin wrote itself during this build (not claimed)."""
        path = os.path.join(self.output_path, name)
        found = os.lstat(path)
        if since_ns is None or found.st_mtime_ns < since_ns:
            return False
        self.current[name] = self._same_bytes(name, path, cache_key(_read(path) or b""), found)
        return True

    def save(self) -> None:
        data = {"format": FORMAT, "files": self.current}
        atomic_write(self.record_path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
