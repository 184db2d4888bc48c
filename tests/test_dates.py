"""Dates as news pages write them: strptime formats, iso/rfc2822, the auto detector, URL dates."""

from __future__ import annotations

import locale
from datetime import UTC, datetime, timedelta, timezone

import pytest

from uninews_tui.parse.dates import date_from_url, parse_date
from uninews_tui.parse.strptime import compile_format, match_format

HKT = timezone(timedelta(hours=8))
JST = timezone(timedelta(hours=9))


def at(*parts: int, tz: timezone = HKT) -> datetime:
    return datetime(*parts, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24 February 2025", at(2025, 2, 24)),
        ("10 Sep, 2026", at(2026, 9, 10)),
        ("Sep 10, 2026", at(2026, 9, 10)),
        ("6 Aug 2026", at(2026, 8, 6)),
        ("1 Sept, 2026", at(2026, 9, 1)),
        ("February 24th, 2025", at(2025, 2, 24)),
        ("2025/02/24", at(2025, 2, 24)),
        ("2025-02-24", at(2025, 2, 24)),
        ("2025.02.24", at(2025, 2, 24)),
        ("2025年02月24日", at(2025, 2, 24)),
        ("2025年2月4日 10:30", at(2025, 2, 4, 10, 30)),
        ("[2025年02月24日]", at(2025, 2, 24)),
        ("2025年02月24日 08:15:30", at(2025, 2, 24, 8, 15, 30)),
        ("24 2025.02", at(2025, 2, 24)),
        ("242025.02", None),  # glued digits are ambiguous without a format
        ("2025.02 24", at(2025, 2, 24)),
        ("24/02/2025", at(2025, 2, 24)),
        ("02/24/2025", at(2025, 2, 24)),
        ("发布时间：2025-02-24", at(2025, 2, 24)),
        ("２０２５年０２月２４日", at(2025, 2, 24)),
        ("Posted February 24, 2025 at 3:30 pm", at(2025, 2, 24, 15, 30)),
        ("2025-02-24T10:30:00Z", at(2025, 2, 24, 10, 30, tz=UTC)),
        ("2025-02-24T10:30:00+09:00", at(2025, 2, 24, 10, 30, tz=JST)),
        ("2025-02-24 10:30", at(2025, 2, 24, 10, 30)),
        ("Mon, 24 Feb 2025 10:00:00 GMT", at(2025, 2, 24, 10, tz=UTC)),
        ("no date here", None),
        ("call 2025-1234-5678", None),
        ("2025-02-30", None),
        ("", None),
    ],
)
def test_auto_detects_the_common_forms(text: str, expected: datetime | None) -> None:
    assert parse_date(text, ["auto"], timezone="Asia/Hong_Kong") == expected


def test_the_first_date_in_the_text_wins() -> None:
    text = "Updated 2025-03-01; first published 24 February 2025"
    assert parse_date(text, timezone="UTC") == at(2025, 3, 1, tz=UTC)


def test_naive_dates_take_the_institution_time_zone() -> None:
    value = parse_date("2025-02-24", timezone="Asia/Tokyo")
    assert value is not None and value.utcoffset() == timedelta(hours=9)
    summer = parse_date("2025-07-01 12:00", timezone="Europe/London")
    assert summer is not None and summer.utcoffset() == timedelta(hours=1)


def test_unknown_time_zone_falls_back_to_utc() -> None:
    assert parse_date("2025-02-24", timezone="Mars/Olympus") == at(2025, 2, 24, tz=UTC)


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("10 Sep, 2026", "%d %b, %Y", at(2026, 9, 10)),
        ("10 September, 2026", "%d %B, %Y", at(2026, 9, 10)),
        ("24 2025.02", "%d %Y.%m", at(2025, 2, 24)),
        ("242025.02", "%d %Y.%m", at(2025, 2, 24)),
        ("  24\n   2025.02 ", "%d %Y.%m", at(2025, 2, 24)),
        ("2025年2月4日", "%Y年%m月%d日", at(2025, 2, 4)),
        ("2025年02月24日 10:30:05", "%Y年%m月%d日 %H:%M:%S", at(2025, 2, 24, 10, 30, 5)),
        ("发布时间：2025-02-24", "%Y-%m-%d", at(2025, 2, 24)),
        ("Jul 20, 2026, 09:15 PM", "%b %d, %Y, %I:%M %p", at(2026, 7, 20, 21, 15)),
        ("Tuesday 3 March 26", "%A %d %B %y", at(2026, 3, 3)),
        ("2025-02-24 10:30 +0000", "%Y-%m-%d %H:%M %z", at(2025, 2, 24, 10, 30, tz=UTC)),
        ("2025-02-24", "%d/%m/%Y", None),
        ("12025-02-24", "%Y-%m-%d", None),
    ],
)
def test_strptime_formats(text: str, fmt: str, expected: datetime | None) -> None:
    assert parse_date(text, [fmt], timezone="Asia/Hong_Kong") == expected


