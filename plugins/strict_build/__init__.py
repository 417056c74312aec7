"""STRICT mode: a build that logged any warning fails, after listing them all.

Pelican's own ``--fatal warnings`` stops at the first warning with a Python
traceback; this lets every problem be reported first, then exits with 1.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals

from .tally import WarningTally, verdict

logger = logging.getLogger(__name__)
_tally: WarningTally | None = None


def start_counting(pelican):
    global _tally
    stop_counting()
    _tally = WarningTally()
    logging.getLogger().addHandler(_tally)


def stop_counting():
    global _tally
    if _tally is not None:
        logging.getLogger().removeHandler(_tally)
        _tally = None


def fail_if_strict(pelican):
    count = _tally.count if _tally else 0
    if _tally:
        _tally.count = 0  # `pelican -lr` builds again with the same instance
    message = verdict(count, bool(pelican.settings.get("STRICT")))
    if message:
        logger.error(message)
        sys.exit(1)


def register():
    signals.initialized.connect(start_counting)
    signals.finalized.connect(fail_if_strict)
