"""Terminal safety: escapes, C1 controls, BEL/BS and bidi controls never reach the database or the screen.

One refresh stores hostile text from every kind of input (JSON Feed, RSS with
raw and referenced escapes, an HTML list page, article pages for full text,
an OPML import, error texts built from reason phrases and Locations). Then
the database, the command line's output and the rendered reader (Pilot) are
searched for anything a terminal would obey. Textual markup in feed text
must be shown literally and do nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from pytest_httpserver import HTTPServer

from feed_server import FeedSite
from fetch_support import raw_server
from tui.pilot_support import article_list, press, settle
from tui.screen_text import screen_text
from uninews_tui.app import UninewsApp
from uninews_tui.config import load_config
from uninews_tui.store import Store

from . import hostile_text as hostile
from .support import Home, forbidden_in


def bad_server(path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
    """Server text that ends up in error messages: a reason phrase and a redirect Location."""
    controls = "\u202eevil\u202c \x85\x9b31m".encode() + b"\x9b2J\x90"
    if path == "/reason":
        out.write(b"HTTP/1.1 599 Bad " + controls + b" phrase\r\nContent-Length: 0\r\n\r\n")
    else:
        location = b"Location: javascript:" + controls
        out.write(b"HTTP/1.1 302 Found\r\n" + location + b"\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """A home after importing the hostile OPML, refreshing everything and bookmarking every article."""
    home = Home(tmp_path_factory.mktemp("hostile"))
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        with raw_server(bad_server) as bad:
            site = FeedSite(server)
            base = site.url("").rstrip("/")
            site.put("/feed.json", hostile.json_feed(base), "application/feed+json")
            site.put("/rss.xml", hostile.rss_feed(base))
            site.put("/list.html", hostile.list_page(base), "text/html; charset=utf-8")
            site.put("/opml.xml", hostile.rss_feed(base).replace(b"rss-", b"opml-"))
            for slug in ("json-1", "json-markup", "rss-1", "rss-2", "html-1", "opml-1", "opml-2"):
                site.put(f"/article/{slug}", hostile.article_page(f"Page {slug}"), "text/html; charset=utf-8")
            listing = '{ item = "li", title = "a", link = "a", summary = ".sum", date = ".date" }'
            home.write_config([{"id": "json", "url": site.url("/feed.json")},
                               {"id": "rss", "url": site.url("/rss.xml")},
                               {"id": "html", "kind": "html", "url": site.url("/list.html"), "list": listing},
                               {"id": "reason", "url": bad.base_url + "/reason"},
                               {"id": "redirect", "url": bad.base_url + "/redirect"}],
                              settings="fetch_detail = true\ndetail_max_per_run = 50")
            (home.root / "subs.opml").write_bytes(hostile.opml(base))
            code, out, err = home.run("import-opml", str(home.root / "subs.opml"))
            assert code == 0, err
            code, out, err = home.run("refresh")
            assert code == 0, err
            for article in home.articles():
                assert home.run("bookmark", str(article["id"]))[0] == 0
            home.cli_output = out + err  # type: ignore[attr-defined]
            yield home
    finally:
        server.stop()


def test_every_input_was_stored(refreshed: Home) -> None:
    rows = refreshed.sources()
    assert {k: v["last_status"] for k, v in rows.items()} | {"reason": "error", "redirect": "error"} == {
        k: v["last_status"] for k, v in rows.items()}
    titles = {a["title"] for a in refreshed.articles()}
    assert {"JSON title", "RSS raw", "RSS refs", "HTML list"} <= {t.split(" RED")[0] for t in titles}
    assert len(refreshed.articles()) == 7  # 2 JSON + 2 RSS + 1 HTML + 2 from the imported OPML source
    assert refreshed.rows("SELECT count(*) FROM articles WHERE has_full_text = 1")[0][0] == 7
    assert refreshed.rows("SELECT count(*) FROM bookmarks")[0][0] == 7


def test_nothing_a_terminal_obeys_is_stored(refreshed: Home) -> None:
    tables = [name for (name,) in refreshed.rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
    checked = 0
    for table in tables:
        for row in refreshed.rows(f'SELECT * FROM "{table}"'):  # names from sqlite_master
            for value in row:
                if isinstance(value, str):
                    checked += 1
                    assert forbidden_in(value) == [], f"{table}: {value[:120]!r}"
                    assert not any(r in value for r in hostile.RESIDUE), f"{table}: {value[:120]!r}"
    assert checked > 100


def test_error_texts_from_server_text_are_clean(refreshed: Home) -> None:
    rows = refreshed.sources()
    assert rows["reason"]["last_error"].startswith("HTTP 599 Bad ")
    assert rows["redirect"]["last_error"].startswith("refused redirect to a non-HTTP URL: javascript:")
    for row in rows.values():
        assert forbidden_in(row["last_error"] or "") == []


def test_source_titles_from_opml_are_clean(refreshed: Home) -> None:
    [(title,)] = refreshed.rows("SELECT title FROM sources WHERE url LIKE '%/opml.xml'")
    assert title.startswith("OPML source") and forbidden_in(title) == []


def test_command_line_output_is_clean(refreshed: Home) -> None:
    outputs = [refreshed.cli_output]  # type: ignore[attr-defined]
    for args in (("list",), ("sources",), ("export-bookmarks",), ("export-bookmarks", "--format", "json")):
        code, out, err = refreshed.run(*args)
        assert code == 0, err
        outputs.append(out + err)
    for article in refreshed.articles():
        outputs.append(refreshed.run("show", str(article["id"]))[1])
    for text in outputs:
        assert forbidden_in(text) == []
        assert not any(r in text for r in hostile.RESIDUE)


def assert_screen_clean(app: UninewsApp, where: str) -> str:
    text = screen_text(app)
    assert forbidden_in(text) == [], where
    assert not any(r in text for r in hostile.RESIDUE), where
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            assert forbidden_in(segment.text) == [], where
    return text


async def test_the_reader_shows_nothing_a_terminal_obeys(refreshed: Home) -> None:
    async def no_fetch(article_id: int) -> bool:
        return False

    with Store.open(refreshed.db) as store:
        app = UninewsApp(store, load_config(refreshed.config), fetch_body=no_fetch)
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            rows = article_list(app)
            assert len(rows.ids) == 7
            seen = ""
            for index in range(len(rows.ids)):
                rows.cursor = index
                await press(pilot, "enter")
                seen += assert_screen_clean(app, f"article {index}")
            assert "JSON title RED" in seen and "Full text paragraph with a RED" in seen
            await press(pilot, "S")
            errors = assert_screen_clean(app, "sources screen")
            assert "HTTP 599 Bad" in errors
            await press(pilot, "escape", "B")
            assert_screen_clean(app, "bookmarks")


async def test_markup_in_feed_text_is_literal_and_inert(refreshed: Home) -> None:
    async def no_fetch(article_id: int) -> bool:
        return False

    with Store.open(refreshed.db) as store:
        app = UninewsApp(store, load_config(refreshed.config), fetch_body=no_fetch)
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            rows = article_list(app)
            rows.cursor = next(i for i, a in enumerate(rows.ids) if rows.cached(a).title == hostile.MARKUP)
            await press(pilot, "enter")
            text = screen_text(app)
            assert text.count("[@click=app.quit]quit[/]") >= 2  # header and body, shown as typed
            assert "[link=https://evil.example/]click[/link]" in text
            lines = text.splitlines()
            for y, line in enumerate(lines):
                x = line.find("[@click=app.quit]")
                if x >= 0:
                    await pilot.click(offset=(x + 3, y))
                    await settle(pilot)
            assert app.is_running and app.return_code is None
            assert "[bold]Not bold[/bold]" in screen_text(app)


def test_the_fixture_really_was_hostile() -> None:
    """Control: the payload holds every class of control the checks look for."""
    found = set(forbidden_in(hostile.PAYLOAD))
    assert {"U+001B", "U+0007", "U+0008", "U+009B", "U+0085", "U+202E", "U+2066", "U+200F"} <= found
    assert Path(__file__).with_name("hostile_text.py").exists()


async def test_clicking_real_action_markup_would_quit() -> None:
    """Control: the same click on markup that IS interpreted quits, so the inert case means something."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Interpreted(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("[@click=app.quit]quit[/]")

    app = Interpreted()
    async with app.run_test(size=(40, 5)) as pilot:
        line = screen_text(app).splitlines()[0]
        assert line.startswith("quit")
        await pilot.click(offset=(1, 0))
        await pilot.pause()
        assert not app.is_running


def test_refused_opml_urls_are_shown_escaped(home: Home) -> None:
    """Regression (found by the long hypothesis run): `refused URL: …` echoed the URL as written,
    C1 CSI and bidi override included, to the user's terminal."""
    opml = home.root / "subs.opml"
    opml.write_bytes('<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><body>'
                     '<outline type="rss" text="x" xmlUrl="|touch \u202e pwned \u009b2J &#x85;"/>'
                     '<outline type="rss" text="y" xmlUrl="https://ok.example.edu/\u009b2J\u202efeed"/>'
                     "</body></opml>".encode())
    home.write_config([])
    code, out, err = home.run("import-opml", str(opml))
    assert code == 0, err
    refused = [line for line in err.splitlines() if line.startswith("refused ")]
    assert len(refused) == 2
    assert forbidden_in(out + err) == []
    assert refused[0].startswith('refused "|touch \\u202e pwned \\u009b2J": ')
