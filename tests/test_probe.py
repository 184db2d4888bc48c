"""``uninews probe``: one source or URL fetched and parsed, nothing stored, problems said plainly."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from feed_server import DATA, FeedSite, config_text
from uninews_tui.cli import cli

PAGE = b"""<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml" title="Atom">
</head><body><div class="list">
<div class="row"><a href="/n/1">First story on the list</a><span class="d">24 February 2025</span></div>
<div class="row"><a href="/n/2">Second story</a><span class="d">not a date</span></div>
<div class="row"><span class="d">3 March 2025</span></div>
</div></body></html>"""


def _probe(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "feeds.toml"), "--db", str(tmp_path / "u.db"), "probe", *args]
    )
    return result.exit_code, result.stdout, result.stderr


def _setup(site: FeedSite, tmp_path: Path, item: str = '".row"') -> None:
    url = site.put("/list.html", PAGE, "text/html; charset=utf-8")
    source = {
        "id": "page",
        "url": url,
        "kind": "html",
        "list.item": item,
        "list.link": '"a@href"',
        "list.title": '"a"',
        "list.date": '".d"',
        "list.date_format": '["%d %B %Y"]',
    }
    (tmp_path / "feeds.toml").write_text(config_text([source]), encoding="utf-8")


def test_probe_feed_url_as_json_stores_nothing(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = FeedSite(httpserver)
    _setup(site, tmp_path)
    url = site.put_file("/atom.xml", DATA / "refresh" / "atom.xml")
    code, out, _ = _probe(tmp_path, url, "--json")
    report = json.loads(out)
    assert code == 0 and report["source"] == url and report["feeds"] == []
    assert [i["title"] for i in report["items"]] == ["Alumni award announced", "Open day draws record crowd"]
    assert report["items"][0]["published"] == "2026-11-03T12:00:00+00:00"
    assert not (tmp_path / "u.db").exists()


def test_probe_html_source_shows_items_dates_and_problems(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = FeedSite(httpserver)
    _setup(site, tmp_path)
    code, out, _ = _probe(tmp_path, "page")
    assert code == 0
    assert "1. First story on the list" in out and "date: 2025-02-24T00:00:00+08:00" in out
    assert "2. Second story" in out and "date: NO DATE FOUND" in out
    assert "2 items, 1 without a date" in out
    assert "problem: 1 items skipped (no title or no link)" in out
    assert httpserver.url_for("/atom.xml") in out  # the feed the page advertises


def test_probe_selectors_matching_nothing_is_an_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    _setup(FeedSite(httpserver), tmp_path, item='".nothing-here"')
    code, out, _ = _probe(tmp_path, "page", "--json")
    report = json.loads(out)
    assert code == 1
    assert "selectors matched no items" in report["error"] and report["items"] == []


def test_probe_html_page_url_lists_its_feeds(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = FeedSite(httpserver)
    _setup(site, tmp_path)
    code, out, _ = _probe(tmp_path, site.url("/list.html"), "--json")
    report = json.loads(out)
    assert report["feeds"] == [httpserver.url_for("/atom.xml")]
    assert "HTML page" in report["error"] and code == 0
