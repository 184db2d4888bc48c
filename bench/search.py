"""Search speed through ``Store.search`` at 1k, 10k and 100k articles, per query form.

Each query runs once to warm the page cache, then ``repeats`` times; the
figure is the median and p95 of those runs (50 hits, Articles and snippets
included: what ``uninews search`` and the reader's search line wait for).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.results import Results, Row, median, percentile

QUERIES: dict[str, str] = {
    "one word": "nursing",
    "one word (common)": "university",
    "two words": "nursing research",
    "phrase": '"clinical trial"',
    "CJK two characters": "医学",
    "qualifier + word": "inst:uni04 research",
    "qualifiers + word": "is:unread after:2024-06-01 health",
}


def time_queries(db: Path, repeats: int) -> dict[str, list[float]]:
    """Milliseconds per run of each query against the cache at ``db``."""
    from uninews_tui.store import Store

    store = Store.open(db)
    try:
        samples: dict[str, list[float]] = {}
        for label, query in QUERIES.items():
            found = store.search(query, limit=50)
            if not found.hits:
                raise RuntimeError(f"bench query {query!r} found nothing in {db.name}")
            runs = []
            for _ in range(repeats):
                started = time.perf_counter()
                store.search(query, limit=50)
                runs.append((time.perf_counter() - started) * 1000)
            samples[label] = runs
        return samples
    finally:
        store.close()


def run_search_bench(caches: dict[int, Path], repeats: int, results: Results) -> None:
    """Rows for every query form at the largest size, and the growth with cache size."""
    by_size = {size: time_queries(path, repeats) for size, path in sorted(caches.items())}
    largest = max(by_size)
    for label, runs in by_size[largest].items():
        mid, p95 = median(runs), percentile(runs, 0.95)
        ok = mid <= 15 and p95 <= 40
        results.add(
            Row(
                f"search at {largest // 1000}k: {label} ({QUERIES[label]})",
                f"{mid:.1f} ms (p95 {p95:.1f}, n={len(runs)})",
                "median ≤ 15 ms, p95 ≤ 40 ms",
                "",
                "pass" if ok else "FAIL",
            )
        )
    growth = []
    for size, samples in by_size.items():
        all_runs = [t for runs in samples.values() for t in runs]
        growth.append(
            f"{size // 1000}k: median {median(all_runs):.1f} ms, p95 {percentile(all_runs, 0.95):.1f} ms"
        )
    sizes = sorted(by_size)
    ratio = median([t for r in by_size[sizes[-1]].values() for t in r]) / max(
        median([t for r in by_size[sizes[0]].values() for t in r]), 1e-9
    )
    results.add(
        Row(
            "search growth, all forms",
            "; ".join(growth),
            "flat-ish",
            f"{ratio:.1f}× ({sizes[0] // 1000}k→{sizes[-1] // 1000}k)",
            "",
        )
    )
    details = []
    for label in QUERIES:
        details.append(f"{label}: " + " → ".join(f"{median(by_size[s][label]):.1f}" for s in sizes) + " ms")
    results.note(
        "search medians by size (" + " → ".join(f"{s // 1000}k" for s in sizes) + "): " + "; ".join(details)
    )
