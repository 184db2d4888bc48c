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
    original = ParsePool._get_executor

    def recording(self: ParsePool) -> object:
        executor = original(self)
        executors.append(executor)
        return executor

    monkeypatch.setattr(ParsePool, "_get_executor", recording)
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
