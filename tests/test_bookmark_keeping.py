"""Bookmarks keep their promise: summary-only offline, completed later, intact after kill -9."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from feed_server import FeedSite, config_text
from uninews_tui.cli import cli

ARTICLE_TEXT = "The observatory's new spectrograph splits starlight into forty thousand channels. " * 6


def _feed(site: FeedSite, items: int = 1) -> bytes:
    entries = "".join(
        f"<item><title>Spectrograph story {n}</title><link>{site.url(f'/news/{n}')}</link>"
        f"<guid>g{n}</guid><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate>"
        f"<description>Short teaser {n}.</description></item>"
        for n in range(items)
    )
    channel = f"<channel><title>Obs</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def _page(n: int) -> bytes:
    return (
        f"<html><head><title>Spectrograph story {n}</title></head><body><nav>Menu</nav><article>"
        f"<h1>Spectrograph story {n}</h1><p>{ARTICLE_TEXT}</p><p>{ARTICLE_TEXT}</p></article>"
        "<footer>Contact us</footer></body></html>"
    ).encode()


def run(home: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--config", str(home / "feeds.toml"), "--db", str(home / "u.db"), *args]
    )
    return result.exit_code, result.stdout, result.stderr


def test_bookmark_offline_is_summary_only_until_a_refresh_completes_it(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    site = FeedSite(httpserver)
    url = site.put("/feed.xml", _feed(site))
    (tmp_path / "feeds.toml").write_text(config_text([{"id": "obs", "url": url}]), encoding="utf-8")
    assert run(tmp_path, "refresh")[0] == 0
    article = json.loads(run(tmp_path, "list", "--json")[1])[0]

    code, _, err = run(tmp_path, "bookmark", str(article["id"]))
    assert code == 0 and "summary only" in err
    assert "*(summary only)*" in run(tmp_path, "export-bookmarks")[1]

    # The article page is unreachable (500): the bookmark stays, still summary only.
    run(tmp_path, "refresh")
    exported = json.loads(run(tmp_path, "export-bookmarks", "--format", "json")[1])
    assert exported[0]["full_text"] is False and exported[0]["body"].startswith("Short teaser 0.")

    site.put("/news/0", _page(0), "text/html; charset=utf-8")
    code, out, _ = run(tmp_path, "refresh")
    assert code == 0 and "1 full texts" in out
    exported = json.loads(run(tmp_path, "export-bookmarks", "--format", "json")[1])
    assert exported[0]["full_text"] is True
    assert "forty thousand channels" in exported[0]["body"] and "Contact us" not in exported[0]["body"]


def test_offline_refresh_says_so_and_the_cache_still_reads(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = FeedSite(httpserver)
    url = site.put("/feed.xml", _feed(site, 3))
    (tmp_path / "feeds.toml").write_text(config_text([{"id": "obs", "url": url}]), encoding="utf-8")
    run(tmp_path, "refresh")
    port = httpserver.port
    httpserver.stop()  # the network goes away: connections are refused
    try:
        code, out, err = run(tmp_path, "refresh")
        assert code == 1 and "(offline?)" in out and f"127.0.0.1:{port}" not in out
        code, out, _ = run(tmp_path, "list", "--json")
        assert code == 0 and len(json.loads(out)) == 3
    finally:
        httpserver.start()


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_s", [0.3, 0.8, 1.6])
def test_kill_9_during_refresh_keeps_the_database_and_bookmarks(
    httpserver: HTTPServer, tmp_path: Path, kill_after_s: float
) -> None:
    site = FeedSite(httpserver)
    sources = []
    for n in range(40):
        body = _feed(site, 30).replace(b"<guid>g", f"<guid>s{n}-g".encode())
        body = body.replace(b"/news/", f"/news/{n}-".encode())
        sources.append({"id": f"s{n}", "url": site.put(f"/feed{n}.xml", body)})
    first = sources[0]["url"]
    (tmp_path / "feeds.toml").write_text(config_text(sources[:1]), encoding="utf-8")
    run(tmp_path, "refresh")
    keep = json.loads(run(tmp_path, "list", "--json", "--limit", "5")[1])
    for article in keep:
        run(tmp_path, "bookmark", str(article["id"]))
    (tmp_path / "feeds.toml").write_text(
        config_text(sources, settings="fetch_detail = true\ndetail_max_per_run = 500"), encoding="utf-8"
    )
    assert first in (tmp_path / "feeds.toml").read_text()

    env = {**os.environ, "UNINEWS_CONFIG": str(tmp_path / "feeds.toml"), "UNINEWS_DB": str(tmp_path / "u.db")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uninews_tui", "refresh"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(kill_after_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    with sqlite3.connect(tmp_path / "u.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    code, out, err = run(tmp_path, "list", "--bookmarked", "--json", "--limit", "100")
    assert code == 0, err
    assert sorted(a["id"] for a in json.loads(out)) == sorted(a["id"] for a in keep)
    assert run(tmp_path, "refresh")[0] == 0  # no stale lock, no damage: the next refresh just runs
