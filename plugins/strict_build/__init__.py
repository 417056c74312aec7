"""STRICT mode: a build that logged any warning fails, after listing them all.

Pelican's own ``--fatal warnings`` stops at the first warning with a Python
traceback; this lets every problem be reported first, then exits with 1.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals

logger = logging.getLogger(__name__)


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


_tally = WarningTally()


def start_counting(pelican):
    _tally.count = 0  # `pelican -lr` builds again in this process
    logging.getLogger().addHandler(_tally)  # once: adding it again does nothing


def fail_if_strict(pelican):
    message = verdict(_tally.count, bool(pelican.settings.get("STRICT")))
    _tally.count = 0
    if message:
        logger.error(message)
        sys.exit(1)


def register():
    signals.initialized.connect(start_counting)
    signals.finalized.connect(fail_if_strict)
