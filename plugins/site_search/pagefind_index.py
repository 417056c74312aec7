"""Build a Pagefind search index over a written site: plain functions, no Pelican.

Pagefind reads the HTML files and writes its bundle (index, fragments, ``pagefind.js``)
into a folder of the site. It is the binary shipped inside the ``pagefind_bin`` wheel,
so nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = {
    "SEARCH_INDEX": True,
    "SEARCH_PAGEFIND_BINARY": None,
    "SEARCH_BUNDLE_DIR": "pagefind",
    "SEARCH_INDEX_TIMEOUT": 300,
    "SEARCH_INDEXER_THREADS": None,
}

# Files that only a Pagefind bundle holds: a folder without them is not ours to empty.
_BUNDLE_MARKERS = ("pagefind.js", "pagefind-entry.json")
_BUNDLE_PREFIXES = ("pagefind", "wasm.")
_BUNDLE_FOLDERS = ("fragment", "index", "filter", "playground")
_PAGE_COUNT = re.compile(r"Indexed (\d+) pages?")
# Pagefind runs beside the build on a small machine: the build's own thread keeps its core.
INDEXER_NICENESS = 10


class IndexerError(Exception):
    """The index could not be built; the message names the cause."""


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool = True
    binary: str | None = None  # None: the binary of the pagefind_bin wheel
    bundle_dir: str = "pagefind"
    timeout: float = 300
    # Pagefind's worker threads (None: one per core, Pagefind's own choice).
    threads: int | None = None


@dataclass(frozen=True)
class IndexResult:
    pages: int | None
    seconds: float
    bundle: Path


def read_settings(settings: Mapping) -> tuple[SearchSettings, list[str]]:
    """The search settings, with defaults; each bad value is replaced and reported."""
    errors = []
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}

    def bad(key, why):
        errors.append(f"{key} = {values[key]!r} {why}; using {DEFAULTS[key]!r}")
        values[key] = DEFAULTS[key]

    if not isinstance(values["SEARCH_INDEX"], bool):
        bad("SEARCH_INDEX", "is not True or False")
    binary = values["SEARCH_PAGEFIND_BINARY"]
    if binary is not None and not (isinstance(binary, str | Path) and str(binary).strip()):
        bad("SEARCH_PAGEFIND_BINARY", "is not a path")
    bundle_dir = values["SEARCH_BUNDLE_DIR"]
    if not (isinstance(bundle_dir, str) and _is_plain_subfolder(bundle_dir)):
        bad("SEARCH_BUNDLE_DIR", "is not a folder name inside the output")
    timeout = values["SEARCH_INDEX_TIMEOUT"]
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        bad("SEARCH_INDEX_TIMEOUT", "is not a positive number of seconds")
    threads = values["SEARCH_INDEXER_THREADS"]
    if threads is not None and (
        isinstance(threads, bool) or not isinstance(threads, int) or threads <= 0
    ):
        bad("SEARCH_INDEXER_THREADS", "is not a positive whole number or None")
    search = SearchSettings(
        enabled=values["SEARCH_INDEX"],
        binary=None if values["SEARCH_PAGEFIND_BINARY"] is None else str(binary),
        bundle_dir=values["SEARCH_BUNDLE_DIR"].strip("/"),
        timeout=values["SEARCH_INDEX_TIMEOUT"],
        threads=values["SEARCH_INDEXER_THREADS"],
    )
    return search, errors


def _is_plain_subfolder(name: str) -> bool:
    parts = [p for p in name.strip("/").split("/") if p]
    return bool(parts) and all(p not in (".", "..") for p in parts) and "\\" not in name


def find_binary(configured: str | None) -> str:
    """The Pagefind executable: the configured path, else the one the wheel ships."""
    if configured is not None:
        path = Path(configured).expanduser()
        if path.is_file():
            return str(path)
        found = shutil.which(configured)
        if found:
            return found
        raise IndexerError(f"Pagefind binary not found: {configured} (SEARCH_PAGEFIND_BINARY)")
    try:
        from pagefind.service import get_executable
    except ImportError as error:
        raise IndexerError(
            "Pagefind is not installed: install pagefind[bin] from requirements.txt"
        ) from error
    try:
        found = get_executable()
    except FileNotFoundError as error:
        found = None
        cause = str(error)
    else:
        cause = "no pagefind binary in the pagefind_bin wheel or on PATH"
    if found is None or not Path(found).is_file():
        raise IndexerError(f"Pagefind binary not found: {cause}")
    return str(found)


def pagefind_command(
    binary: str, site: Path, bundle_dir: str, pages: Path | None = None
) -> list[str]:
    """The command that indexes the HTML of ``site`` into ``site/bundle_dir``.

    With ``pages``, Pagefind reads that folder instead (a copy of only the pages to index,
    laid out as in the site, so their URLs are the same) and writes into the site.
    """
    if pages is None:
        return [binary, "--site", str(site), "--output-subdir", bundle_dir]
    return [binary, "--site", str(pages), "--output-path", str(site / bundle_dir)]


def clear_old_bundle(bundle: Path) -> None:
    """Remove the previous bundle: Pagefind never deletes fragments it no longer uses."""
    if is_pagefind_bundle(bundle):
        shutil.rmtree(bundle)


def clear_other_bundles(root: Path, keep: Collection[str]) -> None:
    """Remove every Pagefind bundle in ``root`` but its subfolders named in ``keep``: a
    shard no longer planned, and a bundle written into ``root`` itself (the layout before
    shards). A kept shard's files are never touched, nor anything that is not Pagefind's."""
    if not root.is_dir():
        return
    loose_bundle = any((root / marker).is_file() for marker in _BUNDLE_MARKERS)
    for path in sorted(root.iterdir()):
        if path.name in keep:
            continue
        if path.is_dir() and not path.is_symlink() and is_pagefind_bundle(path):
            shutil.rmtree(path)
        elif loose_bundle and _is_bundle_name(path.name):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def remove_if_empty(folder: Path) -> None:
    """Remove a folder of bundles that no bundle is left in."""
    with contextlib.suppress(OSError):  # absent, or holds something
        folder.rmdir()


def _is_bundle_name(name: str) -> bool:
    return name.startswith(_BUNDLE_PREFIXES) or name in _BUNDLE_FOLDERS


def is_pagefind_bundle(folder: Path) -> bool:
    """A folder of Pagefind's, whole or half-written: it has a bundle's marker files, or
    holds nothing but names Pagefind writes. Any other folder is not ours to empty."""
    if not folder.is_dir():
        return False
    if any((folder / marker).is_file() for marker in _BUNDLE_MARKERS):
        return True
    names = [path.name for path in folder.iterdir()]
    return bool(names) and all(_is_bundle_name(name) for name in names)


def page_count(report: str) -> int | None:
    """How many pages Pagefind says it indexed, from its report on stdout."""
    match = _PAGE_COUNT.search(report)
    return int(match.group(1)) if match else None


def failure_reason(stdout: str, stderr: str) -> str:
    """Pagefind's own words for a failure: its ``Error:`` lines, else its last line."""
    lines = [line.strip() for line in (stderr + "\n" + stdout).splitlines() if line.strip()]
    errors = list(dict.fromkeys(line for line in lines if line.startswith("Error")))
    if errors:
        return " ".join(errors)
    return lines[-1] if lines else "no output"


