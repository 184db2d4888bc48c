"""Machine facts for the results file, and writing ``RESULTS.md``."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path


def _first_line(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "absent"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "?"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_facts() -> list[str]:
    """One Markdown bullet per fact: date, CPU, memory, versions, load."""
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    from uninews_tui import __version__

    return [
        f"- date: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {cpu_model()}, {os.cpu_count()} cores{memory}; {platform.platform()}",
        f"- Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, uninews {__version__}",
        f"- newsboat: {_first_line(['newsboat', '--version']) if shutil.which('newsboat') else 'absent'}; "
        f"sfeed: {'present' if shutil.which('sfeed_update') else 'absent'}; "
        f"tmux: {_first_line(['tmux', '-V']) if shutil.which('tmux') else 'absent'}",
        "- load average at the start: " + " ".join(f"{x:.1f}" for x in os.getloadavg()),
    ]


def write_results(path: Path, table: str, footnotes: str, facts: list[str], argv: list[str]) -> None:
    command = " ".join(["python -m bench", *argv])
    path.write_text(
        "# uninews benchmark results\n\n"
        f"Written by `{command}` (see bench/README.md). Medians over the runs, "
        "(min–max, n) where a measure was repeated. What was changed for these figures, and the "
        "profiles of what remains above its target: bench/PROFILES.md.\n\n"
        + table
        + "\n\n## Notes\n\n"
        + footnotes
        + "\n\n## Machine\n\n"
        + "\n".join(facts)
        + "\n"
    )
