"""One build at a time in a folder, and Ctrl-C ends a build with a failing status.

An advisory lock (flock) on a file under CACHE_PATH: the system releases it when the
process ends, however it ends, so a killed build never leaves it held. Pelican answers
Ctrl-C with exit status 0; a build that did not finish must say so to cron and make.
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
    _fd = _previous_handler = started_ns = None

    def acquire(self, path: str) -> None:
        if self._fd is not None:
            return  # `pelican -r` builds again in the same process
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.isdir(path) and not os.path.islink(path):
            drop(path, "a folder, not a lock file", "build lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            sys.stderr.write(
                f"Another build (process {holder}) is writing this site; waiting for it to end.\n"
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        # The build's start, on the file system's clock: files written since are this build's.
        self.started_ns = os.fstat(fd).st_mtime_ns
        main = threading.current_thread() is threading.main_thread()  # Python allows no other
        self._previous_handler = signal.signal(signal.SIGINT, _interrupted) if main else None

    def release(self) -> None:
        if self._fd is None:
            return
        if self._previous_handler is not None:
            signal.signal(signal.SIGINT, self._previous_handler)
        fcntl.flock(self._fd, fcntl.LOCK_UN)  # for a forked child holding the fd too
        os.close(self._fd)
        self._fd = None
