"""``uninews serve``: host checks, the command it runs, and the reader in headless Chromium.

The browser test starts ``uninews serve`` on a free loopback port against a
temporary database holding three articles, opens the page in Debian's
Chromium driven by playwright (``executable_path``: playwright's own browser
downloads are never used), reads the terminal's text from xterm.js's buffer,
presses keys and checks that the article opened (its body on screen, and
marked read in the database). It skips only when Chromium is not installed.

xterm.js draws on a canvas, so the text is read from its buffer; textual-serve
keeps its Terminal object private, so an init script catches it when the page
assigns it (``this.terminal = new Terminal(...)``) through a setter on
``Object.prototype`` that immediately gives the instance its own property.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from uninews_tui.cli import cli
from uninews_tui.config import load_config
from uninews_tui.models import FeedEntry
from uninews_tui.serve import ServeError, check_host, is_loopback, reader_command
from uninews_tui.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    window.__uninewsTerminal = value;
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
  },
});
"""
SCREEN_HAS = """(text) => {
  const term = window.__uninewsTerminal;
  if (!term) return false;
  const buffer = term.buffer.active;
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    if (line && line.translateToString(true).includes(text)) return true;
  }
  return false;
}"""
FEEDS_TOML = """[settings]
refresh_on_start = false

[institutions.north]
name = "Northfield University"
short = "Northfield"

[[sources]]
id = "north-news"
institution = "north"
kind = "feed"
url = "https://news.northfield.example.edu/rss"
"""
ARTICLES = [
    ("Telescope sees first light", "The observatory dome opened at dusk and caught its first star."),
    ("Library opens a night reading room", "Students can now read until two in the morning."),
    ("Rowing team wins the autumn regatta", "Eight rowers crossed the line a length ahead."),
]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"])
def test_loopback_hosts_are_allowed(host: str) -> None:
    assert is_loopback(host) and check_host(host, public=False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_public_hosts_need_public(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ServeError, match="--public"):
        check_host(host, public=False)
    assert "no login" in (check_host(host, public=True) or "")


def test_reader_command_quotes_paths(tmp_path: Path) -> None:
    odd = tmp_path / "my feeds; rm -rf ~ $(id)" / "feeds.toml"
    command = reader_command(odd, tmp_path / "u.db")
    assert shlex.split(command) == [sys.executable, "-m", "uninews_tui", "--config", str(odd.resolve()),
                                    "--db", str((tmp_path / "u.db").resolve())]
    assert shlex.split(reader_command()) == [sys.executable, "-m", "uninews_tui"]


def test_serve_refuses_a_public_host_without_public(tmp_path: Path) -> None:
    (tmp_path / "feeds.toml").write_text(FEEDS_TOML, encoding="utf-8")
    base = ["--config", str(tmp_path / "feeds.toml"), "--db", str(tmp_path / "u.db")]
    result = CliRunner().invoke(cli, [*base, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "refusing to serve on '0.0.0.0'" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors = process.stderr.read().decode() if process.stderr else ""
            raise AssertionError(f"uninews serve exited early: {errors}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)  # polling a port, not waiting for an effect
    raise AssertionError(f"uninews serve did not listen on port {port} within {timeout} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``uninews serve`` on a free port over a database with three articles; yields (url, db)."""
    config_file, db_file = tmp_path / "feeds.toml", tmp_path / "u.db"
    config_file.write_text(FEEDS_TOML, encoding="utf-8")
    store = Store.open(db_file)
    store.sync_config(load_config(config_file))
    now = datetime.now(UTC)
    store.upsert_entries("north-news", [
        FeedEntry(guid=f"g{n}", title=title, url=f"https://news.northfield.example.edu/{n}",
                  published=now - timedelta(hours=n + 1), summary=f"Summary {n}.",
                  content_html=f"<p>{body}</p>")
        for n, (title, body) in enumerate(ARTICLES)
    ], fetched_at=now)
    store.close()
    port = _free_port()
    env = {**os.environ, "NO_COLOR": "1", "HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "uninews_tui", "--config", str(config_file), "--db", str(db_file),
         "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/", db_file
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and the reader processes it started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.browser
def test_reader_in_headless_chromium(served: tuple[str, Path]) -> None:
    if CHROMIUM is None:
        print("SKIP: Chromium is not installed (apt-get install chromium); the browser test needs it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    url, db_file = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.add_init_script(CATCH_TERMINAL)
            # The page asks a web font service for its font: no network in tests, so refuse at once.
            page.route(lambda address: not address.startswith(url), lambda route: route.abort())
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_function(SCREEN_HAS, arg=ARTICLES[0][0], timeout=30_000)
            assert page.evaluate(SCREEN_HAS, ARTICLES[2][0])
            # Give the terminal keyboard focus as a visitor would (no click on a particular pane):
            # the app gets focus back and puts it on the article list.
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_function(SCREEN_HAS, arg=ARTICLES[1][1], timeout=15_000)
        finally:
            browser.close()
    store = Store.open(db_file)
    try:
        read = {a.title: a.is_read for a in (store.article(n) for n in (1, 2, 3)) if a is not None}
    finally:
        store.close()
    assert read == {ARTICLES[0][0]: False, ARTICLES[1][0]: True, ARTICLES[2][0]: False}
