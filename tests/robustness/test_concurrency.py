"""The reader open while two ``uninews refresh`` run at once: no "database is locked", no write lost.

The first refresh is held at the network (a gate in the local server) until
the second has started and said it is waiting for the refresh lock; then
both finish. Meanwhile the reader (Pilot, same database) flips read marks
and another connection holds a read transaction open the whole time.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tui.pilot_support import article_list, press, settle
from uninews_tui.app import UninewsApp
from uninews_tui.config import load_config
from uninews_tui.store import Store

from .support import Home, rss, rss_item, subprocess_env

SOURCES = 12
ITEMS = 40


def feed(source: int, *, edition: int = 0) -> bytes:
    return rss([rss_item(f"s{source}-{n}", title=f"Source {source} story {n} (edition {edition})",
                         description="Teaser text. " * 20) for n in range(ITEMS)])


class GatedSite:
    """A threaded local server whose feed responses wait for ``gate`` (set by default)."""

    def __init__(self) -> None:
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.gate = threading.Event()
        self.gate.set()
        self.arrived = threading.Event()
        """Set when a request reaches the server while the gate is closed."""
        self.edition = 0
        self.server.expect_request("/feed").respond_with_handler(self._respond)

    def _respond(self, request: Request) -> Response:
        if not self.gate.is_set():
            self.arrived.set()
        self.gate.wait(timeout=30)
        source = int(request.args.get("s", "0"))
        return Response(feed(source, edition=self.edition), content_type="application/rss+xml")

    def url(self, source: int) -> str:
        return self.server.url_for("/feed") + f"?s={source}"


@pytest.fixture
def gated() -> Iterator[GatedSite]:
    site = GatedSite()
    site.server.start()
    try:
        yield site
    finally:
        site.gate.set()
        site.server.stop()


async def start_refresh(home: Home) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uninews_tui", "refresh", "--json", env=subprocess_env(home),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def test_reader_and_two_refreshes_at_once_lose_nothing(home: Home, gated: GatedSite) -> None:
    home.write_config([{"id": f"s{n}", "url": gated.url(n)} for n in range(SOURCES // 2)])
    assert (await asyncio.to_thread(home.refresh))["new_articles"] == SOURCES // 2 * ITEMS
    first_ids = [a["id"] for a in home.articles()]
    bookmarked = first_ids[:5]
    for article_id in bookmarked:
        assert home.run("bookmark", str(article_id))[0] == 0
    # The second round: every feed edited (titles change) and twice as many sources.
    home.write_config([{"id": f"s{n}", "url": gated.url(n)} for n in range(SOURCES)],
                      settings="per_host = 2\ntimeout_s = 30")
    gated.edition = 1

    holder = Store.open(home.db)  # a second reader that keeps a read transaction open throughout
    holder.db.execute("BEGIN")
    assert holder.db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(first_ids)
    store = Store.open(home.db)

    async def no_fetch(article_id: int) -> bool:
        return False

    app = UninewsApp(store, load_config(home.config), fetch_body=no_fetch)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            gated.gate.clear()
            first = await start_refresh(home)
            # Once the first refresh reaches the network it holds the refresh lock.
            assert await asyncio.to_thread(gated.arrived.wait, 30)
            second = await start_refresh(home)
            assert second.stderr is not None
            waiting = await asyncio.wait_for(second.stderr.readline(), timeout=30)
            assert b"another refresh is running; waiting for it to finish" in waiting
            gated.gate.set()
            read_in_reader = []
            for index in range(10):  # the reader writes read marks while the refreshes write articles
                rows = article_list(app)
                rows.cursor = index
                target = rows.current_article
                assert target is not None and not target.is_read
                await press(pilot, "m")
                read_in_reader.append(target.id)
            outs = [await asyncio.wait_for(p.communicate(), timeout=60) for p in (first, second)]
            await settle(pilot)
    finally:
        store.close()
        holder.db.execute("COMMIT")
        holder.close()

    codes = [first.returncode, second.returncode]
    errors = [outs[0][1].decode(), (waiting + outs[1][1]).decode()]  # every stderr line of both
    assert codes == [0, 0], errors
    for text in errors:
        assert "locked" not in text and "Traceback" not in text and "busy" not in text
    summaries = [json.loads(o[0]) for o in outs]
    assert summaries[0]["fetched"] == SOURCES and summaries[0]["new_articles"] == SOURCES // 2 * ITEMS
    assert summaries[1]["failed"] == 0

    articles = {a["id"]: a for a in home.articles()}
    assert len(articles) == SOURCES * ITEMS  # every article of both rounds, none twice
    assert all(a["title"].endswith("(edition 1)") for a in articles.values())
    assert all(articles[i]["is_read"] for i in read_in_reader)  # the reader's writes all landed
    assert sorted(a["id"] for a in home.articles("--bookmarked")) == sorted(bookmarked)
    [(check,)] = home.rows("PRAGMA integrity_check")
    assert check == "ok"
