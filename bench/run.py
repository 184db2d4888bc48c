"""The uninews performance suite: ``python -m bench`` (or ``python bench/run.py``) from the checkout.

Generates its own data (N feeds served on 127.0.0.1, caches of 1k/10k/100k
articles), runs uninews, newsboat and sfeed on the same feeds in the same
run, prints one table of medians, spreads, targets and ratios, and writes it
to ``bench/RESULTS.md`` (``--out``). See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.facts import machine_facts
from bench.procs import feed_server, run_measured
from bench.refresh import clean_env, run_refresh_bench, uninews_bin
from bench.results import Results, Row
from bench.site import prepare_site

SECTIONS = ("help", "refresh", "search", "reader", "responsive")


def section(title: str, results: Results) -> None:
    """Print a section title with the machine's load (other programs running skew wall times)."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"== {title} (load average {load})", flush=True)
    results.notes.append(f"load average at the start of '{title}': {load}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=300, help="feeds on the bench site (default 300)")
    parser.add_argument("--items", type=int, default=30, help="items per feed (default 30)")
    parser.add_argument("--runs", type=int, default=3, help="runs per timed measure (default 3)")
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="cache sizes (first and last are compared)"
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {SECTIONS}")
    parser.add_argument("--no-others", action="store_true", help="skip newsboat and sfeed")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(__file__).resolve().parent / "out",
        help="where generated feeds and caches are kept between runs (default bench/out)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent / "RESULTS.md",
        help="Markdown results file to write ('-' for none)",
    )
    return parser.parse_args(argv)


def help_row(runs: int, results: Results) -> None:
    """``uninews --help`` wall time (imports only click and the command table), and its CPU time."""
    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env(Path(tmp))
        run_measured([*uninews_bin(), "--help"], env=env)  # warm the OS file cache
        done = [run_measured([*uninews_bin(), "--help"], env=env) for _ in range(max(runs, 10))]
    results.add(Row.timed("uninews --help", [r.wall_s * 1000 for r in done], unit="ms", limit=150))
    cpu = sorted(r.cpu_s * 1000 for r in done)
    results.add(
        Row(
            "  uninews --help, CPU (user+sys)",
            f"{cpu[len(cpu) // 2]:.0f} ms (min {cpu[0]:.0f})",
            "(diagnostic)",
            "",
            "",
        )
    )


def compile_uninews() -> str:
    """Byte-compile uninews's modules, as ``pip install`` does for an installed user.

    An editable install writes ``.pyc`` files on first import, unless
    ``PYTHONDONTWRITEBYTECODE`` is set (it is on some machines, and the bench
    passes the environment on): then every timed start would compile every
    module from source, which no installed user pays.
    """
    import compileall

    import uninews_tui

    folder = Path(uninews_tui.__file__).resolve().parent
    compileall.compile_dir(folder, quiet=1)
    return f"- uninews byte-compiled before timing (as pip install does): {folder}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = sections - set(SECTIONS)
    if unknown:
        print(f"unknown sections: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    facts = machine_facts()
    facts.append(compile_uninews())
    print("\n".join(facts), flush=True)
    results = Results()
    site, specs = prepare_site(args.work, args.feeds, args.items)
    with feed_server(site) as server:
        if "help" in sections:
            section("uninews --help", results)
            help_row(args.runs, results)
        if "refresh" in sections:
            section(f"refresh: {args.feeds} feeds × {args.items} items, {args.runs} runs each", results)
            run_refresh_bench(server, specs, args.runs, results, items=args.items, others=not args.no_others)
        caches: dict[int, Path] = {}
        if sections & {"search", "reader", "responsive"}:
            from bench.cache import build_cache

            print(f"== caches of {', '.join(f'{s:,}' for s in sizes)} articles", flush=True)
            caches = {size: build_cache(args.work, specs, size) for size in sizes}
        if "search" in sections:
            from bench.search import run_search_bench

            section("search", results)
            run_search_bench(caches, 30, results)
        if "reader" in sections:
            from bench.reader_rows import run_reader_bench

            section("reader under tmux", results)
            run_reader_bench(caches, specs, args.runs, results)
        if "responsive" in sections:
            from bench.reader_rows import run_responsive_bench

            section("reader keys during a refresh", results)
            run_responsive_bench(caches[min(caches)], specs, server, results)
    facts.append(
        f"- bench wall time: {time.perf_counter() - started:.0f} s; load average at the end: "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    table = results.table()
    print("\n" + table + "\n" + results.footnotes())
    if str(args.out) != "-":
        from bench.facts import write_results

        write_results(args.out, table, results.footnotes(), facts, sys.argv[1:] if argv is None else argv)
        print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
