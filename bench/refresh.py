"""Cold and warm refresh of the bench site by uninews, newsboat and sfeed, in the same run.

Cold: an empty cache/database, every feed fetched and parsed. Warm: the same
command again right after, every feed answered 304 (checked against the
server's counters; sfeed has no conditional GET, so its warm run refetches).
Each program gets a fresh temporary HOME so no user file is read or written.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.feeds import FeedSpec, newsboat_files, sfeedrc, uninews_config
from bench.procs import FeedServer, RunResult, run_measured
from bench.results import Results, Row, fmt, median


@dataclass
class Timings:
    """Samples of one program's cold and warm refreshes (wall s, CPU s, MB)."""

    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    cold_cpu: list[float] = field(default_factory=list)
    warm_cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)


def uninews_bin() -> list[str]:
    """The ``uninews`` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "uninews"
    return [str(script)] if script.exists() else [sys.executable, "-m", "uninews_tui"]


def clean_env(home: Path) -> dict[str, str]:
    """The environment with HOME and the XDG folders moved into ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNINEWS_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        LC_ALL="C.UTF-8",
    )
    return env


def check_server(server: FeedServer, specs: list[FeedSpec], results: Results) -> None:
    """Time curl fetching every feed (8 in parallel, gzip) to show the server is not the bottleneck."""
    if shutil.which("curl") is None:
        results.note("curl absent: the server's own speed was not measured")
        return
    urls = "".join(f'url = "{server.base_url}{s.path}"\noutput = "/dev/null"\n' for s in specs)
    with tempfile.NamedTemporaryFile("w", suffix=".curlrc", delete=False) as rc:
        rc.write(urls)
    times = {}
    try:
        for label, extra in (
            ("200 gzip", ["--compressed"]),
            ("304", ["-H", "If-Modified-Since: Sun, 01 Jun 2025 08:00:00 GMT"]),
        ):
            samples = []
            for _ in range(3):
                started = time.perf_counter()
                subprocess.run(
                    ["curl", "-s", "--no-progress-meter", "-Z", "--parallel-max", "8", *extra, "-K", rc.name],
                    check=True,
                )
                samples.append(time.perf_counter() - started)
            times[label] = median(samples)
    finally:
        os.unlink(rc.name)
    results.note(
        f"server alone (curl, 8 parallel): {len(specs)} feeds in {times['200 gzip'] * 1000:.0f} ms"
        f" as gzip 200s, {times['304'] * 1000:.0f} ms as 304s"
    )


def _uninews_once(
    server: FeedServer, config: Path, db: Path, home: Path, expect: str, count: int
) -> RunResult:
    server.reset()
    run = run_measured(
        [*uninews_bin(), "--config", str(config), "--db", str(db), "refresh", "--json"], env=clean_env(home)
    )
    summary = json.loads(run.stdout or "{}")
    stats = server.stats()
    if run.returncode != 0 or summary.get(expect) != count:
        raise RuntimeError(f"uninews refresh did not {expect} {count} feeds: {summary} {run.stderr[-800:]}")
    if expect == "not_modified" and stats.get("304", 0) != count:
        raise RuntimeError(f"warm refresh was not all 304s: {stats}")
    return run


def _record(timings: Timings, cold: RunResult, warm: RunResult, name: str) -> None:
    timings.cold.append(cold.wall_s)
    timings.warm.append(warm.wall_s)
    timings.cold_cpu.append(cold.cpu_s)
    timings.warm_cpu.append(warm.cpu_s)
    timings.peak_mb.append(cold.peak_mb)
    print(
        f"    {name:8} cold {cold.wall_s:.2f} s (CPU {cold.cpu_s:.2f} s, {cold.peak_mb:.0f} MB)"
        f"  warm {warm.wall_s:.2f} s (CPU {warm.cpu_s:.2f} s)",
        flush=True,
    )


def uninews_round(server: FeedServer, specs: list[FeedSpec], timings: Timings, items: int) -> None:
    """``uninews refresh`` cold (fresh database) then warm (all 304)."""
    with tempfile.TemporaryDirectory(prefix="uninews-bench-") as tmp:
        home = Path(tmp)
        config = home / "feeds.toml"
        config.write_text(uninews_config(specs, server.base_url))
        db = home / "bench.db"
        cold = _uninews_once(server, config, db, home, "fetched", len(specs))
        warm = _uninews_once(server, config, db, home, "not_modified", len(specs))
        stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
        if stored != len(specs) * items:
            raise RuntimeError(f"uninews stored {stored} articles")
    _record(timings, cold, warm, "uninews")


