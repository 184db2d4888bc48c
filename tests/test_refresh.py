"""``uninews refresh`` end to end: a local feed site, the real CLI, the real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from feed_server import DATA, FeedSite, config_text
from uninews_tui.cli import cli

FEEDS = DATA / "refresh"


@pytest.fixture
def site(httpserver: HTTPServer) -> FeedSite:
    return FeedSite(httpserver)


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "feeds.toml"), "--db", str(tmp_path / "u.db"), *args]
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def four_formats(site: FeedSite, tmp_path: Path) -> FeedSite:
    urls = {
        "rss2": site.put_file("/rss2.xml", FEEDS / "rss2.xml"),
        "rss1": site.put_file("/rss1.rdf", FEEDS / "rss1.rdf"),
        "atom": site.put_file("/atom.xml", FEEDS / "atom.xml"),
        "json": site.put_file("/feed.json", FEEDS / "feed.json"),
    }
    (tmp_path / "feeds.toml").write_text(
        config_text([{"id": k, "url": v} for k, v in urls.items()]), encoding="utf-8"
    )
    return site


def listed(tmp_path: Path, *args: str) -> list[dict[str, object]]:
    code, out, err = run(tmp_path, "list", "--json", "--limit", "500", *args)
    assert code == 0, err
    return json.loads(out)


def test_first_refresh_stores_every_format(four_formats: FeedSite, tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "refresh", "--json")
    assert code == 0, err
    assert json.loads(out) == {"fetched": 4, "not_modified": 0, "failed": 0, "new_articles": 9}
    articles = listed(tmp_path)
    by_title = {a["title"]: a for a in articles}
    assert set(by_title) >= {"Library extends opening hours", "Glacier melt measured from orbit",
                             "Alumni award announced", "Teaching with maps"}
    assert by_title["Alumni award announced"]["url"] == "https://press.example.edu/releases/alumni-award"
    assert by_title["Alumni award announced"]["institution"] == "inst-atom"
    assert by_title["Library extends opening hours"]["published"] == "2026-11-02T01:00:00+00:00"
    assert by_title["Teaching with maps"]["source"] == "json"
    assert set(articles[0]) == {"id", "institution", "source", "title", "url", "published", "summary",
                                "is_read", "is_bookmarked"}
    dates = [a["published"] for a in articles]
    assert dates == sorted(dates, reverse=True)


def test_second_refresh_is_conditional_and_adds_nothing(four_formats: FeedSite, tmp_path: Path) -> None:
    assert run(tmp_path, "refresh")[0] == 0
    code, out, err = run(tmp_path, "refresh", "--json")
    assert code == 0, err
    assert json.loads(out) == {"fetched": 0, "not_modified": 4, "failed": 0, "new_articles": 0}
    second = four_formats.requests_to("/rss2.xml")[-1]
    assert second.get("If-None-Match", "").startswith('"')
    assert second.get("If-Modified-Since") == "Thu, 05 Nov 2026 12:00:00 GMT"
    assert len(listed(tmp_path)) == 9


def test_changed_feed_adds_only_new_items(four_formats: FeedSite, tmp_path: Path) -> None:
    assert run(tmp_path, "refresh")[0] == 0
    four_formats.put_file("/rss2.xml", FEEDS / "rss2-changed.xml")
    code, out, _ = run(tmp_path, "refresh", "--json")
    assert json.loads(out) == {"fetched": 1, "not_modified": 3, "failed": 0, "new_articles": 1}
    titles = [a["title"] for a in listed(tmp_path, "--institution", "inst-rss2")]
    assert titles.count("Scholarship fund doubles") == 1 and len(titles) == 4


def test_failures_are_recorded_per_source_while_others_succeed(site: FeedSite, httpserver: HTTPServer,
                                                               tmp_path: Path) -> None:
    good = site.put_file("/rss2.xml", FEEDS / "rss2.xml")
    httpserver.expect_request("/missing.xml").respond_with_data("gone", status=404)
    httpserver.expect_request("/broken.xml").respond_with_data("oops", status=500)
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    httpserver.expect_request("/page.html").respond_with_data("<html><body>hi</body></html>",
                                                             content_type="text/html")
    sources = [{"id": "good", "url": good}, {"id": "missing", "url": httpserver.url_for("/missing.xml")},
               {"id": "broken", "url": httpserver.url_for("/broken.xml")},
               {"id": "loop", "url": httpserver.url_for("/loop")},
               {"id": "notfeed", "url": httpserver.url_for("/page.html")}]
    (tmp_path / "feeds.toml").write_text(config_text(sources), encoding="utf-8")
    code, out, err = run(tmp_path, "refresh", "--json")
    assert code == 0
    assert json.loads(out) == {"fetched": 1, "not_modified": 0, "failed": 4, "new_articles": 3}
    code, out, _ = run(tmp_path, "sources", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert set(rows["good"]) == {"id", "institution", "kind", "url", "enabled", "last_status",
                                 "last_error", "last_fetched"}
    assert rows["good"]["last_error"] is None and rows["good"]["last_fetched"]
    assert "404" in rows["missing"]["last_error"]
    assert "500" in rows["broken"]["last_error"]
    assert "redirect" in rows["loop"]["last_error"]
    assert rows["notfeed"]["last_error"]


def test_all_sources_failing_exits_1(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/x").respond_with_data("no", status=503)
    (tmp_path / "feeds.toml").write_text(config_text([{"id": "x", "url": httpserver.url_for("/x")}]))
    code, out, err = run(tmp_path, "refresh")
    assert code == 1
    assert "0 fetched, 0 unchanged, 1 failed" in out
    assert "x: HTTP 503" in err


def test_show_json_has_the_body(four_formats: FeedSite, tmp_path: Path) -> None:
    run(tmp_path, "refresh")
    first = next(a for a in listed(tmp_path) if a["title"] == "Teaching with maps")
    code, out, _ = run(tmp_path, "show", str(first["id"]), "--json")
    shown = json.loads(out)
    assert code == 0
    assert shown["title"] == "Teaching with maps" and "Maps make history concrete." in shown["body"]
    assert set(shown) - set(first) == {"body"}
