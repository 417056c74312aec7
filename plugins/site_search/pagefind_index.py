"""Build a Pagefind search index over a written site: plain functions, no Pelican.

Pagefind reads the HTML files and writes its bundle (index, fragments, ``pagefind.js``)
into a folder of the site. It is the binary shipped inside the ``pagefind_bin`` wheel,
so nothing is downloaded at run time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = {
    "SEARCH_INDEX": True,
    "SEARCH_PAGEFIND_BINARY": None,
    "SEARCH_BUNDLE_DIR": "pagefind",
    "SEARCH_INDEX_TIMEOUT": 300,
}

# Files that only a Pagefind bundle holds: a folder without them is not ours to empty.
_BUNDLE_MARKERS = ("pagefind.js", "pagefind-entry.json")
_PAGE_COUNT = re.compile(r"Indexed (\d+) pages?")


class IndexerError(Exception):
    """The index could not be built; the message names the cause."""


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool = True
    binary: str | None = None  # None: the binary of the pagefind_bin wheel
    bundle_dir: str = "pagefind"
    timeout: float = 300


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
    search = SearchSettings(
        enabled=values["SEARCH_INDEX"],
        binary=None if values["SEARCH_PAGEFIND_BINARY"] is None else str(binary),
        bundle_dir=values["SEARCH_BUNDLE_DIR"].strip("/"),
        timeout=values["SEARCH_INDEX_TIMEOUT"],
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


def pagefind_command(binary: str, site: Path, bundle_dir: str) -> list[str]:
    """The command that indexes the HTML of ``site`` into ``site/bundle_dir``."""
    return [binary, "--site", str(site), "--output-subdir", bundle_dir]


def clear_old_bundle(bundle: Path) -> None:
    """Remove the previous bundle: Pagefind never deletes fragments it no longer uses."""
    if bundle.is_dir() and any((bundle / marker).is_file() for marker in _BUNDLE_MARKERS):
        shutil.rmtree(bundle)


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


def build_index(site: Path, search: SearchSettings) -> IndexResult:
    """Index ``site`` with Pagefind; raise IndexerError naming the cause if it fails."""
    site = Path(site)
    bundle = site / search.bundle_dir
    command = pagefind_command(find_binary(search.binary), site, search.bundle_dir)
    clear_old_bundle(bundle)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=search.timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise IndexerError(f"Pagefind did not finish within {search.timeout} s") from error
    except OSError as error:
        raise IndexerError(f"Pagefind could not be started: {command[0]}: {error}") from error
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        reason = failure_reason(done.stdout, done.stderr)
        raise IndexerError(f"Pagefind failed (exit status {done.returncode}): {reason}")
    if not (bundle / "pagefind.js").is_file():
        raise IndexerError(f"Pagefind exited without writing {bundle / 'pagefind.js'}")
    return IndexResult(pages=page_count(done.stdout), seconds=seconds, bundle=bundle)
