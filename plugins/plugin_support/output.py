"""Files that plugins write into the output folder themselves: through the build's output
record (feeds, the sitemap), or announced on ``output_written`` (a search bundle's folder).
``output_record`` keeps them and prunes the rest of ``output/`` after a successful build."""

from __future__ import annotations

import os

from blinker import signal

from .caches import atomic_write

# Sent with the absolute path of a file (or a whole folder) this build produced.
output_written = signal("plugin_support.output_written")
# The build's OutputRecord while one runs (output_record sets it): it knows which file
# still holds what a key made, so a keyed file need not even be made again.
record = None


def claim_output(path: str | os.PathLike) -> None:
    """Say that ``path`` (a file or a folder) is part of this build's output."""
    output_written.send(os.path.abspath(path))


def unchanged(path: str | os.PathLike, key: str) -> bool:
    """True when ``path`` still holds what ``write_output`` wrote there with ``key`` (in
    an earlier build): it then counts as this build's output as it is."""
    return record is not None and record.unchanged(os.path.abspath(path), key)


def write_output(path: str | os.PathLike, data: bytes, key: str | None = None) -> bool:
    """Make ``path`` hold ``data``, written atomically only if it does not already (its
    time then stays, so web servers answer 304), as this build's output. True when written."""
    if record is None:  # output_record is not on: nothing to compare with, nothing to keep
        atomic_write(path, data)
        return True
    return record.write(os.path.abspath(path), data, key)
