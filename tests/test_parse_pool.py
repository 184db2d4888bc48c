"""Parsing in worker processes: same results as in a thread, errors come back, a refresh uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from feed_server import DATA, FeedSite, config_text
from uninews_tui.cli import cli
from uninews_tui.config_model import Source
from uninews_tui.errors import ParseError
from uninews_tui.fetch import refresh as refresh_module
from uninews_tui.fetch.parse_pool import ParsePool
from uninews_tui.fetch.sources import parse_body

FEEDS = DATA / "refresh"
SOURCE = Source(id="atom", institution="inst", kind="feed", url="http://127.0.0.1/atom.xml")


async def test_worker_parse_equals_thread_parse() -> None:
    body = (FEEDS / "atom.xml").read_bytes()
    args = (SOURCE, "UTC", body, SOURCE.url, "application/atom+xml")
    with ParsePool() as pool:
        in_worker = await pool.run(parse_body, *args)
    in_thread = await ParsePool(enabled=False).run(parse_body, *args)
    assert in_worker.entries == in_thread.entries
    assert [e.title for e in in_worker.entries]


async def test_parse_error_comes_back_from_the_worker() -> None:
    with ParsePool() as pool, pytest.raises(ParseError):
        await pool.run(parse_body, SOURCE, "UTC", b"<html><body>no feed here</body></html>", SOURCE.url, "")


def test_refresh_with_worker_processes_stores_every_item(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refresh_module, "PARSE_POOL_MIN_SOURCES", 1)
    executors = []
    original = ParsePool._ready_executor

    async def recording(self: ParsePool) -> object:
        executor = await original(self)
        executors.append(executor)
        return executor

    monkeypatch.setattr(ParsePool, "_ready_executor", recording)
    site = FeedSite(httpserver)
    files = {"rss2": "rss2.xml", "rss1": "rss1.rdf", "atom": "atom.xml", "json": "feed.json"}
    urls = {key: site.put_file("/" + name, FEEDS / name) for key, name in files.items()}
    config = tmp_path / "feeds.toml"
    config.write_text(config_text([{"id": k, "url": v} for k, v in urls.items()]), encoding="utf-8")
    args = ["--config", str(config), "--db", str(tmp_path / "u.db"), "refresh", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"fetched": 4, "not_modified": 0, "failed": 0, "new_articles": 9}
    assert len(executors) == 4 and all(e is not None for e in executors)


WORKERS_UNDER_TEXTUAL = """
import asyncio, sys
from pathlib import Path
from uninews_tui.config_model import Source
from uninews_tui.fetch.parse_pool import ParsePool
from uninews_tui.fetch.sources import parse_body

class Captured:  # what Textual puts in sys.stdout / sys.stderr while the reader runs
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

async def main():
    source = Source(id="atom", institution="inst", kind="feed", url="http://127.0.0.1/atom.xml")
    body = Path(sys.argv[1]).read_bytes()
    with ParsePool() as pool:
        feed = await pool.run(parse_body, source, "UTC", body, source.url, "application/atom+xml")
        return len(feed.entries), pool.enabled

real = sys.__stdout__
sys.stdout = sys.stderr = Captured()
count, in_workers = asyncio.run(main())
real.write(f"{count} {in_workers}\\n")
"""


def test_workers_start_while_textual_holds_stdout_and_stderr() -> None:
    """The reader's refresh used to fail every parse: Textual's stderr has no file descriptor."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", WORKERS_UNDER_TEXTUAL, str(FEEDS / "atom.xml")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    count, in_workers = done.stdout.split()
    assert int(count) > 0 and in_workers == "True"