class IndexRun:
    """One Pagefind process: started on construction, ``wait()`` for its result.

    ``stop()`` may be called from another thread (the build failed): Pagefind is killed
    and ``wait()`` then reports it as a failure. With ``niceness``, Pagefind runs at
    that lower CPU priority; with ``threads``, on that many worker threads.
    """

    def __init__(
        self,
        command: list[str],
        bundle: Path,
        timeout: float,
        niceness: int = 0,
        threads: int | None = None,
    ):
        self.bundle = bundle
        self._timeout = timeout
        self.started = time.perf_counter()
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                env=indexer_environment(threads),
            )
        except OSError as error:
            raise IndexerError(f"Pagefind could not be started: {command[0]}: {error}") from error
        if niceness:
            # Where the thread that started it did not hand its own priority down (see
            # lower_thread_priority); threads Pagefind made meanwhile may keep theirs.
            _lower_priority(self._process.pid, niceness)

    def wait(self) -> IndexResult:
        """Wait for Pagefind; raise IndexerError naming the cause if it failed."""
        try:
            stdout, stderr = self._process.communicate(timeout=self._timeout)
        except subprocess.TimeoutExpired as error:
            self._process.kill()
            self._process.communicate()
            raise IndexerError(f"Pagefind did not finish within {self._timeout} s") from error
        seconds = time.perf_counter() - self.started
        status = self._process.returncode
        if status != 0:
            reason = failure_reason(stdout, stderr)
            raise IndexerError(f"Pagefind failed (exit status {status}): {reason}")
        if not (self.bundle / "pagefind.js").is_file():
            raise IndexerError(f"Pagefind exited without writing {self.bundle / 'pagefind.js'}")
        return IndexResult(pages=page_count(stdout), seconds=seconds, bundle=self.bundle)

    def stop(self) -> None:
        """Kill Pagefind if it is still running (whoever waits for it reaps it)."""
        if self._process.poll() is None:
            self._process.kill()


