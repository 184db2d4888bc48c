"""A bad source disables only itself at runtime; the refresh goes on for every other source.

Config problems found at load time are one precise message each (see
tests/test_config_errors.py, one fixture per error class in
tests/data/config/bad). These are the ones only a fetch can reveal: selectors
that match nothing, and feeds.toml patterns that backtrack without end on
what a page happens to contain (``re`` would hang the refresh for hours).
"""

from __future__ import annotations

import time

import pytest

from feed_server import FeedSite

from .support import Home, rss, rss_item

LIST_PAGE = ("<html><body><ul class='news'>"
             + "".join(f"<li><a href='/news/{n}'>{'a' * 60}! story {n}</a><span class='date'>"
                       f"{'1' * 60}x 2026-11-0{n}</span></li>" for n in range(1, 4))
             + "</ul></body></html>").encode()


def refresh_with_bad(home: Home, site: FeedSite, listing: str,
                     body: bytes = LIST_PAGE) -> tuple[float, dict[str, object]]:
    good = site.put("/good.xml", rss([rss_item(n) for n in range(3)]))
    page = site.put("/list.html", body, "text/html; charset=utf-8")
    home.write_config([{"id": "good", "url": good},
                       {"id": "bad", "kind": "html", "url": page, "list": listing}])
    started = time.perf_counter()
    code, _, err = home.run("refresh")
    elapsed = time.perf_counter() - started
    assert code == 0, err
    rows = home.sources()
    assert rows["good"]["last_status"] == "ok" and len(home.articles("--institution", "inst-good")) == 3
    assert rows["bad"]["last_status"] == "error"
    assert f"bad: {rows['bad']['last_error']}" in err
    return elapsed, rows["bad"]


def test_selectors_matching_nothing(home: Home, site: FeedSite) -> None:
    _, row = refresh_with_bad(home, site, '{ item = "div.no-such-thing", title = "a" }')
    assert str(row["last_error"]).startswith("selectors matched no items")


@pytest.mark.parametrize(("key", "pattern"), [("title_regex", "(a|aa)+$"),
                                              ("date_regex", r"(1|11)+$"),
                                              ("url_pattern", "(a|aa)+$")])
def test_a_pattern_that_backtracks_forever_is_stopped(home: Home, site: FeedSite, key: str,
                                                      pattern: str) -> None:
    """Regression: ``re`` held the GIL for hours on these; the refresh (and its lock) hung."""
    body = LIST_PAGE.replace(b"/news/", b"/" + b"a" * 60 + b"!/")  # links such as /aaaa…a!/1
    listing = f"{{ item = \"li\", title = \"a\", date = \".date\", {key} = '{pattern}' }}"
    elapsed, row = refresh_with_bad(home, site, listing, body)
    assert str(row["last_error"]).startswith(f"list.{key} took over 0.5 s on ")
    assert "backtracks" in str(row["last_error"])
    assert elapsed < 8
    assert home.run("refresh")[0] == 0  # the refresh lock was released


def test_a_good_pattern_still_works(home: Home, site: FeedSite) -> None:
    """Control: the same page with honest patterns is stored."""
    good = site.put("/good.xml", rss([rss_item(n) for n in range(3)]))
    page = site.put("/list.html", LIST_PAGE, "text/html; charset=utf-8")
    listing = ('{ item = "li", title = "a", title_regex = \'story (?P<v>\\d+)\', date = ".date", '
               "date_regex = '(?P<v>\\d{4}-\\d\\d-\\d\\d)', url_pattern = '/news/\\d+$' }")
    home.write_config([{"id": "good", "url": good},
                       {"id": "html", "kind": "html", "url": page, "list": listing}])
    home.refresh()
    stored = home.articles("--institution", "inst-html")
    assert sorted(a["title"] for a in stored) == ["1", "2", "3"]
    # Midnight in the institution's zone (Asia/Hong_Kong, UTC+8) is 16:00 UTC the day before.
    days = ("10-31", "11-01", "11-02")
    assert sorted(a["published"] for a in stored) == [f"2026-{d}T16:00:00+00:00" for d in days]
