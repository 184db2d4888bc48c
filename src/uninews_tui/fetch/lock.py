"""A refresh lock beside the database, so two refreshes never run into each other.

cron may start ``uninews refresh`` while another one, or the reader's, is still
running. The second one waits a while for the first to finish, then skips
with a message. ``flock`` is released by the kernel when a process dies, so a
``kill -9`` never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path


class RefreshLock:
    """An advisory lock on ``<db>.refresh-lock``."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".refresh-lock")
        self._fd: int | None = None

    def acquire(self, *, wait_s: float = 0.0, on_wait: Callable[[], None] | None = None) -> bool:
        """Take the lock, waiting up to ``wait_s`` seconds; False if it stayed taken."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait_s
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                if on_wait is not None and not told:
                    on_wait()
                    told = True
                time.sleep(0.2)
                continue
            self._fd = fd
            return True

    def release(self) -> None:
        """Release the lock (safe to call twice)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
