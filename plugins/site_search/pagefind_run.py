"""The search settings, and one Pagefind run (the binary of the ``pagefind_bin`` wheel)
over a folder of pages: plain code, no Pelican. Pagefind dies with the build: on Linux
the kernel kills it when the thread that started it ends (PR_SET_PDEATHSIG), whatever
ended the build, SIGKILL too."""

from __future__ import annotations

import ctypes
import functools
import os
import re
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
    return SearchSettings(  # in the order of its fields
        setting(settings, "SEARCH_INDEX", True, lambda v: isinstance(v, bool), "True or False"),
        binary and str(binary),
        setting(
            settings, "SEARCH_BUNDLE_DIR", "pagefind", _subfolder, "a folder in the output"
        ).strip("/"),
        setting(settings, "SEARCH_INDEX_TIMEOUT", 300, _seconds, "a positive number of seconds"),
        setting(settings, "SEARCH_INDEXER_THREADS", None),
        setting(settings, "SEARCH_SHARD_SIZE", 2000),
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


def page_count(report: str) -> int | None:
    """How many pages Pagefind says it indexed, from its report on stdout."""
    match = _PAGE_COUNT.search(report)
    return int(match.group(1)) if match else None


def failure_reason(stdout: str, stderr: str) -> str:
    """Pagefind's own words for a failure: its ``Error:`` lines, else its last line."""
    lines = [line.strip() for line in (stderr + "\n" + stdout).splitlines() if line.strip()]
    errors = dict.fromkeys(line for line in lines if line.startswith("Error"))
    return " ".join(errors) or (lines[-1] if lines else "no output")


def _dies_with(parent: int) -> None:
    """In the child, before it becomes Pagefind: ask the kernel for SIGKILL when its
    parent thread ends (and end now if that already happened), and take a lower CPU
    priority, which every thread Pagefind makes inherits."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)
    if os.getpriority(os.PRIO_PROCESS, 0) < INDEXER_NICENESS:
        os.setpriority(os.PRIO_PROCESS, 0, INDEXER_NICENESS)


@dataclass(frozen=True)
class IndexResult:
    pages: int | None  # as Pagefind reports them
    seconds: float


def start_pagefind(binary: str, pages: Path, bundle: Path, threads: int | None):
    """Start Pagefind on the HTML files under ``pages`` (laid out as in the site, so their
    URLs are the site's), to write the bundle ``bundle``; ``kill()`` it from any thread."""
    try:
        return subprocess.Popen(
            [binary, "--site", str(pages), "--output-path", str(bundle)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            env=None if threads is None else {**os.environ, "RAYON_NUM_THREADS": str(threads)},
            preexec_fn=functools.partial(_dies_with, os.getpid()),  # noqa: PLW1509 - the point
        )
    except OSError as error:
        raise IndexerError(f"Pagefind could not be started: {binary}: {error}") from error


def wait_for(process: subprocess.Popen, bundle: Path, timeout: float) -> IndexResult:
    """Wait for Pagefind; raise IndexerError naming the cause if it failed."""
    started = time.perf_counter()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.communicate()
        raise IndexerError(f"Pagefind did not finish within {timeout} s") from error
    if process.returncode != 0:
        reason = failure_reason(stdout, stderr)
        raise IndexerError(f"Pagefind failed (exit status {process.returncode}): {reason}")
    if not (bundle / "pagefind.js").is_file():
        raise IndexerError(f"Pagefind exited without writing {bundle / 'pagefind.js'}")
    return IndexResult(page_count(stdout), time.perf_counter() - started)
