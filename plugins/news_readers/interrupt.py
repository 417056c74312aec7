"""Ctrl-C stops the build with a failing exit status.

Pelican's command line catches KeyboardInterrupt, logs "Keyboard interrupt
received. Exiting." and exits 0: make, cron or a deploy script would take an
interrupted build for a finished one. SystemExit passes Pelican's handlers,
and `finally` blocks and exit hooks still run on the way out.
"""

from __future__ import annotations

import signal
import sys
import threading

INTERRUPTED = 128 + signal.SIGINT  # what a shell reports for a process stopped by Ctrl-C


def exit_interrupted(signum, frame):
    print("Interrupted: the build did not finish.", file=sys.stderr)
    raise SystemExit(INTERRUPTED)


def exit_non_zero_on_ctrl_c(_pelican=None) -> None:
    """Make Ctrl-C exit with status 130, unless something else already handles it."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, exit_interrupted)
