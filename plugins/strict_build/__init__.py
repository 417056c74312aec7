"""STRICT mode: a build that logged any warning fails (exit 1) after listing them
all; Pelican's own ``--fatal warnings`` stops at the first, with a traceback."""

from __future__ import annotations

import logging
import sys

from pelican import signals

logger = logging.getLogger(__name__)


class WarningTally(logging.Handler):
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
