"""Cache keys, result caches and atomic files, shared by every plugin: a cache is keyed by
everything that shapes its result, written atomically and dropped with one warning naming
it when it cannot be read, so a damaged cache costs time, never a wrong or failed build."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def cache_key(*parts: Any) -> str:
    """A short hex key of ``parts`` (str, bytes, or anything with a stable repr); each
    part's length goes first, so no two different sequences key alike."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        if not isinstance(part, bytes):
            part = (part if isinstance(part, str) else repr(part)).encode("utf-8", "surrogatepass")
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


def code_version(*paths: str | os.PathLike, pattern: str = "*.py") -> str:
    """A key of the files matching ``pattern`` under ``paths`` (files or folders):
    a plugin's results are redone when its code (or a theme's templates) change."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.rglob(pattern)) if path.is_dir() else [path])
    return cache_key(
        *(part for file in files if file.is_file() for part in (str(file), file.read_bytes()))
    )


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` under a temporary name in the same folder, then
    rename it: a reader (or the next build) sees the old file or the new one, whole.
    The temporary name is the process's own (one build at a time writes a folder)."""
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        file = open(temporary, "wb")  # noqa: SIM115 - closed below, before the rename
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        file = open(temporary, "wb")  # noqa: SIM115
    try:
        with file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def load_pickle(path: str | os.PathLike, what: str = "cache") -> Any | None:
    """The object pickled in ``path``; None when there is none. A file that cannot be
    unpickled (empty, garbage, a folder, unreadable) is removed with one warning."""
    if not os.path.lexists(path):
        return None
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except Exception as error:  # noqa: BLE001 - any unreadable cache is dropped alike
        drop(path, f"{type(error).__name__}: {error}", what)
        return None


def drop(path: str | os.PathLike, reason: str, what: str = "cache") -> None:
    """Remove an unusable cache file (or folder), with one warning naming it."""
    logger.warning("%s %s cannot be used (%s); rebuilding it", what, path, reason)
    path = Path(path)
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        logger.warning("cannot remove %s (%s)", path, error.strerror)


class ResultCache:
    """Results of one plugin kept between builds, in ``CACHE_PATH/name``, looked up by a
    key of their inputs (``cache_key(...)``). A cache saved under another ``key`` (the
    plugin's code and settings) is not used; only the entries this build used are saved, so
    the file never grows. Follows CACHE_CONTENT (save) and LOAD_CONTENT_CACHE (load)."""

    FORMAT = 1

    def __init__(self, settings: dict, name: str, key: str):
        self.path = Path(settings["CACHE_PATH"]) / name
        self.key = key
        self._save = bool(settings.get("CACHE_CONTENT", False))
        self._previous: dict = {}
        self._current: dict = {}
        data = load_pickle(self.path) if settings.get("LOAD_CONTENT_CACHE", False) else None
        if data is None:
            return
        if not (isinstance(data, dict) and isinstance(data.get("entries"), dict)):
            drop(self.path, "not a result cache")
        elif data.get("format") == self.FORMAT and data.get("key") == self.key:
            self._previous = data["entries"]  # else made by other code or settings

    def get(self, key: str, default: Any = None) -> Any:
        found = self._current.get(key, self._previous.get(key, default))
        if found is not default:
            self._current[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self._current[key] = value

    def lookup(self, key: str, compute, *args) -> Any:
        """The cached result for ``key``, or ``compute(*args)`` (then kept)."""
        if key not in self._current:
            self._current[key] = self._previous[key] if key in self._previous else compute(*args)
        return self._current[key]

    def save(self) -> None:
        if not self._save:
            return
        data = {"format": self.FORMAT, "key": self.key, "entries": self._current}
        try:
            atomic_write(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as error:
            logger.warning("cannot save cache %s (%s)", self.path, error.strerror)