def test_formats_are_tried_in_order() -> None:
    # The first format fails, the second reads it; "auto" is never reached.
    assert parse_date("24.02.2025", ["%Y-%m-%d", "%d.%m.%Y", "auto"], timezone="UTC") == at(
        2025, 2, 24, tz=UTC
    )
    assert parse_date("2025-02-24", "%Y-%m-%d", timezone="UTC") == at(2025, 2, 24, tz=UTC)


def test_month_names_do_not_depend_on_the_locale() -> None:
    saved = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "zh_CN.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
                break
            except locale.Error:
                continue
        assert parse_date("10 Sep, 2026", ["%d %b, %Y"], timezone="UTC") == at(2026, 9, 10, tz=UTC)
        assert parse_date("24 February 2025", ["%d %B %Y"], timezone="UTC") == at(2025, 2, 24, tz=UTC)
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def test_iso_rfc2822_and_timestamp_formats() -> None:
    assert parse_date("2025-02-24T10:30:00.123+08:00", ["iso"]) == datetime(
        2025, 2, 24, 10, 30, 0, 123000, HKT
    )
    assert parse_date("2025-02-24", ["iso"], timezone="Asia/Hong_Kong") == at(2025, 2, 24)
    assert parse_date("24 February 2025", ["iso"]) is None
    assert parse_date("Mon, 24 Feb 2025 10:00:00 +0800", ["rfc2822"]) == at(2025, 2, 24, 10)
    assert parse_date("1740391200", ["timestamp"]) == at(2025, 2, 24, 10, tz=UTC)
    assert parse_date("1740391200000", ["timestamp"]) == at(2025, 2, 24, 10, tz=UTC)


def test_regex_picks_the_date_first() -> None:
    text = "6 Aug 2026CUHK unveils a smart ward opened 1 Jan 2020"
    regex = r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{4}"
    assert parse_date(text, ["%d %b %Y"], regex=regex, timezone="Asia/Hong_Kong") == at(2026, 8, 6)
    assert parse_date("Date: 24/02/2025", regex=r"Date: (?P<v>\S+)", timezone="UTC") == at(
        2025, 2, 24, tz=UTC
    )
    assert parse_date("no digits", regex=r"\d+") is None
    assert parse_date("2025-02-24", regex="(unclosed") is None


def test_unusable_formats_and_hostile_text_do_not_raise() -> None:
    assert compile_format("%Q") is None
    assert match_format("2025-02-24", "%Q-%m") is None
    assert parse_date("\x1b[31m2025-02-24\x1b[0m", timezone="UTC") == at(2025, 2, 24, tz=UTC)
    assert parse_date("9" * 5000) is None


def test_date_from_url() -> None:
    fudan = r"/(?P<Y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})/c\d+a\d+/page\.htm"
    url = "https://news.fudan.edu.cn/2026/0411/c40a148647/page.htm"
    assert date_from_url(url, fudan, timezone="Asia/Shanghai") == at(2026, 4, 11)
    polyu = r"/(?P<Y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})_"
    assert date_from_url("https://www.polyu.edu.hk/media/media-releases/2026/0910_x/", polyu) == at(
        2026, 9, 10, tz=UTC
    )
    assert date_from_url("https://example.edu/news/2025/13/x", r"/(?P<Y>\d{4})/(?P<m>\d{2})/") is None
    assert date_from_url("https://example.edu/news/2025/02/x", r"/(?P<Y>\d{4})/(?P<m>\d{2})/") == at(
        2025, 2, 1, tz=UTC
    )
    assert date_from_url("https://example.edu/about", fudan) is None
    assert date_from_url("https://example.edu/2025/", r"(?P<oops>") is None
