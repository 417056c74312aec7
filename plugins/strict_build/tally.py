"""Count the warnings and errors logged while a site is built."""

from __future__ import annotations

import logging


class WarningTally(logging.Handler):
    """A logging handler that only counts records of WARNING and above."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def verdict(count: int, strict: bool) -> str | None:
    """The line that ends a strict build with warnings, else None."""
    if not strict or count == 0:
        return None
    noun = "warning" if count == 1 else "warnings"
    return f"STRICT: the build logged {count} {noun} (listed above); failing it."
