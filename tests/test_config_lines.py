"""The line locator behind config error messages: headers, arrays, dotted and quoted keys."""

from __future__ import annotations

from uninews_tui.config_lines import LineIndex, split_key
from uninews_tui.config_validate import format_key, url_problem

TEXT = """\
schema_version = 1            # 1
[settings]                    # 2
timeout_s = 5                 # 3
[institutions.uni]            # 4
name = "U"                    # 5
notes = '''                   # 6
[[sources]]
not a header: inside a string
'''                           # 9
[[sources]]                   # 10
id = "a"                      # 11
list.item = "li"              # 12
headers = { "Accept-Language" = "en" }   # 13
[[sources]]                   # 14
id = "b"                      # 15
  list . "date" = "x"         # 16
[sources.detail]              # 17
body = "main"                 # 18
"""


def test_lines_of_keys() -> None:
    index = LineIndex(TEXT)
    assert index.line_of(("settings", "timeout_s")) == 3
    assert index.line_of(("institutions", "uni", "name")) == 5
    assert index.line_of(("sources", 0)) == 10
    assert index.line_of(("sources", 0, "list", "item")) == 12
    assert index.line_of(("sources", 1, "id")) == 15
    assert index.line_of(("sources", 1, "list", "date")) == 16


def test_multiline_strings_are_not_scanned() -> None:
    index = LineIndex(TEXT)
    assert index.line_of(("sources", 0)) == 10  # the "[[sources]]" on line 7 is string content
    assert index.line_of(("sources", 2, "id")) == 10  # only two elements: falls back to "sources"
    assert index.line_of(("institutions", "uni", "notes")) == 6


def test_fallback_to_nearest_ancestor() -> None:
    index = LineIndex(TEXT)
    assert index.line_of(("sources", 0, "headers", "Accept-Language")) == 13
    assert index.line_of(("sources", 0, "url")) == 10  # missing key: the table's header
    assert index.line_of(("sources", 1, "detail", "body")) == 18  # [sources.detail] = last element
    assert index.line_of(("nothing",)) is None


def test_split_and_format_keys() -> None:
    assert split_key('list . "Accept-Language"') == ("list", "Accept-Language")
    assert format_key(("sources", 2, "headers", "Bad Header")) == 'sources[2].headers."Bad Header"'
    assert format_key(("institutions", "polyu", "timezone")) == "institutions.polyu.timezone"


def test_url_problem_accepts_http_and_https() -> None:
    assert url_problem("https://a.example/x?y=1#z") is None
    assert url_problem("HTTP://A.EXAMPLE:8080/") is None
    assert url_problem("https://a.example:99999/") is not None
    assert url_problem("  |rm -rf ~") is not None and "command" in url_problem("  |rm -rf ~")  # type: ignore[operator]
    assert "spaces" in (url_problem("https://a.example/a b") or "")
    assert "javascript" in (url_problem("javascript:alert(1)") or "")
