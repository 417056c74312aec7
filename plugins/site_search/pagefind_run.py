"""The search settings, and one Pagefind run (the binary of the ``pagefind_bin`` wheel)
over a folder of pages: plain code, no Pelican. Pagefind dies with the build: on Linux
the kernel kills it when the thread that started it ends (PR_SET_PDEATHSIG), whatever
ended the build, SIGKILL too; ``stop()`` kills it when the build ends early."""

from __future__ import annotations

import ctypes
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plugin_support.settings import setting

# Pagefind runs beside the build on a small machine: the build keeps a core to itself.
INDEXER_NICENESS = 10
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_PAGE_COUNT = re.compile(r"Indexed (\d+) pages?")


class IndexerError(Exception):
    """The index could not be built; the message names the cause."""


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool = True
    binary: str | None = None  # None: the binary of the pagefind_bin wheel
    bundle_dir: str = "pagefind"
    timeout: float = 300
    threads: int | None = None  # Pagefind's worker threads (None: its own choice)
    shard_size: int = 2000  # articles per bundle at most


def _path(value) -> bool:
    return isinstance(value, str | Path) and str(value).strip() != ""


def _subfolder(name) -> bool:
    parts = name.strip("/").split("/") if isinstance(name, str) else [""]
    return "\\" not in str(name) and all(part not in ("", ".", "..") for part in parts)


def _seconds(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def read_settings(settings: Mapping) -> SearchSettings:
    """The search settings, with defaults; each bad value is replaced and logged."""
    binary = setting(settings, "SEARCH_PAGEFIND_BINARY", None, _path, "a path")
    return SearchSettings(
        enabled=setting(
            settings, "SEARCH_INDEX", True, lambda v: isinstance(v, bool), "True or False"
        ),
        binary=binary and str(binary),
        bundle_dir=setting(
            settings, "SEARCH_BUNDLE_DIR", "pagefind", _subfolder, "a folder in the output"
        ).strip("/"),
        timeout=setting(
            settings, "SEARCH_INDEX_TIMEOUT", 300, _seconds, "a positive number of seconds"
        ),
        threads=setting(settings, "SEARCH_INDEXER_THREADS", None),
        shard_size=setting(settings, "SEARCH_SHARD_SIZE", 2000),
    )


def find_binary(configured: str | None) -> str:
    """The Pagefind executable: the configured path, else the one the wheel ships."""
    if configured is not None:
        path = Path(configured).expanduser()
        found = str(path) if path.is_file() else shutil.which(configured)
        if not found:
            raise IndexerError(f"Pagefind binary not found: {configured} (SEARCH_PAGEFIND_BINARY)")
        return found
    # pagefind_bin rather than pagefind.service, which imports asyncio for nothing.
    from pagefind_bin import get_executable  # in requirements.txt, with its binary

    try:
        return str(get_executable())
    except FileNotFoundError as error:
        raise IndexerError(f"Pagefind binary not found (pagefind_bin): {error}") from None


def pagefind_command(binary: str, pages: Path, bundle: Path) -> list[str]:
    """Index the HTML files under ``pages`` (laid out as in the site, so their URLs are
    the site's) into the folder ``bundle``."""
    return [binary, "--site", str(pages), "--output-path", str(bundle)]


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


def indexer_environment(threads: int | None) -> dict[str, str] | None:
    """Pagefind's environment: ours, with its worker threads (rayon's) set if given."""
    if threads is None:
        return None
    return {**os.environ, "RAYON_NUM_THREADS": str(threads)}


def _dies_with(parent: int, niceness: int):
    """What the child does before it becomes Pagefind: ask the kernel for SIGKILL when
    its parent thread ends (and end now if that already happened), and take a lower CPU
    priority, which every thread Pagefind makes inherits."""

    def prepare() -> None:
        if _LIBC is not None:
            _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != parent:
                os._exit(1)
        if niceness and os.getpriority(os.PRIO_PROCESS, 0) < niceness:
            os.setpriority(os.PRIO_PROCESS, 0, niceness)

    return prepare


@dataclass(frozen=True)
class IndexResult:
    pages: int | None
    seconds: float
    bundle: Path


class PagefindRun:
    """One Pagefind process: started on construction, ``wait()`` for its result;
    ``stop()`` (from any thread) kills it, and ``wait()`` then reports a failure."""

    def __init__(self, command: list[str], bundle: Path, search: SearchSettings, niceness=0):
        self.bundle = bundle
        self._timeout = search.timeout
        self.started = time.perf_counter()
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                env=indexer_environment(search.threads),
                preexec_fn=_dies_with(os.getpid(), niceness),  # noqa: PLW1509 - the point
            )
        except OSError as error:
            raise IndexerError(f"Pagefind could not be started: {command[0]}: {error}") from error

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


def run_pagefind(pages: Path, bundle: Path, search: SearchSettings) -> IndexResult:
    """Index ``pages`` into ``bundle`` and wait; raise IndexerError naming the cause."""
    command = pagefind_command(find_binary(search.binary), pages, bundle)
    return PagefindRun(command, bundle, search).wait()


def peak_child_memory_mib() -> float:
    """The largest resident size of any child process so far (Pagefind's, in a build)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