def _lower_priority(who: int, niceness: int) -> bool:
    """Lower the CPU priority of a process (or, on Linux, of a thread) to ``niceness``,
    never raise it (which needs privileges); False if it could not be done."""
    try:
        current = os.getpriority(os.PRIO_PROCESS, who)
        if current < niceness:
            os.setpriority(os.PRIO_PROCESS, who, niceness)
    except OSError:  # gone already, or not allowed
        return False
    return True


def lower_thread_priority(niceness: int = INDEXER_NICENESS) -> bool:
    """Lower the CPU priority of the calling thread, and so of every process it starts
    from now on (with all their threads), if the system allows it for one thread: on
    Linux the nice value belongs to a thread and a new process takes its starter's.
    Elsewhere nothing is done and False returned (it would slow the whole build)."""
    if not sys.platform.startswith("linux"):
        return False
    return _lower_priority(threading.get_native_id(), niceness)


def indexer_environment(threads: int | None) -> dict[str, str] | None:
    """Pagefind's environment: ours, with its worker threads (rayon's) set if given."""
    if threads is None:
        return None
    return {**os.environ, "RAYON_NUM_THREADS": str(threads)}


def peak_child_memory_mib() -> float:
    """The largest resident size of any child process so far (Pagefind's, in a build)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux


def start_index(
    site: Path, search: SearchSettings, pages: Path | None = None, bundle_dir: str | None = None
) -> IndexRun:
    """Start Pagefind on ``site`` (or only on the staged ``pages``) after clearing the old
    bundle (in ``bundle_dir``, by default the SEARCH_BUNDLE_DIR); raise IndexerError
    naming the cause if it cannot start."""
    site = Path(site)
    bundle_dir = search.bundle_dir if bundle_dir is None else bundle_dir
    bundle = site / bundle_dir
    command = pagefind_command(find_binary(search.binary), site, bundle_dir, pages)
    clear_old_bundle(bundle)
    return IndexRun(command, bundle, search.timeout, threads=search.threads)


def build_index(site: Path, search: SearchSettings, bundle_dir: str | None = None) -> IndexResult:
    """Index ``site`` with Pagefind; raise IndexerError naming the cause if it fails."""
    return start_index(site, search, bundle_dir=bundle_dir).wait()
