"""One build at a time in a folder, and Ctrl-C ends a build with a failing status.

The lock is an advisory lock (flock) on a file under CACHE_PATH: the system
releases it when the process ends, however it ends, so a killed build never
leaves it held. Pelican answers Ctrl-C with exit status 0; a build that did not
finish must say so to cron and make.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sys
import threading

from plugin_support.caches import drop


def _interrupted(signum, frame):
    raise SystemExit(f"Build interrupted (signal {signum}): output/ is not complete.")


class BuildLock:
    def __init__(self):
        self._file = None
        self._previous_handler = None
        self.started_ns = None

    def acquire(self, path: str) -> None:
        if self._file is not None:
            return  # `pelican -r` builds again in the same process
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.isdir(path) and not os.path.islink(path):
            drop(path, "a folder, not a lock file", "build lock")
        file = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "?"
            sys.stderr.write(
                f"Another build (process {holder}) is writing this site; waiting for it to end.\n"
            )
            fcntl.flock(file, fcntl.LOCK_EX)
        file.seek(0)
        file.truncate()
        file.write(str(os.getpid()))
        file.flush()
        self._file = file
        # The build's start on the file system's own clock: files written after it
        # are this build's.
        self.started_ns = os.fstat(file.fileno()).st_mtime_ns
        if threading.current_thread() is threading.main_thread():
            self._previous_handler = signal.signal(signal.SIGINT, _interrupted)

    def release(self) -> None:
        if self._file is None:
            return
        if self._previous_handler is not None:
            signal.signal(signal.SIGINT, self._previous_handler)
            self._previous_handler = None
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        self._file = None
