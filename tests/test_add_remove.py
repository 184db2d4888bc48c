"""``uninews add`` and ``remove`` against a local web site: discovery, prompts, edits, the cache."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from uninews_tui.cli import cli
from uninews_tui.config import load_config
from uninews_tui.discovery import discover_sync
from uninews_tui.models import ArticleFilter, FeedEntry
from uninews_tui.store import Store

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Lakeside news</title>
<link>https://lake.example.edu/</link>
<item><title>Boathouse reopens</title><link>https://lake.example.edu/a</link><guid>a</guid></item>
<item><title>New dean named</title><link>https://lake.example.edu/b</link><guid>b</guid></item>
<item><title>Spring concert</title><link>https://lake.example.edu/c</link><guid>c</guid></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Lakeside events</title>
<id>urn:lake:events</id><updated>2026-01-01T00:00:00Z</updated>
<entry><title>Open day</title><id>urn:lake:e1</id><link href="https://lake.example.edu/e1"/>
<updated>2026-01-01T00:00:00Z</updated></entry></feed>"""
ADVERTISING = """<!doctype html><html><head><title>Lakeside College news</title>
<link rel="alternate" type="application/rss+xml" title="News" href="/news/rss.xml">
<link rel="alternate" type="application/atom+xml" href="events.atom">
</head><body><p>News from the lake.</p></body></html>"""
SILENT = "<!doctype html><html><head><title>Plain page</title></head><body><p>No links.</p></body></html>"
CONFIG = """# my feeds
[institutions.lake]
name = "Lake College"  # mine

[[sources]]
id = "lake-old"
institution = "lake"
kind = "feed"
url = "https://old.lake.example.edu/rss"
"""


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/news/").respond_with_data(ADVERTISING, content_type="text/html")
    httpserver.expect_request("/news/rss.xml").respond_with_data(RSS, content_type="application/rss+xml")
    httpserver.expect_request("/news/events.atom").respond_with_data(ATOM,
                                                                     content_type="application/atom+xml")
    httpserver.expect_request("/plain/").respond_with_data(SILENT, content_type="text/html")
    httpserver.expect_request("/plain/feed/").respond_with_data(RSS, content_type="application/rss+xml")
    httpserver.expect_request("/empty/").respond_with_data(SILENT, content_type="text/html")
    httpserver.expect_request("/direct.xml").respond_with_data(RSS, content_type="text/xml")
    return httpserver


def paths_asked(server: HTTPServer) -> list[str]:
    return [request.path for request, _response in server.log]


