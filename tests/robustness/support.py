"""Shared helpers for the robustness suite: a throw-away uninews home and feed builders.

Every case drives the real command line (click's CliRunner, or a subprocess
where a process boundary matters) against servers on 127.0.0.1, then reads the
outcome back through ``sources --json`` / ``list --json`` or the database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from feed_server import config_text
from uninews_tui.cli import cli

DATA = Path(__file__).parent / "data"
# Characters that must never reach the database or the screen: C0 except \t \n, DEL, C1, bidi controls.
FORBIDDEN = {chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))} | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def forbidden_in(text: str) -> list[str]:
    """The forbidden characters found in ``text`` (as code points, for readable failures)."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in FORBIDDEN})


@dataclass
class Home:
    """A feeds.toml and a database in a temporary folder, driven through the CLI."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "feeds.toml"

    @property
    def db(self) -> Path:
        return self.root / "u.db"

    def write_config(self, sources: list[dict[str, str]], *, settings: str = "") -> None:
        """One institution per source (``inst-<id>``), see ``feed_server.config_text``.

        ``settings`` lines replace config_text's defaults of the same name (e.g. ``timeout_s``).
        """
        text = config_text(sources, settings=settings)
        defaults = {"timeout_s": "timeout_s = 3\n", "connect_timeout_s": "connect_timeout_s = 2\n"}
        for line in settings.splitlines():
            default = defaults.get(line.partition("=")[0].strip())
            if default is not None:
                text = text.replace(default, "", 1)
        self.config.write_text(text, encoding="utf-8")

    def run(self, *args: str) -> tuple[int, str, str]:
        """``uninews --config ... --db ... ARGS`` in-process; returns (exit code, stdout, stderr)."""
        result = CliRunner().invoke(cli, ["--config", str(self.config), "--db", str(self.db), *args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    def refresh(self) -> dict[str, int]:
        code, out, err = self.run("refresh", "--json")
        assert code in (0, 1), err
        return dict(json.loads(out))

    def sources(self) -> dict[str, dict[str, Any]]:
        code, out, err = self.run("sources", "--json")
        assert code == 0, err
        return {row["id"]: row for row in json.loads(out)}

    def articles(self, *args: str) -> list[dict[str, Any]]:
        code, out, err = self.run("list", "--json", "--limit", "100000", *args)
        assert code == 0, err
        return list(json.loads(out))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Read the database directly (what was really stored)."""
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()


def subprocess_env(home: Home) -> dict[str, str]:
    """Environment for ``python -m uninews_tui`` against ``home``."""
    return {**os.environ, "UNINEWS_CONFIG": str(home.config), "UNINEWS_DB": str(home.db),
            "PYTHONDONTWRITEBYTECODE": "1"}


def run_uninews(home: Home, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a child process (tracebacks would show on stderr)."""
    return subprocess.run([sys.executable, "-m", "uninews_tui", *args], env=subprocess_env(home),
                          capture_output=True, text=True, timeout=timeout, check=False)


def rss_item(n: int | str, *, title: str | None = None, link: str | None = None, guid: str | None = None,
             date: str | None = "Mon, 02 Nov 2026 09:00:00 +0000", description: str = "A short teaser.",
             extra: str = "") -> str:
    """One ``<item>``; pass ``""`` to leave an element out."""
    parts = ["<item>"]
    title = f"Story {n}" if title is None else title
    link = f"https://news.example.edu/story/{n}" if link is None else link
    guid = f"story-{n}" if guid is None else guid
    for tag, value in (("title", title), ("link", link), ("guid", guid), ("pubDate", date),
                       ("description", description)):
        if value:
            parts.append(f"<{tag}>{value}</{tag}>")
    parts += [extra, "</item>"]
    return "".join(parts)


def rss(items: Sequence[str], *, title: str = "Test news", declaration: str = '<?xml version="1.0"?>',
        channel_extra: str = "") -> bytes:
    """An RSS 2.0 document around ``items`` (UTF-8 bytes)."""
    body = "".join(items)
    return (f'{declaration}<rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://news.example.edu/</link>{channel_extra}{body}</channel></rss>").encode()
