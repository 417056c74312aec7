"""Forked helpers of the build: they die with it, whatever ended it, and what they log
is logged by the build (a STRICT build counts it)."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import signal
import sys
from collections.abc import Callable
from logging.handlers import QueueHandler
from queue import SimpleQueue

from .settings import setting

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def build_processes(settings: dict) -> int:
    """BUILD_PROCESSES: how many processes a build may keep busy (one per core it may
    use unless set); 1 does everything in the build's own process."""
    return setting(settings, "BUILD_PROCESSES", len(os.sched_getaffinity(0)))


def die_with_parent(parent: int) -> None:
    """In a child process: ask the (Linux) kernel for SIGKILL when the parent's thread
    that made it ends, SIGKILL included, and end now if that already happened."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)


_GROUPING = ("limit_msg", "limit_args")


class CapturedLogs(QueueHandler):
    """In a helper: its log records, made ready to be sent (message formatted, no
    arguments or traceback) and replayed in the build."""

    def __init__(self):
        super().__init__(SimpleQueue())
        logging.getLogger().handlers[:] = [self]

    def prepare(self, record):
        record = super().prepare(record)
        if hasattr(record, "limit_args"):  # Pelican groups repeated messages by these
            record.limit_args = tuple(map(str, record.limit_args))
        return record

    def take(self) -> list[logging.LogRecord]:
        records = []
        while not self.queue.empty():
            records.append(self.queue.get())
        return records


def replay(records: list[logging.LogRecord]) -> None:
    """Log a helper's records here, through the loggers' filters (Pelican's among them)."""
    for record in records:
        extra = {name: getattr(record, name) for name in _GROUPING if hasattr(record, name)}
        logging.getLogger(record.name).log(record.levelno, record.msg, extra=extra)


def start_helper(parent: int) -> CapturedLogs:
    """In a forked helper: die with the build, leave Ctrl-C to it, capture the logs."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return CapturedLogs()


class Forked:
    """``job()`` run in a forked helper; ``result()`` waits for what it returned (None
    if it failed: the caller then does the job itself, and fails as it would have)."""

    def __init__(self, job: Callable[[], object]):
        parent = os.getpid()
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            try:
                os.close(reading)
                logs = start_helper(parent)
                try:
                    outcome = job()
                except BaseException:
                    outcome = None
                # A failed job's records are not sent: the build does it again and logs them.
                records = logs.take() if outcome is not None else []
                data = pickle.dumps((outcome, records), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writing, "wb") as pipe:
                    pipe.write(data)
            finally:
                os._exit(0)  # never the build's own exit handlers: they are the parent's
        os.close(writing)
        self._pipe = os.fdopen(reading, "rb")

    def stop(self) -> None:
        """End the helper of a build that failed: it never writes after its build, and
        what it said is not said by the next."""
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        self._collect()

    def _collect(self) -> tuple:
        try:
            with self._pipe:
                outcome, records = pickle.load(self._pipe)
        except Exception:  # it died: killed, or out of memory
            outcome, records = None, []
        os.waitpid(self._pid, 0)
        return outcome, records

    def result(self):
        outcome, records = self._collect()
        replay(records)
        return outcome
