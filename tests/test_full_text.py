"""Full text during refresh: HTML-list items get their page's text and, when undated, its date."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from feed_server import FeedSite, config_text
from uninews_tui.cli import cli

LIST_PAGE = """<html><body><ul class="news">
<li><a href="/story/1">Campus garden wins an award</a></li>
<li><a href="/story/2">Robotics lab opens to visitors</a></li>
</ul></body></html>"""


def _story(n: int, when: str) -> bytes:
    text = f"Story {n} body: the whole paragraph about it, long enough to count as an article. " * 4
    return (
        f'<html><head><meta property="article:published_time" content="{when}"></head>'
        f'<body><nav>Home</nav><div class="body"><p>{text}</p></div><footer>Footer</footer></body></html>'
    ).encode()


def test_html_items_get_full_text_and_their_page_date(httpserver: HTTPServer, tmp_path: Path) -> None:
    site = FeedSite(httpserver)
    url = site.put("/news/", LIST_PAGE.encode(), "text/html; charset=utf-8")
    site.put("/story/1", _story(1, "2026-10-01T08:30:00+08:00"), "text/html; charset=utf-8")
    site.put("/story/2", _story(2, "2026-10-02T09:00:00+08:00"), "text/html; charset=utf-8")
    source = {
        "id": "garden",
        "url": url,
        "kind": "html",
        "list.item": '"ul.news li"',
        "list.link": '"a@href"',
        "list.title": '"a"',
        "detail.body": '[".body"]',
    }
    (tmp_path / "feeds.toml").write_text(config_text([source]), encoding="utf-8")
    runner = CliRunner()
    base = ["--config", str(tmp_path / "feeds.toml"), "--db", str(tmp_path / "u.db")]

    result = runner.invoke(cli, [*base, "refresh"])
    assert result.exit_code == 0, result.stderr
    assert "2 new articles, 2 full texts" in result.stdout

    articles = json.loads(runner.invoke(cli, [*base, "list", "--json"]).stdout)
    assert [(a["title"], a["published"]) for a in articles] == [
        ("Robotics lab opens to visitors", "2026-10-02T01:00:00+00:00"),
        ("Campus garden wins an award", "2026-10-01T00:30:00+00:00"),
    ]
    shown = json.loads(runner.invoke(cli, [*base, "show", str(articles[1]["id"]), "--json"]).stdout)
    assert shown["body"].startswith("Story 1 body: the whole paragraph")
    assert "Footer" not in shown["body"] and "Home" not in shown["body"]
