"""The reader under tmux: first paint at 1k and 100k, cursor moves, search as you type, memory.

First paint is the time from starting ``uninews`` (with UNINEWS_DB and
UNINEWS_CONFIG pointing at a bench cache and ``refresh_on_start = false``)
until the newest article's title is on the tmux screen. The cursor row is
found by its background colour (calibrated on the first ``j``), so a cursor
move is timed from the key to the screen showing the highlight one line
lower, whatever else changes on screen (a refresh adding rows, a status line).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.procs import CLOCK_TICKS, cpu_ticks
from bench.refresh import uninews_bin
from bench.tmux import TmuxSession, backgrounds, cursor_line

PLACEHOLDER_ROW = re.compile(r"│\s*…\s*│")
SEARCH_WORDS = ["nursing", "climate", "quantum", "医学", "hospital", "research", "港大", "genome"]


@dataclass
class ReaderFigures:
    """Samples (ms, MB) of one cache size."""

    first_paint_ms: list[float] = field(default_factory=list)
    first_paint_cpu_ms: list[float] = field(default_factory=list)
    """CPU the reader had used when its first paint was seen (less sensitive to the machine's load)."""
    peak_mb: list[float] = field(default_factory=list)
    cursor_ms: list[float] = field(default_factory=list)
    search_typed_ms: list[float] = field(default_factory=list)
    search_enter_ms: list[float] = field(default_factory=list)

    def merge(self, other: ReaderFigures) -> None:
        """Add another run's samples to these."""
        for name in (
            "first_paint_ms",
            "first_paint_cpu_ms",
            "peak_mb",
            "cursor_ms",
            "search_typed_ms",
            "search_enter_ms",
        ):
            getattr(self, name).extend(getattr(other, name))


def newest_titles(db: Path, count: int = 3) -> list[str]:
    """The first characters of the newest articles' titles (what the list shows first)."""
    from uninews_tui.models import ArticleFilter
    from uninews_tui.store import Store

    store = Store.open(db)
    try:
        return [a.title[:12] for a in store.articles(ArticleFilter(), limit=count)]
    finally:
        store.close()


def reader_env(db: Path, config: Path, home: Path) -> dict[str, str]:
    return {
        "UNINEWS_DB": str(db),
        "UNINEWS_CONFIG": str(config),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
    }


def open_reader(db: Path, config: Path, home: Path, titles: list[str]) -> tuple[TmuxSession, float, int]:
    """Start the reader; returns the session, the first-paint time (ms) and the first list line."""
    session = TmuxSession(uninews_bin(), reader_env(db, config, home))
    painted = session.wait_for(lambda s: any(t in s for t in titles), timeout_s=60)
    session.cpu_at_paint_s = cpu_ticks(session.pid) / CLOCK_TICKS
    lines = session.screen().splitlines()
    first_row = next(i for i, line in enumerate(lines) if any(t in line for t in titles))
    return session, (painted - session.started) * 1000, first_row


def settle(session: TmuxSession) -> None:
    """Wait until the footer is drawn and no row is still a loading placeholder ("  …")."""
    session.wait_for(lambda s: "Quit" in s and PLACEHOLDER_ROW.search(s) is None, timeout_s=30)
    time.sleep(0.3)


def calibrate_cursor(session: TmuxSession, first_row: int) -> tuple[str, float]:
    """Press j once; returns the cursor's background colour and that key's latency (ms)."""
    lines = session.screen(escapes=True).splitlines()
    candidates = backgrounds(lines[first_row]) - backgrounds(lines[first_row + 1])
    sent = session.keys("j")
    seen = session.wait_for(
        lambda s: bool(candidates & backgrounds(s.splitlines()[first_row + 1])), escapes=True, timeout_s=10
    )
    colour = next(iter(candidates & backgrounds(session.screen(escapes=True).splitlines()[first_row + 1])))
    return colour, (seen - sent) * 1000


def press_down(session: TmuxSession, colour: str, expected_line: int, first_row: int, last_row: int) -> float:
    """Press j and return the ms until the cursor highlight is on ``expected_line``."""
    sent = session.keys("j")
    seen = session.wait_for(
        lambda s: cursor_line(s, colour, first_row, last_row) == expected_line, escapes=True, timeout_s=10
    )
    return (seen - sent) * 1000


def measure_reader(db: Path, config: Path, home: Path, runs: int, *, interactions: bool) -> ReaderFigures:
    """``runs`` launches (first paint, memory); with ``interactions``, cursor and search timings too."""
    figures = ReaderFigures()
    titles = newest_titles(db)
    for run in range(runs):
        session, paint_ms, first_row = open_reader(db, config, home, titles)
        with session:
            figures.first_paint_ms.append(paint_ms)
            figures.first_paint_cpu_ms.append(session.cpu_at_paint_s * 1000)
            settle(session)
            if interactions and run == 0:
                colour, first_ms = calibrate_cursor(session, first_row)
                figures.cursor_ms.append(first_ms)
                for step in range(2, 22):
                    time.sleep(0.1)
                    figures.cursor_ms.append(
                        press_down(session, colour, first_row + step, first_row, first_row + 40)
                    )
                for word in SEARCH_WORDS:
                    figures.search_typed_ms.append(search_once(session, word, enter=False))
                    figures.search_enter_ms.append(search_once(session, word, enter=True))
            figures.peak_mb.append(session.peak_rss_mb())
    return figures


def search_once(session: TmuxSession, word: str, *, enter: bool) -> float:
    """Open the search line and type ``word``; ms from the last key to the results list.

    Typed: the last character, so the search line's debounce is included.
    Enter: the word and Enter at once; Enter skips the debounce, so this is the
    search and repaint alone.
    """
    session.keys("/")
    session.wait_for(lambda s: "Search:" in s, timeout_s=10)
    time.sleep(0.3)  # the line is drawn a moment before it takes the focus
    sent = session.literal(word)
    if enter:
        sent = session.keys("Enter")
    seen = session.wait_for(lambda s: "Results (" in s and word in s, timeout_s=10)
    for _ in range(3):
        session.keys("Escape")
        try:
            session.wait_for(lambda s: "Articles (" in s, timeout_s=2)
            break
        except TimeoutError:
            continue
    time.sleep(0.2)
    return (seen - sent) * 1000