def newsboat_round(server: FeedServer, specs: list[FeedSpec], timings: Timings, items: int) -> None:
    """``newsboat -x reload`` with 8 reload threads, cold (empty cache) then warm (all 304)."""
    with tempfile.TemporaryDirectory(prefix="newsboat-bench-") as tmp:
        home = Path(tmp)
        urls, config = newsboat_files(home, specs, server.base_url)
        argv = ["newsboat", "-x", "reload", "-u", str(urls), "-c", str(home / "cache.db"), "-C", str(config)]
        kept = []
        # newsboat 2.21 writes a feed's ETag before the feed's row exists on the first reload
        # (so it is lost): the second reload refetches and keeps it, the third is all 304s.
        for phase in ("cold", "priming", "warm"):
            server.reset()
            run = run_measured(argv, env=clean_env(home))
            stats = server.stats()
            if run.returncode != 0:
                raise RuntimeError(f"newsboat failed: {run.stderr[-500:]}")
            if phase == "warm" and stats.get("304", 0) != len(specs):
                raise RuntimeError(f"newsboat's warm reload was not all 304s: {stats}")
            if phase != "priming":
                kept.append(run)
        stored = sqlite3.connect(home / "cache.db").execute("SELECT count(*) FROM rss_item").fetchone()[0]
        if stored != len(specs) * items:
            raise RuntimeError(f"newsboat stored {stored} items")
    _record(timings, kept[0], kept[1], "newsboat")


def sfeed_round(server: FeedServer, specs: list[FeedSpec], timings: Timings, items: int) -> None:
    """``sfeed_update`` (8 jobs) cold, then again (it has no conditional GET, so it refetches)."""
    with tempfile.TemporaryDirectory(prefix="sfeed-bench-") as tmp:
        home = Path(tmp)
        rc = sfeedrc(home, specs, server.base_url)
        first = run_measured(["sfeed_update", str(rc)], env=clean_env(home))
        second = run_measured(["sfeed_update", str(rc)], env=clean_env(home))
        if first.returncode != 0:
            raise RuntimeError(f"sfeed_update failed: {first.stderr[-500:]}")
    _record(timings, first, second, "sfeed")


def run_refresh_bench(
    server: FeedServer, specs: list[FeedSpec], runs: int, results: Results, *, items: int, others: bool = True
) -> Timings:
    """Every refresh row: cold, warm, peak memory; the programs take turns, run after run."""
    check_server(server, specs, results)
    rounds: dict[str, Callable[[FeedServer, list[FeedSpec], Timings, int], None]] = {"uninews": uninews_round}
    if others:
        for name, binary, function in (
            ("newsboat", "newsboat", newsboat_round),
            ("sfeed", "sfeed_update", sfeed_round),
        ):
            if shutil.which(binary) is None:
                results.note(f"{name} is not installed: its rows were skipped (apt-get install {name})")
            else:
                rounds[name] = function
    measured = {name: Timings() for name in rounds}
    for _ in range(runs):
        for name, function in rounds.items():
            function(server, specs, measured[name], items)
    ours, newsboat, sfeed = measured["uninews"], measured.get("newsboat"), measured.get("sfeed")
    n = len(specs)
    results.add(
        Row.timed(
            f"cold refresh {n}×{items} (uninews)",
            ours.cold,
            unit="s",
            reference=median(newsboat.cold) if newsboat else None,
            max_ratio=0.35,
        )
    )
    results.add(
        Row.timed(
            f"warm refresh {n}×{items}, all 304 (uninews)",
            ours.warm,
            unit="s",
            reference=median(newsboat.warm) if newsboat else None,
            max_ratio=0.15,
        )
    )
    for name, other in (("newsboat -x reload", newsboat), ("sfeed_update", sfeed)):
        if other is not None:
            results.add(
                Row(
                    f"  {name} cold / warm",
                    f"{fmt(median(other.cold))} s / {fmt(median(other.warm))} s (n={len(other.cold)})",
                    "(reference)",
                    "",
                    "",
                )
            )
    cpu = f"{fmt(median(ours.cold_cpu))} s / {fmt(median(ours.warm_cpu))} s"
    ratio = ""
    if newsboat is not None:
        cpu += f" (newsboat {fmt(median(newsboat.cold_cpu))} s / {fmt(median(newsboat.warm_cpu))} s)"
        ratio = (
            f"{median(ours.cold_cpu) / median(newsboat.cold_cpu):.2f} / "
            f"{median(ours.warm_cpu) / median(newsboat.warm_cpu):.2f}"
        )
    results.add(Row("  CPU time (user+sys, all processes), cold / warm", cpu, "(diagnostic)", ratio, ""))
    results.add(Row.timed(f"peak memory, refresh of {n} feeds", ours.peak_mb, unit="MB", limit=200))
    if newsboat is not None:
        results.note(f"newsboat's peak memory for the same refresh: {median(newsboat.peak_mb):.0f} MB")
    return ours
