"""Driving a terminal program in a detached tmux session and timing what appears on its screen.

The program is started directly (no shell) so the pane's pid is the
program's pid, for reading its memory from /proc. Screens are polled with
``capture-pane`` every ``POLL_S``; timings are therefore accurate to about
that interval plus one capture (a few ms), which the results note.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

POLL_S = 0.005
# A colour escape as tmux writes it (true colour or 256-colour), background only.
_BACKGROUND = re.compile(r"\x1b\[(?:[0-9;]*;)?48;(?:2;\d+;\d+;\d+|5;\d+)")


SOCKET = "uninews-bench"
"""A tmux server of our own (``-L``): another user of tmux on the machine cannot kill our sessions."""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False).stdout


class TmuxSession:
    """One detached tmux session running one program."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (160, 48)) -> None:
        self.name = "unibench-" + uuid.uuid4().hex[:8]
        settings = [
            f"{k}={v}" for k, v in {"TERM": "xterm-256color", "COLORTERM": "truecolor", **env}.items()
        ]
        self.started = time.perf_counter()
        tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            "env",
            *settings,
            *argv,
        )
        self.pid = int(tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip() or 0)
        self.cpu_at_paint_s = 0.0
        """Set by the reader bench: the program's CPU time when its first paint was seen."""

    def screen(self, *, escapes: bool = False) -> str:
        return tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", self.name)

    def keys(self, *names: str) -> float:
        """Send key names (tmux syntax); returns the time just before sending."""
        sent = time.perf_counter()
        tmux("send-keys", "-t", self.name, *names)
        return sent

    def literal(self, text: str) -> float:
        sent = time.perf_counter()
        tmux("send-keys", "-t", self.name, "-l", text)
        return sent

    def wait_for(
        self, predicate: Callable[[str], bool], *, escapes: bool = False, timeout_s: float = 20
    ) -> float:
        """Poll until ``predicate(screen)``; returns the time it first held. Raises TimeoutError."""
        deadline = time.perf_counter() + timeout_s
        while True:
            now = time.perf_counter()
            if predicate(self.screen(escapes=escapes)):
                return now
            if now > deadline:
                state = "running" if self.alive() else "exited"
                screen = self.screen()
                raise TimeoutError(f"screen condition not met in {timeout_s} s (program {state}):\n{screen}")
            time.sleep(POLL_S)

    def peak_rss_mb(self) -> float:
        """The program's peak resident set so far (VmHWM), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def alive(self) -> bool:
        return self.pid > 0 and Path(f"/proc/{self.pid}").exists()

    def close(self) -> None:
        """Kill the session and wait (up to 10 s, then SIGKILL) for the program to be gone,
        so the next launch does not meet it still holding the database."""
        tmux("kill-session", "-t", self.name)
        deadline = time.perf_counter() + 10
        while self.alive() and time.perf_counter() < deadline:
            time.sleep(0.02)
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)

    def __enter__(self) -> TmuxSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def backgrounds(line: str) -> set[str]:
    """The background colour escapes used on one captured line."""
    return {m.group().rsplit("48;", 1)[1] for m in _BACKGROUND.finditer(line)}


def cursor_line(screen: str, colour: str, first: int, last: int) -> int | None:
    """Index of the first line in ``first..last`` whose escapes use the ``colour`` background."""
    lines = screen.splitlines()
    for index in range(first, min(last + 1, len(lines))):
        if colour in backgrounds(lines[index]):
            return index
    return None
