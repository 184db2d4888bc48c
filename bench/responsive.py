"""The reader's key latency while it refreshes the bench site in the background.

The reader opens a cache of 1,000 articles whose sources are the bench
feeds, with ``refresh_on_start = true``, so a cold refresh of every feed
(all fetched, parsed and stored) starts at once. While the status line says
"refreshing", ``j``/``k`` are pressed every 150 ms until the refresh's summary notification shows, and each
key is timed from the key press to the cursor highlight standing on its new
line (see ``bench.reader``).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.reader import calibrate_cursor, newest_titles, open_reader
from bench.tmux import cursor_line

FINISHED = ("Refreshed:", "Offline", "sources failed", "another refresh")
"""What the reader's end-of-refresh notification says (the status line can blink meanwhile)."""
SPAN = 30
"""Rows the cursor walks down and back up (stays inside the viewport, so nothing scrolls)."""


def finished(screen: str) -> bool:
    return any(text in screen for text in FINISHED)


def keys_during_refresh(
    db: Path, config: Path, home: Path, *, max_keys: int = 200
) -> tuple[list[float], float]:
    """Key latencies (ms) while the refresh runs, and the refresh's duration in the reader (s)."""
    titles = newest_titles(db)
    session, _, first_row = open_reader(db, config, home, titles)
    with session:
        session.wait_for(lambda s: "refreshing" in s, timeout_s=30)
        refresh_seen = time.perf_counter()
        colour, first_ms = calibrate_cursor(session, first_row)
        latencies = [first_ms]
        offset, step = 1, 1
        last_row = first_row + SPAN + 1
        for _ in range(max_keys):
            time.sleep(0.15)
            if finished(session.screen()):
                break
            if not 0 <= offset + step <= SPAN:
                step = -step
            offset += step
            expected = first_row + offset
            sent = session.keys("j" if step > 0 else "k")
            seen = session.wait_for(
                lambda s, expected=expected: cursor_line(s, colour, first_row, last_row) == expected,
                escapes=True,
                timeout_s=15,
            )
            latencies.append((seen - sent) * 1000)
        session.wait_for(finished, timeout_s=300)
        duration = time.perf_counter() - refresh_seen
        return latencies, duration
