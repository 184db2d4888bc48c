"""The reader's rows: first paint (1k vs 100k), memory, cursor, search as you type, keys during a refresh.

Each cache is copied first (the reader writes to its database: WAL, config
sync), so the generated caches stay as built.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench.feeds import FeedSpec, uninews_config
from bench.procs import CLOCK_TICKS, FeedServer, cpu_ticks
from bench.reader import ReaderFigures, measure_reader
from bench.results import Results, Row, median, percentile
from bench.tmux import TmuxSession

TMUX_NOTE = "tmux screen polled every 5 ms (+ one capture-pane, ~3 ms): timings are ±10 ms"


def _row_latency(measure: str, samples: list[float], limit: float, *, worst: bool = False) -> Row:
    """Pass when the p95 (or, with ``worst``, every sample) is under ``limit`` ms."""
    mid, p95, top = median(samples), percentile(samples, 0.95), max(samples)
    figure = f"{mid:.0f} ms (p95 {p95:.0f}, max {top:.0f}, n={len(samples)})"
    checked = top if worst else p95
    target = f"{'every key' if worst else 'p95'} < {limit:g} ms"
    return Row(measure, figure, target, "", "pass" if checked < limit else "FAIL")


def minimal_app_paint_ms(runs: int, cpu_ms: list[float] | None = None) -> list[float]:
    """First paint of a one-widget Textual app under the same tmux measurement (its CPU into ``cpu_ms``)."""
    from bench.minimal_app import MARKER

    samples = []
    for _ in range(runs):
        with TmuxSession([sys.executable, str(Path(__file__).with_name("minimal_app.py"))], {}) as session:
            samples.append((session.wait_for(lambda s: MARKER in s) - session.started) * 1000)
            if cpu_ms is not None:
                cpu_ms.append(cpu_ticks(session.pid) / CLOCK_TICKS * 1000)
    return samples


def run_reader_bench(caches: dict[int, Path], specs: list[FeedSpec], runs: int, results: Results) -> None:
    if shutil.which("tmux") is None:
        results.note("tmux absent: the reader rows were skipped")
        return
    small, large = min(caches), max(caches)
    measured = {small: ReaderFigures(), large: ReaderFigures()}
    floor: list[float] = []
    floor_cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="uninews-reader-") as tmp:
        home = Path(tmp)
        config = home / "feeds.toml"
        config.write_text(uninews_config(specs, "http://127.0.0.1:9", refresh_on_start=False))
        dbs = {size: home / f"reader-{size}.db" for size in (small, large)}
        for size, db in dbs.items():
            shutil.copyfile(caches[size], db)
        # Rounds, so that whatever else runs on the machine weighs on every figure alike.
        for round_number in range(runs):
            floor += minimal_app_paint_ms(1, floor_cpu)
            for size, db in dbs.items():
                interactions = size == large and round_number == 0
                measured[size].merge(measure_reader(db, config, home, 1, interactions=interactions))
        for size in (small, large):
            print(
                f"    {size:,}: first paint {[round(x) for x in measured[size].first_paint_ms]} ms",
                flush=True,
            )
    results.add(Row.timed("  minimal Textual app first paint (this machine's floor)", floor, unit="ms"))
    base, big = measured[small], measured[large]
    results.add(Row.timed(f"reader first paint, {small // 1000}k articles", base.first_paint_ms, unit="ms"))
    results.add(
        Row.timed(
            f"reader first paint, {large // 1000}k articles",
            big.first_paint_ms,
            unit="ms",
            limit=600,
            reference=median(base.first_paint_ms),
            max_ratio=1.3,
            reference_name=f"{small // 1000}k figure",
        )
    )
    cpu = (
        f"{median(base.first_paint_cpu_ms):.0f} ms / {median(big.first_paint_cpu_ms):.0f} ms"
        f" (minimal app {median(floor_cpu):.0f} ms)"
    )
    results.add(
        Row(
            f"  reader CPU until first paint, {small // 1000}k / {large // 1000}k",
            cpu,
            "(diagnostic)",
            f"{median(big.first_paint_cpu_ms) / median(base.first_paint_cpu_ms):.2f}",
            "",
        )
    )
    own = median(big.first_paint_ms) - median(floor)
    results.add(
        Row(
            f"  the reader's own part at {large // 1000}k (minus the minimal app)",
            f"{own:.0f} ms",
            "(diagnostic)",
            "",
            "",
        )
    )
    results.add(
        Row.timed(f"peak memory, reader with {large // 1000}k articles", big.peak_mb, unit="MB", limit=200)
    )
    if big.cursor_ms:
        results.add(_row_latency(f"cursor move (j) repaint at {large // 1000}k", big.cursor_ms, 50))
    if big.search_typed_ms:
        results.add(
            _row_latency(f"search: last keystroke → results at {large // 1000}k", big.search_typed_ms, 100)
        )
        results.add(
            Row(
                f"  search: Enter → results at {large // 1000}k (no debounce)",
                f"{median(big.search_enter_ms):.0f} ms (p95 {percentile(big.search_enter_ms, 0.95):.0f},"
                f" n={len(big.search_enter_ms)})",
                "(diagnostic)",
                "",
                "",
            )
        )
    results.note(TMUX_NOTE)


def _article_count(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def run_responsive_bench(cache: Path, specs: list[FeedSpec], server: FeedServer, results: Results) -> None:
    if shutil.which("tmux") is None:
        results.note("tmux absent: the responsiveness row was skipped")
        return
    from bench.responsive import keys_during_refresh

    with tempfile.TemporaryDirectory(prefix="uninews-responsive-") as tmp:
        home = Path(tmp)
        config = home / "feeds.toml"
        config.write_text(uninews_config(specs, server.base_url, refresh_on_start=True))
        db = home / "responsive.db"
        shutil.copyfile(cache, db)
        server.reset()
        latencies, duration = keys_during_refresh(db, config, home)
        fetched = server.stats().get("200 gzip", 0) + server.stats().get("200 plain", 0)
        stored = _article_count(db) - _article_count(cache)
        if stored <= 0:
            raise RuntimeError(
                f"the reader's refresh stored nothing ({fetched} feeds fetched): see `uninews sources`"
            )
    results.add(
        _row_latency(f"reader keys during a refresh of {len(specs)} feeds", latencies, 100, worst=True)
    )
    results.note(
        f"the reader's own refresh ({fetched} feeds fetched, {stored} new articles stored)"
        f" took {duration:.1f} s while keys were pressed every 150 ms"
    )
