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


def _swap_handler(current, new) -> None:
    # Only the main thread may set a handler; one set by someone else stays.
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread and signal.getsignal(signal.SIGINT) is current:
        signal.signal(signal.SIGINT, new)


def exit_non_zero_on_ctrl_c(_pelican=None) -> None:
    """From here until the build is finished, Ctrl-C exits with status 130."""
    _swap_handler(signal.default_int_handler, exit_interrupted)


def restore_ctrl_c(_pelican=None) -> None:
    """The build is finished: Ctrl-C is Python's KeyboardInterrupt again (for
    a program that runs builds in-process, such as the test suite)."""
    _swap_handler(exit_interrupted, signal.default_int_handler)
