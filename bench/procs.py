"""Running measured subprocesses: wall time, peak memory, and the bench server's lifetime.

Peak memory is taken two ways. ``os.wait4`` gives the child's own
``ru_maxrss`` (the kernel's high-water mark; with worker processes it is the
largest single process of the tree, as ``getrusage(RUSAGE_CHILDREN)`` would
report it). Because a process pool's memory is the SUM of its processes, a
sampler also reads ``/proc`` every 10 ms and keeps the peak of the whole
tree's summed PSS (proportional set size: pages shared between a forked
worker and its parent are counted once, where summed RSS would count them
in every process); the bench reports the larger of the two.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class RunResult:
    """One finished subprocess."""

    wall_s: float
    returncode: int
    max_rss_mb: float
    """ru_maxrss of the child (its largest process)."""
    tree_rss_mb: float
    """Peak of the summed PSS of the child and its descendants (sampled)."""
    cpu_s: float
    """User + system CPU of the whole tree (rusage, or the sampled sum when larger)."""
    stdout: str
    stderr: str

    @property
    def peak_mb(self) -> float:
        return max(self.max_rss_mb, self.tree_rss_mb)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _pss_kib(pid: int) -> int:
    """Proportional set size of one process (RSS where smaps_rollup is unavailable)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
    except (OSError, ValueError, IndexError):
        return 0


def tree_pids(pid: int) -> list[int]:
    """``pid`` and its living descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(_children(current))
    return found


def cpu_ticks(pid: int) -> int:
    """User + system CPU of one process so far, in clock ticks (0 once gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Samples a process tree until stopped: the peak of its summed PSS and each process's CPU.

    Worker processes that the measured program never waits for (a forkserver's
    children) are missing from its rusage; their sampled CPU is not.
    """

    def __init__(self, pid: int, interval_s: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval_s, self.peak_kib = pid, interval_s, 0
        self.ticks: dict[int, int] = {}
        self._stop_event = threading.Event()

    @property
    def cpu_s(self) -> float:
        return sum(self.ticks.values()) / CLOCK_TICKS

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = tree_pids(self.pid)
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(p) for p in pids))
            for p in pids:
                self.ticks[p] = max(self.ticks.get(p, 0), cpu_ticks(p))
            self._stop_event.wait(self.interval_s)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_measured(
    argv: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout_s: float = 300
) -> RunResult:
    """Run ``argv`` to completion; raises TimeoutError (after killing it) past ``timeout_s``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for reader in readers:
        reader.start()
    deadline = started + timeout_s
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            sampler.stop()
            raise TimeoutError(f"{argv[0]} ran longer than {timeout_s} s")
        time.sleep(0.002)
    wall = time.perf_counter() - started
    sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return RunResult(
        wall_s=wall,
        returncode=proc.returncode,
        max_rss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=sampler.peak_kib / 1024,
        cpu_s=max(usage.ru_utime + usage.ru_stime, sampler.cpu_s),
        stdout=b"".join(out).decode(errors="replace"),
        stderr=b"".join(err).decode(errors="replace"),
    )


class FeedServer:
    """The bench server process (``bench.server``) and helpers to read its counters."""

    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc, self.port = proc, port
        self.base_url = f"http://127.0.0.1:{port}"

    def _get(self, path: str) -> dict[str, int]:
        with urllib.request.urlopen(self.base_url + path, timeout=5) as response:  # noqa: S310 - loopback
            return dict(json.loads(response.read()))

    def reset(self) -> None:
        self._get("/__reset")

    def stats(self) -> dict[str, int]:
        return self._get("/__stats")


@contextmanager
def feed_server(folder: Path, port: int = 0) -> Iterator[FeedServer]:
    """Start ``bench.server`` on 127.0.0.1 serving ``folder``; stop it on exit."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.server", str(folder), str(port)],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("READY"):
            raise RuntimeError(f"the bench server did not start: {line!r}")
        yield FeedServer(proc, int(line.split()[1]))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