def invoke(tmp_path: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    config = tmp_path / "feeds.toml"
    if not config.exists():
        config.write_text(CONFIG, encoding="utf-8")
    base = ["--config", str(config), "--db", str(tmp_path / "u.db")]
    result = CliRunner().invoke(cli, [*base, *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_page_advertising_feeds(site: HTTPServer) -> None:
    found = discover_sync(site.url_for("/news/"))
    assert [(c.url, c.title, c.item_count, c.how) for c in found.candidates] == [
        (site.url_for("/news/rss.xml"), "Lakeside news", 3, "advertised"),
        (site.url_for("/news/events.atom"), "Lakeside events", 1, "advertised"),
    ]
    assert found.probed == [] and "/news/feed/" not in paths_asked(site)


def test_page_without_links_is_probed_politely(site: HTTPServer) -> None:
    found = discover_sync(site.url_for("/plain/"))
    assert [(c.url, c.how) for c in found.candidates] == [(site.url_for("/plain/feed/"), "probed")]
    assert paths_asked(site) == ["/plain/", "/plain/feed/"]  # stops at the first feed found


def test_direct_feed_and_nothing_found(site: HTTPServer) -> None:
    direct = discover_sync(site.url_for("/direct.xml"))
    assert [(c.title, c.item_count, c.how) for c in direct.candidates] == [("Lakeside news", 3, "direct")]
    nothing = discover_sync(site.url_for("/empty/"))
    assert nothing.candidates == [] and len(nothing.probed) == 6
    assert "advertises no feed" in nothing.problems[-1]


def test_add_yes_takes_the_first_candidate(site: HTTPServer, tmp_path: Path) -> None:
    code, out, err = invoke(tmp_path, "add", site.url_for("/news/"), "--yes")
    assert code == 0, err
    assert out.splitlines()[0] == f"1. {site.url_for('/news/rss.xml')}  Lakeside news  (3 items)"
    assert "added lakeside-news-lakeside-news to lakeside-news (new institution)" in out
    text = (tmp_path / "feeds.toml").read_text(encoding="utf-8")
    assert text.startswith(CONFIG)
    config = load_config(tmp_path / "feeds.toml")
    source = config.source("lakeside-news-lakeside-news")
    assert source is not None and source.url == site.url_for("/news/rss.xml")
    assert source.title == "Lakeside news"
    assert config.institutions["lakeside-news"].name == "Lakeside news"
    code, _out, err = invoke(tmp_path, "add", site.url_for("/news/rss.xml"), "--yes")
    assert code == 1 and "is already the source 'lakeside-news-lakeside-news'" in err


def test_add_asks_which_feed_and_the_institution_name(site: HTTPServer, tmp_path: Path) -> None:
    code, out, err = invoke(tmp_path, "add", site.url_for("/news/"), input="2\nLakeside College\n")
    assert code == 0, err
    config = load_config(tmp_path / "feeds.toml")
    added = [s for s in config.sources if s.id != "lake-old"]
    assert [(s.url, s.institution) for s in added] == [(site.url_for("/news/events.atom"), "lakeside-events")]
    assert config.institutions["lakeside-events"].name == "Lakeside College"
    code, _out, err = invoke(tmp_path, "add", site.url_for("/news/"), input="q\n")
    assert code == 1 and "nothing added" in err


def test_add_to_an_existing_institution(site: HTTPServer, tmp_path: Path) -> None:
    code, out, err = invoke(tmp_path, "add", site.url_for("/plain/"), "--institution", "lake", "--yes")
    assert code == 0, err
    assert "added lake-lakeside-news to lake in" in out and "new institution" not in out
    code, _out, err = invoke(tmp_path, "add", site.url_for("/plain/"), "--institution", "Bad Id!", "--yes")
    assert code == 2 and "invalid institution id" in err


def test_add_refuses_what_is_not_a_feed(site: HTTPServer, tmp_path: Path) -> None:
    code, _out, err = invoke(tmp_path, "add", site.url_for("/empty/"), "--yes")
    assert code == 1 and "no feed found" in err
    code, _out, err = invoke(tmp_path, "add", "|cat /etc/passwd", "--yes")
    assert code == 2 and "looks like a command" in err
    assert (tmp_path / "feeds.toml").read_text(encoding="utf-8") == CONFIG


def test_remove_keeps_cached_articles_and_bookmarks(tmp_path: Path) -> None:
    (tmp_path / "feeds.toml").write_text(CONFIG, encoding="utf-8")
    store = Store.open(tmp_path / "u.db")
    store.sync_config(load_config(tmp_path / "feeds.toml"))
    now = datetime.now(UTC)
    [first, _second] = store.upsert_entries("lake-old", [
        FeedEntry(guid="x", title="Kept in the cache", url="https://old.lake.example.edu/x", published=now),
        FeedEntry(guid="y", title="Bookmarked one", url="https://old.lake.example.edu/y", published=now),
    ], fetched_at=now)
    store.set_bookmark(_second, True)
    store.close()
    code, out, err = invoke(tmp_path, "remove", "lake-old")
    assert code == 0, err
    assert "stay in the cache" in out and "bookmarks are never affected" in out
    config = load_config(tmp_path / "feeds.toml")
    assert config.sources == () and "lake" in config.institutions
    assert (tmp_path / "feeds.toml").read_text(encoding="utf-8").startswith("# my feeds\n")
    store = Store.open(tmp_path / "u.db")
    try:
        store.sync_config(config)
        assert store.article(first) is not None
        assert [a.title for a in store.bookmarks(ArticleFilter())] == ["Bookmarked one"]
    finally:
        store.close()
    code, _out, err = invoke(tmp_path, "remove", "lake-old")
    assert code == 1 and "no source 'lake-old'" in err


def test_completion_scripts_and_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    markers = {"bash": "complete -o nosort -F", "zsh": "#compdef uninews", "fish": "complete --no-files"}
    for shell, marker in markers.items():
        code, out, err = invoke(tmp_path, "completion", shell)
        assert code == 0, err
        assert marker in out and "_UNINEWS_COMPLETE" in out and "\x1b[" not in out
    code, _out, err = invoke(tmp_path, "completion", "tcsh")
    assert code == 2
