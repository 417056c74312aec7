"""Sources parsed ahead on every core. Pelican reads one file after another, and a
reader's parse (Markdown's above all) is most of a cold build's reading: forked
workers run it for the files the content cache does not hold, while Pelican makes
articles of what they sent. Metadata values come back unprocessed (a Tag or an Author
carries all the settings) and are processed here, so the result is what Pelican's
own reading gives; a file a worker could not parse is read here, as without them."""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple

from pelican.utils import file_suffix
from plugin_support.processes import CapturedLogs, build_processes, replay, start_helper

logger = logging.getLogger(__name__)
MIN_FILES = 16  # fewer are read sooner than workers start


class Deferred(NamedTuple):
    """A metadata value a worker left for the build's process to process."""

    name: str
    value: object


_readers: dict = {}  # extension -> reader, for the forked workers
_logs: CapturedLogs | None = None


def _start_worker(parent: int) -> None:
    global _logs
    _logs = start_helper(parent)
    for reader in _readers.values():
        reader.deferring = True


def _parse(path: str):
    try:
        result = _readers[file_suffix(path)].parse(path)
    except Exception:  # read again in the build's process, which says why
        result = None
    records = _logs.take()
    return path, result, records if result is not None else []


class Prefetch:
    def __init__(self, readers: dict, paths: list[str], processes: int):
        _readers.clear()
        _readers.update(readers)
        # Not multiprocessing.Pool: it waits for ever for the work of a worker that died.
        self._pool = ProcessPoolExecutor(
            processes, multiprocessing.get_context("fork"), _start_worker, (os.getpid(),)
        )
        self._results = self._pool.map(_parse, paths, chunksize=4)
        self._waiting = set(paths)
        self._ready: dict = {}

    def take(self, path: str):
        """The worker's parse of ``path``, or None (not planned, or it failed)."""
        if path not in self._waiting:
            return None
        self._waiting.discard(path)
        try:
            while path not in self._ready:
                done, result, records = next(self._results)
                self._ready[done] = result, records
        except Exception:  # a worker died, or its result could not be sent: read it here
            return None
        result, records = self._ready.pop(path)
        replay(records)
        if not self._waiting:
            self.close()
        return result

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._waiting.clear()


# Pelican reads one generator's sources after another's: (that generator, its workers).
_running: list = [None, None]


def start(kind: str, generator) -> None:
    """Parse ``kind``'s (ARTICLE or PAGE) uncached sources in BUILD_PROCESSES workers,
    once per generator."""
    if _running[0] is generator:
        return
    stop()
    settings, readers = generator.settings, generator.readers
    processes = build_processes(settings)
    files = generator.get_files(settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"])
    paths = []
    for name in files:  # in Pelican's order: its set, made the same way
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(file_suffix(path))
        cached = readers.get_cached_data(path) or generator.get_cached_data(name)
        if hasattr(reader, "parse") and cached is None:
            paths.append(path)
    _running[:] = [generator, None]
    if processes > 1 and len(paths) >= MIN_FILES:
        try:
            _running[1] = Prefetch(readers.readers, paths, processes)
        except OSError as error:  # no process to spare: Pelican reads them all
            logger.debug("Sources read in the build's process: %s", error)


def take(path: str):
    return _running[1].take(path) if _running[1] is not None else None


def stop() -> None:
    if _running[1] is not None:
        _running[1].close()
    _running[:] = [None, None]
